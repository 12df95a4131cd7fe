//! Polling a feed again, on 127.0.0.1: a body sent again byte for byte (by a server without
//! validators) is not parsed twice, entries deferred by `max_articles_per_poll` wait in the
//! store and are taken by the next polls without parsing the feed again — behind that
//! shortcut, behind a 304, and after the feed dropped them — and each poll's feed state is on
//! disk once the cycle is over.

mod common;

use common::{Feed, Rig, ok, xml_escape};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A feed server whose answer can be replaced between polls.
struct Site {
    rt: tokio::runtime::Runtime,
    server: MockServer,
}

impl Site {
    fn start() -> Site {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let server = rt.block_on(MockServer::start());
        Site { rt, server }
    }

    /// From now on /feed.xml answers `body`, with `etag` if given (and 304 to it).
    fn serve(&self, body: String, etag: Option<&str>) {
        self.rt.block_on(async {
            self.server.reset().await;
            let mut ok = ResponseTemplate::new(200)
                .insert_header("content-type", "application/rss+xml")
                .set_body_string(body);
            if let Some(tag) = etag {
                ok = ok.insert_header("etag", tag);
                Mock::given(method("GET"))
                    .and(path("/feed.xml"))
                    .and(header("if-none-match", tag))
                    .respond_with(ResponseTemplate::new(304))
                    .with_priority(1)
                    .mount(&self.server)
                    .await;
            }
            Mock::given(method("GET"))
                .and(path("/feed.xml"))
                .respond_with(ok)
                .mount(&self.server)
                .await;
        });
    }

    /// From now on /feed.xml fails with `status`.
    fn fail(&self, status: u16) {
        self.rt.block_on(async {
            self.server.reset().await;
            Mock::given(method("GET"))
                .and(path("/feed.xml"))
                .respond_with(ResponseTemplate::new(status))
                .mount(&self.server)
                .await;
        });
    }

    /// The If-None-Match header of each request for /feed.xml since the last `serve`.
    fn conditions(&self) -> Vec<Option<String>> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .iter()
            .filter(|r| r.url.path() == "/feed.xml")
            .map(|r| {
                r.headers
                    .get("if-none-match")
                    .and_then(|v| v.to_str().ok())
                    .map(String::from)
            })
            .collect()
    }
}

/// An RSS feed of items `0..n` without links, so no article page is fetched.
fn feed(n: usize) -> String {
    let items: String = (0..n)
        .map(|i| {
            format!(
                "<item><title>Item {i}</title><guid>revisit-{i}</guid>\
                 <description>{}</description></item>",
                xml_escape("Officials met again & talked.")
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Revisit</title>{items}</channel></rss>"
    )
}

fn rig(site: &Site) -> Rig {
    let rig = Rig::new();
    rig.write_config(
        &[Feed {
            name: "Revisit",
            url: format!("{}/feed.xml", site.server.uri()),
        }],
        9,
        "",
    );
    rig
}

/// One `poll --once --json` cycle: the feed's report.
fn poll(rig: &Rig) -> Value {
    let out = ok(&rig.run(&["poll", "--once", "--json"]));
    let mut reports: Vec<Value> = serde_json::from_str(&out).expect("poll JSON");
    reports.remove(0)
}

/// `(outcome, entries parsed, new entries, deferred)` of a report.
fn summary(r: &Value) -> (String, u64, u64, u64) {
    (
        r["outcome"].as_str().unwrap_or_default().to_string(),
        r["entries"].as_u64().unwrap_or(99),
        r["new_entries"].as_u64().unwrap_or(99),
        r["deferred"].as_u64().unwrap_or(99),
    )
}

fn outcome(o: &str, entries: u64, new: u64, deferred: u64) -> (String, u64, u64, u64) {
    (o.to_string(), entries, new, deferred)
}

/// The feed's health as another process (`feeds --json`) reads it from the database.
fn health(rig: &Rig) -> Value {
    let out = ok(&rig.run(&["feeds", "--json"]));
    let mut feeds: Vec<Value> = serde_json::from_str(&out).expect("feeds JSON");
    feeds.remove(0)
}

#[test]
fn a_feed_sent_again_byte_for_byte_is_not_parsed_again() {
    let site = Site::start();
    let rig = rig(&site);
    site.serve(feed(3), None);
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 3, 3, 0));
    let second = poll(&rig);
    assert_eq!(summary(&second), outcome("unchanged", 0, 0, 0), "{second}");
    let out = ok(&rig.run(&["poll", "--once"]));
    assert!(out.contains("same    Revisit: 0 entries"), "{out}");
    assert!(
        out.contains("0 fetched, 0 not modified, 1 unchanged, 0 failed"),
        "{out}"
    );
    let h = health(&rig);
    assert_eq!(
        (h["items_seen"].as_i64(), h["consecutive_failures"].as_i64()),
        (Some(3), Some(0)),
        "{h}"
    );

    // One new item changes the body: parsed again, and only the new item is new.
    site.serve(feed(4), None);
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 4, 1, 0));
    // The old body again is not the last one processed: parsed, nothing new.
    site.serve(feed(3), None);
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 3, 0, 0));
    assert_eq!(summary(&poll(&rig)), outcome("unchanged", 0, 0, 0));

    // A failure is recorded too, where the next process sees it, and the body sent again
    // after it is still known.
    site.fail(500);
    // The one feed failed: the cycle reports it and exits 1, not one feed having been read.
    let out = rig.run(&["poll", "--once", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let reports: Vec<Value> = serde_json::from_str(&common::stdout(&out)).expect("poll JSON");
    assert_eq!(reports[0]["outcome"], "failed");
    let h = health(&rig);
    assert_eq!(h["consecutive_failures"], 1, "{h}");
    assert!(
        h["last_error"].as_str().unwrap_or_default().contains("500"),
        "{h}"
    );
    site.serve(feed(3), None);
    let out = ok(&rig.run(&["poll", "--once", "--force", "--json"]));
    let reports: Vec<Value> = serde_json::from_str(&out).expect("poll JSON");
    assert_eq!(summary(&reports[0]), outcome("unchanged", 0, 0, 0));
    assert_eq!(health(&rig)["consecutive_failures"], 0);
}

#[test]
fn deferred_entries_wait_in_the_store_and_the_same_body_is_not_parsed_again() {
    let site = Site::start();
    let rig = rig(&site);
    rig.edit_config(|c| c.replacen("[fetch]\n", "[fetch]\nmax_articles_per_poll = 2\n", 1));
    site.serve(feed(5), None);
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 5, 2, 3));
    // The same body: not parsed (0 entries read), the next two taken from the backlog.
    assert_eq!(summary(&poll(&rig)), outcome("unchanged", 0, 2, 1));
    assert_eq!(summary(&poll(&rig)), outcome("unchanged", 0, 1, 0));
    assert_eq!(summary(&poll(&rig)), outcome("unchanged", 0, 0, 0));
    assert_eq!(health(&rig)["items_seen"], 5);
}

#[test]
fn deferred_entries_are_not_hidden_behind_a_304() {
    let site = Site::start();
    let rig = rig(&site);
    rig.edit_config(|c| c.replacen("[fetch]\n", "[fetch]\nmax_articles_per_poll = 3\n", 1));
    site.serve(feed(5), Some("\"v1\""));
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 5, 3, 2));
    assert_eq!(summary(&poll(&rig)), outcome("not_modified", 0, 2, 0));
    assert_eq!(summary(&poll(&rig)), outcome("not_modified", 0, 0, 0));
    assert_eq!(
        site.conditions(),
        [None, Some("\"v1\"".to_string()), Some("\"v1\"".to_string())],
        "the validators are stored with the backlog that covers the rest"
    );
    assert_eq!(health(&rig)["items_seen"], 5);
}

#[test]
fn deferred_entries_the_feed_dropped_meanwhile_are_still_processed() {
    let site = Site::start();
    let rig = rig(&site);
    rig.edit_config(|c| c.replacen("[fetch]\n", "[fetch]\nmax_articles_per_poll = 2\n", 1));
    site.serve(feed(5), None);
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 5, 2, 3));
    // A new body with only one old item: the three waiting go first, nothing is lost.
    site.serve(feed(1), None);
    assert_eq!(summary(&poll(&rig)), outcome("fetched", 1, 2, 1));
    assert_eq!(summary(&poll(&rig)), outcome("unchanged", 0, 1, 0));
    assert_eq!(health(&rig)["items_seen"], 5);
}
