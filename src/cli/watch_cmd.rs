//! `newshound watch test`: the watch stage on one text, page or a batch of items, with the
//! reasons for every match.

use super::WatchTestArgs;
use super::commands::{Failure, Outcome};
use super::explain_fmt::{explanation_lines, match_lines};
use super::input::read_capped;
use super::out::outln;
use crate::config::Config;
use crate::extract;
use crate::fetch::{Fetched, Fetcher, Trust};
use crate::model::Match;
use crate::watch::{Explanation, WatchSet};
use anyhow::{Context, anyhow};
use serde::Deserialize;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// The longest line of a `--jsonl` batch: an article as large as a feed may be.
const LINE_CAP: u64 = crate::config::defaults::MAX_BODY_BYTES;

#[derive(Deserialize)]
struct Item {
    id: serde_json::Value,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

/// The configured watchlists, compiled with the shared aliases.
pub(super) fn compile(cfg: &Config) -> Result<WatchSet, Failure> {
    WatchSet::compile_with(&cfg.watchlists, &cfg.aliases).map_err(|errs| {
        Failure::Usage(anyhow!(
            "{}",
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ))
    })
}

pub(super) async fn test(cfg: &Config, args: WatchTestArgs) -> Outcome {
    let set = compile(cfg)?;
    if let Some(path) = &args.jsonl {
        return batch(&set, path, args.explain);
    }
    let (id, page_title, text) = if let Some(u) = &args.url {
        let url = url::Url::parse(u).map_err(|e| Failure::Usage(anyhow!("--url {u:?}: {e}")))?;
        let fetcher = Fetcher::new(&cfg.fetch).context("building the HTTP client")?;
        let body = match fetcher
            .get(&url, None, Trust::Operator)
            .await
            .context("fetching the page")?
        {
            Fetched::Modified(b) => b,
            Fetched::NotModified => {
                return Err(Failure::Runtime(anyhow!(
                    "{u}: server answered 304 to an unconditional request"
                )));
            }
        };
        let a = extract::extract(
            &extract::decode_html(&body.bytes, body.content_type.as_deref()),
            Some(&body.final_url),
        );
        (u.clone(), a.title, a.text)
    } else if let Some(path) = args
        .file
        .as_deref()
        .or(args.stdin.as_ref().map(|_| Path::new("-")))
    {
        let bytes = read_capped(path, cfg.fetch.max_body_bytes, "[fetch] max_body_bytes")?;
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
        if head.contains("<html")
            || head.contains("<!doctype")
            || head.trim_start().starts_with('<')
        {
            let a = extract::extract(&extract::decode_html(&bytes, None), None);
            (path.display().to_string(), a.title, a.text)
        } else {
            (
                path.display().to_string(),
                String::new(),
                extract::decode_html(&bytes, Some("text/plain")),
            )
        }
    } else {
        return Err(Failure::Usage(anyhow!(
            "give --file F, --url U, - (stdin) or --jsonl FILE"
        )));
    };
    let title = args.title.unwrap_or(page_title);
    let matches = set.matches(&title, &text);
    let explained = args.explain.then(|| set.explain(&title, &text));
    if args.json {
        let mut out = serde_json::json!({ "id": id, "title": title, "matches": matches });
        if let Some(ex) = &explained {
            out["explain"] = ex.iter().map(explanation_json).collect();
        }
        outln!(
            "{}",
            serde_json::to_string_pretty(&out).context("encoding JSON")?
        );
    } else {
        if !title.is_empty() {
            outln!("title: {title}");
        }
        match &explained {
            Some(ex) => ex
                .iter()
                .flat_map(explanation_lines)
                .for_each(|l| outln!("{l}")),
            None => print_human(&set, &matches),
        }
    }
    // As grep: 0 when a watchlist matched, 1 when none did (2 is an error).
    Ok(if matches.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every term's hits and the verdict of one watchlist, for `--json --explain`.
fn explanation_json(ex: &Explanation) -> serde_json::Value {
    let terms: Vec<serde_json::Value> = ex
        .terms
        .iter()
        .map(|t| {
            serde_json::json!({
                "term": t.term, "negated": t.negated,
                "title_hits": t.title_hits, "body_hits": t.body_hits,
            })
        })
        .collect();
    serde_json::json!({
        "watchlist": ex.watchlist, "matched": ex.matched, "query_holds": ex.query_holds,
        "score": ex.score, "min_score": ex.min_score, "terms": terms, "detail": ex.detail,
        "model": ex.model,
    })
}

/// The verdicts of every watchlist, without the per-term detail, for `--jsonl --explain`.
fn verdicts_json(ex: &[Explanation]) -> serde_json::Value {
    ex.iter()
        .map(|e| {
            serde_json::json!({
                "watchlist": e.watchlist, "matched": e.matched, "query_holds": e.query_holds,
                "score": e.score, "min_score": e.min_score,
                "probability": e.model.as_ref().map(|m| m.probability),
            })
        })
        .collect()
}

fn print_human(set: &WatchSet, matches: &[Match]) {
    for id in set.ids() {
        match matches.iter().find(|m| m.watchlist == id) {
            Some(m) => {
                outln!("MATCH    {id} (score {})", m.score);
                match_lines(m).iter().for_each(|l| outln!("{l}"));
            }
            None => outln!("no match {id}"),
        }
    }
}

/// One output line per input line: {"id": .., "matches": [{"watchlist", "score", "terms",
/// "snippet", "marks", "clauses", "snippets", "model"?}]}, with `--explain` also "explain":
/// every watchlist's verdict, query and model. A bad line is reported on stderr with its
/// number and the rest still run.
fn batch(set: &WatchSet, path: &Path, explain: bool) -> Outcome {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad = 0;
    let mut reader = BufReader::new(file);
    let mut raw = Vec::new();
    for n in 0.. {
        // One line at most `LINE_CAP` bytes: a file of one endless line costs no more.
        raw.clear();
        let read = (&mut reader)
            .take(LINE_CAP + 1)
            .read_until(b'\n', &mut raw)
            .with_context(|| format!("{}: cannot read line {}", path.display(), n + 1))?;
        if read == 0 {
            break;
        }
        if raw.len() as u64 > LINE_CAP && !raw.ends_with(b"\n") {
            return Err(Failure::Usage(anyhow!(
                "{}:{}: a line longer than {LINE_CAP} bytes; one item per line, each at most that",
                path.display(),
                n + 1
            )));
        }
        let line = String::from_utf8_lossy(&raw);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Item>(&line) {
            Ok(item) => {
                let matches = set.matches(&item.title, &item.body);
                let mut row = serde_json::json!({ "id": item.id, "matches": matches });
                if explain {
                    row["explain"] = verdicts_json(&set.explain(&item.title, &item.body));
                }
                super::out::done(writeln!(out, "{row}"));
            }
            Err(e) => {
                eprintln!(
                    "newshound: {}:{}: not an {{\"id\",\"title\",\"body\"}} object: {e}",
                    path.display(),
                    n + 1
                );
                bad += 1;
            }
        }
    }
    super::out::done(out.flush());
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
