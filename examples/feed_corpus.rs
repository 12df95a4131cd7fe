//! Survey of a feed corpus (bench/feed-corpus.sh): for every file, whether `feed::parse`
//! reads it, how many entries it gives, and how many items the raw bytes seem to hold.
//! Prints one JSON line per file: {"file", "half", "status", "entries", "items", "error"}.
//! `half` splits the corpus by a hash of the file's path into "tune" and "check".

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.file_name().is_some_and(|n| n != "LICENSE") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: feed_corpus DIR");
    let dir = Path::new(&dir);
    let base = url::Url::parse("http://corpus.example/feed.xml").expect("url");
    for path in files(dir) {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let bytes = std::fs::read(&path).expect("read");
        let items = newshound::feed::count_items(&bytes);
        let half = if fnv(&rel).is_multiple_of(2) {
            "tune"
        } else {
            "check"
        };
        let (status, entries, error) = match newshound::feed::parse(&bytes, &base) {
            Ok(f) => ("ok", f.entries.len(), String::new()),
            Err(e) => ("refused", 0, e.to_string()),
        };
        println!(
            "{}",
            serde_json::json!({"file": rel, "half": half, "status": status, "entries": entries, "items": items, "error": error})
        );
    }
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
