//! Matching speed. `cargo bench --bench watch` reports:
//! - `watch/100x20`: 100 watchlists of 20 terms each (words, phrases, wildcards, NEAR, NOT)
//!   over one 5,000-word article, the yardstick; throughput in bytes of text.
//! - `watch/shipped`: the shipped watchlists over each seed article as extracted.
//! - `extract/seeds`: extraction of the same seed pages, so the two costs can be compared on
//!   the same machine (matching must cost well under a tenth of extraction).
//! - `watch/corpus` and `extract/corpus`: the same comparison over the real news pages of
//!   `../shared/bench/extraction/html` (any topic, so mostly not matching, as in daily use),
//!   when that directory is there (`$NEWSHOUND_BENCH_PAGES` names another).
//!
//! - `watch/shipped/N matching corpus articles` and `extract/N matching corpus pages`: the
//!   same over the corpus pages that match, every match explained.
//!
//! The workloads are in `support/workloads.rs`; the synthetic one comes from a fixed seed.
//! On a shared machine whose speed drifts, `examples/watch_speed.rs` gives steadier figures.

#[path = "support/workloads.rs"]
mod workloads;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newshound::config::Config;
use newshound::extract::{decode_html, extract};
use newshound::watch::WatchSet;
use std::hint::black_box;
use std::path::Path;

fn synthetic(c: &mut Criterion) {
    let (set, title, body) = workloads::synthetic();
    let mut g = c.benchmark_group("watch");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("100x20", |b| {
        b.iter(|| black_box(set.matches(black_box(&title), black_box(&body))))
    });
    g.finish();
}

fn shipped(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = Config::load_with(&root.join("config/newshound.toml"), None).expect("config");
    let set = WatchSet::compile_with(&cfg.watchlists, &cfg.aliases).expect("watchlists");
    let pages = workloads::seeds();
    let bytes: usize = pages.iter().map(|(_, _, t)| t.len()).sum();
    let mut g = c.benchmark_group("watch");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("shipped/5 seed articles", |b| {
        b.iter(|| {
            for (_, title, text) in &pages {
                black_box(set.matches(black_box(title), black_box(text)));
            }
        })
    });
    g.finish();
    let html: usize = pages.iter().map(|(h, _, _)| h.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(html as u64));
    g.bench_function("5 seed pages", |b| {
        b.iter(|| {
            for (page, _, _) in &pages {
                black_box(extract(&decode_html(black_box(page), None), None));
            }
        })
    });
    g.finish();
}

fn corpus(c: &mut Criterion) {
    let pages = workloads::corpus_pages();
    if pages.is_empty() {
        eprintln!("no extraction benchmark pages found; skipping the corpus benches");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = Config::load_with(&root.join("config/newshound.toml"), None).expect("config");
    let set = WatchSet::compile_with(&cfg.watchlists, &cfg.aliases).expect("watchlists");
    let articles: Vec<(String, String)> = pages
        .iter()
        .map(|h| {
            let a = extract(&decode_html(h, None), None);
            (a.title, a.text)
        })
        .collect();
    let matched = articles
        .iter()
        .filter(|(t, b)| !set.matches(t, b).is_empty())
        .count();
    eprintln!(
        "corpus: {} pages, {} of them match a shipped watchlist",
        articles.len(),
        matched
    );
    matching_pages(c, &set, &pages, &articles);
    let text: usize = articles.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("watch");
    g.throughput(Throughput::Bytes(text as u64));
    g.bench_function(
        format!("shipped/corpus of {} articles", articles.len()),
        |b| {
            b.iter(|| {
                for (title, body) in &articles {
                    black_box(set.matches(black_box(title), black_box(body)));
                }
            })
        },
    );
    g.finish();
    let html: usize = pages.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(html as u64));
    g.sample_size(20);
    g.bench_function(format!("corpus of {} pages", pages.len()), |b| {
        b.iter(|| {
            for page in &pages {
                black_box(extract(&decode_html(black_box(page), None), None));
            }
        })
    });
    g.finish();
}

/// The corpus pages whose article matches a shipped watchlist, matched and extracted: the
/// pipeline's dearest matching case (every match is explained) on real pages.
fn matching_pages(
    c: &mut Criterion,
    set: &WatchSet,
    pages: &[Vec<u8>],
    articles: &[(String, String)],
) {
    let (pages, articles): (Vec<&Vec<u8>>, Vec<&(String, String)>) = pages
        .iter()
        .zip(articles)
        .filter(|(_, (t, b))| !set.matches(t, b).is_empty())
        .unzip();
    if pages.is_empty() {
        return;
    }
    let n = pages.len();
    let mut g = c.benchmark_group("watch");
    g.bench_function(format!("shipped/{n} matching corpus articles"), |b| {
        b.iter(|| {
            for (title, body) in &articles {
                black_box(set.matches(black_box(title), black_box(body)));
            }
        })
    });
    g.finish();
    let mut g = c.benchmark_group("extract");
    g.bench_function(format!("{n} matching corpus pages"), |b| {
        b.iter(|| {
            for page in &pages {
                black_box(extract(&decode_html(black_box(page), None), None));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, synthetic, shipped, corpus);
criterion_main!(benches);
