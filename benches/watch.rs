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
//! The synthetic vocabulary and article are generated from a fixed seed, so every run
//! measures the same work.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newshound::config::Config;
use newshound::extract::{decode_html, extract};
use newshound::model::{Alert, WatchlistSpec};
use newshound::watch::WatchSet;
use std::hint::black_box;
use std::path::Path;

/// A small deterministic generator (64-bit LCG); good enough to pick words.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mir", "tan", "ve", "sol", "dru", "pen", "gor", "ist", "ul", "ba", "rek", "on",
    "zi", "mar", "tel", "os", "vin", "cha", "ber", "ut", "nel", "das",
];

fn vocabulary(rng: &mut Lcg, n: usize) -> Vec<String> {
    let mut words: Vec<String> = (0..n)
        .map(|_| {
            let len = 2 + rng.next(3);
            (0..len)
                .map(|_| SYLLABLES[rng.next(SYLLABLES.len())])
                .collect()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// An article of `n` words, Zipf-like: a few words are frequent, most are rare.
fn article(rng: &mut Lcg, vocab: &[String], n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let rank = rng.next(vocab.len()).min(rng.next(vocab.len()));
        out.push_str(&vocab[rank]);
        out.push(if i % 17 == 16 { '.' } else { ' ' });
        if i % 17 == 16 {
            out.push(' ');
        }
    }
    out
}

/// One watchlist of exactly 20 terms mixing every construct of the language.
fn query(rng: &mut Lcg, vocab: &[String]) -> String {
    let mut w = |n: usize| -> Vec<String> {
        (0..n)
            .map(|_| vocab[rng.next(vocab.len())].clone())
            .collect()
    };
    let any = w(8).join(" OR ");
    let [a, b, c, d, e, f] = <[String; 6]>::try_from(w(6)).expect("six words");
    let [n, x, y] = <[String; 3]>::try_from(w(3)).expect("three words");
    let [p, q, r, s] = <[String; 4]>::try_from(w(4)).expect("four words");
    format!(
        "({any}) AND ({a} OR \"{b} {c}\" OR {}* OR {e} OR {f}) AND ({n} NEAR/8 ({x} OR {y})) \
         NOT ({p} OR {q} OR title:{r} OR -{s})",
        &d[..4]
    )
}

fn synthetic(c: &mut Criterion) {
    let mut rng = Lcg(7);
    let vocab = vocabulary(&mut rng, 3000);
    let specs: Vec<WatchlistSpec> = (0..100)
        .map(|i| WatchlistSpec {
            id: format!("w{i}"),
            title: String::new(),
            query: query(&mut rng, &vocab),
            aliases: Vec::new(),
            alert: Alert::Digest,
            min_score: 1.0,
        })
        .collect();
    let set = WatchSet::compile(&specs).expect("synthetic watchlists compile");
    let body = article(&mut rng, &vocab, 5000);
    let title = article(&mut rng, &vocab, 12);
    let mut g = c.benchmark_group("watch");
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("100x20", |b| {
        b.iter(|| black_box(set.matches(black_box(&title), black_box(&body))))
    });
    g.finish();
}

/// The seed pages of the test fixtures, as HTML and as extracted (title, text).
fn seeds() -> Vec<(Vec<u8>, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture pages")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
        .into_iter()
        .map(|p| {
            let html = std::fs::read(&p).expect("page");
            let a = extract(&decode_html(&html, None), None);
            (html, a.title, a.text)
        })
        .collect()
}

fn shipped(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = Config::load_with(&root.join("config/newshound.toml"), None).expect("config");
    let set = WatchSet::compile_with(&cfg.watchlists, &cfg.aliases).expect("watchlists");
    let pages = seeds();
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

/// The pages of the extraction benchmark, gzipped HTML, if present beside the checkout.
fn corpus_pages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("NEWSHOUND_BENCH_PAGES")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            ["../shared", "../../shared"]
                .iter()
                .map(|d| root.join(d).join("bench/extraction/html"))
                .find(|p| p.is_dir())
        });
    let Some(Ok(entries)) = dir.map(std::fs::read_dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let raw = std::fs::read(p).ok()?;
            if p.extension().is_some_and(|e| e == "gz") {
                let mut html = Vec::new();
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut html)
                    .ok()?;
                Some(html)
            } else {
                Some(raw)
            }
        })
        .collect()
}

fn corpus(c: &mut Criterion) {
    let pages = corpus_pages();
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
