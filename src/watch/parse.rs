//! The watchlist query language, from text to a syntax tree: bare words, "quoted phrases",
//! `AND`, `OR`, `NOT` (uppercase only), parentheses, implicit `AND` between neighbours and a
//! trailing `*` wildcard on a word. Precedence is NOT > AND > OR. Every error carries the
//! character (not byte) offset in the query, because that is what an operator counts in an
//! editor. This module knows nothing of aliases or articles.

use super::normalize::{fold_char, is_word_char};

/// How deep parentheses and `NOT` chains may nest; deeper input is refused rather than
/// risking the stack on a pathological config.
const MAX_DEPTH: usize = 64;

/// A word may end in `*` only after this many characters, so `a*` cannot match half the text.
pub const MIN_PREFIX_CHARS: usize = 3;

/// One word of a term, folded; `prefix` when it was written with a trailing `*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WordPat {
    pub text: String,
    pub prefix: bool,
}

/// A term: one word, or a phrase of words that must stand next to each other in the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TermPat {
    pub words: Vec<WordPat>,
}

impl TermPat {
    /// A stable spelling of the folded term (`prisoner* of war`), used to look up aliases and
    /// to share one pattern between watchlists.
    pub fn key(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
            if w.prefix {
                s.push('*');
            }
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// `label` is the term as the operator wrote it; `offset` is where it starts.
    Term {
        pat: TermPat,
        label: String,
        offset: usize,
    },
    Not(Box<Ast>, usize),
    And(Vec<Ast>),
    Or(Vec<Ast>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        offset,
        message: message.into(),
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Open,
    Close,
    And,
    Or,
    Not,
    Word(String),
    Phrase(String),
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// Splits the query into lexemes with their char offsets.
fn lex(query: &str) -> Result<Vec<(Lex, usize)>, ParseError> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            out.push((if c == '(' { Lex::Open } else { Lex::Close }, i));
            i += 1;
        } else if is_quote(c) {
            let start = i;
            i += 1;
            let body_start = i;
            while chars.get(i).is_some_and(|&c| !is_quote(c)) {
                i += 1;
            }
            if i >= chars.len() {
                return err(start, "unterminated quoted phrase");
            }
            out.push((Lex::Phrase(chars[body_start..i].iter().collect()), start));
            i += 1;
        } else {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|&c| !c.is_whitespace() && c != '(' && c != ')' && !is_quote(c))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let lex = match word.as_str() {
                "AND" => Lex::And,
                "OR" => Lex::Or,
                "NOT" => Lex::Not,
                _ => Lex::Word(word),
            };
            out.push((lex, start));
        }
    }
    Ok(out)
}

/// Folds and splits one term (a bare word or a phrase body) into words, reading a trailing
/// `*` as a prefix wildcard. `offset` is the char offset of `raw` in the query, for errors.
pub fn parse_term(raw: &str, offset: usize) -> Result<TermPat, ParseError> {
    let mut words: Vec<WordPat> = Vec::new();
    let mut cur = String::new();
    let mut cur_chars = 0;
    // Set right after a `*`: the next char must not continue the word.
    let mut star_at: Option<usize> = None;
    for (ci, c) in raw.chars().enumerate() {
        let at = offset + ci;
        if c == '*' {
            if cur.is_empty() {
                return err(at, "`*` must directly follow a word");
            }
            if cur_chars < MIN_PREFIX_CHARS {
                return err(
                    at,
                    format!("a wildcard needs at least {MIN_PREFIX_CHARS} letters before `*`"),
                );
            }
            words.push(WordPat {
                text: std::mem::take(&mut cur),
                prefix: true,
            });
            cur_chars = 0;
            star_at = Some(at);
            continue;
        }
        let star = star_at;
        let mut bad = false;
        fold_char(c, |f| {
            if is_word_char(f) {
                if star_at.is_some() {
                    bad = true;
                }
                cur.push(f);
                cur_chars += 1;
            } else {
                star_at = None;
                if !cur.is_empty() {
                    words.push(WordPat {
                        text: std::mem::take(&mut cur),
                        prefix: false,
                    });
                    cur_chars = 0;
                }
            }
        });
        if let Some(star) = star.filter(|_| bad) {
            return err(star, "`*` may only end a word, not stand inside it");
        }
    }
    if !cur.is_empty() {
        words.push(WordPat {
            text: cur,
            prefix: false,
        });
    }
    if words.is_empty() {
        return err(offset, "term has no letters or digits");
    }
    Ok(TermPat { words })
}

struct Parser {
    lexes: Vec<(Lex, usize)>,
    pos: usize,
    /// Length of the query in chars: where "ran out of query" errors point.
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.lexes.get(self.pos).map(|(l, _)| l)
    }

    fn offset(&self) -> usize {
        self.lexes.get(self.pos).map_or(self.end, |(_, o)| *o)
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
                Some(Lex::Word(_) | Lex::Phrase(_) | Lex::Open | Lex::Not) => {
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
        let at = self.offset();
        let Some((lex, _)) = self.lexes.get(self.pos).cloned() else {
            return err(self.end, "query ends where a term was expected");
        };
        self.pos += 1;
        match lex {
            Lex::Not => {
                self.deeper(at)?;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Ast::Not(Box::new(inner), at))
            }
            Lex::Word(w) => Ok(Ast::Term {
                pat: parse_term(&w, at)?,
                label: w,
                offset: at,
            }),
            // The phrase body starts one char after its opening quote.
            Lex::Phrase(p) => Ok(Ast::Term {
                pat: parse_term(&p, at + 1)?,
                label: format!("\"{p}\""),
                offset: at,
            }),
            Lex::Open => {
                self.deeper(at)?;
                let inner = self.or_expr()?;
                if self.peek() != Some(&Lex::Close) {
                    return err(at, "`(` is never closed");
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Lex::Close => err(at, "`)` where a term was expected"),
            Lex::And => err(at, "AND where a term was expected"),
            Lex::Or => err(at, "OR where a term was expected"),
        }
    }
}

/// Parses a whole query.
pub fn parse(query: &str) -> Result<Ast, ParseError> {
    let lexes = lex(query)?;
    if lexes.is_empty() {
        return err(0, "empty query");
    }
    let mut p = Parser {
        lexes,
        pos: 0,
        end: query.chars().count(),
        depth: 0,
    };
    let ast = p.or_expr()?;
    if p.pos < p.lexes.len() {
        // Only a stray `)` can stop both loops early.
        return err(p.offset(), "`)` without a matching `(`");
    }
    Ok(ast)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
