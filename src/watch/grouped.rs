//! Spans grouped by a key: the places of each word of an article, and of each pattern.

use super::index::{MAX_POSTINGS, Span};

/// Spans grouped by a key (a word, a pattern): `spans[offsets[k]..offsets[k + 1]]` are key
/// `k`'s, ascending, without repeats, at most [`MAX_POSTINGS`] of them. Built by counting,
/// so grouping costs what the spans cost plus one pass over the keys.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    offsets: Vec<u32>,
    spans: Vec<Span>,
}

impl Grouped {
    /// Groups `items` by key; keys of `keys` or more are dropped.
    pub fn build(items: &[(u32, Span)], keys: usize) -> Self {
        let mut offsets = vec![0u32; keys + 1];
        for &(k, _) in items {
            if let Some(n) = offsets.get_mut(k as usize + 1) {
                *n += 1;
            }
        }
        for k in 1..offsets.len() {
            offsets[k] += offsets[k - 1];
        }
        let mut next = offsets.clone();
        let mut spans = vec![Span { start: 0, end: 0 }; offsets[keys] as usize];
        for &(k, span) in items {
            if let Some(at) = next.get_mut(k as usize) {
                spans[*at as usize] = span;
                *at += 1;
            }
        }
        // Items mostly come in text order already; sort a run only when it is not, then
        // drop repeats and what is over the cap, closing up the gaps.
        let mut kept = 0;
        for k in 0..keys {
            let (from, to) = (offsets[k] as usize, offsets[k + 1] as usize);
            let run = &mut spans[from..to];
            if !run.is_sorted() {
                run.sort_unstable();
            }
            offsets[k] = kept as u32;
            let mut n = 0;
            for i in from..to {
                if n < MAX_POSTINGS && (n == 0 || spans[i] != spans[kept - 1]) {
                    spans[kept] = spans[i];
                    kept += 1;
                    n += 1;
                }
            }
        }
        offsets[keys] = kept as u32;
        spans.truncate(kept);
        Grouped { offsets, spans }
    }

    /// The spans of key `k`, ascending (none for an unknown key).
    pub fn of(&self, k: u32) -> &[Span] {
        let k = k as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => self.spans.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// How many spans there are in all.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The ends of the spans of key `k` that start at token `start`.
    pub fn ends_from(&self, k: u32, start: u32) -> impl Iterator<Item = u32> + '_ {
        let spans = self.of(k);
        let lo = spans.partition_point(|s| s.start < start);
        spans[lo..]
            .iter()
            .take_while(move |s| s.start == start)
            .map(|s| s.end)
    }

    /// Every key with spans, ascending, with its spans.
    pub fn keys(&self) -> impl Iterator<Item = (u32, &[Span])> + '_ {
        self.offsets
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[0] < w[1])
            .map(|(k, w)| {
                (
                    k as u32,
                    self.spans.get(w[0] as usize..w[1] as usize).unwrap_or(&[]),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_sorts_dedups_and_caps_each_key() {
        let s = |start, end| Span { start, end };
        let mut items = vec![
            (2, s(5, 6)),
            (0, s(3, 4)),
            (2, s(1, 3)),
            (2, s(5, 6)),
            (9, s(0, 1)),
        ];
        items.extend((0..MAX_POSTINGS as u32 + 5).map(|i| (1, s(i, i + 1))));
        let g = Grouped::build(&items, 3);
        assert_eq!(g.of(0), [s(3, 4)]);
        assert_eq!(g.of(1).len(), MAX_POSTINGS);
        assert_eq!(
            g.of(1).last(),
            Some(&s(MAX_POSTINGS as u32 - 1, MAX_POSTINGS as u32))
        );
        assert_eq!(g.of(2), [s(1, 3), s(5, 6)]);
        assert!(g.of(3).is_empty() && g.of(9).is_empty());
        let keys: Vec<u32> = g.keys().map(|(k, _)| k).collect();
        assert_eq!(keys, [0, 1, 2]);
        assert!(Grouped::build(&[], 0).is_empty());
    }
}
