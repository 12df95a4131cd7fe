//! The workloads of the matching benchmarks, shared by `benches/watch.rs` and
//! `examples/watch_speed.rs`: the seed pages of the test fixtures, and a synthetic one (a
//! vocabulary of made-up words, a Zipf-like article drawn from it and watchlists of exactly
//! 20 terms mixing every construct of the language) from a fixed seed, so every run measures
//! the same work.

use newshound::extract::{decode_html, extract};
use newshound::model::{Alert, WatchlistSpec};
use newshound::watch::WatchSet;
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

/// 100 watchlists of 20 terms, compiled, and a title and a 5,000-word body to match.
pub fn synthetic() -> (WatchSet, String, String) {
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
            ..Default::default()
        })
        .collect();
    let set = WatchSet::compile(&specs).expect("synthetic watchlists compile");
    let body = article(&mut rng, &vocab, 5000);
    let title = article(&mut rng, &vocab, 12);
    (set, title, body)
}

/// The seed pages of the test fixtures, as HTML and as extracted (title, text).
pub fn seeds() -> Vec<(Vec<u8>, String, String)> {
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

/// The pages of the extraction benchmark, gzipped HTML, if present beside the checkout.
pub fn corpus_pages() -> Vec<Vec<u8>> {
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
