//! The `watch` stage: the operator's watchlists compiled into a [`WatchSet`] that tells, for
//! one article, which watchlists it matches, with a score, the words that matched, the
//! clauses that held and passages with the words marked. Pure: no I/O, no clock, nothing
//! kept between calls, so an answer depends on the article and the watch set only. A bad
//! watchlist is an error at compile time, never silently ignored, and no article text can
//! make matching panic.
//!
//! Scoring, kept simple so an operator can predict it: every distinct non-negated term of the
//! query that occurs in the article counts 1, or 2 if it occurs in the title. A watchlist
//! matches when its query holds and the score reaches its `min_score`.
//!
//! How it is built, in the order data flows:
//! - compiling: `lex` and `parse` read a query into a syntax tree, `aliases` give a term its
//!   group of spellings, `compile` interns every word, term (phrase) and pattern (alias group)
//!   in tables shared by the set and lowers the tree to an `eval::Expr`;
//! - matching: `normalize` cuts and folds a field into tokens, `stem` gives each its key,
//!   `index` reads the field into postings (word -> token spans), `eval` works out every
//!   pattern's spans from them and decides each `Expr`, `near` is NEAR's geometry;
//! - explaining: `explain` renders the clauses that held, the terms and, with `snippet`, the
//!   passages.
//!
//! A new operator (an ordered `BEFORE/n`, say) is a lexeme, an `Ast` and an `Expr` variant,
//! its spans in `Expr::spans`, its rendering in `explain`, and its meaning in the reference
//! matcher of `reference_tests.rs`, whose property test then checks the two agree.

mod aliases;
mod compile;
mod decide;
mod eval;
mod explain;
mod index;
mod lex;
pub mod model;
mod near;
mod normalize;
mod parse;
mod snippet;
mod stem;

use std::fmt;

use crate::model::{Match, ModelVerdict, WatchlistSpec};
use aliases::AliasTable;
use compile::{Compiled, Tables};
use eval::{Doc, FIELDS};
use model::{Counter, Features, Model};

pub use decide::decides;
pub use lex::MAX_NEAR;
pub use normalize::{Token, tokens};
pub use parse::{MAX_DEPTH, MIN_PREFIX_CHARS};

/// What a title hit is worth against a body hit.
const TITLE_WEIGHT: f64 = 2.0;
const BODY_WEIGHT: f64 = 1.0;

/// Where in a watchlist (or the shared alias file) a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Char offset in the query.
    Query(usize),
    /// The watchlist's own `aliases`: group and member index (0-based).
    Alias {
        group: usize,
        member: Option<usize>,
    },
    /// The shared alias file: group and member index (0-based).
    SharedAlias {
        group: usize,
        member: Option<usize>,
    },
    Id,
    MinScore,
    /// The examples file (training failed on it).
    Examples,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WatchError {
    /// Empty for a problem of the shared alias file.
    pub watchlist: String,
    /// Position of the watchlist in the specs compiled; `None` for the shared alias file.
    pub index: Option<usize>,
    pub place: Place,
    pub message: String,
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Place::Query(at) => write!(
                f,
                "watchlist {}: {} (query, character {})",
                self.watchlist,
                self.message,
                at + 1
            ),
            Place::SharedAlias { group, .. } => {
                write!(f, "aliases, group {}: {}", group + 1, self.message)
            }
            Place::Alias { group, .. } => write!(
                f,
                "watchlist {}: aliases, group {}: {}",
                self.watchlist,
                group + 1,
                self.message
            ),
            Place::Id | Place::MinScore | Place::Examples => {
                write!(f, "watchlist {}: {}", self.watchlist, self.message)
            }
        }
    }
}

impl std::error::Error for WatchError {}

/// Compiled watchlists, ready to match articles. Cheap to clone relative to compiling.
#[derive(Debug, Clone, Default)]
pub struct WatchSet {
    lists: Vec<Compiled>,
    /// Each list's learned model, when it has examples (same order as `lists`).
    models: Vec<Option<Model>>,
    tables: Tables,
    shared_groups: usize,
}

/// How one query term fared on one article (see [`WatchSet::explain`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TermReport {
    /// The term as written in the query (with `title:` when restricted to the headline).
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
    /// The match as [`WatchSet::matches`] reports it, when the query holds (even if the score
    /// falls short of `min_score`) or the watchlist matched on its model.
    pub detail: Option<Match>,
    /// What the watchlist's model said, when it has one.
    pub model: Option<ModelVerdict>,
}

impl WatchSet {
    /// Compiles every watchlist with no shared aliases.
    pub fn compile(specs: &[WatchlistSpec]) -> Result<Self, Vec<WatchError>> {
        Self::compile_with(specs, &[])
    }

    /// Compiles every watchlist; `shared_aliases` are alias groups every watchlist uses.
    /// Reports every problem at once (bad syntax, unbalanced parens, empty query, duplicate
    /// id, NOT-only query, bad alias groups...).
    pub fn compile_with(
        specs: &[WatchlistSpec],
        shared_aliases: &[Vec<String>],
    ) -> Result<Self, Vec<WatchError>> {
        let mut errors = Vec::new();
        let shared = AliasTable::build(
            shared_aliases,
            |group, member| Place::SharedAlias { group, member },
            &mut |place, message| {
                errors.push(WatchError {
                    watchlist: String::new(),
                    index: None,
                    place,
                    message,
                })
            },
        );
        let mut tables = Tables::default();
        let mut lists: Vec<Compiled> = Vec::with_capacity(specs.len());
        let mut models = Vec::with_capacity(specs.len());
        for (n, spec) in specs.iter().enumerate() {
            let error = |(place, message): (Place, String)| WatchError {
                watchlist: spec.id.clone(),
                index: Some(n),
                place,
                message,
            };
            if let Some(first) = specs[..n].iter().position(|s| s.id == spec.id) {
                errors.push(error((
                    Place::Id,
                    format!(
                        "expected a unique id; watchlist {} already uses it",
                        first + 1
                    ),
                )));
            }
            match compile::compile(spec, &shared, &mut tables) {
                Ok(c) => lists.push(c),
                Err(problems) => errors.extend(problems.into_iter().map(error)),
            }
            let trained = spec.examples.as_ref().map(|f| Model::train(&f.examples));
            match trained.transpose() {
                Ok(model) => models.push(model),
                Err(e) => errors.push(error((
                    Place::Examples,
                    format!("cannot learn from its examples: {e}"),
                ))),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(WatchSet {
            lists,
            models,
            tables,
            shared_groups: shared.len(),
        })
    }

    /// Matches an article's title and body against every watchlist; one Match per watchlist
    /// that decides for it: by its query (holds and reaches min_score), and for a watchlist
    /// with examples by its model too, as its `decide` says. The text is read once.
    pub fn matches(&self, title: &str, body: &str) -> Vec<Match> {
        let (doc, features) = self.read(title, body);
        self.lists
            .iter()
            .zip(&self.models)
            .filter_map(|(list, model)| self.decide(list, model.as_ref(), features.as_ref(), &doc))
            .collect()
    }

    /// The article read once for the queries, and its model features, when some watchlist
    /// has a model to read them.
    fn read<'a>(&self, title: &'a str, body: &'a str) -> (Doc<'a>, Option<Features>) {
        let mut counter = self
            .models
            .iter()
            .any(Option::is_some)
            .then(|| Counter::for_text(title.len() + body.len()));
        let doc = Doc::read(title, body, &self.tables, counter.as_mut());
        (doc, counter.map(Counter::features))
    }

    /// One watchlist's match on the article, if it decides for one.
    fn decide(
        &self,
        list: &Compiled,
        model: Option<&Model>,
        features: Option<&Features>,
        doc: &Doc,
    ) -> Option<Match> {
        let holds = list.expr.holds(&list.leaves, doc);
        let score = if holds {
            explain::score(list, doc)
        } else {
            0.0
        };
        let query = holds && score >= list.spec.min_score;
        let (Some(model), Some(features)) = (model, features) else {
            return query.then(|| explain::describe(list, doc, score));
        };
        let spec = &list.spec;
        if !decide::decides(spec, query, model.probability(features)) {
            return None;
        }
        let said = model.score(features, doc.title.text, doc.body.text);
        let mut m = if holds {
            explain::describe(list, doc, score)
        } else {
            decide::model_match(&spec.id, score, &said, doc.title.text, doc.body.text)
        };
        m.model = Some(decide::verdict(&said, spec.decide, query, spec.threshold));
        Some(m)
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

    /// Each watchlist that has a model, with the examples it learned from and how many of
    /// them were relevant.
    pub fn models(&self) -> impl Iterator<Item = (&str, usize, usize)> + '_ {
        self.lists.iter().zip(&self.models).filter_map(|(l, m)| {
            m.as_ref()
                .map(|m| (l.spec.id.as_str(), m.examples, m.positives))
        })
    }

    /// How many shared alias groups the set was compiled with.
    pub fn shared_alias_groups(&self) -> usize {
        self.shared_groups
    }

    /// For every watchlist, how each query term fared on the article, the score and the
    /// verdict: what `watch test --explain` shows an operator tuning a query.
    pub fn explain(&self, title: &str, body: &str) -> Vec<Explanation> {
        let (doc, features) = self.read(title, body);
        let (doc, features) = (&doc, features.as_ref());
        self.lists
            .iter()
            .zip(&self.models)
            .map(|(list, model)| {
                let query_holds = list.expr.holds(&list.leaves, doc);
                let score = explain::score(list, doc);
                let terms = list
                    .leaves
                    .iter()
                    .map(|leaf| {
                        let [title_hits, body_hits] = FIELDS.map(|f| doc.leaf(leaf, f).len());
                        TermReport {
                            term: leaf.display(),
                            offset: leaf.offset,
                            negated: leaf.negated,
                            title_hits,
                            body_hits,
                        }
                    })
                    .collect();
                let query = query_holds && score >= list.spec.min_score;
                let decided = self.decide(list, model.as_ref(), features, doc);
                let matched = decided.is_some();
                let model = match (&decided, model, features) {
                    (Some(m), ..) => m.model.clone(),
                    (None, Some(model), Some(f)) => {
                        let said = model.score(f, doc.title.text, doc.body.text);
                        let spec = &list.spec;
                        Some(decide::verdict(&said, spec.decide, query, spec.threshold))
                    }
                    _ => None,
                };
                let detail =
                    decided.or_else(|| query_holds.then(|| explain::describe(list, doc, score)));
                Explanation {
                    watchlist: list.spec.id.clone(),
                    query_holds,
                    score,
                    min_score: list.spec.min_score,
                    matched,
                    terms,
                    detail,
                    model,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod reference_tests;
