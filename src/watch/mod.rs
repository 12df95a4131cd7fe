//! The `watch` stage: the operator's watchlists compiled into a [`WatchSet`] that tells, for
//! one article, which watchlists it matches, with a score, the words that matched and a
//! snippet. Pure: no I/O, no clock, no global state; a bad watchlist is an error at compile
//! time, never silently ignored, and no article text can make matching panic.
//!
//! Scoring, kept simple so an operator can predict it: every distinct non-negated term of the
//! query that occurs in the article counts 1, or 2 if it occurs in the title. A watchlist
//! matches when its query holds and the score reaches its `min_score`.

mod compile;
mod eval;
mod normalize;
mod parse;
mod snippet;

use crate::model::{Match, WatchlistSpec};
use compile::{Compiled, Interner};
use eval::{Doc, FieldId};

pub use parse::MIN_PREFIX_CHARS;

#[derive(Debug, thiserror::Error)]
#[error("watchlist {watchlist}: {message} (at character {offset} of the query)")]
pub struct WatchError {
    pub watchlist: String,
    pub offset: usize,
    pub message: String,
}

/// What a title hit is worth against a body hit.
const TITLE_WEIGHT: f64 = 2.0;
const BODY_WEIGHT: f64 = 1.0;

/// Compiled watchlists, ready to match articles. Cheap to clone relative to compiling.
#[derive(Debug, Clone, Default)]
pub struct WatchSet {
    lists: Vec<Compiled>,
    /// Every distinct term of every watchlist, looked up at most once per article.
    patterns: Vec<eval::Pattern>,
}

/// How one query term fared on one article (see [`WatchSet::explain`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TermReport {
    /// The term as written in the query.
    pub term: String,
    /// Char offset of the term in the query.
    pub offset: usize,
    /// Under NOT: its presence argues against the match.
    pub negated: bool,
    pub title_hits: usize,
    pub body_hits: usize,
}

/// Why one watchlist did or did not match one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub watchlist: String,
    pub query_holds: bool,
    pub score: f64,
    pub min_score: f64,
    pub matched: bool,
    pub terms: Vec<TermReport>,
}

impl WatchSet {
    /// Compile every watchlist; report every problem at once (bad syntax, unbalanced parens,
    /// empty query, duplicate id, NOT-only query, empty alias group...).
    pub fn compile(specs: &[WatchlistSpec]) -> Result<Self, Vec<WatchError>> {
        let mut interner = Interner::default();
        let mut lists: Vec<Compiled> = Vec::with_capacity(specs.len());
        let mut errors = Vec::new();
        for (n, spec) in specs.iter().enumerate() {
            let error = |(offset, message): (usize, String)| WatchError {
                watchlist: spec.id.clone(),
                offset,
                message,
            };
            if let Some(first) = specs[..n].iter().position(|s| s.id == spec.id) {
                errors.push(error((
                    0,
                    format!("duplicate id; watchlist {} already uses it", first + 1),
                )));
            }
            match compile::compile(spec, &mut interner) {
                Ok(c) => lists.push(c),
                Err(problems) => errors.extend(problems.into_iter().map(error)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(WatchSet {
            lists,
            patterns: interner.patterns,
        })
    }

    /// Match an article's title and body against every watchlist; one Match per watchlist
    /// whose query holds and whose score >= its min_score.
    pub fn matches(&self, title: &str, body: &str) -> Vec<Match> {
        let mut doc = Doc::new(title, body, &self.patterns);
        let mut out = Vec::new();
        for list in &self.lists {
            if !list.expr.holds(&mut |id| doc.hits(id).any()) {
                continue;
            }
            let score = score(list, &mut doc);
            if score >= list.spec.min_score {
                out.push(describe(list, &mut doc, score));
            }
        }
        out
    }

    /// ids of the compiled watchlists in config order
    pub fn ids(&self) -> Vec<&str> {
        self.lists.iter().map(|l| l.spec.id.as_str()).collect()
    }

    /// The spec a watchlist was compiled from.
    pub fn spec(&self, id: &str) -> Option<&WatchlistSpec> {
        self.lists.iter().find(|l| l.spec.id == id).map(|l| &l.spec)
    }

    pub fn len(&self) -> usize {
        self.lists.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// For every watchlist, how each query term fared on the article, the score and the
    /// verdict: what `watch test` shows an operator tuning a query.
    pub fn explain(&self, title: &str, body: &str) -> Vec<Explanation> {
        let mut doc = Doc::new(title, body, &self.patterns);
        self.lists
            .iter()
            .map(|list| {
                let query_holds = list.expr.holds(&mut |id| doc.hits(id).any());
                let score = score(list, &mut doc);
                let terms = list
                    .leaves
                    .iter()
                    .map(|leaf| {
                        let h = doc.hits(leaf.pattern);
                        TermReport {
                            term: leaf.label.clone(),
                            offset: leaf.offset,
                            negated: leaf.negated,
                            title_hits: h.title.len(),
                            body_hits: h.body.len(),
                        }
                    })
                    .collect();
                Explanation {
                    watchlist: list.spec.id.clone(),
                    query_holds,
                    score,
                    min_score: list.spec.min_score,
                    matched: query_holds && score >= list.spec.min_score,
                    terms,
                }
            })
            .collect()
    }
}

fn score(list: &Compiled, doc: &mut Doc) -> f64 {
    list.positive
        .iter()
        .map(|&id| {
            let h = doc.hits(id);
            if !h.title.is_empty() {
                TITLE_WEIGHT
            } else if !h.body.is_empty() {
                BODY_WEIGHT
            } else {
                0.0
            }
        })
        .sum()
}

/// Builds the reported match: terms quoted as written (title first, then in text order,
/// one spelling per folded form) and a snippet around the first body hit (title if none).
fn describe(list: &Compiled, doc: &mut Doc, score: f64) -> Match {
    // (field, byte range in that field's text) of every positive hit.
    let mut spans: Vec<(FieldId, std::ops::Range<usize>)> = Vec::new();
    for &id in &list.positive {
        let hits = doc.hits(id).clone();
        for field in [FieldId::Title, FieldId::Body] {
            let f = doc.field(field);
            spans.extend(
                hits.get(field)
                    .iter()
                    .filter_map(|r| Some((field, f.span(r)?))),
            );
        }
    }
    spans.sort_by_key(|(f, r)| (*f, r.start, r.end));

    let mut terms: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (field, r) in &spans {
        let Some(raw) = doc.field(*field).text.get(r.clone()) else {
            continue;
        };
        let quoted = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = normalize::fold(&quoted);
        if !seen.contains(&key) {
            seen.push(key);
            terms.push(quoted);
        }
    }

    let first = spans
        .iter()
        .find(|(f, _)| *f == FieldId::Body)
        .or_else(|| spans.first());
    let snippet = first
        .map(|(f, r)| snippet::snippet(doc.field(*f).text, r.clone()))
        .unwrap_or_default();

    Match {
        watchlist: list.spec.id.clone(),
        score,
        terms,
        snippet,
    }
}

#[cfg(test)]
mod tests;
