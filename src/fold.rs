//! Folding one spelling onto another, char by char, for the whole crate: Unicode
//! compatibility forms (NFKD), case, combining marks, typographic quotes and apostrophes, and
//! a few Cyrillic letters. The watch stage folds every char of queries and articles with it,
//! so a term always meets its own spelling; the digest folds with it to find a term in a
//! passage; story grouping, which reads capitals and so keeps case, reads apostrophes and
//! quotes through [`punctuation`]. One table each, so the stages cannot drift apart.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

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
        other => punctuation(other),
    })
}

/// Typographic apostrophes and quotes as their ASCII forms (' and "); any other char as it is.
pub fn punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{02B9}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        other => other,
    }
}

/// Calls `out` with every folded char of `c`, in order.
pub fn fold_char(c: char, mut out: impl FnMut(char)) {
    // Most news text is ASCII, which needs no decomposition; skipping it halves the cost.
    if c.is_ascii() {
        return out(punctuation(c.to_ascii_lowercase()));
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
        // The basic Russian alphabet, most of Ukrainian and Russian text: none of it
        // decomposes (й, the one letter that would, is kept above), so only case is folded.
        'А'..='Я' => return out(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        'а'..='я' => return out(c),
        // Dashes and typographic quotes, common in news text, do not decompose either.
        '\u{2013}' | '\u{2014}' | '\u{2018}'..='\u{201F}' => return out(punctuation(c)),
        _ => {}
    }
    decomposed(c, out)
}

/// [`fold_char`] the long way, through NFKD, for any char.
fn decomposed(c: char, mut out: impl FnMut(char)) {
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
    fold_into(text, &mut s);
    s
}

/// Appends the folded form of `text` to `out` (see [`fold`]).
pub fn fold_into(text: &str, out: &mut String) {
    // ASCII text, most of what is folded, in one copy and one pass (as `fold_char` does it).
    if text.is_ascii() {
        let from = out.len();
        out.push_str(text);
        if let Some(tail) = out.get_mut(from..) {
            tail.make_ascii_lowercase();
        }
        if text.contains('`') {
            let fixed = out[from..].replace('`', "'");
            out.truncate(from);
            out.push_str(&fixed);
        }
        return;
    }
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcuts_fold_as_nfkd_does() {
        let cyrillic = ('\u{0400}'..='\u{04FF}').filter(|c| !matches!(c, 'й' | 'Й'));
        for c in cyrillic.chain('\u{2000}'..='\u{206F}') {
            let (mut fast, mut slow) = (String::new(), String::new());
            fold_char(c, |f| fast.push(f));
            decomposed(c, |f| slow.push(f));
            assert_eq!(fast, slow, "{c:?}");
        }
    }

    #[test]
    fn apostrophes_and_quotes_of_every_shape_are_one() {
        for c in [
            '\u{2018}', '\u{2019}', '\u{201B}', '\u{02BC}', '\u{02B9}', '`', '\'',
        ] {
            assert_eq!(punctuation(c), '\'', "{c:?}");
            assert_eq!(fold(&c.to_string()), "'", "{c:?}");
        }
        assert_eq!(fold("«Київ» “Kyiv”"), "\"киів\" \"kyiv\"");
        assert_eq!(punctuation('é'), 'é');
    }

    #[test]
    fn letters_fold_to_their_plain_lower_case() {
        assert_eq!(
            fold("Café ĲSSEL Straße ﬁ ＰＯＷ"),
            "cafe ijssel strasse fi pow"
        );
        assert_eq!(fold("Ґанок ЁЛКА Йод ΣΟΦΟΣ"), "ганок елка йод σοφοσ");
        assert_eq!(fold("e\u{301}"), "e");
    }

    proptest::proptest! {
        /// The one-pass fold of ASCII text is the fold of each of its chars.
        #[test]
        fn ascii_text_folds_as_its_chars(text in "[ -~]{0,40}") {
            let mut by_char = String::new();
            for c in text.chars() {
                fold_char(c, |f| by_char.push(f));
            }
            proptest::prop_assert_eq!(fold(&text), by_char);
        }
    }
}
