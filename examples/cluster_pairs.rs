//! Story grouping, pair by pair, on a labeled set of reports (bench/cluster's
//! events_dev.jsonl): every two reports published within the store's window of each other
//! are compared by their fingerprints, and the decisions scored against the event labels —
//! pairwise precision and recall, and recall on pairs in two languages. The daemon groups
//! through stories (a report joins the story of the newest match), so a second line scores
//! that too, the reports taken in order of publication; bench/cluster.sh measures the rest
//! (feeds, pages, the digest).
//!
//! cargo run --release --example cluster_pairs -- EVENTS.jsonl [DAYS] [--dump | --errors]
//!
//! --dump: every compared pair as a JSON line; --errors: every wrong decision, with the
//! evidence, for studying the rule.

use chrono::NaiveDate;
use newshound::cluster::{Background, Fingerprint};

struct Report {
    n: usize,
    id: String,
    event: String,
    lang: String,
    day: NaiveDate,
    fp: Fingerprint,
}

#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    xl: usize,
    xl_tp: usize,
}

impl Tally {
    fn add(&mut self, a: &Report, b: &Report, said: bool) {
        let truth = a.event == b.event;
        match (truth, said) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
        if truth && a.lang != b.lang {
            self.xl += 1;
            self.xl_tp += usize::from(said);
        }
    }

    fn line(&self) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        format!(
            "P {:.2} R {:.2} (tp {}, fp {}, fn {}); cross-language R {:.2} ({} of {})",
            ratio(self.tp, self.tp + self.fp),
            ratio(self.tp, self.tp + self.fn_),
            self.tp,
            self.fp,
            self.fn_,
            ratio(self.xl_tp, self.xl),
            self.xl_tp,
            self.xl
        )
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: cluster_pairs EVENTS.jsonl [DAYS] [--dump | --errors]");
    let days: i64 = args
        .get(1)
        .filter(|a| !a.starts_with("--"))
        .map_or(3, |d| d.parse().expect("DAYS is a number"));
    let dump = args.iter().any(|a| a == "--dump");
    let errors = args.iter().any(|a| a == "--errors");
    let text = std::fs::read_to_string(path).expect("read the reports");
    let mut reports: Vec<Report> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Report {
                n,
                id: s("id"),
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
    let mut pairs = Tally::default();
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
            if errors && truth != said {
                let what = if said { "MERGED" } else { "SPLIT " };
                println!(
                    "{what} {} {} ({} {}) [{}] / [{}]\n       {}",
                    a.id,
                    b.id,
                    a.lang,
                    b.lang,
                    &a.event[..a.event.len().min(60)],
                    &b.event[..b.event.len().min(60)],
                    explain(&a.fp, &b.fp, &background)
                );
            }
            pairs.add(a, b, said);
        }
    }
    println!(
        "{} reports, pairs within {days} days: {}",
        reports.len(),
        pairs.line()
    );

    // Stories as the store makes them: each report, in order of publication, joins the
    // story of the newest earlier report it matches within the window.
    reports.sort_by_key(|r| (r.day, r.n));
    let mut story: Vec<usize> = Vec::with_capacity(reports.len());
    for (i, r) in reports.iter().enumerate() {
        let joined = (0..i).rev().find(|&j| {
            (r.day - reports[j].day).num_days().abs() <= days
                && r.fp.same_story_in(&reports[j].fp, &background)
        });
        story.push(joined.map_or(i, |j| story[j]));
    }
    let mut stories = Tally::default();
    for i in 0..reports.len() {
        for j in i + 1..reports.len() {
            stories.add(&reports[i], &reports[j], story[i] == story[j]);
        }
    }
    println!("stories, every pair: {}", stories.line());
}

/// The decision's evidence on one line, from `cluster::explain`.
fn explain(a: &Fingerprint, b: &Fingerprint, background: &Background) -> String {
    let e = newshound::cluster::explain(a, b, background);
    let s = e.similarity;
    format!(
        "hamming {} keys {:.2} title {:.2} score {:.2} names {:.2} ({} of {}) weighted {:.2} \
         counts shared {:?} only {:?} / {:?} conflict {}",
        s.hamming,
        s.keys,
        s.title,
        s.score,
        s.names,
        e.shared_names,
        e.names_of_smaller,
        s.weighted,
        e.shared_counts,
        e.only_first,
        e.only_second,
        e.counts_conflict
    )
}
