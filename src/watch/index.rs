//! Every word of every watchlist in one dictionary, and one field of an article read into
//! postings: where each of the dictionary's words occurs in it. The field is cut into tokens
//! once; a token that may be a word of the dictionary (see [`Dict::heads`]) is looked up the
//! first time it occurs — stemmed once and found among the exact words, and among the prefix
//! words that begin as it does — and its answer reused when it recurs, so the cost grows
//! with the text and not with the number of watchlists. Phrases, aliases and NEAR are then
//! worked out from the postings (see `eval`).

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::cut;
use super::parse::WordPat;
use super::stem::{irregular_forms, stem};

/// A run of tokens `[start, end)` of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// The first three bytes of a word (fewer, zero-padded, for a shorter one) as one number.
fn head(word: &str) -> u32 {
    let mut b = [0u8; 4];
    for (to, from) in b.iter_mut().zip(word.bytes().take(3)) {
        *to = from;
    }
    u32::from_le_bytes(b)
}

/// The words of a watch set: exact words by their stem, prefix words by their folded text.
/// The tables are fixed once compiled, so a text can only look them up, never fill them, and
/// a fast hash that does not resist crafted keys is safe for them.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    exact: FxHashMap<String, u32>,
    /// Prefix words by their [`head`]: a prefix has three chars at least, so a token that
    /// starts with it starts with its head.
    prefixes: FxHashMap<u32, Vec<(String, u32)>>,
    /// The heads a token must have to be a word of the dictionary: those of the prefix words,
    /// of the exact words, and of the irregular forms whose keys are exact words. A key
    /// starts as its word does, irregular forms aside (see the stemmer's tests), so a token
    /// with another head is passed by without being stemmed or looked up.
    heads: FxHashSet<u32>,
    count: u32,
}

impl Dict {
    /// The id of a word, added if new. Ids are `0..count()`.
    pub fn intern(&mut self, w: &WordPat) -> u32 {
        let next = self.count;
        let id = if w.prefix {
            self.heads.insert(head(&w.text));
            let group = self.prefixes.entry(head(&w.text)).or_default();
            match group.iter().find(|(p, _)| *p == w.text) {
                Some(&(_, id)) => id,
                None => {
                    group.push((w.text.clone(), next));
                    next
                }
            }
        } else {
            let key = stem(&w.text).into_owned();
            self.heads.insert(head(&key));
            for form in irregular_forms().filter(|f| stem(f) == key) {
                self.heads.insert(head(form));
            }
            *self.exact.entry(key).or_insert(next)
        };
        if id == next {
            self.count += 1;
        }
        id
    }

    pub fn count(&self) -> u32 {
        self.count
    }

    /// The exact word a folded token stems to, if the dictionary has it.
    fn exact(&self, token: &str) -> Option<u32> {
        self.exact.get(stem(token).as_ref()).copied()
    }

    /// The words a folded token is: the exact word it stems to, and the prefix words it
    /// starts with.
    fn words(&self, token: &str) -> Vec<u32> {
        let mut out: Vec<u32> = self.exact(token).into_iter().collect();
        for (prefix, id) in self.prefixes.get(&head(token)).into_iter().flatten() {
            if token.starts_with(prefix.as_str()) {
                out.push(*id);
            }
        }
        out
    }
}

/// One field read: where each token lies in the text (byte ranges), and where each word of
/// the dictionary occurs, by word id, ascending.
#[derive(Debug, Clone, Default)]
pub struct Field {
    pub places: Vec<(usize, usize)>,
    pub postings: Vec<Vec<Span>>,
}

/// Where a token must start to be joined to the one ending at byte `end` by a hyphen
/// ("cross-border", which is also "crossborder"), if a hyphen follows it.
fn hyphen_after(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    ["-", "\u{2010}", "\u{2011}"]
        .iter()
        .find(|h| rest.starts_with(*h))
        .map(|h| end + h.len())
}

/// Cuts `text` into tokens and finds every dictionary word in it; each token, folded, and
/// its byte range also go to `token` (the learned model reads the same cut).
pub fn read(dict: &Dict, text: &str, mut token: impl FnMut(&str, &Range<usize>)) -> Field {
    let mut places: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 6);
    let mut postings = vec![Vec::new(); dict.count() as usize];
    // The words of each token looked up so far. Filled from the text, so with a hash
    // seeded anew for each map: crafted text cannot make its keys collide.
    let mut seen: HashMap<String, Vec<u32>, foldhash::fast::RandomState> = HashMap::default();
    // The token before, while a hyphen after it may join it to the next one.
    let mut joined = String::new();
    let mut join_at = None;
    cut(text, |word, orig| {
        token(word, &orig);
        let at = places.len();
        places.push((orig.start, orig.end));
        if join_at == Some(orig.start) {
            joined.push_str(word);
            // Pushed after every span starting before `at - 1` and before any starting at
            // `at`: each list stays in order.
            if let Some(w) = dict.exact(&joined) {
                postings[w as usize].push(Span {
                    start: at - 1,
                    end: at + 1,
                });
            }
        }
        if dict.heads.contains(&head(word)) {
            let words = match seen.get(word) {
                Some(words) => words,
                None => seen.entry(word.to_string()).or_insert(dict.words(word)),
            };
            for &w in words {
                postings[w as usize].push(Span {
                    start: at,
                    end: at + 1,
                });
            }
        }
        joined.clear();
        join_at = hyphen_after(text, orig.end);
        if join_at.is_some() {
            joined.push_str(word);
        }
    });
    Field { places, postings }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
