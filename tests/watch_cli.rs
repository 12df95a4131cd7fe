//! `newshound watch test` and `watch backtest` through the binary: the JSON shapes scripts
//! rely on, the explanation an operator reads, and a backtest over a real store that finds
//! what changed watchlists would now catch and no longer catch, changing nothing.

mod common;

use common::web::Web;
use common::{Rig, ok, stderr, stdout, text_feed};

const SWAP: &str = "Ukraine and Russia swapped 95 prisoners of war each on Friday. \
                    The freed soldiers were brought home in buses.";
const RAID: &str = "Fighters of the Freedom of Russia Legion crossed the border into the \
                    Belgorod region overnight, the governor said.";
const RATES: &str = "The hryvnia exchange rate was steady against the dollar.";

/// Entries and matches recorded, read through the store's interface.
fn counts(db: &std::path::Path) -> (i64, i64) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let store = newshound::store::open_sqlite(db).expect("db");
    rt.block_on(store.counts()).expect("counts")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn watch_test_json_carries_id_terms_clauses_and_marked_snippets() {
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    let file = rig.dir.path().join("swap.txt");
    std::fs::write(&file, SWAP).expect("write");
    let out = json(&ok(&rig.run(&[
        "watch",
        "test",
        "--title",
        "Prisoner swap",
        "--file",
        file.to_str().expect("utf-8"),
        "--json",
    ])));
    assert_eq!(out["id"], file.to_str().expect("utf-8"));
    let m = &out["matches"][0];
    assert_eq!(m["watchlist"], "pow-exchange");
    assert!(m["score"].as_f64().expect("score") >= 2.0);
    let terms: Vec<&str> = m["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert!(terms.contains(&"swapped"), "{terms:?}");
    assert!(!m["clauses"].as_array().expect("clauses").is_empty());
    let s = &m["snippets"][0];
    let text = s["text"].as_str().expect("snippet text");
    let marked: Vec<&str> = s["marks"]
        .as_array()
        .expect("marks")
        .iter()
        .map(|r| {
            let a = r[0].as_u64().expect("start") as usize;
            let b = r[1].as_u64().expect("end") as usize;
            &text[a..b]
        })
        .collect();
    assert!(marked.contains(&"swapped"), "{marked:?} in {text}");
    assert_eq!(m["snippet"], s["text"], "the first passage is the snippet");
}

/// `watch test --explain -` with `text` on standard input; its exit code says whether a
/// watchlist matched, as grep's does.
fn explain_stdin(rig: &Rig, text: &str, matched: bool) -> String {
    let out = assert_cmd::Command::cargo_bin("newshound")
        .expect("binary")
        .arg("-c")
        .arg(rig.config_path())
        .args(["watch", "test", "--explain", "-"])
        .env_remove("NEWSHOUND_CONFIG")
        .write_stdin(text)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(if matched { 0 } else { 1 }),
        "{}",
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn watch_test_explain_reads_stdin_and_says_why_for_every_watchlist() {
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    let text = explain_stdin(&rig, RATES, false);
    assert!(text.contains("no match pow-exchange"), "{text}");
    assert!(text.contains("found:"), "{text}");
    let text = explain_stdin(&rig, SWAP, true);
    assert!(text.contains("MATCH    pow-exchange"), "{text}");
    assert!(text.contains("because:"), "{text}");
    assert!(text.contains("**swapped**"), "{text}");
}

#[test]
fn watch_test_jsonl_gives_one_line_per_item_with_the_documented_keys() {
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    let items = rig.dir.path().join("items.jsonl");
    let lines: Vec<String> = [("a", SWAP), ("b", RATES), ("c", RAID)]
        .iter()
        .map(|(id, body)| serde_json::json!({"id": id, "title": "", "body": body}).to_string())
        .collect();
    std::fs::write(&items, lines.join("\n")).expect("write");
    let out = ok(&rig.run(&["watch", "test", "--jsonl", items.to_str().expect("utf-8")]));
    let rows: Vec<serde_json::Value> = out.lines().map(json).collect();
    assert_eq!(rows.len(), 3);
    let ids = |row: &serde_json::Value| -> Vec<String> {
        row["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .map(|m| m["watchlist"].as_str().expect("watchlist").to_string())
            .collect()
    };
    assert_eq!(ids(&rows[0]), ["pow-exchange"]);
    assert!(ids(&rows[1]).is_empty());
    assert_eq!(ids(&rows[2]), ["cross-border-incursion"]);
    for key in [
        "watchlist",
        "score",
        "terms",
        "snippets",
        "clauses",
        "snippet",
        "marks",
    ] {
        assert!(rows[0]["matches"][0].get(key).is_some(), "{key}");
    }
}

/// A feed whose entries carry their whole text, so a poll needs no article pages.
fn serve_feed() -> Web {
    let web = Web::empty();
    let feed = text_feed(
        &web.uri(),
        &[("swap", SWAP), ("raid", RAID), ("rates", RATES)],
    );
    web.set_feed("/feed.xml", feed);
    web
}

fn polled_rig(web: &Web, extra: &str) -> Rig {
    let rig = Rig::new();
    let feeds = format!(
        "[[feed]]\nname = \"Wire\"\nurl = \"{}/feed.xml\"\nfetch_article = false\n\n",
        web.uri()
    );
    rig.write_config(&[], 9, &format!("{extra}\n"));
    let cfg = std::fs::read_to_string(rig.config_path()).expect("config");
    std::fs::write(rig.config_path(), format!("{feeds}{cfg}")).expect("config");
    ok(&rig.run(&["poll", "--once"]));
    rig
}

#[test]
fn backtest_lists_what_changed_watchlists_catch_and_drop_and_changes_nothing() {
    let web = serve_feed();
    let rig = polled_rig(&web, "");
    let db = rig.db_path();
    let before = counts(&db);
    assert_eq!(before, (3, 2), "three entries, two matches");

    let out = json(&ok(&rig.run(&["watch", "backtest", "--json"])));
    assert_eq!(out["articles"], 3);
    assert_eq!(out["without_text"], 0);
    assert!(out["changes"].as_array().expect("changes").is_empty());
    assert_eq!(out["summaries"][0]["unchanged"], 1);

    // The operator narrows one watchlist and adds another.
    std::fs::write(
        rig.dir.path().join("watchlists.toml"),
        "[[watchlist]]\nid = \"pow-exchange\"\ntitle = \"POW\"\nquery = '\"exchange fund\"'\n\n\
         [[watchlist]]\nid = \"cross-border-incursion\"\ntitle = \"Raids\"\nquery = 'Legion NEAR/5 cross'\n\n\
         [[watchlist]]\nid = \"rates\"\ntitle = \"Rates\"\nquery = 'hryvnia NEAR/3 \"exchange rate\"'\n",
    )
    .expect("write");
    let out = json(&ok(&rig.run(&["watch", "backtest", "--json"])));
    let changes = out["changes"].as_array().expect("changes");
    let of = |kind: &str| -> Vec<(String, String)> {
        changes
            .iter()
            .filter(|c| c["change"] == kind)
            .map(|c| {
                (
                    c["watchlist"].as_str().expect("id").to_string(),
                    c["title"].as_str().expect("title").to_string(),
                )
            })
            .collect()
    };
    assert_eq!(of("caught"), [("rates".into(), "Item rates".into())]);
    assert_eq!(of("dropped"), [("pow-exchange".into(), "Item swap".into())]);
    let dropped = changes
        .iter()
        .find(|c| c["change"] == "dropped")
        .expect("dropped");
    assert!(
        dropped["why_not"]
            .as_str()
            .expect("why")
            .contains("does not hold"),
        "{dropped}"
    );
    let caught = changes
        .iter()
        .find(|c| c["change"] == "caught")
        .expect("caught");
    assert!(
        !caught["now"]["snippets"]
            .as_array()
            .expect("snippets")
            .is_empty()
    );

    let human = ok(&rig.run(&["watch", "backtest", "--watchlist", "rates"]));
    assert!(human.contains("+ now caught"), "{human}");
    assert!(human.contains("rates: recorded 0, now 1"), "{human}");
    assert!(!human.contains("pow-exchange"), "{human}");

    assert_eq!(counts(&db), before);
    let bad = rig.run(&["watch", "backtest", "--since", "7y"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stdout(&bad));
    assert!(stderr(&bad).contains("use m, h, d or w"));
    let bad = rig.run(&["watch", "backtest", "--watchlist", "nope"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn with_keep_text_days_zero_no_text_outlives_the_poll() {
    let web = serve_feed();
    let rig = polled_rig(&web, "[storage]\nkeep_text_days = 0");
    let out = json(&ok(&rig.run(&["watch", "backtest", "--json"])));
    assert_eq!(out["articles"], 3);
    assert_eq!(out["without_text"], 3);
}

#[test]
fn a_reader_that_stops_reading_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    let rig = Rig::new();
    rig.write_config(&[], 9, "");
    // Far more output than a pipe holds, so the command is still writing when it closes.
    let items = rig.dir.path().join("items.jsonl");
    let line = r#"{"id":"x","title":"Prisoner swap","body":"Ukraine and Russia swapped prisoners of war."}"#;
    std::fs::write(&items, format!("{line}\n").repeat(3000)).expect("items");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newshound"))
        .arg("-c")
        .arg(rig.config_path())
        .args(["watch", "test", "--jsonl"])
        .arg(&items)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    // Dropping the reader closes the pipe, as `| head -1` does.
    let out = child.wait_with_output().expect("wait");
    assert!(first.contains("\"id\""), "{first}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
    assert!(out.status.success(), "{:?} {err}", out.status);
}
