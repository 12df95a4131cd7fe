//! Shared test rig: a temp directory with a config, an SMTP server that speaks real SMTP on
//! 127.0.0.1, and the newshound binary. Feeds and pages are served by wiremock on 127.0.0.1.
#![allow(dead_code)]

pub mod beside;
pub mod daemon_http;
pub mod hostile_server;
pub mod measure;
pub mod prom;
pub mod smtp;
pub mod web;

use std::path::{Path, PathBuf};
use std::process::Output;

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn read_fixture(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("fixture {rel}: {e}"))
}

/// A scratch directory holding a config, its watchlists and the database.
pub struct Rig {
    pub dir: tempfile::TempDir,
}

pub struct Feed<'a> {
    pub name: &'a str,
    pub url: String,
}

impl Rig {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("config/watchlists.toml"),
            dir.path().join("watchlists.toml"),
        )
        .expect("copy watchlists");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aliases.toml"),
            dir.path().join("aliases.toml"),
        )
        .expect("copy aliases");
        // The watchlists' examples files, which their `examples` keys name.
        let examples = dir.path().join("examples");
        std::fs::create_dir_all(&examples).expect("examples dir");
        for name in ["pow-exchange.jsonl", "cross-border-incursion.jsonl"] {
            std::fs::copy(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("config/examples")
                    .join(name),
                examples.join(name),
            )
            .expect("copy examples");
        }
        Rig { dir }
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("newshound.toml")
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("var/newshound.db")
    }

    /// Writes a config polling `feeds`, mailing through the SMTP server on `smtp_port`.
    pub fn write_config(&self, feeds: &[Feed], smtp_port: u16, extra: &str) {
        let mut cfg = String::from(
            "[schedule]\ndefault_poll = \"0 0 * * * *\"\ntimezone = \"Europe/Kyiv\"\njitter_secs = 0\n\n\
             [fetch]\ntimeout_secs = 2\nconnect_timeout_secs = 2\nallow_private_addresses = true\n\n",
        );
        for f in feeds {
            cfg.push_str(&format!(
                "[[feed]]\nname = {:?}\nurl = {:?}\n\n",
                f.name, f.url
            ));
        }
        cfg.push_str(&format!(
            "[[digest]]\nname = \"daily\"\nsend = \"0 0 7 * * *\"\nto = [\"analyst@desk.test\"]\n\
             watchlists = [\"pow-exchange\", \"cross-border-incursion\"]\n\n\
             [mail]\nfrom = \"newshound <newshound@example.org>\"\ntransport = \"smtp\"\n\n\
             [mail.smtp]\nhost = \"127.0.0.1\"\nport = {smtp_port}\nsecurity = \"none\"\ntimeout_secs = 5\n\n{extra}"
        ));
        std::fs::write(self.config_path(), cfg).expect("write config");
    }

    /// A new rig whose config polls each `(name, url)` of `feeds`, mailing through the SMTP
    /// server on `smtp_port`, with `extra` appended.
    pub fn polling(feeds: &[(&str, String)], smtp_port: u16, extra: &str) -> Rig {
        let rig = Rig::new();
        let feeds: Vec<Feed> = feeds
            .iter()
            .map(|(name, url)| Feed {
                name,
                url: url.clone(),
            })
            .collect();
        rig.write_config(&feeds, smtp_port, extra);
        rig
    }

    /// Makes every feed on the default schedule due every second, for tests of the daemon.
    pub fn poll_every_second(&self) {
        self.edit_config(every_second);
    }

    /// Rewrites the config file, e.g. to change a `[fetch]` setting.
    pub fn edit_config(&self, edit: impl FnOnce(String) -> String) {
        let cfg = std::fs::read_to_string(self.config_path()).expect("read config");
        std::fs::write(self.config_path(), edit(cfg)).expect("write config");
    }

    /// Runs the binary with this rig's config.
    pub fn run(&self, args: &[&str]) -> Output {
        assert_cmd::Command::cargo_bin("newshound")
            .expect("binary")
            .arg("-c")
            .arg(self.config_path())
            .args(args)
            .env_remove("NEWSHOUND_CONFIG")
            .env_remove("STATE_DIRECTORY")
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("run newshound")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success, showing both streams when it fails.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
    stdout(o)
}

/// The article titles of the five seed texts, as the fixture feed lists them.
pub const SEED_TITLES: [&str; 5] = [
    "Azov senior officer: Russian intelligence tried to recruit Azov soldiers to 'fight against US, West'",
    "Former Russian Soldiers Join Ukraine Against Putin's Invasion, Kyiv Says",
    "Anti-Kremlin fighters claim Russian soldiers have been 'caught' in Ukraine",
    "Pro-Ukraine Russian fighters say they have captives, offer exchange",
    "Bringing captured Russian soldiers home is the key goal",
];

/// An RSS feed of the five seed articles, linking to pages under `base`.
pub fn seed_feed(base: &str) -> String {
    seed_feed_of(base, &[0, 1, 2, 3, 4])
}

/// An RSS feed of the seed articles numbered `seeds`, linking to pages under `base`.
pub fn seed_feed_of(base: &str, seeds: &[usize]) -> String {
    let mut items = String::new();
    for &i in seeds {
        let title = SEED_TITLES[i];
        items.push_str(&format!(
            "<item><title>{}</title><link>{base}/articles/seed-{i:03}.html</link>\
             <guid isPermaLink=\"false\">seed-{i}</guid>\
             <pubDate>Sun, 04 Jun 2023 1{i}:00:00 GMT</pubDate>\
             <description>Read the full story on our site.</description></item>",
            xml_escape(title)
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Fixture Wire</title><link>{base}/</link><description>seeds</description>{items}</channel></rss>"
    )
}

/// An RSS feed whose items carry their whole text, so a poll needs no article pages: item
/// `key` is titled "Item key", links to `base/key` and has `text` as its description.
pub fn text_feed(base: &str, items: &[(&str, &str)]) -> String {
    let body: String = items
        .iter()
        .enumerate()
        .map(|(i, (key, text))| {
            format!(
                "<item><title>Item {key}</title><link>{base}/{key}</link><guid>{key}</guid>\
                 <pubDate>Sun, 04 Jun 2023 1{i}:00:00 GMT</pubDate>\
                 <description>{text}</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>\
         <link>{base}/</link><description>d</description>{body}</channel></rss>"
    )
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Collapses runs of whitespace, so a title wrapped by the plain-text renderer still compares.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A received message, parsed by a real MIME parser.
pub fn mime(r: &smtp::Received) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(r.data.as_bytes())
        .expect("a MIME message")
}

/// The plain-text and HTML parts of a received message.
pub fn parts(r: &smtp::Received) -> (String, String) {
    let m = mime(r);
    (
        m.body_text(0).expect("a text part").into_owned(),
        m.body_html(0).expect("an HTML part").into_owned(),
    )
}

/// The plain-text and HTML parts of a digest, asserting it has one of each and no other.
pub fn single_parts(r: &smtp::Received) -> (String, String) {
    let m = mime(r);
    assert_eq!(m.text_body_count(), 1, "a plain-text part");
    assert_eq!(m.html_body_count(), 1, "an HTML part");
    parts(r)
}

/// Asserts the HTML part parses without a single error and holds nothing active.
pub fn assert_inert_html(html: &str) {
    let doc = scraper::Html::parse_document(html);
    assert!(
        doc.errors.is_empty(),
        "HTML errors {:?} in\n{html}",
        doc.errors
    );
    for selector in [
        "script",
        "img",
        "iframe",
        "object",
        "link",
        "style",
        "[onerror]",
        "[onload]",
        "[onmouseover]",
    ] {
        let sel = scraper::Selector::parse(selector).expect("selector");
        assert_eq!(doc.select(&sel).count(), 0, "{selector} in\n{html}");
    }
}

/// Runs one statement on the rig's database, as an operator with `sqlite3` would.
pub fn sql(rig: &Rig, statement: &str) {
    rusqlite::Connection::open(rig.db_path())
        .and_then(|c| c.execute_batch(statement))
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

/// One column of a query on the rig's database, as text.
pub fn sql_column(rig: &Rig, query: &str) -> Vec<String> {
    try_sql_column(rig, query).unwrap_or_else(|e| panic!("{query}: {e}"))
}

/// [`sql_column`] for a wait condition: a daemon that has just started may not have
/// created the database or its tables yet, which is "not yet", not a failure (and opening
/// without `CREATE` leaves the file for the daemon to make).
pub fn try_sql_column(rig: &Rig, query: &str) -> Result<Vec<String>, rusqlite::Error> {
    let conn = rusqlite::Connection::open_with_flags(
        rig.db_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
    )?;
    let mut stmt = conn.prepare(query)?;
    stmt.query_map([], |r| {
        Ok(match r.get_ref(0)? {
            rusqlite::types::ValueRef::Null => "NULL".to_string(),
            rusqlite::types::ValueRef::Integer(i) => i.to_string(),
            rusqlite::types::ValueRef::Real(f) => f.to_string(),
            rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                String::from_utf8_lossy(t).into_owned()
            }
        })
    })
    .and_then(|rows| rows.collect())
}

/// A `[[feed]]` table to append to a rig's config.
pub fn feed_table(name: &str, url: &str, extra: &str) -> String {
    format!("\n[[feed]]\nname = {name:?}\nurl = {url:?}\n{extra}\n")
}

/// Replaces the first `from` by `to` in a file, insisting it is there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

impl Rig {
    /// Makes the shipped pow-exchange watchlist (the first one) send immediate alerts.
    pub fn alert_on_pow_exchange(&self) {
        edit(
            &self.dir.path().join("watchlists.toml"),
            "alert = \"digest\"",
            "alert = \"immediate\"",
        );
    }
}

/// `newshound run` on the rig with its output dropped, for a test to add to (an
/// environment, a log file) before spawning it.
pub fn daemon_command(rig: &Rig) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("newshound"));
    cmd.arg("-c")
        .arg(rig.config_path())
        .arg("run")
        .env_remove("STATE_DIRECTORY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// Starts `newshound run` on the rig; stop it with [`stop_daemon`].
pub fn start_daemon(rig: &Rig) -> std::process::Child {
    daemon_command(rig).spawn().expect("start the daemon")
}

/// Sends signal `name` (`TERM`, `HUP`) to process `pid`, as an operator or systemd would.
pub fn signal(pid: u32, name: &str) {
    let sent = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .expect("kill");
    assert!(sent.success(), "kill -{name} {pid}");
}

/// Waits for `cond` with a deadline; the condition, not the sleep, is what the test waits on.
pub fn wait_until(what: &str, limit: std::time::Duration, mut cond: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !cond() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Sends SIGTERM and waits for a clean exit (the daemon finishes its work in flight first).
pub fn stop_daemon(mut child: std::process::Child) {
    signal(child.id(), "TERM");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if started.elapsed() > std::time::Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the daemon did not stop within 10 s of SIGTERM");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
}

/// The config text with the default poll schedule every second instead of hourly.
pub fn every_second(config: String) -> String {
    config.replace(
        "default_poll = \"0 0 * * * *\"",
        "default_poll = \"* * * * * *\"",
    )
}
