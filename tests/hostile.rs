//! The hostile corpus (`tests/fixtures/hostile/generate.rs`), case by case, each run in a
//! child process under a deadline and measured: no panic, no hang, peak resident memory under
//! the case's bound, and either a clear error (naming what failed) or a result that says what
//! it dropped. The bounds are generous safety rails against blow-ups, not speed targets (an
//! unoptimised build runs these); `bench/faults.sh` records the measured figures in FAULTS.md.
//!
//! `NEWSHOUND_HOSTILE_RUNS=n` runs every case n times; with `NEWSHOUND_FAULTS_OUT=FILE` each
//! case appends one JSON line (runs, outcome, worst time and memory) for FAULTS.md.

mod common;

#[path = "fixtures/hostile/generate.rs"]
mod generate;

use common::hostile_server::{Body, HostileServer, Reply};
use common::measure::{self, Run, Stdin};
use common::{Rig, feed_table, sql_column};
use serde_json::Value;
use std::time::Duration;

const RSS: &str = "application/rss+xml";

/// What a case serves, how newshound is run on it, and what must come out.
struct Case {
    name: &'static str,
    /// What the case feeds newshound, in a few words, for FAULTS.md.
    what: &'static str,
    setup: fn(&HostileServer) -> Setup,
    check: fn(&Outcome) -> Result<(), String>,
    max_secs: u64,
    max_rss_mib: f64,
}

struct Setup {
    /// Lines appended to the `[fetch]` table.
    fetch: &'static str,
    command: Command,
}

enum Command {
    /// `poll --once --json` of the feed at /feed.
    Poll,
    /// `check` of this config text (an alias file beside it when given).
    Check(Vec<u8>, Option<Vec<u8>>),
    /// `watch test -` reading an endless standard input.
    WatchStdin,
}

struct Outcome {
    run: Run,
    /// The poll report of the feed, for `Poll`.
    report: Value,
    /// The stored titles, for `Poll`.
    titles: Vec<String>,
}

fn serve(s: &HostileServer, body: Vec<u8>, content_type: &str) {
    s.set("/feed", Reply::ok(content_type, body));
}

fn poll(fetch: &'static str) -> Setup {
    Setup {
        fetch,
        command: Command::Poll,
    }
}

fn field(o: &Outcome, key: &str) -> String {
    match &o.report[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

fn expect(ok: bool, what: &str, o: &Outcome) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what}; report {} stderr {}",
            o.report, o.run.stderr
        ))
    }
}

fn failed_with(o: &Outcome, needle: &str) -> Result<(), String> {
    expect(
        field(o, "outcome") == "failed" && field(o, "error").contains(needle),
        &format!("expected a failure saying {needle:?}"),
        o,
    )
}

fn read_with_note(o: &Outcome, new: u64, note: &str) -> Result<(), String> {
    let notes = o.report["feed_notes"].to_string();
    expect(
        field(o, "outcome") == "fetched"
            && o.report["new_entries"].as_u64() == Some(new)
            && notes.contains(note),
        &format!("expected {new} new entries and a note saying {note:?}"),
        o,
    )
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "retry-after-near-i64",
            what: "503 with Retry-After: 10000000000000",
            setup: |s| {
                s.set(
                    "/feed",
                    Reply::status(503, &[("retry-after", "10000000000000")]),
                );
                poll("")
            },
            check: |o| failed_with(o, "cut to 7 days"),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "304-unconditional",
            what: "304 to the first, unconditional request",
            setup: |s| {
                s.set("/feed", Reply::status(304, &[]));
                poll("")
            },
            check: |o| failed_with(o, "304 Not Modified to an unconditional request"),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "redirect-to-itself",
            what: "302 to itself, forever",
            setup: |s| {
                s.set("/feed", Reply::status(302, &[("location", "/feed")]));
                poll("")
            },
            check: |o| failed_with(o, "more than 5 redirects"),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "gzip-bomb",
            what: "64 MiB of zeros in a few KiB of gzip",
            setup: |s| {
                let mut r = Reply::ok(RSS, generate::gzip_bomb(64));
                r.headers.push(("content-encoding".into(), "gzip".into()));
                s.set("/feed", r);
                poll("")
            },
            check: |o| failed_with(o, "larger than 10485760 bytes"),
            max_secs: 60,
            max_rss_mib: 150.0,
        },
        Case {
            name: "endless-body",
            what: "a chunked body that never ends",
            setup: |s| {
                s.set(
                    "/feed",
                    Reply {
                        status: 200,
                        headers: vec![],
                        body: Body::Endless,
                    },
                );
                poll("")
            },
            check: |o| failed_with(o, "larger than"),
            max_secs: 60,
            max_rss_mib: 150.0,
        },
        Case {
            name: "garbage",
            what: "1 MiB of random bytes",
            setup: |s| {
                serve(s, generate::garbage(1 << 20), RSS);
                poll("")
            },
            check: |o| failed_with(o, "/feed: "),
            max_secs: 30,
            max_rss_mib: 150.0,
        },
        Case {
            name: "atom-0.3",
            what: "an Atom 0.3 feed",
            setup: |s| {
                serve(s, generate::atom03(), "application/atom+xml");
                poll("")
            },
            check: |o| expect(o.report["new_entries"] == 1, "one entry read", o),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "rss-without-version",
            what: "<rss> with no version",
            setup: |s| {
                serve(s, generate::rss_without_version(), RSS);
                poll("")
            },
            check: |o| read_with_note(o, 1, "read as RSS 2.0"),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "nul-character-reference",
            what: "one &#0; in one title",
            setup: |s| {
                serve(s, generate::nul_reference(), RSS);
                poll("")
            },
            check: |o| read_with_note(o, 2, "replaced by U+FFFD"),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "json-integer-date",
            what: "a JSON Feed item with an integer date_published",
            setup: |s| {
                serve(s, generate::json_integer_date(), "application/feed+json");
                poll("")
            },
            check: |o| read_with_note(o, 2, "date_published is a number"),
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "utf8-labelled-koi8-r",
            what: "UTF-8 Cyrillic served as charset=koi8-r",
            setup: |s| {
                serve(
                    s,
                    generate::utf8_cyrillic(None),
                    "application/rss+xml; charset=koi8-r",
                );
                poll("")
            },
            check: |o| {
                expect(
                    o.titles == ["Обмін полоненими"],
                    "the title without mojibake",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "utf8-declared-windows-1251",
            what: "UTF-8 Cyrillic declared encoding=\"windows-1251\"",
            setup: |s| {
                serve(s, generate::utf8_cyrillic(Some("windows-1251")), RSS);
                poll("")
            },
            check: |o| {
                expect(
                    o.titles == ["Обмін полоненими"],
                    "the title without mojibake",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "330000-items",
            what: "a 10 MiB feed of 330,000 items",
            setup: |s| {
                serve(s, generate::many_items(330_000), RSS);
                poll("max_articles_per_poll = 50\n")
            },
            check: |o| {
                expect(
                    o.report["entries"] == 330_000
                        && o.report["new_entries"] == 50
                        && o.report["deferred"] == 329_950,
                    "50 read, the rest waiting and counted",
                    o,
                )
            },
            max_secs: 240,
            max_rss_mib: 300.0,
        },
        Case {
            name: "nested-100000",
            what: "elements nested 100,000 deep in one item",
            setup: |s| {
                serve(s, generate::deeply_nested(100_000), RSS);
                poll("")
            },
            check: |o| {
                let out = field(o, "outcome");
                expect(
                    out == "fetched" || !field(o, "error").is_empty(),
                    "read, or refused saying why",
                    o,
                )
            },
            max_secs: 60,
            max_rss_mib: 300.0,
        },
        Case {
            name: "entity-bomb",
            what: "nested entity definitions (billion laughs)",
            setup: |s| {
                serve(s, generate::entity_bomb(), RSS);
                poll("")
            },
            check: |o| {
                let out = field(o, "outcome");
                expect(
                    out == "fetched" || !field(o, "error").is_empty(),
                    "read, or refused saying why",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 150.0,
        },
        Case {
            name: "8mib-description",
            what: "one item with an 8 MiB description",
            setup: |s| {
                serve(s, generate::huge_description(8), RSS);
                poll("")
            },
            check: |o| expect(o.report["new_entries"] == 1, "the item read", o),
            max_secs: 120,
            max_rss_mib: 400.0,
        },
        Case {
            name: "private-link-embedded-ipv4",
            what: "an article link to http://[::7f00:1]/ (127.0.0.1)",
            setup: |s| {
                serve(
                    s,
                    generate::rss("<item><title>t</title><link>http://[::7f00:1]/x</link></item>"),
                    RSS,
                );
                poll("allow_private_addresses = false\n")
            },
            check: |o| {
                expect(
                    o.report["article_errors"]
                        .to_string()
                        .contains("allow_private_addresses"),
                    "the link refused by the guard",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "50-trickling-pages",
            what: "50 article pages sending 1 byte a second",
            setup: |s| {
                serve(s, generate::rss(&generate::items_linking(&s.base, 50)), RSS);
                for i in 0..50 {
                    s.set(
                        &format!("/page/{i}"),
                        Reply {
                            status: 200,
                            headers: vec![("content-type".into(), "text/html".into())],
                            body: Body::Trickle {
                                bytes: vec![b'x'; 600],
                                every: Duration::from_secs(1),
                            },
                        },
                    );
                }
                poll("article_budget_secs = 4\n")
            },
            check: |o| {
                expect(
                    o.report["new_entries"] == 50
                        && o.report["article_errors"]
                            .to_string()
                            .contains("article_budget_secs (4 s)"),
                    "every entry on its feed text, the budget named",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 150.0,
        },
        Case {
            name: "8mib-pages",
            what: "four article pages of 8 MiB of <p>, <br> and NUL",
            setup: |s| {
                serve(s, generate::rss(&generate::items_linking(&s.base, 4)), RSS);
                let pages = [
                    generate::page_of("<p>a</p>", 8),
                    generate::page_of("<br>", 8),
                    generate::page_of("\0", 8),
                    generate::page_of("<p>b</p>", 8),
                ];
                for (i, p) in pages.into_iter().enumerate() {
                    s.set(&format!("/page/{i}"), Reply::ok("text/html", p));
                }
                poll("timeout_secs = 60\n")
            },
            check: |o| {
                expect(
                    o.report["new_entries"] == 4
                        && o.report["article_notes"]
                            .to_string()
                            .contains("max_page_bytes"),
                    "every page cut, said",
                    o,
                )
            },
            max_secs: 240,
            max_rss_mib: 512.0,
        },
        Case {
            name: "config-out-of-range",
            what: "config numbers that panicked or hung later",
            setup: |_| Setup {
                fetch: "",
                command: Command::Check(generate::config_out_of_range(), None),
            },
            check: |o| {
                expect(
                    o.run.code == Some(2)
                        && o.run
                            .stderr
                            .contains("newshound.toml:2:18: [storage] keep_text_days")
                        && o.run
                            .stderr
                            .contains("max_redirects = 9223372036854775807 is out of range"),
                    "refused at their lines",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "config-never-fires",
            what: "a schedule of 31 February",
            setup: |_| Setup {
                fetch: "",
                command: Command::Check(generate::config_never_fires(), None),
            },
            check: |o| {
                expect(
                    o.run.code == Some(2) && o.run.stderr.contains("never fires"),
                    "refused",
                    o,
                )
            },
            max_secs: 60,
            max_rss_mib: 100.0,
        },
        Case {
            name: "aliases-not-utf8",
            what: "an alias file with one byte that is not UTF-8",
            setup: |_| Setup {
                fetch: "",
                command: Command::Check(Vec::new(), Some(generate::aliases_not_utf8())),
            },
            check: |o| {
                expect(
                    o.run.code == Some(2)
                        && o.run
                            .stderr
                            .contains("aliases.toml:3:21: byte 0xFF is not UTF-8"),
                    "refused where the byte is",
                    o,
                )
            },
            max_secs: 30,
            max_rss_mib: 100.0,
        },
        Case {
            name: "watch-test-endless-stdin",
            what: "`watch test -` on an endless standard input",
            setup: |_| Setup {
                fetch: "",
                command: Command::WatchStdin,
            },
            check: |o| {
                expect(
                    o.run.code == Some(2) && o.run.stderr.contains("standard input is larger than"),
                    "refused",
                    o,
                )
            },
            max_secs: 60,
            max_rss_mib: 150.0,
        },
    ]
}

fn run_case(case: &Case) -> Outcome {
    let server = HostileServer::start();
    let setup = (case.setup)(&server);
    let rig = Rig::new();
    rig.write_config(&[], 9, &feed_table("Hostile", &server.url("/feed"), ""));
    if !setup.fetch.is_empty() {
        rig.edit_config(|c| {
            let c = c.replace("allow_private_addresses = true\n", "");
            let mut lines = setup.fetch.to_string();
            if !setup.fetch.contains("allow_private_addresses") {
                lines.push_str("allow_private_addresses = true\n");
            }
            let c = if setup.fetch.starts_with("timeout_secs") {
                c.replace("[fetch]\ntimeout_secs = 2\n", "[fetch]\n")
            } else {
                c
            };
            c.replace("[fetch]\n", &format!("[fetch]\n{lines}"))
        });
    }
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("newshound"));
    cmd.env_remove("STATE_DIRECTORY")
        .env_remove("NEWSHOUND_CONFIG");
    let mut stdin = Stdin::Null;
    match &setup.command {
        Command::Poll => {
            cmd.arg("-c")
                .arg(rig.config_path())
                .args(["poll", "--once", "--json"]);
        }
        Command::Check(text, aliases) => {
            std::fs::write(rig.config_path(), text).expect("config");
            if let Some(a) = aliases {
                std::fs::write(rig.dir.path().join("aliases.toml"), a).expect("aliases");
            }
            cmd.current_dir(rig.dir.path())
                .args(["-c", "newshound.toml", "check"]);
        }
        Command::WatchStdin => {
            cmd.arg("-c")
                .arg(rig.config_path())
                .args(["watch", "test", "-"]);
            stdin = Stdin::Endless;
        }
    }
    let run = measure::run(cmd, stdin, Duration::from_secs(case.max_secs));
    let (report, titles) = match setup.command {
        Command::Poll => {
            let reports: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
            let report = reports
                .as_array()
                .and_then(|a| a.first())
                .cloned()
                .unwrap_or(Value::Null);
            let titles = if rig.db_path().exists() {
                sql_column(&rig, "SELECT title FROM entries ORDER BY id")
            } else {
                Vec::new()
            };
            (report, titles)
        }
        _ => (Value::Null, Vec::new()),
    };
    Outcome {
        run,
        report,
        titles,
    }
}

#[test]
fn every_hostile_case_ends_cleanly_within_its_bounds() {
    let runs: usize = std::env::var("NEWSHOUND_HOSTILE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let only = std::env::var("NEWSHOUND_HOSTILE_CASE").ok();
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    for case in cases()
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name))
    {
        let (mut worst_secs, mut worst_rss, mut outcome) = (0f64, 0f64, String::new());
        for _ in 0..runs {
            let o = run_case(case);
            worst_secs = worst_secs.max(o.run.secs);
            worst_rss = worst_rss.max(o.run.max_rss_mib);
            let mut fail = |why: String| problems.push(format!("{}: {why}", case.name));
            if o.run.timed_out {
                fail(format!("still running after {} s: killed", case.max_secs));
            } else if o.run.stderr.contains("panicked at") || o.run.code.is_none() {
                fail(format!("crashed: {}", o.run.stderr));
            } else if o.run.max_rss_mib > case.max_rss_mib {
                fail(format!(
                    "{:.0} MiB resident, bound {} MiB",
                    o.run.max_rss_mib, case.max_rss_mib
                ));
            } else if let Err(e) = (case.check)(&o) {
                fail(e);
            }
            outcome = if o.report.is_null() {
                format!(
                    "exit {}",
                    o.run.code.map_or("signal".into(), |c| c.to_string())
                )
            } else {
                let error = field(&o, "error");
                let said = if error.is_empty() {
                    field(&o, "feed_notes")
                } else {
                    error
                };
                format!(
                    "{}: {}",
                    field(&o, "outcome"),
                    said.chars().take(90).collect::<String>()
                )
            };
        }
        lines.push(serde_json::json!({
            "case": case.name, "what": case.what, "runs": runs, "outcome": outcome,
            "worst_secs": worst_secs, "worst_rss_mib": worst_rss,
        }));
        println!(
            "{:28} {worst_secs:7.2} s {worst_rss:7.1} MiB  {outcome}",
            case.name
        );
    }
    if let Ok(path) = std::env::var("NEWSHOUND_FAULTS_OUT") {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let mut old = std::fs::read_to_string(&path).unwrap_or_default();
        old.push_str(&text);
        std::fs::write(&path, old).expect("write the faults report");
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
