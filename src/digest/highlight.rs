//! Setting a match's words in bold in its snippet. The watch stage marks them as it writes the
//! snippet (byte ranges of it, stored with the match); the digest shows the snippet cleaned
//! and cut (see `snippet`), so the marks are carried over to what is shown, char by char.
//! A match stored before marks were (its marks are empty) has its terms found again instead,
//! both sides folded as the watch stage folds them ([`crate::fold`]). Works on the shown text
//! and returns pieces of it, so the caller escapes every piece and no term can smuggle in
//! markup.

use crate::fold::fold_char;

/// Highlighting tries every term at every word start; bound both.
const MAX_TERMS: usize = 32;
const MAX_TERM_CHARS: usize = 100;

/// Splits `shown` (the snippet `raw` cleaned and cut) into (piece, is_term) runs: the words
/// `marks` (byte ranges of `raw`) cover, or without marks the whole-word occurrences of
/// `terms`. The pieces joined give `shown` back.
pub(super) fn highlight<'a>(
    shown: &'a str,
    raw: &str,
    marks: &[[usize; 2]],
    terms: &[String],
) -> Vec<(&'a str, bool)> {
    let ranges = if marks.is_empty() {
        None
    } else {
        carried(shown, raw, marks)
    };
    let ranges = ranges.unwrap_or_else(|| found(shown, terms));
    let mut runs = Vec::with_capacity(2 * ranges.len() + 1);
    let mut at = 0;
    for [a, b] in ranges {
        if at < a {
            runs.push((&shown[at..a], false));
        }
        runs.push((&shown[a..b], true));
        at = b;
    }
    if at < shown.len() {
        runs.push((&shown[at..], false));
    }
    runs
}

/// `marks` of `raw` as byte ranges of `shown`, or `None` when `shown` is not `raw` cleaned
/// and cut or a mark is off `raw`'s chars. Cleaning drops whitespace, control and direction
/// chars and puts single spaces between what is left; cutting ends it early with " …". So the
/// other chars of `raw`, in order, are the chars of `shown` other than spaces, up to the cut.
fn carried(shown: &str, raw: &str, marks: &[[usize; 2]]) -> Option<Vec<[usize; 2]>> {
    let ordered = marks.windows(2).all(|w| w[0][1] <= w[1][0]);
    let on_chars = marks.iter().all(|&[a, b]| {
        a < b && b <= raw.len() && raw.is_char_boundary(a) && raw.is_char_boundary(b)
    });
    if !ordered || !on_chars {
        return None;
    }
    // Each kept char of `raw`: its byte in `raw` and its bytes in `shown`.
    let mut kept: Vec<(usize, usize, usize)> = Vec::with_capacity(raw.len());
    let mut left = shown.char_indices().filter(|&(_, c)| c != ' ').peekable();
    for (i, c) in raw.char_indices() {
        if c.is_whitespace() || c.is_control() || super::is_direction_mark(c) {
            continue;
        }
        match left.peek() {
            Some(&(j, s)) if s == c => {
                kept.push((i, j, j + c.len_utf8()));
                left.next();
            }
            // The ellipsis of the cut, or nothing: the rest of `raw` is not shown.
            Some(&(j, '…')) if shown.get(j..) == Some("…") => break,
            None => break,
            Some(_) => return None,
        }
    }
    let ranges = marks.iter().filter_map(|&[a, b]| {
        let from = kept.partition_point(|k| k.0 < a);
        let to = kept.partition_point(|k| k.0 < b);
        (from < to).then(|| [kept[from].1, kept[to - 1].2])
    });
    Some(ranges.collect())
}

fn folded(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in super::clean(s).chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The byte ranges of `text` holding whole-word occurrences of any of `terms` (folded as the
/// module says), the longest term first where two start at the same place.
pub(super) fn found(text: &str, terms: &[String]) -> Vec<[usize; 2]> {
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
        fold_char(c, |f| flat.push((f, i)));
    }
    starts.push(flat.len());

    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = wanted
            .iter()
            .find_map(|term| match_at(&chars, &flat, &starts, i, term));
        match found {
            Some(end) => {
                out.push([byte_at(i), byte_at(end)]);
                i = end;
            }
            None => i += 1,
        }
    }
    out
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
#[path = "highlight_tests.rs"]
mod tests;
