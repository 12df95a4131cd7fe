//! Inflection: every folded word, of the query and of the article alike, is reduced to a key
//! by stripping inflectional endings, so "swap" meets swaps, swapped and swapping, and
//! "полонені" meets полонених and полоненими, without the operator listing the forms.
//!
//! The rules are deliberately light: only endings that inflect a word (plural, tense, case)
//! are removed, never ones that derive a new word, so "prisoner" does not become "prison"
//! and "captive" stays apart from "captivity". A key is only ever compared with another
//! key made by this same code; it is not meant to be a dictionary form.

mod cyrillic;
mod english;

/// The irregular English forms: the only words whose keys do not start as they do ("took"
/// -> "take").
pub fn irregular_forms() -> impl Iterator<Item = &'static str> {
    english::irregular_forms()
}

/// The matching key of a folded word: the word itself unless it is an English (ASCII) or a
/// Cyrillic word with an ending to strip.
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = word.chars().next() else {
        return word.into();
    };
    if first.is_ascii_lowercase() && word.bytes().all(|b| b.is_ascii_lowercase()) {
        english::stem(word)
    } else if matches!(first, '\u{0400}'..='\u{04FF}') {
        cyrillic::stem(word)
    } else {
        word.into()
    }
}

#[cfg(test)]
mod tests;
