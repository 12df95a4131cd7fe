//! Reading an article for clustering: normalising and tokenising its text, and picking out the
//! names and numbers that identify the event it reports. Only this file knows what a "name"
//! is; `mod.rs` sees hashed keys and compares them. Heuristics for English-language news; in
//! other scripts it still works, with capitals as the only clue.

use super::hash32;
use crate::fold::punctuation;
use std::collections::{BTreeMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// Keys are taken from the title and this many words of the text: wire copy and rewrites
/// agree most on who, where and what at the top and drift apart further down.
const LEAD_WORDS: usize = 700;
const MAX_KEYS: usize = 32;
const MAX_TITLE_WORDS: usize = 16;

/// Function words, and the capitalised words that open sentences and datelines in news
/// without naming anything (days, months, forms of address). Sorted: binary search.
#[rustfmt::skip]
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "april", "are",
    "as", "at", "august", "be", "been", "before", "being", "both", "but", "by", "can", "could",
    "december", "did", "do", "does", "dr", "during", "each", "even", "february", "for", "friday",
    "from", "had", "has", "have", "he", "her", "here", "his", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "january", "july", "june", "march", "may", "meanwhile", "monday",
    "more", "most", "mr", "mrs", "ms", "my", "new", "no", "not", "november", "now", "october",
    "of", "on", "one", "only", "or", "other", "our", "out", "over", "said", "saturday", "says",
    "september", "she", "so", "some", "such", "sunday", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "thursday", "to", "today", "tuesday", "two",
    "under", "up", "us", "was", "we", "wednesday", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "yesterday", "you", "your",
];

/// Names every international story is full of: countries, their peoples and capitals, the
/// continents and compass regions, the wire agencies and the platforms statements are posted
/// on. They tell which beat a story is on, not which event, so they never count as keys.
/// Sorted: binary search.
#[rustfmt::skip]
const BACKGROUND: &[&str] = &[
    "afghan", "afghanistan", "afp", "africa", "african", "america", "american", "americans", "ap",
    "arab", "arabia", "armenia", "armenian", "asia", "asian", "australia", "australian",
    "azerbaijan", "azerbaijani", "bbc", "beijing", "belarus", "belarusian", "berlin", "brazil",
    "brazilian", "britain", "british", "brussels", "canada", "canadian", "china", "chinese", "cnn",
    "east", "eastern", "egypt", "egyptian", "eu", "europe", "european", "facebook", "france",
    "french", "german", "germany", "india", "indian", "instagram", "interfax", "iran", "iranian",
    "iraq", "iraqi", "israel", "israeli", "italian", "italy", "japan", "japanese", "kiev", "korea",
    "korean", "kyiv", "lebanese", "lebanon", "london", "minsk", "moscow", "nato", "north",
    "northern", "pakistan", "pakistani", "paris", "poland", "polish", "reuters", "russia",
    "russian", "russians", "saudi", "south", "southern", "spain", "spanish", "syria", "syrian",
    "tass", "tehran", "telegram", "tiktok", "turkey", "turkish", "twitter", "uk", "ukraine",
    "ukrainian", "ukrainians", "un", "united", "usa", "washington", "west", "western", "x",
    "youtube",
];

/// Last words of names that say what sort of thing is named, not which one: for "Belgorod
/// Region" or "Volunteer Corps" the key is the whole name instead of its last word. Sorted.
#[rustfmt::skip]
const GENERIC_HEADS: &[&str] = &[
    "agency", "army", "bank", "battalion", "brigade", "city", "committee", "corps", "council",
    "court", "department", "district", "forces", "front", "group", "guard", "headquarters",
    "ministry", "news", "oblast", "office", "party", "province", "regiment", "region", "republic",
    "republics", "service", "square", "staff", "union",
];

fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

pub(super) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// NFKC folds full-width letters, ligatures and mathematical alphabets; typographic
/// apostrophes and quotes become ASCII (the crate's one table, [`punctuation`]) so
/// "Russia’s" and "Russia's" tokenise alike. Case and accents stay: names are told by their
/// capitals.
pub(super) fn normalise(s: &str) -> String {
    s.nfkc().map(punctuation).collect()
}

#[derive(Debug)]
pub(super) struct Token {
    /// Lowercased.
    pub(super) word: String,
    /// Starts with an upper-case letter as written.
    pub(super) cap: bool,
    /// First word of a sentence, line or headline part, where a capital says nothing.
    start: bool,
    /// Separated from the previous word by spaces alone, so the two may form one name.
    joined: bool,
    pub(super) num: bool,
}

pub(super) fn tokenise(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or(' ');
    let mut out = Vec::new();
    let (mut start, mut joined) = (true, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphanumeric() {
            if matches!(
                c,
                '.' | '!' | '?' | ':' | ';' | '\n' | '|' | '•' | '—' | '–'
            ) {
                start = true;
            }
            if !matches!(c, ' ' | '\t' | '\u{a0}') {
                joined = false;
            }
            i += 1;
            continue;
        }
        let first = c;
        let mut word = String::new();
        let mut possessive = false;
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if c == '\'' && at(i + 1).is_alphanumeric() {
                // A possessive 's goes (and ends the name: "Belgorod's Grayvoron" is two);
                // contractions ("they'd") keep their letters.
                if matches!(at(i + 1), 's' | 'S') && !at(i + 2).is_alphanumeric() {
                    i += 2;
                    possessive = true;
                    break;
                }
            } else if matches!(c, ',' | '.')
                && at(i + 1).is_ascii_digit()
                && word.chars().all(|d| d.is_ascii_digit())
            {
                // "2,500" and "6.000" are one number, not two.
            } else {
                break;
            }
            i += 1;
        }
        out.push(Token {
            num: word.chars().all(|d| d.is_ascii_digit()),
            cap: first.is_uppercase(),
            start,
            joined,
            word,
        });
        start = false;
        joined = !possessive;
    }
    out
}

/// What kind of fact a key is; kept in the key's two low bits so comparison can weigh it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// A year: dates a story, but every story that year shares it.
    Year = 0,
    /// A count or a figure, specific to one event.
    Number = 1,
    /// A name only ever written as one word.
    Name = 2,
    /// A name written as several words somewhere ("Vyacheslav Gladkov"): a named person or
    /// place rather than a word that happens to be capitalised.
    FullName = 3,
}

impl Kind {
    pub(super) fn of(key: u32) -> Kind {
        match key & 3 {
            0 => Kind::Year,
            1 => Kind::Number,
            2 => Kind::Name,
            _ => Kind::FullName,
        }
    }

    pub(super) fn weight(self) -> f64 {
        match self {
            Kind::Year => 0.3,
            Kind::Number | Kind::Name => 1.0,
            Kind::FullName => 1.5,
        }
    }
}

/// The article's most salient names and numbers as hashed keys, most salient first.
///
/// A word only ever written with a capital (never in lower case in this text, and not only at
/// the start of a sentence) is taken as a name. A run of names is one entity keyed by its
/// last word, so "Vyacheslav Gladkov" and a later "Mr. Gladkov" agree and a full name counts
/// once, not three times. Without corpus statistics this cannot tell a name every article of
/// a beat mentions from a rare one; `BACKGROUND` and the title signal stand in for that.
pub(super) fn distinctive(title: &[Token], text: &[Token]) -> Vec<u32> {
    let mut lower: HashSet<&str> = HashSet::new();
    let mut mid_cap: HashSet<&str> = HashSet::new();
    for t in title.iter().chain(text) {
        if !t.num && !t.cap {
            lower.insert(&t.word);
        } else if t.cap && !t.start {
            mid_cap.insert(&t.word);
        }
    }
    let is_name = |t: &Token| {
        t.cap
            && !t.num
            && t.word.chars().count() >= 3
            && !listed(BACKGROUND, &t.word)
            && !listed(STOPWORDS, &t.word)
            && !lower.contains(t.word.as_str())
            && (!t.start || mid_cap.contains(t.word.as_str()))
    };

    // key -> (salience, kind)
    let mut found: BTreeMap<String, (f64, Kind)> = BTreeMap::new();
    let mut add = |key: String, salience: f64, kind: Kind| {
        let e = found.entry(key).or_insert((0.0, kind));
        e.0 += salience;
        e.1 = e.1.max(kind);
    };
    let lead = &text[..text.len().min(LEAD_WORDS)];
    for part in [title, lead] {
        let mut i = 0;
        while i < part.len() {
            let t = &part[i];
            if t.num {
                if (2..=12).contains(&t.word.len()) {
                    let w = &t.word;
                    let year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
                    add(w.clone(), 1.0, if year { Kind::Year } else { Kind::Number });
                }
                i += 1;
                continue;
            }
            if !is_name(t) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < part.len() && part[end].joined && is_name(&part[end]) {
                end += 1;
            }
            let run: Vec<&str> = part[i..end].iter().map(|t| t.word.as_str()).collect();
            let head = run[run.len() - 1];
            let kind = if run.len() > 1 {
                Kind::FullName
            } else {
                Kind::Name
            };
            if !listed(GENERIC_HEADS, head) {
                // Longer names are rarer names, roughly.
                add(
                    head.to_owned(),
                    head.chars().count().min(12) as f64 / 6.0,
                    kind,
                );
            } else if run.len() > 1 {
                add(run.join(" "), 2.0, kind);
            }
            i = end;
        }
    }
    // A name mentioned five times is the subject; more mentions add little beyond that.
    let mut ranked: Vec<(f64, String, Kind)> = found
        .into_iter()
        .map(|(key, (s, kind))| (s.min(6.0) + s.ln_1p() + kind.weight(), key, kind))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ranked.truncate(MAX_KEYS);
    ranked
        .iter()
        .map(|(_, key, kind)| hash32(&[key]) & !3 | *kind as u32)
        .collect()
}

/// The title's content words, hashed and sorted.
pub(super) fn title_words(tokens: &[Token]) -> Vec<u32> {
    let mut words: Vec<u32> = tokens
        .iter()
        .filter(|t| t.word.chars().count() >= 3 && !listed(STOPWORDS, &t.word))
        .map(|t| {
            // A crude plural fold: "captives"/"captive" and "soldiers"/"soldier" agree.
            let w = t.word.as_str();
            let stem = match w.strip_suffix('s') {
                Some(stem) if w.len() > 4 && !stem.ends_with('s') => stem,
                _ => w,
            };
            hash32(&[stem])
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    words.truncate(MAX_TITLE_WORDS);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenise(&normalise(text))
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    fn keys(text: &str) -> Vec<u32> {
        distinctive(&[], &tokenise(&normalise(text)))
    }

    fn key(word: &str, kind: Kind) -> u32 {
        hash32(&[word]) & !3 | kind as u32
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [STOPWORDS, BACKGROUND, GENERIC_HEADS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", list);
        }
    }

    #[test]
    fn numbers_possessives_and_contractions() {
        assert_eq!(
            words("Russia’s 2,500 POWs, they'd say 6.000"),
            ["russia", "2500", "pows", "theyd", "say", "6000"]
        );
        assert_eq!(words("1, 2 and ,3 end."), ["1", "2", "and", "3", "end"]);
    }

    #[test]
    fn a_full_name_and_a_later_surname_are_one_key() {
        let k = keys("Governor Vyacheslav Gladkov spoke. Later Mr. Gladkov left the village.");
        assert!(k.contains(&key("gladkov", Kind::FullName)));
        assert!(!k.contains(&key("vyacheslav", Kind::Name)));
        assert!(!k.contains(&key("vyacheslav", Kind::FullName)));
    }

    #[test]
    fn beat_names_sentence_openers_and_common_words_are_not_keys() {
        // "Footage" opens a sentence only; "Legion" also appears as "legion"; Ukraine and
        // Reuters are background.
        let k = keys("Footage showed the men. The Legion said a legion of Ukraine's Reuters fans.");
        assert!(k.is_empty(), "{k:?}");
    }

    #[test]
    fn generic_heads_key_the_whole_name() {
        let k = keys("Fighters of the Russian Volunteer Corps crossed into Belgorod Region.");
        assert!(k.contains(&key("volunteer corps", Kind::FullName)));
        assert!(k.contains(&key("belgorod region", Kind::FullName)));
        assert!(!k.contains(&key("corps", Kind::Name)));
    }
}
