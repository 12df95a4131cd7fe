//! Folding one spelling onto another, char by char: Unicode compatibility forms (NFKD), case,
//! combining marks, typographic quotes and apostrophes, and a few Cyrillic letters. The
//! tokenizer folds every char it reads with this code, and queries go through the same, so
//! a term always meets its own spelling.

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
