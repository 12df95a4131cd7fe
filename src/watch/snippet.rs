//! The passage quoted with a match: a few hundred characters of the original text around the
//! first hit, cut at whitespace, with "…" where text was left out and runs of whitespace
//! (paragraph breaks included) collapsed to one space so it reads as one line in a digest.
//! The matched words are carried into the passage as marks (byte ranges), for a digest to
//! bold. Works on char boundaries only, so no input can make it panic.

use std::ops::Range;

use crate::model::Snippet;

/// Characters of context kept before the hit.
const BEFORE: usize = 80;
/// Characters the passage aims at in total (before whitespace is collapsed).
const TOTAL: usize = 240;
/// Characters never exceeded, however long the hit itself is.
const MAX: usize = 300;

const ELLIPSIS: &str = "…";

/// Whether a byte starts a char (is not 0b10xxxxxx).
fn leads(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Byte index `n` chars after `from` (or the end of `text`).
fn forward(text: &str, from: usize, n: usize) -> usize {
    if !text.is_char_boundary(from) {
        return text.len();
    }
    let bytes = text.as_bytes();
    // Chars are counted by the bytes that start them, a chunk at a time: `need` bytes hold
    // at most `need` chars, so the chunk never overshoots, and the count is branch-free.
    let (mut at, mut need) = (from, n);
    while need > 0 {
        let Some(chunk) = bytes.get(at..at.saturating_add(need).min(bytes.len())) else {
            return text.len();
        };
        if chunk.is_empty() {
            return text.len();
        }
        need -= chunk.iter().filter(|&&b| leads(b)).count();
        at += chunk.len();
    }
    // The char `at` lands inside, if any, was counted: its end is the answer.
    while bytes.get(at).is_some_and(|&b| !leads(b)) {
        at += 1;
    }
    at.min(text.len())
}

/// Byte index `n` chars before `to` (or 0).
fn backward(text: &str, to: usize, n: usize) -> usize {
    let from = to.saturating_sub(n);
    if text.is_char_boundary(to) && text.as_bytes().get(from..to).is_some_and(<[u8]>::is_ascii) {
        return from;
    }
    text.get(..to)
        .and_then(|head| head.char_indices().rev().take(n).last().map(|(i, _)| i))
        .unwrap_or(to)
}

/// Bytes that may end a word: ASCII whitespace (vertical tab included) and every byte of a
/// non-ASCII char, which is decoded to tell.
const STOP: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || matches!(b as u8, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        b += 1;
    }
    t
};

/// Whether the char of `text` at byte `i` is whitespace, and its length.
fn space_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => (STOP[usize::from(b)], 1),
        _ => match text.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (c.is_whitespace(), c.len_utf8()),
            None => (false, 1),
        },
    }
}

/// The stretches of `text[start..end]` (both on char boundaries) whose words are apart by
/// single spaces, as byte ranges: joined by one space, they read as the words
/// `split_whitespace` cuts, joined by one space. Most passages are one or a few such
/// stretches, so they are copied whole rather than word by word.
fn stretches(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut out = Vec::with_capacity(4);
    // The open stretch and the end of its last word.
    let mut open: Option<usize> = None;
    let mut word_end = start;
    let mut i = start;
    while i < end {
        let from = i;
        while i < end && !STOP[usize::from(bytes[i])] {
            i += 1;
        }
        let (space, len) = if i < end {
            space_at(text, i)
        } else {
            (true, 0)
        };
        if !space {
            // A non-ASCII char that is no space belongs to the word.
            open.get_or_insert(from);
            i += len;
            word_end = i;
            continue;
        }
        if i > from {
            open.get_or_insert(from);
            word_end = i;
        }
        if i >= end {
            break;
        }
        // One plain space between words: the stretch goes on.
        if bytes[i] == b' ' && i + 1 < end && !space_at(text, i + 1).0 {
            i += 1;
            continue;
        }
        while i < end {
            let (space, len) = space_at(text, i);
            if !space {
                break;
            }
            i += len;
        }
        if let Some(from) = open.take() {
            out.push((from, word_end));
        }
    }
    if let Some(from) = open {
        out.push((from, word_end));
    }
    out
}

/// A passage of `text` around the byte range `hit`, with `marks` (byte ranges of `text`,
/// e.g. every matched word) carried over as byte ranges of the passage. A range off the text
/// or off char boundaries is treated as a hit at the start; marks outside the passage, or
/// off char boundaries, are dropped.
pub fn passage(text: &str, hit: Range<usize>, marks: &[Range<usize>]) -> Snippet {
    let on_text = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let hit = if on_text(&hit) { hit } else { 0..0 };

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
    let total = forward(text, start, TOTAL);
    let limit = forward(text, total, MAX - TOTAL);
    let mut end = total.max(hit.end).min(limit);
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
    // (start in text, end in text, start in out) of every stretch of the passage.
    let mut parts: Vec<(usize, usize, usize)> = Vec::with_capacity(4);
    for (from, to) in stretches(text, start, end) {
        if !parts.is_empty() {
            out.push(' ');
        }
        parts.push((from, to, out.len()));
        out.push_str(&text[from..to]);
    }
    if !text[end..].trim().is_empty() {
        out.push_str(ELLIPSIS);
    }
    let to_out = |pos: usize| -> usize {
        let i = parts.partition_point(|w| w.0 <= pos);
        match i.checked_sub(1).and_then(|i| parts.get(i)) {
            Some(&(ws, we, os)) => os + pos.min(we) - ws,
            None => parts.first().map_or(0, |w| w.2),
        }
    };
    let mut mapped: Vec<[usize; 2]> = Vec::with_capacity(marks.len());
    mapped.extend(
        marks
            .iter()
            .filter(|m| on_text(m) && m.start >= start && m.end <= end && m.start < m.end)
            .map(|m| [to_out(m.start), to_out(m.end)])
            .filter(|[a, b]| a < b),
    );
    mapped.sort_unstable();
    let mut merged: Vec<[usize; 2]> = Vec::with_capacity(mapped.len());
    for m in mapped {
        match merged.last_mut() {
            Some(last) if m[0] <= last[1] => last[1] = last[1].max(m[1]),
            _ => merged.push(m),
        }
    }
    Snippet {
        text: out,
        marks: merged,
    }
}

/// The plain passage around `hit`, without marks.
#[cfg(test)]
pub fn snippet(text: &str, hit: Range<usize>) -> String {
    passage(text, hit, &[]).text
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
    fn stretches_read_as_the_words_with_single_spaces() {
        for text in [
            " a\tbb\x0Bc\x0Cd\r\ne  f ",
            "no-space",
            "",
            "   ",
            "one two  three four\n\nfive six",
            "é a\u{a0}b\u{2009}c\u{3000}d\u{85}e\u{2028}“f” ",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let got: Vec<&str> = stretches(text, 0, text.len())
                .into_iter()
                .map(|(a, b)| &text[a..b])
                .collect();
            assert_eq!(got.join(" "), expected, "{text:?}");
        }
        assert_eq!(
            stretches("ab cd  ef gh\n", 1, 13),
            [(1, 5), (7, 12)],
            "a stretch breaks only where the whitespace is more than one space"
        );
    }

    proptest::proptest! {
        #[test]
        fn stretches_match_split_whitespace(text in "[ a\t\n\u{a0}é.]{0,40}") {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let got: Vec<&str> = stretches(&text, 0, text.len())
                .into_iter()
                .map(|(a, b)| &text[a..b])
                .collect();
            proptest::prop_assert_eq!(got.join(" "), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn forward_counts_chars(text in "[ aé\u{2019}ї\u{1F600}]{0,40}", from in 0usize..50, n in 0usize..50) {
            let expected = if text.is_char_boundary(from.min(text.len() + 1)) && from <= text.len() {
                text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i)
            } else {
                text.len()
            };
            proptest::prop_assert_eq!(forward(&text, from, n), expected);
        }
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

    #[test]
    fn marks_follow_the_words_into_the_collapsed_passage() {
        let text = "Kyiv  and\n\nMoscow   swap POWs; prisoners of war.";
        let at = |w: &str| {
            let i = text.find(w).expect("word");
            i..i + w.len()
        };
        let p = passage(
            text,
            at("swap"),
            &[at("swap"), at("POWs"), at("prisoners of war")],
        );
        assert_eq!(p.text, "Kyiv and Moscow swap POWs; prisoners of war.");
        let marked: Vec<&str> = p.marks.iter().map(|[a, b]| &p.text[*a..*b]).collect();
        assert_eq!(marked, ["swap", "POWs", "prisoners of war"]);
    }

    #[test]
    fn marks_outside_the_passage_or_off_the_text_are_dropped() {
        let text = format!("{} swap {}", "word ".repeat(200), "word ".repeat(200));
        let i = text.find("swap").expect("swap");
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 5..3;
        let p = passage(&text, i..i + 4, &[i..i + 4, 0..4, reversed, 9000..9004]);
        assert_eq!(p.marks.len(), 1);
        let [a, b] = p.marks[0];
        assert_eq!(&p.text[a..b], "swap");
        assert!(p.text.starts_with('…'));
        let yo = "ёж ёж";
        let p = passage(yo, 0..2, &[1..2, 0..2]);
        assert_eq!(p.marks, [[0, 2]]);
    }
}
