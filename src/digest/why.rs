//! Why a story is in the digest, shortened for a reader: the clauses of the watchlist's query
//! that held (as `watch test --explain` prints them, at most a few, each cut at a word), with
//! those the headline satisfies first, and the matched words ordered by how much they
//! mattered: the headline's first, then, when the learned model decided, the words that
//! pushed it most. Works on cleaned strings only; the renderers escape what comes out.

use super::highlight::found;
use super::{clean, cut};
use crate::fold::fold;
use crate::model::{Decide, ModelVerdict, Story};

/// Clauses quoted under a story; the rest are counted. A broad query's OR can hold many ways.
const MAX_SHOWN_CLAUSES: usize = 2;
/// Longest clause quoted: a clause pruned to what held is short, a NEAR of long ORs is not.
const MAX_CLAUSE_CHARS: usize = 120;
/// Matched terms listed under a story; a broad query can match dozens.
const MAX_LISTED_TERMS: usize = 8;

/// `Why: "prisoner exchange" in the headline; (exchange NEAR/8 prisoners)`, or `None` when the
/// match carries no clauses (the model made it alone, or it was stored before clauses were).
pub(super) fn why_line(story: &Story) -> Option<String> {
    let headline = clean(&story.lead.title);
    let mut clauses: Vec<Reads> = story
        .clauses
        .iter()
        .map(|c| clean(c))
        .filter(|c| !c.is_empty())
        .map(|c| reads(&c, &headline))
        .collect();
    if clauses.is_empty() {
        return None;
    }
    // Stable: the query's own order among equals.
    clauses.sort_by_key(|c| !c.in_headline);
    let several = clauses.len() > 1;
    let shown: Vec<String> = clauses
        .iter()
        .take(MAX_SHOWN_CLAUSES)
        .map(|r| {
            let c = cut(&r.text, MAX_CLAUSE_CHARS);
            // Parentheses keep a compound clause apart from its neighbours.
            if several && r.compound {
                format!("({c})")
            } else {
                c
            }
        })
        .collect();
    let mut line = format!("Why: {}", shown.join("; "));
    if clauses.len() > shown.len() {
        line.push_str(&format!("; and {} more", clauses.len() - shown.len()));
    }
    Some(line)
}

/// A clause as a reader reads it.
struct Reads {
    text: String,
    /// The headline satisfies it.
    in_headline: bool,
    /// It joins several parts (see `is_compound`).
    compound: bool,
}

/// `title:X` reads "X in the headline", as does a lone term the headline holds.
fn reads(clause: &str, headline: &str) -> Reads {
    let lone = |text: String, in_headline| Reads {
        text,
        in_headline,
        compound: false,
    };
    if is_compound(clause) {
        return Reads {
            text: clause.to_owned(),
            in_headline: false,
            compound: true,
        };
    }
    if let Some(term) = clause.strip_prefix("title:") {
        return lone(format!("{term} in the headline"), true);
    }
    let words = clause.trim_matches('"');
    if !found(headline, &[words.to_owned()]).is_empty() {
        return lone(format!("{clause} in the headline"), true);
    }
    lone(clause.to_owned(), false)
}

/// Whether the clause joins several parts (a space outside quotes), rather than being one
/// term or phrase.
fn is_compound(clause: &str) -> bool {
    let mut quoted = false;
    clause.chars().any(|c| {
        if c == '"' {
            quoted = !quoted;
        }
        c == ' ' && !quoted
    })
}

/// The story's terms, cleaned, most telling first: those in the headline, then, if the model
/// decided, those it weighed most (its order), then the rest as the match lists them.
fn ordered_terms(story: &Story) -> Vec<String> {
    let headline = clean(&story.lead.title);
    let pushed: Vec<String> = story
        .model
        .as_ref()
        .filter(|v| model_decided(v))
        .map(|v| {
            v.words
                .iter()
                .filter(|w| w.weight > 0.0)
                .map(|w| fold(&w.word))
                .collect()
        })
        .unwrap_or_default();
    let mut terms: Vec<(usize, String)> = story
        .terms
        .iter()
        .map(|t| clean(t))
        .filter(|t| !t.is_empty())
        .map(|t| {
            let rank = if !found(&headline, std::slice::from_ref(&t)).is_empty() {
                0
            } else {
                let folded = fold(&t);
                pushed
                    .iter()
                    .position(|w| *w == folded)
                    .map_or(usize::MAX, |i| i + 1)
            };
            (rank, t)
        })
        .collect();
    terms.sort_by_key(|(rank, _)| *rank);
    terms.into_iter().map(|(_, t)| t).collect()
}

/// Whether the model had a say in the match, rather than only being shown beside the query.
fn model_decided(v: &ModelVerdict) -> bool {
    matches!(v.decide, Decide::Model | Decide::QueryAndModel) || !v.query
}

/// `Matched: a, b, c` under a story, most telling first (see `ordered_terms`), past
/// `MAX_LISTED_TERMS` only counted (the snippet's bold already shows where they are).
pub(super) fn term_line(story: &Story) -> Option<String> {
    let terms = ordered_terms(story);
    let shown = terms.len().min(MAX_LISTED_TERMS);
    let mut line = format!("Matched: {}", terms[..shown].join(", "));
    if terms.len() > shown {
        line.push_str(&format!(" and {} more", terms.len() - shown));
    }
    (shown > 0).then_some(line)
}
