//! Every word of every watchlist in one dictionary, and the one pass over an article's tokens
//! that finds them all. Each token is stemmed once and looked up once in a hash table of
//! exact keys, and walked once down a trie of wildcard prefixes, so the cost of a scan grows
//! with the length of the text and not with the number of watchlists or terms; what it
//! finds is a short list of (word, token span) postings that phrases, aliases and NEAR are
//! then assembled from.

use std::collections::HashMap;

use super::normalize::{Tokens, is_hyphen_join};
use super::parse::WordPat;
use super::stem::stem;

/// A run of tokens `[start, end)` of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// Postings kept per word and field: enough to quote, place and count it; a text repeating
/// one word cannot make a scan allocate without bound.
pub const MAX_POSTINGS: usize = 1024;

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// Children by next byte, sorted.
    next: Vec<(u8, u32)>,
    /// The prefix word ending here.
    word: Option<u32>,
}

/// The words of a watch set: stems looked up exactly, prefixes through a byte trie.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    exact: HashMap<Box<str>, u32>,
    trie: Vec<TrieNode>,
    count: u32,
}

impl Dict {
    /// The id of a word, added if new.
    pub fn intern(&mut self, w: &WordPat) -> u32 {
        if !w.prefix {
            let key = stem(&w.text);
            if let Some(&id) = self.exact.get(&*key) {
                return id;
            }
            let id = self.fresh();
            self.exact.insert(key.into(), id);
            return id;
        }
        if self.trie.is_empty() {
            self.trie.push(TrieNode::default());
        }
        let mut node = 0usize;
        for b in w.text.bytes() {
            node = match self.trie[node].next.binary_search_by_key(&b, |&(c, _)| c) {
                Ok(i) => self.trie[node].next[i].1 as usize,
                Err(i) => {
                    let child = self.trie.len();
                    self.trie.push(TrieNode::default());
                    self.trie[node].next.insert(i, (b, child as u32));
                    child
                }
            };
        }
        if let Some(id) = self.trie[node].word {
            return id;
        }
        let id = self.fresh();
        self.trie[node].word = Some(id);
        id
    }

    fn fresh(&mut self) -> u32 {
        self.count += 1;
        self.count - 1
    }

    /// Calls `found` with every prefix word that `token` starts with.
    fn prefixes(&self, token: &str, mut found: impl FnMut(u32)) {
        let mut node = 0usize;
        for b in token.bytes() {
            let Some(n) = self.trie.get(node) else {
                return;
            };
            match n.next.binary_search_by_key(&b, |&(c, _)| c) {
                Ok(i) => node = n.next[i].1 as usize,
                Err(_) => return,
            }
            if let Some(id) = self.trie.get(node).and_then(|n| n.word) {
                found(id);
            }
        }
    }
}

/// Where the dictionary's words occur in one field: (word, span) sorted by word, then span.
#[derive(Debug, Clone, Default)]
pub struct Postings {
    hits: Vec<(u32, Span)>,
}

impl Postings {
    /// The spans of `word`, ascending.
    pub fn of(&self, word: u32) -> impl Iterator<Item = Span> + '_ {
        let lo = self.hits.partition_point(|&(w, _)| w < word);
        self.hits[lo..]
            .iter()
            .take_while(move |&&(w, _)| w == word)
            .map(|&(_, s)| s)
    }

    /// Whether `word` has a span starting at `start`, and the ends of those that do.
    pub fn ends_from(&self, word: u32, start: u32) -> impl Iterator<Item = u32> + '_ {
        let lo = self
            .hits
            .partition_point(|&(w, s)| (w, s.start) < (word, start));
        self.hits[lo..]
            .iter()
            .take_while(move |&&(w, s)| w == word && s.start == start)
            .map(|&(_, s)| s.end)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

/// Finds every dictionary word in one tokenised field of `text`.
pub fn scan(dict: &Dict, text: &str, toks: &Tokens) -> Postings {
    let mut hits: Vec<(u32, Span)> = Vec::new();
    if dict.count == 0 {
        return Postings { hits };
    }
    let n = toks.len().min(u32::MAX as usize - 2);
    let mut joined = String::new();
    for i in 0..n {
        let word = toks.word(i);
        let one = Span {
            start: i as u32,
            end: i as u32 + 1,
        };
        if let Some(&id) = dict.exact.get(&*stem(word)) {
            hits.push((id, one));
        }
        dict.prefixes(word, |id| hits.push((id, one)));
        // "cross-border" is also the one word "crossborder".
        if let (Some(a), Some(b)) = (toks.tokens.get(i), toks.tokens.get(i + 1))
            && text
                .get(a.orig.end..b.orig.start)
                .is_some_and(is_hyphen_join)
        {
            joined.clear();
            joined.push_str(word);
            joined.push_str(toks.word(i + 1));
            if let Some(&id) = dict.exact.get(&*stem(&joined)) {
                hits.push((
                    id,
                    Span {
                        start: one.start,
                        end: one.end + 1,
                    },
                ));
            }
        }
    }
    hits.sort_unstable();
    hits.dedup();
    cap(&mut hits);
    Postings { hits }
}

/// Keeps at most [`MAX_POSTINGS`] spans per word.
fn cap(hits: &mut Vec<(u32, Span)>) {
    let mut run = 0;
    let mut prev = None;
    hits.retain(|&(w, _)| {
        if prev == Some(w) {
            run += 1;
        } else {
            prev = Some(w);
            run = 1;
        }
        run <= MAX_POSTINGS
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::normalize::tokenize;

    fn word(text: &str, prefix: bool) -> WordPat {
        WordPat {
            text: text.into(),
            prefix,
        }
    }

    #[test]
    fn one_scan_finds_stems_prefixes_and_hyphen_compounds() {
        let mut d = Dict::default();
        let swap = d.intern(&word("swapped", false));
        let pris = d.intern(&word("pris", true));
        let prisoner = d.intern(&word("prisoner", true));
        let cb = d.intern(&word("crossborder", false));
        assert_eq!(d.intern(&word("swaps", false)), swap, "one key per stem");
        let text = "Swapping prisoners in a cross-border swap; prison";
        let toks = tokenize(text);
        let p = scan(&d, text, &toks);
        let starts = |w| p.of(w).map(|s| (s.start, s.end)).collect::<Vec<_>>();
        assert_eq!(starts(swap), [(0, 1), (6, 7)]);
        assert_eq!(starts(pris), [(1, 2), (7, 8)]);
        assert_eq!(starts(prisoner), [(1, 2)]);
        assert_eq!(starts(cb), [(4, 6)]);
        assert_eq!(p.ends_from(cb, 4).collect::<Vec<_>>(), [6]);
        assert_eq!(p.ends_from(cb, 5).count(), 0);
    }

    #[test]
    fn an_empty_dictionary_finds_nothing() {
        let text = "anything at all";
        assert!(scan(&Dict::default(), text, &tokenize(text)).is_empty());
    }

    #[test]
    fn postings_are_capped_per_word() {
        let mut d = Dict::default();
        let pow = d.intern(&word("pow", false));
        let text = "pow ".repeat(MAX_POSTINGS * 2);
        let p = scan(&d, &text, &tokenize(&text));
        assert_eq!(p.of(pow).count(), MAX_POSTINGS);
    }
}
