//! Spans grouped by a key: the places of each word of an article, and of each pattern.

use super::index::{MAX_POSTINGS, Span};

/// Spans grouped by a key (a word, a pattern): each key's spans ascending, without repeats,
/// at most [`MAX_POSTINGS`] of them. An article holds few of the set's keys, so only those
/// are worked on: a key is known to be present by a stamp of the current fill, and grouping
/// costs what the spans cost, not what the set's keys number. Kept between articles.
#[derive(Debug, Clone, Default)]
pub struct Grouped {
    /// Per key: the fill that last found it, and then where its run is in `runs`.
    stamp: Vec<u32>,
    slot: Vec<u32>,
    /// This fill's number; stamps of earlier fills are stale.
    generation: u32,
    /// The keys found, in the order first found, with their runs `spans[from..to]`.
    runs: Vec<Run>,
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    key: u32,
    from: u32,
    to: u32,
}

impl Grouped {
    /// Groups `items` by key; keys of `keys` or more are dropped.
    #[cfg(test)]
    pub fn build(items: &[(u32, Span)], keys: usize) -> Self {
        let mut g = Grouped::default();
        g.fill(items, keys);
        g
    }

    /// Regroups `items` by key in place, keeping the buffers; keys of `keys` or more are
    /// dropped.
    pub fn fill(&mut self, items: &[(u32, Span)], keys: usize) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 || self.stamp.len() != keys {
            // A new key space, or stamps about to repeat: start them over.
            self.stamp.clear();
            self.stamp.resize(keys, 0);
            self.slot.resize(keys, 0);
            self.generation = 1;
        }
        let Grouped {
            stamp,
            slot,
            generation,
            runs,
            spans,
        } = self;
        runs.clear();
        // Count each key found.
        for &(k, _) in items {
            let Some(st) = stamp.get_mut(k as usize) else {
                continue;
            };
            if *st != *generation {
                *st = *generation;
                slot[k as usize] = runs.len() as u32;
                runs.push(Run {
                    key: k,
                    from: 0,
                    to: 0,
                });
            }
            runs[slot[k as usize] as usize].to += 1;
        }
        // Lay the runs out one after another, each empty, to be filled up to its count.
        let mut total = 0;
        for r in runs.iter_mut() {
            (r.from, r.to, total) = (total, total, total + r.to);
        }
        spans.clear();
        spans.resize(total as usize, Span { start: 0, end: 0 });
        for &(k, span) in items {
            if stamp.get(k as usize) == Some(generation) {
                let r = &mut runs[slot[k as usize] as usize];
                spans[r.to as usize] = span;
                r.to += 1;
            }
        }
        // Items mostly come in text order already; sort a run only when it is not, then
        // drop repeats and what is over the cap, closing up the gaps.
        let mut kept = 0;
        for r in runs.iter_mut() {
            let (from, to) = (r.from as usize, r.to as usize);
            let run = &mut spans[from..to];
            if !run.is_sorted() {
                run.sort_unstable();
            }
            r.from = kept as u32;
            let mut n = 0;
            for i in from..to {
                if n < MAX_POSTINGS && (n == 0 || spans[i] != spans[kept - 1]) {
                    spans[kept] = spans[i];
                    kept += 1;
                    n += 1;
                }
            }
            r.to = kept as u32;
        }
        spans.truncate(kept);
    }

    /// The spans of key `k`, ascending (none for an unknown key).
    pub fn of(&self, k: u32) -> &[Span] {
        let k = k as usize;
        if self.stamp.get(k) != Some(&self.generation) {
            return &[];
        }
        self.slot
            .get(k)
            .and_then(|&i| self.runs.get(i as usize))
            .and_then(|r| self.spans.get(r.from as usize..r.to as usize))
            .unwrap_or(&[])
    }

    /// Whether key `k` has spans: its stamp tells, as every key found keeps one at least.
    pub fn has(&self, k: u32) -> bool {
        self.stamp.get(k as usize) == Some(&self.generation)
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

    /// Every key with spans, in the order first found, with its spans.
    pub fn keys(&self) -> impl Iterator<Item = (u32, &[Span])> + '_ {
        self.runs.iter().map(|r| {
            (
                r.key,
                self.spans
                    .get(r.from as usize..r.to as usize)
                    .unwrap_or(&[]),
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
        assert_eq!(keys, [2, 0, 1]);
        assert!(Grouped::build(&[], 0).is_empty());
    }

    #[test]
    fn a_refill_forgets_the_keys_of_the_last() {
        let s = |start, end| Span { start, end };
        let mut g = Grouped::build(&[(0, s(1, 2)), (2, s(3, 4))], 3);
        g.fill(&[(1, s(5, 6))], 3);
        assert!(g.of(0).is_empty() && g.of(2).is_empty());
        assert!(!g.has(0) && g.has(1) && !g.has(2) && !g.has(7));
        assert_eq!(g.of(1), [s(5, 6)]);
        g.fill(&[(4, s(7, 8))], 5);
        assert!(g.of(1).is_empty());
        assert_eq!(g.keys().map(|(k, _)| k).collect::<Vec<_>>(), [4]);
    }
}
