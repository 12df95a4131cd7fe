//! Watchlist matching (stub: to be written).
use crate::model::{Match, WatchlistSpec};

#[derive(Debug, thiserror::Error)]
#[error("watchlist {watchlist}: {message} (at character {offset} of the query)")]
pub struct WatchError {
    pub watchlist: String,
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct WatchSet;

impl WatchSet {
    pub fn compile(_specs: &[WatchlistSpec]) -> Result<Self, Vec<WatchError>> {
        Ok(WatchSet)
    }
    pub fn ids(&self) -> Vec<&str> {
        Vec::new()
    }
    pub fn matches(&self, _title: &str, _body: &str) -> Vec<Match> {
        Vec::new()
    }
}
