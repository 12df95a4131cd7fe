use super::*;
use proptest::prelude::*;

fn s(start: usize, end: usize) -> Span {
    Span { start, end }
}

/// Words between two spans; 0 when they touch or overlap.
fn gap(a: Span, b: Span) -> usize {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Every pair tried, then the outermost of what they cover.
fn every_pair(a: &[Span], b: &[Span], distance: usize) -> Vec<Span> {
    let mut out: Vec<Span> = a
        .iter()
        .flat_map(|&x| b.iter().map(move |&y| (x, y)))
        .filter(|&(x, y)| gap(x, y) <= distance)
        .map(|(x, y)| cover(x, y))
        .collect();
    out.sort_unstable();
    out.dedup();
    outermost(&out)
}

#[test]
fn gap_counts_the_words_between_in_either_order() {
    assert_eq!(gap(s(0, 1), s(1, 2)), 0);
    assert_eq!(gap(s(0, 1), s(9, 10)), 8);
    assert_eq!(gap(s(9, 10), s(0, 1)), 8);
    assert_eq!(gap(s(0, 3), s(1, 2)), 0);
}

#[test]
fn near_covers_both_sides_and_keeps_the_outermost() {
    assert_eq!(
        near(&[s(5, 6)], &[s(0, 2), s(14, 15)], 8),
        [s(0, 6), s(5, 15)]
    );
    assert!(near(&[s(5, 6)], &[s(15, 16)], 8).is_empty());
    assert!(near(&[], &[s(1, 2)], 8).is_empty());
    // A phrase starting 12 tokens before the word but ending 2 before it.
    let b = [s(0, 1), s(3, 13), s(30, 31)];
    assert_eq!(near(&[s(15, 16)], &b, 2), [s(3, 16)]);
    assert!(near(&[s(16, 17)], &b, 2).is_empty());
    assert_eq!(
        outermost(&[s(0, 1), s(0, 3), s(1, 2), s(2, 4)]),
        [s(0, 3), s(2, 4)]
    );
}

#[test]
fn a_word_repeated_past_any_former_cap_still_meets_its_neighbour() {
    let a: Vec<Span> = (0..100_000).map(|i| s(2 * i, 2 * i + 1)).collect();
    let b = [s(199_999, 200_000)];
    assert_eq!(near(&a, &b, 1), [s(199_998, 200_000)]);
    assert_eq!(near(&a, &a, 1).len(), 99_999);
}

fn spans() -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((0usize..40, 1usize..6), 0..12).prop_map(|v| {
        let mut v: Vec<Span> = v.into_iter().map(|(st, len)| s(st, st + len)).collect();
        v.sort_unstable();
        v.dedup();
        v
    })
}

proptest! {
    #[test]
    fn near_keeps_the_outermost_of_every_pair(a in spans(), b in spans(), d in 0usize..6) {
        prop_assert_eq!(near(&a, &b, d), every_pair(&a, &b, d));
    }
}
