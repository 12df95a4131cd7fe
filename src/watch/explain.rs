//! Why a watchlist matched, in the operator's own terms: the query pruned to the clauses that
//! held, the matched words as the article spells them, and one or two passages with those
//! words marked, taken where most different query terms come together.

use std::collections::HashSet;

use super::compile::{Compiled, Leaf};
use super::eval::{Doc, Expr, FIELDS, FieldId};
use super::index::Span;
use super::normalize::fold;
use super::snippet::passage;
use crate::model::{Match, Snippet};

/// Terms quoted per match at most.
const MAX_TERMS: usize = 24;
/// Tokens a passage is centred on: hits this close together are shown together.
const WINDOW: u32 = 40;
/// Spans considered when choosing passages.
const MAX_SPANS: usize = 512;

/// A found occurrence of a scoring pattern.
#[derive(Debug, Clone, Copy)]
struct Hit {
    field: FieldId,
    span: Span,
    pattern: usize,
}

/// Title weight 2, body weight 1, per distinct pattern found (see the module docs of `watch`).
pub fn score(list: &Compiled, doc: &mut Doc) -> f64 {
    list.positive
        .iter()
        .map(|p| {
            if !doc.pattern(p.pattern, FieldId::Title).is_empty() {
                super::TITLE_WEIGHT
            } else if p.body && !doc.pattern(p.pattern, FieldId::Body).is_empty() {
                super::BODY_WEIGHT
            } else {
                0.0
            }
        })
        .sum()
}

/// The query's rendering pruned to what held, `None` when `e` did not hold. NOT parts are
/// left out: they held by absence and there is nothing in the text to show for them.
fn render(e: &Expr, leaves: &[Leaf], doc: &mut Doc, nested: bool) -> Option<String> {
    if !e.holds(leaves, doc) {
        return None;
    }
    let group = |parts: Vec<String>, op: &str| {
        let joined = parts.join(op);
        if nested && parts.len() > 1 {
            format!("({joined})")
        } else {
            joined
        }
    };
    match e {
        Expr::Leaf(i) => leaves.get(*i).filter(|l| !l.negated).map(Leaf::display),
        Expr::Not(_) => None,
        Expr::Or(items) | Expr::And(items) => {
            let op = if matches!(e, Expr::Or(_)) {
                " OR "
            } else {
                " AND "
            };
            let parts: Vec<String> = items
                .iter()
                .filter_map(|x| render(x, leaves, doc, true))
                .collect();
            (!parts.is_empty()).then(|| group(parts, op))
        }
        Expr::Near {
            left,
            right,
            distance,
        } => {
            let l = render(left, leaves, doc, true)?;
            let r = render(right, leaves, doc, true)?;
            Some(format!("{l} NEAR/{distance} {r}"))
        }
    }
}

/// The alternatives of the query's top level: the branches of an OR, seen through an AND
/// whose other items are all NOTs.
fn top(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Or(items) => items.iter().flat_map(top).collect(),
        Expr::And(items) => {
            let mut positive = items.iter().filter(|x| !matches!(x, Expr::Not(_)));
            match (positive.next(), positive.next()) {
                (Some(only), None) => top(only),
                _ => vec![e],
            }
        }
        _ => vec![e],
    }
}

/// Each top-level clause that held, pruned to the parts that were found.
pub fn clauses(list: &Compiled, doc: &mut Doc) -> Vec<String> {
    top(&list.expr)
        .into_iter()
        .filter_map(|e| render(e, &list.leaves, doc, false))
        .collect()
}

/// Every occurrence of a scoring pattern, title first, then in text order.
fn hits(list: &Compiled, doc: &mut Doc) -> Vec<Hit> {
    let mut out = Vec::new();
    for p in &list.positive {
        for field in FIELDS {
            if field == FieldId::Body && !p.body {
                continue;
            }
            out.extend(doc.pattern(p.pattern, field).iter().map(|&span| Hit {
                field,
                span,
                pattern: p.pattern,
            }));
        }
    }
    out.sort_by_key(|h| (h.field, h.span));
    out
}

/// The words of each hit as the text writes them, one spelling per folded form.
fn terms(found: &[Hit], doc: &Doc) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for h in found {
        let f = doc.field(h.field);
        let Some(raw) = f.bytes(h.span).and_then(|r| f.text.get(r)) else {
            continue;
        };
        let quoted = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if seen.insert(fold(&quoted)) {
            out.push(quoted);
            if out.len() >= MAX_TERMS {
                break;
            }
        }
    }
    out
}

/// Index ranges of `hits` starting at each hit and reaching [`WINDOW`] tokens on, with the
/// patterns each holds.
fn windows(hits: &[Hit]) -> Vec<(std::ops::Range<usize>, HashSet<usize>)> {
    (0..hits.len())
        .map(|i| {
            let reach = hits[i].span.start.saturating_add(WINDOW);
            let j = i + hits[i..].partition_point(|h| h.span.start < reach);
            (i..j, hits[i..j].iter().map(|h| h.pattern).collect())
        })
        .collect()
}

/// One or two passages: where most distinct patterns meet, then, elsewhere, where most of
/// the remaining ones do. The title is quoted only when the body has nothing.
fn snippets(found: &[Hit], doc: &Doc) -> Vec<Snippet> {
    let body: Vec<Hit> = found
        .iter()
        .filter(|h| h.field == FieldId::Body)
        .take(MAX_SPANS)
        .copied()
        .collect();
    let (field, hits) = if body.is_empty() {
        (FieldId::Title, found.to_vec())
    } else {
        (FieldId::Body, body)
    };
    let f = doc.field(field);
    let marks: Vec<_> = hits.iter().filter_map(|h| f.bytes(h.span)).collect();
    let cut = |r: &std::ops::Range<usize>| {
        let first = f.bytes(hits[r.start].span);
        let last = f.bytes(hits[r.end - 1].span);
        let focus = match (first, last) {
            (Some(a), Some(b)) => a.start..b.end.max(a.end),
            _ => 0..0,
        };
        passage(f.text, focus, &marks)
    };
    let wins = windows(&hits);
    let Some((best, pats)) = wins
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, p))| (p.len(), std::cmp::Reverse(*i)))
        .map(|(_, w)| w)
    else {
        return Vec::new();
    };
    let mut out = vec![cut(best)];
    let (lo, hi) = (hits[best.start].span.start, hits[best.end - 1].span.end);
    let second = wins
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| {
            hits[r.end - 1].span.end + WINDOW / 2 <= lo
                || hits[r.start].span.start >= hi + WINDOW / 2
        })
        .map(|(i, (r, p))| (p.difference(pats).count(), i, r))
        .filter(|(new, _, _)| *new > 0)
        .max_by_key(|&(new, i, _)| (new, std::cmp::Reverse(i)));
    if let Some((_, _, r)) = second {
        out.push(cut(r));
    }
    out
}

/// Builds the reported match.
pub fn describe(list: &Compiled, doc: &mut Doc, score: f64) -> Match {
    let found = hits(list, doc);
    let snippets = snippets(&found, doc);
    let first = snippets.first().cloned().unwrap_or_default();
    Match {
        watchlist: list.spec.id.clone(),
        score,
        terms: terms(&found, doc),
        snippet: first.text,
        marks: first.marks,
        clauses: clauses(list, doc),
        snippets,
    }
}
