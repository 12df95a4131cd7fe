//! The geometry of NEAR: which spans of two operands lie within a distance of each other,
//! in tokens, in either order, and the merged spans they make. Pure functions on sorted span
//! lists; what the operands are and where their spans come from is `eval`'s business.

use super::index::{MAX_POSTINGS, Span};

/// Words between two spans; 0 when they touch or overlap.
fn gap(a: Span, b: Span) -> u32 {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Appends to `out` the spans covering each pair of `a` and `b` at most `distance` words
/// apart, sorted and without repeats.
pub fn near_pairs(a: &[Span], b: &[Span], distance: u32, out: &mut Vec<Span>) {
    let from = out.len();
    // No span of `b` starting more than this before `x` can end near it.
    let reach = b
        .iter()
        .map(|y| y.end.saturating_sub(y.start))
        .max()
        .unwrap_or(0);
    'pairs: for &x in a {
        let first =
            b.partition_point(|y| y.start.saturating_add(reach).saturating_add(distance) < x.start);
        // `b` is sorted by start: nothing after a span starting too far past `x` is near.
        for &y in &b[first..] {
            if y.start > x.end.saturating_add(distance) {
                break;
            }
            if gap(x, y) <= distance {
                out.push(Span {
                    start: x.start.min(y.start),
                    end: x.end.max(y.end),
                });
                if out.len() - from >= MAX_POSTINGS {
                    break 'pairs;
                }
            }
        }
    }
    sort_dedup_from(out, from);
}

/// Sorts `v[from..]` and drops its repeats, leaving `v[..from]` as it was.
pub fn sort_dedup_from(v: &mut Vec<Span>, from: usize) {
    let Some(tail) = v.get_mut(from..) else {
        return;
    };
    tail.sort_unstable();
    let mut kept = from;
    for i in from..v.len() {
        if kept == from || v[i] != v[kept - 1] {
            v[kept] = v[i];
            kept += 1;
        }
    }
    v.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    #[test]
    fn gap_counts_the_words_between_in_either_order() {
        assert_eq!(gap(s(0, 1), s(1, 2)), 0);
        assert_eq!(gap(s(0, 1), s(9, 10)), 8);
        assert_eq!(gap(s(9, 10), s(0, 1)), 8);
        assert_eq!(gap(s(0, 3), s(1, 2)), 0);
    }

    fn near_pairs(a: &[Span], b: &[Span], distance: u32) -> Vec<Span> {
        let mut out = vec![s(99, 100)];
        super::near_pairs(a, b, distance, &mut out);
        out.remove(0);
        out
    }

    #[test]
    fn near_pairs_cover_both_sides() {
        assert_eq!(
            near_pairs(&[s(5, 6)], &[s(0, 2), s(14, 15)], 8),
            [s(0, 6), s(5, 15)]
        );
        assert!(near_pairs(&[s(5, 6)], &[s(15, 16)], 8).is_empty());
        assert!(near_pairs(&[], &[s(1, 2)], 8).is_empty());
    }

    #[test]
    fn near_pairs_find_a_long_span_that_starts_well_before() {
        // The phrase starts 12 tokens before the word but ends 2 before it.
        let b = [s(0, 1), s(3, 13), s(30, 31)];
        assert_eq!(near_pairs(&[s(15, 16)], &b, 2), [s(3, 16)]);
        assert!(near_pairs(&[s(16, 17)], &b, 2).is_empty());
    }

    #[test]
    fn near_pairs_stay_sorted_when_capped() {
        let a: Vec<Span> = (0..2000).map(|i| s(i * 2, i * 2 + 1)).collect();
        let b: Vec<Span> = (0..2000).map(|i| s(i * 2 + 1, i * 2 + 2)).collect();
        let pairs = near_pairs(&a, &b, 3);
        assert_eq!(pairs.len(), MAX_POSTINGS);
        assert!(pairs.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn sort_dedup_from_leaves_the_head_alone() {
        let mut v = vec![s(9, 10), s(5, 6), s(1, 2), s(5, 6), s(1, 2)];
        sort_dedup_from(&mut v, 1);
        assert_eq!(v, [s(9, 10), s(1, 2), s(5, 6)]);
        sort_dedup_from(&mut v, 7);
        assert_eq!(v.len(), 3);
    }
}
