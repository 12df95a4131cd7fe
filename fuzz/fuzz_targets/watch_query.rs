//! Query text → compiled watchlist: compiling must refuse or succeed, never panic; a query
//! that compiles must match a text (made of the query's own words) without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use newshound::model::{Alert, WatchlistSpec};

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let spec = WatchlistSpec {
        id: "fuzz".into(),
        title: String::new(),
        query: query.to_string(),
        aliases: vec![vec!["Kyiv".into(), "Kiev".into(), "Київ".into()]],
        alert: Alert::Digest,
        min_score: 1.0,
    };
    if let Ok(set) = newshound::watch::WatchSet::compile_with(&[spec], &[]) {
        let _ = set.matches(query, &format!("{query} {query}. Kyiv said: {query}"));
    }
});
