//! Numbers out of range, schedules that never fire and alias files that cannot be read: each
//! is a located error from `check`, not a panic, hang or silence later.

use super::*;

pub(super) fn load(dir: &Path, text: &str) -> Result<Config, ConfigError> {
    std::fs::write(
        dir.join("watchlists.toml"),
        "[[watchlist]]\nid = \"w\"\nquery = \"swap\"\n",
    )
    .expect("watchlists");
    let p = dir.join("newshound.toml");
    std::fs::write(&p, text).expect("config");
    Config::load_with(&p, None)
}

pub(super) fn problems(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tmp");
    match load(dir.path(), text) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .iter()
            .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
            .collect(),
    }
}

#[test]
fn the_values_that_panicked_or_hung_later_are_refused_where_they_stand() {
    let text = "[storage]\nkeep_text_days = 4294967295\n\n\
                [schedule]\njitter_secs = 9223372036854775807\n\n\
                [fetch]\nbackoff_base_secs = 100000000000000\nbackoff_max_secs = 100000000000000\n\
                concurrency = 9223372036854775807\nmax_redirects = 9223372036854775807\n";
    assert_eq!(
        problems(text),
        [
            "2:18: [storage] keep_text_days = 4294967295 is out of range: it takes 0 to 3650 days",
            "5:15: [schedule] jitter_secs = 9223372036854775807 is out of range: it takes 0 to 3600 seconds",
            "8:21: [fetch] backoff_base_secs = 100000000000000 is out of range: it takes 0 to 86400 seconds",
            "9:20: [fetch] backoff_max_secs = 100000000000000 is out of range: it takes 1 to 604800 seconds",
            "10:15: [fetch] concurrency = 9223372036854775807 is out of range: it takes 1 to 1024 requests",
            "11:17: [fetch] max_redirects = 9223372036854775807 is out of range: it takes 0 to 20 redirects",
        ]
    );
}

#[test]
fn every_numeric_key_takes_its_bounds_and_refuses_one_past_them() {
    for r in ranges::ALL {
        let (table, key) = r.key.split_once(' ').expect("[table] key");
        let extra = if table == "[mail.smtp]" {
            "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\n"
                .to_string()
        } else if r.key == "[storage] pool_size" {
            "[storage]\nurl = \"postgresql://u@db.example/news\"\n".to_string()
        } else if table == "[[channel]]" {
            "[[channel]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"https://hooks.example.org/x\"\n"
                .to_string()
        } else {
            format!("{table}\n")
        };
        for ok in [r.min, r.max] {
            assert_eq!(
                problems(&format!("{extra}{key} = {ok}\n")),
                Vec::<String>::new(),
                "{key} = {ok}"
            );
        }
        for bad in [r.min - 1, r.max + 1, i64::MIN, i64::MAX] {
            let got = problems(&format!("{extra}{key} = {bad}\n"));
            assert_eq!(got.len(), 1, "{key} = {bad}: {got:?}");
            assert!(got[0].contains("is out of range"), "{got:?}");
        }
    }
}

#[test]
fn a_schedule_that_can_never_fire_is_refused() {
    let got = problems(
        "[[feed]]\nname = \"A\"\nurl = \"https://example.org/rss\"\npoll = \"0 0 0 31 2 *\"\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("4:8: cron expression \"0 0 0 31 2 *\" never fires"),
        "{got:?}"
    );
}

#[test]
fn a_shared_alias_file_that_is_not_utf8_is_an_error_not_ignored() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("aliases.toml"),
        b"aliases = [\n  [\"Kyiv\", \"Kiev\"],\n  [\"Kharkiv\", \"Khark\xffov\"],\n]\n",
    )
    .expect("aliases");
    let err = load(dir.path(), "").expect_err("refused");
    let p = &err.problems()[0];
    assert_eq!(p.file, dir.path().join("aliases.toml"), "{err}");
    assert_eq!((p.line, p.column), (3, 21), "{err}");
    assert!(p.message.starts_with("byte 0xFF is not UTF-8"), "{err}");
    // Absent, it is simply not used.
    std::fs::remove_file(dir.path().join("aliases.toml")).expect("rm");
    assert!(load(dir.path(), "").is_ok());
}

#[test]
fn an_alias_file_named_in_the_config_that_is_not_utf8_is_located_in_it() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("shared.toml"),
        b"aliases = [[\"a\xfe\", \"b\"]]\n",
    )
    .expect("aliases");
    let err = load(dir.path(), "[watch]\naliases = \"shared.toml\"\n").expect_err("refused");
    let p = &err.problems()[0];
    assert_eq!(p.file, dir.path().join("shared.toml"), "{err}");
    assert_eq!((p.line, p.column), (1, 15), "{err}");
    assert!(p.message.contains("not UTF-8"), "{err}");
}
