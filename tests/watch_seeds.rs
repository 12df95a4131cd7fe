//! The shipped `config/watchlists.toml` (with `config/aliases.toml`) against the seed texts
//! of `tests/fixtures/seeds/`: the files must load strictly, compile, and match every seed
//! to exactly the watchlists its README names, boilerplate and all.

use std::collections::BTreeSet;
use std::path::PathBuf;

use newshound::config::Config;
use newshound::model::WatchlistSpec;
use newshound::watch::WatchSet;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped watchlists with the shared aliases beside them, as the daemon loads them.
fn shipped() -> (Vec<WatchlistSpec>, WatchSet) {
    let cfg = Config::load_with(&root().join("config/newshound.toml"), None)
        .unwrap_or_else(|e| panic!("shipped config does not load:\n{e}"));
    assert!(cfg.aliases_path.is_some(), "config/aliases.toml is found");
    let set = WatchSet::compile_with(&cfg.watchlists, &cfg.aliases).unwrap_or_else(|errs| {
        let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        panic!("shipped watchlists do not compile:\n{}", msgs.join("\n"))
    });
    (cfg.watchlists, set)
}

/// Seed file stem -> the watchlists `tests/fixtures/seeds/README.md` says it must match.
fn expected() -> Vec<(String, BTreeSet<String>)> {
    let readme = std::fs::read_to_string(root().join("tests/fixtures/seeds/README.md"))
        .expect("seeds README is readable");
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells.get(1).filter(|c| c.ends_with(".txt"))?;
            let lists = cells.get(4)?;
            Some((
                file.to_string(),
                lists.split(',').map(|s| s.trim().to_string()).collect(),
            ))
        })
        .collect()
}

#[test]
fn ships_exactly_the_two_documented_watchlists() {
    let (specs, set) = shipped();
    assert_eq!(set.ids(), ["pow-exchange", "cross-border-incursion"]);
    for spec in &specs {
        assert!(!spec.title.is_empty(), "{} has no title", spec.id);
    }
}

#[test]
fn the_readme_table_lists_all_five_seeds() {
    let exp = expected();
    assert_eq!(exp.len(), 5, "{exp:?}");
    let both = exp.iter().filter(|(_, l)| l.len() == 2).count();
    assert_eq!(both, 2);
}

#[test]
fn every_seed_matches_exactly_its_watchlists() {
    let (_, set) = shipped();
    let mut failures = Vec::new();
    for (file, want) in expected() {
        let text = std::fs::read_to_string(root().join("tests/fixtures/seeds").join(&file))
            .expect("seed is readable");
        // As a naive scraper hands it over (all body), and split as a feed would (first
        // line as title): either way the verdict must be the same.
        let (first, rest) = text.trim_start().split_once('\n').unwrap_or((&text, ""));
        for (title, body) in [("", text.as_str()), (first, rest)] {
            let matches = set.matches(title, body);
            let got: BTreeSet<String> = matches.iter().map(|m| m.watchlist.clone()).collect();
            if got != want {
                failures.push(format!(
                    "{file} (title {title:?}): got {got:?}, want {want:?}"
                ));
            }
            for m in &matches {
                assert!(
                    !m.terms.is_empty() && !m.snippet.is_empty() && !m.clauses.is_empty(),
                    "{file}: {m:?}"
                );
                assert!(!m.marks.is_empty(), "{file}: the snippet marks its words");
                assert!(m.score >= 1.0);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
