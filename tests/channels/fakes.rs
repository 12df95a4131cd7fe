//! The rig for channel tests: a feed polled, a digest sent to the SMTP fake and to channels
//! served by one wiremock server, and an HMAC written here from RFC 2104 (not the crate's) to
//! check signatures against.

use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::common::{Rig, edit, feed_table, ok, seed_feed_of, xml_escape};
use sha2::{Digest, Sha256};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

/// Watchlists without learned models: a debug build spends many seconds training the
/// shipped ones on every run (a minute a test), and these tests are about delivery, not
/// matching. The digest's `pow-exchange` takes "exchange" and every seed story (each names
/// Russians or Azov); `cross-border-incursion` is `ALERT`.
const PLAIN_WATCHLISTS: &str = "[[watchlist]]\nid = \"pow-exchange\"\ntitle = \"POW exchanges\"\n\
     query = \"exchange OR Russian OR Azov\"\nmin_score = 1.0\n\n\
     [[watchlist]]\nid = \"cross-border-incursion\"\ntitle = \"Incursions\"\n\
     query = \"incursion\"\nalert = \"ALERT\"\nmin_score = 1.0\n";

/// Serves `t` for every `verb` request to path `p`.
pub fn serve(web: &Web, verb: &'static str, p: &'static str, t: ResponseTemplate) {
    web.route(move || {
        Mock::given(method(verb))
            .and(path(p))
            .respond_with(t.clone())
    });
}

/// Serves `t` for the next `n` `verb` requests to `p`, before any other reply there.
pub fn serve_first(web: &Web, verb: &'static str, p: &'static str, n: u64, t: ResponseTemplate) {
    web.route(move || {
        Mock::given(method(verb))
            .and(path(p))
            .respond_with(t.clone())
            .up_to_n_times(n)
            .with_priority(1)
    });
}

/// Request `r`'s header `name`, empty when absent.
pub fn header(r: &wiremock::Request, name: &str) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// The PUTs that reached `web`, oldest first: Matrix's sends.
pub fn puts(web: &Web) -> Vec<wiremock::Request> {
    let all = web.rt_requests().into_iter();
    all.filter(|r| r.method.as_str() == "PUT").collect()
}

/// `put`'s body, after checking it is a Matrix `m.text` with an HTML body, sent with the
/// access token `token`.
pub fn matrix_message(put: &wiremock::Request, token: &str) -> serde_json::Value {
    assert_eq!(header(put, "Authorization"), format!("Bearer {token}"));
    let m: serde_json::Value = serde_json::from_slice(&put.body).expect("JSON");
    assert_eq!(m["msgtype"], "m.text");
    assert_eq!(m["format"], "org.matrix.custom.html");
    m
}

/// Asserts every message in the outbox went out.
pub fn assert_all_sent(rig: &Rig) {
    let unsent = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";
    assert_eq!(crate::common::sql_column(rig, unsent), ["0"]);
}

/// The channels a test's digest goes to: the names it lists (a TOML array), their
/// `[[channel]]` tables and the secret files those read, as (name, content).
pub struct Setup<'a> {
    pub channels: &'a str,
    pub tables: &'a str,
    pub files: &'a [(&'a str, &'a str)],
}

/// `(title, text)` pairs as [`feed_of`] takes them.
pub fn items(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let own = |(t, x): &(&str, &str)| (t.to_string(), x.to_string());
    pairs.iter().map(own).collect()
}

/// An RSS feed of `(title, text)` items that carry their whole text (no page to fetch).
/// Titles go in HTML-escaped, as publishers put them, so the title newshound reads back is
/// exactly `title`, markup characters and all.
pub fn feed_of(base: &str, items: &[(String, String)]) -> String {
    let html = |s: &str| xml_escape(s).replace('"', "&quot;");
    let body: String = items
        .iter()
        .enumerate()
        .map(|(i, (title, text))| {
            format!(
                "<item><title>{}</title><link>{base}/news/{i}</link><guid>item-{i}</guid>\
                 <pubDate>Sun, 04 Jun 2023 10:{:02}:00 GMT</pubDate>\
                 <description>{}</description></item>",
                xml_escape(&html(title)),
                i % 60,
                xml_escape(text)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <link>{base}/</link><description>d</description>{body}</channel></rss>"
    )
}

/// [`rig`] polling a feed of `items` (see [`feed_of`]) with no page to fetch, the digest
/// mailed too, and "incursion" alerting at once: a run takes a fraction of a second.
pub fn quick_rig(web: &Web, smtp: &SmtpServer, setup: &Setup, items: &[(String, String)]) -> Rig {
    web.set_feed("/wire.xml", feed_of(&web.uri(), items));
    let to = "[\"analyst@desk.test\"]";
    let feed = "fetch_article = false\n";
    configure(web, smtp, to, setup, (feed, "immediate"))
}

/// HMAC-SHA256 from its definition, H((K ^ opad) || H((K ^ ipad) || m)), for keys under one
/// block, written apart from newshound's so a shared mistake cannot hide.
pub fn hmac_hex(key: &[u8], msg: &[u8]) -> String {
    assert!(key.len() <= 64);
    let mut ipad = vec![0x36u8; 64];
    let mut opad = vec![0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        ipad[i] ^= k;
        opad[i] ^= k;
    }
    let inner = Sha256::digest([ipad, msg.to_vec()].concat());
    let outer = Sha256::digest([opad, inner.to_vec()].concat());
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// A rig whose digest `daily` goes to `to` and to `channels` (the `[[channel]]` tables
/// `tables`, which read the secret files `files`), with the seed stories polled (their pages
/// fetched and extracted) under [`PLAIN_WATCHLISTS`].
pub fn rig(
    web: &Web,
    smtp: &SmtpServer,
    to: &str,
    channels: &str,
    tables: &str,
    files: &[(&str, &str)],
) -> Rig {
    web.set_feed("/wire.xml", seed_feed_of(&web.uri(), &[0, 1, 2, 3, 4]));
    let setup = Setup {
        channels,
        tables,
        files,
    };
    // Some seed pages tell of incursions too: alerts would mail them at the poll.
    configure(web, smtp, to, &setup, ("", "digest"))
}

/// A rig with [`PLAIN_WATCHLISTS`] (incursions alerting as `alert` says), the secret files
/// and the config (the feed at /wire.xml with `feed_extra`), polled once.
fn configure(
    web: &Web,
    smtp: &SmtpServer,
    to: &str,
    s: &Setup,
    (feed_extra, alert): (&str, &str),
) -> Rig {
    let rig = Rig::new();
    let watchlists = PLAIN_WATCHLISTS.replace("ALERT", alert);
    std::fs::write(rig.dir.path().join("watchlists.toml"), watchlists).expect("watchlists");
    for (name, text) in s.files {
        std::fs::write(rig.dir.path().join(name), text).expect("secret file");
    }
    let feed = feed_table("Wire", &web.url("/wire.xml"), feed_extra);
    rig.write_config(&[], smtp.port, &format!("{feed}\n{}", s.tables));
    edit(
        &rig.config_path(),
        "to = [\"analyst@desk.test\"]",
        &format!("to = {to}\nchannels = {}", s.channels),
    );
    ok(&rig.run(&["poll", "--once"]));
    rig
}

#[test]
fn the_test_hmac_meets_rfc_4231() {
    assert_eq!(
        hmac_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}
