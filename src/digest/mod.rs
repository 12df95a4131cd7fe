//! Digests: turning a recipient's undelivered matches into the `Digest` model (`build`) and
//! the model into a mail subject, an HTML part and a plain-text part (`render`). Pure: the
//! store hands the matches in, `now` is an argument, and nothing here sends or marks anything.
//!
//! Every title, outlet, URL, snippet and term comes from the internet, so every one of them is
//! treated as hostile here: single-lined before it reaches the subject, escaped before it
//! reaches HTML, and linked only when it is an http(s) URL. This file holds the helpers both
//! renderings share; `html.rs` and `text.rs` own their layouts.

mod build;
mod html;
mod text;

pub use build::build;

use crate::model::{Digest, Report};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A digest rendered for mail: the subject line and the two alternative parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub html: String,
    pub text: String,
}

pub fn render(digest: &Digest) -> Rendered {
    Rendered {
        subject: subject(digest),
        html: html::render(digest),
        text: text::render(digest),
    }
}

/// Longest snippet shown: a snippet is meant to be a passage, and a page that hands the matcher
/// a megabyte of text should not turn into a megabyte of mail.
const MAX_SNIPPET_CHARS: usize = 600;
/// Highlighting tries every term at every word start; bound both.
const MAX_TERMS: usize = 32;
const MAX_TERM_CHARS: usize = 100;

/// `newshound daily — 3 stories: pow-exchange 2, cross-border-incursion 1`. Built only from
/// cleaned strings, so no CR/LF can reach the header whatever a feed or the config holds.
fn subject(digest: &Digest) -> String {
    let name = clean(&digest.name);
    let counts: Vec<String> = digest
        .sections
        .iter()
        .map(|s| format!("{} {}", clean(&s.watchlist), s.stories.len()))
        .collect();
    match digest.story_count() {
        0 => format!("newshound {name} — no new stories"),
        n => format!("newshound {name} — {}: {}", stories(n), counts.join(", ")),
    }
}

/// `pow-exchange: 3 stories · cross-border-incursion: 1 story`
fn summary(digest: &Digest) -> String {
    if digest.sections.is_empty() {
        return "No new stories.".to_owned();
    }
    let parts: Vec<String> = digest
        .sections
        .iter()
        .map(|s| format!("{}: {}", clean(&s.watchlist), stories(s.stories.len())))
        .collect();
    parts.join(" · ")
}

fn stories(n: usize) -> String {
    if n == 1 {
        "1 story".to_owned()
    } else {
        format!("{n} stories")
    }
}

/// The recipient's zone; an unknown name (a config typo) falls back to UTC rather than failing
/// the digest, and the rendered times say "UTC" so the fallback is visible.
fn zone(digest: &Digest) -> Tz {
    digest.timezone.trim().parse().unwrap_or(Tz::UTC)
}

/// Says which zone the times are in, and that the configured one was not understood if so.
fn zone_note(digest: &Digest) -> String {
    match digest.timezone.trim().parse::<Tz>() {
        Ok(tz) => format!("Times are in {}.", tz.name()),
        Err(_) => format!(
            "Times are in UTC (the time zone “{}” is unknown).",
            clean(&digest.timezone)
        ),
    }
}

/// `4 Jun 2023, 14:21 EEST`
fn local_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%-d %b %Y, %H:%M %Z")
        .to_string()
}

fn report_time(report: &Report, tz: Tz) -> Option<String> {
    report.published.map(|at| local_time(at, tz))
}

/// One line of display text: control characters (CR, LF, NUL, ESC...) become spaces, bidi
/// overrides that could make a title read backwards are dropped, runs of whitespace collapse.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// A cleaned snippet, cut at a word boundary if it runs long.
fn snippet(s: &str) -> String {
    let s = clean(s);
    if s.chars().count() <= MAX_SNIPPET_CHARS {
        return s;
    }
    let cut: String = s.chars().take(MAX_SNIPPET_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX_SNIPPET_CHARS / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut} …")
}

/// The URL as a link target, only when it is an absolute http or https URL; in its normalised
/// (percent-encoded) form, so it carries no spaces, quotes or angle brackets of its own.
fn web_link(url: &str) -> Option<String> {
    let parsed = url::Url::parse(clean(url).as_str()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// Splits `text` into (piece, is_term) runs, marking whole-word, case-insensitive occurrences
/// of any of `terms`, the longest term first where two start at the same place. Works on the
/// raw text, so the caller escapes every piece itself and no term can smuggle in markup.
fn highlight<'a>(text: &'a str, terms: &[String]) -> Vec<(&'a str, bool)> {
    let mut folded: Vec<Vec<char>> = terms
        .iter()
        .take(MAX_TERMS)
        .map(|t| clean(t).chars().flat_map(char::to_lowercase).collect())
        .filter(|t: &Vec<char>| !t.is_empty() && t.len() <= MAX_TERM_CHARS)
        .collect();
    folded.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    folded.dedup();

    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut runs = Vec::new();
    let (mut plain_from, mut i) = (0, 0);
    while i < chars.len() {
        let at_word_start = i == 0 || !is_word(chars[i - 1].1);
        let found = folded.iter().find_map(|term| {
            if is_word(term[0]) && !at_word_start {
                return None;
            }
            let end = match_folded(&chars, i, term)?;
            let at_word_end = end == chars.len() || !is_word(chars[end].1);
            (at_word_end || !is_word(term[term.len() - 1])).then_some(end)
        });
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

/// Where a case-insensitive match of `term` starting at char `i` ends (exclusive), if any.
/// Lower-cases char by char, since one char may lower-case to several ("İ").
fn match_folded(chars: &[(usize, char)], i: usize, term: &[char]) -> Option<usize> {
    let (mut k, mut j) = (0, i);
    while k < term.len() {
        let (_, c) = *chars.get(j)?;
        for lower in c.to_lowercase() {
            if term.get(k) != Some(&lower) {
                return None;
            }
            k += 1;
        }
        j += 1;
    }
    Some(j)
}

/// Terms as listed under a story: cleaned, empty ones dropped.
fn term_list(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .map(|t| clean(t))
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;
