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

/// Byte index `n` chars after `from` (or the end of `text`).
fn forward(text: &str, from: usize, n: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.char_indices().nth(n))
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte index `n` chars before `to` (or 0).
fn backward(text: &str, to: usize, n: usize) -> usize {
    text.get(..to)
        .and_then(|head| head.char_indices().rev().take(n).last().map(|(i, _)| i))
        .unwrap_or(to)
}

/// The words of `text[start..end]` (both on char boundaries), as byte ranges of `text`.
fn words(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text[start..end].char_indices() {
        match (c.is_whitespace(), open) {
            (true, Some(from)) => {
                out.push((start + from, start + i));
                open = None;
            }
            (false, None) => open = Some(i),
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push((start + from, end));
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
    // (start in text, end in text, start in out) of every word of the passage.
    let mut parts: Vec<(usize, usize, usize)> = Vec::new();
    for (from, to) in words(text, start, end) {
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
#[path = "snippet_tests.rs"]
mod tests;
