//! Digests: turning a recipient's undelivered matches into the `Digest` model (`build`) and
//! the model into a mail subject, an HTML part and a plain-text part (`render`). Pure: the
//! store hands the matches in, `now` is an argument, and nothing here sends or marks anything.
//! An immediate alert is a small digest of kind `Alert`, rendered by the same code.
//!
//! Every title, outlet, URL, snippet, term and feed error comes from the internet, so every
//! one of them is treated as hostile here: single-lined before it reaches the subject, escaped
//! before it reaches HTML, and linked only when it is an http(s) URL. This file holds the
//! helpers both renderings share; `html.rs` and `text.rs` own their layouts.

mod attention;
mod build;
mod highlight;
mod html;
mod text;

pub use attention::{ATTENTION_AFTER_HOURS, feeds_needing_attention, needs_attention};
pub use build::build;

use crate::model::{Digest, MessageKind, Report};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use highlight::highlight;

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
/// Longest headline quoted in an alert's subject, so the subject stays one readable line.
const MAX_SUBJECT_TITLE_CHARS: usize = 110;
/// Longest feed error shown; a server's error page can be long.
const MAX_ERROR_CHARS: usize = 300;
/// Matched terms listed under a story; a broad query can match dozens.
const MAX_LISTED_TERMS: usize = 8;

/// `newshound daily, 5 Jun 2023: 4 stories, 1 update (pow-exchange 3, cross-border-incursion 1)`
/// for a digest; `newshound alert: <first headline> (+2 more)` for an alert. Built only from
/// cleaned strings, so no CR/LF can reach the header whatever a feed or the config holds.
fn subject(digest: &Digest) -> String {
    let name = clean(&digest.name);
    if digest.kind == MessageKind::Alert {
        let mut leads = digest.sections.iter().flat_map(|s| &s.stories);
        let first = leads
            .next()
            .map(|s| cut(&display_title(&s.lead), MAX_SUBJECT_TITLE_CHARS))
            .unwrap_or_default();
        return match leads.count() {
            0 => format!("newshound alert: {first}"),
            more => format!("newshound alert: {first} (+{more} more)"),
        };
    }
    let date = digest
        .generated_at
        .with_timezone(&zone(digest))
        .format("%-d %b %Y");
    let counts: Vec<String> = digest
        .sections
        .iter()
        .filter(|s| s.new_stories() > 0)
        .map(|s| format!("{} {}", clean(&s.watchlist), s.new_stories()))
        .collect();
    let (new, updates) = (digest.new_story_count(), updates(digest));
    let mut line = format!("newshound {name}, {date}: ");
    match (new, updates) {
        (0, 0) => line.push_str("no new stories"),
        (0, u) => line.push_str(&format!("no new stories, {}", plural(u, "update"))),
        (n, 0) => line.push_str(&plural(n, "story")),
        (n, u) => line.push_str(&format!("{}, {}", plural(n, "story"), plural(u, "update"))),
    }
    if !counts.is_empty() {
        line.push_str(&format!(" ({})", counts.join(", ")));
    }
    line
}

fn updates(digest: &Digest) -> usize {
    digest.story_count() - digest.new_story_count()
}

/// `pow-exchange: 3 stories, 1 update · cross-border-incursion: 1 story`
fn summary(digest: &Digest) -> String {
    if digest.sections.is_empty() {
        return "No new stories.".to_owned();
    }
    let parts: Vec<String> = digest
        .sections
        .iter()
        .map(|s| {
            let (new, old) = (s.new_stories(), s.stories.len() - s.new_stories());
            let counts = match (new, old) {
                (n, 0) => plural(n, "story"),
                (0, o) => plural(o, "update"),
                (n, o) => format!("{}, {}", plural(n, "story"), plural(o, "update")),
            };
            format!("{}: {counts}", clean(&s.watchlist))
        })
        .collect();
    parts.join(" · ")
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, w) => format!("1 {w}"),
        (n, "story") => format!("{n} stories"),
        (n, w) => format!("{n} {w}s"),
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

/// `Monday 5 June 2023, 07:00 EEST`, for the top of the mail.
fn dateline(digest: &Digest) -> String {
    digest
        .generated_at
        .with_timezone(&zone(digest))
        .format("%A %-d %B %Y, %H:%M %Z")
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
        if is_direction_mark(c) {
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

/// The marks and overrides of text direction, which `clean` drops.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` cleaned and cut to `max` chars at a word boundary, with an ellipsis if cut.
fn cut(s: &str, max: usize) -> String {
    let s = clean(s);
    if s.chars().count() <= max {
        return s;
    }
    let head: String = s.chars().take(max).collect();
    let head = match head.rfind(' ') {
        Some(i) if i > max / 2 => &head[..i],
        _ => head.as_str(),
    };
    format!("{head} …")
}

/// A cleaned snippet, cut at a word boundary if it runs long.
fn snippet(s: &str) -> String {
    cut(s, MAX_SNIPPET_CHARS)
}

fn display_title(report: &Report) -> String {
    let title = clean(&report.title);
    if title.is_empty() {
        "(untitled)".to_owned()
    } else {
        title
    }
}

/// The outlet's label, cleaned; `None` when there is none worth showing.
fn label(report: &Report) -> Option<String> {
    report.label.as_deref().map(clean).filter(|l| !l.is_empty())
}

/// The URL as a link target, only when it is an absolute http or https URL; in its normalised
/// (percent-encoded) form, so it carries no spaces, quotes or angle brackets of its own.
fn web_link(url: &str) -> Option<String> {
    let parsed = url::Url::parse(clean(url).as_str()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// `Matched: a, b, c` under a story: the terms cleaned, empty ones dropped, and past
/// `MAX_LISTED_TERMS` only counted (the snippet's bold already shows where they are).
fn term_line(terms: &[String]) -> Option<String> {
    let terms: Vec<String> = terms
        .iter()
        .map(|t| clean(t))
        .filter(|t| !t.is_empty())
        .collect();
    let shown = terms.len().min(MAX_LISTED_TERMS);
    let mut line = format!("Matched: {}", terms[..shown].join(", "));
    if terms.len() > shown {
        line.push_str(&format!(" and {} more", terms.len() - shown));
    }
    (shown > 0).then_some(line)
}

/// What the watchlist's model said of the story and the words that led it there:
/// `Model: 0.93 of 0.50 — captivity, returned, swap`.
fn model_line(story: &crate::model::Story) -> Option<String> {
    let v = story.model.as_ref()?;
    let words: Vec<String> = v
        .words
        .iter()
        .filter(|w| w.weight > 0.0)
        .map(|w| clean(&w.word))
        .filter(|w| !w.is_empty())
        .collect();
    let mut line = format!("Model: {:.2} of {:.2}", v.probability, v.threshold);
    if !words.is_empty() {
        line.push_str(" — ");
        line.push_str(&words.join(", "));
    }
    Some(line)
}

/// What the footer says about where the mail comes from.
fn footer(digest: &Digest) -> String {
    let name = clean(&digest.name);
    match digest.kind {
        MessageKind::Digest => format!(
            "Sent by newshound for the digest “{name}”. {}",
            zone_note(digest)
        ),
        MessageKind::Alert => format!(
            "Sent at once by newshound because these watchlists ask for immediate alerts; the \
             stories will also be in the next “{name}” digest. {}",
            zone_note(digest)
        ),
    }
}

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod tests;
