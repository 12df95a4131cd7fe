//! `digest preview --json`: the digest as data, for scripts and checks — its sections by
//! watchlist, each story with its reports (lead first, then the others in the order the
//! digest shows them). It is built from the same `Digest` the mail renders, so what a script
//! reads is what a reader sees.

use crate::lang::guess_lang;
use crate::model::{Digest, Report, Story};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct DigestView<'a> {
    name: &'a str,
    subject: &'a str,
    generated_at: DateTime<Utc>,
    timezone: &'a str,
    sections: Vec<SectionView<'a>>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    watchlist: &'a str,
    title: &'a str,
    stories: Vec<StoryView<'a>>,
    /// Stories of this watchlist told in full under an earlier section: their story ids.
    told_above: Vec<i64>,
}

#[derive(Serialize)]
struct StoryView<'a> {
    /// The lead report's article id, as `watch label` and `story` take it.
    id: i64,
    /// The story's id in the store: every report of it shares this.
    story: i64,
    /// Told in an earlier message of this digest; these reports are follow-ups.
    follow_up: bool,
    score: f64,
    terms: &'a [String],
    clauses: &'a [String],
    snippet: &'a str,
    reports: Vec<ReportView<'a>>,
}

#[derive(Serialize)]
struct ReportView<'a> {
    url: &'a str,
    outlet: &'a str,
    title: &'a str,
    published: Option<DateTime<Utc>>,
    /// "en", "uk" or "ru" as the report's letters and words tell; null when unclear.
    lang: Option<&'static str>,
}

pub(super) fn view<'a>(d: &'a Digest, subject: &'a str) -> DigestView<'a> {
    DigestView {
        name: &d.name,
        subject,
        generated_at: d.generated_at,
        timezone: &d.timezone,
        sections: d
            .sections
            .iter()
            .map(|s| SectionView {
                watchlist: &s.watchlist,
                title: &s.title,
                stories: s.stories.iter().map(story).collect(),
                told_above: s.told_above.iter().map(|c| c.cluster_id).collect(),
            })
            .collect(),
    }
}

fn story(s: &Story) -> StoryView<'_> {
    StoryView {
        id: s.id,
        story: s.cluster_id,
        follow_up: s.is_follow_up(),
        score: s.score,
        terms: &s.terms,
        clauses: &s.clauses,
        snippet: &s.snippet,
        // The lead's language is read from its headline and snippet, the others' from their
        // headlines alone (all the digest keeps of them), which may be too short to tell.
        reports: std::iter::once(report(&s.lead, &s.snippet))
            .chain(s.also.iter().map(|r| report(r, "")))
            .collect(),
    }
}

fn report<'a>(r: &'a Report, text: &str) -> ReportView<'a> {
    ReportView {
        url: &r.url,
        outlet: &r.outlet,
        title: &r.title,
        published: r.published,
        lang: guess_lang(&format!("{} {text}", r.title)),
    }
}
