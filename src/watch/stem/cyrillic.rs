//! One stemmer for Russian and Ukrainian words, after the Snowball Russian algorithm (Porter,
//! "Russian stemming algorithm") with the Ukrainian case and verb endings added to its
//! lists. A word is not classified by language first: a Ukrainian form without і/є (e.g.
//! "полонених") looks Russian, and two algorithms would give one lemma two keys. With one
//! list of endings every form of a word reaches the same key.
//!
//! Works on folded text (ё -> е, ї -> і, ґ -> г, й kept). Endings are removed only inside
//! RV, the part after the first vowel, and never leave fewer than [`MIN_STEM`] letters.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::fold::fold;

/// Letters a stem keeps at least: "Київ" stays "київ", not "ки".
const MIN_STEM: usize = 3;
/// Letters a stem keeps when a verb ending is removed: Russian nouns end like verbs
/// ("обмен" like "-ен", "обмена" like "-ена"), and short stems are where that bites.
const MIN_VERB_STEM: usize = 4;

const PERFECTIVE_GERUND_1: &[&str] = &["в", "вши", "вшись"];
const PERFECTIVE_GERUND_2: &[&str] = &[
    "ив",
    "ивши",
    "ившись",
    "ыв",
    "ывши",
    "ывшись", // Russian
    "ючи",
    "учи",
    "ачи",
    "ячи", // Ukrainian imperfective
];
const REFLEXIVE: &[&str] = &["ся", "сь"];
const ADJECTIVE: &[&str] = &[
    "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его",
    "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею", // Russian
    "ій", "ої", "ім", "іх", "іми", "ього", "ьому", "ьої", // Ukrainian
];
const PARTICIPLE_1: &[&str] = &["ем", "нн", "вш", "ющ", "щ"];
const PARTICIPLE_2: &[&str] = &["ивш", "ывш", "ующ"];
const VERB_1: &[&str] = &[
    "ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь",
    "нно",
];
const VERB_2: &[&str] = &[
    "ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым",
    "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую",
    "ю", // Russian
    "ул", "ула", "уло", "ули", "ув", "ати", "яти", "ити", "іти", "ути", "ують", "ють", "ять",
    "іть", "ує", "ає", "яє", "ємо", "имо", "єте", // Ukrainian
];
const NOUN: &[&str] = &[
    "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой",
    "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию",
    "ью", "ю", "ия", "ья", "я", // Russian
    "і", "ів", "ові", "еві", "єві", "ою", "ею", "єю", "єм", "ія", "ії", "ій", "ію", "іям", "іями",
    "іях", // Ukrainian
];

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'е' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'є'
    )
}

/// An ending list folded like the text (ї -> і), built once into a set: a word's last few
/// suffixes are each looked up in one probe.
fn set(cell: &'static OnceLock<Endings>, list: &[&str]) -> &'static Endings {
    cell.get_or_init(|| list.iter().map(|e| fold(e)).collect())
}

type Endings = FxHashSet<String>;

macro_rules! endings {
    ($name:ident, $list:expr) => {
        fn $name() -> &'static Endings {
            static CELL: OnceLock<Endings> = OnceLock::new();
            set(&CELL, $list)
        }
    };
}

endings!(gerund_1, PERFECTIVE_GERUND_1);
endings!(gerund_2, PERFECTIVE_GERUND_2);
endings!(reflexive, REFLEXIVE);
endings!(adjective, ADJECTIVE);
endings!(participle_1, PARTICIPLE_1);
endings!(participle_2, PARTICIPLE_2);
endings!(verb_1, VERB_1);
endings!(verb_2, VERB_2);
endings!(noun, NOUN);
endings!(soft_i, &["и"]);
endings!(soft_sign, &["ь"]);

/// Byte offset where the longest ending of `list` starts in `w[..end]`, if it lies in RV
/// (from byte `rv`) and leaves a long enough stem. `after_a` demands а or я before it.
fn longest(
    w: &str,
    end: usize,
    rv: usize,
    list: &Endings,
    after_a: bool,
    min_stem: usize,
) -> Option<usize> {
    let word = &w[..end];
    // Endings are at most 6 letters; try the longest suffix first.
    let mut starts = [0usize; 6];
    let mut n = 0;
    for (i, _) in word.char_indices().rev().take(starts.len()) {
        if i < rv {
            break;
        }
        starts[n] = i;
        n += 1;
    }
    for &start in starts[..n].iter().rev() {
        if word[..start].chars().count() < min_stem {
            continue;
        }
        if list.contains(&word[start..]) {
            if after_a && !word[..start].ends_with(['а', 'я']) {
                return None;
            }
            return Some(start);
        }
    }
    None
}

fn either(w: &str, end: usize, rv: usize, g1: &Endings, g2: &Endings) -> Option<usize> {
    let a = longest(w, end, rv, g1, true, MIN_VERB_STEM);
    let b = longest(w, end, rv, g2, false, MIN_VERB_STEM);
    // The longer ending (smaller start) wins, as in one Snowball `among`.
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

pub fn stem(w: &str) -> Cow<'_, str> {
    let Some(rv) = w
        .char_indices()
        .find(|&(_, c)| is_vowel(c))
        .map(|(i, c)| i + c.len_utf8())
    else {
        return w.into();
    };
    let mut end = w.len();
    if let Some(s) = either(w, end, rv, gerund_1(), gerund_2()) {
        end = s;
    } else {
        if let Some(s) = longest(w, end, rv, reflexive(), false, MIN_STEM) {
            end = s;
        }
        if let Some(s) = longest(w, end, rv, adjective(), false, MIN_STEM) {
            end = s;
            if let Some(p) = either(w, end, rv, participle_1(), participle_2()) {
                end = p;
            }
        } else if let Some(s) = either(w, end, rv, verb_1(), verb_2()) {
            end = s;
        } else if let Some(s) = longest(w, end, rv, noun(), false, MIN_STEM) {
            end = s;
        }
    }
    for tail in [soft_i(), soft_sign()] {
        if let Some(s) = longest(w, end, rv, tail, false, MIN_STEM) {
            end = s;
        }
    }
    Cow::Borrowed(&w[..end])
}
