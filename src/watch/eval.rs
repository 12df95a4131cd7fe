//! Deciding compiled queries on one article. The article is tokenised and scanned once into
//! a [`Doc`]; the spans of each pattern (a phrase or alias group) are then assembled from the
//! word postings on first use and kept, so a pattern shared by many watchlists is worked out
//! once. NEAR compares spans of the same field only: a title word is never "near" a body word.

use std::ops::Range;

use super::compile::{Leaf, Tables};
use super::index::{MAX_POSTINGS, Postings, Span, scan};
use super::lex::Field;
use super::normalize::{Tokens, tokenize};

/// A compiled query: leaves index the watchlist's [`Leaf`] list.
#[derive(Debug, Clone)]
pub enum Expr {
    Leaf(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Near {
        left: Box<Expr>,
        right: Box<Expr>,
        distance: u32,
        /// Index of this NEAR in the set, for the per-article memo.
        id: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldId {
    Title,
    Body,
}

pub const FIELDS: [FieldId; 2] = [FieldId::Title, FieldId::Body];

/// One field of the article: its text, tokens and where the set's words occur in it.
pub struct FieldDoc<'a> {
    pub text: &'a str,
    pub toks: Tokens,
    postings: Postings,
}

impl<'a> FieldDoc<'a> {
    fn new(text: &'a str, tables: &Tables) -> Self {
        let toks = tokenize(text);
        let postings = scan(&tables.dict, text, &toks);
        FieldDoc {
            text,
            toks,
            postings,
        }
    }

    /// Byte range in the original text covered by a span of tokens.
    pub fn bytes(&self, s: Span) -> Option<Range<usize>> {
        let first = self.toks.tokens.get(s.start as usize)?;
        let last = self.toks.tokens.get((s.end as usize).checked_sub(1)?)?;
        Some(first.orig.start..last.orig.end)
    }

    /// Spans where a phrase of words occurs, ascending.
    fn term(&self, words: &[u32], out: &mut Vec<Span>) {
        let Some((&first, rest)) = words.split_first() else {
            return;
        };
        for s in self.postings.of(first).iter().copied() {
            if let Some(end) = self.chain(rest, s.end) {
                out.push(Span {
                    start: s.start,
                    end,
                });
            }
        }
    }

    /// The end of `words` read from token `at` on, if they follow one another there. A word
    /// may cover two tokens ("cross-border" for crossborder), hence the search.
    fn chain(&self, words: &[u32], at: u32) -> Option<u32> {
        let Some((&w, rest)) = words.split_first() else {
            return Some(at);
        };
        self.postings
            .ends_from(w, at)
            .find_map(|end| self.chain(rest, end))
    }
}

/// An article scanned once, with the spans of each pattern computed on first use.
pub struct Doc<'a, 't> {
    pub title: FieldDoc<'a>,
    pub body: FieldDoc<'a>,
    tables: &'t Tables,
    memo: Vec<Option<[Vec<Span>; 2]>>,
    /// Spans of each NEAR node per field, once worked out.
    nears: Vec<[Option<Vec<Span>>; 2]>,
}

impl<'a, 't> Doc<'a, 't> {
    pub fn new(title: &'a str, body: &'a str, tables: &'t Tables) -> Self {
        Doc {
            title: FieldDoc::new(title, tables),
            body: FieldDoc::new(body, tables),
            tables,
            memo: vec![None; tables.patterns.len()],
            nears: vec![[None, None]; tables.nears],
        }
    }

    pub fn field(&self, id: FieldId) -> &FieldDoc<'a> {
        match id {
            FieldId::Title => &self.title,
            FieldId::Body => &self.body,
        }
    }

    /// Spans of pattern `id` in `field`, ascending (empty for an unknown id).
    pub fn pattern(&mut self, id: usize, field: FieldId) -> &[Span] {
        if self.memo.get(id).is_some_and(Option::is_none) {
            let terms = self.tables.patterns.get(id).map_or(&[][..], Vec::as_slice);
            let spans = FIELDS.map(|f| {
                let doc = self.field(f);
                let mut all = Vec::new();
                for &t in terms {
                    if let Some(words) = self.tables.terms.get(t) {
                        doc.term(words, &mut all);
                    }
                }
                all.sort_unstable();
                all.dedup();
                all.truncate(MAX_POSTINGS);
                all
            });
            self.memo[id] = Some(spans);
        }
        match self.memo.get(id).and_then(Option::as_ref) {
            Some(s) => &s[field as usize],
            None => &[],
        }
    }

    /// Spans of a leaf in `field`, honouring its field restriction.
    pub fn leaf(&mut self, leaf: &Leaf, field: FieldId) -> &[Span] {
        if leaf.field == Field::Title && field == FieldId::Body {
            return &[];
        }
        self.pattern(leaf.pattern, field)
    }

    pub fn leaf_found(&mut self, leaf: &Leaf) -> bool {
        FIELDS.iter().any(|&f| !self.leaf(leaf, f).is_empty())
    }
}

/// Words between two spans; 0 when they touch or overlap.
fn gap(a: Span, b: Span) -> u32 {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Spans covering each pair of `a` and `b` at most `distance` words apart.
fn near_pairs(a: &[Span], b: &[Span], distance: u32) -> Vec<Span> {
    let mut out = Vec::new();
    // No span of `b` starting more than this before `x` can end near it.
    let reach = b
        .iter()
        .map(|y| y.end.saturating_sub(y.start))
        .max()
        .unwrap_or(0);
    for &x in a {
        let from =
            b.partition_point(|y| y.start.saturating_add(reach).saturating_add(distance) < x.start);
        // `b` is sorted by start: nothing after a span starting too far past `x` is near.
        for &y in &b[from..] {
            if y.start > x.end.saturating_add(distance) {
                break;
            }
            if gap(x, y) <= distance {
                out.push(Span {
                    start: x.start.min(y.start),
                    end: x.end.max(y.end),
                });
                if out.len() >= MAX_POSTINGS {
                    return out;
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

impl Expr {
    /// Whether the query holds; leaves are looked up only as the short-circuit needs them.
    pub fn holds(&self, leaves: &[Leaf], doc: &mut Doc) -> bool {
        match self {
            Expr::Leaf(i) => leaves.get(*i).is_some_and(|l| doc.leaf_found(l)),
            Expr::Not(inner) => !inner.holds(leaves, doc),
            Expr::And(items) => items.iter().all(|e| e.holds(leaves, doc)),
            Expr::Or(items) => items.iter().any(|e| e.holds(leaves, doc)),
            Expr::Near { .. } => FIELDS
                .iter()
                .any(|&f| self.near(leaves, doc, f).is_some_and(|s| !s.is_empty())),
        }
    }

    /// Appends where a NEAR operand occurs in `field` to `out`, sorted and without repeats
    /// from `out`'s old length on. Only terms, OR-groups and NEAR have places; the parser
    /// keeps AND and NOT out of NEAR.
    pub fn spans(&self, leaves: &[Leaf], doc: &mut Doc, field: FieldId, out: &mut Vec<Span>) {
        match self {
            Expr::Leaf(i) => {
                if let Some(l) = leaves.get(*i) {
                    out.extend_from_slice(doc.leaf(l, field));
                }
            }
            Expr::Or(items) => {
                let from = out.len();
                for e in items {
                    e.spans(leaves, doc, field, out);
                }
                sort_dedup_from(out, from);
            }
            Expr::Near { .. } => {
                if let Some(known) = self.near(leaves, doc, field) {
                    out.extend_from_slice(known);
                }
            }
            Expr::Not(_) | Expr::And(_) => {}
        }
    }

    /// The spans of a NEAR node in `field`, worked out once per article and kept in `doc`
    /// (`None` for any other node).
    fn near<'d>(&self, leaves: &[Leaf], doc: &'d mut Doc, field: FieldId) -> Option<&'d [Span]> {
        let Expr::Near {
            left,
            right,
            distance,
            id,
        } = self
        else {
            return None;
        };
        let slot = field as usize;
        if doc.nears.get(*id)?[slot].is_none() {
            let mut a = Vec::new();
            left.spans(leaves, doc, field, &mut a);
            let pairs = if a.is_empty() {
                a
            } else {
                let mut b = Vec::new();
                right.spans(leaves, doc, field, &mut b);
                near_pairs(&a, &b, *distance)
            };
            doc.nears[*id][slot] = Some(pairs);
        }
        doc.nears.get(*id)?[slot].as_deref()
    }
}

/// Sorts `v[from..]` and drops its repeats, leaving `v[..from]` as it was.
fn sort_dedup_from(v: &mut Vec<Span>, from: usize) {
    let Some(tail) = v.get_mut(from..) else {
        return;
    };
    tail.sort_unstable();
    let mut kept = from;
    for i in from..v.len() {
        if kept == from || v[i] != v[kept - 1] {
            v[kept] = v[i];
            kept += 1;
        }
    }
    v.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    #[test]
    fn gap_counts_the_words_between_in_either_order() {
        assert_eq!(gap(s(0, 1), s(1, 2)), 0);
        assert_eq!(gap(s(0, 1), s(9, 10)), 8);
        assert_eq!(gap(s(9, 10), s(0, 1)), 8);
        assert_eq!(gap(s(0, 3), s(1, 2)), 0);
    }

    #[test]
    fn near_pairs_cover_both_sides() {
        assert_eq!(
            near_pairs(&[s(5, 6)], &[s(0, 2), s(14, 15)], 8),
            [s(0, 6), s(5, 15)]
        );
        assert!(near_pairs(&[s(5, 6)], &[s(15, 16)], 8).is_empty());
        assert!(near_pairs(&[], &[s(1, 2)], 8).is_empty());
    }

    #[test]
    fn near_pairs_find_a_long_span_that_starts_well_before() {
        // The phrase starts 12 tokens before the word but ends 2 before it.
        let b = [s(0, 1), s(3, 13), s(30, 31)];
        assert_eq!(near_pairs(&[s(15, 16)], &b, 2), [s(3, 16)]);
        assert!(near_pairs(&[s(16, 17)], &b, 2).is_empty());
    }

    #[test]
    fn sort_dedup_from_leaves_the_head_alone() {
        let mut v = vec![s(9, 10), s(5, 6), s(1, 2), s(5, 6), s(1, 2)];
        sort_dedup_from(&mut v, 1);
        assert_eq!(v, [s(9, 10), s(1, 2), s(5, 6)]);
        sort_dedup_from(&mut v, 7);
        assert_eq!(v.len(), 3);
    }
}
