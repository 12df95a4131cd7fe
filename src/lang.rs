//! A rough guess of an article's language among those the shipped watchlists follow: for the
//! `lang` of an example `watch label` adds, and for story grouping, which compares names
//! across languages only. Ukrainian and Russian by the letters only one of them has, English
//! by its commonest words. Anything else is left unsaid.

/// Letters of a text by script, and the Cyrillic letters only Ukrainian (і ї є ґ) or only
/// Russian (ы э ъ ё) has.
#[derive(Debug, Clone, Copy, Default)]
pub struct Letters {
    pub latin: usize,
    pub cyrillic: usize,
    pub uk: usize,
    pub ru: usize,
}

/// Counts the letters of `chars` (case folded).
pub fn letters(chars: impl Iterator<Item = char>) -> Letters {
    let mut n = Letters::default();
    for c in chars.flat_map(char::to_lowercase) {
        match c {
            'і' | 'ї' | 'є' | 'ґ' => {
                n.uk += 1;
                n.cyrillic += 1;
            }
            'ы' | 'э' | 'ъ' | 'ё' => {
                n.ru += 1;
                n.cyrillic += 1;
            }
            '\u{0400}'..='\u{04FF}' => n.cyrillic += 1,
            'a'..='z' => n.latin += 1,
            _ => {}
        }
    }
    n
}

/// "uk", "ru" or "en", when the text says so clearly enough.
pub fn guess_lang(text: &str) -> Option<&'static str> {
    let Letters {
        latin,
        cyrillic,
        uk,
        ru,
    } = letters(text.chars());
    if cyrillic > latin {
        return match uk.cmp(&ru) {
            std::cmp::Ordering::Greater => Some("uk"),
            std::cmp::Ordering::Less => Some("ru"),
            std::cmp::Ordering::Equal => None,
        };
    }
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let common = words
        .iter()
        .filter(|w| {
            matches!(
                w.as_str(),
                "the" | "and" | "of" | "to" | "in" | "is" | "was"
            )
        })
        .count();
    (latin > 0 && common * 20 >= words.len()).then_some("en")
}

#[cfg(test)]
mod tests {
    use super::guess_lang;

    #[test]
    fn the_three_languages_are_told_apart_and_others_left_unsaid() {
        assert_eq!(
            guess_lang("Україна повернула з полону своїх захисників"),
            Some("uk")
        );
        assert_eq!(
            guess_lang("Россия вернула из плена военнослужащих, объявили"),
            Some("ru")
        );
        assert_eq!(
            guess_lang("The soldiers were returned in the swap of the year"),
            Some("en")
        );
        assert_eq!(
            guess_lang("Żołnierze wrócili do domu po wymianie jeńców"),
            None
        );
        assert_eq!(guess_lang(""), None);
    }
}
