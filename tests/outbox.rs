//! The outbox as an operator handles it: a message no server will take is given up on with
//! `outbox drop` (recorded, never silent), and plain `digest send` sends what waits even when
//! no digest is due.

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{Rig, feed_table, ok, seed_feed_of, stderr, stdout};

fn rig_with_news(web: &Web, smtp: &SmtpServer) -> Rig {
    web.set_feed("/wire.xml", seed_feed_of(&web.uri(), &[0, 1]));
    let rig = Rig::new();
    let feeds = feed_table("Wire", &web.url("/wire.xml"), "");
    rig.write_config(&[], smtp.port, &feeds);
    rig
}

fn outbox_json(rig: &Rig) -> serde_json::Value {
    serde_json::from_str(&ok(&rig.run(&["outbox", "--json"]))).expect("outbox JSON")
}

#[test]
fn a_dropped_message_is_never_sent_and_stays_listed_as_dropped() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = rig_with_news(&web, &smtp);
    ok(&rig.run(&["poll", "--once"]));
    smtp.refuse_for_good(true);
    assert_eq!(rig.run(&["digest", "send", "--now"]).status.code(), Some(1));
    let id = outbox_json(&rig)[0]["id"]
        .as_i64()
        .expect("outbox id")
        .to_string();

    let dropped = ok(&rig.run(&["outbox", "drop", &id]));
    assert!(
        dropped.contains(&format!("outbox: message {id} (digest of digest daily: "))
            && dropped.contains("dropped; it will not be sent"),
        "{dropped}"
    );
    let listed = ok(&rig.run(&["outbox"]));
    assert_eq!(
        listed,
        "outbox: empty (every message was accepted); 1 dropped earlier (`newshound outbox --json` lists them)\n"
    );
    let json = outbox_json(&rig);
    assert_eq!(json[0]["status"], "dropped", "{json}");
    assert!(json[0]["dropped_at"].is_string(), "{json}");

    // Neither a retry nor a second drop brings it back.
    for args in [["outbox", "retry", &id], ["outbox", "drop", &id]] {
        let out = rig.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(&format!("no message {id} waiting or failed")));
    }
    smtp.refuse_for_good(false);
    ok(&rig.run(&["outbox", "retry"]));
    ok(&rig.run(&["digest", "send", "--now"]));
    assert!(
        smtp.messages().is_empty(),
        "the dropped message never goes out"
    );
    let preview = stdout(&rig.run(&["digest", "preview"]));
    assert!(!preview.contains("could not be delivered"), "{preview}");
}

#[test]
fn plain_digest_send_sends_what_waits_even_when_no_digest_is_due() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = rig_with_news(&web, &smtp);
    ok(&rig.run(&["poll", "--once"]));
    smtp.refuse(true);
    let first = rig.run(&["digest", "send", "--now"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    smtp.refuse(false);

    // The digest ran a moment ago, so it is not due; its waiting message goes anyway.
    let out = ok(&rig.run(&["digest", "send"]));
    assert_eq!(
        out,
        "digest daily: not due (use --now to send anyway); 1 waiting message(s) from the outbox sent\n"
    );
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(
        ok(&rig.run(&["digest", "send"])),
        "digest daily: not due (use --now to send anyway)\n"
    );
    assert_eq!(smtp.messages().len(), 1, "sent once");
}
