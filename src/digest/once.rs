//! Telling a story once: one event can match several watchlists of a digest (a raid whose
//! raiders offer their captives for exchange is both an incursion and a POW story). Readers
//! should read it once, so it stays in full under the first section it appears in, in the
//! digest's watchlist order, and the later sections only name it. Nothing is dropped: an outlet
//! only a later watchlist matched joins the full story's other reports.

use crate::model::{CrossRef, DigestSection, Report, Story};
use std::collections::HashMap;

/// Moves every story an earlier section already tells into `told_above`, keeping the order of
/// what is left, and adds the reports it brings to the story told in full.
pub(super) fn tell_once(sections: &mut [DigestSection]) {
    // Cluster id -> (section, story) where the story is told in full.
    let mut told: HashMap<i64, (usize, usize)> = HashMap::new();
    for at in 0..sections.len() {
        let (before, rest) = sections.split_at_mut(at);
        let here = &mut rest[0];
        let stories = std::mem::take(&mut here.stories);
        for story in stories {
            match told.get(&story.cluster_id) {
                Some(&(section, index)) => {
                    let first = &mut before[section];
                    let full = &mut first.stories[index];
                    add_reports(full, &story);
                    here.told_above.push(CrossRef {
                        cluster_id: story.cluster_id,
                        title: shown_title(full).to_owned(),
                        watchlist: first.watchlist.clone(),
                        watchlist_title: first.title.clone(),
                    });
                }
                None => {
                    told.insert(story.cluster_id, (at, here.stories.len()));
                    here.stories.push(story);
                }
            }
        }
    }
}

/// The headline a story is told under: a follow-up shows the one its readers were first told.
fn shown_title(story: &Story) -> &str {
    story
        .sent_before
        .as_ref()
        .map_or(story.lead.title.as_str(), |t| t.title.as_str())
}

/// Adds to `full` the reports of `other` (the same story under another watchlist) it lacks,
/// an article being the same when its address or its outlet and headline are.
fn add_reports(full: &mut Story, other: &Story) {
    let same = |a: &Report, b: &Report| {
        a.url == b.url
            || (a.outlet == b.outlet && a.title.trim().eq_ignore_ascii_case(b.title.trim()))
    };
    for report in std::iter::once(&other.lead).chain(&other.also) {
        let known = std::iter::once(&full.lead)
            .chain(&full.also)
            .any(|r| same(r, report));
        if !known {
            full.also.push(report.clone());
        }
    }
    // `also` is oldest first, as `build` orders it.
    full.also.sort_by_key(|a| a.published);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Told;
    use chrono::{TimeZone, Utc};

    fn report(outlet: &str, hour: u32) -> Report {
        Report {
            outlet: outlet.into(),
            label: None,
            title: format!("{outlet} headline"),
            url: format!("https://{outlet}.example/a"),
            published: Some(Utc.with_ymd_and_hms(2023, 6, 4, hour, 0, 0).unwrap()),
        }
    }

    fn story(cluster_id: i64, lead: Report, also: Vec<Report>) -> Story {
        Story {
            cluster_id,
            id: cluster_id * 10,
            lead,
            also,
            score: 1.0,
            terms: Vec::new(),
            snippet: String::new(),
            marks: Vec::new(),
            sent_before: None,
            alerted_at: None,
            model: None,
            clauses: Vec::new(),
        }
    }

    fn section(id: &str, stories: Vec<Story>) -> DigestSection {
        DigestSection {
            watchlist: id.into(),
            title: id.to_uppercase(),
            stories,
            told_above: Vec::new(),
        }
    }

    #[test]
    fn a_shared_story_stays_under_the_first_section_and_is_named_under_the_next() {
        let mut sections = vec![
            section("pow", vec![story(7, report("a", 9), vec![report("b", 12)])]),
            section(
                "raid",
                vec![
                    story(8, report("c", 8), Vec::new()),
                    // Outlet "d" only matched the second watchlist: it joins the full story.
                    story(7, report("b", 12), vec![report("d", 10)]),
                ],
            ),
        ];
        tell_once(&mut sections);
        let full = &sections[0].stories[0];
        let also: Vec<&str> = full.also.iter().map(|r| r.outlet.as_str()).collect();
        assert_eq!(also, ["d", "b"]);
        let clusters: Vec<i64> = sections[1].stories.iter().map(|s| s.cluster_id).collect();
        assert_eq!(clusters, [8]);
        assert_eq!(
            sections[1].told_above,
            [CrossRef {
                cluster_id: 7,
                title: "a headline".into(),
                watchlist: "pow".into(),
                watchlist_title: "POW".into(),
            }]
        );
        assert!(sections[0].told_above.is_empty());
    }

    #[test]
    fn a_follow_up_is_named_by_the_headline_its_readers_know() {
        let mut old = story(7, report("a", 9), Vec::new());
        old.sent_before = Some(Told {
            at: Utc.with_ymd_and_hms(2023, 6, 3, 7, 0, 0).unwrap(),
            title: "first told".into(),
        });
        let mut sections = vec![
            section("pow", vec![old.clone()]),
            section("raid", vec![old]),
        ];
        tell_once(&mut sections);
        assert!(sections[1].stories.is_empty());
        assert_eq!(sections[1].told_above[0].title, "first told");
    }
}
