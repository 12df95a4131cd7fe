//! A plain reference matcher, slow and direct, and a property test that random queries over
//! random texts get the same decisions from it as from [`WatchSet`]: whether each query
//! holds, its score, and how often each of its terms occurs in the title and in the body.
//!
//! The reference shares only what both must agree on by definition — the tokenizer, the
//! stemmer, the parser and the alias tables — and decides everything else the obvious way:
//! every word of a term is compared with every token, every pair of NEAR operands is tried.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::aliases::AliasTable;
use super::lex::Field;
use super::normalize::is_hyphen_join;
use super::parse::{Ast, TermPat, WordPat, parse};
use super::stem::stem;
use super::*;
use crate::model::Alert;

/// A run of tokens `[start, end)`.
type Run = (usize, usize);

/// One field: each token's folded form, and whether a single hyphen joins it to the next.
struct Field1 {
    words: Vec<String>,
    hyphen_after: Vec<bool>,
}

fn field(text: &str) -> Field1 {
    let toks = tokens(text);
    let words = toks.iter().map(|t| t.word.clone()).collect();
    let hyphen_after = (0..toks.len())
        .map(|i| {
            toks.get(i + 1).is_some_and(|next| {
                text.get(toks[i].range.end..next.range.start)
                    .is_some_and(is_hyphen_join)
            })
        })
        .collect();
    Field1 {
        words,
        hyphen_after,
    }
}

/// Where one word of a query occurs: a token stemming to its key (or starting with it, for
/// a prefix), or two hyphen-joined tokens whose joined form stems to its key.
fn word_runs(f: &Field1, w: &WordPat) -> Vec<Run> {
    let key = stem(&w.text);
    let mut out = Vec::new();
    for (i, token) in f.words.iter().enumerate() {
        let one = if w.prefix {
            token.starts_with(&w.text)
        } else {
            stem(token) == key
        };
        if one {
            out.push((i, i + 1));
        }
        if !w.prefix && f.hyphen_after[i] {
            let joined = format!("{token}{}", f.words[i + 1]);
            if stem(&joined) == key {
                out.push((i, i + 2));
            }
        }
    }
    out
}

/// Every run where the words of `term` follow one another.
fn term_runs(f: &Field1, term: &TermPat) -> BTreeSet<Run> {
    let mut runs: BTreeSet<Run> = (0..=f.words.len()).map(|i| (i, i)).collect();
    for w in &term.words {
        let next = word_runs(f, w);
        runs = runs
            .iter()
            .flat_map(|&(s, e)| next.iter().filter(move |r| r.0 == e).map(move |r| (s, r.1)))
            .collect();
    }
    runs
}

/// The spellings a query term stands for: its alias group (the watchlist's own first) or
/// itself, each with its one-word compound spellings.
fn spellings(pat: &TermPat, own: &AliasTable, shared: &AliasTable) -> Vec<TermPat> {
    let group = own.group(pat).or_else(|| shared.group(pat));
    let mut out = Vec::new();
    for t in group.unwrap_or(std::slice::from_ref(pat)) {
        out.push(t.clone());
        out.extend(t.compound_variants());
    }
    out
}

struct Reference<'a> {
    own: AliasTable,
    shared: &'a AliasTable,
    fields: [Field1; 2],
}

impl Reference<'_> {
    /// Where a term occurs in field `f` (0 title, 1 body), honouring `title:`.
    fn term(&self, pat: &TermPat, field: Field, f: usize) -> BTreeSet<Run> {
        if field == Field::Title && f == 1 {
            return BTreeSet::new();
        }
        spellings(pat, &self.own, self.shared)
            .iter()
            .flat_map(|t| term_runs(&self.fields[f], t))
            .collect()
    }

    /// Where a NEAR operand occurs in field `f`.
    fn runs(&self, ast: &Ast, f: usize) -> BTreeSet<Run> {
        match ast {
            Ast::Term { pat, field, .. } => self.term(pat, *field, f),
            Ast::Or(items) => items.iter().flat_map(|a| self.runs(a, f)).collect(),
            Ast::Near {
                left,
                right,
                distance,
                ..
            } => {
                let (a, b) = (self.runs(left, f), self.runs(right, f));
                let d = *distance as usize;
                let mut out = BTreeSet::new();
                for &x in &a {
                    for &y in &b {
                        let gap = y.0.saturating_sub(x.1).max(x.0.saturating_sub(y.1));
                        if gap <= d {
                            out.insert((x.0.min(y.0), x.1.max(y.1)));
                        }
                    }
                }
                out
            }
            Ast::And(_) | Ast::Not(..) => BTreeSet::new(),
        }
    }

    fn holds(&self, ast: &Ast) -> bool {
        match ast {
            Ast::Term { .. } | Ast::Near { .. } => (0..2).any(|f| !self.runs(ast, f).is_empty()),
            Ast::Not(inner, _) => !self.holds(inner),
            Ast::And(items) => items.iter().all(|a| self.holds(a)),
            Ast::Or(items) => items.iter().any(|a| self.holds(a)),
        }
    }
}

/// The terms of a query in the order written, each with whether it is negated.
fn leaves<'a>(ast: &'a Ast, negated: bool, out: &mut Vec<(&'a Ast, bool)>) {
    match ast {
        Ast::Term { .. } => out.push((ast, negated)),
        Ast::Not(inner, _) => leaves(inner, !negated, out),
        Ast::And(items) | Ast::Or(items) => items.iter().for_each(|a| leaves(a, negated, out)),
        Ast::Near { left, right, .. } => {
            leaves(left, negated, out);
            leaves(right, negated, out);
        }
    }
}

/// What the reference decides for one watchlist: whether the query holds, the score, and per
/// term its (title, body) occurrences.
fn decide(
    spec: &WatchlistSpec,
    shared: &AliasTable,
    title: &str,
    body: &str,
) -> (bool, f64, Vec<(usize, usize)>) {
    let ast = parse(&spec.query).expect("a query that compiled parses");
    let own = AliasTable::build(&spec.aliases, |_, _| Place::Id, &mut |_, _| {});
    let r = Reference {
        own,
        shared,
        fields: [field(title), field(body)],
    };
    let mut terms = Vec::new();
    leaves(&ast, false, &mut terms);
    let mut counts = Vec::new();
    // A term's pattern is what it stands for: the keys of all its spellings.
    let mut scored: Vec<(BTreeSet<String>, bool, bool)> = Vec::new();
    for &(t, negated) in &terms {
        let Ast::Term { pat, field, .. } = t else {
            continue;
        };
        let [title_runs, body_runs] = [0, 1].map(|f| r.term(pat, *field, f));
        counts.push((title_runs.len(), body_runs.len()));
        if negated {
            continue;
        }
        let keys: BTreeSet<String> = spellings(pat, &r.own, shared)
            .iter()
            .map(TermPat::key)
            .collect();
        let in_body = *field == Field::Any && !r.term(pat, Field::Any, 1).is_empty();
        let in_title = !r.term(pat, Field::Any, 0).is_empty();
        match scored.iter_mut().find(|s| s.0 == keys) {
            Some(s) => s.2 |= in_body,
            None => scored.push((keys, in_title, in_body)),
        }
    }
    let score = scored
        .iter()
        .map(|s| match (s.1, s.2) {
            (true, _) => 2.0,
            (false, true) => 1.0,
            (false, false) => 0.0,
        })
        .sum();
    (r.holds(&ast), score, counts)
}

/// Checks every watchlist of `specs` on one article, the set against the reference.
fn same_decisions(specs: &[WatchlistSpec], shared: &[Vec<String>], title: &str, body: &str) {
    let Ok(set) = WatchSet::compile_with(specs, shared) else {
        return;
    };
    let table = AliasTable::build(shared, |_, _| Place::Id, &mut |_, _| {});
    let matched: Vec<String> = set
        .matches(title, body)
        .into_iter()
        .map(|m| m.watchlist)
        .collect();
    for (spec, ex) in specs.iter().zip(set.explain(title, body)) {
        let (holds, score, counts) = decide(spec, &table, title, body);
        let got: Vec<(usize, usize)> = ex
            .terms
            .iter()
            .map(|t| (t.title_hits, t.body_hits))
            .collect();
        let context = format!("query {:?} title {title:?} body {body:?}", spec.query);
        assert_eq!(ex.query_holds, holds, "holds: {context}");
        assert_eq!(ex.score, score, "score: {context}");
        assert_eq!(got, counts, "hits per term: {context}");
        let verdict = holds && score >= spec.min_score;
        assert_eq!(ex.matched, verdict, "verdict: {context}");
        assert_eq!(matched.contains(&spec.id), verdict, "matches(): {context}");
    }
}

const TEXT_WORDS: &[&str] = &[
    "swap",
    "swaps",
    "Swapped",
    "swapping",
    "prisoner",
    "Prisoners",
    "prison",
    "of",
    "war",
    "the",
    "cross",
    "border",
    "crossborder",
    "Kyiv",
    "Kiev",
    "Київ",
    "обмін",
    "обміну",
    "полонені",
    "полоненими",
    "P.O.W.s",
    "POWs",
    "pow",
    "took",
    "take",
    "exchange",
    "exchanged",
    "rate",
    "s",
    "freed",
];
const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "-", ", ", ". ", "\n\n", "’s ", "'"];
const QUERY_TERMS: &[&str] = &[
    "swap",
    "prisoner",
    "pris*",
    "prisoner*",
    "war",
    "of",
    "cross-border",
    "crossborder",
    "\"prisoner of war\"",
    "\"cross border\"",
    "kyiv",
    "обмін",
    "полонені",
    "pow",
    "take",
    "exchange",
    "\"exchange rate\"",
    "border",
    "the",
    "swap*",
    "\"swap s\"",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    let piece = (
        proptest::sample::select(TEXT_WORDS),
        proptest::sample::select(SEPARATORS),
    );
    prop::collection::vec(piece, 0..max)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

/// A term, sometimes only for the headline.
fn term() -> impl Strategy<Value = String> {
    (proptest::sample::select(QUERY_TERMS), 0..8).prop_map(|(t, k)| match k {
        0 => format!("title:{t}"),
        _ => t.to_string(),
    })
}

/// What NEAR may join: terms, OR-groups of them and other NEARs.
fn near_operand() -> impl Strategy<Value = String> {
    term().prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} OR {b})")),
            (inner.clone(), 1..5u32, inner).prop_map(|(a, n, b)| format!("({a} NEAR/{n} {b})")),
        ]
    })
}

fn query() -> impl Strategy<Value = String> {
    near_operand().prop_recursive(3, 16, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} AND {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} OR {b})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("({a} NOT {b})")),
        ]
    })
}

fn specs() -> impl Strategy<Value = Vec<WatchlistSpec>> {
    prop::collection::vec((query(), 0..4u8, any::<bool>()), 1..4).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (query, min, aliased))| WatchlistSpec {
                id: format!("w{i}"),
                title: String::new(),
                query,
                aliases: if aliased {
                    vec![vec!["prisoner of war".into(), "pow".into()]]
                } else {
                    Vec::new()
                },
                alert: Alert::Digest,
                min_score: f64::from(min),
                ..WatchlistSpec::default()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_matcher_decides_as_the_reference(specs in specs(), title in text(6), body in text(40)) {
        let shared = vec![
            vec!["swap".to_string(), "exchange".to_string()],
            vec!["kyiv".to_string(), "kiev".to_string(), "київ".to_string()],
        ];
        same_decisions(&specs, &shared, &title, &body);
    }
}

#[test]
fn the_reference_agrees_on_the_hand_made_cases() {
    let spec = |q: &str| WatchlistSpec {
        id: "w".into(),
        title: String::new(),
        query: q.into(),
        aliases: Vec::new(),
        alert: Alert::Digest,
        min_score: 1.0,
        ..WatchlistSpec::default()
    };
    for (q, title, body) in [
        (
            "\"prisoner* of war\" OR cross-border",
            "",
            "Prisoners-of-war and a cross border raid",
        ),
        (
            "(captive NEAR/2 soldier) NEAR/5 freed -crypto",
            "",
            "captive Russian soldiers were freed",
        ),
        ("title:swap prisoner", "Swap agreed", "prisoners go home"),
        ("crossborder", "", "a cross-border raid"),
        ("\"P.O.W.\"", "", "Russian P.O.W.s had been returned"),
    ] {
        same_decisions(&[spec(q)], &[], title, body);
    }
}
