use super::stem;
use crate::fold::fold;

/// Every form must reach one key, and that key must differ from each of `others`.
fn same(forms: &[&str], others: &[&str]) {
    let key = stem(&fold(forms[0])).into_owned();
    for f in forms {
        assert_eq!(stem(&fold(f)), key, "{f} vs {}", forms[0]);
    }
    for o in others {
        assert_ne!(stem(&fold(o)), key, "{o} must not meet {}", forms[0]);
    }
}

#[test]
fn english_plurals_and_verb_forms_meet() {
    same(&["swap", "swaps", "swapped", "swapping"], &["swamp"]);
    same(
        &["exchange", "exchanges", "exchanged", "exchanging"],
        &["exchanger"],
    );
    same(&["release", "released", "releases", "releasing"], &[]);
    same(&["free", "freed", "frees", "freeing"], &["freedom"]);
    same(&["prisoner", "prisoners"], &["prison", "prisons"]);
    same(&["captive", "captives"], &["captivity", "capture"]);
    same(&["capture", "captured", "captures", "capturing"], &[]);
    same(&["cross", "crosses", "crossed", "crossing"], &[]);
    same(&["army", "armies"], &["arm"]);
    same(&["deny", "denied", "denies"], &[]);
    same(&["serviceman", "servicemen"], &[]);
    same(&["hundred", "hundreds"], &[]);
    same(&["agree", "agreed", "agrees"], &[]);
    same(&["POW", "POWs"], &["power"]);
    same(&["raid", "raids", "raided", "raiding"], &[]);
}

#[test]
fn english_irregular_verbs_meet_their_regular_forms() {
    same(&["take", "takes", "taking", "took", "taken"], &[]);
    same(&["hold", "holds", "held", "holding"], &[]);
    same(&["bring", "brings", "brought", "bringing"], &[]);
    same(&["flee", "fled", "fleeing"], &[]);
}

#[test]
fn short_and_special_english_words_are_kept() {
    for w in [
        "was", "has", "us", "its", "bus", "rdk", "crisis", "campus", "belarus", "cross",
    ] {
        assert_eq!(stem(w), w);
    }
    // "need" is not a past tense.
    assert_eq!(stem("need"), "need");
}

#[test]
fn irregular_forms_are_listed_once_in_order() {
    let forms: Vec<&str> = super::irregular_forms().collect();
    let mut sorted = forms.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(forms, sorted);
}

#[test]
fn ukrainian_inflections_meet() {
    same(
        &[
            "полонені",
            "полонених",
            "полоненими",
            "полоненим",
            "полоненого",
            "полонений",
            "полоненій",
        ],
        &["полон"],
    );
    same(
        &[
            "обмін",
            "обміну",
            "обміном",
            "обміни",
            "обмінів",
            "обмінам",
            "обмінах",
            "обміні",
        ],
        &["обмінник", "обмінний"],
    );
    same(
        &[
            "захисники",
            "захисників",
            "захисника",
            "захисникам",
            "захисникові",
        ],
        &[],
    );
    same(
        &[
            "повернули",
            "повернулися",
            "повернув",
            "повернувся",
            "повернула",
        ],
        &[],
    );
    same(&["Курська", "Курської", "Курській", "Курську"], &[]);
    same(&["Курщина", "Курщини", "Курщині", "Курщину"], &[]);
    same(&["кордон", "кордону", "кордоні", "кордоном"], &[]);
    same(&["полон", "полону", "полоні", "полоном"], &[]);
}

#[test]
fn russian_inflections_meet() {
    same(
        &[
            "пленные",
            "пленных",
            "пленным",
            "пленными",
            "пленного",
            "пленный",
        ],
        &["плен"],
    );
    same(&["плен", "плена", "плену", "пленом"], &[]);
    same(
        &["обмен", "обмена", "обмену", "обменом", "обмены", "обменов"],
        &["обменник"],
    );
    same(&["вернули", "вернулись", "вернулся", "вернул"], &[]);
    same(
        &[
            "военнослужащих",
            "военнослужащие",
            "военнослужащим",
            "военнослужащий",
        ],
        &[],
    );
    same(&["Курская", "Курской", "Курскую", "Курск"], &[]);
    same(&["граница", "границы", "границу", "границе"], &[]);
    same(&["Ещё", "еще"], &[]);
}

#[test]
fn cyrillic_stems_keep_three_letters_and_words_without_vowels() {
    assert_eq!(stem("київ"), "київ");
    assert_eq!(stem("дрг"), "дрг");
    assert_eq!(stem("рдк"), "рдк");
}

#[test]
fn other_scripts_and_digits_are_left_alone() {
    for w in ["1000", "σοφοσ", "dziękuję", "kyiv2"] {
        assert_eq!(stem(w), w);
    }
}

proptest::proptest! {
    /// A key starts with the first three bytes of its word, irregular forms aside: what lets
    /// the matcher pass by a token whose first three bytes begin no key.
    #[test]
    fn stems_keep_the_first_three_bytes(w in "[a-z]{1,12}|[а-яіїєґй]{1,10}") {
        let folded = fold(&w);
        let key = stem(&folded);
        if !super::irregular_forms().any(|f| f == folded) {
            let n = folded.len().min(3);
            proptest::prop_assert_eq!(&key.as_bytes()[..n], &folded.as_bytes()[..n]);
        }
    }
}

#[test]
fn every_irregular_form_is_found() {
    for form in super::irregular_forms() {
        assert!(super::english::irregular(form).is_some(), "{form}");
    }
    assert_eq!(super::english::irregular("took"), Some("take"));
    assert_eq!(super::english::irregular("take"), None);
}
