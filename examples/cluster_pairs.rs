//! Story grouping, pair by pair, on a labeled set of reports (bench/cluster's
//! events_dev.jsonl): every two reports published within the store's window of each other
//! are compared by their fingerprints, and the decisions scored against the event labels —
//! pairwise precision and recall, and recall on pairs in two languages. The daemon groups
//! through stories (a report joins the story of the first match), so this measures the rule,
//! not the digest; bench/cluster.sh-style end-to-end runs measure the rest.
//!
//! cargo run --release --example cluster_pairs -- ../shared/bench/cluster/events_dev.jsonl [DAYS [--dump]]

use chrono::NaiveDate;
use newshound::cluster::{Background, Fingerprint};

struct Report {
    n: usize,
    event: String,
    lang: String,
    day: NaiveDate,
    fp: Fingerprint,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: cluster_pairs EVENTS.jsonl [DAYS]");
    let days: i64 = args
        .next()
        .map_or(3, |d| d.parse().expect("DAYS is a number"));
    // --dump: every compared pair as a JSON line, for studying the rule.
    let dump = args.next().is_some_and(|a| a == "--dump");
    let text = std::fs::read_to_string(&path).expect("read the reports");
    let reports: Vec<Report> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Report {
                n,
                event: s("event"),
                lang: s("lang"),
                day: NaiveDate::parse_from_str(&s("published")[..10], "%Y-%m-%d").expect("date"),
                fp: Fingerprint::of(&s("title"), &s("body")),
            }
        })
        .collect();
    // Names and figures are weighed against every report, as the store weighs them against
    // the reports of its past week.
    let mut background = Background::default();
    for r in &reports {
        r.fp.add_to(&mut background);
    }
    let (mut tp, mut fp, mut fn_, mut xl_pairs, mut xl_tp) = (0, 0, 0, 0, 0);
    for (i, a) in reports.iter().enumerate() {
        for b in &reports[i + 1..] {
            if (a.day - b.day).num_days().abs() > days {
                continue;
            }
            let truth = a.event == b.event;
            let sim = a.fp.similarity_in(&b.fp, &background);
            let said = sim.same_story();
            if dump {
                println!(
                    "{}",
                    serde_json::json!({
                        "a": a.n, "b": b.n, "same_event": truth, "said": said,
                        "days": (a.day - b.day).num_days().abs(),
                        "langs": [a.lang, b.lang], "hamming": sim.hamming, "keys": sim.keys,
                        "title": sim.title, "score": sim.score, "conflict": sim.counts_conflict,
                        "names": sim.names, "shared_counts": sim.shared_counts,
                        "weighted": sim.weighted,
                    })
                );
            }
            match (truth, said) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
            if truth && a.lang != b.lang {
                xl_pairs += 1;
                xl_tp += usize::from(said);
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "{} reports, pairs within {days} days: P {:.2} R {:.2} (tp {tp}, fp {fp}, fn {fn_}); \
         cross-language R {:.2} ({xl_tp} of {xl_pairs})",
        reports.len(),
        ratio(tp, tp + fp),
        ratio(tp, tp + fn_),
        ratio(xl_tp, xl_pairs)
    );
}
