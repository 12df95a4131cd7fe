//! Feed parsing (stub: to be written).
use crate::model::Entry;

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("not a feed: {0}")]
    Parse(String),
}

#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub entries: Vec<Entry>,
}

pub fn parse(_bytes: &[u8], _base: &url::Url) -> Result<ParsedFeed, FeedError> {
    Err(FeedError::Parse("unimplemented".into()))
}
