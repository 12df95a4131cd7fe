//! Building the digest model: which of the pending matches a digest delivers, folded into one
//! story per cluster and ordered so the strongest, newest news comes first. Decides nothing
//! about presentation; `html.rs` and `text.rs` do that.

use crate::model::{Digest, DigestSection, MessageKind, PendingMatch, Report, Story};
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Builds the digest `name` for the recipient's `timezone` from `pending`, the undelivered
/// matches of `watchlists` (id, title; in the order the digest lists them).
///
/// Each section has one story per cluster. Its lead is the best report (highest score, then the
/// earliest); `also` has every other report, oldest first, except copies of one article (the
/// same outlet and title, as when an article is republished or updated) beyond the best.
/// Stories an earlier message of this digest carried come after the new ones, as follow-ups
/// that only add outlets. Sections without stories are left out, and matches of watchlists not
/// listed are ignored. `match_ids` lists every match folded in, duplicates included, so the
/// store can mark all of them delivered. A story several sections share is told in full under
/// the first of them only and named under the others (see `once`).
///
/// A report without a publication time carries the time newshound first saw it instead, so
/// every story can be placed in time; `Report` has no separate field to say which it is.
pub fn build(
    name: &str,
    timezone: &str,
    watchlists: &[(String, String)],
    pending: Vec<PendingMatch>,
    now: DateTime<Utc>,
) -> Digest {
    let mut by_watchlist: HashMap<String, Vec<PendingMatch>> = watchlists
        .iter()
        .map(|(id, _)| (id.clone(), Vec::new()))
        .collect();
    let mut match_ids = Vec::new();
    for m in pending {
        if let Some(bucket) = by_watchlist.get_mut(&m.watchlist) {
            match_ids.push(m.match_id);
            bucket.push(m);
        }
    }
    match_ids.sort_unstable();
    match_ids.dedup();

    let mut sections: Vec<DigestSection> = watchlists
        .iter()
        .filter_map(|(id, title)| {
            // `remove`: a watchlist listed twice gets its stories once.
            let matches = by_watchlist.remove(id)?;
            let stories = stories(matches);
            (!stories.is_empty()).then(|| DigestSection {
                watchlist: id.clone(),
                title: title.clone(),
                stories,
                told_above: Vec::new(),
            })
        })
        .collect();
    super::once::tell_once(&mut sections);

    Digest {
        kind: MessageKind::Digest,
        name: name.to_owned(),
        generated_at: now,
        timezone: timezone.to_owned(),
        sections,
        match_ids,
        attention: Vec::new(),
        undelivered: Vec::new(),
    }
}

/// When a report happened, as far as newshound knows.
fn when(m: &PendingMatch) -> DateTime<Utc> {
    m.published.unwrap_or(m.seen_at)
}

/// A NaN score (a scoring bug upstream) sorts below every real score instead of poisoning
/// the order.
fn rank_score(score: f64) -> f64 {
    if score.is_nan() {
        f64::NEG_INFINITY
    } else {
        score
    }
}

/// Best first: highest score, then earliest, then lowest id so the order is total.
fn best_first(a: &PendingMatch, b: &PendingMatch) -> Ordering {
    rank_score(b.score)
        .total_cmp(&rank_score(a.score))
        .then_with(|| when(a).cmp(&when(b)))
        .then_with(|| a.match_id.cmp(&b.match_id))
}

fn report(m: &PendingMatch) -> Report {
    Report {
        outlet: m.outlet.clone(),
        label: m.label.clone(),
        title: m.title.clone(),
        url: m.url.clone(),
        published: Some(when(m)),
    }
}

/// One section's stories: new ones strongest first and, among equals, the one with the most
/// recent report first (a story another outlet just picked up is news again); then the
/// follow-ups of stories sent before, most recent first.
fn stories(matches: Vec<PendingMatch>) -> Vec<Story> {
    let mut clusters: BTreeMap<i64, Vec<PendingMatch>> = BTreeMap::new();
    for m in matches {
        clusters.entry(m.cluster_id).or_default().push(m);
    }
    let mut ranked: Vec<(Story, DateTime<Utc>)> = clusters
        .into_iter()
        .map(|(cluster_id, mut group)| {
            group.sort_by(best_first);
            let newest = group
                .iter()
                .map(when)
                .max()
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            (story(cluster_id, &group), newest)
        })
        .collect();
    ranked.sort_by(|(a, a_newest), (b, b_newest)| {
        let follow_ups_last = a.is_follow_up().cmp(&b.is_follow_up());
        let by_score = if a.is_follow_up() {
            Ordering::Equal
        } else {
            rank_score(b.score).total_cmp(&rank_score(a.score))
        };
        follow_ups_last
            .then(by_score)
            .then_with(|| b_newest.cmp(a_newest))
            .then_with(|| a.cluster_id.cmp(&b.cluster_id))
    });
    ranked.into_iter().map(|(story, _)| story).collect()
}

/// `group` is one cluster's matches, best first and never empty.
fn story(cluster_id: i64, group: &[PendingMatch]) -> Story {
    let lead = &group[0];
    // One outlet's two different articles on a story are both worth listing; the same
    // article seen twice (republished, updated, in two of its feeds) is not.
    let article = |m: &PendingMatch| (m.outlet.clone(), m.title.trim().to_lowercase());
    let mut articles: HashSet<(String, String)> = HashSet::from([article(lead)]);
    let mut also: Vec<&PendingMatch> = group[1..]
        .iter()
        .filter(|m| articles.insert(article(m)))
        .collect();
    also.sort_by(|a, b| when(a).cmp(&when(b)).then_with(|| a.outlet.cmp(&b.outlet)));

    let mut seen = HashSet::new();
    let terms = group
        .iter()
        .flat_map(|m| &m.terms)
        .filter(|t| seen.insert(t.to_lowercase()))
        .cloned()
        .collect();

    Story {
        cluster_id,
        id: lead.article_id,
        lead: report(lead),
        also: also.into_iter().map(report).collect(),
        score: lead.score,
        terms,
        snippet: lead.snippet.clone(),
        marks: lead.marks.clone(),
        // The store says these per cluster, so every report of the group carries the same.
        sent_before: group.iter().find_map(|m| m.sent_before.clone()),
        alerted_at: group.iter().filter_map(|m| m.alerted_at).min(),
        model: lead.model.clone(),
        clauses: lead.clauses.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2023, 6, 4, h, m, 0).unwrap()
    }

    fn pm(
        id: i64,
        watchlist: &str,
        cluster: i64,
        outlet: &str,
        score: f64,
        h: u32,
    ) -> PendingMatch {
        PendingMatch {
            match_id: id,
            watchlist: watchlist.into(),
            article_id: id * 10,
            cluster_id: cluster,
            outlet: outlet.into(),
            title: format!("title {id}"),
            url: format!("https://example.org/{id}"),
            published: Some(at(h, 0)),
            seen_at: at(h, 5),
            score,
            terms: vec![format!("term{id}")],
            snippet: format!("snippet {id}"),
            model: None,
            clauses: Vec::new(),
            marks: Vec::new(),
            label: None,
            sent_before: None,
            alerted_at: None,
        }
    }

    fn wl(ids: &[&str]) -> Vec<(String, String)> {
        ids.iter()
            .map(|id| (id.to_string(), id.to_uppercase()))
            .collect()
    }

    #[test]
    fn one_story_per_cluster_led_by_the_best_report() {
        let copy_of = |mut m: PendingMatch, original: i64| {
            m.title = format!("title {original}");
            m
        };
        let pending = vec![
            pm(1, "pow", 7, "BBC", 2.0, 9),
            pm(2, "pow", 7, "Reuters", 3.0, 11),
            copy_of(pm(3, "pow", 7, "BBC", 2.5, 12), 1), // BBC's better copy replaces its first
            pm(4, "pow", 7, "AP", 1.0, 8),
            copy_of(pm(5, "pow", 7, "Reuters", 1.0, 7), 2), // the lead's own article again
            pm(6, "pow", 7, "AP", 0.5, 13),                 // another AP article: listed
        ];
        let d = build("daily", "UTC", &wl(&["pow"]), pending, at(20, 0));
        let story = &d.sections[0].stories[0];
        assert_eq!(d.sections[0].stories.len(), 1);
        assert_eq!(story.lead.url, "https://example.org/2");
        let also: Vec<&str> = story.also.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            also,
            [
                "https://example.org/4",
                "https://example.org/3",
                "https://example.org/6"
            ]
        );
        assert_eq!(story.score, 3.0);
        assert_eq!(story.snippet, "snippet 2");
        assert_eq!(
            story.terms,
            ["term2", "term3", "term1", "term5", "term4", "term6"]
        );
        assert_eq!(d.match_ids, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn ties_go_to_the_earliest_report_and_terms_dedupe_ignoring_case() {
        let mut a = pm(1, "pow", 7, "Late", 2.0, 12);
        let mut b = pm(2, "pow", 7, "Early", 2.0, 9);
        b.published = None; // seen at 09:05, still earlier than 12:00
        a.terms = vec!["POWs".into(), "Exchange".into()];
        b.terms = vec!["exchange".into(), "swap".into()];
        let d = build("daily", "UTC", &wl(&["pow"]), vec![a, b], at(20, 0));
        let story = &d.sections[0].stories[0];
        assert_eq!(story.lead.outlet, "Early");
        assert_eq!(story.lead.published, Some(at(9, 5)));
        assert_eq!(story.terms, ["exchange", "swap", "POWs"]);
    }

    #[test]
    fn stories_by_score_then_newest_and_sections_in_the_given_order() {
        let pending = vec![
            pm(1, "pow", 1, "A", 1.0, 9),
            pm(2, "pow", 2, "A", 5.0, 8),
            pm(3, "pow", 3, "A", 1.0, 10),
            pm(4, "raid", 4, "A", f64::NAN, 10),
            pm(5, "raid", 5, "A", 0.5, 9),
            pm(6, "pow", 1, "B", 0.5, 11), // makes cluster 1 the newest of the 1.0s
        ];
        let d = build("daily", "UTC", &wl(&["raid", "pow"]), pending, at(20, 0));
        let order =
            |i: usize| -> Vec<i64> { d.sections[i].stories.iter().map(|s| s.cluster_id).collect() };
        assert_eq!(d.sections[0].watchlist, "raid");
        assert_eq!(d.sections[0].title, "RAID");
        assert_eq!(order(0), [5, 4]);
        assert_eq!(order(1), [2, 1, 3]);
    }

    #[test]
    fn stories_sent_before_follow_the_new_ones_and_alerts_are_kept() {
        let told = crate::model::Told {
            at: at(7, 0),
            title: "earlier".into(),
        };
        let mut old_a = pm(1, "pow", 1, "A", 9.0, 9);
        let mut old_b = pm(2, "pow", 1, "B", 1.0, 10);
        old_a.sent_before = Some(told.clone());
        old_b.sent_before = Some(told.clone());
        let mut fresh = pm(3, "pow", 2, "C", 1.0, 8);
        fresh.alerted_at = Some(at(8, 30));
        let mut fresh_copy = pm(4, "pow", 2, "D", 0.5, 11);
        fresh_copy.alerted_at = Some(at(11, 30));
        let d = build(
            "daily",
            "UTC",
            &wl(&["pow"]),
            vec![old_a, old_b, fresh, fresh_copy],
            at(20, 0),
        );
        let stories = &d.sections[0].stories;
        assert_eq!(
            stories[0].cluster_id, 2,
            "new before old, whatever the score"
        );
        assert_eq!(stories[0].alerted_at, Some(at(8, 30)), "the first alert");
        assert!(!stories[0].is_follow_up());
        assert_eq!(stories[1].sent_before, Some(told));
        assert_eq!((d.story_count(), d.new_story_count()), (2, 1));
        assert_eq!(d.match_ids, [1, 2, 3, 4], "follow-ups are claimed too");
    }

    #[test]
    fn unknown_watchlists_are_ignored_and_empty_sections_omitted() {
        let pending = vec![pm(1, "other", 1, "A", 9.0, 9), pm(2, "pow", 2, "A", 1.0, 9)];
        let d = build(
            "daily",
            "Europe/Kyiv",
            &wl(&["raid", "pow", "pow"]),
            pending,
            at(20, 0),
        );
        assert_eq!(d.sections.len(), 1);
        assert_eq!(d.sections[0].watchlist, "pow");
        assert_eq!(d.match_ids, [2]);
        assert_eq!(
            (d.name.as_str(), d.timezone.as_str()),
            ("daily", "Europe/Kyiv")
        );
        assert_eq!(d.generated_at, at(20, 0));

        let empty = build("daily", "UTC", &wl(&["pow"]), Vec::new(), at(20, 0));
        assert!(empty.sections.is_empty() && empty.match_ids.is_empty());
    }
}
