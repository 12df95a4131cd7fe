//! The rows the store takes and gives, the same for every engine.

use crate::fetch::Validators;
use crate::model::{FeedId, MessageKind};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedState {
    pub id: FeedId,
    pub name: String,
    pub url: String,
    #[serde(skip)]
    pub validators: Validators,
    pub last_poll_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub consecutive_failures: u32,
    pub next_poll_at: Option<DateTime<Utc>>,
    pub items_seen: i64,
    /// Set after a permanent redirect: the address polled instead of `url`.
    pub current_url: Option<String>,
    /// A failing feed is not polled before this time (backoff, Retry-After).
    pub retry_at: Option<DateTime<Utc>>,
    /// Start of the current run of failures.
    pub failing_since: Option<DateTime<Utc>>,
    /// SHA-256 (hex) of the last body that was fully processed; cleared with the validators.
    #[serde(skip)]
    pub body_hash: Option<String>,
    /// The node that last took the feed's lease (`[storage] node`), and until when.
    pub lease_owner: Option<String>,
    pub lease_until: Option<DateTime<Utc>>,
}

/// How one poll of a feed ended, as far as the feed's state is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum PollOutcome {
    Fetched {
        validators: Validators,
        new_items: i64,
        /// SHA-256 (hex) of the body; like the validators, only for a fully processed poll.
        body_hash: Option<String>,
    },
    NotModified,
    Failed {
        error: String,
        retry_at: DateTime<Utc>,
    },
}

/// A recorded entry as story grouping reads it: `(entry id, cluster id, seen at, published
/// at, fingerprint JSON)`.
pub type StoryRow = (i64, i64, DateTime<Utc>, Option<DateTime<Utc>>, String);

/// A recorded report as `newshound story` shows it: where it came from, when, its story and
/// the fingerprint its grouping was decided on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub entry_id: i64,
    pub cluster_id: i64,
    /// The configured name of the feed it came from.
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub seen_at: DateTime<Utc>,
    pub published: Option<DateTime<Utc>>,
    /// `cluster::Fingerprint` as JSON.
    pub fingerprint: String,
}

/// A processed entry, ready to be recorded.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub feed_id: FeedId,
    pub key: String,
    pub link: Option<String>,
    pub title: String,
    pub published: Option<DateTime<Utc>>,
    /// "page" or "feed": where the matched text came from.
    pub text_source: &'static str,
    /// Why the page could not be used, when the feed's text was used instead.
    pub text_error: Option<String>,
    pub text_len: usize,
    /// `cluster::Fingerprint` as JSON.
    pub fingerprint: String,
    /// The story this entry joins; `None` starts a new one ...
    pub cluster_id: Option<i64>,
    /// ... unless it is the story of an earlier entry of the same `record_entries` batch,
    /// at this index (one feed can carry two reports of one event).
    pub same_story_as: Option<usize>,
    /// The text that was matched, kept for `watch backtest` until pruned; empty keeps none.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub kind: MessageKind,
    pub digest: String,
    pub message_id: String,
    pub subject: String,
    pub message: Vec<u8>,
    /// JSON {"from": .., "to": [..]}.
    pub envelope: String,
    pub attempts: u32,
    /// Set after a failure: the background retry leaves the message alone until then.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The `[[channel]]` it goes through; `email` for the digest's own mail.
    pub channel: String,
    /// Sent with every attempt, so a receiver that de-duplicates keeps one copy.
    pub idempotency_key: String,
    /// Parts of a split message already accepted by the service.
    pub parts_sent: u32,
}

/// A message built for the outbox, not yet stored.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    pub kind: MessageKind,
    pub digest: &'a str,
    pub message_id: &'a str,
    pub subject: &'a str,
    pub bytes: &'a [u8],
    pub envelope: &'a str,
    pub story_count: usize,
    /// `email`, or the name of a `[[channel]]`.
    pub channel: &'a str,
    pub idempotency_key: &'a str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub entries: i64,
    pub matches: i64,
    pub undelivered_messages: i64,
}

/// How an operator names a stored article: the id digests and `watch backtest` show, or its
/// link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKey<'a> {
    Id(i64),
    Link(&'a str),
}

/// An article seen since some time, with its text when that is still kept.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub entry_id: i64,
    /// The configured name of the feed it came from.
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub seen_at: DateTime<Utc>,
    /// `None` once pruned (or when recorded before texts were kept).
    pub text: Option<String>,
}

/// A match as the store recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedMatch {
    pub entry_id: i64,
    pub watchlist: String,
    pub score: f64,
    pub terms: Vec<String>,
    pub snippet: String,
}

/// One message of the outbox not (yet) accepted, as `newshound outbox` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: MessageKind,
    pub digest: String,
    pub subject: String,
    pub message_id: String,
    pub created_at: DateTime<Utc>,
    pub attempts: u32,
    pub last_error: Option<String>,
    /// `waiting` (retried), `failed` (refused for good; retried only when asked) or
    /// `dropped` (given up by an operator; never sent).
    pub status: &'static str,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub dropped_at: Option<DateTime<Utc>>,
}

/// What `record_entry` kept of a match's explanation that a digest shows: the model's verdict,
/// when it had one, and the clauses that held. Unreadable or absent parts (a match recorded
/// before models or clauses were) are left out rather than failing the digest.
pub(super) fn explanation_of(
    explanation: Option<String>,
) -> (Option<crate::model::ModelVerdict>, Vec<String>) {
    let Some(mut v) = explanation.and_then(|e| serde_json::from_str::<serde_json::Value>(&e).ok())
    else {
        return (None, Vec::new());
    };
    let mut part = |key: &str| v.get_mut(key).map(serde_json::Value::take);
    let model = part("model").and_then(|m| serde_json::from_value(m).ok());
    let clauses = part("clauses")
        .and_then(|c| serde_json::from_value(c).ok())
        .unwrap_or_default();
    (model, clauses)
}

/// A stored `kind` column: anything but "alert" is a digest, as rows from before alerts are.
pub(super) fn kind_of(stored: &str) -> MessageKind {
    if stored == MessageKind::Alert.as_str() {
        MessageKind::Alert
    } else {
        MessageKind::Digest
    }
}
