//! The passage quoted with a match: a few hundred characters of the original text around the
//! first hit, cut at whitespace, with "…" where text was left out and runs of whitespace
//! (paragraph breaks included) collapsed to one space so it reads as one line in a digest.
//! Works on char boundaries only, so no input can make it panic.

use std::ops::Range;

/// Characters of context kept before the hit.
const BEFORE: usize = 80;
/// Characters the passage aims at in total (before whitespace is collapsed).
const TOTAL: usize = 240;
/// Characters never exceeded, however long the hit itself is.
const MAX: usize = 300;

const ELLIPSIS: &str = "…";

/// Byte index `n` chars after `from` (or the end of `text`).
fn forward(text: &str, from: usize, n: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.char_indices().nth(n).map(|(i, _)| from + i))
        .unwrap_or(text.len())
}

/// Byte index `n` chars before `to` (or 0).
fn backward(text: &str, to: usize, n: usize) -> usize {
    text.get(..to)
        .and_then(|head| head.char_indices().rev().take(n).last().map(|(i, _)| i))
        .unwrap_or(to)
}

/// A passage of `text` around the byte range `hit`. A range off the text or off char
/// boundaries is treated as a hit at the start.
pub fn snippet(text: &str, hit: Range<usize>) -> String {
    let valid = hit.start <= hit.end
        && hit.end <= text.len()
        && text.is_char_boundary(hit.start)
        && text.is_char_boundary(hit.end);
    let hit = if valid { hit } else { 0..0 };

    let mut start = backward(text, hit.start, BEFORE);
    if start > 0 {
        // Begin after the first whitespace so the passage does not open mid-word; with none
        // before the hit, begin at the hit itself.
        start = text[start..hit.start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(hit.start, |(i, c)| start + i + c.len_utf8());
    }
    // A hit longer than the whole passage (one endless "word") is cut too.
    let limit = forward(text, start, MAX);
    let mut end = forward(text, start, TOTAL).max(hit.end).min(limit);
    if end < text.len() {
        // End before the last whitespace after the hit; with none, cut hard at a char.
        let keep = hit.end.min(end);
        if let Some((i, _)) = text[keep..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
        {
            end = keep + i;
        }
    }

    let mut out = String::with_capacity(end - start + 8);
    if !text[..start].trim().is_empty() {
        out.push_str(ELLIPSIS);
    }
    let mut words = text[start..end].split_whitespace();
    if let Some(first) = words.next() {
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    if !text[end..].trim().is_empty() {
        out.push_str(ELLIPSIS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(text: &str, word: &str) -> String {
        let at = text.find(word).expect("word in text");
        snippet(text, at..at + word.len())
    }

    #[test]
    fn short_text_is_quoted_whole_without_ellipsis() {
        assert_eq!(
            around("  Ukraine and\n\nRussia swap POWs. ", "swap"),
            "Ukraine and Russia swap POWs."
        );
    }

    #[test]
    fn long_text_is_cut_at_words_around_the_hit() {
        let text = format!(
            "{} the exchange happened {}",
            "alpha ".repeat(100),
            "omega ".repeat(100)
        );
        let s = around(&text, "exchange");
        assert!(s.starts_with("…alpha "), "{s}");
        assert!(s.ends_with(" omega…"), "{s}");
        assert!(s.contains("the exchange happened"));
        let n = s.chars().count();
        assert!((160..=300).contains(&n), "{n}: {s}");
    }

    #[test]
    fn multibyte_text_is_cut_on_char_boundaries() {
        let text = format!(
            "{}обмін полоненими{}",
            "Україна ".repeat(60),
            " відбувся ".repeat(60)
        );
        let s = around(&text, "обмін");
        assert!(s.contains("обмін полоненими"));
        assert!(s.starts_with('…') && s.ends_with('…'));
        // One endless word: no whitespace to cut at, so the cut is hard but still on a char.
        let blob = "ї".repeat(1000);
        let s = snippet(&blob, 1000..1002);
        assert!(s.starts_with("…ї") && s.ends_with("ї…"));
        let s = snippet(&blob, 0..blob.len());
        assert_eq!(s.chars().count(), MAX + 1);
    }

    #[test]
    fn bad_ranges_do_not_panic() {
        assert_eq!(snippet("", 0..0), "");
        assert_eq!(snippet("", 5..9), "");
        assert!(snippet("ёж", 1..2).starts_with("ёж"));
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert!(snippet("abc", reversed).starts_with("abc"));
    }
}
