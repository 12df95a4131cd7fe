//! Shared test rig: a temp directory with a config, an SMTP server that speaks real SMTP on
//! 127.0.0.1, and the newshound binary. Feeds and pages are served by wiremock on 127.0.0.1.
#![allow(dead_code)]

pub mod smtp;

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
            "[[digest]]\nname = \"daily\"\nsend = \"0 0 7 * * *\"\nto = [\"analyst@example.org\"]\n\
             watchlists = [\"pow-exchange\", \"cross-border-incursion\"]\n\n\
             [mail]\nfrom = \"newshound <newshound@example.org>\"\ntransport = \"smtp\"\n\n\
             [mail.smtp]\nhost = \"127.0.0.1\"\nport = {smtp_port}\nsecurity = \"none\"\ntimeout_secs = 5\n\n{extra}"
        ));
        std::fs::write(self.config_path(), cfg).expect("write config");
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
    let mut items = String::new();
    for (i, title) in SEED_TITLES.iter().enumerate() {
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

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Collapses runs of whitespace, so a title wrapped by the plain-text renderer still compares.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
