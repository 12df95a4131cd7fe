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
#[path = "near_tests.rs"]
mod tests;
