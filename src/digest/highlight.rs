//! Finding a match's words in its snippet, to set them in bold. The watch stage reports each
//! term as the article wrote it, but its snippet may spell it with other case, accents or
//! apostrophes ("Київ" vs "київ", "Russia’s" vs "Russia's"), so both sides are folded the
//! same way here: compatibility decomposition, lower case, combining marks dropped. Works on
//! the raw text and returns pieces of it, so the caller escapes every piece and no term can
//! smuggle in markup.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Highlighting tries every term at every word start; bound both.
const MAX_TERMS: usize = 32;
const MAX_TERM_CHARS: usize = 100;

/// Calls `out` with the folded form of `c`: nothing for a lone combining mark, several chars
/// for a ligature ("ﬁ" -> "fi").
fn fold(c: char, out: &mut impl FnMut(char)) {
    let mut push = |d: char| {
        for l in d.to_lowercase() {
            if is_combining_mark(l) {
                continue;
            }
            out(match l {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
                other => other,
            });
        }
    };
    if c.is_ascii() {
        push(c);
    } else {
        // Lower-casing may itself leave a decomposable char (İ -> i + dot above).
        decompose_compatible(c, |d| {
            for l in d.to_lowercase() {
                decompose_compatible(l, &mut push);
            }
        });
    }
}

fn folded(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in super::clean(s).chars() {
        fold(c, &mut |f| out.push(f));
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` into (piece, is_term) runs, marking whole-word occurrences of any of
/// `terms` (folded as the module says), the longest term first where two start at the same
/// place. The pieces joined give `text` back.
pub(super) fn highlight<'a>(text: &'a str, terms: &[String]) -> Vec<(&'a str, bool)> {
    let mut wanted: Vec<Vec<char>> = terms
        .iter()
        .take(MAX_TERMS)
        .map(|t| folded(t))
        .filter(|t| !t.is_empty() && t.len() <= MAX_TERM_CHARS)
        .collect();
    wanted.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    wanted.dedup();

    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // The folded text, each folded char with the index of the original char it came from.
    let mut flat: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    // Where each original char's folded chars start in `flat`.
    let mut starts: Vec<usize> = Vec::with_capacity(chars.len() + 1);
    for (i, &(_, c)) in chars.iter().enumerate() {
        starts.push(flat.len());
        fold(c, &mut |f| flat.push((f, i)));
    }
    starts.push(flat.len());

    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut runs = Vec::new();
    let (mut plain_from, mut i) = (0, 0);
    while i < chars.len() {
        let found = wanted
            .iter()
            .find_map(|term| match_at(&chars, &flat, &starts, i, term));
        match found {
            Some(end) => {
                if plain_from < i {
                    runs.push((&text[byte_at(plain_from)..byte_at(i)], false));
                }
                runs.push((&text[byte_at(i)..byte_at(end)], true));
                plain_from = end;
                i = end;
            }
            None => i += 1,
        }
    }
    if plain_from < chars.len() {
        runs.push((&text[byte_at(plain_from)..], false));
    }
    runs
}

/// Where a whole-word occurrence of folded `term` starting at original char `i` ends
/// (exclusive, in original chars), if there is one.
fn match_at(
    chars: &[(usize, char)],
    flat: &[(char, usize)],
    starts: &[usize],
    i: usize,
    term: &[char],
) -> Option<usize> {
    let from = starts[i];
    if from == starts[i + 1] {
        return None; // a char that folds to nothing starts no word
    }
    let at_word_start = i == 0 || !is_word(chars[i - 1].1);
    if is_word(term[0]) && !at_word_start {
        return None;
    }
    let window = flat.get(from..from + term.len())?;
    if window.iter().map(|(c, _)| *c).ne(term.iter().copied()) {
        return None;
    }
    // The match must cover whole original chars ("ﬁ" is not half-matched by "f").
    let last = window[window.len() - 1].1;
    if starts[last + 1] != from + term.len() {
        return None;
    }
    // Keep combining marks that belong to the last letter with it.
    let mut end = last + 1;
    while end < chars.len() && starts[end] == starts[end + 1] {
        end += 1;
    }
    let at_word_end = end == chars.len() || !is_word(chars[end].1);
    (at_word_end || !is_word(term[term.len() - 1])).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold<'a>(text: &'a str, terms: &[&str]) -> Vec<&'a str> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let runs = highlight(text, &terms);
        let joined: String = runs.iter().map(|(s, _)| *s).collect();
        assert_eq!(joined, text, "the pieces give the text back");
        runs.iter().filter(|(_, b)| *b).map(|(s, _)| *s).collect()
    }

    #[test]
    fn whole_words_ignoring_case_longest_first() {
        assert_eq!(
            bold(
                "POWs: a pow exchange, Pow. İSTANBUL powder",
                &["pow", "POW exchange", "İstanbul"]
            ),
            ["pow exchange", "Pow", "İSTANBUL"]
        );
        assert!(bold("", &["x"]).is_empty());
        assert!(bold("x", &[""]).is_empty());
    }

    #[test]
    fn accents_apostrophes_and_ligatures_fold() {
        assert_eq!(
            bold(
                "Russia’s Київ, Zürich, ﬁnal",
                &["russia's", "київ", "zurich", "final"]
            ),
            ["Russia’s", "Київ", "Zürich", "ﬁnal"]
        );
        // A decomposed accent stays with its letter; half a ligature is no match.
        assert_eq!(bold("cafe\u{301} bar", &["café"]), ["cafe\u{301}"]);
        assert!(bold("ﬁ", &["f"]).is_empty());
    }

    #[test]
    fn terms_with_markup_are_only_text() {
        assert_eq!(bold("a <b> c", &["<b>"]), ["<b>"]);
        assert_eq!(bold("x\u{301}\u{301}", &["\u{301}"]), Vec::<&str>::new());
    }
}
