//! The webhook's JSON body, documented in the README: what a digest or an alert tells, as
//! data. Built from the same `Digest` the mail renders, so every channel tells the same
//! stories; a story listed under several watchlists appears once, naming them all.

use crate::model::{Digest, Report};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Version of the body's shape, so receivers can tell a later change.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, PartialEq)]
pub struct Body<'a> {
    pub version: u32,
    /// `digest` or `alert`.
    pub kind: &'static str,
    pub digest: &'a str,
    pub generated_at: DateTime<Utc>,
    /// The same as the `Idempotency-Key` header, for receivers that log bodies only.
    pub idempotency_key: &'a str,
    pub stories: Vec<StoryJson<'a>>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct StoryJson<'a> {
    /// The lead report: `title`, `url`, `outlet`, `label`, `time`.
    #[serde(flatten)]
    pub lead: ReportJson<'a>,
    /// Ids of the watchlists it matched.
    pub watchlists: Vec<&'a str>,
    pub snippet: &'a str,
    /// The parts of the query the lead report satisfied.
    pub clauses: &'a [String],
    /// Told before (a follow-up): only `other_reports` are new.
    pub follow_up: bool,
    /// Other outlets' reports of the same event.
    pub other_reports: Vec<ReportJson<'a>>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ReportJson<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub outlet: &'a str,
    pub label: Option<&'a str>,
    pub time: Option<DateTime<Utc>>,
}

fn report(r: &Report) -> ReportJson<'_> {
    ReportJson {
        title: &r.title,
        url: &r.url,
        outlet: &r.outlet,
        label: r.label.as_deref(),
        time: r.published,
    }
}

/// The body for `digest`, stories in the digest's order, each once.
pub fn body<'a>(digest: &'a Digest, idempotency_key: &'a str) -> Body<'a> {
    let mut stories: Vec<StoryJson<'a>> = Vec::new();
    let mut clusters: Vec<i64> = Vec::new();
    for section in &digest.sections {
        for s in &section.stories {
            if let Some(i) = clusters.iter().position(|c| *c == s.cluster_id) {
                if !stories[i].watchlists.contains(&section.watchlist.as_str()) {
                    stories[i].watchlists.push(&section.watchlist);
                }
                continue;
            }
            clusters.push(s.cluster_id);
            stories.push(StoryJson {
                lead: report(&s.lead),
                watchlists: vec![&section.watchlist],
                snippet: &s.snippet,
                clauses: &s.clauses,
                follow_up: s.is_follow_up(),
                other_reports: s.also.iter().map(report).collect(),
            });
        }
        // A story told under an earlier section still names this watchlist.
        for r in &section.told_above {
            if let Some(i) = clusters.iter().position(|c| *c == r.cluster_id)
                && !stories[i].watchlists.contains(&section.watchlist.as_str())
            {
                stories[i].watchlists.push(&section.watchlist);
            }
        }
    }
    Body {
        version: VERSION,
        kind: digest.kind.as_str(),
        digest: &digest.name,
        generated_at: digest.generated_at,
        idempotency_key,
        stories,
    }
}

/// The body as bytes, as stored in the outbox and signed.
pub fn body_bytes(digest: &Digest, idempotency_key: &str) -> Vec<u8> {
    // Serialising plain structs of strings, numbers and dates cannot fail.
    serde_json::to_vec(&body(digest, idempotency_key)).unwrap_or_default()
}

/// `s` for Slack's mrkdwn (and Mattermost's Markdown): `&`, `<` and `>` are the only
/// characters Slack asks to escape, and they stop a title from forming a link or a mention
/// (`<!channel>`); `*`, `_`, `~` and `` ` `` are escaped so a title cannot restyle the text.
pub fn mrkdwn(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(e) = super::entity(c) {
            out.push_str(e);
            continue;
        }
        match c {
            '*' | '_' | '~' | '`' => {
                // A zero-width space after the mark keeps it from pairing with another.
                out.push(c);
                out.push('\u{200B}');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
