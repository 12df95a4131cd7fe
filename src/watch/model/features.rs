//! What the learned model sees of an article: the matcher's own folded tokens and stems, made
//! into hashed features that survive inflection and spelling in English, Ukrainian and
//! Russian — the stem of each word, and the first letters of each longer word (a Cyrillic
//! word's ending varies with case and number, its start rarely does; the start of an English
//! word names its root through "captive", "captivity" and "captives" alike). Pairs of
//! neighbouring words and headline-only features were tried and dropped: on the shipped
//! examples' cross-validation they did not help, and they cost a third of the time.
//!
//! Deciding needs only how often each feature occurs; explaining a verdict needs which words
//! carry them, so [`Features::occurrences`] walks the text again for the few articles that
//! are reported.

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

/// Calls `each(feature, word's byte range)` for every feature occurrence of one field, in
/// text order; returns whether the field was longer than [`MAX_TOKENS`].
fn walk(text: &str, mut each: impl FnMut(u64, Range<usize>)) -> bool {
    let mut read = 0usize;
    let mut truncated = false;
    cut(text, |word, orig| {
        if read >= MAX_TOKENS {
            truncated = true;
            return;
        }
        read += 1;
        if is_stopword(word) {
            return;
        }
        each(hash(Kind::Stem, &stem(word)), orig.clone());
        let mut starts = word.char_indices().map(|(i, _)| i);
        let mut taken = 0;
        for n in PREFIXES {
            // The byte where the n-th char begins, when the word goes on past it.
            let Some(end) = starts.nth(n - taken) else {
                break;
            };
            taken = n + 1;
            each(hash(Kind::Prefix, &word[..end]), orig.clone());
        }
    });
    truncated
}

/// How often each feature occurs in one article, and each feature's value.
#[derive(Debug, Default, Clone)]
pub struct Features {
    pub counts: FxHashMap<u64, u32>,
    /// Every feature with its count log-scaled (see [`Features::value`]): worked out once per
    /// article for all the models that read it. In the map's order, which FxHash (no random
    /// seed) makes the same on every run, so sums over it are too.
    pub values: Vec<(u64, f64)>,
    /// A field had more tokens than [`MAX_TOKENS`] allows.
    pub truncated: bool,
}

/// One occurrence of a feature, for explanations: in the title or the body, and the byte
/// range of the word carrying it there.
#[derive(Debug, Clone)]
pub struct Occurrence {
    pub feature: u64,
    pub title: bool,
    pub orig: Range<usize>,
}

impl Features {
    /// The features of `title` and `body`.
    pub fn of(title: &str, body: &str) -> Self {
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        counts.reserve((title.len() + body.len()) / 4);
        let mut add = |h: u64, _: Range<usize>| *counts.entry(h).or_default() += 1;
        let truncated = walk(title, &mut add) | walk(body, &mut add);
        let values = counts.iter().map(|(&h, &c)| (h, Self::value(c))).collect();
        Features {
            counts,
            values,
            truncated,
        }
    }

    /// Every feature occurrence of `title` and `body`, with where it is.
    pub fn occurrences(title: &str, body: &str) -> Vec<Occurrence> {
        let mut out = Vec::new();
        for (text, title) in [(title, true), (body, false)] {
            walk(text, |feature, orig| {
                out.push(Occurrence {
                    feature,
                    title,
                    orig,
                })
            });
        }
        out
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
    fn occurrences_say_where_each_feature_is() {
        let text = "Troops crossed the border";
        let occ = Features::occurrences("", text);
        assert!(occ.iter().any(|o| &text[o.orig.clone()] == "crossed"));
        // Every occurrence is counted, and counted once.
        let total: u32 = Features::of("", text).counts.values().sum();
        assert_eq!(total as usize, occ.len());
    }

    #[test]
    fn a_long_body_is_read_to_the_cap_and_says_so() {
        let body = "word ".repeat(MAX_TOKENS + 10);
        assert!(Features::of("t", &body).truncated);
        assert!(!Features::of("t", "word word").truncated);
    }
}
