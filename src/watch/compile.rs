//! Turning one operator-written [`WatchlistSpec`] into an executable query: check the spec,
//! parse the query, replace each term by its alias group, and intern every word, term and
//! group in tables shared by the whole watch set, so an article is read for each word once.
//! Every problem of a spec is collected, not just the first, so `check` lists them all.

use std::collections::HashMap;

use super::Place;
use super::aliases::AliasTable;
use super::eval::Expr;
use super::index::Dict;
use super::lex::Field;
use super::parse::{Ast, TermPat, parse};
use crate::model::WatchlistSpec;

/// One term of a query as compiled: which shared pattern it is and how it was written.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub pattern: usize,
    pub field: Field,
    pub label: String,
    pub offset: usize,
    /// Under an odd number of NOTs: its presence argues against a match.
    pub negated: bool,
}

impl Leaf {
    /// The term as the query wrote it, with its field.
    pub fn display(&self) -> String {
        match self.field {
            Field::Any => self.label.clone(),
            Field::Title => format!("title:{}", self.label),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub spec: WatchlistSpec,
    pub expr: Expr,
    /// Every term of the query in the order written.
    pub leaves: Vec<Leaf>,
    /// The distinct patterns of the non-negated leaves: what scores.
    pub positive: Vec<Scored>,
}

/// A pattern that adds to the score when found.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    pub pattern: usize,
    /// Some leaf may find it in the body (not only `title:` ones).
    pub body: bool,
}

/// Words, terms (phrases of words) and patterns (alias groups of terms) of a whole set.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub dict: Dict,
    pub terms: Vec<Vec<u32>>,
    pub patterns: Vec<Vec<usize>>,
    term_ids: HashMap<Vec<u32>, usize>,
    pattern_ids: HashMap<Vec<usize>, usize>,
}

impl Tables {
    fn term(&mut self, t: &TermPat) -> usize {
        let words: Vec<u32> = t.words.iter().map(|w| self.dict.intern(w)).collect();
        if let Some(&id) = self.term_ids.get(&words) {
            return id;
        }
        self.terms.push(words.clone());
        self.term_ids.insert(words, self.terms.len() - 1);
        self.terms.len() - 1
    }

    /// The pattern matching any of `alts` (and their one-word compound spellings).
    fn pattern(&mut self, alts: &[TermPat]) -> usize {
        let mut ids: Vec<usize> = Vec::new();
        for t in alts {
            ids.push(self.term(t));
            for v in t.compound_variants() {
                ids.push(self.term(&v));
            }
        }
        self.pattern_of(ids)
    }

    /// The pattern of the terms `ids`, added if new.
    fn pattern_of(&mut self, mut ids: Vec<usize>) -> usize {
        ids.sort_unstable();
        ids.dedup();
        if let Some(&id) = self.pattern_ids.get(&ids) {
            return id;
        }
        self.patterns.push(ids.clone());
        self.pattern_ids.insert(ids, self.patterns.len() - 1);
        self.patterns.len() - 1
    }
}

struct Lowering<'a> {
    own: &'a AliasTable,
    shared: &'a AliasTable,
    tables: &'a mut Tables,
    leaves: Vec<Leaf>,
}

impl Lowering<'_> {
    fn lower(&mut self, ast: &Ast, negated: bool) -> Expr {
        match ast {
            Ast::Term {
                pat,
                label,
                span,
                field,
            } => {
                let group = self.own.group(pat).or_else(|| self.shared.group(pat));
                let pattern = self
                    .tables
                    .pattern(group.unwrap_or(std::slice::from_ref(pat)));
                self.leaves.push(Leaf {
                    pattern,
                    field: *field,
                    label: label.clone(),
                    offset: span.start,
                    negated,
                });
                Expr::Leaf(self.leaves.len() - 1)
            }
            Ast::Not(inner, _) => Expr::Not(Box::new(self.lower(inner, !negated))),
            Ast::And(items) => Expr::And(items.iter().map(|a| self.lower(a, negated)).collect()),
            Ast::Or(items) => Expr::Or(items.iter().map(|a| self.lower(a, negated)).collect()),
            Ast::Near {
                left,
                right,
                distance,
                ..
            } => Expr::Near {
                left: Box::new(self.lower(left, negated)),
                right: Box::new(self.lower(right, negated)),
                distance: *distance,
            },
        }
    }
}

/// If the query holds for an article that contains none of its terms, the offset of the
/// NOT responsible. Such a query would match nearly every article.
fn matches_nothing_at(ast: &Ast) -> Option<usize> {
    match ast {
        Ast::Term { .. } | Ast::Near { .. } => None,
        Ast::Not(inner, at) => match matches_nothing_at(inner) {
            Some(_) => None,
            None => Some(*at),
        },
        Ast::And(items) => {
            let all: Option<Vec<usize>> = items.iter().map(matches_nothing_at).collect();
            all.and_then(|v| v.first().copied())
        }
        Ast::Or(items) => items.iter().find_map(matches_nothing_at),
    }
}

/// Compiles one spec into `tables`; returns every problem found with its place.
pub fn compile(
    spec: &WatchlistSpec,
    shared: &AliasTable,
    tables: &mut Tables,
) -> Result<Compiled, Vec<(Place, String)>> {
    let mut problems = Vec::new();
    if spec.id.trim().is_empty() {
        problems.push((
            Place::Id,
            "expected a watchlist id, found an empty one".into(),
        ));
    }
    if !spec.min_score.is_finite() || spec.min_score < 0.0 {
        problems.push((
            Place::MinScore,
            format!("expected min_score >= 0, found {}", spec.min_score),
        ));
    }
    let own = AliasTable::build(
        &spec.aliases,
        |group, member| Place::Alias { group, member },
        &mut |place, message| problems.push((place, message)),
    );
    let ast = match parse(&spec.query) {
        Ok(ast) => Some(ast),
        Err(e) => {
            problems.push((Place::Query(e.offset), e.message));
            None
        }
    };
    if let Some(at) = ast.as_ref().and_then(matches_nothing_at) {
        problems.push((
            Place::Query(at),
            "expected a term to look for beside NOT: this query would match articles \
             containing none of its terms"
                .into(),
        ));
    }
    let Some(ast) = ast.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let mut low = Lowering {
        own: &own,
        shared,
        tables,
        leaves: Vec::new(),
    };
    let expr = low.lower(&ast, false);
    let leaves = low.leaves;
    let mut positive: Vec<Scored> = Vec::new();
    for l in leaves.iter().filter(|l| !l.negated) {
        match positive.iter_mut().find(|p| p.pattern == l.pattern) {
            Some(p) => p.body |= l.field == Field::Any,
            None => positive.push(Scored {
                pattern: l.pattern,
                body: l.field == Field::Any,
            }),
        }
    }
    Ok(Compiled {
        spec: spec.clone(),
        expr,
        leaves,
        positive,
    })
}
