//! Turning one operator-written [`WatchlistSpec`] into an executable query: check the spec,
//! parse the query, replace each term by its alias group, and intern every distinct term in
//! a table shared by the whole watch set so an article is searched for it only once. Every
//! problem of a spec is collected, not just the first, so `check` can list them all.

use std::collections::HashMap;

use super::eval::{Expr, Pattern};
use super::parse::{Ast, TermPat, parse, parse_term};
use crate::model::WatchlistSpec;

/// One term of a query as compiled: which shared pattern it is and how it was written.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub pattern: usize,
    pub label: String,
    pub offset: usize,
    /// Under an odd number of NOTs: its presence argues against a match.
    pub negated: bool,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub spec: WatchlistSpec,
    pub expr: Expr,
    /// Every term of the query in the order written.
    pub leaves: Vec<Leaf>,
    /// Distinct patterns of the non-negated leaves: what scores and what is quoted.
    pub positive: Vec<usize>,
}

/// The pattern table shared by all watchlists of a set.
#[derive(Debug, Default)]
pub struct Interner {
    pub patterns: Vec<Pattern>,
    by_key: HashMap<String, usize>,
}

impl Interner {
    fn intern(&mut self, mut alts: Vec<TermPat>) -> usize {
        alts.sort_by_key(TermPat::key);
        alts.dedup();
        let key = alts
            .iter()
            .map(TermPat::key)
            .collect::<Vec<_>>()
            .join("\u{1}");
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let id = self.patterns.len();
        self.patterns.push(Pattern { alts });
        self.by_key.insert(key, id);
        id
    }
}

/// A problem in one spec: (char offset in the query, message).
pub type Problem = (usize, String);

/// Maps each alias member's folded key to its whole group, parsed.
fn alias_table(spec: &WatchlistSpec, problems: &mut Vec<Problem>) -> HashMap<String, usize> {
    let mut table: HashMap<String, usize> = HashMap::new();
    for (g, group) in spec.aliases.iter().enumerate() {
        if group.is_empty() {
            problems.push((0, format!("alias group {} is empty", g + 1)));
            continue;
        }
        for member in group {
            let key = match parse_term(member, 0) {
                Ok(t) => t.key(),
                Err(e) => {
                    problems.push((
                        0,
                        format!("alias group {}, member {member:?}: {}", g + 1, e.message),
                    ));
                    continue;
                }
            };
            match table.get(&key) {
                Some(&other) if other != g => problems.push((
                    0,
                    format!(
                        "alias {member:?} is in groups {} and {}; a spelling may belong to one group only",
                        other + 1,
                        g + 1
                    ),
                )),
                _ => {
                    table.insert(key, g);
                }
            }
        }
    }
    table
}

struct Lowering<'a> {
    spec: &'a WatchlistSpec,
    aliases: HashMap<String, usize>,
    interner: &'a mut Interner,
    leaves: Vec<Leaf>,
}

impl Lowering<'_> {
    fn lower(&mut self, ast: &Ast, negated: bool) -> Expr {
        match ast {
            Ast::Term { pat, label, offset } => {
                let alts = match self.aliases.get(&pat.key()) {
                    // Members already parsed once in `alias_table`; parse errors were reported.
                    Some(&g) => self
                        .spec
                        .aliases
                        .get(g)
                        .into_iter()
                        .flatten()
                        .filter_map(|m| parse_term(m, 0).ok())
                        .collect(),
                    None => vec![pat.clone()],
                };
                let pattern = self.interner.intern(alts);
                self.leaves.push(Leaf {
                    pattern,
                    label: label.clone(),
                    offset: *offset,
                    negated,
                });
                Expr::Leaf(pattern)
            }
            Ast::Not(inner, _) => Expr::Not(Box::new(self.lower(inner, !negated))),
            Ast::And(items) => Expr::And(items.iter().map(|a| self.lower(a, negated)).collect()),
            Ast::Or(items) => Expr::Or(items.iter().map(|a| self.lower(a, negated)).collect()),
        }
    }
}

/// If the query holds for an article that contains none of its terms, the offset of the
/// NOT responsible. Such a query would match nearly every article.
fn matches_nothing_at(ast: &Ast) -> Option<usize> {
    match ast {
        Ast::Term { .. } => None,
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

/// Compiles one spec, interning its terms; returns every problem found.
pub fn compile(spec: &WatchlistSpec, interner: &mut Interner) -> Result<Compiled, Vec<Problem>> {
    let mut problems = Vec::new();
    if spec.id.trim().is_empty() {
        problems.push((0, "watchlist id is empty".to_string()));
    }
    if !spec.min_score.is_finite() || spec.min_score < 0.0 {
        problems.push((
            0,
            format!("min_score must be a number >= 0, not {}", spec.min_score),
        ));
    }
    let aliases = alias_table(spec, &mut problems);
    let ast = match parse(&spec.query) {
        Ok(ast) => Some(ast),
        Err(e) => {
            problems.push((e.offset, e.message));
            None
        }
    };
    if let Some(at) = ast.as_ref().and_then(matches_nothing_at) {
        problems.push((
            at,
            "query would match an article containing none of its terms; \
             NOT must stand beside a positive term"
                .to_string(),
        ));
    }
    let Some(ast) = ast.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let mut low = Lowering {
        spec,
        aliases,
        interner,
        leaves: Vec::new(),
    };
    let expr = low.lower(&ast, false);
    let leaves = low.leaves;
    let mut positive: Vec<usize> = Vec::new();
    for l in leaves.iter().filter(|l| !l.negated) {
        if !positive.contains(&l.pattern) {
            positive.push(l.pattern);
        }
    }
    Ok(Compiled {
        spec: spec.clone(),
        expr,
        leaves,
        positive,
    })
}
