use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::common::{SEED_TITLES, ok, sql_column};
use crate::fakes::{assert_all_sent, header, hmac_hex, matrix_message, puts, rig, serve};
use std::collections::BTreeSet;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[test]
fn one_channel_down_holds_up_neither_the_others_nor_the_mail() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let base = web.uri();
    let tables = format!(
        "\n[[channel]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\nsecret_file = \"hook-secret\"\n\
         [[channel]]\nname = \"phone\"\nkind = \"ntfy\"\nurl = \"{base}\"\ntopic = \"pow\"\n\
         [[channel]]\nname = \"tg\"\nkind = \"telegram\"\nurl = \"{base}\"\nchat_id = \"-100\"\nsecret_file = \"bot\"\n"
    );
    let rig = rig(
        &web,
        &smtp,
        "[\"analyst@desk.test\"]",
        "[\"desk\", \"phone\", \"tg\"]",
        &tables,
        &[("hook-secret", "s3cret\n"), ("bot", "123:abc")],
    );
    serve(&web, "POST", "/hook", ResponseTemplate::new(200));
    serve(&web, "POST", "/", ResponseTemplate::new(503));
    serve(
        &web,
        "POST",
        "/bot123:abc/sendMessage",
        ResponseTemplate::new(429).set_body_string(
            r#"{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":900}}"#,
        ),
    );
    rig.run(&["digest", "send", "--now"]);

    // The mail and the webhook went out.
    assert_eq!(smtp.messages().len(), 1);
    let hooks = web.requests("/hook");
    assert_eq!(hooks.len(), 1);
    let h = &hooks[0];
    let body: serde_json::Value = serde_json::from_slice(&h.body).expect("JSON");
    assert_eq!(body["kind"], "digest");
    assert_eq!(body["digest"], "daily");
    // Each seed story leads a story or is among a story's grouped other reports.
    let stories = body["stories"].as_array().expect("stories");
    let titles: BTreeSet<&str> = stories
        .iter()
        .flat_map(|s| {
            let others = s["other_reports"].as_array().into_iter().flatten();
            std::iter::once(s).chain(others)
        })
        .map(|s| s["title"].as_str().expect("title"))
        .collect();
    for t in SEED_TITLES {
        assert!(titles.contains(t), "{t:?} not in {titles:?}");
    }
    let s0 = &body["stories"][0];
    for key in [
        "url",
        "outlet",
        "label",
        "time",
        "watchlists",
        "snippet",
        "clauses",
        "other_reports",
    ] {
        assert!(s0.get(key).is_some(), "{key} missing from {s0}");
    }
    assert_eq!(header(h, "Idempotency-Key"), body["idempotency_key"]);
    assert_eq!(
        header(h, "X-Newshound-Signature"),
        format!("sha256={}", hmac_hex(b"s3cret", &h.body))
    );

    // ntfy (503) and Telegram (429) wait, Telegram no sooner than its retry_after.
    let waiting = sql_column(
        &rig,
        "SELECT channel || ' ' || (strftime('%s', next_attempt_at) - strftime('%s', created_at)) \
         FROM outbox WHERE sent_at IS NULL ORDER BY id",
    );
    assert_eq!(waiting, ["phone 60", "tg 900"]);
    assert_eq!(web.requests("/").len(), 1);

    // Back up: the next run sends what waited, ntfy's publish shaped as ntfy takes it.
    web.route(|| {
        Mock::given(method("POST"))
            .and(path("/"))
            .respond_with(ResponseTemplate::new(200))
            .with_priority(1)
    });
    web.route(|| {
        Mock::given(method("POST"))
            .and(path("/bot123:abc/sendMessage"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ok":true}"#))
            .with_priority(1)
    });
    ok(&rig.run(&["digest", "send", "--now"]));
    let publish = web.requests("/").pop().expect("a publish");
    let p: serde_json::Value = serde_json::from_slice(&publish.body).expect("JSON");
    assert_eq!(p["topic"], "pow");
    assert_eq!(p["priority"], 3);
    assert!(p["click"].as_str().is_some_and(|u| u.starts_with("http")));
    let tg = web
        .requests("/bot123:abc/sendMessage")
        .pop()
        .expect("a message");
    let m: serde_json::Value = serde_json::from_slice(&tg.body).expect("JSON");
    assert_eq!(m["parse_mode"], "HTML");
    assert_eq!(m["chat_id"], "-100");
    assert!(
        m["text"]
            .as_str()
            .is_some_and(|t| t.chars().count() <= 4096)
    );
    assert_all_sent(&rig);
    assert_eq!(
        web.requests("/hook").len(),
        1,
        "the webhook was not told twice"
    );
}

#[test]
fn a_kill_between_acceptance_and_record_resends_the_same_key() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let base = web.uri();
    let table =
        format!("\n[[channel]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\n");
    let rig = rig(&web, &smtp, "[]", "[\"desk\"]", &table, &[]);
    serve(&web, "POST", "/hook", ResponseTemplate::new(200));
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("newshound"))
        .arg("-c")
        .arg(rig.config_path())
        .args(["digest", "send", "--now"])
        .env_remove("STATE_DIRECTORY")
        .env("NEWSHOUND_FAILPOINTS", "after_send=abort")
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run");
    assert!(!status.success(), "killed after the webhook accepted");
    ok(&rig.run(&["digest", "send", "--now"]));
    ok(&rig.run(&["digest", "send", "--now"]));
    let keys: Vec<String> = web
        .requests("/hook")
        .iter()
        .map(|r| header(r, "Idempotency-Key"))
        .collect();
    assert_eq!(keys.len(), 2, "the one resend after the kill");
    assert_eq!(keys[0], keys[1], "the same key both times");
    assert!(
        smtp.messages().is_empty(),
        "a digest without recipients sends no mail"
    );
}

#[test]
fn channel_test_puts_one_matrix_message_under_a_txn_id_and_check_lists_the_channel() {
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let base = web.uri();
    let table = format!(
        "\n[[channel]]\nname = \"room\"\nkind = \"matrix\"\nurl = \"{base}\"\nroom = \"!r:example.org\"\nsecret_file = \"mx\"\n"
    );
    let rig = rig(
        &web,
        &smtp,
        "[]",
        "[\"room\"]",
        &table,
        &[("mx", "syt_token\n")],
    );
    web.route(|| {
        Mock::given(method("PUT"))
            .and(wiremock::matchers::path_regex(
                r"^/_matrix/client/v3/rooms/%21r%3Aexample\.org/send/m\.room\.message/newshound-test-.+$",
            ))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"event_id":"$e"}"#))
    });
    let out = ok(&rig.run(&["channel", "test", "room"]));
    assert!(out.contains("channel room: test message accepted"), "{out}");
    let puts = puts(&web);
    assert_eq!(puts.len(), 1);
    let m = matrix_message(&puts[0], "syt_token");
    assert!(
        m["formatted_body"]
            .as_str()
            .is_some_and(|b| b.contains("<a href="))
    );
    let check = ok(&rig.run(&["check"]));
    assert!(
        check.contains("channel:    room (matrix via 127.0.0.1 to !r:example.org)"),
        "{check}"
    );
}

#[test]
fn an_email_channel_mails_the_digest_to_its_own_recipients_once() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let tables =
        "\n[[channel]]\nname = \"mailroom\"\nkind = \"email\"\nto = [\"room@desk.test\"]\n";
    let rig = rig(
        &web,
        &smtp,
        "[\"analyst@desk.test\"]",
        "[\"mailroom\"]",
        tables,
        &[],
    );
    ok(&rig.run(&["digest", "send", "--now"]));
    let inbox = smtp.messages();
    let mut to: Vec<String> = inbox.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["analyst@desk.test", "room@desk.test"], "one each");
    assert_ne!(
        crate::common::mime(&inbox[0]).message_id(),
        crate::common::mime(&inbox[1]).message_id(),
        "two messages, each with its own Message-ID"
    );
    ok(&rig.run(&["digest", "send", "--now"]));
    assert_eq!(smtp.messages().len(), 2, "nothing mailed twice");
    assert_eq!(
        sql_column(&rig, "SELECT channel FROM outbox ORDER BY id"),
        ["email", "mailroom"]
    );
}
