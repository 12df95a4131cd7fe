//! Bad input gets a clear error naming the feed, URL or config line, and the rest goes on.

mod common;

use common::web::Web;
use common::{Rig, ok, seed_feed, stderr};
use std::time::Duration;
use wiremock::ResponseTemplate;

#[test]
fn broken_feeds_are_reported_and_the_good_one_is_still_polled() {
    let web = Web::empty();
    web.get(
        "/malformed.xml",
        ResponseTemplate::new(200).set_body_string("<html><body>this is not a feed"),
    );
    web.get("/500.xml", ResponseTemplate::new(500));
    web.get(
        "/slow.xml",
        ResponseTemplate::new(200)
            .set_delay(Duration::from_secs(6))
            .set_body_string(seed_feed(&web.uri())),
    );
    web.get(
        "/good.xml",
        ResponseTemplate::new(200).set_body_string(seed_feed(&web.uri())),
    );
    let feeds = [
        ("Malformed", web.url("/malformed.xml")),
        ("Broken server", web.url("/500.xml")),
        ("Slow", web.url("/slow.xml")),
        ("Good", web.url("/good.xml")),
        // Port 9 (discard) has no listener here: the connection is refused.
        ("Closed", "http://127.0.0.1:9/feed.xml".to_string()),
    ];
    let rig = Rig::polling(&feeds, 9, "");
    let out = ok(&rig.run(&["poll", "--once", "--json"]));
    let reports: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let by_name = |n: &str| {
        reports
            .as_array()
            .and_then(|a| a.iter().find(|r| r["feed"] == n))
            .cloned()
            .expect(n)
    };

    // Each error leads with what to do about it, the raw cause after it.
    let error_of = |n: &str| by_name(n)["error"].as_str().unwrap_or_default().to_string();
    assert_eq!(by_name("Malformed")["outcome"], "failed");
    let malformed = error_of("Malformed");
    assert!(
        malformed.starts_with("not a feed: the server returned a web page")
            && malformed.contains("/malformed.xml"),
        "{malformed}"
    );
    let broken = error_of("Broken server");
    assert!(
        broken.starts_with("the server failed") && broken.contains("/500.xml: HTTP 500"),
        "{broken}"
    );
    let slow = error_of("Slow");
    assert!(
        slow.starts_with("the server did not answer in time")
            && slow.contains("/slow.xml: timed out"),
        "{slow}"
    );
    let closed = error_of("Closed");
    assert!(
        closed.starts_with("the server refused the connection — are the host and port right"),
        "{closed}"
    );
    // The good feed's article links point at pages this server does not have: the feed's
    // own text stands in, and the failure is named.
    let good = by_name("Good");
    assert_eq!(good["outcome"], "fetched", "{good}");
    assert_eq!(good["new_entries"], 5, "{good}");
    assert!(
        good["article_errors"][0]
            .as_str()
            .is_some_and(|e| e.contains("404")),
        "{good}"
    );

    let raw = ok(&rig.run(&["feeds", "--json"]));
    let health: serde_json::Value = serde_json::from_str(&raw).expect("JSON");
    // Each key once per feed: a parser that keeps the last of two would hide a repeat.
    let rows = health.as_array().expect("array").len();
    for key in ["\"name\":", "\"url\":", "\"status\":"] {
        assert_eq!(
            raw.matches(key).count(),
            rows,
            "{key} once per feed:\n{raw}"
        );
    }
    let failing: Vec<&str> = health
        .as_array()
        .expect("array")
        .iter()
        .filter(|f| f["status"] == "failing")
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(failing, ["Malformed", "Broken server", "Slow", "Closed"]);

    // The table gives times in the configured zone, named, and the error's advice.
    let table = ok(&rig.run(&["feeds"]));
    let row = |n: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{n} ")))
            .unwrap_or_else(|| panic!("{n} not in\n{table}"))
            .to_string()
    };
    assert!(
        row("Good").contains(" EET") || row("Good").contains(" EEST"),
        "{table}"
    );
    assert!(
        row("Malformed").contains("not a feed: the server returned a web page"),
        "{table}"
    );
}

#[test]
fn invalid_config_values_are_located_and_exit_2() {
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    let mut cfg = std::fs::read_to_string(rig.config_path()).expect("config");
    cfg = cfg.replace(
        "default_poll = \"0 0 * * * *\"",
        "default_poll = \"*/15 * * * *\"",
    );
    cfg = cfg.replace(
        "timezone = \"Europe/Kyiv\"",
        "timezone = \"Europe/Kiev-ish\"",
    );
    cfg.push_str("[[feed]]\nname = \"Bad\"\nurl = \"ftp://example.org/feed\"\n");
    std::fs::write(rig.config_path(), &cfg).expect("write");
    let out = rig.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let file = rig.config_path().display().to_string();
    assert!(
        err.contains(&format!(
            "{file}:2:16: invalid cron expression \"*/15 * * * *\""
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:3:12: unknown time zone \"Europe/Kiev-ish\""
        )),
        "{err}"
    );
    assert!(err.contains("url scheme \"ftp\" is not supported"), "{err}");
}

#[test]
fn an_unknown_key_is_an_error_with_its_place() {
    let rig = Rig::new();
    rig.write_config(&[], 9, "[fetch2]\ntimeout = 3\n");
    let out = rig.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:27:2: unknown key `fetch2` at the top level; did you mean `fetch`?",
            rig.config_path().display()
        )),
        "{err}"
    );
}

#[test]
fn a_broken_watchlist_query_is_located_in_the_watchlists_file() {
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    std::fs::write(
        rig.dir.path().join("watchlists.toml"),
        "[[watchlist]]\nid = \"pow-exchange\"\nquery = '\"prisoner swap\" AND (POW'\n\n\
         [[watchlist]]\nid = \"cross-border-incursion\"\nquery = 'incursion'\n",
    )
    .expect("write");
    let out = rig.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("watchlists.toml:3:"), "{err}");
    assert!(err.contains("pow-exchange"), "{err}");
}

#[test]
fn the_shipped_config_checks_clean() {
    let cfg = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/newshound.toml");
    let out = assert_cmd::Command::cargo_bin("newshound")
        .expect("binary")
        .args(["-c", cfg.to_str().expect("utf-8 path"), "check"])
        .env_remove("STATE_DIRECTORY")
        .output()
        .expect("run");
    let text = ok(&out);
    assert!(
        text.contains("watchlists: 2 (pow-exchange, cross-border-incursion)"),
        "{text}"
    );
}
