//! Why a report is in its story and why its nearest neighbours are not, for
//! `newshound story ID`: the decision re-made from what the store holds (the reports' stored
//! fingerprints, weighed against the reports seen in the week around it, as grouping weighs
//! them), with the evidence `cluster::explain` gives.

use super::recent::{SAME_STORY_DAYS, close_in_time, told};
use crate::cluster::{Background, Explanation, Fingerprint, Reason, explain};
use crate::store::{ArticleKey, ReportRow, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How far around the report its neighbours are read: the window grouping looks back over.
const WINDOW_DAYS: i64 = 7;
/// At most this many reports of the window are compared.
const WINDOW_REPORTS: usize = 5000;
/// How many of the closest reports outside the story are shown.
const CLOSEST_APART: usize = 5;

#[derive(Debug, Serialize)]
pub struct StoryExplanation {
    pub report: Report,
    /// The story's id: the first report's entry id.
    pub story: i64,
    /// The story's other reports, in the order they were seen.
    pub in_story: Vec<Neighbour>,
    /// The reports outside the story most like this one, most alike first.
    pub apart: Vec<Neighbour>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub entry_id: i64,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    /// When it tells its story: the date it gives, else when it was seen.
    pub told_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct Neighbour {
    pub report: Report,
    pub days_apart: i64,
    /// One line: why they are one story, or two.
    pub why: String,
    pub evidence: Explanation,
}

/// The explanation for the report `key` names, or `None` when there is no such report.
pub async fn explain_story(
    store: &dyn Store,
    key: ArticleKey<'_>,
) -> Result<Option<StoryExplanation>, StoreError> {
    let Some(row) = store.report(key).await? else {
        return Ok(None);
    };
    let window = Duration::days(WINDOW_DAYS);
    let around = store
        .reports_seen_between(row.seen_at - window, row.seen_at + window, WINDOW_REPORTS)
        .await?;
    Ok(Some(assemble(&row, &around)))
}

fn assemble(row: &ReportRow, around: &[ReportRow]) -> StoryExplanation {
    let decoded: Vec<(&ReportRow, Fingerprint)> = around
        .iter()
        .filter_map(|r| Some((r, serde_json::from_str(&r.fingerprint).ok()?)))
        .collect();
    let mut background = Background::default();
    for (_, fp) in &decoded {
        fp.add_to(&mut background);
    }
    let this: Option<Fingerprint> = serde_json::from_str(&row.fingerprint).ok();
    let at = told(row.published, row.seen_at);
    let mut in_story = Vec::new();
    let mut apart = Vec::new();
    for (other, fp) in decoded.iter().filter(|(r, _)| r.entry_id != row.entry_id) {
        let Some(this) = &this else { break };
        let other_at = told(other.published, other.seen_at);
        let evidence = explain(this, fp, &background);
        let close = close_in_time(at, other_at);
        let together = other.cluster_id == row.cluster_id;
        let neighbour = Neighbour {
            report: report(other),
            days_apart: (at - other_at).num_days().abs(),
            why: why(&evidence, close, together),
            evidence,
        };
        if together {
            in_story.push(neighbour);
        } else {
            apart.push(neighbour);
        }
    }
    apart.sort_by(|a, b| {
        let score = |n: &Neighbour| {
            n.evidence
                .similarity
                .weighted
                .max(n.evidence.similarity.score)
        };
        score(b).total_cmp(&score(a))
    });
    apart.truncate(CLOSEST_APART);
    StoryExplanation {
        report: report(row),
        story: row.cluster_id,
        in_story,
        apart,
    }
}

fn report(r: &ReportRow) -> Report {
    Report {
        entry_id: r.entry_id,
        feed: r.feed.clone(),
        title: r.title.clone(),
        link: r.link.clone(),
        told_at: told(r.published, r.seen_at),
    }
}

/// The decision in words. A report of the story may have joined it through another of its
/// reports, not this one: then the two alone would be kept apart, and it says so.
fn why(e: &Explanation, close: bool, together: bool) -> String {
    let s = &e.similarity;
    let evidence = match e.reason {
        Some(Reason::NearDuplicate) => "nearly the same text".to_string(),
        Some(Reason::Keys) => format!("the same distinctive words (score {:.2})", s.score),
        Some(Reason::NamesAcrossLanguages) => format!(
            "the same names across languages ({:.0}% of them)",
            s.names_across * 100.0
        ),
        Some(Reason::Weighted) => format!(
            "the same rare names and figures (weighted {:.2})",
            s.weighted
        ),
        Some(Reason::SharedCount) => format!(
            "a head count in common ({}) and rare names and figures (weighted {:.2})",
            join(&e.shared_counts),
            s.weighted
        ),
        None if e.counts_conflict => format!(
            "their head counts conflict ({} here, {} there)",
            join(&e.only_first),
            join(&e.only_second)
        ),
        None => format!(
            "too little in common (weighted {:.2}, words {:.2})",
            s.weighted, s.score
        ),
    };
    match (together, close && e.same_story) {
        (true, true) => format!("one story: {evidence}"),
        (true, false) => format!("in the story through another of its reports; alone: {evidence}"),
        (false, true) => format!(
            "alike now ({evidence}), but grouped apart when recorded, against the reports of that moment"
        ),
        (false, false) if !close => format!("two stories: told over {SAME_STORY_DAYS} days apart"),
        (false, false) => format!("two stories: {evidence}"),
    }
}

fn join(counts: &[u32]) -> String {
    if counts.is_empty() {
        return "none".to_string();
    }
    counts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
