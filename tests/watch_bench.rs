//! Precision and recall of the shipped `config/watchlists.toml` on the labeled dev set
//! `../shared/bench/watch/dev.jsonl` (or `../../shared/...` from a worktree, or `$WATCH_BENCH`), the same numbers the official
//! scorer computes through the CLI: borderline items are skipped. Ignored by default because
//! the set lives outside the repository; run with
//! `cargo test --test watch_bench -- --ignored --nocapture`. It prints, never asserts: the
//! bar is measured, not enforced by the test suite.

use std::path::PathBuf;

use newshound::config::Config;
use newshound::watch::WatchSet;
use serde::Deserialize;

#[derive(Deserialize)]
struct Item {
    id: String,
    title: String,
    body: String,
    labels: Vec<String>,
    #[serde(default)]
    borderline: bool,
}

/// Dev-set label for each shipped watchlist id.
const LABELS: [(&str, &str); 2] = [
    ("pow-exchange", "pow_exchange"),
    ("cross-border-incursion", "cross_border_incursion"),
];

#[test]
#[ignore = "reads the dev set outside the repository; run with --ignored"]
fn dev_set_precision_recall() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // The checkout sits next to `shared/`, or one level deeper for a worktree.
    let path = std::env::var_os("WATCH_BENCH")
        .map(PathBuf::from)
        .or_else(|| {
            ["../shared", "../../shared"]
                .iter()
                .map(|d| root.join(d).join("bench/watch/dev.jsonl"))
                .find(|p| p.exists())
        })
        .unwrap_or_else(|| root.join("../shared/bench/watch/dev.jsonl"));
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("no dev set at {}; skipping", path.display());
        return;
    };
    let items: Vec<Item> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("dev item is valid JSON"))
        .collect();
    let cfg = Config::load_with(&root.join("config/newshound.toml"), None)
        .unwrap_or_else(|e| panic!("config:\n{e}"));
    let ws = WatchSet::compile_with(&cfg.watchlists, &cfg.aliases).expect("watchlists compile");
    let verbose = std::env::var_os("WATCH_BENCH_VERBOSE").is_some();

    let got: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            ws.matches(&i.title, &i.body)
                .into_iter()
                .map(|m| m.watchlist)
                .collect()
        })
        .collect();
    for (wl, label) in LABELS {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        let mut errs = Vec::new();
        for (item, got) in items.iter().zip(&got) {
            if item.borderline {
                continue;
            }
            let want = item.labels.iter().any(|l| l == label);
            let have = got.iter().any(|g| g == wl);
            match (want, have) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
            if want != have {
                errs.push(format!("{} {}", if want { "FN" } else { "FP" }, item.id));
                if verbose {
                    let ex = ws.explain(&item.title, &item.body);
                    let ex = ex.iter().find(|e| e.watchlist == wl).expect("listed");
                    let hits: Vec<_> = ex
                        .terms
                        .iter()
                        .filter(|t| t.title_hits + t.body_hits > 0)
                        .map(|t| format!("{}{}", if t.negated { "-" } else { "" }, t.term))
                        .collect();
                    errs.push(format!("   score {} {:?} | {}", ex.score, hits, item.title));
                    if let Some(d) = &ex.detail {
                        errs.push(format!("   clauses {:?}", d.clauses));
                    }
                }
            }
        }
        if std::env::var_os("WATCH_BENCH_SCORES").is_some() {
            for item in items.iter().filter(|i| !i.borderline) {
                let ex = ws.explain(&item.title, &item.body);
                let ex = ex.iter().find(|e| e.watchlist == wl).expect("listed");
                let want = item.labels.iter().any(|l| l == label);
                println!(
                    "  score {:>4} holds={} want={} {}",
                    ex.score, ex.query_holds, want, item.id
                );
            }
        }
        let p = tp as f64 / ((tp + fp) as f64).max(1.0);
        let r = tp as f64 / ((tp + fn_) as f64).max(1.0);
        println!("{wl}: P={p:.3} R={r:.3} tp={tp} fp={fp} fn={fn_}");
        for e in errs {
            println!("  {e}");
        }
    }
}
