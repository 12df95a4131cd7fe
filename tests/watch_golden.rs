//! The matcher's oracle: `watch test --jsonl` with the shipped config over the mixed check set
//! (see `oracle/mod.rs`) must give what `tests/golden/watch_mixed.jsonl` records, item by
//! item. The benchmark items are third-party text, so the golden keeps no text of theirs:
//! per item, the decision-level data (watchlists matched, score, terms, clauses, the marks
//! of every passage), a digest of the input, and the SHA-256 of the whole output line, so
//! the passages are still checked byte for byte. An item whose input is not the one the
//! golden was made from (other benchmark data, or an extractor that reads a page otherwise)
//! is counted and left out, not compared.
//!
//! `UPDATE_GOLDEN=1 cargo test --test watch_golden` writes the golden anew; a commit that does
//! so says which outputs change and why they are more correct. Without the benchmark folder
//! beside the checkout the test says so and passes.

mod oracle;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Decision {
    watchlist: String,
    score: f64,
    terms: Vec<String>,
    clauses: Vec<String>,
    /// The marks of each passage, in order.
    marks: Vec<Vec<[usize; 2]>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    id: String,
    /// Digest of the item's title and body.
    input: String,
    /// SHA-256 of the output line.
    line: String,
    matches: Vec<Decision>,
}

#[derive(Deserialize)]
struct OutSnippet {
    marks: Vec<[usize; 2]>,
}

#[derive(Deserialize)]
struct OutMatch {
    watchlist: String,
    score: f64,
    terms: Vec<String>,
    clauses: Vec<String>,
    snippets: Vec<OutSnippet>,
}

#[derive(Deserialize)]
struct OutLine {
    id: String,
    matches: Vec<OutMatch>,
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/watch_mixed.jsonl")
}

/// A copy of the shipped config whose watchlists decide by their queries alone: this is the
/// matcher's oracle, and a watchlist without examples decides exactly as the matcher says
/// (the learned models are checked against labelled sets, not a golden file).
fn queries_only(dir: &std::path::Path) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
    for name in ["newshound.toml", "aliases.toml", "watchlists.toml"] {
        let text = std::fs::read_to_string(root.join(name)).expect("shipped config");
        let text: String = if name == "watchlists.toml" {
            let model_keys = ["examples =", "decide =", "threshold =", "veto ="];
            text.lines()
                .filter(|l| !model_keys.iter().any(|k| l.starts_with(k)))
                .map(|l| format!("{l}\n"))
                .collect()
        } else {
            text
        };
        std::fs::write(dir.join(name), text).expect("config copy");
    }
    dir.join("newshound.toml")
}

/// Runs the binary on the items and reads one record per item.
fn run(items: &[oracle::Item]) -> Vec<Record> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("items.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).expect("input file"));
    for item in items {
        writeln!(f, "{}", item.line()).expect("write input");
    }
    f.into_inner().expect("flush input");
    let config = queries_only(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_newshound"))
        .arg("-c")
        .arg(&config)
        .args(["watch", "test", "--jsonl"])
        .arg(&input)
        .output()
        .expect("run newshound");
    assert!(
        out.status.success(),
        "watch test --jsonl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), items.len(), "one output line per item");
    items
        .iter()
        .zip(lines)
        .map(|(item, line)| {
            let parsed: OutLine = serde_json::from_str(line).expect("an output line");
            assert_eq!(parsed.id, item.id, "output in input order");
            Record {
                id: item.id.clone(),
                input: item.input_digest(),
                line: oracle::sha256(line),
                matches: parsed
                    .matches
                    .into_iter()
                    .map(|m| Decision {
                        watchlist: m.watchlist,
                        score: m.score,
                        terms: m.terms,
                        clauses: m.clauses,
                        marks: m.snippets.into_iter().map(|s| s.marks).collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn watch_test_output_is_the_golden_one() {
    let Some(shared) = oracle::shared_dir() else {
        eprintln!("watch_golden: skipped, no benchmark folder (../shared) beside the checkout");
        return;
    };
    let items = oracle::check_set(&shared);
    let got = run(&items);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let mut text = String::new();
        for r in &got {
            text.push_str(&serde_json::to_string(r).expect("record"));
            text.push('\n');
        }
        std::fs::create_dir_all(golden_path().parent().expect("golden dir")).expect("mkdir");
        std::fs::write(golden_path(), text).expect("write golden");
        eprintln!("watch_golden: wrote {} records", got.len());
        return;
    }
    let golden_text = std::fs::read_to_string(golden_path()).expect("golden file");
    let golden: HashMap<String, Record> = golden_text
        .lines()
        .map(|l| serde_json::from_str::<Record>(l).expect("golden record"))
        .map(|r| (r.id.clone(), r))
        .collect();
    let (mut compared, mut other_input, mut unknown) = (0, 0, 0);
    let mut decisions = Vec::new();
    let mut passages = Vec::new();
    for r in &got {
        let Some(g) = golden.get(&r.id) else {
            unknown += 1;
            continue;
        };
        if g.input != r.input {
            other_input += 1;
            continue;
        }
        compared += 1;
        if g.matches != r.matches {
            decisions.push(format!(
                "{}:\n  golden {}\n  now    {}",
                r.id,
                serde_json::to_string(&g.matches).unwrap_or_default(),
                serde_json::to_string(&r.matches).unwrap_or_default()
            ));
        } else if g.line != r.line {
            passages.push(r.id.clone());
        }
    }
    eprintln!(
        "watch_golden: {compared} of {} items compared; {other_input} had another input than \
         the golden's and {unknown} are not in it",
        got.len()
    );
    assert!(
        decisions.is_empty() && passages.is_empty(),
        "{} items decide otherwise than the golden, {} more quote other passages ({}):\n{}",
        decisions.len(),
        passages.len(),
        passages
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        decisions
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
