//! Text normalisation shared by queries and articles: case, diacritics, compatibility forms
//! and a few Cyrillic letters are folded, then the text is cut into word tokens. Queries and
//! articles must go through exactly this code, or a term could never meet its own spelling.
//! Every token remembers the byte range of the original text it came from, so matches can be
//! quoted as the article wrote them.

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
}

/// Folds one already-decomposed, lowercased char, or drops it (`None`).
///
/// NFKD has already split ё into е + diaeresis and ї into і + diaeresis (and й into и + breve,
/// which is harmless because queries are folded the same way), so the marks are simply dropped
/// here. What NFKD leaves alone is handled by hand: ґ is commonly typed as г, and the Latin
/// i/e lookalikes are not touched because mixing scripts would merge unrelated words.
fn fold_decomposed(c: char) -> Option<char> {
    if is_combining_mark(c) {
        return None;
    }
    Some(match c {
        'ґ' => 'г',
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

/// Folds `text` and cuts it into word tokens.
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens {
        folded: String::with_capacity(text.len()),
        tokens: Vec::new(),
    };
    // Start (in folded, in original) of the token being built, and the end of the last
    // original char that added to it.
    let mut open: Option<(usize, usize)> = None;
    let mut last_end = 0;
    for (i, c) in text.char_indices() {
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
            } else if let Some((ns, os)) = open.take() {
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let t = tokenize(text);
        (0..t.len()).map(|i| t.word(i).to_string()).collect()
    }

    fn origs(text: &str) -> Vec<&str> {
        tokenize(text)
            .tokens
            .iter()
            .map(|t| &text[t.orig.clone()])
            .collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(words("Café DÉJÀ vu"), ["cafe", "deja", "vu"]);
        assert_eq!(words("Zelenskyy Zelenskiy"), ["zelenskyy", "zelenskiy"]);
        assert_eq!(words("ﬁnal ＰＯＷ"), ["final", "pow"]);
    }

    #[test]
    fn folds_cyrillic_variants() {
        assert_eq!(words("Ещё ёлка"), ["еще", "елка"]);
        assert_eq!(words("Їжак ґанок"), ["іжак", "ганок"]);
        // Decomposed input (е + combining diaeresis) folds like the precomposed letter.
        assert_eq!(words("е\u{308}лка"), ["елка"]);
        assert_eq!(origs("е\u{308}лка!"), ["е\u{308}лка"]);
    }

    #[test]
    fn splits_on_hyphens_apostrophes_and_punctuation() {
        assert_eq!(words("cross-border"), ["cross", "border"]);
        assert_eq!(
            words("Russia’s P.O.W.s"),
            ["russia", "s", "p", "o", "w", "s"]
        );
        assert_eq!(words("п’ятниця Об'єднані"), ["п", "ятниця", "об", "єднані"]);
        // U+02BC is a letter to Unicode but the usual Ukrainian apostrophe to writers.
        assert_eq!(words("п\u{2BC}ять"), ["п", "ять"]);
        assert_eq!(words("1,000-for-1,000"), ["1", "000", "for", "1", "000"]);
    }

    #[test]
    fn tokens_point_back_at_the_original_text() {
        let text = "«Обмін» — ПОЛОНЕНИМИ, Kyiv’s";
        assert_eq!(origs(text), ["Обмін", "ПОЛОНЕНИМИ", "Kyiv", "s"]);
        assert_eq!(tokenize("").len(), 0);
        assert_eq!(tokenize(" \n\t—").len(), 0);
    }
}
