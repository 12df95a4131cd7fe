//! Names and numbers weighed by how rare they are among the reports around them. "Ukraine",
//! "Russia" and "Zelensky" are in every report of the beat and say nothing of which event one
//! tells; "Sudzha", "Moskalkova" or "306" are in a few. Each report keeps how often it gives
//! each name (as its transliterated skeleton, so the three languages meet) and each figure;
//! two reports are compared by the cosine of those counts, each weighed by its inverse
//! document frequency among the recent reports the store holds (`Background`). No corpus is
//! shipped: the weights are whatever the operator's own feeds make common.

use super::hash32;
use super::keys::Token;
use super::translit::skeleton;
use std::collections::HashMap;

/// Terms kept per report, the most frequent first: a report's event is in its frequent names.
pub(super) const MAX_TERMS: usize = 48;
/// Terms are read from this many words of a report (its title first).
const LEAD_WORDS: usize = 1500;
/// Below this many reports the frequencies say too little to weigh by; the signal is off.
pub const MIN_BACKGROUND: usize = 20;

/// A report's names and figures with their counts, `[hash, count]`, most frequent first (ties:
/// first seen first).
pub(super) fn terms(title: &[Token], text: &[Token]) -> Vec<[u32; 2]> {
    let mut seen: HashMap<u32, (u32, usize)> = HashMap::new();
    for (i, t) in title.iter().chain(text).take(LEAD_WORDS).enumerate() {
        let Some(h) = term(t) else { continue };
        let e = seen.entry(h).or_insert((0, i));
        e.0 += 1;
    }
    let mut ranked: Vec<(u32, (u32, usize))> = seen.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    ranked
        .into_iter()
        .take(MAX_TERMS)
        .map(|(h, (n, _))| [h, n])
        .collect()
}

/// A name (a capitalised word of four letters or more, by its skeleton) or a figure (not a
/// year, not 0 or 1), hashed; `None` for every other word.
fn term(t: &Token) -> Option<u32> {
    if t.num {
        let n: u64 = t.word.parse().ok().filter(|_| t.word.len() <= 9)?;
        let year = (1900..=2100).contains(&n) && t.word.len() == 4;
        return (n >= 2 && !year).then(|| hash32(&["figure", &n.to_string()]));
    }
    if !t.cap || t.word.chars().count() < 4 {
        return None;
    }
    let s = skeleton(&t.word);
    (s.chars().count() >= 3).then(|| hash32(&["skeleton", &s]))
}

/// How many of the recent reports give each term.
#[derive(Debug, Default, Clone)]
pub struct Background {
    reports: usize,
    df: HashMap<u32, u32>,
}

impl Background {
    pub(super) fn add(&mut self, terms: &[[u32; 2]]) {
        self.reports += 1;
        for [h, _] in terms {
            *self.df.entry(*h).or_default() += 1;
        }
    }

    /// How many reports it was built from.
    pub fn reports(&self) -> usize {
        self.reports
    }

    /// Smoothed inverse document frequency (the +1s keep a term no recent report gives
    /// finite and a term every report gives above zero).
    fn idf(&self, h: u32) -> f64 {
        let df = self.df.get(&h).copied().unwrap_or(0) as f64;
        ((self.reports as f64 + 1.0) / (df + 1.0)).ln() + 1.0
    }

    fn vector(&self, terms: &[[u32; 2]]) -> HashMap<u32, f64> {
        let mut v: HashMap<u32, f64> = terms
            .iter()
            .map(|[h, n]| (*h, (1.0 + f64::from(*n).ln()) * self.idf(*h)))
            .collect();
        let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.values_mut().for_each(|x| *x /= norm);
        }
        v
    }

    /// The weighted cosine of two reports' terms, 0..=1; 0 while the background is too
    /// small to weigh by.
    pub(super) fn cosine(&self, a: &[[u32; 2]], b: &[[u32; 2]]) -> f64 {
        if self.reports < MIN_BACKGROUND || a.is_empty() || b.is_empty() {
            return 0.0;
        }
        let (va, vb) = (self.vector(a), self.vector(b));
        va.iter()
            .filter_map(|(h, x)| vb.get(h).map(|y| x * y))
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::{normalise, tokenise};
    use super::*;

    fn of(text: &str) -> Vec<[u32; 2]> {
        terms(&[], &tokenise(&normalise(text)))
    }

    #[test]
    fn names_meet_across_scripts_and_figures_are_kept_but_years_are_not() {
        let en = of("Sudzha was taken in 2024; 306 soldiers returned to Sudzha");
        let uk = of("Суджу взяли у 2024 році; повернулися 306 військових");
        assert_eq!(en[0][1], 2, "Sudzha twice: {en:?}");
        assert!(en.iter().any(|t| uk.iter().any(|u| u[0] == t[0])));
        assert_eq!(en.len(), 2, "Sudzha and 306, not the year: {en:?}");
    }

    #[test]
    fn common_names_weigh_less_than_rare_ones() {
        let mut bg = Background::default();
        for i in 0..40 {
            bg.add(&of(&format!("Ukraine and Russia, report {}", i + 2)));
        }
        bg.add(&of("Sudzha"));
        let a = of("Ukraine Russia Sudzha");
        let shares_rare = of("Sudzha Kharkiv Sumy");
        let shares_common = of("Ukraine Russia Kharkiv");
        assert!(bg.cosine(&a, &shares_rare) > bg.cosine(&a, &shares_common));
    }

    #[test]
    fn too_small_a_background_weighs_nothing() {
        let mut bg = Background::default();
        bg.add(&of("Sudzha"));
        assert_eq!(bg.cosine(&of("Sudzha"), &of("Sudzha")), 0.0);
    }
}
