//! `newshound run`: polls on its schedules, backs off a failing feed while polling the others,
//! mails digests on their schedules, and exits 0 on SIGTERM after finishing the work in flight.

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{Rig, seed_feed, wait_until};
use std::time::Duration;
use wiremock::ResponseTemplate;

#[test]
fn the_daemon_polls_mails_and_stops_cleanly_on_sigterm() {
    let web = Web::empty();
    web.get(
        "/good.xml",
        ResponseTemplate::new(200).set_body_string(seed_feed(&web.uri())),
    );
    web.get("/down.xml", ResponseTemplate::new(503));
    let smtp = SmtpServer::start();
    let rig = Rig::polling(
        &[
            ("Good", web.url("/good.xml")),
            ("Down", web.url("/down.xml")),
        ],
        smtp.port,
        "",
    );
    // Every second for both feeds, every two seconds for the digest.
    let cfg = std::fs::read_to_string(rig.config_path()).expect("config");
    let cfg = common::every_second(cfg).replace(
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
    wait_until("the failing feed to fail", Duration::from_secs(30), || {
        failures_of_down() >= 1
    });
    let good_before = web.hits("/good.xml");
    wait_until(
        "the good feed to be polled three more times",
        Duration::from_secs(30),
        || web.hits("/good.xml") >= good_before + 3,
    );
    assert_eq!(
        web.hits("/down.xml"),
        1,
        "the failing feed backs off instead of being hit every second"
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
    Rig::polling(&[("Wire", web.url("/feed.xml"))], smtp.port, "")
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
    rig.poll_every_second();
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

#[test]
fn a_feed_still_polling_when_due_again_is_skipped_not_stacked() {
    let site = Web::empty();
    let slow_feed = seed_feed(&site.url(""));
    site.get(
        "/slow.xml",
        ResponseTemplate::new(200)
            .set_body_string(slow_feed)
            .set_delay(Duration::from_secs(4)),
    );
    site.get(
        "/fast.xml",
        ResponseTemplate::new(200).set_body_string(seed_feed(&site.url(""))),
    );
    let smtp = SmtpServer::start();
    let rig = Rig::polling(
        &[
            ("Slow", site.url("/slow.xml")),
            ("Fast", site.url("/fast.xml")),
        ],
        smtp.port,
        "",
    );
    rig.edit_config(|c| {
        common::every_second(c)
            .replace(
                "[fetch]\ntimeout_secs = 2\n",
                "[fetch]\ntimeout_secs = 10\n",
            )
            .replace(
                "[fetch]\n",
                "[fetch]\nper_host_concurrency = 8\nmax_articles_per_poll = 0\n",
            )
    });
    let mut child = common::start_daemon(&rig);
    wait_until(
        "the fast feed to be polled seven times",
        Duration::from_secs(30),
        || site.hits("/fast.xml") >= 7,
    );
    let slow = site.hits("/slow.xml");
    let _ = child.kill();
    let _ = child.wait();
    // Seven one-second ticks with a four-second poll: at most two polls can have started.
    assert!(
        (1..=3).contains(&slow),
        "{slow} polls of the slow feed started: overlapping ticks were stacked"
    );
}
