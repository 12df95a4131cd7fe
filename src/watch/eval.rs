//! Finding compiled terms in one article and deciding boolean queries. An article is
//! tokenised once per call into a [`Doc`]; each distinct term of the whole watch set is then
//! looked up at most once, lazily, through a sorted word index (binary search for exact words
//! and for wildcard prefixes alike), so cost grows with the text and the number of distinct
//! terms, never with their product.

use std::ops::Range;

use super::normalize::{Tokens, tokenize};
use super::parse::{TermPat, WordPat};

/// Hits kept per term and field. Enough to quote the term, find its first place and count
/// it; a huge text repeating one word cannot make a match allocate without bound.
const MAX_HITS: usize = 256;

/// A term with its alias spellings: it is found where any alternative is.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub alts: Vec<TermPat>,
}

/// A compiled query: leaves are ids of patterns shared across the watch set.
#[derive(Debug, Clone)]
pub enum Expr {
    Leaf(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// Evaluates the query; `present` says whether a pattern occurs and is only asked for
    /// the patterns the short-circuit actually needs.
    pub fn holds(&self, present: &mut impl FnMut(usize) -> bool) -> bool {
        match self {
            Expr::Leaf(id) => present(*id),
            Expr::Not(inner) => !inner.holds(present),
            Expr::And(items) => items.iter().all(|e| e.holds(present)),
            Expr::Or(items) => items.iter().any(|e| e.holds(present)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldId {
    Title,
    Body,
}

/// One field of the article: its text, tokens and an index of token ids sorted by word.
pub struct Field<'a> {
    pub text: &'a str,
    pub toks: Tokens,
    /// Token ids ordered by (folded word, position): equal words and words sharing a prefix
    /// form contiguous runs.
    order: Vec<u32>,
}

impl<'a> Field<'a> {
    fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        // Token counts beyond u32 would need a >4 GiB article; such tails are ignored.
        let n = toks.len().min(u32::MAX as usize) as u32;
        let mut order: Vec<u32> = (0..n).collect();
        order.sort_by(|&a, &b| {
            toks.word(a as usize)
                .cmp(toks.word(b as usize))
                .then(a.cmp(&b))
        });
        Field { text, toks, order }
    }

    /// Positions of tokens matching `w`, ascending.
    fn positions(&self, w: &WordPat) -> Vec<usize> {
        let word = |i: &u32| self.toks.word(*i as usize);
        let lo = self.order.partition_point(|i| word(i) < w.text.as_str());
        let run = self.order.get(lo..).unwrap_or(&[]);
        let len = if w.prefix {
            run.partition_point(|i| word(i).starts_with(w.text.as_str()))
        } else {
            run.partition_point(|i| word(i) == w.text)
        };
        let mut pos: Vec<usize> = run[..len].iter().map(|&i| i as usize).collect();
        if w.prefix {
            // Several distinct words share the prefix; their runs are each sorted, not merged.
            pos.sort_unstable();
        }
        pos
    }

    fn word_matches(&self, i: usize, w: &WordPat) -> bool {
        let t = self.toks.word(i);
        i < self.toks.len()
            && if w.prefix {
                t.starts_with(w.text.as_str())
            } else {
                t == w.text
            }
    }

    /// Token ranges where `term` occurs, ascending, at most [`MAX_HITS`].
    fn find(&self, term: &TermPat) -> Vec<Range<usize>> {
        let Some((first, rest)) = term.words.split_first() else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        for p in self.positions(first) {
            let fits = rest
                .iter()
                .enumerate()
                .all(|(k, w)| self.word_matches(p + 1 + k, w));
            if fits {
                hits.push(p..p + term.words.len());
                if hits.len() >= MAX_HITS {
                    break;
                }
            }
        }
        hits
    }

    /// Byte range in the original text covered by a token range.
    pub fn span(&self, toks: &Range<usize>) -> Option<Range<usize>> {
        let first = self.toks.tokens.get(toks.start)?;
        let last = self.toks.tokens.get(toks.end.checked_sub(1)?)?;
        Some(first.orig.start..last.orig.end)
    }
}

/// Where one pattern occurs in the title and in the body (token ranges, ascending).
#[derive(Debug, Clone, Default)]
pub struct Hits {
    pub title: Vec<Range<usize>>,
    pub body: Vec<Range<usize>>,
}

impl Hits {
    pub fn any(&self) -> bool {
        !self.title.is_empty() || !self.body.is_empty()
    }

    pub fn get(&self, field: FieldId) -> &[Range<usize>] {
        match field {
            FieldId::Title => &self.title,
            FieldId::Body => &self.body,
        }
    }
}

/// An article tokenised once, with the hits of each pattern computed on first use.
pub struct Doc<'a, 'p> {
    pub title: Field<'a>,
    pub body: Field<'a>,
    patterns: &'p [Pattern],
    memo: Vec<Option<Hits>>,
}

impl<'a, 'p> Doc<'a, 'p> {
    pub fn new(title: &'a str, body: &'a str, patterns: &'p [Pattern]) -> Self {
        Doc {
            title: Field::new(title),
            body: Field::new(body),
            patterns,
            memo: vec![None; patterns.len()],
        }
    }

    pub fn field(&self, id: FieldId) -> &Field<'a> {
        match id {
            FieldId::Title => &self.title,
            FieldId::Body => &self.body,
        }
    }

    fn compute(&self, id: usize) -> Hits {
        let Some(p) = self.patterns.get(id) else {
            return Hits::default();
        };
        let collect = |f: &Field| {
            let mut all: Vec<Range<usize>> = p.alts.iter().flat_map(|t| f.find(t)).collect();
            all.sort_by_key(|r| (r.start, r.end));
            all.dedup();
            all.truncate(MAX_HITS);
            all
        };
        Hits {
            title: collect(&self.title),
            body: collect(&self.body),
        }
    }

    /// The hits of pattern `id` (empty for an unknown id).
    pub fn hits(&mut self, id: usize) -> &Hits {
        if self.memo.get(id).is_some_and(Option::is_none) {
            let h = self.compute(id);
            self.memo[id] = Some(h);
        }
        static EMPTY: Hits = Hits {
            title: Vec::new(),
            body: Vec::new(),
        };
        self.memo.get(id).and_then(Option::as_ref).unwrap_or(&EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::parse::parse_term;

    fn pat(s: &str) -> Pattern {
        Pattern {
            alts: vec![parse_term(s, 0).expect("term parses")],
        }
    }

    fn found(text: &str, term: &str) -> Vec<String> {
        let pats = [pat(term)];
        let mut doc = Doc::new("", text, &pats);
        let ranges = doc.hits(0).body.clone();
        ranges
            .iter()
            .filter_map(|r| doc.body.span(r))
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn exact_word_does_not_match_inside_longer_word() {
        assert!(found("Power cuts hit Kharkiv", "pow").is_empty());
        assert_eq!(found("Two POWs and one POW", "pow"), ["POW"]);
    }

    #[test]
    fn prefix_matches_every_word_starting_with_it_in_text_order() {
        assert_eq!(
            found("prisoners, a prisoner, prison", "prisoner*"),
            ["prisoners", "prisoner"]
        );
    }

    #[test]
    fn phrase_needs_consecutive_tokens() {
        assert_eq!(
            found(
                "Freed prisoners of war; prisoners of the war",
                "prisoner* of war"
            ),
            ["prisoners of war"]
        );
        assert_eq!(found("cross-border raid", "cross border"), ["cross-border"]);
        assert!(found("border cross", "cross border").is_empty());
    }

    #[test]
    fn phrase_at_end_of_text_does_not_run_off() {
        assert!(found("prisoners of", "prisoners of war").is_empty());
    }

    #[test]
    fn hits_are_capped() {
        let text = "pow ".repeat(MAX_HITS * 3);
        assert_eq!(found(&text, "pow").len(), MAX_HITS);
    }
}
