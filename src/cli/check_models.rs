//! What `check` says of each watchlist's learned model: what it learns from and how well,
//! measured by k-fold cross-validation on its own examples — the model alone, the query
//! alone and the two as the watchlist decides — with warnings where that is weak or the
//! examples are too few or one-sided.

use crate::config::Config;
use crate::model::WatchlistSpec;
use crate::watch::model::{self, Tally};
use crate::watch::{WatchSet, decides};
use std::collections::BTreeMap;

/// Precision or recall below this in cross-validation earns a warning.
const WEAK: f64 = 0.9;
/// Fewer examples than this of either label earn a warning.
const FEW_OF_A_KIND: usize = 10;

/// What `check` says of one watchlist's model.
pub(super) struct ModelReport {
    pub watchlist: String,
    pub lines: Vec<String>,
    pub warnings: Vec<String>,
}

/// A report for every watchlist with examples.
pub(super) fn models(cfg: &Config) -> Vec<ModelReport> {
    // The queries alone, to see how each would do on its examples without its model.
    let mut specs = cfg.watchlists.clone();
    specs.iter_mut().for_each(|s| s.examples = None);
    let queries = WatchSet::compile_with(&specs, &cfg.aliases).ok();
    cfg.watchlists
        .iter()
        .filter(|w| w.examples.is_some())
        .map(|w| report(w, queries.as_ref()))
        .collect()
}

fn report(w: &WatchlistSpec, queries: Option<&WatchSet>) -> ModelReport {
    let mut r = ModelReport {
        watchlist: w.id.clone(),
        lines: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(file) = &w.examples else { return r };
    let ex = &file.examples;
    let at = file.path.display();
    let relevant = ex.iter().filter(|e| e.label).count();
    let mut langs: BTreeMap<&str, usize> = BTreeMap::new();
    for e in ex {
        *langs.entry(e.lang.as_deref().unwrap_or("?")).or_default() += 1;
    }
    let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
    r.lines.push(format!(
        "      model: {} examples ({relevant} relevant; {}) in {}; decide {}, threshold {}, veto {}",
        ex.len(),
        langs.join(", "),
        at,
        w.decide.as_str(),
        w.threshold,
        w.veto
    ));
    if ex.len() < model::FEW_EXAMPLES {
        r.warnings.push(format!(
            "{at}: watchlist {} has only {} examples; its model needs {} or more to learn the topic",
            w.id,
            ex.len(),
            model::FEW_EXAMPLES
        ));
    }
    let irrelevant = ex.len() - relevant;
    if relevant.min(irrelevant) < FEW_OF_A_KIND {
        r.warnings.push(format!(
            "{at}: watchlist {}: {relevant} relevant and {irrelevant} irrelevant examples are too one-sided; give at least {FEW_OF_A_KIND} of each, the irrelevant ones near misses",
            w.id
        ));
    }
    let probabilities = match model::out_of_fold(ex) {
        Ok(p) => p,
        Err(e) => {
            r.warnings.push(format!(
                "{at}: watchlist {}: cannot cross-validate its model: {e}",
                w.id
            ));
            return r;
        }
    };
    let query: Vec<bool> = ex
        .iter()
        .map(|e| {
            queries.is_some_and(|q| {
                q.matches(&e.title, &e.body)
                    .iter()
                    .any(|m| m.watchlist == w.id)
            })
        })
        .collect();
    let labels = || ex.iter().map(|e| e.label);
    let model_alone = Tally::of(labels().zip(probabilities.iter().map(|&p| p >= w.threshold)));
    let query_alone = Tally::of(labels().zip(query.iter().copied()));
    let decided = Tally::of(
        labels().zip(
            query
                .iter()
                .zip(&probabilities)
                .map(|(&q, &p)| decides(w, q, p)),
        ),
    );
    let pr = |t: &Tally| format!("precision {:.2}, recall {:.2}", t.precision, t.recall);
    r.lines.push(format!(
        "        {}-fold cross-validation on its examples: as decided {} ({} right, {} wrong, {} missed); model alone {}; query alone {}",
        model::FOLDS.min(ex.len()),
        pr(&decided),
        decided.true_pos,
        decided.false_pos,
        decided.false_neg,
        pr(&model_alone),
        pr(&query_alone)
    ));
    if decided.precision < WEAK || decided.recall < WEAK {
        r.warnings.push(format!(
            "{at}: watchlist {}: cross-validated {} is below {WEAK}; add examples like those it gets wrong (`newshound watch test --explain` shows the words its model weighs)",
            w.id,
            pr(&decided)
        ));
    }
    r
}
