//! Story grouping reads what is stored: `poll --once` run beside the daemon records a report
//! of an event, and the daemon, polling another outlet's report of the same event a moment
//! later, files it under the same story — not a second one its own memory would make.

mod common;

use common::web::Web;
use common::{Rig, feed_table, ok, seed_feed_of, sql_column, try_sql_column, wait_until};
use std::time::Duration;

#[test]
fn the_daemon_groups_with_a_story_another_process_recorded() {
    let web = Web::start();
    // Seeds 2 and 3 are two outlets' reports of the Belgorod captives; seed 0 is unrelated.
    web.set_feed("/a.xml", seed_feed_of(&web.uri(), &[0]));
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), &[]));
    let rig = Rig::new();
    rig.write_config(
        &[],
        9,
        &format!(
            "{}{}",
            feed_table("A", &web.url("/a.xml"), "poll = \"* * * * * *\""),
            feed_table("B", &web.url("/b.xml"), "")
        ),
    );
    let daemon = common::start_daemon(&rig);
    // Until the daemon has created the database and its tables there is nothing to count.
    let entries = |rig: &Rig| {
        try_sql_column(rig, "SELECT COUNT(*) FROM entries")
            .map(|c| c[0].clone())
            .unwrap_or_default()
    };
    wait_until(
        "the daemon to record seed 0",
        Duration::from_secs(30),
        || entries(&rig) == "1",
    );

    // Another process records outlet B's report.
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), &[2]));
    ok(&rig.run(&["poll", "--once"]));
    assert_eq!(entries(&rig), "2");

    // The daemon then reads outlet A's report of the same event.
    web.set_feed("/a.xml", seed_feed_of(&web.uri(), &[0, 3]));
    wait_until(
        "the daemon to record seed 3",
        Duration::from_secs(30),
        || entries(&rig) == "3",
    );
    common::stop_daemon(daemon);
    let clusters = sql_column(
        &rig,
        "SELECT cluster_id FROM entries WHERE link LIKE '%seed-002%' OR link LIKE '%seed-003%' ORDER BY id",
    );
    assert_eq!(clusters.len(), 2);
    assert_eq!(
        clusters[0], clusters[1],
        "one event, one story, whichever process recorded each report"
    );
}

/// The stories of `digest preview --json`: each story's report urls, lead first.
fn previewed_stories(rig: &Rig) -> Vec<Vec<String>> {
    let out = ok(&rig.run(&["digest", "preview", "daily", "--json"]));
    let digest: serde_json::Value = serde_json::from_str(&out).expect("preview --json is JSON");
    let mut stories = Vec::new();
    for section in digest["sections"].as_array().expect("sections") {
        assert!(section["watchlist"].is_string() && section["title"].is_string());
        for story in section["stories"].as_array().expect("stories") {
            let reports = story["reports"].as_array().expect("reports");
            for r in reports {
                for field in ["url", "outlet", "title", "published"] {
                    assert!(r[field].is_string(), "{field} in {r}");
                }
                assert!(r["lang"].is_null() || r["lang"] == "en", "{r}");
            }
            assert_eq!(
                reports[0]["lang"], "en",
                "the lead's language: {}",
                reports[0]
            );
            stories.push(
                reports
                    .iter()
                    .map(|r| r["url"].as_str().unwrap_or_default().to_string())
                    .collect(),
            );
        }
    }
    stories
}

/// One poll of a feed carrying two outlets' reports of the Belgorod captives (seeds 2 and
/// 3), the second dated `second` (an RFC 2822 date).
fn poll_both_reports(second: &str) -> (Rig, Vec<Vec<String>>) {
    let web = Web::start();
    let feed = seed_feed_of(&web.uri(), &[2, 3]).replace("Sun, 04 Jun 2023 13:00:00 GMT", second);
    web.set_feed("/a.xml", feed);
    let rig = Rig::new();
    rig.write_config(&[], 9, &feed_table("A", &web.url("/a.xml"), ""));
    ok(&rig.run(&["poll", "--once"]));
    let stories = previewed_stories(&rig);
    (rig, stories)
}

#[test]
fn two_reports_of_one_event_are_one_story_in_the_previewed_digest() {
    let (rig, stories) = poll_both_reports("Sun, 04 Jun 2023 13:00:00 GMT");
    let with_both: Vec<_> = stories.iter().filter(|s| s.len() == 2).collect();
    assert_eq!(
        with_both.len(),
        1,
        "one story with both reports: {stories:?}"
    );
    assert!(with_both[0].iter().any(|u| u.contains("seed-002")));
    assert!(with_both[0].iter().any(|u| u.contains("seed-003")));

    // `story` says why, from what is stored.
    let e = story(&rig, &with_both[0][1]);
    let others = e["in_story"].as_array().expect("in_story");
    assert_eq!(others.len(), 1, "{e}");
    assert_eq!(others[0]["evidence"]["same_story"], true, "{e}");
    let why = others[0]["why"].as_str().unwrap_or_default();
    assert!(why.starts_with("one story: "), "{why}");
    let text = ok(&rig.run(&["story", &with_both[0][1]]));
    assert!(
        text.contains("story ") && text.contains("2 report(s)"),
        "{text}"
    );
}

/// `newshound story URL --json`, parsed.
fn story(rig: &Rig, url: &str) -> serde_json::Value {
    let out = ok(&rig.run(&["story", url, "--json"]));
    serde_json::from_str(&out).expect("story --json is JSON")
}

#[test]
fn reports_dated_a_month_apart_are_two_stories_though_one_poll_found_both() {
    // A feed's back catalogue arrives in one poll; by the time they were seen the two would
    // be one week's news, by the dates they give they are a month apart.
    let (rig, stories) = poll_both_reports("Tue, 04 Jul 2023 13:00:00 GMT");
    assert!(
        stories.iter().all(|s| s.len() == 1),
        "a report a month later is another story: {stories:?}"
    );
    let urls: Vec<&String> = stories.iter().flatten().collect();
    assert!(
        urls.iter().any(|u| u.contains("seed-002")) && urls.iter().any(|u| u.contains("seed-003"))
    );
    let later = urls
        .iter()
        .find(|u| u.contains("seed-003"))
        .expect("seed 3");
    let e = story(&rig, later);
    assert!(
        e["in_story"].as_array().expect("in_story").is_empty(),
        "{e}"
    );
    let apart = e["apart"].as_array().expect("apart");
    let why = apart
        .iter()
        .find(|n| {
            n["report"]["link"]
                .as_str()
                .is_some_and(|l| l.contains("seed-002"))
        })
        .and_then(|n| n["why"].as_str())
        .unwrap_or_default();
    assert_eq!(why, "two stories: told over 3 days apart", "{e}");
    let missing = rig.run(&["story", "999999"]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "an unknown id is a usage error"
    );
}
