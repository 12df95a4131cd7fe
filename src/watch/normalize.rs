//! Cutting text into word tokens, for queries and articles alike: each char is folded (see
//! [`fold_char`]: compatibility forms, case, marks, typographic quotes and apostrophes, a few
//! Cyrillic letters) and the folded text is cut at every char that is no letter or digit.
//! Queries and articles must go through exactly this code, or a term could never meet its
//! own spelling. Every token remembers the byte range of the original text it came from, so
//! matches can be quoted as the article wrote them.

use std::ops::Range;

use super::stem::stem;
use crate::fold::fold_char;

/// Whether a folded char belongs to a word. Apostrophes and hyphens do not: "Russia's" is
/// the word "russia" followed by "s", and "cross-border" is "cross" followed by "border", and
/// the query side splits the same way, so both spellings meet.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Whether the original text between two tokens is a single hyphen: "cross-border", where
/// the two words may also be written as one ("crossborder").
pub fn is_hyphen_join(between: &str) -> bool {
    matches!(between, "-" | "\u{2010}" | "\u{2011}")
}

/// A token already cut but not yet handed on: while it is a dotted acronym ("P.O."), the
/// next letter may still join it.
struct Pending {
    norm: Range<usize>,
    orig: Range<usize>,
}

/// The token being cut: where it starts in `folded` and in the original, and the end of the
/// last original char that added to it. Finished tokens go to `emit` in text order; `folded`
/// holds only the token being cut and the pending one.
struct Cutter<'a, F: FnMut(&str, Range<usize>)> {
    text: &'a str,
    folded: String,
    emit: F,
    open: Option<(usize, usize)>,
    pending: Option<Pending>,
    last_end: usize,
    /// Letters of the dotted acronym ("P.O.W.") the pending token is, 0 if it is none. From 2
    /// letters on, the token's original range takes in the dot after its last letter.
    acronym: u8,
}

impl<F: FnMut(&str, Range<usize>)> Cutter<'_, F> {
    fn letter(&mut self, f: char, at: usize, end: usize) {
        if self.open.is_none() {
            self.open = Some((self.folded.len(), at));
        }
        self.folded.push(f);
        self.last_end = end;
    }

    /// A run of ASCII letters and digits starting at byte `at`: each folds to itself in
    /// lower case, so the run is folded at once.
    fn ascii_run(&mut self, run: &str, at: usize) {
        if self.open.is_none() {
            self.open = Some((self.folded.len(), at));
        }
        let from = self.folded.len();
        self.folded.push_str(run);
        self.folded[from..].make_ascii_lowercase();
        self.last_end = at + run.len();
    }

    /// Hands on the pending token, if any.
    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            (self.emit)(self.folded.get(p.norm).unwrap_or(""), p.orig);
        }
    }

    /// Hands on a finished token (after the pending one), or keeps it pending while it may
    /// grow into an acronym; the buffer is emptied once nothing in it is waiting.
    fn finish(&mut self, norm: Range<usize>, orig: Range<usize>, acronym: u8) {
        self.flush();
        self.acronym = acronym;
        if acronym > 0 {
            self.pending = Some(Pending { norm, orig });
            return;
        }
        (self.emit)(self.folded.get(norm).unwrap_or(""), orig);
        self.folded.clear();
    }

    /// Ends the open token at a char `by` that is no letter. One letter right after a dotted
    /// acronym joins it instead of standing alone: P.O.W.s becomes "pows", like POWs.
    fn close(&mut self, by: char) {
        let Some((ns, os)) = self.open.take() else {
            return;
        };
        let dotted = by == '.';
        if !dotted && self.acronym == 0 {
            // The common case: a word ended by a space or a comma.
            let norm = ns..self.folded.len();
            return self.finish(norm, os..self.last_end, 0);
        }
        let word = &self.folded[ns..];
        let one_letter = word.len() <= 4
            && word.chars().nth(1).is_none()
            && word.chars().all(char::is_alphabetic);
        if one_letter && self.acronym > 0 {
            let letters = self.acronym;
            let end = self.folded.len();
            if let Some(last) = self.pending.as_mut() {
                // From 2 letters on the acronym's range already takes in its dot.
                let after = last.orig.end + usize::from(letters == 1);
                if after == os {
                    // "P.O.W.s": the plural, not one more letter, and its dot ends a sentence.
                    let plural = letters >= 2 && self.text.get(os..self.last_end) == Some("s");
                    last.norm.end = end;
                    last.orig.end = self.last_end + usize::from(dotted && !plural);
                    if dotted && !plural {
                        self.acronym = letters.saturating_add(1);
                    } else {
                        self.acronym = 0;
                        self.flush();
                        self.folded.clear();
                    }
                    return;
                }
            }
        }
        let norm = ns..self.folded.len();
        self.finish(norm, os..self.last_end, u8::from(one_letter && dotted));
    }

    /// A folded char that is not a letter; `next` is the original char after it.
    fn separator(&mut self, f: char, next: Option<char>) {
        let inside_cyrillic = f == '\''
            && self.open.is_some()
            && self.folded.chars().next_back().is_some_and(is_cyrillic)
            && next.is_some_and(is_cyrillic);
        // Inside a Cyrillic word the apostrophe is part of the spelling.
        if !inside_cyrillic {
            self.close(f);
        }
    }
}

/// Folds `text` and cuts it into word tokens, handing each to `emit` in order with its folded
/// form and its byte range in `text`.
///
/// Two spellings are repaired on the way: an apostrophe inside a Cyrillic word is dropped
/// (Ukrainian writes п'ять, п’ять and пʼять alike), and dotted acronyms become one word
/// (P.O.W.s is "pows", like POWs).
pub fn cut(text: &str, emit: impl FnMut(&str, Range<usize>)) {
    let mut cut = Cutter {
        text,
        folded: String::with_capacity(64),
        emit,
        open: None,
        pending: None,
        last_end: 0,
        acronym: 0,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        // ASCII, most of any news text, is folded here without decoding.
        if b.is_ascii_alphanumeric() {
            let len = bytes[at..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            cut.ascii_run(&text[at..at + len], at);
            at += len;
            continue;
        }
        // Any other ASCII char but the apostrophes (see `separator`) ends a word.
        if b.is_ascii() && b != b'\'' && b != b'`' {
            cut.close(char::from(b));
            at += 1;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else {
            break;
        };
        let end = at + c.len_utf8();
        let next = text.get(end..).and_then(|r| r.chars().next());
        let mut produced = false;
        fold_char(c, |f| {
            produced = true;
            if is_word_char(f) {
                cut.letter(f, at, end);
            } else {
                cut.separator(f, next);
            }
        });
        // A lone combining mark folds to nothing; it still belongs to the word it decorates.
        if !produced && cut.open.is_some() {
            cut.last_end = end;
        }
        at = end;
    }
    cut.close(' ');
    cut.flush();
}

/// One word of a text as the matcher reads it (see [`tokens`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word folded: compatibility forms, case, accents and a few Cyrillic letters.
    pub word: String,
    /// The key it is matched by: `word` with its inflectional ending removed by the English
    /// or the Russian and Ukrainian stemmer (chosen by its script), or `word` itself.
    pub stem: String,
    /// Where the word is in the text, in bytes (on char boundaries).
    pub range: Range<usize>,
}

/// The words of `text` exactly as the matcher reads them: cut, folded and stemmed by the same
/// code, for queries and articles alike, so a reader of these tokens (a learned classifier,
/// say) sees what a watchlist sees. Apostrophes and hyphens separate words ("Russia's" is
/// `russia`, `s`); inside a Cyrillic word an apostrophe is dropped (п'ять is `пять`); a dotted
/// acronym is one word (P.O.W.s is `pows`). The matcher also reads two words joined by a
/// single hyphen as their compound ("cross-border" as `crossborder` too); that reading is
/// not listed here.
///
/// ```
/// let t = newshound::watch::tokens("Kyiv’s P.O.W.s were swapped");
/// let words: Vec<&str> = t.iter().map(|t| t.word.as_str()).collect();
/// assert_eq!(words, ["kyiv", "s", "pows", "were", "swapped"]);
/// assert_eq!(t[4].stem, "swap");
/// assert_eq!(&"Kyiv’s P.O.W.s were swapped"[t[2].range.clone()], "P.O.W.s");
/// ```
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    cut(text, |word, range| {
        out.push(Token {
            word: word.to_string(),
            stem: stem(word).into_owned(),
            range,
        })
    });
    out
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
