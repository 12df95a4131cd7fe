//! The words of a watchlist's learned model: how it decides, the examples it learns from and
//! what it says of an article (see `watch::model`).

use serde::{Deserialize, Serialize};

/// Chosen on the shipped examples' cross-validation and the tuning half of the real news set:
/// a model alone is trusted from 0.5 (the point where it finds a match likelier than not),
/// and a query match stands unless its model gives it under 0.25 (see README, "Learning from
/// examples").
pub(super) fn default_threshold() -> f64 {
    0.5
}

pub(super) fn default_veto() -> f64 {
    0.25
}

/// How a watchlist with examples decides that an article matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decide {
    /// The query alone (the model's score is still shown).
    Query,
    /// The model alone: its probability reaches the threshold.
    Model,
    /// Both: the query holds and the model agrees.
    QueryAndModel,
    /// Either: the model is sure on its own, or the query holds and the model does not
    /// veto it.
    #[default]
    QueryOrModel,
}

impl Decide {
    pub fn as_str(self) -> &'static str {
        match self {
            Decide::Query => "query",
            Decide::Model => "model",
            Decide::QueryAndModel => "query-and-model",
            Decide::QueryOrModel => "query-or-model",
        }
    }
}

/// A watchlist's examples file, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFile {
    pub path: std::path::PathBuf,
    pub examples: Vec<Example>,
}

/// One labelled article of an examples file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// Relevant to the watchlist (true) or not (false).
    pub label: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the article came from, for examples added by `watch label`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The line of the examples file it was read from (1-based; 0 when not from a file).
    #[serde(skip)]
    pub line: usize,
}

/// A learned model's say on one article (see `watch::model`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelVerdict {
    /// Probability the article is relevant, from 0 to 1.
    pub probability: f64,
    /// The probability the watchlist asks of its model.
    pub threshold: f64,
    /// How the watchlist combines query and model.
    pub decide: Decide,
    /// The query held (and reached min_score).
    pub query: bool,
    /// The article's words that pushed the probability most, strongest first.
    pub words: Vec<PushedWord>,
    /// The model read only the start of a long text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// A word of the article and its push on the model's log-odds (positive: towards relevant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushedWord {
    pub word: String,
    pub weight: f64,
}
