//! What the learned model sees of an article: the matcher's own folded tokens and stems, made
//! into hashed features that survive inflection and spelling in English, Ukrainian and
//! Russian — the stem of each word, and the first letters of each longer word (a Cyrillic
//! word's ending varies with case and number, its start rarely does; the start of an English
//! word names its root through "captive", "captivity" and "captives" alike). Pairs of
//! neighbouring words and headline-only features were tried and dropped: on the shipped
//! examples' cross-validation they did not help, and they cost a third of the time.
//!
//! Deciding needs only how often each feature occurs; explaining a verdict needs which words
//! carry them, so each distinct word is kept once, with its count and where it first is.

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::super::normalize::cut;
use super::super::stem::stem;
use super::stopwords::is_stopword;

/// Words of a field the model reads at most: the headline and the start of the body, where
/// a news story says what it is about. Longer bodies are read this far (and the model's
/// verdict says it read only part of the text).
pub const MAX_TOKENS: usize = 1_500;

/// Word starts kept as features, in chars: long enough to name a word's root, short enough to
/// meet its other cases and numbers.
const PREFIXES: [usize; 2] = [4, 6];

/// The kinds of feature, mixed into each hash so that a stem and a prefix spelled alike stay
/// apart.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Kind {
    Stem = 1,
    Prefix = 2,
}

/// A feature's hash: its kind, then its text. Models are trained and used in one process, so
/// the hash need only be the same from run to run (FxHash has no random seed), not stable
/// across versions.
fn hash(kind: Kind, text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write_u8(kind as u8);
    h.write(text.as_bytes());
    h.finish()
}

/// The features of one folded word: its stem and its starts, none for a function word.
fn word_features(word: &str) -> ([u64; 3], usize) {
    let mut out = [0; 3];
    if is_stopword(word) {
        return (out, 0);
    }
    out[0] = hash(Kind::Stem, &stem(word));
    let mut n = 1;
    let mut starts = word.char_indices().map(|(i, _)| i);
    let mut taken = 0;
    for len in PREFIXES {
        // The byte where the len-th char begins, when the word goes on past it.
        let Some(end) = starts.nth(len - taken) else {
            break;
        };
        taken = len + 1;
        out[n] = hash(Kind::Prefix, &word[..end]);
        n += 1;
    }
    (out, n)
}

/// A distinct word of an article: how often it occurs, its features (worked out the first
/// time it is met: an article says most of its words many times), and where it is first,
/// for explanations: in the title or the body, and its byte range there.
#[derive(Debug, Clone)]
pub struct Word {
    pub count: u32,
    features: [u64; 3],
    n: usize,
    pub title: bool,
    pub orig: Range<usize>,
}

impl Word {
    pub fn features(&self) -> &[u64] {
        &self.features[..self.n]
    }
}

/// Reads an article's words as the matcher cuts them, field by field, and makes them into
/// [`Features`]: the matcher hands each token on, so the text is cut once for both.
#[derive(Default)]
pub struct Counter {
    /// Each distinct word's place in `words`, by the hash of the folded word. A fast hash
    /// crafted text could make collide is bounded here by [`MAX_TOKENS`] per field; two words
    /// colliding would only share a count.
    seen: FxHashMap<u64, usize>,
    words: Vec<Word>,
    title: bool,
    read: usize,
    truncated: bool,
}

impl Counter {
    /// A counter for an article of `bytes` bytes, its tables sized once for the distinct
    /// words such a text has (about one per 12 bytes of news, at most two fields' cap).
    pub fn for_text(bytes: usize) -> Self {
        let words = (bytes / 12).min(2 * MAX_TOKENS);
        Counter {
            seen: FxHashMap::with_capacity_and_hasher(words, Default::default()),
            words: Vec::with_capacity(words),
            ..Counter::default()
        }
    }

    /// Starts a field, the title or the body: each is read up to [`MAX_TOKENS`] words.
    pub fn field(&mut self, title: bool) {
        self.title = title;
        self.read = 0;
    }

    /// One token of the field, folded, and its byte range in the field's text.
    pub fn word(&mut self, word: &str, orig: &Range<usize>) {
        if self.read >= MAX_TOKENS {
            self.truncated = true;
            return;
        }
        self.read += 1;
        let mut h = rustc_hash::FxHasher::default();
        h.write(word.as_bytes());
        let next = self.words.len();
        let at = *self.seen.entry(h.finish()).or_insert(next);
        if at == next {
            let (features, n) = word_features(word);
            self.words.push(Word {
                count: 0,
                features,
                n,
                title: self.title,
                orig: orig.clone(),
            });
        }
        self.words[at].count += 1;
    }

    /// The features of the words read, in the order the words were first met, so sums over
    /// them are the same on every run.
    pub fn features(mut self) -> Features {
        self.words.retain(|w| w.n > 0);
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        counts.reserve(self.words.len() * 3);
        let mut order = Vec::with_capacity(self.words.len() * 3);
        for w in &self.words {
            for &f in w.features() {
                let c = counts.entry(f).or_default();
                if *c == 0 {
                    order.push(f);
                }
                *c += w.count;
            }
        }
        let values = order
            .into_iter()
            .map(|f| (f, Features::value(counts[&f])))
            .collect();
        Features {
            counts,
            values,
            words: self.words,
            truncated: self.truncated,
        }
    }
}

/// How often each feature occurs in one article, each feature's value, and the article's
/// words that carry them.
#[derive(Debug, Default, Clone)]
pub struct Features {
    pub counts: FxHashMap<u64, u32>,
    /// Every feature with its count log-scaled (see [`Features::value`]): worked out once per
    /// article for all the models that read it, in the order the article first has them.
    pub values: Vec<(u64, f64)>,
    /// The article's distinct words that have features, in the order first met.
    pub words: Vec<Word>,
    /// A field had more tokens than [`MAX_TOKENS`] allows.
    pub truncated: bool,
}

impl Features {
    /// The features of `title` and `body`, cut here (the matcher hands its own tokens to a
    /// [`Counter`] instead).
    pub fn of(title: &str, body: &str) -> Self {
        let mut counter = Counter::default();
        for (text, is_title) in [(title, true), (body, false)] {
            counter.field(is_title);
            cut(text, |word, orig| counter.word(word, &orig));
        }
        counter.features()
    }

    /// A feature's value before a model weighs it by its rarity: its count log-scaled, so the
    /// tenth "the" adds little.
    pub fn value(count: u32) -> f64 {
        (1.0 + f64::from(count)).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_forms_share_their_stem_and_prefix_features() {
        let a = Features::of("", "полонених");
        let b = Features::of("", "полоненими");
        let shared = a.counts.keys().filter(|h| b.counts.contains_key(h)).count();
        assert!(shared >= 2, "shared {shared}");
    }

    #[test]
    fn the_same_text_gives_the_same_features() {
        let a = Features::of("Swap", "Soldiers came home in a swap.").values;
        let b = Features::of("Swap", "Soldiers came home in a swap.").values;
        assert_eq!(a, b);
    }

    #[test]
    fn words_say_where_each_is_first_and_how_often() {
        let text = "Troops crossed the border, and crossed back";
        let f = Features::of("", text);
        let crossed = f
            .words
            .iter()
            .find(|w| &text[w.orig.clone()] == "crossed")
            .expect("crossed");
        assert_eq!((crossed.count, crossed.title), (2, false));
        assert_eq!(crossed.orig, 7..14);
        // Function words carry no feature and are not kept.
        assert!(f.words.iter().all(|w| &text[w.orig.clone()] != "the"));
        // Every feature occurrence is counted, and counted once.
        let total: u32 = f.counts.values().sum();
        let by_word: u32 = f
            .words
            .iter()
            .map(|w| w.count * w.features().len() as u32)
            .sum();
        assert_eq!(total, by_word);
    }

    #[test]
    fn a_long_body_is_read_to_the_cap_and_says_so() {
        let body = "word ".repeat(MAX_TOKENS + 10);
        assert!(Features::of("t", &body).truncated);
        assert!(!Features::of("t", "word word").truncated);
    }
}
