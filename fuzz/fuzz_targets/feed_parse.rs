//! Feed bytes → entries: `feed::parse_http` must return entries or an error, never panic.
//! The first byte picks a Content-Type, so header charsets are fuzzed too.
#![no_main]
use libfuzzer_sys::fuzz_target;

const TYPES: [Option<&str>; 5] = [
    None,
    Some("application/rss+xml; charset=koi8-r"),
    Some("text/xml; charset=windows-1251"),
    Some("application/atom+xml; charset=utf-16"),
    Some("application/feed+json"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let base = url::Url::parse("https://fuzz.example/feed.xml").expect("base");
    let ct = TYPES[usize::from(pick) % TYPES.len()];
    if let Ok(feed) = newshound::feed::parse_http(bytes, ct, &base) {
        for e in &feed.entries {
            assert!(!e.key.is_empty(), "an entry without a key");
        }
    }
    let _ = newshound::feed::count_items(bytes);
});
