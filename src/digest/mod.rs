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
mod once;
mod text;
mod why;

pub use attention::{ATTENTION_AFTER_HOURS, feeds_needing_attention, needs_attention};
pub use build::build;

use crate::model::{Digest, DigestSection, MessageKind, Report};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use highlight::highlight;
use why::{term_line, why_line};

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

/// `newshound daily, 5 Jun 2023: 4 stories, 1 update (Prisoner-of-war exchanges 3, Cross-border
/// incursions 1)` for a digest, sections by their watchlists' titles and each story counted
/// once, under the section telling it; `newshound alert: <first headline> (+2 more)` for an
/// alert. Built only from cleaned strings, so no CR/LF can reach the header whatever a feed or
/// the config holds.
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
        .map(|s| format!("{} {}", section_title(s), s.new_stories()))
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

/// `Prisoner-of-war exchanges: 3 stories, 1 update · Cross-border incursions: 1 story, 1 told
/// above` (or `1 story told above` when that is all): a story several sections share counts
/// where it is told, and is "told above" in the others.
fn summary(digest: &Digest) -> String {
    if digest.sections.is_empty() {
        return "No new stories.".to_owned();
    }
    let parts: Vec<String> = digest
        .sections
        .iter()
        .map(|s| {
            let (new, old) = (s.new_stories(), s.stories.len() - s.new_stories());
            let mut counts: Vec<String> = Vec::with_capacity(3);
            if new > 0 || (old == 0 && s.told_above.is_empty()) {
                counts.push(plural(new, "story"));
            }
            if old > 0 {
                counts.push(plural(old, "update"));
            }
            match s.told_above.len() {
                0 => {}
                n if counts.is_empty() => counts.push(format!("{} told above", plural(n, "story"))),
                n => counts.push(format!("{n} told above")),
            }
            format!("{}: {}", section_title(s), counts.join(", "))
        })
        .collect();
    parts.join(" · ")
}

/// What a section is called for a reader: its watchlist's title, else (none configured) its id.
fn section_title(section: &DigestSection) -> String {
    watchlist_name(&section.watchlist, &section.title)
}

/// A watchlist's title, cleaned, or its id when it has none.
fn watchlist_name(id: &str, title: &str) -> String {
    let title = clean(title);
    if title.is_empty() { clean(id) } else { title }
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

/// `s` cleaned and cut to at most `max` chars at a word boundary, with an ellipsis if cut:
/// after the last whole word that fits, else (no space in reach) after the last char that is
/// not part of a word. Only a single word longer than `max` is cut inside, as nothing else
/// would show any of it.
fn cut(s: &str, max: usize) -> String {
    let s = clean(s);
    let Some((end, next)) = s.char_indices().nth(max) else {
        return s;
    };
    let head = &s[..end];
    let at = if next == ' ' {
        end
    } else if let Some(space) = head.rfind(' ') {
        space
    } else {
        head.char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(end, |(i, c)| i + c.len_utf8())
    };
    format!("{} …", head[..at].trim_end())
}

/// A cleaned snippet, cut at a word boundary if it runs long.
fn snippet(s: &str) -> String {
    cut(s, MAX_SNIPPET_CHARS)
}

fn display_title(report: &Report) -> String {
    headline(&report.title)
}

/// A headline, cleaned, or a word saying there is none.
fn headline(title: &str) -> String {
    let title = clean(title);
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
#[cfg(test)]
mod why_tests;
