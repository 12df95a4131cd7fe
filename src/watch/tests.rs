//! Behaviour of the public API: compile errors, matching, aliases, scoring, terms, snippets.

use super::*;
use crate::model::Alert;

fn spec(id: &str, query: &str) -> WatchlistSpec {
    WatchlistSpec {
        id: id.to_string(),
        title: String::new(),
        query: query.to_string(),
        aliases: Vec::new(),
        alert: Alert::Digest,
        min_score: 1.0,
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

fn errors(specs: &[WatchlistSpec]) -> Vec<WatchError> {
    match WatchSet::compile(specs) {
        Ok(_) => panic!("expected compile errors"),
        Err(e) => e,
    }
}

#[test]
fn every_problem_of_every_watchlist_is_reported_at_once() {
    let mut aliased = spec("c", "kyiv");
    aliased.aliases = vec![vec![], vec!["Kyiv".into(), "Kiev".into()]];
    let errs = errors(&[
        spec("a", "prisoner AND (swap OR"),
        spec("b", "NOT exchange"),
        aliased,
        spec("a", "fine"),
        spec("e", ""),
    ]);
    let got: Vec<(&str, usize)> = errs
        .iter()
        .map(|e| (e.watchlist.as_str(), e.offset))
        .collect();
    assert_eq!(got, [("a", 21), ("b", 0), ("c", 0), ("a", 0), ("e", 0)]);
    assert!(errs[2].message.contains("alias group 1 is empty"));
    assert!(errs[3].message.contains("duplicate id"));
    assert_eq!(
        errs[4].to_string(),
        "watchlist e: empty query (at character 0 of the query)"
    );
}

#[test]
fn queries_that_match_without_any_term_are_refused() {
    for (q, at) in [
        ("NOT a", 0),
        ("a OR NOT b", 5),
        ("NOT a NOT b", 0),
        ("x OR (NOT a)", 6),
    ] {
        let errs = errors(&[spec("n", q)]);
        assert_eq!(errs.len(), 1, "{q}");
        assert_eq!(errs[0].offset, at, "{q}");
    }
    // A NOT beside a positive term, or a doubled NOT, is fine.
    set(&[
        spec("ok", "a NOT b"),
        spec("ok2", "NOT NOT a"),
        spec("ok3", "a OR (b NOT c)"),
    ]);
}

#[test]
fn a_spelling_in_two_alias_groups_is_an_error() {
    let mut s = spec("d", "kyiv");
    s.aliases = vec![
        vec!["Kyiv".into(), "Kiev".into()],
        vec!["KIEV".into(), "Kyjiw".into()],
    ];
    assert!(errors(&[s])[0].message.contains("groups 1 and 2"));
}

#[test]
fn bad_min_score_and_empty_id_are_errors() {
    let mut s = spec("", "a");
    s.min_score = f64::NAN;
    assert_eq!(errors(&[s]).len(), 2);
}

#[test]
fn ids_and_specs_keep_config_order() {
    let ws = set(&[spec("z", "a"), spec("a", "b")]);
    assert_eq!(ws.ids(), ["z", "a"]);
    assert_eq!(ws.spec("a").map(|s| s.query.as_str()), Some("b"));
    assert!(ws.spec("nope").is_none());
    assert!(WatchSet::default().matches("t", "b").is_empty());
}

#[test]
fn matching_ignores_case_and_diacritics_but_not_word_boundaries() {
    let ws = one("pow AND zelenskiy");
    assert!(hit(&ws, "", "ZELENSKÍY speaks of one POW").is_some());
    assert!(hit(&ws, "", "Zelenskiy on power cuts").is_none());
    assert!(hit(&ws, "", "Zelenskiy: the POWs are home").is_none());
}

#[test]
fn cyrillic_queries_match_inflected_and_variant_spellings() {
    let ws = one("(обмін* OR обмен*) AND (полонен* OR пленн*)");
    assert!(hit(&ws, "", "Україна провела черговий обмін полоненими").is_some());
    assert!(hit(&ws, "", "Россия и Украина провели ОБМЕН ПЛЕННЫМИ").is_some());
    assert!(hit(&ws, "", "Курс долара в обмінниках").is_none());
    let yo = one("ещё");
    assert!(hit(&yo, "", "Еще 90 человек").is_some());
}

#[test]
fn phrases_and_hyphens_match_across_punctuation() {
    let ws = one("\"prisoner* of war\" OR cross-border");
    assert!(hit(&ws, "", "Prisoners-of-war were freed").is_some());
    assert!(hit(&ws, "", "a cross border raid").is_some());
    assert!(hit(&ws, "", "the prisoners spoke of war").is_none());
    let pow = one("\"P.O.W.\"");
    assert!(hit(&pow, "", "Russian P.O.W.s had been returned").is_some());
}

#[test]
fn not_excludes_articles_containing_the_term() {
    let ws = one("exchange NOT \"exchange rate\"");
    assert!(hit(&ws, "", "a prisoner exchange").is_some());
    assert!(hit(&ws, "", "the exchange rate fell; exchange offices").is_none());
}

#[test]
fn aliases_match_every_member_of_the_group() {
    let mut s = spec("a", "kyiv AND \"freedom of russia legion\"");
    s.aliases = vec![
        vec!["Kyiv".into(), "Kiev".into(), "Київ".into(), "Киев".into()],
        vec![
            "Freedom of Russia Legion".into(),
            "Liberty of Russia Legion".into(),
        ],
    ];
    let ws = set(&[s]);
    let m = hit(&ws, "", "Kiev says the Liberty of Russia Legion crossed").expect("match");
    assert_eq!(m.terms, ["Kiev", "Liberty of Russia Legion"]);
    assert!(hit(&ws, "", "Києві: Freedom of Russia Legion").is_none());
    assert!(hit(&ws, "", "У Києва freedom-of-Russia legion").is_none());
    assert!(hit(&ws, "", "Київ: freedom-of-Russia legion").is_some());
}

#[test]
fn title_hits_count_double_and_min_score_filters() {
    let mut s = spec("m", "swap OR prisoner* OR captive*");
    s.min_score = 3.0;
    let ws = set(&[s]);
    // Two distinct terms in the body: 2.
    assert!(hit(&ws, "", "a swap of prisoners, a swap").is_none());
    // One in the title (2) and one more in the body (1): 3.
    let m = hit(&ws, "Swap agreed", "prisoners freed").expect("score 3");
    assert_eq!(m.score, 3.0);
    // Three distinct terms in the body.
    assert_eq!(
        hit(&ws, "", "swap prisoners captives").map(|m| m.score),
        Some(3.0)
    );
}

#[test]
fn negated_terms_neither_score_nor_appear() {
    let ws = one("swap NOT crypto*");
    let m = hit(&ws, "", "Kyiv and Moscow swap soldiers").expect("match");
    assert_eq!(m.score, 1.0);
    assert_eq!(m.terms, ["swap"]);
}

#[test]
fn terms_keep_original_spelling_once_each_title_first() {
    let ws = one("exchange* OR pow*");
    let m = hit(
        &ws,
        "POWs home",
        "An Exchange, another exchange; exchanges and POWs",
    )
    .expect("match");
    assert_eq!(m.terms, ["POWs", "Exchange", "exchanges"]);
    assert_eq!(m.score, 3.0);
}

#[test]
fn snippet_quotes_the_body_around_the_first_hit_or_else_the_title() {
    let ws = one("swap");
    let body = format!(
        "{} Kyiv and Moscow agreed a swap today. {}",
        "Filler text. ".repeat(40),
        "More. ".repeat(60)
    );
    let m = hit(&ws, "Swap", &body).expect("match");
    assert!(m.snippet.contains("agreed a swap today"), "{}", m.snippet);
    assert!(m.snippet.starts_with('…') && m.snippet.ends_with('…'));
    let m = hit(&ws, "Big swap", "Nothing here.").expect("title match");
    assert_eq!(m.snippet, "Big swap");
}

#[test]
fn odd_input_never_panics() {
    let ws = one("\"prisoner* of war\" OR обмін* OR pow");
    let cases = [
        String::new(),
        "\u{0}\u{FEFF}\u{200B}".to_string(),
        "\u{301}\u{301}pow\u{301}".to_string(),
        "ǅ ß İ ﬃ ＰＯＷ 𝐏𝐎𝐖".to_string(),
        "prisoner of".to_string(),
        "обмін".repeat(50_000),
        "pow ".repeat(100_000),
    ];
    for body in &cases {
        for title in ["", body.as_str()] {
            for m in ws.matches(title, body) {
                assert!(m.snippet.chars().count() <= 310, "{}", m.snippet.len());
            }
            let _ = ws.explain(title, body);
        }
    }
    assert!(hit(&ws, "", "𝐏𝐎𝐖").is_some());
}

#[test]
fn explain_reports_each_term() {
    let mut s = spec("x", "swap NOT \"exchange rate\"");
    s.min_score = 2.0;
    let ws = set(&[s]);
    let ex = ws.explain("", "a swap and a swap");
    assert_eq!(ex.len(), 1);
    assert!(ex[0].query_holds && !ex[0].matched);
    assert_eq!(ex[0].score, 1.0);
    assert_eq!(ex[0].terms[0].body_hits, 2);
    assert!(ex[0].terms[1].negated);
    assert_eq!(ex[0].terms[1].offset, 9);
}
