//! The man page against what it documents: every command and subcommand with every long
//! option (from the same clap definitions that parse the command line), the hand-written
//! sections, and every key the config reader takes. The keys are not listed here: they are
//! read from the config reader's own "unknown key ...; the keys are ..." message, so a key
//! added to the config and not to the page fails this test.

use clap::CommandFactory;
use newshound::config::Config;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn page() -> String {
    let out = assert_cmd::Command::cargo_bin("newshound")
        .expect("binary")
        .arg("man")
        .env_remove("NEWSHOUND_CONFIG")
        .output()
        .expect("run newshound man");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

/// How roff writes `s`: `-` as `\-`.
fn roff(s: &str) -> String {
    s.replace('-', "\\-")
}

/// The part of `page` after the line `heading`, up to the next line starting with one of
/// `ends`.
fn part<'p>(page: &'p str, heading: &str, ends: &[&str]) -> Option<&'p str> {
    let start = page.find(&format!("\n{heading}\n"))? + heading.len() + 2;
    let rest = &page[start..];
    let end = ends
        .iter()
        .filter_map(|e| rest.find(&format!("\n{e}")))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

fn walk(cmd: &clap::Command, found: &mut Vec<clap::Command>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        found.push(sub.clone());
        walk(sub, found);
    }
}

#[test]
fn every_command_and_every_long_option_is_on_the_page() {
    let page = page();
    let mut cli = newshound::cli::Cli::command();
    cli.build();
    let options = part(&page, ".SH OPTIONS", &[".SH"]).expect("OPTIONS section");
    for arg in cli.get_arguments() {
        if let Some(long) = arg.get_long() {
            let flag = format!("\\-\\-{}", roff(long));
            assert!(options.contains(&flag), "{flag} not in OPTIONS");
        }
    }
    let mut commands = Vec::new();
    walk(&cli, &mut commands);
    assert!(commands.len() >= 15, "{} commands", commands.len());
    for cmd in &commands {
        let name = cmd.get_bin_name().expect("built");
        let heading = format!(".SS \"{}\"", roff(name));
        let text = part(&page, &heading, &[".SS", ".SH"])
            .unwrap_or_else(|| panic!("no subsection {heading}"));
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.is_hide_set() || ["config", "help", "version"].contains(&id) {
                continue;
            }
            let want = match arg.get_long() {
                Some(long) => format!("\\-\\-{}", roff(long)),
                None => roff(
                    &arg.get_value_names()
                        .and_then(|v| v.first().map(|n| n.to_string()))
                        .unwrap_or_else(|| id.to_string()),
                ),
            };
            assert!(text.contains(&want), "{want} not in {heading}:\n{text}");
        }
    }
}

#[test]
fn the_hand_written_sections_are_there_and_name_no_other_page() {
    let page = page();
    for section in [
        "COMMANDS",
        "CONFIGURATION",
        "QUERY LANGUAGE",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
    ] {
        assert!(
            page.contains(&format!("\n.SH \"{section}\"\n"))
                || page.contains(&format!("\n.SH {section}\n")),
            "{section} missing"
        );
    }
    for want in [
        "NEWSHOUND_CONFIG",
        "NEWSHOUND_LOG",
        "STATE_DIRECTORY",
        "CREDENTIALS_DIRECTORY",
        "/etc/newshound/newshound.toml",
        "./config/newshound.toml",
        "NEAR/n",
        "title:a",
    ] {
        assert!(page.contains(&roff(want)), "{want} not on the page");
    }
    // Only the one page ships: no reference like newshound-digest(1) or newshound.toml(5).
    let refs = regex::Regex::new(r"[a-z\\.-]+\((1|5|7|8)\)").expect("regex");
    if let Some(m) = refs.find(&page) {
        panic!("the page refers to {}, which is not shipped", m.as_str());
    }
}

/// A key no table takes and none resembles, so the reader lists the keys there are.
const ODD: &str = "qqqqqqqqqqqq";

/// For each table the reader named ("at the top level", "in [fetch]"), the keys it takes,
/// per file name.
type Keys = BTreeMap<(String, String), Vec<String>>;

fn known_keys(problems: &[newshound::config::Problem], keys: &mut Keys) {
    let marker = format!("unknown key `{ODD}` ");
    for p in problems {
        let Some(rest) = p.message.strip_prefix(&marker) else {
            continue;
        };
        let (table, list) = rest
            .split_once("; the keys are ")
            .unwrap_or_else(|| panic!("no list of keys in {p}"));
        let file = p
            .file
            .file_name()
            .expect("file")
            .to_string_lossy()
            .into_owned();
        let table = table.strip_prefix("in ").unwrap_or(table).to_string();
        let names = list.split(", ").map(|k| k.trim_matches('`').to_string());
        keys.insert((file, table), names.collect());
    }
}

/// Every table of the config, found by asking: an odd key at the top level names the
/// tables; an odd key in each of them names their keys, any of which may be a table in turn,
/// and so on until no new table answers.
fn config_keys(dir: &Path) -> Keys {
    let watchlists = "[[watchlist]]\nid = \"w\"\nquery = \"swap\"\n";
    std::fs::write(dir.join("watchlists.toml"), watchlists).expect("write");
    let path = dir.join("newshound.toml");
    let mut keys = Keys::new();
    let mut tried: BTreeSet<String> = BTreeSet::new();
    loop {
        let mut text = format!("{ODD} = 1\n");
        for t in &tried {
            text.push_str(&format!("[{t}]\n{ODD} = 1\n"));
        }
        std::fs::write(&path, &text).expect("write");
        let err = Config::load_with(&path, None).expect_err("odd keys are refused");
        known_keys(err.problems(), &mut keys);
        let next: BTreeSet<String> = keys
            .iter()
            .flat_map(|((_, table), names)| {
                let prefix = match table.as_str() {
                    "at the top level" => String::new(),
                    t => format!("{}.", t.trim_matches(['[', ']'])),
                };
                names.iter().map(move |n| format!("{prefix}{n}"))
            })
            .filter(|t| !tried.contains(t))
            .collect();
        if next.is_empty() {
            break;
        }
        tried.extend(next);
    }
    keys
}

fn watchlist_keys(dir: &Path) -> Keys {
    let path = dir.join("newshound.toml");
    std::fs::write(&path, "").expect("write");
    let watchlists = format!("{ODD} = 1\n[[watchlist]]\nid = \"w\"\nquery = \"swap\"\n{ODD} = 1\n");
    std::fs::write(dir.join("watchlists.toml"), watchlists).expect("write");
    std::fs::write(dir.join("aliases.toml"), format!("{ODD} = 1\n")).expect("write");
    let err = Config::load_with(&path, None).expect_err("odd keys are refused");
    let mut keys = Keys::new();
    known_keys(err.problems(), &mut keys);
    keys
}

#[test]
fn every_config_key_is_on_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut keys = config_keys(dir.path());
    let dir = tempfile::tempdir().expect("tempdir");
    keys.extend(watchlist_keys(dir.path()));
    let files: Vec<&str> = keys.keys().map(|(f, _)| f.as_str()).collect();
    for file in ["newshound.toml", "watchlists.toml", "aliases.toml"] {
        assert!(files.contains(&file), "no keys read for {file}: {keys:?}");
    }
    assert!(keys.len() >= 12, "{keys:?}");

    let page = page();
    let config = part(&page, ".SH \"CONFIGURATION\"", &[".SH"]).expect("CONFIGURATION");
    let sub = |heading: &str| part(config, &format!(".SS \"{}\"", roff(heading)), &[".SS"]);
    // Tables by their path ("mail.smtp", "feed"), as the reader named them.
    let tables: BTreeSet<(String, String)> = keys
        .keys()
        .map(|(f, t)| (f.clone(), t.trim_matches(['[', ']']).to_string()))
        .collect();
    for ((file, table), names) in &keys {
        let top = table == "at the top level";
        for name in names {
            let path = if top {
                name.clone()
            } else {
                format!("{}.{name}", table.trim_matches(['[', ']']))
            };
            if tables.contains(&(file.clone(), path.clone())) {
                // A table: it has a subsection of its own.
                assert!(
                    sub(&format!("[{path}]"))
                        .or_else(|| sub(&format!("[[{path}]]")))
                        .is_some(),
                    "{file}: no subsection for the table {path}"
                );
                continue;
            }
            // A plain key of a file's top level (aliases.toml) sits under the file's name.
            let heading = if top { file.as_str() } else { table.as_str() };
            let text = sub(heading).unwrap_or_else(|| panic!("no subsection {heading} ({file})"));
            let want = format!("\\fB{}\\fR", roff(name));
            assert!(
                text.contains(&want),
                "{file}: {heading} {name} not on the page:\n{text}"
            );
        }
    }
    // And the other way: the page documents no key the reader would refuse.
    let key = regex::Regex::new(r"\.TP\n\\fB([a-z_]+)\\fR\n").expect("regex");
    let mut documented = 0;
    for heading in config.lines().filter_map(|l| l.strip_prefix(".SS ")) {
        let heading = heading.trim_matches('"');
        let known = keys
            .iter()
            .find(|((f, t), _)| t == heading || (f == heading && t == "at the top level"))
            .map(|(_, names)| names)
            .unwrap_or_else(|| panic!("the page has {heading}, which the reader does not"));
        let text = sub(heading).expect("subsection");
        for name in key.captures_iter(text).map(|c| c[1].to_string()) {
            assert!(
                known.contains(&name),
                "{heading} {name} is on the page, not in the reader"
            );
            documented += 1;
        }
    }
    // Every key but the tables (subsections, not items) is an item, once.
    let read: usize = keys.values().map(Vec::len).sum();
    let tables = keys.keys().filter(|(_, t)| t != "at the top level").count();
    assert_eq!(documented, read - tables, "keys found as items");
}
