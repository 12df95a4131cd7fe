use super::*;

fn around(text: &str, word: &str) -> String {
    let at = text.find(word).expect("word in text");
    snippet(text, at..at + word.len())
}

#[test]
fn short_text_is_quoted_whole_without_ellipsis() {
    assert_eq!(
        around("  Ukraine and\n\nRussia swap POWs. ", "swap"),
        "Ukraine and Russia swap POWs."
    );
}

#[test]
fn long_text_is_cut_at_words_around_the_hit() {
    let text = format!(
        "{} the exchange happened {}",
        "alpha ".repeat(100),
        "omega ".repeat(100)
    );
    let s = around(&text, "exchange");
    assert!(s.starts_with("…alpha "), "{s}");
    assert!(s.ends_with(" omega…"), "{s}");
    assert!(s.contains("the exchange happened"));
    let n = s.chars().count();
    assert!((160..=300).contains(&n), "{n}: {s}");
}

#[test]
fn multibyte_text_is_cut_on_char_boundaries() {
    let text = format!(
        "{}обмін полоненими{}",
        "Україна ".repeat(60),
        " відбувся ".repeat(60)
    );
    let s = around(&text, "обмін");
    assert!(s.contains("обмін полоненими"));
    assert!(s.starts_with('…') && s.ends_with('…'));
    // One endless word: no whitespace to cut at, so the cut is hard but still on a char.
    let blob = "ї".repeat(1000);
    let s = snippet(&blob, 1000..1002);
    assert!(s.starts_with("…ї") && s.ends_with("ї…"));
    let s = snippet(&blob, 0..blob.len());
    assert_eq!(s.chars().count(), MAX + 1);
}

proptest::proptest! {
    #[test]
    fn words_are_those_split_whitespace_cuts(text in "[ a\t\n\u{a0}\u{2028}é.]{0,40}") {
        let got: Vec<&str> = words(&text, 0, text.len())
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect();
        let expected: Vec<&str> = text.split_whitespace().collect();
        proptest::prop_assert_eq!(got, expected);
    }
}

#[test]
fn bad_ranges_do_not_panic() {
    assert_eq!(snippet("", 0..0), "");
    assert_eq!(snippet("", 5..9), "");
    assert!(snippet("ёж", 1..2).starts_with("ёж"));
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 2..1;
    assert!(snippet("abc", reversed).starts_with("abc"));
}

#[test]
fn marks_follow_the_words_into_the_collapsed_passage() {
    let text = "Kyiv  and\n\nMoscow   swap POWs; prisoners of war.";
    let at = |w: &str| {
        let i = text.find(w).expect("word");
        i..i + w.len()
    };
    let p = passage(
        text,
        at("swap"),
        &[at("swap"), at("POWs"), at("prisoners of war")],
    );
    assert_eq!(p.text, "Kyiv and Moscow swap POWs; prisoners of war.");
    let marked: Vec<&str> = p.marks.iter().map(|[a, b]| &p.text[*a..*b]).collect();
    assert_eq!(marked, ["swap", "POWs", "prisoners of war"]);
}

#[test]
fn marks_outside_the_passage_or_off_the_text_are_dropped() {
    let text = format!("{} swap {}", "word ".repeat(200), "word ".repeat(200));
    let i = text.find("swap").expect("swap");
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 5..3;
    let p = passage(&text, i..i + 4, &[i..i + 4, 0..4, reversed, 9000..9004]);
    assert_eq!(p.marks.len(), 1);
    let [a, b] = p.marks[0];
    assert_eq!(&p.text[a..b], "swap");
    assert!(p.text.starts_with('…'));
    let yo = "ёж ёж";
    let p = passage(yo, 0..2, &[1..2, 0..2]);
    assert_eq!(p.marks, [[0, 2]]);
}
