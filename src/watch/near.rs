//! The geometry of NEAR: the spans covering a span of each operand, the two at most a distance
//! apart in either order. Pure functions on sorted span lists.
//!
//! What a NEAR's spans are used for is only whether it holds, and whether a NEAR around it
//! holds. A span inside another is never nearer to anything than the one holding it, so
//! only the outermost spans (inside no other) matter, and they are all that is kept: at most
//! one per start, so the work and the memory of a NEAR grow with the text and never with the
//! square of it, whatever the text repeats. No cap is needed, and none is kept.

use super::index::Span;

fn cover(a: Span, b: Span) -> Span {
    Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

/// The spans of `spans` (sorted) that lie inside no other: their starts and their ends both
/// ascend strictly.
pub fn outermost(spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for &s in spans {
        // A span after one of the same start ends as late or later: it holds the one before.
        if out.last().is_some_and(|l| l.start == s.start) {
            out.pop();
        }
        // Otherwise it is inside an earlier one exactly when that one ends as late.
        if out.last().is_none_or(|l| s.end > l.end) {
            out.push(s);
        }
    }
    out
}

/// The outermost spans covering a span of `a` and one of `b` at most `distance` words apart
/// (both sorted), ascending.
///
/// With both sides outermost, the spans of `b` near a span `x` of `a` are one run `b[lo..hi]`
/// whose bounds only move on as `x` does. Of the spans `x` makes with them, each lies inside
/// the one made with `b[lo]` (those starting and ending before `x` ends, or inside `x`), or
/// inside the one made with `b[hi - 1]` (those starting after `x` starts and ending after
/// it), or holds `x` and so is itself; those holding `x` are a run `b[p..q]` too, noted by
/// its bounds and taken once at the end.
pub fn near(a: &[Span], b: &[Span], distance: usize) -> Vec<Span> {
    let (a, b) = (outermost(a), outermost(b));
    let mut out = Vec::new();
    // +1 where a run of `b` holding some `x` starts, -1 where it ends.
    let mut holding = vec![0i32; b.len() + 1];
    let (mut lo, mut hi) = (0, 0);
    for &x in &a {
        while lo < b.len() && b[lo].end.saturating_add(distance) < x.start {
            lo += 1;
        }
        hi = hi.max(lo);
        while hi < b.len() && b[hi].start <= x.end.saturating_add(distance) {
            hi += 1;
        }
        if lo == hi {
            continue;
        }
        out.push(cover(x, b[lo]));
        out.push(cover(x, b[hi - 1]));
        let p = b.partition_point(|y| y.end < x.end);
        let q = b.partition_point(|y| y.start <= x.start);
        if p < q {
            holding[p] += 1;
            holding[q] -= 1;
        }
    }
    let mut open = 0;
    for (y, &step) in b.iter().zip(&holding) {
        open += step;
        if open > 0 {
            out.push(*y);
        }
    }
    out.sort_unstable();
    out.dedup();
    outermost(&out)
}

#[cfg(test)]
mod tests {
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
}
