use super::*;

fn word(text: &str, prefix: bool) -> WordPat {
    WordPat {
        text: text.into(),
        prefix,
    }
}

#[test]
fn one_scan_finds_stems_prefixes_and_hyphen_compounds() {
    let mut d = Dict::default();
    let swap = d.intern(&word("swapped", false));
    let pris = d.intern(&word("pris", true));
    let prisoner = d.intern(&word("prisoner", true));
    let cb = d.intern(&word("crossborder", false));
    assert_eq!(d.intern(&word("swaps", false)), swap, "one key per stem");
    let text = "Swapping prisoners in a cross-border swap; prison";
    let p = scan(&d, text).postings;
    let starts = |w| p.of(w).iter().map(|s| (s.start, s.end)).collect::<Vec<_>>();
    assert_eq!(starts(swap), [(0, 1), (6, 7)]);
    assert_eq!(starts(pris), [(1, 2), (7, 8)]);
    assert_eq!(starts(prisoner), [(1, 2)]);
    assert_eq!(starts(cb), [(4, 6)]);
    assert_eq!(p.ends_from(cb, 4).collect::<Vec<_>>(), [6]);
    assert_eq!(p.ends_from(cb, 5).count(), 0);
}

#[test]
fn irregular_forms_reach_their_key_and_only_theirs_pass_the_head_filter() {
    let mut d = Dict::default();
    let take = d.intern(&word("take", false));
    let _ = d.intern(&word("swap", false));
    let p = scan(&d, "They took prisoners and had taken more").postings;
    assert_eq!(
        p.of(take).iter().map(|s| s.start).collect::<Vec<_>>(),
        [1, 5]
    );
    // "said" stems to "say", which the dictionary lacks: no stemming, no lookup.
    assert!(d.heads.may_contain(head("took")));
    assert!(!d.heads.may_contain(head("said")));
    assert!(!d.heads.may_contain(head("made")));
}

#[test]
fn an_empty_dictionary_finds_nothing() {
    let text = "anything at all";
    assert!(scan(&Dict::default(), text).postings.is_empty());
}

#[test]
fn postings_are_capped_per_word() {
    let mut d = Dict::default();
    let pow = d.intern(&word("pow", false));
    let text = "pow ".repeat(MAX_POSTINGS * 2);
    let p = scan(&d, &text).postings;
    assert_eq!(p.of(pow).len(), MAX_POSTINGS);
}
