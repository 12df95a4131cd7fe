use super::*;
use crate::watch::index::{Dict, scan};
use crate::watch::parse::WordPat;

#[test]
fn heads_are_the_first_three_bytes_zero_padded() {
    assert_eq!(head("swap"), head("swa"));
    assert_ne!(head("swap"), head("sw"));
    assert_eq!(head(""), 0);
    assert_eq!(head("a"), u32::from(b'a'));
    // Multi-byte letters: the head holds bytes, not chars.
    assert_eq!(head("обмін"), head("об"));
}

#[test]
fn the_head_bitmap_never_forgets_a_head() {
    let mut h = Heads::default();
    assert!(!h.may_contain(head("swap")), "an empty set holds nothing");
    let words = ["swap", "pow", "об", "x", "", "exchange", "полон"];
    for w in words {
        h.insert(head(w));
    }
    for w in words {
        assert!(h.may_contain(head(w)), "{w}");
    }
}

#[test]
fn a_prefix_shorter_than_a_head_still_matches_longer_tokens() {
    let mut d = Dict::default();
    let short = d.intern(&WordPat {
        text: "ab".into(),
        prefix: true,
    });
    let long = d.intern(&WordPat {
        text: "abcd".into(),
        prefix: true,
    });
    let text = "abc abcde ab xyz";
    let p = scan(&d, text).postings;
    let starts = |w| p.of(w).iter().map(|s| s.start).collect::<Vec<_>>();
    assert_eq!(starts(short), [0, 1, 2]);
    assert_eq!(starts(long), [1]);
}
