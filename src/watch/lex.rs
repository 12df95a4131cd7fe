//! The query's lexemes: parentheses, operators (`AND`, `OR`, `NOT`, `NEAR/n`, a leading `-`),
//! field prefixes (`title:`), bare words and quoted phrases, each with its character (not
//! byte) offset, because that is what an operator counts in an editor.

use super::parse::{ParseError, err};

/// Largest distance `NEAR/n` accepts; beyond it "near" means little and costs much.
pub const MAX_NEAR: u32 = 100;

/// Where a term must be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Field {
    /// Title or body.
    #[default]
    Any,
    /// The headline only (`title:`).
    Title,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Lex {
    Open,
    Close,
    And,
    Or,
    Not,
    /// A `-` directly before a term: NOT.
    Minus,
    Near(u32),
    Field(Field),
    Word(String),
    Phrase(String),
}

impl Lex {
    /// How the lexeme reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Lex::Open => "`(`".into(),
            Lex::Close => "`)`".into(),
            Lex::And => "AND".into(),
            Lex::Or => "OR".into(),
            Lex::Not => "NOT".into(),
            Lex::Minus => "`-`".into(),
            Lex::Near(n) => format!("NEAR/{n}"),
            Lex::Field(_) => "`title:`".into(),
            Lex::Word(w) => format!("{w:?}"),
            Lex::Phrase(p) => format!("\"{p}\""),
        }
    }
}

pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || is_quote(c)
}

/// Reads `NEAR/n`.
fn near(word: &str, at: usize) -> Result<Lex, ParseError> {
    let Some(digits) = word.strip_prefix("NEAR/") else {
        return err(
            at,
            "NEAR needs a distance: expected NEAR/n, e.g. NEAR/8 for within 8 words",
        );
    };
    match digits.parse::<u32>() {
        Ok(n) if (1..=MAX_NEAR).contains(&n) => Ok(Lex::Near(n)),
        Ok(_) => err(
            at,
            format!("expected a distance from 1 to {MAX_NEAR} after NEAR/, found {digits}"),
        ),
        Err(_) => err(
            at,
            format!("expected a number of words after NEAR/, found {digits:?}"),
        ),
    }
}

/// Splits the query into lexemes with their char offsets.
pub fn lex(query: &str) -> Result<Vec<(Lex, usize)>, ParseError> {
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
                return err(
                    start,
                    "unterminated phrase: expected a closing quote after this one",
                );
            }
            out.push((Lex::Phrase(chars[body_start..i].iter().collect()), start));
            i += 1;
        } else if c == '-' {
            if chars
                .get(i + 1)
                .is_none_or(|&n| ends_word(n) && !is_quote(n) && n != '(')
            {
                return err(
                    i,
                    "expected a term directly after `-` (write -word to exclude a word)",
                );
            }
            out.push((Lex::Minus, i));
            i += 1;
        } else {
            let start = i;
            while chars.get(i).is_some_and(|&c| !ends_word(c)) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.as_str() {
                "AND" => out.push((Lex::And, start)),
                "OR" => out.push((Lex::Or, start)),
                "NOT" => out.push((Lex::Not, start)),
                w if w == "NEAR" || w.starts_with("NEAR/") => out.push((near(w, start)?, start)),
                w => match field(w, start)? {
                    Some((f, rest)) => {
                        out.push((Lex::Field(f), start));
                        if rest.is_empty() {
                            let next = chars.get(i).copied();
                            if !next.is_some_and(|n| n == '(' || is_quote(n)) {
                                return err(
                                    start,
                                    "expected a term, phrase or `(` directly after `title:`",
                                );
                            }
                        } else {
                            let at = start + w.chars().count() - rest.chars().count();
                            out.push((Lex::Word(rest.to_string()), at));
                        }
                    }
                    None => out.push((Lex::Word(word), start)),
                },
            }
        }
    }
    Ok(out)
}

/// A `name:` prefix: `Some((field, rest of the word))` for `title:`, an error for any other
/// name of ASCII letters, `None` for a word without such a prefix ("10:30" is a word).
fn field(word: &str, at: usize) -> Result<Option<(Field, &str)>, ParseError> {
    let Some((name, rest)) = word.split_once(':') else {
        return Ok(None);
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(None);
    }
    if name == "title" {
        return Ok(Some((Field::Title, rest)));
    }
    err(
        at,
        format!("unknown field `{name}:`: expected `title:` (put a word with a colon in quotes)"),
    )
}
