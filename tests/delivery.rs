//! Exactly-once delivery over real SMTP on 127.0.0.1: a mail server down for a while, a
//! sender killed after the server took the message but before it was marked sent, TLS that
//! is never quietly dropped, and the password read from systemd's credentials directory.

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{
    Rig, SEED_TITLES, feed_table, mime, ok, parts, seed_feed_of, sql, sql_column, squash, stderr,
    stdout,
};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

fn rig_polling(web: &Web, smtp: &SmtpServer, seeds: &[usize]) -> Rig {
    web.set_feed("/wire.xml", seed_feed_of(&web.uri(), seeds));
    let rig = Rig::new();
    rig.write_config(
        &[],
        smtp.port,
        &feed_table("Wire", &web.url("/wire.xml"), ""),
    );
    rig
}

fn message_ids(smtp: &SmtpServer) -> Vec<String> {
    smtp.messages()
        .iter()
        .map(|m| mime(m).message_id().expect("Message-ID").to_string())
        .collect()
}

/// How many times each seed title was mailed, over every received message.
fn mailed_titles(smtp: &SmtpServer) -> Vec<usize> {
    let texts: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| squash(&parts(m).0))
        .collect();
    SEED_TITLES
        .iter()
        .map(|t| texts.iter().filter(|x| x.contains(t)).count())
        .collect()
}

#[test]
fn a_mail_server_down_for_a_while_loses_nothing_and_repeats_nothing() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = rig_polling(&web, &smtp, &[0, 1]);
    smtp.refuse(true);
    ok(&rig.run(&["poll", "--once"]));
    let first = rig.run(&["digest", "send", "--now"]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));

    // More news while the server is still down: the next run retries the first digest
    // (refused again) and queues a second one behind it.
    web.set_feed("/wire.xml", seed_feed_of(&web.uri(), &[0, 1, 2, 3, 4]));
    ok(&rig.run(&["poll", "--once"]));
    let second = rig.run(&["digest", "send", "--now"]);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert!(smtp.messages().is_empty());
    let attempts = sql_column(
        &rig,
        "SELECT attempts FROM outbox WHERE sent_at IS NULL ORDER BY id",
    );
    assert_eq!(attempts, ["2", "0"], "the second waits behind the first");
    let stored = sql_column(&rig, "SELECT message_id FROM outbox ORDER BY id");

    // The server is back, but the first message is still backing off: the background retry
    // (run at the end of a poll, as by the daemon every 30 s) leaves both alone for now.
    smtp.refuse(false);
    ok(&rig.run(&["poll", "--once"]));
    assert!(smtp.messages().is_empty(), "not due yet");

    // Once the backoff has run out, the retry sends both, oldest first, as stored.
    sql(
        &rig,
        "UPDATE outbox SET next_attempt_at = '2000-01-01 00:00:00+00:00' WHERE next_attempt_at IS NOT NULL",
    );
    ok(&rig.run(&["poll", "--once"]));
    let ids: Vec<String> = message_ids(&smtp)
        .into_iter()
        .map(|id| format!("<{id}>"))
        .collect();
    assert_eq!(
        ids, stored,
        "the stored messages, with their Message-IDs, in order"
    );
    assert_eq!(
        mailed_titles(&smtp),
        [1, 1, 1, 1, 1],
        "every story exactly once over the two digests"
    );

    // Nothing is left over for later runs.
    ok(&rig.run(&["digest", "send", "--now"]));
    ok(&rig.run(&["poll", "--once"]));
    assert_eq!(smtp.messages().len(), 2);
    assert_eq!(
        sql_column(&rig, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"),
        ["0"]
    );
}

#[test]
fn a_sender_killed_between_send_and_mark_resends_the_same_message_id() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = rig_polling(&web, &smtp, &[0, 1, 2, 3, 4]);
    // A generous SMTP timeout, so the sender is surely still waiting when it is killed.
    common::edit(&rig.config_path(), "timeout_secs = 5", "timeout_secs = 120");
    ok(&rig.run(&["poll", "--once"]));

    // The server receives the whole message and holds its answer; the sender dies then.
    smtp.hold(true);
    let mut sender = std::process::Command::new(assert_cmd::cargo::cargo_bin("newshound"))
        .arg("-c")
        .arg(rig.config_path())
        .args(["digest", "send", "--now"])
        .env_remove("STATE_DIRECTORY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the sender");
    let start = Instant::now();
    while smtp.held() == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the message never arrived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    sender.kill().expect("kill -9 the sender");
    sender.wait().expect("reap");
    smtp.hold(false);
    let start = Instant::now();
    while smtp.messages().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the server kept nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        sql_column(&rig, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"),
        ["1"],
        "delivered, but never marked"
    );

    // Restarted, newshound sends the stored message again: the same bytes, the same
    // Message-ID, so the recipient's mail system keeps one. No second digest is built.
    ok(&rig.run(&["digest", "send", "--now"]));
    ok(&rig.run(&["digest", "send", "--now"]));
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 2, "the one resend");
    assert_eq!(inbox[0].data, inbox[1].data, "byte for byte");
    let distinct: BTreeSet<String> = message_ids(&smtp).into_iter().collect();
    assert_eq!(distinct.len(), 1, "one Message-ID: the recipient dedups");
    assert_eq!(sql_column(&rig, "SELECT COUNT(*) FROM outbox"), ["1"]);
}

#[test]
fn starttls_is_required_never_quietly_dropped() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = rig_polling(&web, &smtp, &[3]);
    let plain = std::fs::read_to_string(rig.config_path()).expect("config");
    common::edit(
        &rig.config_path(),
        "security = \"none\"",
        "security = \"starttls\"",
    );
    ok(&rig.run(&["poll", "--once"]));
    // The test server offers no STARTTLS: the mail must not go out in clear.
    let refused = rig.run(&["digest", "send", "--now"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("kept in the outbox"),
        "{}",
        stderr(&refused)
    );
    assert!(smtp.messages().is_empty());
    let stored = sql_column(&rig, "SELECT message_id FROM outbox");

    // Told it is a relay on this machine, the very same message goes out.
    std::fs::write(rig.config_path(), plain).expect("config");
    ok(&rig.run(&["digest", "send", "--now"]));
    assert_eq!(
        message_ids(&smtp)
            .into_iter()
            .map(|id| format!("<{id}>"))
            .collect::<Vec<_>>(),
        stored
    );
}

#[test]
fn the_smtp_password_comes_from_the_credentials_directory() {
    let rig = Rig::new();
    rig.write_config(&[], 2525, "");
    common::edit(
        &rig.config_path(),
        "security = \"none\"",
        "security = \"none\"\nusername = \"newshound\"\npassword_file = \"smtp-password\"",
    );
    let creds = rig.dir.path().join("credentials");
    std::fs::create_dir(&creds).expect("mkdir");
    std::fs::write(creds.join("smtp-password"), "s3cret\n").expect("credential");

    let check = |with_creds: bool| {
        let mut cmd = assert_cmd::Command::cargo_bin("newshound").expect("binary");
        cmd.arg("-c").arg(rig.config_path()).arg("check");
        if with_creds {
            cmd.env("CREDENTIALS_DIRECTORY", &creds);
        } else {
            cmd.env_remove("CREDENTIALS_DIRECTORY");
        }
        cmd.output().expect("run check")
    };
    let out = check(true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cret"));
    let out = check(false);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot read password_file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A password written into the config itself: `check` passes but warns, quoting its place
    // and never the password.
    common::edit(
        &rig.config_path(),
        "password_file = \"smtp-password\"",
        "password_file = \"smtp-password\"\npassword = \"hunter2\"",
    );
    let out = check(true);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: ") && err.contains("[mail.smtp] password is ignored"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn a_message_refused_for_good_is_marked_failed_and_the_later_ones_go_on() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = rig_polling(&web, &smtp, &[0, 1]);
    ok(&rig.run(&["poll", "--once"]));
    smtp.refuse_for_good(true);
    let refused = rig.run(&["digest", "send", "--now"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("refused the message for good (554)")
            && stderr(&refused).contains("marked failed"),
        "{}",
        stderr(&refused)
    );
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&rig.run(&["outbox", "--json"]))).expect("outbox JSON");
    assert_eq!(listed[0]["status"], "failed", "{listed}");
    assert!(
        listed[0]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("554")),
        "{listed}"
    );
    let first_id = listed[0]["message_id"].as_str().expect("id").to_string();
    smtp.refuse_for_good(false);

    // More news: the next digest goes out, not stuck behind the refused one, and says at its
    // foot what its readers missed. The refused message is not tried again.
    web.set_feed("/wire.xml", seed_feed_of(&web.uri(), &[0, 1, 2, 3, 4]));
    ok(&rig.run(&["poll", "--once"]));
    ok(&rig.run(&["digest", "send", "--now"]));
    ok(&rig.run(&["digest", "send", "--now"]));
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 1, "only the later digest, once");
    let (text, html) = parts(&inbox[0]);
    assert!(
        squash(&text).contains("Messages that could not be delivered"),
        "{text}"
    );
    assert!(
        squash(&text).contains("refused by the mail server"),
        "{text}"
    );
    assert!(
        html.contains("Messages that could not be delivered"),
        "{html}"
    );
    let out = ok(&rig.run(&["outbox"]));
    assert!(out.contains("FAILED  refused for good"), "{out}");
    assert!(out.contains("0 waiting, 1 failed"), "{out}");

    // Once the operator asks, the very same message goes out.
    let id = listed[0]["id"].as_i64().expect("outbox id");
    ok(&rig.run(&["outbox", "retry", &id.to_string()]));
    ok(&rig.run(&["digest", "send", "--now"]));
    let ids = message_ids(&smtp);
    assert_eq!(ids.len(), 2);
    assert_eq!(
        format!("<{}>", ids[1]),
        first_id,
        "the stored message, resent as is"
    );
    assert_eq!(
        mailed_titles(&smtp),
        [1, 1, 1, 1, 1],
        "every story once over the two digests"
    );
    assert!(ok(&rig.run(&["outbox"])).contains("outbox: empty"));
    // A later digest does not repeat the footer: its readers got the message meanwhile.
    let footer = rig.run(&["digest", "preview"]);
    assert!(
        !stdout(&footer).contains("could not be delivered"),
        "{}",
        stdout(&footer)
    );
}
