//! Names across scripts: an English report writes "Zelensky", "Bakhmut", "Sumy"; a Ukrainian
//! one "Зеленський", "Бахмуті", "Суми"; a Russian one "Зеленский", "Бахмуте". Each capitalised
//! word is transliterated to Latin and cut to a consonant skeleton — first letter, then its
//! consonants, doubles merged, four letters at most — which absorbs the spelling variants
//! (-sky/-skyi/-ский) and most case endings (a vowel ending is dropped with the vowels). Two
//! reports in different languages compare their most frequent skeletons.

use super::hash32;
use super::keys::Token;
use std::collections::HashMap;

/// Skeletons kept per report, the most frequent first.
const MAX_SKELETONS: usize = 25;
/// Words shorter than this are initials and abbreviations, too ambiguous as skeletons.
const MIN_WORD_CHARS: usize = 4;
const SKELETON_CHARS: usize = 4;

/// Which language a report is written in, as far as its letters tell: a Latin script, or
/// Cyrillic with letters only Ukrainian (і ї є ґ) or only Russian (ы э ъ ё) has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Latin = 0,
    Ukrainian = 1,
    Russian = 2,
    Cyrillic = 3,
}

pub(super) fn script(text: &str) -> Script {
    let n = crate::lang::letters(text.chars().take(20_000));
    if n.cyrillic <= n.latin {
        Script::Latin
    } else if n.uk > n.ru {
        Script::Ukrainian
    } else if n.ru > n.uk {
        Script::Russian
    } else {
        Script::Cyrillic
    }
}

/// The hashed skeletons of a report's capitalised words, most frequent first (ties: first
/// seen first).
pub(super) fn skeletons(title: &[Token], text: &[Token]) -> Vec<u32> {
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, t) in title.iter().chain(text).enumerate() {
        if !t.cap || t.num || t.word.chars().count() < MIN_WORD_CHARS {
            continue;
        }
        let s = skeleton(&t.word);
        if s.chars().count() < 3 {
            continue;
        }
        let e = seen.entry(s).or_insert((0, i));
        e.0 += 1;
    }
    let mut ranked: Vec<(String, (usize, usize))> = seen.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    ranked
        .into_iter()
        .take(MAX_SKELETONS)
        .map(|(s, _)| hash32(&["skeleton", &s]))
        .collect()
}

/// Shared skeletons over the smaller side's count, 0..=1.
pub(super) fn overlap(a: &[u32], b: &[u32]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.iter().filter(|x| b.contains(x)).count() as f64 / smaller as f64
}

/// `word` (lowercase) as a skeleton.
pub(super) fn skeleton(word: &str) -> String {
    let mut latin = String::with_capacity(word.len());
    for c in word.chars() {
        match cyrillic(c) {
            Some(l) => latin.push_str(l),
            None => latin.push(c),
        }
    }
    let folded = latin
        .replace("kh", "h")
        .replace("zh", "z")
        .replace("ts", "c")
        .replace("ch", "c")
        .replace("sh", "s")
        .replace('y', "i")
        .replace('g', "h");
    let mut chars = folded.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::from(first);
    for c in chars.filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')) {
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out.chars().take(SKELETON_CHARS).collect()
}

/// A lowercase Cyrillic letter in Latin, by a plain romanisation; `None` for other letters.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'є' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_share_a_skeleton_across_scripts() {
        for group in [
            &[
                "zelensky",
                "zelenskyi",
                "зеленський",
                "зеленский",
                "зеленського",
            ][..],
            &["bakhmut", "бахмут", "бахмута", "бахмуті"][..],
            &["belgorod", "бєлгород", "белгород"][..],
            &["kursk", "курськ", "курск"][..],
        ] {
            let first = skeleton(group[0]);
            for w in group {
                assert_eq!(skeleton(w), first, "{w} against {}", group[0]);
            }
        }
        assert_ne!(skeleton("kursk"), skeleton("kharkiv"));
    }

    #[test]
    fn the_script_is_read_from_the_letters() {
        assert_eq!(script("Prisoners were exchanged"), Script::Latin);
        assert_eq!(script("Україна повернула захисників"), Script::Ukrainian);
        assert_eq!(script("Обмен пленными объявлен"), Script::Russian);
    }
}
