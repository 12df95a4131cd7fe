//! Why a watchlist matched, in the operator's own terms: the query pruned to the clauses that
//! held, the matched words as the article spells them, and one or two passages with those
//! words marked, taken where most different query terms come together.

use std::fmt::Write as _;
use std::ops::Range;

use super::compile::{Compiled, Leaf};
use super::eval::{Doc, Expr, FIELDS, FieldId};
use super::index::Span;
use super::lex::Field;
use super::snippet::passage;
use crate::fold::fold;
use crate::model::{Match, Snippet};

/// Terms quoted per match at most.
const MAX_TERMS: usize = 24;
/// Tokens a passage is centred on: hits this close together are shown together.
const WINDOW: usize = 40;
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
pub fn score(list: &Compiled, doc: &Doc) -> f64 {
    let found = |p: usize, f| !doc.pattern(p, f).is_empty();
    list.positive
        .iter()
        .map(|p| {
            if found(p.pattern, FieldId::Title) {
                super::TITLE_WEIGHT
            } else if p.body && found(p.pattern, FieldId::Body) {
                super::BODY_WEIGHT
            } else {
                0.0
            }
        })
        .sum()
}

/// Appends the query's rendering pruned to what held to `out`; false, with `out` as it was,
/// when `e` did not hold. NOT parts are left out: they held by absence and there is nothing
/// in the text to show for them. One pass: each part is decided once, as it is rendered.
fn render(e: &Expr, leaves: &[Leaf], doc: &Doc, nested: bool, out: &mut String) -> bool {
    let at = out.len();
    // Parentheses around a group of more than one part, when nested.
    let close = |out: &mut String, parts: usize| {
        if nested && parts > 1 {
            out.insert(at, '(');
            out.push(')');
        }
    };
    match e {
        Expr::Leaf(i) => match leaves.get(*i).filter(|l| !l.negated && doc.leaf_found(l)) {
            Some(l) => {
                if l.field == Field::Title {
                    out.push_str("title:");
                }
                out.push_str(&l.label);
                true
            }
            None => false,
        },
        // Rendered only beside a positive part, which carries the text.
        Expr::Not(_) => false,
        Expr::Or(items) => {
            let mut parts = 0;
            for x in items {
                // Most terms of a long OR are absent: skipped before anything is written.
                if let Expr::Leaf(i) = x
                    && !leaves
                        .get(*i)
                        .is_some_and(|l| !l.negated && doc.leaf_found(l))
                {
                    continue;
                }
                let before = out.len();
                if parts > 0 {
                    out.push_str(" OR ");
                }
                if render(x, leaves, doc, true, out) {
                    parts += 1;
                } else {
                    out.truncate(before);
                }
            }
            close(out, parts);
            parts > 0
        }
        Expr::And(items) => {
            let mut parts = 0;
            for x in items {
                if matches!(x, Expr::Not(_)) && x.holds(leaves, doc) {
                    continue;
                }
                if parts > 0 {
                    out.push_str(" AND ");
                }
                if !render(x, leaves, doc, true, out) {
                    out.truncate(at);
                    return false;
                }
                parts += 1;
            }
            close(out, parts);
            true
        }
        Expr::Near {
            left,
            right,
            distance,
            ..
        } => {
            if !e.holds(leaves, doc) || !render(left, leaves, doc, true, out) {
                return false;
            }
            // Writing to a String cannot fail.
            let _ = write!(out, " NEAR/{distance} ");
            if !render(right, leaves, doc, true, out) {
                out.truncate(at);
                return false;
            }
            close(out, 2);
            true
        }
    }
}

/// Appends the alternatives of the query's top level to `out`: the branches of an OR, seen
/// through an AND whose other items are all NOTs.
fn top<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::Or(items) => items.iter().for_each(|x| top(x, out)),
        Expr::And(items) => {
            let mut positive = items.iter().filter(|x| !matches!(x, Expr::Not(_)));
            match (positive.next(), positive.next()) {
                (Some(only), None) => top(only, out),
                _ => out.push(e),
            }
        }
        _ => out.push(e),
    }
}

/// Each top-level clause that held, pruned to the parts that were found.
pub fn clauses(list: &Compiled, doc: &Doc) -> Vec<String> {
    let mut alternatives = Vec::with_capacity(16);
    top(&list.expr, &mut alternatives);
    // One buffer for every attempt: most alternatives of a long query did not hold.
    let mut out = String::with_capacity(256);
    let mut held = Vec::with_capacity(alternatives.len().min(8));
    for e in alternatives {
        out.clear();
        // Deciding is cheaper than rendering, and a part that does not hold renders nothing.
        if e.holds(&list.leaves, doc) && render(e, &list.leaves, doc, false, &mut out) {
            held.push(out.clone());
        }
    }
    held
}

/// Every occurrence of a scoring pattern, title first, then in text order; hits on the same
/// span keep the order of `positive`.
fn hits(list: &Compiled, doc: &Doc) -> Vec<Hit> {
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
    // Stable: hits on one span stay in the order of `positive`.
    out.sort_by_key(|h| (h.field, h.span));
    out
}

/// The words of each hit as the text writes them (runs of whitespace as one space), one
/// spelling per folded form.
fn terms(found: &[Hit], doc: &Doc) -> Vec<String> {
    // The spellings kept, as written and folded: never more than `MAX_TERMS`.
    let mut kept: Vec<(&str, String)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for h in found {
        let f = doc.field(h.field);
        let Some(raw) = f.bytes(h.span).and_then(|r| f.text.get(r)) else {
            continue;
        };
        if kept.iter().any(|(r, _)| *r == raw) {
            continue;
        }
        let quoted = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let folded = fold(&quoted);
        if kept.iter().any(|(_, f)| *f == folded) {
            continue;
        }
        kept.push((raw, folded));
        out.push(quoted);
        if out.len() >= MAX_TERMS {
            break;
        }
    }
    out
}

/// The passage windows: for each hit, the hits from it to [`WINDOW`] tokens on. Returns
/// the best window (most distinct patterns, earliest first) and, among those that do not
/// overlap it, the one adding most patterns it lacks, if any adds one. A sliding window with
/// a count per pattern keeps this linear.
fn best_windows(hits: &[Hit]) -> (Option<Range<usize>>, Option<Range<usize>>) {
    // Patterns renumbered 0.. in order of first appearance.
    let mut ids: Vec<usize> = Vec::with_capacity(hits.len().min(64));
    let local: Vec<usize> = hits
        .iter()
        .map(|h| match ids.iter().position(|&p| p == h.pattern) {
            Some(i) => i,
            None => {
                ids.push(h.pattern);
                ids.len() - 1
            }
        })
        .collect();
    // The best window over the hits `at` (indices into `hits`, ascending), as a range of
    // `hits`; a pattern adds `weight` the first time a window holds it.
    let scan = |at: &[usize], weight: &dyn Fn(usize) -> usize| -> Option<(usize, Range<usize>)> {
        let mut counts = vec![0u32; ids.len()];
        let (mut j, mut score) = (0, 0);
        let mut best: Option<(usize, Range<usize>)> = None;
        for &h in at {
            let reach = hits[h].span.start.saturating_add(WINDOW);
            while let Some(&k) = at.get(j).filter(|&&k| hits[k].span.start < reach) {
                counts[local[k]] += 1;
                if counts[local[k]] == 1 {
                    score += weight(local[k]);
                }
                j += 1;
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, h..at[j - 1] + 1));
            }
            counts[local[h]] -= 1;
            if counts[local[h]] == 0 {
                score -= weight(local[h]);
            }
        }
        best
    };
    let all: Vec<usize> = (0..hits.len()).collect();
    let Some((_, first)) = scan(&all, &|_| 1) else {
        return (None, None);
    };
    let mut covered = vec![false; ids.len()];
    for &l in &local[first.clone()] {
        covered[l] = true;
    }
    // Hits near the first passage are left out, so the second one lies elsewhere; the gap
    // is wide enough that no window can reach across it.
    let (lo, hi) = (hits[first.start].span.start, hits[first.end - 1].span.end);
    let rest: Vec<usize> = all
        .into_iter()
        .filter(|&i| hits[i].span.end + WINDOW / 2 <= lo || hits[i].span.start >= hi + WINDOW / 2)
        .collect();
    let second = scan(&rest, &|l| usize::from(!covered[l]))
        .filter(|(s, _)| *s > 0)
        .map(|(_, r)| r);
    (Some(first), second)
}

/// One or two passages: where most distinct patterns meet, then, elsewhere, where most of
/// the remaining ones do. The title is quoted only when the body has nothing.
fn snippets(found: &[Hit], doc: &Doc) -> Vec<Snippet> {
    // Title hits come first.
    let title = found.partition_point(|h| h.field == FieldId::Title);
    let body = &found[title..found.len().min(title + MAX_SPANS)];
    let (field, hits) = if body.is_empty() {
        (FieldId::Title, found)
    } else {
        (FieldId::Body, body)
    };
    let f = doc.field(field);
    let mut marks = Vec::with_capacity(hits.len());
    marks.extend(hits.iter().filter_map(|h| f.bytes(h.span)));
    let cut = |r: Range<usize>| {
        let first = f.bytes(hits[r.start].span);
        let last = f.bytes(hits[r.end - 1].span);
        let focus = match (first, last) {
            (Some(a), Some(b)) => a.start..b.end.max(a.end),
            _ => 0..0,
        };
        passage(f.text, focus, &marks)
    };
    let (first, second) = best_windows(hits);
    first.into_iter().chain(second).map(cut).collect()
}

/// Builds the reported match.
pub fn describe(list: &Compiled, doc: &Doc, score: f64) -> Match {
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
        model: None,
    }
}
