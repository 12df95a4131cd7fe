//! `newshound run`: polls on its schedules, keeps going when a feed fails, mails digests on
//! theirs, and exits 0 on SIGTERM after finishing the work in flight.

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{Feed, Rig, seed_feed};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Waits for `cond` with a deadline; the condition, not the sleep, is what the test waits on.
fn wait_until(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_daemon_polls_mails_and_stops_cleanly_on_sigterm() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(MockServer::start());
    let uri = server.uri();
    rt.block_on(async {
        Mock::given(method("GET"))
            .and(path("/good.xml"))
            .respond_with(ResponseTemplate::new(200).set_body_string(seed_feed(&uri)))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/down.xml"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
    });
    let smtp = SmtpServer::start();
    let rig = Rig::new();
    let feeds = [
        Feed {
            name: "Good",
            url: format!("{uri}/good.xml"),
        },
        Feed {
            name: "Down",
            url: format!("{uri}/down.xml"),
        },
    ];
    rig.write_config(&feeds, smtp.port, "");
    // Every second for both feeds, every two seconds for the digest.
    let cfg = std::fs::read_to_string(rig.config_path()).expect("config");
    let cfg = cfg
        .replace(
            "default_poll = \"0 0 * * * *\"",
            "default_poll = \"* * * * * *\"",
        )
        .replace(
            "send = \"0 0 7 * * *\"",
            "send = \"*/2 * * * * *\"\nsend_empty = true",
        );
    std::fs::write(rig.config_path(), cfg).expect("write");

    let child = common::start_daemon(&rig);

    let db = rig.db_path();
    let failures_of_down = || -> i64 {
        let Ok(conn) = rusqlite::Connection::open(&db) else {
            return 0;
        };
        conn.query_row(
            "SELECT consecutive_failures FROM feeds WHERE name = 'Down'",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0)
    };
    wait_until(
        "the failing feed to be polled twice",
        Duration::from_secs(30),
        || failures_of_down() >= 2,
    );
    wait_until("a digest to arrive", Duration::from_secs(30), || {
        !smtp.messages().is_empty()
    });
    let good_items: i64 = rusqlite::Connection::open(&db)
        .and_then(|c| {
            c.query_row(
                "SELECT items_seen FROM feeds WHERE name = 'Good'",
                [],
                |r| r.get(0),
            )
        })
        .expect("good feed state");
    assert_eq!(
        good_items, 5,
        "the good feed was polled alongside the failing one"
    );

    common::stop_daemon(child);
}

/// A rig polling the seed articles `seeds` from a feed at /feed.xml of `web`.
fn seeds_rig(web: &Web, smtp: &SmtpServer, seeds: &[usize]) -> Rig {
    web.set_feed("/feed.xml", common::seed_feed_of(&web.uri(), seeds));
    let rig = Rig::new();
    rig.write_config(
        &[Feed {
            name: "Wire",
            url: web.url("/feed.xml"),
        }],
        smtp.port,
        "",
    );
    rig
}

#[test]
fn a_digest_missed_for_days_is_sent_once_on_start() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = seeds_rig(&web, &smtp, &[4]);
    // An empty digest is sent too, so a second run would be seen.
    common::edit(
        &rig.config_path(),
        "send = \"0 0 7 * * *\"",
        "send = \"0 0 7 * * *\"\nsend_empty = true",
    );
    assert!(rig.run(&["poll", "--once"]).status.success());
    assert!(rig.run(&["digest", "send", "--now"]).status.success());
    assert_eq!(smtp.messages().len(), 1);
    // The digest last ran three days ago: three 07:00 runs were missed while it was down,
    // and a story arrived meanwhile.
    common::sql(
        &rig,
        "UPDATE digest_runs SET last_run_at = datetime('now', '-3 days') || '+00:00'",
    );
    web.set_feed("/feed.xml", common::seed_feed_of(&web.uri(), &[4, 0]));
    assert!(rig.run(&["poll", "--once"]).status.success());

    let daemon = common::start_daemon(&rig);
    wait_until("the missed digest", Duration::from_secs(30), || {
        smtp.messages().len() >= 2
    });
    let runs = || common::sql_column(&rig, "SELECT last_run_at FROM digest_runs");
    let caught_up = runs();
    // The stop drains the work in flight, so a second catch-up queued behind the first
    // would still be sent before the daemon exits.
    common::stop_daemon(daemon);
    assert_eq!(
        smtp.messages().len(),
        2,
        "one catch-up, not one per missed day"
    );
    assert_eq!(runs(), caught_up);
    assert_eq!(
        common::sql_column(&rig, "SELECT COUNT(*) FROM outbox"),
        ["2"]
    );
    let text = common::parts(&smtp.messages()[1]).0;
    assert!(
        common::squash(&text).contains(common::SEED_TITLES[0]),
        "{text}"
    );
}

#[test]
fn the_daemon_sends_an_immediate_alert_soon_after_the_match() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = seeds_rig(&web, &smtp, &[2, 3]);
    common::edit(
        &rig.config_path(),
        "default_poll = \"0 0 * * * *\"",
        "default_poll = \"* * * * * *\"",
    );
    rig.alert_on_pow_exchange();

    let daemon = common::start_daemon(&rig);
    // The upkeep runs every 30 s; the wait is for the condition, with room to spare.
    wait_until("an alert", Duration::from_secs(90), || {
        !smtp.messages().is_empty()
    });
    common::stop_daemon(daemon);
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 1, "the two reports of one event, in one alert");
    let m = common::mime(&inbox[0]);
    assert!(
        m.subject()
            .unwrap_or_default()
            .starts_with("newshound alert: "),
        "{:?}",
        m.subject()
    );
    let text = common::squash(&common::parts(&inbox[0]).0);
    assert!(
        text.contains(common::SEED_TITLES[2]) && text.contains(common::SEED_TITLES[3]),
        "{text}"
    );
    assert_eq!(
        common::sql_column(&rig, "SELECT kind FROM outbox"),
        ["alert"]
    );
}
