//! The watchlist query language, from text to a syntax tree: bare words, "quoted phrases",
//! `AND`, `OR`, `NOT` (uppercase only) and `-word`, `NEAR/n`, parentheses, implicit `AND`
//! between neighbours, a trailing `*` wildcard and the `title:` field. Precedence, loosest
//! first: OR, AND, NOT, NEAR. Every error carries the character offset in the query and says
//! what was expected there. This module knows nothing of aliases or articles.

use std::ops::Range;

use super::lex::{Field, Lex, lex};
use super::normalize::{is_hyphen_join, tokens};
use super::stem::stem;

/// How deep parentheses and `NOT` chains may nest; deeper input is refused rather than
/// risking the stack on a pathological config.
pub const MAX_DEPTH: usize = 64;

/// Longest phrase accepted; a phrase is matched word by word, and no headline needs more.
pub const MAX_PHRASE_WORDS: usize = 32;

/// A word may end in `*` only after this many characters, so `a*` cannot match half the text.
pub const MIN_PREFIX_CHARS: usize = 3;

/// One word of a term, folded; `prefix` when it was written with a trailing `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WordPat {
    pub text: String,
    pub prefix: bool,
}

impl WordPat {
    /// What the word is looked up by: its stem, or its folded prefix and `*`.
    pub fn key(&self) -> String {
        if self.prefix {
            format!("{}*", self.text)
        } else {
            stem(&self.text).into_owned()
        }
    }
}

/// A term: one word, or a phrase of words that must stand next to each other in the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TermPat {
    pub words: Vec<WordPat>,
    /// `hyphen[i]`: word i was joined to word i-1 by a hyphen in the query ("cross-border").
    pub hyphen: Vec<bool>,
}

impl TermPat {
    /// A stable spelling of the term's keys (`prisoner* of war`), used to look up aliases and
    /// to share one pattern between watchlists.
    pub fn key(&self) -> String {
        let keys: Vec<String> = self.words.iter().map(WordPat::key).collect();
        keys.join(" ")
    }

    /// Other spellings of the same term with hyphenated or two-word compounds written as
    /// one word: "cross-border raid" -> "crossborder raid", "cross border" -> "crossborder".
    pub fn compound_variants(&self) -> Vec<TermPat> {
        let joinable = |i: usize| {
            i > 0
                && !self.words[i - 1].prefix
                && (self.hyphen.get(i).copied().unwrap_or(false) || self.words.len() == 2)
        };
        if !(1..self.words.len()).any(joinable) {
            return Vec::new();
        }
        let mut words: Vec<WordPat> = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            match words.last_mut() {
                Some(last) if joinable(i) => {
                    last.text.push_str(&w.text);
                    last.prefix = w.prefix;
                }
                _ => words.push(w.clone()),
            }
        }
        let hyphen = vec![false; words.len()];
        vec![TermPat { words, hyphen }]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// `label` is the term as the operator wrote it; `span` is where it is (chars).
    Term {
        pat: TermPat,
        label: String,
        span: Range<usize>,
        field: Field,
    },
    /// The offset is that of the `NOT` or `-`.
    Not(Box<Ast>, usize),
    And(Vec<Ast>),
    Or(Vec<Ast>),
    /// Both sides within `distance` words of each other, in either order.
    Near {
        left: Box<Ast>,
        right: Box<Ast>,
        distance: u32,
        offset: usize,
    },
}

impl Ast {
    /// Char offset where this part of the query starts.
    pub fn offset(&self) -> usize {
        match self {
            Ast::Term { span, .. } => span.start,
            Ast::Not(_, at) => *at,
            Ast::And(items) | Ast::Or(items) => items.first().map_or(0, Ast::offset),
            Ast::Near { left, .. } => left.offset(),
        }
    }

    fn restrict(&mut self, to: Field) {
        match self {
            Ast::Term { field, .. } => *field = to,
            Ast::Not(inner, _) => inner.restrict(to),
            Ast::And(items) | Ast::Or(items) => items.iter_mut().for_each(|a| a.restrict(to)),
            Ast::Near { left, right, .. } => {
                left.restrict(to);
                right.restrict(to);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

pub(super) fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        offset,
        message: message.into(),
    })
}

/// Folds and splits one term (a bare word or a phrase body) into words exactly as article
/// text is tokenised, reading a trailing `*` as a prefix wildcard. `offset` is the char
/// offset of `raw` in the query, for errors.
pub fn parse_term(raw: &str, offset: usize) -> Result<TermPat, ParseError> {
    let at = |byte: usize| offset + raw[..byte].chars().count();
    let toks = tokens(raw);
    let mut words = Vec::with_capacity(toks.len());
    let mut hyphen = Vec::with_capacity(toks.len());
    let mut prev_end = 0;
    for (i, t) in toks.iter().enumerate() {
        let orig = &t.range;
        // One char can fold into two words (¼ is 1⁄4): their original ranges coincide.
        let between = raw.get(prev_end..orig.start).unwrap_or("");
        if let Some(star) = between.find('*') {
            return err(at(prev_end + star), "expected a word directly before `*`");
        }
        hyphen.push(i > 0 && is_hyphen_join(between));
        let prefix = raw.get(orig.end..).is_some_and(|r| r.starts_with('*'));
        if prefix {
            let chars = t.word.chars().count();
            if chars < MIN_PREFIX_CHARS {
                return err(
                    at(orig.end),
                    format!(
                        "expected at least {MIN_PREFIX_CHARS} letters before `*`, found {chars}"
                    ),
                );
            }
            if raw.get(orig.end + 1..).is_some_and(|r| r.starts_with('*')) {
                return err(at(orig.end + 1), "expected one `*`, found two");
            }
        }
        prev_end = prev_end.max(orig.end + usize::from(prefix));
        if prefix && toks.get(i + 1).is_some_and(|n| n.range.start == prev_end) {
            return err(
                at(orig.end),
                "expected `*` only at the end of a word, not inside it",
            );
        }
        words.push(WordPat {
            text: t.word.clone(),
            prefix,
        });
    }
    if let Some(star) = raw.get(prev_end..).and_then(|r| r.find('*')) {
        return err(at(prev_end + star), "expected a word directly before `*`");
    }
    if words.is_empty() {
        return err(offset, "expected letters or digits in the term");
    }
    if words.len() > MAX_PHRASE_WORDS {
        return err(
            offset,
            format!(
                "expected at most {MAX_PHRASE_WORDS} words in a phrase, found {}",
                words.len()
            ),
        );
    }
    Ok(TermPat { words, hyphen })
}

struct Parser {
    lexes: Vec<(Lex, usize)>,
    pos: usize,
    /// Length of the query in chars: where "ran out of query" errors point.
    end: usize,
    depth: usize,
}

/// Whether `ast` may stand beside NEAR: terms, phrases, OR-groups of them and other NEARs;
/// else the offset of the first part that may not.
fn near_operand(ast: &Ast) -> Result<(), (usize, &'static str)> {
    match ast {
        Ast::Term { .. } => Ok(()),
        Ast::Or(items) => items.iter().try_for_each(near_operand),
        Ast::Near { left, right, .. } => near_operand(left).and(near_operand(right)),
        Ast::And(items) => Err((items.get(1).map_or(0, Ast::offset), "AND")),
        Ast::Not(_, at) => Err((*at, "NOT")),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexes.get(self.pos).map(|(l, _)| l)
    }

    fn or_expr(&mut self) -> Result<Ast, ParseError> {
        let mut items = vec![self.and_expr()?];
        while self.peek() == Some(&Lex::Or) {
            self.pos += 1;
            items.push(self.and_expr()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Ast::Or(items)
        })
    }

    fn and_expr(&mut self) -> Result<Ast, ParseError> {
        let mut items = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Lex::And) => {
                    self.pos += 1;
                    items.push(self.unary()?);
                }
                // Adjacent operands are joined by an implicit AND.
                Some(
                    Lex::Word(_)
                    | Lex::Phrase(_)
                    | Lex::Open
                    | Lex::Not
                    | Lex::Minus
                    | Lex::Field(_),
                ) => {
                    items.push(self.unary()?);
                }
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Ast::And(items)
        })
    }

    fn deeper(&mut self, at: usize) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(at, format!("query nests deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Ast, ParseError> {
        match self.lexes.get(self.pos) {
            Some(&(Lex::Not | Lex::Minus, at)) => {
                self.pos += 1;
                self.deeper(at)?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Ast::Not(Box::new(inner), at))
            }
            _ => self.near_expr(),
        }
    }

    fn near_expr(&mut self) -> Result<Ast, ParseError> {
        let mut left = self.primary()?;
        while let Some(&(Lex::Near(distance), offset)) = self.lexes.get(self.pos) {
            self.pos += 1;
            let right = self.primary()?;
            for side in [&left, &right] {
                if let Err((at, what)) = near_operand(side) {
                    return err(
                        at,
                        format!(
                            "NEAR/{distance} joins terms, phrases or ( ... OR ... ) groups: \
                             expected one of those, found {what} inside"
                        ),
                    );
                }
            }
            left = Ast::Near {
                left: Box::new(left),
                right: Box::new(right),
                distance,
                offset,
            };
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Ast, ParseError> {
        let Some((lex, at)) = self.lexes.get(self.pos).cloned() else {
            return err(
                self.end,
                "expected a term, phrase or `(`, but the query ends here",
            );
        };
        self.pos += 1;
        match lex {
            Lex::Field(field) => {
                self.deeper(at)?;
                let mut inner = self.primary()?;
                self.depth -= 1;
                inner.restrict(field);
                Ok(inner)
            }
            Lex::Word(w) => Ok(Ast::Term {
                pat: parse_term(&w, at)?,
                span: at..at + w.chars().count(),
                label: w,
                field: Field::Any,
            }),
            // The phrase body starts one char after its opening quote.
            Lex::Phrase(p) => Ok(Ast::Term {
                pat: parse_term(&p, at + 1)?,
                span: at..at + p.chars().count() + 2,
                label: format!("\"{p}\""),
                field: Field::Any,
            }),
            Lex::Open => {
                self.deeper(at)?;
                let inner = self.or_expr()?;
                if self.peek() != Some(&Lex::Close) {
                    return err(at, "expected `)` to close this `(`");
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(inner)
            }
            other => err(
                at,
                format!("expected a term, phrase or `(`, found {}", other.describe()),
            ),
        }
    }
}

/// Parses a whole query.
pub fn parse(query: &str) -> Result<Ast, ParseError> {
    let lexes = lex(query)?;
    if lexes.is_empty() {
        return err(0, "empty query: expected at least one term");
    }
    let mut p = Parser {
        lexes,
        pos: 0,
        end: query.chars().count(),
        depth: 0,
    };
    let ast = p.or_expr()?;
    if let Some((lex, at)) = p.lexes.get(p.pos) {
        // Only a stray `)` can stop both loops early.
        return err(
            *at,
            format!("found {} without a matching `(`", lex.describe()),
        );
    }
    Ok(ast)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
