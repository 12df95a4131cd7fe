//! What one poll of one feed did: the data every caller (the CLI, the daemon's log, the
//! metrics) reads, with every failure as a value.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fetched,
    NotModified,
    /// The server sent the whole feed again (200), byte for byte the one last fully
    /// processed: not parsed, nothing new. Common with servers that send no validators.
    Unchanged,
    Failed,
    /// Not polled: the feed is backing off after failures, or its server asked for a pause.
    Backoff,
}

/// What one poll of one feed did.
#[derive(Debug, Clone, Serialize)]
pub struct PollReport {
    pub feed: String,
    pub url: String,
    pub outcome: Outcome,
    pub error: Option<String>,
    pub entries: usize,
    pub new_entries: usize,
    pub matches: usize,
    /// Article pages that could not be used, each with why; the feed's text stood in.
    pub article_errors: Vec<String>,
    /// Pages used though something was cut on the way (a page over `max_page_bytes`).
    pub article_notes: Vec<String>,
    /// What the feed stage dropped or repaired to read the feed (a broken field, an
    /// unreadable item), each with where and why.
    pub feed_notes: Vec<String>,
    /// New entries waiting in the backlog for the next polls (`max_articles_per_poll`).
    pub deferred: usize,
    /// The poll ended in a panic (a bug), caught and recorded as the feed's failure.
    pub crashed: bool,
    /// The feed answered with a permanent redirect to this address; it is polled there from
    /// now on, and the config should be updated.
    pub moved_to: Option<String>,
    /// After a failure or a skip: the earliest time the feed will be polled again.
    pub retry_at: Option<chrono::DateTime<chrono::Utc>>,
    pub millis: u128,
    /// Seconds the feed's own request took, answered or failed (article pages and
    /// processing not included, unlike `millis`); `None` when nothing was requested.
    pub fetch_secs: Option<f64>,
    /// New entries matched on their extracted article page.
    pub from_page: usize,
    /// New entries matched on the feed's own text (no page, or the page was not usable).
    pub from_feed: usize,
    /// The matches of the new entries, per watchlist id.
    pub watchlist_matches: BTreeMap<String, usize>,
}

impl PollReport {
    /// A report of nothing done yet, `Failed` until the poll says otherwise.
    pub fn new(feed: &str, url: &str) -> Self {
        PollReport {
            feed: feed.to_string(),
            url: url.to_string(),
            outcome: Outcome::Failed,
            error: None,
            entries: 0,
            new_entries: 0,
            matches: 0,
            article_errors: Vec::new(),
            article_notes: Vec::new(),
            feed_notes: Vec::new(),
            deferred: 0,
            crashed: false,
            moved_to: None,
            retry_at: None,
            millis: 0,
            fetch_secs: None,
            from_page: 0,
            from_feed: 0,
            watchlist_matches: BTreeMap::new(),
        }
    }
}
