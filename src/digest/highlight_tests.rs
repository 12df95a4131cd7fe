use super::super::{clean, snippet};
use super::*;

fn bold<'a>(text: &'a str, terms: &[&str]) -> Vec<&'a str> {
    marked(text, text, &[], terms)
}

/// The bold pieces of `shown`, checking that the pieces give it back.
fn marked<'a>(shown: &'a str, raw: &str, marks: &[[usize; 2]], terms: &[&str]) -> Vec<&'a str> {
    let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
    let runs = highlight(shown, raw, marks, &terms);
    let joined: String = runs.iter().map(|(s, _)| *s).collect();
    assert_eq!(joined, shown, "the pieces give the text back");
    runs.iter().filter(|(_, b)| *b).map(|(s, _)| *s).collect()
}

/// The byte range of the `n`th (from 0) occurrence of `word` in `text`.
fn at(text: &str, word: &str, n: usize) -> [usize; 2] {
    let (i, _) = text.match_indices(word).nth(n).expect("word in text");
    [i, i + word.len()]
}

#[test]
fn whole_words_ignoring_case_longest_first() {
    assert_eq!(
        bold(
            "POWs: a pow exchange, Pow. İSTANBUL powder",
            &["pow", "POW exchange", "İstanbul"]
        ),
        ["pow exchange", "Pow", "İSTANBUL"]
    );
    assert!(bold("", &["x"]).is_empty());
    assert!(bold("x", &[""]).is_empty());
}

#[test]
fn accents_apostrophes_and_ligatures_fold() {
    assert_eq!(
        bold(
            "Russia’s Київ, Zürich, ﬁnal, Ґанок",
            &["russia's", "київ", "zurich", "final", "ганок"]
        ),
        ["Russia’s", "Київ", "Zürich", "ﬁnal", "Ґанок"]
    );
    // A decomposed accent stays with its letter; half a ligature is no match.
    assert_eq!(bold("cafe\u{301} bar", &["café"]), ["cafe\u{301}"]);
    assert!(bold("ﬁ", &["f"]).is_empty());
}

#[test]
fn terms_with_markup_are_only_text() {
    assert_eq!(bold("a <b> c", &["<b>"]), ["<b>"]);
    assert_eq!(bold("x\u{301}\u{301}", &["\u{301}"]), Vec::<&str>::new());
}

#[test]
fn marks_are_carried_into_the_cleaned_snippet() {
    let raw = "Kyiv  and\u{200e}\nMoscow swap POWs; the\tswap";
    let shown = clean(raw);
    assert_eq!(shown, "Kyiv and Moscow swap POWs; the swap");
    let marks = [at(raw, "swap", 0), at(raw, "POWs", 0)];
    // Only what the watch stage marked: not the second "swap", not the terms.
    assert_eq!(marked(&shown, raw, &marks, &["Kyiv"]), ["swap", "POWs"]);
}

#[test]
fn marks_past_the_cut_are_dropped() {
    let raw = format!("{} swap {}", "word ".repeat(150), "word ".repeat(150));
    let shown = snippet(&raw);
    assert!(shown.ends_with(" …"), "{shown}");
    let marks = [
        at(&raw, "word", 3),
        at(&raw, "swap", 0),
        at(&raw, "word", 299),
    ];
    assert_eq!(marked(&shown, &raw, &marks, &[]), ["word"]);
}

#[test]
fn marks_that_do_not_fit_give_way_to_the_terms() {
    let raw = "a swap of prisoners";
    let swap = at(raw, "swap", 0);
    // Not this snippet's marks, or not ranges of it: the terms are found instead.
    assert_eq!(
        marked("other text, a swap", raw, &[swap], &["swap"]),
        ["swap"]
    );
    for bad in [[3, 2], [0, 99], [5, 3], [2, 6]] {
        assert_eq!(
            marked(raw, raw, &[swap, bad], &["prisoners"]),
            ["prisoners"]
        );
    }
    // Stored before marks were: none.
    assert_eq!(marked(raw, raw, &[], &["swap"]), ["swap"]);
}
