//! Retries that must not repeat what the service already has: Telegram's split digest
//! resumed after the parts it accepted, Matrix's message put again under the same txnId.

use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::common::{ok, sql_column};
use crate::escaping::{bodies, text_of};
use crate::fakes::{Setup, assert_all_sent, matrix_message, puts, quick_rig, serve, serve_first};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, ResponseTemplate};

/// `n` stories of some 600 characters each, no two alike (words of their own, so story
/// grouping keeps them apart).
fn stories(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let words = |k: usize| -> String {
                (0..k)
                    .map(|j| format!("s{i}w{j}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (
                format!("Prisoner exchange {i}: {}", words(40)),
                format!("An exchange of captives. {}", words(50)),
            )
        })
        .collect()
}

#[test]
fn a_telegram_digest_over_4096_characters_is_split_and_resumed_after_the_accepted_parts() {
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let table = format!(
        "\n[[channel]]\nname = \"tg\"\nkind = \"telegram\"\nurl = \"{}\"\nchat_id = \"-100\"\nsecret_file = \"bot\"\n",
        web.uri()
    );
    let items = stories(16);
    let setup = Setup {
        channels: "[\"tg\"]",
        tables: &table,
        files: &[("bot", "123:abc")],
    };
    let rig = quick_rig(&web, &smtp, &setup, &items);
    let send = "/bot123:abc/sendMessage";
    // The first part is taken, then the service fails.
    serve_first(&web, "POST", send, 1, ResponseTemplate::new(200));
    serve(&web, "POST", send, ResponseTemplate::new(502));
    let first = rig.run(&["digest", "send", "--now"]);
    assert!(!first.status.success(), "a channel failed");
    let row = "SELECT parts_sent || ' ' || (sent_at IS NULL) FROM outbox WHERE channel = 'tg'";
    assert_eq!(
        sql_column(&rig, row),
        ["1 1"],
        "one part recorded, the message waits"
    );
    assert_eq!(smtp.messages().len(), 1, "the mail went out beside it");

    // Back up: the retry starts at the part that failed.
    web.route(move || {
        Mock::given(method("POST"))
            .and(wiremock::matchers::path(send))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ok":true}"#))
            .with_priority(1)
    });
    ok(&rig.run(&["digest", "send", "--now"]));
    let texts: Vec<String> = bodies(&web, "POST", "^/bot123:abc/sendMessage$")
        .iter()
        .map(|m| m["text"].as_str().expect("text").to_string())
        .collect();
    assert!(texts.len() >= 4, "{} requests", texts.len());
    assert_eq!(texts[1], texts[2], "the failed part is sent again");
    // What Telegram accepted: the first request and those after the failed one.
    let accepted: Vec<&String> = std::iter::once(&texts[0]).chain(&texts[2..]).collect();
    for (i, t) in accepted.iter().enumerate() {
        assert!(t.chars().count() <= 4096, "part {i}: {}", t.chars().count());
        assert!(
            accepted[..i].iter().all(|earlier| earlier != t),
            "part {i} sent twice"
        );
    }
    // Each story once, in one part or another.
    let read: Vec<String> = accepted.iter().map(|t| text_of(t)).collect();
    let all = read.concat();
    for (title, _) in &items {
        assert_eq!(all.matches(title.as_str()).count(), 1, "{title:?}");
    }
    assert_all_sent(&rig);
}

#[test]
fn a_matrix_digest_is_put_again_under_the_same_txn_id_its_idempotency_key() {
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let table = format!(
        "\n[[channel]]\nname = \"room\"\nkind = \"matrix\"\nurl = \"{}\"\nroom = \"!r:example.org\"\nsecret_file = \"mx\"\n",
        web.uri()
    );
    let setup = Setup {
        channels: "[\"room\"]",
        tables: &table,
        files: &[("mx", "syt_t\n")],
    };
    let rig = quick_rig(&web, &smtp, &setup, &stories(3));
    let put = r"^/_matrix/client/v3/rooms/%21r%3Aexample\.org/send/m\.room\.message/[^/]+$";
    let reply = |status: u16, body: &'static str, priority: u8, times: Option<u64>| {
        move || {
            let m = Mock::given(method("PUT"))
                .and(path_regex(put))
                .respond_with(ResponseTemplate::new(status).set_body_string(body))
                .with_priority(priority);
            match times {
                Some(n) => m.up_to_n_times(n),
                None => m,
            }
        }
    };
    // A homeserver that failed once, then took it.
    web.route(reply(500, r#"{"errcode":"M_UNKNOWN"}"#, 1, Some(1)));
    web.route(reply(200, r#"{"event_id":"$e"}"#, 5, None));
    assert!(!rig.run(&["digest", "send", "--now"]).status.success());
    ok(&rig.run(&["digest", "send", "--now"]));

    let puts = puts(&web);
    assert_eq!(puts.len(), 2, "the failed put and its retry");
    let txn = |r: &wiremock::Request| r.url.path().rsplit('/').next().unwrap_or("").to_string();
    let key = sql_column(
        &rig,
        "SELECT idempotency_key FROM outbox WHERE channel = 'room' AND sent_at IS NOT NULL",
    );
    assert_eq!(key.len(), 1);
    assert_eq!(
        txn(&puts[0]),
        key[0],
        "the txnId is the stored idempotency key"
    );
    assert_eq!(
        txn(&puts[1]),
        key[0],
        "the retry reuses it, so the server keeps one"
    );
    assert_eq!(puts[0].body, puts[1].body, "the very payload stored");
    let m = matrix_message(&puts[1], "syt_t");
    let html = m["formatted_body"].as_str().expect("formatted_body");
    assert!(html.starts_with("<b>Digest daily</b>"), "{html}");
    let text = text_of(html);
    let body = m["body"].as_str().expect("body");
    for (title, _) in stories(3) {
        assert!(text.contains(&title), "{title} not in the formatted body");
        assert!(body.contains(&title), "{title} not in the plain body");
    }
}
