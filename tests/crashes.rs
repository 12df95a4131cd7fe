//! A bug triggered by one feed's data costs that feed's poll and nothing else: the panic is
//! recorded as the feed's failure, the cycle goes on, the daemon releases the feed's
//! "running" flag and polls it again at its next tick, and `/healthz` tells. The panics are
//! set off with a failpoint (`NEWSHOUND_FAILPOINTS`), as no known input panics any more.

mod common;

use common::beside::{plain_feed, rss};
use common::daemon_http::{listening_address, request, start_logged_with};
use common::web::Web;
use common::{Rig, ok, sql_column, try_sql_column, wait_until};
use serde_json::Value;
use std::time::Duration;

fn rig_with_two(site: &Web) -> Rig {
    site.get("/bad.xml", rss(plain_feed("bad", 2)));
    site.get("/good.xml", rss(plain_feed("good", 3)));
    Rig::polling(
        &[
            ("Bad", site.url("/bad.xml")),
            ("Good", site.url("/good.xml")),
        ],
        9,
        "",
    )
}

#[test]
fn a_panic_in_one_feeds_poll_is_its_failure_and_the_cycle_goes_on() {
    let site = Web::empty();
    let rig = rig_with_two(&site);
    let out = assert_cmd::Command::cargo_bin("newshound")
        .expect("binary")
        .arg("-c")
        .arg(rig.config_path())
        .args(["poll", "--once", "--json"])
        .env("NEWSHOUND_FAILPOINTS", "poll=panic:Bad")
        .env_remove("STATE_DIRECTORY")
        .output()
        .expect("run");
    let reports: Vec<Value> = serde_json::from_str(&ok(&out)).expect("JSON");
    let by = |n: &str| reports.iter().find(|r| r["feed"] == n).expect(n).clone();
    let bad = by("Bad");
    assert_eq!(bad["outcome"], "failed", "{bad}");
    assert_eq!(bad["crashed"], true, "{bad}");
    assert!(
        bad["error"]
            .as_str()
            .unwrap_or_default()
            .contains("newshound crashed while polling this feed"),
        "{bad}"
    );
    assert_eq!(by("Good")["new_entries"], 3);
    // Recorded where `feeds` and the digest's footer read it, with a backoff.
    assert_eq!(
        sql_column(
            &rig,
            "SELECT consecutive_failures FROM feeds WHERE name = 'Bad'"
        ),
        ["1"]
    );
}

#[test]
fn the_daemon_polls_a_crashing_feed_again_and_healthz_names_it() {
    let site = Web::empty();
    let rig = rig_with_two(&site);
    rig.edit_config(|c| {
        common::every_second(c).replace("[fetch]\n", "[fetch]\nbackoff_base_secs = 0\n")
            + "[http]\nlisten = \"127.0.0.1:0\"\n"
    });
    let log = rig.dir.path().join("daemon.log");
    let daemon = start_logged_with(&rig, &log, &[("NEWSHOUND_FAILPOINTS", "poll=panic:Bad")]);
    let addr = listening_address(&log);
    // Not "still running from its previous tick" forever: the feed is polled (and crashes)
    // again and again.
    wait_until(
        "three crashed polls of Bad",
        Duration::from_secs(30),
        || {
            try_sql_column(
                &rig,
                "SELECT consecutive_failures FROM feeds WHERE name = 'Bad'",
            )
            .unwrap_or_default()
            .first()
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n >= 3)
        },
    );
    let health = request(&addr, "GET", "/healthz");
    assert_eq!(health.status, 503, "{}", health.body);
    let body: Value = serde_json::from_str(&health.body).expect("JSON");
    let problems = body["problems"].to_string();
    assert!(
        problems.contains("feed \\\"Bad\\\": its last run crashed at"),
        "{problems}"
    );
    assert!(!problems.contains("Good"), "{problems}");
    assert_eq!(
        sql_column(&rig, "SELECT items_seen FROM feeds WHERE name = 'Good'"),
        ["3"]
    );
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !text.contains("still running from its previous tick"),
        "{text}"
    );
    common::stop_daemon(daemon);
}

#[test]
fn a_digest_run_that_panics_releases_its_flag_and_runs_again() {
    let site = Web::empty();
    let rig = rig_with_two(&site);
    rig.edit_config(|c| {
        c.replace("send = \"0 0 7 * * *\"", "send = \"* * * * * *\"")
            + "[http]\nlisten = \"127.0.0.1:0\"\n"
    });
    let log = rig.dir.path().join("daemon.log");
    let daemon = start_logged_with(
        &rig,
        &log,
        &[("NEWSHOUND_FAILPOINTS", "digest=panic:daily")],
    );
    let addr = listening_address(&log);
    let crashes = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .matches("the task crashed")
            .count()
    };
    wait_until("three crashed digest runs", Duration::from_secs(30), || {
        crashes() >= 3
    });
    let health = request(&addr, "GET", "/healthz");
    assert_eq!(health.status, 503, "{}", health.body);
    assert!(
        health
            .body
            .contains("digest \\\"daily\\\": its last run crashed at"),
        "{}",
        health.body
    );
    assert!(health.body.contains("failpoint digest"), "{}", health.body);
    common::stop_daemon(daemon);
}
