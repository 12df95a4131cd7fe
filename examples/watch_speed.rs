//! Matching speed beside extraction, as the fastest of many batches:
//! `cargo run --release --example watch_speed`. On a shared machine whose speed drifts by
//! tens of percent from one second to the next, a mean moves with the neighbours; the
//! fastest batch is the run least disturbed, so two builds compare fairly when run in turn.
//! Prints, for the 85 real news pages of `../shared/bench/extraction` (the measure: matching
//! must cost under a tenth of extraction there) and for the seed pages of the test fixtures,
//! matching and extraction per round of all pages (their batches taken in turn) and their
//! ratio; and for the synthetic 100 watchlists x 20 terms over a 5,000-word article, the
//! time, MiB/s and articles/s (see `benches/watch.rs`).

#[path = "../benches/support/workloads.rs"]
mod workloads;

use newshound::config::Config;
use newshound::extract::{decode_html, extract};
use newshound::watch::WatchSet;
use std::hint::black_box as bb;
use std::path::Path;
use std::time::{Duration, Instant};

/// The mean of `f` over a batch of `reps` calls.
fn batch(reps: u32, f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..reps {
        f();
    }
    start.elapsed() / reps
}

/// The fastest mean of `f` over 40 batches of `reps` calls.
fn fastest(reps: u32, mut f: impl FnMut()) -> Duration {
    (0..40)
        .map(|_| batch(reps, &mut f))
        .min()
        .unwrap_or_default()
}

/// The fastest means of `a` and of `b` over 40 batches of each, taken in turn, so both see
/// the same phases of a machine whose speed drifts.
fn fastest_pair(
    (ra, mut a): (u32, impl FnMut()),
    (rb, mut b): (u32, impl FnMut()),
) -> (Duration, Duration) {
    (0..40).fold((Duration::MAX, Duration::MAX), |(ta, tb), _| {
        (ta.min(batch(ra, &mut a)), tb.min(batch(rb, &mut b)))
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = Config::load_with(&root.join("config/newshound.toml"), None)?;
    let set = WatchSet::compile_with(&cfg.watchlists, &cfg.aliases)
        .map_err(|e| format!("shipped watchlists: {e:?}"))?;
    let corpus = workloads::corpus_pages();
    if corpus.is_empty() {
        println!("no extraction benchmark pages beside the checkout: corpus not measured");
    } else {
        let articles: Vec<(String, String)> = corpus
            .iter()
            .map(|h| {
                let a = extract(&decode_html(h, None), None);
                (a.title, a.text)
            })
            .collect();
        let (matching, extracting) = fastest_pair(
            (5, || {
                for (title, text) in &articles {
                    bb(set.matches(bb(title), bb(text)));
                }
            }),
            (1, || {
                for html in &corpus {
                    bb(extract(&decode_html(bb(html), None), None));
                }
            }),
        );
        println!(
            "{} corpus pages: matching {matching:.1?}, extraction {extracting:.1?}, ratio {:.3}",
            corpus.len(),
            matching.as_secs_f64() / extracting.as_secs_f64()
        );
    }
    let pages = workloads::seeds();
    let (matching, extracting) = fastest_pair(
        (50, || {
            for (_, title, text) in &pages {
                bb(set.matches(bb(title), bb(text)));
            }
        }),
        (10, || {
            for (html, _, _) in &pages {
                bb(extract(&decode_html(bb(html), None), None));
            }
        }),
    );
    println!(
        "{} seed pages: matching {matching:.1?}, extraction {extracting:.1?}, ratio {:.3}",
        pages.len(),
        matching.as_secs_f64() / extracting.as_secs_f64()
    );
    let (set, title, body) = workloads::synthetic();
    let t = fastest(5, || {
        bb(set.matches(bb(&title), bb(&body)));
    });
    println!(
        "100 watchlists x 20 terms, {} words ({} KiB): {t:.1?}, {:.1} MiB/s, {:.0} articles/s",
        body.split_whitespace().count(),
        body.len() / 1024,
        body.len() as f64 / t.as_secs_f64() / (1024.0 * 1024.0),
        1.0 / t.as_secs_f64()
    );
    Ok(())
}
