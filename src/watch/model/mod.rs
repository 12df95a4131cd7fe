//! A watchlist's learned model: a small linear classifier trained, when the config loads, on
//! the labelled examples of the watchlist's examples file, beside its hand-written query. A
//! query lists the ways a topic is written that its author thought of; the model generalises
//! from examples to the ways they did not, and learns the traps (a civilian swap, a drone
//! "incursion") from counter-examples.
//!
//! Pure and deterministic: the same examples give the same weights and the same scores on
//! every machine; no I/O. Explainable: a score comes with the article's own words that pushed
//! it most, either way.

mod examples;
mod features;
mod stopwords;
mod train;

use std::collections::HashMap;
use std::ops::Range;

pub use crate::lang::guess_lang;
pub use examples::{ExampleProblem, parse, to_line};
pub use features::{Counter, Features};
pub use train::TrainError;

use crate::model::Example;

/// Words shown beside a model's score.
const PUSHES_SHOWN: usize = 6;
/// Folds of the cross-validation `check` reports.
pub const FOLDS: usize = 5;
/// Examples below which `check` warns that a model has too little to learn from.
pub const FEW_EXAMPLES: usize = 40;

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    weights: train::Weights,
    /// Examples it was trained on, and how many of them were relevant.
    pub examples: usize,
    pub positives: usize,
}

/// One word of an article and how far it pushed the model's score (in log-odds; positive
/// towards relevant).
#[derive(Debug, Clone, PartialEq)]
pub struct Push {
    pub word: String,
    pub weight: f64,
    /// Where the word first occurs: in the title (true) or the body, and its byte range.
    pub at: (bool, Range<usize>),
}

/// What a model said of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelScore {
    /// Probability the article is relevant, from 0 to 1.
    pub probability: f64,
    /// The words that pushed it most, strongest first.
    pub pushes: Vec<Push>,
    /// The model read only the start of a long body (see [`features::MAX_TOKENS`]).
    pub truncated: bool,
}

impl Model {
    /// Trains a model on the examples, in their order.
    pub fn train(examples: &[Example]) -> Result<Model, TrainError> {
        let features: Vec<Features> = examples
            .iter()
            .map(|e| Features::of(&e.title, &e.body))
            .collect();
        let samples: Vec<train::Sample> = examples
            .iter()
            .zip(&features)
            .map(|(e, features)| train::Sample {
                features,
                label: e.label,
            })
            .collect();
        Self::train_on(&samples)
    }

    fn train_on(samples: &[train::Sample]) -> Result<Model, TrainError> {
        Ok(Model {
            weights: train::fit(samples)?,
            examples: samples.len(),
            positives: samples.iter().filter(|s| s.label).count(),
        })
    }

    /// The probability that an article with these features is relevant.
    pub fn probability(&self, f: &Features) -> f64 {
        train::sigmoid(self.weights.logit(f))
    }

    /// The probability, with the words of `title` and `body` (the texts `f` was made from)
    /// that pushed it most: for reported matches and explanations.
    pub fn score(&self, f: &Features, title: &str, body: &str) -> ModelScore {
        // Each feature's part of the log-odds, shared out among its occurrences, and summed
        // per word as the article spells it (case aside).
        let norm = self.weights.norm(f);
        let mut per_word: HashMap<String, (f64, usize)> = HashMap::new();
        let mut places: Vec<(bool, Range<usize>)> = Vec::new();
        for w in f.words.iter().filter(|_| norm > 0.0) {
            let (mut pushed, mut weighed) = (0.0, false);
            for feature in w.features() {
                let (Some(l), Some(&count)) =
                    (self.weights.by_feature.get(feature), f.counts.get(feature))
                else {
                    continue;
                };
                let part = l.weight * Features::value(count) * l.idf / norm;
                pushed += part * f64::from(w.count) / f64::from(count);
                weighed = true;
            }
            if !weighed {
                continue;
            }
            let text = if w.title { title } else { body };
            let Some(word) = text.get(w.orig.clone()) else {
                continue;
            };
            let e = per_word.entry(word.to_lowercase()).or_insert_with(|| {
                places.push((w.title, w.orig.clone()));
                (0.0, places.len() - 1)
            });
            e.0 += pushed;
        }
        let mut pushes: Vec<(String, f64, usize)> = per_word
            .into_iter()
            .map(|(word, (weight, first))| (word, weight, first))
            .collect();
        // Strongest first; ties in the order the words were first met, so output is stable.
        pushes.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.2.cmp(&b.2)));
        ModelScore {
            probability: self.probability(f),
            pushes: pushes
                .into_iter()
                .take(PUSHES_SHOWN)
                .map(|(word, weight, first)| Push {
                    word,
                    weight,
                    at: places.get(first).cloned().unwrap_or((false, 0..0)),
                })
                .collect(),
            truncated: f.truncated,
        }
    }
}

/// Precision and recall of a set of verdicts on labelled examples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tally {
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
    pub precision: f64,
    pub recall: f64,
}

impl Tally {
    /// Counts `(label, verdict)` pairs.
    pub fn of(pairs: impl IntoIterator<Item = (bool, bool)>) -> Tally {
        let (mut tp, mut fp, mut fneg) = (0, 0, 0);
        for pair in pairs {
            match pair {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fneg += 1,
                (false, false) => {}
            }
        }
        let ratio = |a: usize, b: usize| {
            if a + b == 0 {
                0.0
            } else {
                a as f64 / (a + b) as f64
            }
        };
        Tally {
            true_pos: tp,
            false_pos: fp,
            false_neg: fneg,
            precision: ratio(tp, fp),
            recall: ratio(tp, fneg),
        }
    }
}

/// k-fold cross-validation: each example's probability from a model trained on the other
/// folds ([`FOLDS`] of them, fewer for a tiny file). Examples go to folds by their place in
/// the file (every k-th one), so the folds are the same on every run.
pub fn out_of_fold(examples: &[Example]) -> Result<Vec<f64>, TrainError> {
    let features: Vec<Features> = examples
        .iter()
        .map(|e| Features::of(&e.title, &e.body))
        .collect();
    let folds = FOLDS.min(examples.len()).max(1);
    let mut out = vec![0.0; examples.len()];
    for fold in 0..folds {
        let samples: Vec<train::Sample> = examples
            .iter()
            .zip(&features)
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, (e, features))| train::Sample {
                features,
                label: e.label,
            })
            .collect();
        let model = Model::train_on(&samples)?;
        for (i, f) in features.iter().enumerate().skip(fold).step_by(folds) {
            if let Some(p) = out.get_mut(i) {
                *p = model.probability(f);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
