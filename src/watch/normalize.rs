//! Text normalisation shared by queries and articles: Unicode compatibility forms (NFKC/NFKD),
//! case, diacritics, typographic quotes and apostrophes and a few Cyrillic letters are
//! folded, then the text is cut into word tokens. Queries and articles must go through exactly
//! this code, or a term could never meet its own spelling. Every token remembers the byte
//! range of the original text it came from, so matches can be quoted as the article wrote them.

use std::ops::Range;

use super::swar::{HIGHS, ONES, first, load, within};

pub use super::fold::{fold, fold_char, fold_into};

/// One word of a text: its folded form and where it sits in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the folded form in [`Tokens::folded`].
    pub norm: Range<usize>,
    /// Byte range of the word in the original text (always on char boundaries).
    pub orig: Range<usize>,
}

/// The tokens of one text, with their folded forms stored in one buffer.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    folded: String,
    pub tokens: Vec<Token>,
}

impl Tokens {
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The folded form of token `i`.
    pub fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.folded.get(t.norm.clone()))
            .unwrap_or("")
    }
}

/// Whether a folded char belongs to a word. Apostrophes and hyphens do not: "Russia's" is
/// the word "russia" followed by "s", and "cross-border" is "cross" followed by "border", and
/// the query side splits the same way, so both spellings meet.
pub fn is_word_char(c: char) -> bool {
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

/// ASCII letters and digits, by byte: one load per byte in the tokenizer's hot loop.
const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// The end of the run of ASCII letters and digits starting at `from`, and whether it holds a
/// capital. Eight bytes are classified at once, so a word of up to eight bytes costs no
/// branch per byte, and the one mispredicted branch per word (where it ends) goes too.
fn ascii_word_end(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut at = from;
    let mut caps = false;
    while let Some(x) = load(bytes, at) {
        let ascii = !x & HIGHS;
        let y = x & !HIGHS;
        let letter = within(y | (ONES * 0x20), b'a', b'z');
        let word = (within(y, b'0', b'9') | letter) & ascii;
        // Bit 5 clear in a letter: a capital, its flag moved up to the high bit.
        let upper = letter & ascii & !(y << 2);
        let stop = !word & HIGHS;
        let Some(end) = first(stop) else {
            caps |= upper != 0;
            at += 8;
            continue;
        };
        // Little-endian: the lowest set bit is the first byte that ends the word.
        let below = stop & stop.wrapping_neg();
        caps |= upper & (below - 1) != 0;
        return (at + end, caps);
    }
    while let Some(&c) = bytes.get(at).filter(|&&c| ASCII_WORD[usize::from(c)]) {
        caps |= c.is_ascii_uppercase();
        at += 1;
    }
    (at, caps)
}

/// A token already cut but not yet handed on: while it is a dotted acronym ("P.O."), the
/// next letter may still join it.
struct Pending {
    norm: Range<usize>,
    orig: Range<usize>,
}

/// The token being cut: start in the folded buffer and in the original, and the end of the
/// last original char that added to it. Finished tokens go to `emit` in text order with their
/// folded form and original range; `folded` holds only the token being cut and the pending
/// one, so cutting a long text needs no memory in proportion to it.
struct Cutter<'a, F: FnMut(&str, Range<usize>)> {
    text: &'a str,
    folded: String,
    emit: F,
    open: Option<(usize, usize)>,
    /// The open token is one run of lowercase ASCII, left in the text rather than copied to
    /// `folded`: its own folded form, as most words of news text are.
    plain: bool,
    pending: Option<Pending>,
    last_end: usize,
    /// Letters of the dotted acronym ("P.O.W.") the pending token is, 0 if it is none. From 2
    /// letters on, the token's original range takes in the dot after its last letter.
    acronym: u8,
}

impl<F: FnMut(&str, Range<usize>)> Cutter<'_, F> {
    /// Copies a plain open token into `folded`, before anything is added to it.
    fn materialize(&mut self) {
        if self.plain {
            self.plain = false;
            if let Some((_, os)) = self.open {
                self.folded
                    .push_str(self.text.get(os..self.last_end).unwrap_or(""));
            }
        }
    }

    fn letter(&mut self, f: char, at: usize, end: usize) {
        self.materialize();
        if self.open.is_none() {
            self.open = Some((self.folded.len(), at));
        }
        self.folded.push(f);
        self.last_end = end;
    }

    /// ASCII letters and digits `run`, starting at byte `at` of the original; `caps` when it
    /// holds a capital.
    fn ascii_run(&mut self, run: &str, at: usize, caps: bool) {
        if self.open.is_none() && !caps {
            self.open = Some((self.folded.len(), at));
            self.plain = true;
            self.last_end = at + run.len();
            return;
        }
        self.materialize();
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
        let Some((ns, os)) = self.open else {
            return;
        };
        let dotted = by == '.';
        if self.plain && !dotted && self.acronym == 0 {
            // The commonest case of all: a lowercase word, handed on from the text itself.
            self.plain = false;
            self.open = None;
            let orig = os..self.last_end;
            return (self.emit)(self.text.get(orig.clone()).unwrap_or(""), orig);
        }
        self.materialize();
        self.open = None;
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
            && !self.plain
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
pub fn tokens(text: &str, emit: impl FnMut(&str, Range<usize>)) {
    cut_tokens::<true>(text, emit);
}

/// [`tokens`]; `SHORTCUT` takes a whole ASCII word ended by ASCII punctuation or a space,
/// the commonest token of all, past the cutter's state machine (tests compare both ways).
fn cut_tokens<const SHORTCUT: bool>(text: &str, emit: impl FnMut(&str, Range<usize>)) {
    // The lowercased form of a shortcut word with capitals.
    let mut lower = String::new();
    let mut cut = Cutter {
        text,
        folded: String::with_capacity(64),
        emit,
        open: None,
        plain: false,
        pending: None,
        last_end: 0,
        acronym: 0,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII, most of any news text, is folded here without decoding.
        if ASCII_WORD[usize::from(b)] {
            // A whole run of ASCII letters and digits at once.
            // Capitals are noted on the way, not looked for again.
            let (run, caps) = ascii_word_end(bytes, i);
            // Nothing open or waiting, and an ASCII char after that cannot join the word:
            // a dot only may, after a single letter ("P.O.W.").
            let whole = SHORTCUT
                && cut.open.is_none()
                && cut.pending.is_none()
                && bytes
                    .get(run)
                    .is_none_or(|&c| c.is_ascii() && (c != b'.' || run - i > 1));
            if whole {
                let word = &text[i..run];
                if caps {
                    lower.clear();
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                    (cut.emit)(&lower, i..run);
                } else {
                    (cut.emit)(word, i..run);
                }
                cut.acronym = 0;
            } else {
                cut.ascii_run(&text[i..run], i, caps);
            }
            i = run;
            continue;
        }
        if b.is_ascii() && b != b'\'' && b != b'`' {
            // Nothing to close after a word handed on whole, the usual case.
            if cut.open.is_some() {
                cut.close(char::from(b));
            }
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        let end = i + c.len_utf8();
        let next = text.get(end..).and_then(|r| r.chars().next());
        let mut produced = false;
        fold_char(c, |f| {
            produced = true;
            if is_word_char(f) {
                cut.letter(f, i, end);
            } else {
                cut.separator(f, next);
            }
        });
        // A lone combining mark folds to nothing; it still belongs to the word it decorates.
        if !produced && cut.open.is_some() {
            cut.materialize();
            cut.last_end = end;
        }
        i = end;
    }
    cut.close(' ');
    cut.flush();
}

/// All the tokens of `text` at once (see [`tokens`]).
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens::default();
    tokens(text, |word, orig| {
        let start = out.folded.len();
        out.folded.push_str(word);
        out.tokens.push(Token {
            norm: start..out.folded.len(),
            orig,
        });
    });
    out
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
