//! What each fuzz target asserts, one function per target, shared by the cargo-fuzz targets
//! (fuzz/fuzz_targets/) and by the regression test (tests/fuzz_regressions.rs), which runs
//! every input kept under tests/fixtures/fuzz/TARGET/ through the same function: a crash
//! found once stays fixed without cargo-fuzz.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use newshound::fetch::RetryAfter;
use newshound::model::{Alert, WatchlistSpec};

/// What one target asserts of one input: panics when it does not hold.
pub type Check = fn(&[u8]);

/// The targets by name, as cargo-fuzz and the regression fixtures name them.
pub const TARGETS: [(&str, Check); 6] = [
    ("feed_parse", feed_parse),
    ("extract_html", extract_html),
    ("watch_query", watch_query),
    ("config_text", config_text),
    ("charset", charset),
    ("retry_after_cron", retry_after_cron),
];

const TYPES: [Option<&str>; 5] = [
    None,
    Some("application/rss+xml; charset=koi8-r"),
    Some("text/xml; charset=windows-1251"),
    Some("application/atom+xml; charset=utf-16"),
    Some("application/feed+json"),
];

/// Feed bytes → entries: `feed::parse_http` returns entries or an error, never panics. The
/// first byte picks a Content-Type, so header charsets are fuzzed too.
pub fn feed_parse(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let base = url::Url::parse("https://fuzz.example/feed.xml").expect("base");
    let ct = TYPES[usize::from(pick) % TYPES.len()];
    if let Ok(feed) = newshound::feed::parse_http(bytes, ct, &base) {
        for e in &feed.entries {
            assert!(!e.key.is_empty(), "an entry without a key");
        }
    }
    let _ = newshound::feed::count_items(bytes);
}

/// HTML → article: decoding and extraction never panic, whatever the page.
pub fn extract_html(data: &[u8]) {
    let url = url::Url::parse("https://fuzz.example/news/1.html").expect("url");
    let html = newshound::extract::decode_html(data, None);
    let _ = newshound::extract::extract(&html, Some(&url));
}

/// Query text → compiled watchlist: compiling refuses or succeeds, never panics; a query
/// that compiles matches a text made of its own words without panicking.
pub fn watch_query(data: &[u8]) {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    let spec = WatchlistSpec {
        id: "fuzz".into(),
        title: String::new(),
        query: query.to_string(),
        aliases: vec![vec!["Kyiv".into(), "Kiev".into(), "Київ".into()]],
        alert: Alert::Digest,
        min_score: 1.0,
        ..WatchlistSpec::default()
    };
    if let Ok(set) = newshound::watch::WatchSet::compile_with(&[spec], &[]) {
        let _ = set.matches(query, &format!("{query} {query}. Kyiv said: {query}"));
    }
}

/// Config text → Config: validation refuses with located problems or accepts, never
/// panics; an accepted config's schedules and numbers are then usable without panicking.
pub fn config_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match newshound::config::Config::from_text(text) {
        Err(e) => {
            for p in e.problems() {
                assert!(p.line >= 1 && p.column >= 1, "{p}");
            }
        }
        Ok(cfg) => {
            let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).expect("now");
            for f in &cfg.feeds {
                let cron = newshound::schedule::parse_cron(&f.poll).expect("validated");
                let _ = newshound::schedule::next_fire(&cron, cfg.schedule.timezone, now);
                let _ = newshound::schedule::jitter(&f.name, cfg.schedule.jitter_secs);
                let _ = newshound::schedule::retry_at(
                    now,
                    u32::MAX,
                    cfg.fetch.backoff_base_secs,
                    cfg.fetch.backoff_max_secs,
                    &f.name,
                    None,
                );
            }
        }
    }
}

/// Charset detection: any bytes under any Content-Type label decode to text without panic,
/// and bytes that are valid UTF-8 come back unchanged whatever the label — unless they hold
/// a NUL: ASCII in UTF-16 or UTF-32 is valid UTF-8 too (`00 00 00 0A` is a UTF-32BE line
/// feed), and the wide reading rightly wins there. The first byte says how many of the next
/// are the label.
pub fn charset(data: &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(n).min(rest.len());
    let (label, bytes) = rest.split_at(split);
    let ct = format!("text/xml; charset={}", String::from_utf8_lossy(label));
    let feed = newshound::feed::decoded_text(bytes, Some(&ct));
    let _ = newshound::extract::decode_html(bytes, Some(&ct));
    if newshound::feed::as_utf8(bytes).is_some_and(|t| t.len() == bytes.len())
        && !bytes.windows(5).any(|w| w == b"<?xml")
        && !bytes.contains(&0)
    {
        assert_eq!(feed.as_bytes(), bytes, "valid UTF-8 kept");
    }
}

/// Retry-After values and cron expressions from outside: parsing and the time arithmetic on
/// them saturate or refuse, never panic, at any clock reading.
pub fn retry_after_cron(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let nows = [
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).expect("now"),
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
    ];
    if let Some(r) = RetryAfter::parse(text) {
        for now in nows {
            let until = r.until(now);
            assert!(until >= now, "{r:?} at {now}: {until}");
            let _ = r.to_string();
        }
    }
    if let Ok(cron) = newshound::schedule::parse_cron(text) {
        for now in nows {
            let _ = newshound::schedule::next_fire(&cron, chrono_tz::Tz::Europe__Kyiv, now);
            let _ = newshound::schedule::previous_fire(&cron, chrono_tz::Tz::UTC, now);
        }
    }
    let secs = text.len() as u64 * 1_000_000_007;
    for now in nows {
        let _ = newshound::schedule::add_secs(now, secs);
    }
}
