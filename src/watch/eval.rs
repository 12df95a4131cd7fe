//! Deciding compiled queries on one article. Each field is read once into postings (see
//! `index`), and the spans of every pattern (a phrase or alias group) of the set are worked
//! out from them at once, so a pattern shared by many watchlists costs once. NEAR compares
//! spans of the same field only: a title word is never "near" a body word.

use std::ops::Range;

use super::compile::{Leaf, Tables};
use super::index::{Span, read};
use super::lex::Field;
use super::model::Counter;
use super::near::near;

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
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldId {
    Title,
    Body,
}

pub const FIELDS: [FieldId; 2] = [FieldId::Title, FieldId::Body];

/// One field of the article: its text, where each token lies in it, and where each pattern
/// of the set occurs, by pattern id.
pub struct FieldDoc<'a> {
    pub text: &'a str,
    places: Vec<(usize, usize)>,
    patterns: Vec<Vec<Span>>,
}

impl<'a> FieldDoc<'a> {
    fn new(text: &'a str, tables: &Tables, counter: Option<&mut Counter>) -> Self {
        let field = match counter {
            Some(c) => read(&tables.dict, text, |word, orig| c.word(word, orig)),
            None => read(&tables.dict, text, |_, _| {}),
        };
        let postings = &field.postings;
        let patterns = tables
            .patterns
            .iter()
            .map(|terms| {
                let mut spans = Vec::new();
                for words in terms.iter().filter_map(|&t| tables.terms.get(t)) {
                    spans.extend(phrase(words, postings));
                }
                if terms.len() > 1 {
                    spans.sort_unstable();
                    spans.dedup();
                }
                spans
            })
            .collect();
        FieldDoc {
            text,
            places: field.places,
            patterns,
        }
    }

    /// Byte range in the original text covered by a span of tokens.
    pub fn bytes(&self, s: Span) -> Option<Range<usize>> {
        let first = self.places.get(s.start)?;
        let last = self.places.get(s.end.checked_sub(1)?)?;
        Some(first.0..last.1)
    }
}

/// Where the words of a term follow one another, ascending: the spans of the first word,
/// each carried on to the spans of the next word that start where it ends ("shifted
/// intersection"; a word may cover two tokens, "cross-border" for crossborder).
fn phrase(words: &[u32], postings: &[Vec<Span>]) -> Vec<Span> {
    let list = |w: u32| postings.get(w as usize).map_or(&[][..], Vec::as_slice);
    let Some((&first, rest)) = words.split_first() else {
        return Vec::new();
    };
    let mut spans = list(first).to_vec();
    for &w in rest {
        let next = list(w);
        spans = spans
            .iter()
            .flat_map(|s| {
                let from = next.partition_point(|n| n.start < s.end);
                next[from..]
                    .iter()
                    .take_while(move |n| n.start == s.end)
                    .map(move |n| Span {
                        start: s.start,
                        end: n.end,
                    })
            })
            .collect();
        // Spans of one start may carry on to ends out of order, or two ways to one end:
        // kept in order and once each, at most one per start and end at every step.
        spans.sort_unstable();
        spans.dedup();
    }
    spans
}

/// An article read once.
pub struct Doc<'a> {
    pub title: FieldDoc<'a>,
    pub body: FieldDoc<'a>,
}

impl<'a> Doc<'a> {
    /// The article read once, its tokens handed to `counter` too when there is one.
    pub fn read(
        title: &'a str,
        body: &'a str,
        tables: &Tables,
        mut counter: Option<&mut Counter>,
    ) -> Self {
        if let Some(c) = counter.as_deref_mut() {
            c.field(true);
        }
        let title = FieldDoc::new(title, tables, counter.as_deref_mut());
        if let Some(c) = counter.as_deref_mut() {
            c.field(false);
        }
        Doc {
            title,
            body: FieldDoc::new(body, tables, counter),
        }
    }

    pub fn field(&self, id: FieldId) -> &FieldDoc<'a> {
        match id {
            FieldId::Title => &self.title,
            FieldId::Body => &self.body,
        }
    }

    /// Spans of pattern `id` in `field`, ascending (empty for an unknown id).
    pub fn pattern(&self, id: usize, field: FieldId) -> &[Span] {
        self.field(field)
            .patterns
            .get(id)
            .map_or(&[], Vec::as_slice)
    }

    /// Spans of a leaf in `field`: none in the body for a `title:` term.
    pub fn leaf(&self, leaf: &Leaf, field: FieldId) -> &[Span] {
        if leaf.field == Field::Title && field == FieldId::Body {
            return &[];
        }
        self.pattern(leaf.pattern, field)
    }

    pub fn leaf_found(&self, leaf: &Leaf) -> bool {
        FIELDS.iter().any(|&f| !self.leaf(leaf, f).is_empty())
    }
}

impl Expr {
    /// Whether the query holds; parts are decided only as the short-circuit needs them.
    pub fn holds(&self, leaves: &[Leaf], doc: &Doc) -> bool {
        match self {
            Expr::Leaf(i) => leaves.get(*i).is_some_and(|l| doc.leaf_found(l)),
            Expr::Not(inner) => !inner.holds(leaves, doc),
            Expr::And(items) => items.iter().all(|e| e.holds(leaves, doc)),
            Expr::Or(items) => items.iter().any(|e| e.holds(leaves, doc)),
            Expr::Near { .. } => FIELDS
                .iter()
                .any(|&f| !self.spans(leaves, doc, f).is_empty()),
        }
    }

    /// Where a NEAR operand occurs in `field`, ascending. Only terms, OR-groups and NEAR have
    /// places; the parser keeps AND and NOT out of NEAR.
    fn spans(&self, leaves: &[Leaf], doc: &Doc, field: FieldId) -> Vec<Span> {
        match self {
            Expr::Leaf(i) => leaves
                .get(*i)
                .map_or(Vec::new(), |l| doc.leaf(l, field).to_vec()),
            Expr::Or(items) => {
                let mut out: Vec<Span> = items
                    .iter()
                    .flat_map(|e| e.spans(leaves, doc, field))
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            }
            Expr::Near {
                left,
                right,
                distance,
            } => {
                let a = left.spans(leaves, doc, field);
                if a.is_empty() {
                    return a;
                }
                near(&a, &right.spans(leaves, doc, field), *distance as usize)
            }
            Expr::Not(_) | Expr::And(_) => Vec::new(),
        }
    }
}
