use super::*;

fn word(text: &str, prefix: bool) -> WordPat {
    WordPat {
        text: text.into(),
        prefix,
    }
}

fn runs(f: &Field, w: u32) -> Vec<(usize, usize)> {
    f.postings[w as usize]
        .iter()
        .map(|s| (s.start, s.end))
        .collect()
}

#[test]
fn one_read_finds_stems_prefixes_and_hyphen_compounds() {
    let mut d = Dict::default();
    let swap = d.intern(&word("swapped", false));
    let pris = d.intern(&word("pris", true));
    let prisoner = d.intern(&word("prisoner", true));
    let cb = d.intern(&word("crossborder", false));
    assert_eq!(d.intern(&word("swaps", false)), swap, "one key per stem");
    assert_eq!(d.intern(&word("pris", true)), pris);
    assert_eq!(d.count(), 4);
    let f = read(
        &d,
        "Swapping prisoners in a cross-border swap; prison",
        |_, _| {},
    );
    assert_eq!(runs(&f, swap), [(0, 1), (6, 7)]);
    assert_eq!(runs(&f, pris), [(1, 2), (7, 8)]);
    assert_eq!(runs(&f, prisoner), [(1, 2)]);
    assert_eq!(runs(&f, cb), [(4, 6)]);
    assert_eq!(f.places[4], (24, 29));
}

#[test]
fn irregular_forms_reach_their_key() {
    let mut d = Dict::default();
    let take = d.intern(&word("take", false));
    let f = read(&d, "They took prisoners and had taken more", |_, _| {});
    assert_eq!(runs(&f, take), [(1, 2), (5, 6)]);
}

#[test]
fn an_empty_dictionary_finds_nothing() {
    let f = read(&Dict::default(), "anything at all", |_, _| {});
    assert!(f.postings.is_empty());
    assert_eq!(f.places.len(), 3);
}

#[test]
fn postings_have_no_cap() {
    let mut d = Dict::default();
    let pow = d.intern(&word("pow", false));
    let f = read(&d, &"pow ".repeat(5000), |_, _| {});
    assert_eq!(f.postings[pow as usize].len(), 5000);
}
