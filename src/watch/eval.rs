//! Deciding compiled queries on one article. The article is tokenised and scanned once into
//! a [`Doc`], and the spans of each pattern (a phrase or alias group) are assembled from the
//! word postings at once, so a pattern shared by many watchlists is worked out once. NEAR
//! compares spans of the same field only: a title word is never "near" a body word.

use std::ops::Range;

use super::compile::{Leaf, Tables};
use super::grouped::Grouped;
use super::index::{Postings, Scanned, Scanner, Span, scan_into};
use super::lex::Field;
use super::near::{near_pairs, sort_dedup_from};

/// A compiled query: leaves index the watchlist's [`Leaf`] list.
#[derive(Debug, Clone)]
pub enum Expr {
    Leaf(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Near {
        left: Operand,
        right: Operand,
        distance: u32,
        /// Index of this NEAR in the set, for the per-article memo.
        id: usize,
    },
}

/// One side of a NEAR: the operand as written, and the pattern its plain terms make.
#[derive(Debug, Clone)]
pub struct Operand {
    pub expr: Box<Expr>,
    /// The operand's terms of any field as one pattern: the operand itself when it is such a
    /// term, or those among the items of its OR.
    pub pattern: Option<usize>,
    /// What `pattern` leaves out.
    pub rest: Rest,
}

/// The parts of a NEAR operand its pattern does not cover.
#[derive(Debug, Clone)]
pub enum Rest {
    Nothing,
    /// These items of its OR: nested NEARs and `title:` terms.
    Items(Vec<usize>),
    /// All of it: the operand is a nested NEAR or a `title:` term.
    Whole,
}

impl Operand {
    /// The pattern that is the whole operand, if one is.
    fn only_pattern(&self) -> Option<usize> {
        self.pattern.filter(|_| matches!(self.rest, Rest::Nothing))
    }

    /// Appends where the operand occurs in `field` to `out`, sorted and without repeats
    /// from `out`'s old length on (as [`Expr::spans`]).
    fn spans(&self, leaves: &[Leaf], doc: &mut Doc, field: FieldId, out: &mut Vec<Span>) {
        let from = out.len();
        if let Some(p) = self.pattern {
            out.extend_from_slice(doc.pattern(p, field));
        }
        match (&self.rest, &*self.expr) {
            (Rest::Nothing, _) => {}
            (Rest::Whole, e) => e.spans(leaves, doc, field, out),
            (Rest::Items(rest), Expr::Or(items)) => {
                let rest = rest.iter().filter_map(|&i| items.get(i));
                merge_spans(rest, leaves, doc, field, out, from);
            }
            (Rest::Items(_), _) => {}
        }
    }
}

/// Appends the spans of `items` to `out`, each sorted already, and sorts `out[from..]` only
/// when two or more parts (what was there from `from` on counts as one) gave some.
fn merge_spans<'e>(
    items: impl Iterator<Item = &'e Expr>,
    leaves: &[Leaf],
    doc: &mut Doc,
    field: FieldId,
    out: &mut Vec<Span>,
    from: usize,
) {
    let mut parts = usize::from(out.len() > from);
    for e in items {
        let before = out.len();
        e.spans(leaves, doc, field, out);
        parts += usize::from(out.len() > before);
    }
    if parts > 1 {
        sort_dedup_from(out, from);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldId {
    Title,
    Body,
}

pub const FIELDS: [FieldId; 2] = [FieldId::Title, FieldId::Body];

/// What one field keeps between articles: its scan and the places of each pattern.
#[derive(Default)]
pub struct FieldBufs {
    scanned: Scanned,
    patterns: Grouped,
}

/// One field of the article: its text, where each token lies in it, where the set's words
/// occur in it, and where each pattern does.
pub struct FieldDoc<'a> {
    pub text: &'a str,
    bufs: FieldBufs,
}

impl<'a> FieldDoc<'a> {
    fn new(text: &'a str, tables: &Tables, mut bufs: FieldBufs, scratch: &mut Scratch) -> Self {
        scan_into(&tables.dict, text, &mut scratch.scanner, &mut bufs.scanned);
        let mut doc = FieldDoc { text, bufs };
        doc.assemble(tables, &mut scratch.found);
        doc
    }

    /// Works out the places of every pattern from the words found: each found word starts
    /// only the few terms it is the first word of, so this costs what the article's hits
    /// cost, however many patterns the set has.
    fn assemble(&mut self, tables: &Tables, found: &mut Vec<(u32, Span)>) {
        found.clear();
        let postings = &self.bufs.scanned.postings;
        for (w, spans) in postings.keys() {
            for &t in tables
                .starting
                .get(w as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let rest = tables
                    .terms
                    .get(t as usize)
                    .and_then(|ws| ws.get(1..))
                    .unwrap_or(&[]);
                let within = tables.within.get(t as usize).map_or(&[][..], Vec::as_slice);
                for s in spans {
                    if let Some(end) = chain(postings, rest, s.end) {
                        let span = Span {
                            start: s.start,
                            end,
                        };
                        found.extend(within.iter().map(|&p| (p, span)));
                    }
                }
            }
        }
        self.bufs.patterns.fill(found, tables.patterns.len());
    }

    /// Spans of pattern `id`, ascending (empty for an unknown id).
    fn pattern(&self, id: usize) -> &[Span] {
        u32::try_from(id).map_or(&[], |id| self.bufs.patterns.of(id))
    }

    /// Byte range in the original text covered by a span of tokens.
    pub fn bytes(&self, s: Span) -> Option<Range<usize>> {
        let places = &self.bufs.scanned.places;
        let first = places.get(s.start as usize)?;
        let last = places.get((s.end as usize).checked_sub(1)?)?;
        Some(first[0] as usize..last[1] as usize)
    }
}

/// The end of `words` read from token `at` on, if they follow one another there. A word may
/// cover two tokens ("cross-border" for crossborder), hence the search.
fn chain(postings: &Postings, words: &[u32], at: u32) -> Option<u32> {
    let Some((&w, rest)) = words.split_first() else {
        return Some(at);
    };
    postings
        .ends_from(w, at)
        .find_map(|end| chain(postings, rest, end))
}

/// The buffers of matching one article, kept by a thread from one article to the next, so a
/// warm matcher allocates little beyond what it reports.
#[derive(Default)]
pub struct Scratch {
    scanner: Scanner,
    found: Vec<(u32, Span)>,
    fields: [FieldBufs; 2],
    nears: Vec<[Option<(u32, u32)>; 2]>,
    near_spans: Vec<Span>,
    spare: Vec<Vec<Span>>,
}

/// An article scanned once, with the spans of each NEAR computed on first use.
pub struct Doc<'a> {
    pub title: FieldDoc<'a>,
    pub body: FieldDoc<'a>,
    /// Where each NEAR node's spans are in `near_spans`, per field, once worked out.
    nears: Vec<[Option<(u32, u32)>; 2]>,
    near_spans: Vec<Span>,
    /// Buffers for NEAR operands, reused across nodes.
    spare: Vec<Vec<Span>>,
    /// The rest of the scratch the article was matched with, to hand back.
    scratch: Scratch,
}

impl<'a> Doc<'a> {
    /// Scans an article, using (and emptying first) the buffers of `scratch`.
    pub fn new(title: &'a str, body: &'a str, tables: &Tables, mut scratch: Scratch) -> Self {
        let [t, b] = std::mem::take(&mut scratch.fields);
        let title = FieldDoc::new(title, tables, t, &mut scratch);
        let body = FieldDoc::new(body, tables, b, &mut scratch);
        let mut nears = std::mem::take(&mut scratch.nears);
        nears.clear();
        nears.resize(tables.nears, [None, None]);
        let mut near_spans = std::mem::take(&mut scratch.near_spans);
        near_spans.clear();
        Doc {
            title,
            body,
            nears,
            near_spans,
            spare: std::mem::take(&mut scratch.spare),
            scratch,
        }
    }

    /// The buffers back, for the next article.
    pub fn recycle(self) -> Scratch {
        Scratch {
            fields: [self.title.bufs, self.body.bufs],
            nears: self.nears,
            near_spans: self.near_spans,
            spare: self.spare,
            ..self.scratch
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
        self.field(field).pattern(id)
    }

    /// Spans of a leaf in `field`, honouring its field restriction.
    pub fn leaf(&self, leaf: &Leaf, field: FieldId) -> &[Span] {
        if !reaches(leaf, field) {
            return &[];
        }
        self.pattern(leaf.pattern, field)
    }

    /// Whether a pattern occurs in `field`.
    pub fn found(&self, id: usize, field: FieldId) -> bool {
        u32::try_from(id).is_ok_and(|id| self.field(field).bufs.patterns.has(id))
    }

    pub fn leaf_found(&self, leaf: &Leaf) -> bool {
        FIELDS
            .iter()
            .any(|&f| reaches(leaf, f) && self.found(leaf.pattern, f))
    }
}

/// Whether a leaf may match in `field`: a `title:` term never matches the body.
fn reaches(leaf: &Leaf, field: FieldId) -> bool {
    !(leaf.field == Field::Title && field == FieldId::Body)
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
                merge_spans(items.iter(), leaves, doc, field, out, from);
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
            let from = if let (Some(l), Some(r)) = (left.only_pattern(), right.only_pattern()) {
                // Both sides are one pattern each: their places are read where they lie.
                let f = match field {
                    FieldId::Title => &doc.title,
                    FieldId::Body => &doc.body,
                };
                let from = doc.near_spans.len();
                near_pairs(f.pattern(l), f.pattern(r), *distance, &mut doc.near_spans);
                from
            } else {
                let mut a = doc.spare.pop().unwrap_or_default();
                left.spans(leaves, doc, field, &mut a);
                let mut b = doc.spare.pop().unwrap_or_default();
                if !a.is_empty() {
                    right.spans(leaves, doc, field, &mut b);
                }
                // Taken after the operands: a NEAR inside them adds spans of its own.
                let from = doc.near_spans.len();
                near_pairs(&a, &b, *distance, &mut doc.near_spans);
                for mut v in [a, b] {
                    v.clear();
                    doc.spare.push(v);
                }
                from
            };
            let to = doc.near_spans.len();
            doc.nears[*id][slot] = Some((from as u32, to as u32));
        }
        let (from, to) = doc.nears.get(*id)?[slot]?;
        doc.near_spans.get(from as usize..to as usize)
    }
}
