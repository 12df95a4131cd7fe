//! Text normalisation shared by queries and articles: Unicode compatibility forms (NFKC/NFKD),
//! case, diacritics, typographic quotes and apostrophes and a few Cyrillic letters are
//! folded, then the text is cut into word tokens. Queries and articles must go through exactly
//! this code, or a term could never meet its own spelling. Every token remembers the byte
//! range of the original text it came from, so matches can be quoted as the article wrote them.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

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

    fn push(&mut self, folded: &str, orig: Range<usize>) {
        let start = self.folded.len();
        self.folded.push_str(folded);
        self.tokens.push(Token {
            norm: start..self.folded.len(),
            orig,
        });
    }
}

/// Folds one already-decomposed, lowercased char, or drops it (`None`).
///
/// NFKD has already split ё into е + diaeresis and ї into і + diaeresis, so the marks are
/// simply dropped here. What NFKD leaves alone is handled by hand: ґ is commonly typed as г,
/// and the Latin i/e lookalikes are not touched because mixing scripts would merge unrelated
/// words.
fn fold_decomposed(c: char) -> Option<char> {
    if is_combining_mark(c) {
        return None;
    }
    Some(match c {
        'ґ' => 'г',
        // Final sigma is a spelling of σ, not a letter of its own.
        'ς' => 'σ',
        // Typographic apostrophes and quotes become their ASCII forms; both are separators.
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '\u{0060}'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        other => other,
    })
}

/// Calls `out` with every folded char of `c`, in order.
pub fn fold_char(c: char, mut out: impl FnMut(char)) {
    // Most news text is ASCII, which needs no decomposition; skipping it halves the cost.
    if c.is_ascii() {
        out(if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        });
        return;
    }
    match c {
        // й is a letter of its own in Ukrainian and Russian, not и with a mark: keep it, so
        // the stemmer sees the endings -ий, -ой, -ей as written.
        'й' | 'Й' => return out('й'),
        // Full case folding: ß is "ss" in capitals and in search.
        'ß' | 'ẞ' => {
            out('s');
            return out('s');
        }
        _ => {}
    }
    decompose_compatible(c, |d| {
        for l in d.to_lowercase() {
            // Lowercasing can itself produce a decomposable form (e.g. İ -> i + dot above).
            decompose_compatible(l, |m| {
                if let Some(f) = fold_decomposed(m) {
                    out(f);
                }
            });
        }
    });
}

/// Folds a whole string (case, marks, compatibility forms) without tokenising it.
pub fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| s.push(f));
    }
    s
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

/// Folds `text` and cuts it into word tokens.
///
/// Two spellings are repaired on the way: an apostrophe inside a Cyrillic word is dropped
/// (Ukrainian writes п'ять, п’ять and пʼять alike), and dotted acronyms become one word
/// (P.O.W.s is "pows", like POWs).
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens {
        folded: String::with_capacity(text.len()),
        tokens: Vec::new(),
    };
    // Start (in folded, in original) of the token being built, and the end of the last
    // original char that added to it.
    let mut open: Option<(usize, usize)> = None;
    let mut last_end = 0;
    let mut dotted = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let mut produced = false;
        fold_char(c, |f| {
            produced = true;
            if is_word_char(f) {
                if open.is_none() {
                    open = Some((out.folded.len(), i));
                }
                out.folded.push(f);
                last_end = end;
            } else if f == '\''
                && open.is_some()
                && out.folded.chars().next_back().is_some_and(is_cyrillic)
                && chars.peek().is_some_and(|&(_, n)| is_cyrillic(n))
            {
                // Inside a Cyrillic word: the apostrophe is part of the spelling.
            } else if let Some((ns, os)) = open.take() {
                dotted |= f == '.' && out.folded.len() - ns <= 4;
                out.tokens.push(Token {
                    norm: ns..out.folded.len(),
                    orig: os..last_end,
                });
            }
        });
        // A lone combining mark folds to nothing; it still belongs to the word it decorates.
        if !produced && open.is_some() {
            last_end = end;
        }
    }
    if let Some((ns, os)) = open {
        out.tokens.push(Token {
            norm: ns..out.folded.len(),
            orig: os..last_end,
        });
    }
    if dotted {
        merge_acronyms(text, out)
    } else {
        out
    }
}

/// Whether token `i` is one letter directly followed by a dot in the original.
fn dotted_letter(text: &str, toks: &Tokens, i: usize) -> bool {
    let Some(t) = toks.tokens.get(i) else {
        return false;
    };
    toks.word(i).chars().count() == 1
        && toks.word(i).chars().all(char::is_alphabetic)
        && text.get(t.orig.end..).is_some_and(|r| r.starts_with('.'))
}

/// Joins runs of dotted single letters ("P.O.W.", "U.S.") into one token, with a plural
/// "s" written after the last dot ("P.O.W.s").
fn merge_acronyms(text: &str, toks: Tokens) -> Tokens {
    let mut out = Tokens {
        folded: String::with_capacity(toks.folded.len()),
        tokens: Vec::with_capacity(toks.len()),
    };
    let mut i = 0;
    while i < toks.len() {
        let mut j = i;
        // Extend while the next letter starts right after this letter's dot.
        while dotted_letter(text, &toks, j)
            && toks
                .tokens
                .get(j + 1)
                .is_some_and(|n| n.orig.start == toks.tokens[j].orig.end + 1)
            && toks.word(j + 1).chars().count() == 1
        {
            j += 1;
        }
        if j == i {
            let t = &toks.tokens[i];
            out.push(toks.word(i), t.orig.clone());
            i += 1;
            continue;
        }
        // Letters i..=j form the acronym; the last one may or may not carry its own dot.
        let mut word: String = (i..=j).map(|k| toks.word(k)).collect();
        let mut end = toks.tokens[j].orig.end;
        // The dot after a final plural "s" (P.O.W.s.) ends the sentence, not the acronym.
        let plural_s = &text[toks.tokens[j].orig.clone()] == "s";
        if dotted_letter(text, &toks, j) && !plural_s {
            end += 1;
            let plural = toks.tokens.get(j + 1).filter(|n| {
                n.orig.start == end && toks.word(j + 1) == "s" && &text[n.orig.clone()] == "s"
            });
            if let Some(s) = plural {
                word.push('s');
                end = s.orig.end;
                j += 1;
            }
        }
        out.push(&word, toks.tokens[i].orig.start..end);
        i = j + 1;
    }
    out
}

#[cfg(test)]
#[path = "normalize_tests.rs"]
mod tests;
