//! Fitting a watchlist's model to its examples: an article is a vector of its features'
//! log-scaled counts, each weighed by its rarity among the examples (inverse document
//! frequency, so "the" and "and" weigh little whatever the examples' style) and the vector
//! made of unit length over the features the model knows; then L2-regularised logistic
//! regression, solved by
//! argmin's L-BFGS with a More–Thuente line search. The loss and its gradient are written
//! here over the sparse feature vectors (an article holds a few hundred of the tens of
//! thousands of features a set of examples has), so training a thousand examples costs
//! milliseconds where a dense matrix would cost seconds and hundreds of megabytes.
//!
//! Deterministic: examples are read in file order, the vocabulary is sorted by hash, the
//! optimiser starts from zero and sums run in a fixed order, so the same file gives the same
//! weights on every run.

use argmin::core::{CostFunction, Error as ArgminError, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use rustc_hash::FxHashMap;

use super::features::Features;

/// A feature must occur in this many examples to be learned from: one seen once says more
/// about that example than about the topic.
const MIN_DF: usize = 2;
/// Weight of the L2 penalty against the summed log loss. Small enough that the examples'
/// distinctive words can carry a verdict, large enough that no word decides alone; chosen by
/// cross-validation on the shipped examples.
const ALPHA: f64 = 0.02;
/// L-BFGS iterations at most; a few hundred examples converge well before.
const MAX_ITERATIONS: u64 = 300;
/// Past updates L-BFGS keeps to model the curvature.
const MEMORY: usize = 10;

/// What training needs of an example.
pub struct Sample<'a> {
    pub features: &'a Features,
    pub label: bool,
}

/// Why a model could not be trained.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("the examples are all {}: a model needs relevant and irrelevant examples both", if *.0 { "relevant" } else { "irrelevant" })]
    OneSided(bool),
    #[error("no examples")]
    Empty,
    #[error("no word occurs in two examples or more: there is nothing to learn from")]
    NoFeatures,
    #[error("the optimiser failed: {0}")]
    Optimiser(String),
}

/// What a model learned of each feature it knows, keyed by feature hash: its weight and its
/// rarity among the examples.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub by_feature: FxHashMap<u64, Learned>,
    pub intercept: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Learned {
    pub weight: f64,
    pub idf: f64,
}

/// The training problem: rows of (column, value) with a label of ±1. The last parameter is
/// the intercept, which is not penalised.
struct Problem {
    rows: Vec<Vec<(usize, f64)>>,
    y: Vec<f64>,
    columns: usize,
    alpha: f64,
}

impl Problem {
    fn margin(&self, row: &[(usize, f64)], w: &[f64]) -> f64 {
        let b = w.get(self.columns).copied().unwrap_or(0.0);
        b + row
            .iter()
            .map(|&(c, x)| w.get(c).copied().unwrap_or(0.0) * x)
            .sum::<f64>()
    }
}

/// log(1 + e^-z), without overflow for large |z|.
fn log_loss(z: f64) -> f64 {
    if z > 0.0 {
        (-z).exp().ln_1p()
    } else {
        -z + z.exp().ln_1p()
    }
}

impl CostFunction for Problem {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, w: &Vec<f64>) -> Result<f64, ArgminError> {
        let loss: f64 = self
            .rows
            .iter()
            .zip(&self.y)
            .map(|(row, y)| log_loss(y * self.margin(row, w)))
            .sum();
        let penalty: f64 = w.iter().take(self.columns).map(|v| v * v).sum();
        Ok(loss + 0.5 * self.alpha * penalty)
    }
}

impl Gradient for Problem {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;

    fn gradient(&self, w: &Vec<f64>) -> Result<Vec<f64>, ArgminError> {
        let mut g: Vec<f64> = w.iter().map(|v| self.alpha * v).collect();
        if let Some(b) = g.get_mut(self.columns) {
            *b = 0.0;
        }
        for (row, y) in self.rows.iter().zip(&self.y) {
            // d/dz log(1 + e^(-y z)) = -y / (1 + e^(y z))
            let d = -y / (1.0 + (y * self.margin(row, w)).exp());
            for &(c, x) in row {
                if let Some(gc) = g.get_mut(c) {
                    *gc += d * x;
                }
            }
            if let Some(gb) = g.get_mut(self.columns) {
                *gb += d;
            }
        }
        Ok(g)
    }
}

/// Fits weights to the samples.
pub fn fit(samples: &[Sample]) -> Result<Weights, TrainError> {
    let positives = samples.iter().filter(|s| s.label).count();
    if samples.is_empty() {
        return Err(TrainError::Empty);
    }
    if positives == 0 || positives == samples.len() {
        return Err(TrainError::OneSided(positives > 0));
    }
    let values: Vec<&Vec<(u64, f64)>> = samples.iter().map(|s| &s.features.values).collect();
    let mut df: FxHashMap<u64, usize> = FxHashMap::default();
    for v in &values {
        for &(h, _) in v.iter() {
            *df.entry(h).or_default() += 1;
        }
    }
    let mut vocab: Vec<(u64, f64)> = df
        .into_iter()
        .filter(|&(_, n)| n >= MIN_DF)
        .map(|(h, n)| (h, idf(samples.len(), n)))
        .collect();
    if vocab.is_empty() {
        return Err(TrainError::NoFeatures);
    }
    vocab.sort_unstable_by_key(|&(h, _)| h);
    let column: FxHashMap<u64, (usize, f64)> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(h, idf))| (h, (i, idf)))
        .collect();
    let rows = values
        .iter()
        .map(|v| {
            let mut row: Vec<(usize, f64)> = v
                .iter()
                .filter_map(|(h, x)| column.get(h).map(|&(c, idf)| (c, x * idf)))
                .collect();
            let norm = row.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            row
        })
        .collect();
    let problem = Problem {
        rows,
        y: samples
            .iter()
            .map(|s| if s.label { 1.0 } else { -1.0 })
            .collect(),
        columns: vocab.len(),
        alpha: ALPHA,
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), MEMORY)
        .with_tolerance_grad(1e-6)
        .and_then(|s| s.with_tolerance_cost(1e-12))
        .map_err(|e| TrainError::Optimiser(e.to_string()))?;
    let start = vec![0.0; vocab.len() + 1];
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(start).max_iters(MAX_ITERATIONS))
        .run()
        .map_err(|e| TrainError::Optimiser(e.to_string()))?;
    let w = result
        .state()
        .get_best_param()
        .cloned()
        .ok_or_else(|| TrainError::Optimiser("no solution".into()))?;
    let intercept = w.get(vocab.len()).copied().unwrap_or(0.0);
    let by_feature = vocab
        .iter()
        .zip(&w)
        .map(|(&(h, idf), &weight)| (h, Learned { weight, idf }))
        .collect();
    Ok(Weights {
        by_feature,
        intercept,
    })
}

/// A feature's weight for its rarity: smoothed inverse document frequency.
fn idf(examples: usize, with_it: usize) -> f64 {
    ((1.0 + examples as f64) / (1.0 + with_it as f64)).ln() + 1.0
}

impl Weights {
    /// The length of an article's vector over the features this model knows.
    pub fn norm(&self, f: &Features) -> f64 {
        f.values
            .iter()
            .filter_map(|(h, x)| self.by_feature.get(h).map(|l| (x * l.idf).powi(2)))
            .sum::<f64>()
            .sqrt()
    }

    /// The model's log-odds that an article with these features is relevant: the dot
    /// product and the vector's length summed in one pass.
    pub fn logit(&self, f: &Features) -> f64 {
        let (mut dot, mut norm2) = (0.0, 0.0);
        for (h, x) in &f.values {
            if let Some(l) = self.by_feature.get(h) {
                let v = x * l.idf;
                dot += l.weight * v;
                norm2 += v * v;
            }
        }
        self.intercept + if norm2 > 0.0 { dot / norm2.sqrt() } else { 0.0 }
    }
}

/// The logistic function: log-odds to probability.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}
