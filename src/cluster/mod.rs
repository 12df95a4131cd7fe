//! Story clustering: decides whether two articles report the same story, so a digest can show
//! one story with every outlet that told it instead of the same event five times. It owns the
//! `Fingerprint` the store keeps per article and the rule comparing two of them. Pure and
//! deterministic: no I/O, no clock, no randomness, no hasher whose output may change between
//! Rust releases (fingerprints outlive the binary in SQLite). It must never panic on any text.
//!
//! Two signals, because republished wire copy and rewritten reports fail in opposite ways:
//! a SimHash over word shingles catches the same text with a few words or the page chrome
//! changed; a set of the article's most distinctive tokens (proper names, multi-word names,
//! numbers) plus title words catches the same event told in different words. Against both,
//! one fact: the head counts a report gives (`facts`). Successive exchanges are told in the
//! same words, often in one outlet's template; two reports whose counts share none (nor a
//! near one) are two events however alike they read — unless their rare names agree so
//! much that they are one handover counted by its two sides. A count in common, the other
//! way round, needs only a few rare names beside it. And for reports in two languages, whose
//! words and headlines share nothing, the consonant skeletons of their names transliterated
//! to Latin (`translit`).

mod explain;
mod facts;
mod keys;
mod translit;
mod weigh;

pub use explain::{Explanation, Reason, explain};
pub use weigh::{Background, MIN_BACKGROUND};

use serde::{Deserialize, Serialize};

use keys::{Kind, distinctive, normalise, title_words, tokenise, truncate};

/// Bumped whenever the method changes; fingerprints of different versions never compare
/// equal, so the store knows to recompute old ones rather than trust a meaningless distance.
const VERSION: u8 = 1;
/// Longer input is truncated: a story is told in its first pages, and this bounds the work.
const MAX_TEXT_BYTES: usize = 256 * 1024;
const MIN_TITLE_WORDS: usize = 3;
const MIN_KEYS_BASIS: usize = 12;
/// Shingle width for the SimHash.
const SHINGLE: usize = 3;
/// A SimHash bit differs with probability θ/π, θ the angle between the two shingle vectors
/// (Charikar, STOC 2002). Unrelated texts sit near 32 ± 4 bits; 12 bits means a cosine of
/// about 0.83, i.e. most shingles shared. Manku et al.'s 3 bits suits web pages with weighted
/// features; on a 500-word article three edited words already flip 5-10 bits.
const NEAR_DUP_BITS: u32 = 12;
/// Below this many shingles a SimHash says little; very short texts rely on the keys alone.
const MIN_SHINGLES: u32 = 16;
/// Combined similarity at or above which two reports are taken as one story.
pub const SAME_STORY_THRESHOLD: f64 = 0.25;

/// Share of name skeletons two reports in different languages must have in common to be one
/// story. Names carry a cross-language pair alone (their headlines share no word), so the bar
/// is high; the head counts' veto still applies.
pub const ACROSS_LANGUAGES_THRESHOLD: f64 = 0.4;

/// Weighted cosine of names and figures (`weigh`) at or above which two reports are one
/// story, in any languages; the head counts' veto still applies.
pub const WEIGHTED_THRESHOLD: f64 = 0.2;

/// Weighted cosine enough for two reports that give a head count in common ("116
/// defenders" in both). A count alone is no event (successive exchanges repeat numbers, 130
/// in March and again in April, weeks apart and so outside the store's window), but with a
/// few of the same rare names it is: the two outlets' reports of one handover often share
/// little else, above all in two languages.
pub const WITH_SHARED_COUNT: f64 = 0.08;

/// Weighted cosine at which two reports are one story even though their head counts share
/// none. Each side of one exchange counts its own returned ("116 Ukrainians" in Kyiv's
/// reports, "63 Russian servicemen" in Moscow's) and reports give partial counts as the
/// handover goes on; when the rare names agree half as much again as [`WEIGHTED_THRESHOLD`]
/// asks, that is one event told from two sides, not two events in one template (whose
/// shared names are the beat's, weighed down as common).
pub const OVERRULE_CONFLICT: f64 = 0.3;

/// What the store keeps per article to cluster it later: under 2 KiB as JSON.
///
/// It knows nothing of time. Two events on one beat with the same cast (a second raid on the
/// same village a month later) can look alike, so the store should compare an article only
/// with those seen within a few days of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    v: u8,
    /// 64-bit SimHash of the normalised text's word shingles.
    sim: u64,
    /// How many shingles went into `sim`, i.e. how far to trust it.
    n: u32,
    /// Hashes of the most distinctive tokens, most distinctive first.
    keys: Vec<u32>,
    /// Hashes of the title's content words, sorted; for a very long title the 16 smallest,
    /// which is a consistent sample across fingerprints.
    title: Vec<u32>,
    /// The head counts the report gives ("116 defenders"); absent in fingerprints stored
    /// before they were read, which then conflict with nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    c: Vec<u32>,
    /// The language its letters tell (`translit::Script`), and the consonant skeletons of its
    /// names, for comparing reports in two languages; absent in older fingerprints.
    #[serde(default)]
    s: u8,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    x: Vec<u32>,
    /// Names (as skeletons) and figures with how often the report gives each, for comparing
    /// them weighed by how rare they are among recent reports; absent in older fingerprints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    t: Vec<[u32; 2]>,
}

/// How two fingerprints compare, for the decision and for explaining it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Similarity {
    /// Differing SimHash bits (64 when either text is too short to say).
    pub hamming: u32,
    /// Weighted overlap of the distinctive tokens, 0..=1.
    pub keys: f64,
    /// Jaccard of the title words, 0..=1.
    pub title: f64,
    /// The combined score compared against [`SAME_STORY_THRESHOLD`], 0..=1.
    pub score: f64,
    /// Both reports give head counts and none of one is near any of the other: two events,
    /// however alike the words, unless the rare names overrule it.
    pub counts_conflict: bool,
    /// For reports in two languages, the share of their name skeletons they have in common
    /// (0 for reports in one language, which compare their names as written).
    pub names_across: f64,
    /// The share of name skeletons in common, whatever the languages.
    pub names: f64,
    /// How many head counts both reports give.
    pub shared_counts: usize,
    /// Cosine of their names and figures weighed by rarity among recent reports, 0..=1 (0
    /// without a large enough [`Background`]).
    pub weighted: f64,
}

impl Similarity {
    /// The same text, give or take a few words and the page around it.
    pub fn near_duplicate(&self) -> bool {
        self.hamming <= NEAR_DUP_BITS
    }

    /// Either the same text, or enough of the same names, numbers and headline words, or a
    /// head count in common and some of the same rare names — and no conflicting head
    /// counts, unless their rare names agree far past the bar (see [`OVERRULE_CONFLICT`]).
    pub fn same_story(&self) -> bool {
        (!self.counts_conflict || self.weighted >= OVERRULE_CONFLICT)
            && (self.near_duplicate()
                || self.score >= SAME_STORY_THRESHOLD
                || self.names_across >= ACROSS_LANGUAGES_THRESHOLD
                || self.weighted >= WEIGHTED_THRESHOLD
                || (self.shared_counts >= 1 && self.weighted >= WITH_SHARED_COUNT))
    }
}

impl Fingerprint {
    /// Fingerprint an article from its title and plain text (paragraphs separated by blank
    /// lines, though any text will do). Never fails and never panics.
    pub fn of(title: &str, text: &str) -> Self {
        let title = normalise(truncate(title, 4 * 1024));
        let text = normalise(truncate(text, MAX_TEXT_BYTES));
        let title_tokens = tokenise(&title);
        let text_tokens = tokenise(&text);
        let (sim, n) = simhash(&text_tokens);
        Fingerprint {
            v: VERSION,
            sim,
            n,
            keys: distinctive(&title_tokens, &text_tokens),
            title: title_words(&title_tokens),
            c: facts::head_counts(&title_tokens, &text_tokens),
            s: translit::script(&text) as u8,
            x: translit::skeletons(&title_tokens, &text_tokens),
            t: weigh::terms(&title_tokens, &text_tokens),
        }
    }

    /// Whether the two articles report the same story. Symmetric.
    pub fn same_story(&self, other: &Fingerprint) -> bool {
        self.similarity(other).same_story()
    }

    /// Whether the two articles report the same story, their names and figures weighed
    /// against `recent` reports. Symmetric.
    pub fn same_story_in(&self, other: &Fingerprint, recent: &Background) -> bool {
        self.similarity_in(other, recent).same_story()
    }

    /// Counts this report's names and figures into `recent`.
    pub fn add_to(&self, recent: &mut Background) {
        recent.add(&self.t);
    }

    /// The evidence behind [`Fingerprint::same_story`], for logs and tuning.
    pub fn similarity(&self, other: &Fingerprint) -> Similarity {
        self.similarity_in(other, &Background::default())
    }

    /// The evidence behind [`Fingerprint::same_story_in`].
    pub fn similarity_in(&self, other: &Fingerprint, recent: &Background) -> Similarity {
        if self.v != other.v {
            return Similarity {
                hamming: 64,
                keys: 0.0,
                title: 0.0,
                score: 0.0,
                counts_conflict: false,
                names_across: 0.0,
                names: 0.0,
                shared_counts: 0,
                weighted: 0.0,
            };
        }
        let hamming = if self.n >= MIN_SHINGLES && other.n >= MIN_SHINGLES {
            (self.sim ^ other.sim).count_ones()
        } else {
            64
        };
        let keys = ranked_overlap(&self.keys, &other.keys);
        let title = jaccard(&self.title, &other.title);
        // Keys carry the event. Titles alone are short and share the words of the beat
        // ("Russian", "soldiers"), but two outlets' headlines for one event often agree
        // when their bodies are written quite differently.
        let score = 0.6 * keys + 0.4 * title;
        let names = translit::overlap(&self.x, &other.x);
        Similarity {
            hamming,
            keys,
            title,
            score,
            counts_conflict: facts::conflict(&self.c, &other.c),
            names_across: if self.s == other.s { 0.0 } else { names },
            names,
            shared_counts: facts::split(&self.c, &other.c).0.len(),
            weighted: recent.cosine(&self.t, &other.t),
        }
    }
}

/// FNV-1a, finished with MurmurHash3's fmix64 so that every output bit depends on every input
/// byte (SimHash needs well-spread bits; raw FNV is weak in the high bits for short inputs).
fn hash64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

fn hash32(parts: &[&str]) -> u32 {
    (hash64(parts) >> 32) as u32
}

fn simhash(tokens: &[keys::Token]) -> (u64, u32) {
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let mut votes = [0i64; 64];
    let mut n: u32 = 0;
    for shingle in words.windows(SHINGLE.min(words.len().max(1))) {
        let h = hash64(shingle);
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
        n = n.saturating_add(1);
    }
    let sim = votes
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit);
    (sim, n)
}

/// Two- and one-word titles ("Live updates", "Explainer") are section labels, not headlines.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.len() < MIN_TITLE_WORDS || b.len() < MIN_TITLE_WORDS {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Weighted overlap of two key lists. A key weighs by its kind and by its rank, so sharing
/// each other's top names counts for more than sharing a tail number. Divided by the smaller
/// side's total, so a short report fully contained in a long one scores high, but never by
/// less than `MIN_KEYS_BASIS` keys' worth: two short texts sharing one name are not one story.
fn ranked_overlap(a: &[u32], b: &[u32]) -> f64 {
    let weight = |key: u32, rank: usize| Kind::of(key).weight() / (1.0 + rank as f64 / 8.0);
    let total = |keys: &[u32]| {
        keys.iter()
            .enumerate()
            .map(|(r, k)| weight(*k, r))
            .sum::<f64>()
    };
    let mut shared = 0.0;
    for (i, key) in a.iter().enumerate() {
        if let Some(j) = b.iter().position(|k| k == key) {
            shared += weight(*key, i).min(weight(*key, j));
        }
    }
    let floor = (0..MIN_KEYS_BASIS)
        .map(|r| 1.0 / (1.0 + r as f64 / 8.0))
        .sum::<f64>();
    let basis = total(a).min(total(b)).max(floor);
    (shared / basis).min(1.0)
}
