//! The `[http]` listener of `newshound run`: `/metrics` scraped and parsed after real polls
//! and a real digest, its counters checked against the database and the SMTP server;
//! `/healthz`; the listener surviving a reload and closing with the daemon; a taken port and a
//! remote address refused with clear messages. Everything on 127.0.0.1.

mod common;

use common::daemon_http::{listening_address, request, start_logged};
use common::prom::Exposition;
use common::smtp::SmtpServer;
use common::web::Web;
use common::{Feed, Rig, seed_feed};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

fn scrape(addr: &str) -> Exposition {
    let r = request(addr, "GET", "/metrics");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.head
            .contains("content-type: text/plain; version=0.0.4; charset=utf-8"),
        "{}",
        r.head
    );
    Exposition::parse(&r.body)
}

/// `(key, count)` rows of a grouped query, as a map.
fn counts(rig: &Rig, query: &str) -> std::collections::BTreeMap<String, f64> {
    let conn = rusqlite::Connection::open(rig.db_path()).expect("database");
    let mut stmt = conn.prepare(query).expect("query");
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))
        .and_then(|rows| rows.collect())
        .expect("rows")
}

#[test]
fn metrics_count_what_the_daemon_did_and_survive_a_reload() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    web.set_feed("/feed.xml", seed_feed(&web.uri()));
    web.set_feed(
        "/quiet.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quiet</title>\
         <link>http://127.0.0.1/</link><description>nothing</description></channel></rss>"
            .into(),
    );
    let rig = Rig::new();
    // Down is not served: 404, then backoff.
    let feeds = [
        ("Wire", "/feed.xml"),
        ("Quiet", "/quiet.xml"),
        ("Down", "/down.xml"),
    ]
    .map(|(name, p)| Feed {
        name,
        url: web.url(p),
    });
    rig.write_config(&feeds, smtp.port, "[http]\nlisten = \"127.0.0.1:0\"\n");
    rig.edit_config(|c| {
        c.replace("\"0 0 * * * *\"", "\"* * * * * *\"")
            .replace("\"0 0 7 * * *\"", "\"* * * * * *\"")
    });
    let log = rig.dir.path().join("daemon.log");
    let daemon = start_logged(&rig, &log);
    let addr = listening_address(&log);

    // Done when the seed feed's five entries are in, the broken feed failed once and was
    // then skipped, and the digest of the matches went out.
    let mut m = Exposition::default();
    common::wait_until("a poll cycle and a digest", Duration::from_secs(60), || {
        m = scrape(&addr);
        let articles = m.value("newshound_articles_processed_total", &[("source", "page")])
            + m.value("newshound_articles_processed_total", &[("source", "feed")]);
        articles == 5.0
            && m.value("newshound_polls_total", &[("outcome", "failed")]) == 1.0
            && m.value("newshound_polls_total", &[("outcome", "backoff")]) >= 1.0
            && m.value("newshound_digests_sent_total", &[("digest", "daily")]) == 1.0
    });

    assert_eq!(m.types["newshound_polls_total"], "counter");
    assert_eq!(
        m.types["newshound_feed_fetch_duration_seconds"],
        "histogram"
    );
    assert_eq!(m.types["newshound_outbox_depth"], "gauge");
    assert_eq!(m.value("newshound_up", &[]), 1.0);
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        m.value("newshound_build_info", &[("version", version)]),
        1.0
    );

    let fetched = m.value("newshound_polls_total", &[("outcome", "fetched")]);
    let not_modified = m.value("newshound_polls_total", &[("outcome", "not_modified")]);
    let unchanged = m.value("newshound_polls_total", &[("outcome", "unchanged")]);
    assert!(fetched >= 2.0, "both served feeds were fetched: {fetched}");
    // Every poll that made a request was timed; the skipped ones were not.
    let timed = m.value("newshound_feed_fetch_duration_seconds_count", &[]);
    assert_eq!(timed, fetched + not_modified + unchanged + 1.0);
    let mut previous = 0.0;
    for s in m
        .samples
        .iter()
        .filter(|s| s.name == "newshound_feed_fetch_duration_seconds_bucket")
    {
        assert!(s.value >= previous, "buckets are cumulative: {s:?}");
        previous = s.value;
    }
    assert_eq!(
        m.value(
            "newshound_feed_fetch_duration_seconds_bucket",
            &[("le", "+Inf")]
        ),
        timed
    );
    assert!(m.value("newshound_feed_fetch_duration_seconds_sum", &[]) > 0.0);

    // The article and match counters agree with what the store recorded.
    let sources = counts(
        &rig,
        "SELECT text_source, COUNT(*) FROM entries GROUP BY text_source",
    );
    for source in ["page", "feed"] {
        assert_eq!(
            m.value("newshound_articles_processed_total", &[("source", source)]),
            sources.get(source).copied().unwrap_or(0.0),
            "{source}"
        );
    }
    let matched = counts(
        &rig,
        "SELECT watchlist, COUNT(*) FROM matches GROUP BY watchlist",
    );
    assert!(
        matched.get("pow-exchange").is_some_and(|n| *n >= 1.0),
        "{matched:?}"
    );
    for w in ["pow-exchange", "cross-border-incursion"] {
        assert_eq!(
            m.value("newshound_matches_total", &[("watchlist", w)]),
            matched.get(w).copied().unwrap_or(0.0),
            "{w}"
        );
    }

    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(
        m.value("newshound_digest_failures_total", &[("digest", "daily")]),
        0.0
    );
    assert!(m.value("newshound_digest_runs_total", &[("digest", "daily")]) >= 1.0);
    assert_eq!(m.value("newshound_outbox_depth", &[]), 0.0);
    assert_eq!(m.value("newshound_feeds_backing_off", &[]), 1.0);
    assert_eq!(m.value("newshound_feeds", &[]), 3.0);
    assert_eq!(
        m.value("newshound_store_errors_total", &[("work", "poll")]),
        0.0
    );

    let health = request(&addr, "GET", "/healthz");
    assert_eq!(health.status, 200, "{}", health.body);
    assert!(health.head.contains("content-type: application/json"));
    assert_eq!(health.body.trim(), "{\"status\":\"ok\"}");
    let head = request(&addr, "HEAD", "/metrics");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    let post = request(&addr, "POST", "/metrics");
    assert_eq!(post.status, 405);
    assert!(post.head.contains("allow: get, head"), "{}", post.head);
    assert_eq!(request(&addr, "GET", "/").status, 404);

    // A reload swaps the services under the listener; the counters carry over.
    let hup = Command::new("kill")
        .args(["-HUP", &daemon.id().to_string()])
        .status()
        .expect("kill");
    assert!(hup.success());
    common::wait_until("the reload", Duration::from_secs(30), || {
        std::fs::read_to_string(&log).is_ok_and(|t| t.contains("config reloaded"))
    });
    let after = scrape(&addr);
    assert_eq!(
        after.value("newshound_polls_total", &[("outcome", "failed")]),
        1.0
    );
    assert!(after.value("newshound_polls_total", &[("outcome", "fetched")]) >= fetched);
    assert_eq!(
        after.value("newshound_digests_sent_total", &[("digest", "daily")]),
        1.0
    );
    assert_eq!(request(&addr, "GET", "/healthz").status, 200);

    common::stop_daemon(daemon);
    assert!(
        TcpStream::connect(&addr).is_err(),
        "the listener closed with the daemon"
    );
}

#[test]
fn a_taken_port_is_a_clear_start_up_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("address");
    let smtp = SmtpServer::start();
    let rig = Rig::new();
    rig.write_config(&[], smtp.port, &format!("[http]\nlisten = \"{addr}\"\n"));
    let out = rig.run(&["run"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let err = common::stderr(&out);
    assert!(
        err.contains(&format!(
            "cannot listen on {addr} for /healthz and /metrics"
        )) && err.contains("change [http] listen in the config"),
        "{err}"
    );
}

#[test]
fn check_refuses_a_remote_listener_unless_allowed() {
    let smtp = SmtpServer::start();
    let rig = Rig::new();
    rig.write_config(&[], smtp.port, "[http]\nlisten = \"0.0.0.0:9464\"\n");
    let text = std::fs::read_to_string(rig.config_path()).expect("config");
    let line = text
        .lines()
        .position(|l| l.starts_with("listen = "))
        .expect("the listen line")
        + 1;
    let out = rig.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains(&format!(
            "newshound.toml:{line}:10: [http] listen 0.0.0.0:9464 is reachable from other machines"
        )),
        "{err}"
    );
    rig.edit_config(|c| c.replace("listen = ", "allow_remote = true\nlisten = "));
    common::ok(&rig.run(&["check"]));
}
