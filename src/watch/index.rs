//! Every word of every watchlist in one dictionary, and the one pass over an article's tokens
//! that finds them all. Each token is stemmed once and looked up once in a hash table of
//! exact keys, and walked once down a trie of wildcard prefixes, so the cost of a scan grows
//! with the length of the text and not with the number of watchlists or terms; what it
//! finds is a short list of (word, token span) postings that phrases, aliases and NEAR are
//! then assembled from.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::grouped::Grouped;
use super::heads::{HEAD, Heads, head};
use super::normalize::{is_hyphen_join, tokens};
use super::packed::{Packed, PackedMap};
use super::parse::WordPat;
use super::stem::{irregular_forms, stem};

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
    /// The keys of at most [`Packed::MAX`] bytes, nearly all of them.
    short: PackedMap<u32>,
    /// The longer keys.
    long: FxHashMap<Box<str>, u32>,
    /// The first three bytes of every exact key: a token whose own first three bytes are not
    /// among them cannot stem to a key (stems keep their first three bytes), so most tokens
    /// are rejected without stemming, hashing or memo lookup.
    heads: Heads,
    /// The first three bytes of every prefix word (at least three bytes long, see
    /// [`super::MIN_PREFIX_CHARS`]): most tokens skip the trie walk.
    prefix_heads: Heads,
    /// Both of the above in one: what a scan asks of every token, with one load and one
    /// branch.
    any_heads: Heads,
    /// Some prefix word is shorter than [`HEAD`] bytes, so `prefix_heads` cannot rule out.
    short_prefix: bool,
    trie: Vec<TrieNode>,
    /// The root's children by first byte (0: none), so the first step costs one load.
    roots: Vec<u32>,
    count: u32,
}

impl Dict {
    /// The id of a word, added if new.
    pub fn intern(&mut self, w: &WordPat) -> u32 {
        if !w.prefix {
            let key = stem(&w.text);
            if let Some(id) = self.lookup(&key) {
                return id;
            }
            let id = self.fresh();
            self.exact_head(head(&key));
            // Irregular forms stem to keys that start otherwise ("took" -> "take"); only
            // those of this key are let through, as "said" or "made" fill news text.
            for (form, _) in irregular_keys().iter().filter(|(_, k)| *k == key) {
                self.exact_head(head(form));
            }
            match Packed::new(&key) {
                Some(p) => self.short.insert(p, id),
                None => self.long.insert(key.into(), id),
            };
            return id;
        }
        if self.trie.is_empty() {
            self.trie.push(TrieNode::default());
        }
        self.short_prefix |= w.text.len() < HEAD;
        self.prefix_heads.insert(head(&w.text));
        self.any_heads.insert(head(&w.text));
        if self.roots.is_empty() {
            self.roots = vec![0; 256];
        }
        let mut node = 0usize;
        for b in w.text.bytes() {
            node = match self.trie[node].next.binary_search_by_key(&b, |&(c, _)| c) {
                Ok(i) => self.trie[node].next[i].1 as usize,
                Err(i) => {
                    let child = self.trie.len();
                    self.trie.push(TrieNode::default());
                    self.trie[node].next.insert(i, (b, child as u32));
                    if node == 0 {
                        self.roots[usize::from(b)] = child as u32;
                    }
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

    /// Lets tokens with head `h` through to the exact lookup, and so past the scan's filter.
    fn exact_head(&mut self, h: u32) {
        self.heads.insert(h);
        self.any_heads.insert(h);
    }

    /// The exact word `token` stems to, if the dictionary has it.
    fn exact(&self, token: &str) -> Option<u32> {
        self.exact_with(token, head(token))
    }

    /// [`Dict::exact`] of a token whose [`head`] is `h`.
    fn exact_with(&self, token: &str, h: u32) -> Option<u32> {
        if !self.heads.may_contain(h) {
            return None;
        }
        self.lookup(&stem(token))
    }

    /// The id of a key.
    fn lookup(&self, key: &str) -> Option<u32> {
        match Packed::new(key) {
            Some(p) => self.short.get(&p),
            None => self.long.get(key),
        }
        .copied()
    }

    /// How many distinct words the dictionary holds; their ids are `0..count`.
    pub fn count(&self) -> u32 {
        self.count
    }

    fn fresh(&mut self) -> u32 {
        self.count += 1;
        self.count - 1
    }

    /// Whether a token whose [`head`] is `h` may start with a prefix word.
    fn may_start_prefix(&self, h: u32) -> bool {
        self.short_prefix || self.prefix_heads.may_contain(h)
    }

    /// Calls `found` with every prefix word that `token` starts with.
    fn prefixes(&self, token: &str, h: u32, mut found: impl FnMut(u32)) {
        if !self.may_start_prefix(h) {
            return;
        }
        let mut bytes = token.bytes();
        let Some(&root) = bytes.next().and_then(|b| self.roots.get(usize::from(b))) else {
            return;
        };
        if root == 0 {
            return;
        }
        let mut node = root as usize;
        if let Some(id) = self.trie.get(node).and_then(|n| n.word) {
            found(id);
        }
        for b in bytes {
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

/// Every irregular form with its key, worked out once.
fn irregular_keys() -> &'static [(&'static str, String)] {
    static KEYS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        irregular_forms()
            .map(|f| (f, stem(f).into_owned()))
            .collect()
    })
}

/// Where the dictionary's words occur in one field, by word.
pub type Postings = Grouped;

/// The dictionary's words each token already seen in a scan is, by token: most words of an
/// article recur, and stemming and the prefix trie are the dearest steps of a scan.
/// Direct-mapped with no chaining, so crafted text can make it miss, never make a lookup
/// dearer than the work it saves. Emptied for every field: it remembers one dictionary's
/// answers, and a thread's next article may be matched against another watch set.
#[derive(Default)]
struct Memo {
    slots: Vec<Slot>,
    /// The current fill: slots of an earlier one are empty.
    generation: u32,
    /// The prefix words of the tokens in `slots`, a run per slot.
    prefixed: Vec<u32>,
}

/// One token remembered (tokens longer than [`Packed::MAX`] bytes, rare, are worked out
/// every time).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    token: Packed,
    generation: u32,
    /// Its exact word, or `NONE`.
    exact: u32,
    /// Its prefix words: `prefixed[from..to]`.
    from: u32,
    to: u32,
}

const NONE: u32 = u32::MAX;

impl Memo {
    /// Empties the memo, sized for a text of `tokens` tokens: a new generation, so only the
    /// slots the text uses are written.
    fn reset(&mut self, tokens: usize) {
        let n = tokens.next_power_of_two().clamp(16, 4096);
        self.generation = self.generation.wrapping_add(1);
        if self.slots.len() != n || self.generation == 0 {
            self.slots.clear();
            self.slots.resize(n, Slot::default());
            self.generation = 1;
        }
        self.prefixed.clear();
    }

    /// Calls `found` with every word of the dictionary that `word` (whose [`head`] is `hd`)
    /// is: the exact word it stems to, then the prefix words it starts with.
    fn words(&mut self, dict: &Dict, word: &str, hd: u32, mut found: impl FnMut(u32)) {
        let packed = Packed::new(word);
        let mask = self.slots.len().wrapping_sub(1);
        let at = packed.map_or(usize::MAX, |p| (p.hash() as usize) & mask);
        let known = match (packed, self.slots.get(at)) {
            (Some(p), Some(slot)) if slot.generation == self.generation && slot.token == p => {
                Some((slot.exact, slot.from as usize, slot.to as usize))
            }
            _ => None,
        };
        let (exact, from, to) = known.unwrap_or_else(|| {
            let exact = dict.exact_with(word, hd).unwrap_or(NONE);
            let from = self.prefixed.len();
            dict.prefixes(word, hd, |id| self.prefixed.push(id));
            let to = self.prefixed.len();
            // A long token is worked out every time: no slot holds it.
            if let (Some(p), Some(slot)) = (packed, self.slots.get_mut(at))
                && let (Ok(from), Ok(to)) = (u32::try_from(from), u32::try_from(to))
            {
                *slot = Slot {
                    token: p,
                    generation: self.generation,
                    exact,
                    from,
                    to,
                };
            }
            (exact, from, to)
        });
        if exact != NONE {
            found(exact);
        }
        let run = self.prefixed.get(from..to).unwrap_or(&[]);
        run.iter().for_each(|&id| found(id));
    }
}

/// One field as scanned: where the dictionary's words occur, and where each token lies in
/// the text (byte ranges), to quote what was found.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub postings: Postings,
    pub places: Vec<[u32; 2]>,
}

/// The working buffers of a scan, kept from one field to the next.
#[derive(Default)]
pub struct Scanner {
    memo: Memo,
    hits: Vec<(u32, Span)>,
    /// The token before, when a hyphen follows it: "cross-border" is also "crossborder".
    joined: String,
}

/// Cuts `text` into tokens and finds every dictionary word in it, in one pass.
#[cfg(test)]
pub fn scan(dict: &Dict, text: &str) -> Scanned {
    let mut out = Scanned::default();
    scan_into(dict, text, &mut Scanner::default(), &mut out);
    out
}

/// [`scan`] into `out`, reusing its buffers and those of `scanner`.
pub fn scan_into(dict: &Dict, text: &str, scanner: &mut Scanner, out: &mut Scanned) {
    out.places.clear();
    if dict.count == 0 {
        out.postings.fill(&[], 0);
        return;
    }
    // Token numbers and byte offsets are u32; no article comes near 4 GiB, but none may
    // make them wrap either.
    let mut cut = text.len().min(u32::MAX as usize - 2);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let Scanner { memo, hits, joined } = scanner;
    let places = &mut out.places;
    // Sized for common news text, so neither grows on the way.
    places.reserve(text.len() / 5 + 1);
    hits.clear();
    hits.reserve(text.len() / 16 + 4);
    memo.reset(text.len() / 6);
    joined.clear();
    // Where the next token must start for the hyphen to join it to the one before.
    let mut join_at = None;
    // Inlined into the tokenizer's loop: it runs for every token of every article.
    tokens(
        text,
        #[inline(always)]
        |word, orig| {
            let i = places.len() as u32;
            places.push([orig.start as u32, orig.end as u32]);
            let one = Span {
                start: i,
                end: i + 1,
            };
            let h = head(word);
            if dict.short_prefix || dict.any_heads.may_contain(h) {
                memo.words(dict, word, h, |id| hits.push((id, one)));
            }
            if join_at == Some(orig.start) {
                joined.push_str(word);
                if let Some(id) = dict.exact(joined) {
                    hits.push((
                        id,
                        Span {
                            start: i - 1,
                            end: i + 1,
                        },
                    ));
                }
            }
            joined.clear();
            join_at = hyphen_after(text, orig.end);
            if join_at.is_some() {
                joined.push_str(word);
            }
        },
    );
    out.postings.fill(hits, dict.count as usize);
}

/// The end of a hyphen that may join two words ("cross-border") starting at byte `at`; the
/// byte test first, as almost every word is followed by a space.
fn hyphen_after(text: &str, at: usize) -> Option<usize> {
    match text.as_bytes().get(at) {
        Some(b'-') => Some(at + 1),
        Some(0xE2) => text
            .get(at..at + 3)
            .is_some_and(is_hyphen_join)
            .then_some(at + 3),
        _ => None,
    }
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
