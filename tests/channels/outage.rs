//! A service that hangs, and ntfy told how urgent each message is.

use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::common::{ok, sql_column, stderr};
use crate::escaping::bodies;
use crate::fakes::{Setup, assert_all_sent, header, items, quick_rig, serve};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[test]
fn a_service_that_hangs_fails_after_its_timeout_and_is_retried_while_the_rest_deliver() {
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let base = web.uri();
    let tables = format!(
        "\n[[channel]]\nname = \"slow\"\nkind = \"webhook\"\nurl = \"{base}/slow\"\ntimeout_secs = 1\n\
         [[channel]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\n"
    );
    let items = items(&[("Prisoner exchange agreed", "An exchange.")]);
    let setup = Setup {
        channels: "[\"slow\", \"desk\"]",
        tables: &tables,
        files: &[],
    };
    let rig = quick_rig(&web, &smtp, &setup, &items);
    // Far longer than the channel waits: the answer never comes in time.
    serve(
        &web,
        "POST",
        "/slow",
        ResponseTemplate::new(200).set_delay(Duration::from_secs(60)),
    );
    serve(&web, "POST", "/hook", ResponseTemplate::new(200));

    let started = Instant::now();
    let run = rig.run(&["digest", "send", "--now"]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the 1 s timeout held"
    );
    assert!(!run.status.success());
    let err = stderr(&run);
    let origin = format!("no answer from {base} within 1 s");
    assert!(err.contains(&format!("slow: {origin}")), "{err}");
    assert_eq!(smtp.messages().len(), 1, "the mail went out");
    assert_eq!(web.hits("/hook"), 1, "the other channel delivered");
    let waiting = sql_column(
        &rig,
        "SELECT attempts || ' ' || (next_attempt_at > created_at) || ' ' || last_error \
         FROM outbox WHERE channel = 'slow' AND sent_at IS NULL",
    );
    assert_eq!(waiting, [format!("1 1 slow: {origin} (timeout_secs)")]);

    // Answering again: the retry goes out with the key of the attempt that timed out (the
    // service may have taken it), and nothing else is sent twice.
    web.route(|| {
        Mock::given(method("POST"))
            .and(path("/slow"))
            .respond_with(ResponseTemplate::new(200))
            .with_priority(1)
    });
    ok(&rig.run(&["digest", "send", "--now"]));
    let slow = web.requests("/slow");
    assert_eq!(slow.len(), 2);
    let key = |r| header(r, "Idempotency-Key");
    assert_eq!(key(&slow[0]), key(&slow[1]));
    assert_eq!(slow[0].body, slow[1].body);
    assert_eq!(web.hits("/hook"), 1);
    assert_eq!(smtp.messages().len(), 1);
    assert_all_sent(&rig);
}

#[test]
fn ntfy_rings_louder_for_an_immediate_alert_than_for_the_digest() {
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let table = format!(
        "\n[[channel]]\nname = \"phone\"\nkind = \"ntfy\"\nurl = \"{}\"\ntopic = \"desk-pow\"\n",
        web.uri()
    );
    serve(&web, "POST", "/", ResponseTemplate::new(200));
    let items = items(&[
        ("Border incursion reported", "An incursion at dawn."),
        ("Prisoner exchange agreed", "An exchange."),
    ]);
    // The poll's upkeep sends the immediate watchlist's alert.
    let setup = Setup {
        channels: "[\"phone\"]",
        tables: &table,
        files: &[],
    };
    let rig = quick_rig(&web, &smtp, &setup, &items);
    let alert = bodies(&web, "POST", "^/$");
    assert_eq!(alert.len(), 1, "the alert, at the poll");
    ok(&rig.run(&["digest", "send", "--now"]));
    let all = bodies(&web, "POST", "^/$");
    assert_eq!(all.len(), 2, "then the digest");
    let (alert, digest) = (&all[0], &all[1]);
    for m in [alert, digest] {
        assert_eq!(m["topic"], "desk-pow");
        assert!(
            m["click"]
                .as_str()
                .is_some_and(|u| u.starts_with(&web.uri()))
        );
    }
    assert!(
        alert["message"]
            .as_str()
            .is_some_and(|t| t.contains("Border incursion reported"))
    );
    assert!(
        digest["message"]
            .as_str()
            .is_some_and(|t| t.contains("Prisoner exchange agreed"))
    );
    let p = |m: &serde_json::Value| m["priority"].as_u64().expect("priority");
    assert!(
        p(alert) > p(digest),
        "alert {} vs digest {}",
        p(alert),
        p(digest)
    );
    assert_eq!((p(alert), p(digest)), (4, 3), "ntfy's high and default");
}
