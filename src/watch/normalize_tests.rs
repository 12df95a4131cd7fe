use super::*;

fn words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.word).collect()
}

fn origs(text: &str) -> Vec<&str> {
    tokens(text).into_iter().map(|t| &text[t.range]).collect()
}

#[test]
fn folds_case_diacritics_and_compatibility_forms() {
    assert_eq!(words("Café DÉJÀ vu"), ["cafe", "deja", "vu"]);
    assert_eq!(words("Zelenskyy Zelenskiy"), ["zelenskyy", "zelenskiy"]);
    // NFKC: ligatures, full-width and mathematical letters are their plain letters.
    assert_eq!(words("ﬁnal ＰＯＷ 𝐏𝐎𝐖"), ["final", "pow", "pow"]);
    assert_eq!(words("Straße STRASSE"), ["strasse", "strasse"]);
    assert_eq!(words("ΣΟΦΟΣ σοφος"), ["σοφοσ", "σοφοσ"]);
}

#[test]
fn folds_cyrillic_variants_but_keeps_short_i() {
    assert_eq!(words("Ещё ёлка"), ["еще", "елка"]);
    assert_eq!(words("Їжак ґанок"), ["іжак", "ганок"]);
    assert_eq!(words("Новый ЙОД"), ["новый", "йод"]);
    // Decomposed input (е + combining diaeresis) folds like the precomposed letter.
    assert_eq!(words("е\u{308}лка"), ["елка"]);
    assert_eq!(origs("е\u{308}лка!"), ["е\u{308}лка"]);
}

#[test]
fn splits_on_hyphens_apostrophes_and_punctuation() {
    assert_eq!(words("cross-border"), ["cross", "border"]);
    assert_eq!(words("Russia’s Kyiv's"), ["russia", "s", "kyiv", "s"]);
    assert_eq!(words("1,000-for-1,000"), ["1", "000", "for", "1", "000"]);
}

#[test]
fn apostrophes_inside_cyrillic_words_are_dropped_whatever_their_shape() {
    for w in ["п'ять", "п’ять", "пʼять", "п`ять"] {
        assert_eq!(words(w), ["пять"], "{w}");
        assert_eq!(origs(w), [w]);
    }
    assert_eq!(words("Об'єднані"), ["обєднані"]);
    // Only between two Cyrillic letters.
    assert_eq!(words("Київ' s"), ["киів", "s"]);
}

#[test]
fn dotted_acronyms_are_one_word() {
    assert_eq!(
        words("Russian P.O.W.s were freed"),
        ["russian", "pows", "were", "freed"]
    );
    assert_eq!(origs("the P.O.W.s."), ["the", "P.O.W.s"]);
    assert_eq!(words("a P.O.W. camp"), ["a", "pow", "camp"]);
    assert_eq!(origs("a P.O.W. camp"), ["a", "P.O.W.", "camp"]);
    assert_eq!(words("U.S.-led"), ["us", "led"]);
    assert_eq!(words("P.O.W"), ["pow"]);
    // Single initials with spaces, a lone dotted letter and sentence ends stay apart.
    assert_eq!(words("J. R. Smith"), ["j", "r", "smith"]);
    assert_eq!(words("plan B. Then"), ["plan", "b", "then"]);
    assert_eq!(words("Kursk.Sudzha"), ["kursk", "sudzha"]);
    assert_eq!(words("a.m.sharp"), ["am", "sharp"]);
}

#[test]
fn hyphen_joins_are_recognised() {
    assert!(is_hyphen_join("-"));
    assert!(is_hyphen_join("\u{2011}"));
    assert!(!is_hyphen_join(" - "));
    assert!(!is_hyphen_join("\u{2013}"));
}

#[test]
fn tokens_point_back_at_the_original_text() {
    let text = "«Обмін» — ПОЛОНЕНИМИ, Kyiv’s";
    assert_eq!(origs(text), ["Обмін", "ПОЛОНЕНИМИ", "Kyiv", "s"]);
    assert_eq!(tokens("").len(), 0);
    assert_eq!(tokens(" \n\t—").len(), 0);
}

#[test]
fn tokens_carry_the_stem_of_their_script() {
    let text = "Обміну обмін; ОБМЕНА обмен; Swaps swapped; 1000 σοφοσ";
    let t = tokens(text);
    let stems: Vec<&str> = t.iter().map(|t| t.stem.as_str()).collect();
    assert_eq!(stems[0], stems[1], "Ukrainian forms meet");
    assert_eq!(stems[2], stems[3], "Russian forms meet");
    assert_eq!(&stems[4..], ["swap", "swap", "1000", "σοφοσ"]);
    assert_eq!(&text[t[2].range.clone()], "ОБМЕНА");
}
