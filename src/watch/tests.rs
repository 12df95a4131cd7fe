//! Behaviour of the public API, part one: compiling watchlists — every error reported at
//! once, with its place — and the shared helpers; `matching` holds what compiled sets match.

use super::*;
use crate::model::Alert;

mod matching;

fn spec(id: &str, query: &str) -> WatchlistSpec {
    WatchlistSpec {
        id: id.to_string(),
        title: String::new(),
        query: query.to_string(),
        aliases: Vec::new(),
        alert: Alert::Digest,
        min_score: 1.0,
        ..Default::default()
    }
}

fn set(specs: &[WatchlistSpec]) -> WatchSet {
    WatchSet::compile(specs).unwrap_or_else(|e| panic!("compile failed: {e:?}"))
}

fn one(query: &str) -> WatchSet {
    set(&[spec("w", query)])
}

fn hit(ws: &WatchSet, title: &str, body: &str) -> Option<Match> {
    ws.matches(title, body).into_iter().next()
}

fn errors(specs: &[WatchlistSpec], shared: &[Vec<String>]) -> Vec<WatchError> {
    match WatchSet::compile_with(specs, shared) {
        Ok(_) => panic!("expected compile errors"),
        Err(e) => e,
    }
}

fn group(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_problem_of_every_watchlist_is_reported_at_once() {
    let mut aliased = spec("c", "kyiv");
    aliased.aliases = vec![vec![], group(&["Kyiv", "Kiev"])];
    let errs = errors(
        &[
            spec("a", "prisoner AND (swap OR"),
            spec("b", "NOT exchange"),
            aliased,
            spec("a", "fine"),
            spec("e", ""),
        ],
        &[group(&["Kyiv"])],
    );
    let got: Vec<(&str, Place)> = errs
        .iter()
        .map(|e| (e.watchlist.as_str(), e.place))
        .collect();
    assert_eq!(
        got,
        [
            (
                "",
                Place::SharedAlias {
                    group: 0,
                    member: None
                }
            ),
            ("a", Place::Query(21)),
            ("b", Place::Query(0)),
            (
                "c",
                Place::Alias {
                    group: 0,
                    member: None
                }
            ),
            ("a", Place::Id),
            ("e", Place::Query(0)),
        ]
    );
    assert!(errs[0].message.contains("expected at least two"));
    assert_eq!(
        errs[1].to_string(),
        "watchlist a: expected a term, phrase or `(`, but the query ends here (query, character 22)"
    );
    assert!(errs[4].message.contains("expected a unique id"));
    assert_eq!(
        errs[5].to_string(),
        "watchlist e: empty query: expected at least one term (query, character 1)"
    );
}

#[test]
fn queries_that_match_without_any_term_are_refused() {
    for (q, at) in [
        ("NOT a", 0),
        ("a OR NOT b", 5),
        ("NOT a NOT b", 0),
        ("x OR (NOT a)", 6),
        ("-a", 0),
    ] {
        let errs = errors(&[spec("n", q)], &[]);
        assert_eq!(errs.len(), 1, "{q}");
        assert_eq!(errs[0].place, Place::Query(at), "{q}");
        assert!(errs[0].message.contains("expected a term to look for"));
    }
    set(&[
        spec("ok", "a NOT b"),
        spec("ok2", "NOT NOT a"),
        spec("ok3", "a OR (b NOT c)"),
        spec("ok4", "a NEAR/3 b -c"),
    ]);
}

#[test]
fn alias_problems_name_their_group_and_member() {
    let mut s = spec("d", "kyiv");
    s.aliases = vec![group(&["Kyiv", "Kiev"]), group(&["KIEV", "Kyjiw"])];
    let e = &errors(&[s], &[])[0];
    assert_eq!(
        e.place,
        Place::Alias {
            group: 1,
            member: Some(0)
        }
    );
    assert!(e.message.contains("also in group 1"), "{e}");
    let e = &errors(&[spec("x", "a")], &[group(&["ok", "abc*def"])])[0];
    assert_eq!(
        e.place,
        Place::SharedAlias {
            group: 0,
            member: Some(1)
        }
    );
    assert_eq!(
        e.to_string(),
        "aliases, group 1: alias \"abc*def\": expected `*` only at the end of a word, not inside it"
    );
}

#[test]
fn bad_min_score_and_empty_id_are_errors() {
    let mut s = spec("", "a");
    s.min_score = f64::NAN;
    let places: Vec<Place> = errors(&[s], &[]).iter().map(|e| e.place).collect();
    assert_eq!(places, [Place::Id, Place::MinScore]);
}

#[test]
fn ids_and_specs_keep_config_order() {
    let ws = set(&[spec("z", "a"), spec("a", "b")]);
    assert_eq!(ws.ids(), ["z", "a"]);
    assert_eq!(ws.spec("a").map(|s| s.query.as_str()), Some("b"));
    assert!(ws.spec("nope").is_none());
    assert!(WatchSet::default().matches("t", "b").is_empty());
}
