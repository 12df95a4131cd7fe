//! What the pipeline, the daemon and the CLI may ask of a store, whichever engine holds it.
//! One trait per concern, mirroring the engines' files; `Store` is all of them, used as
//! `Arc<dyn Store>` (see `store::open`). Every engine passes the same suite (`store::tests`).
//!
//! The methods are async because a networked engine waits on its server; the embedded SQLite
//! engine answers in place (its calls are short, behind a mutex).

use super::StoreError;
use super::rows::{
    ArticleKey, FeedState, NewEntry, NewMessage, OutboxItem, OutboxMessage, PollOutcome,
    RecordedMatch, ReportRow, Stats, StoredArticle, StoryRow,
};
use crate::model::{Entry, FeedId, Match, PendingMatch, Undelivered};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

type R<T> = Result<T, StoreError>;

/// Feeds' addresses, validators for conditional GET, schedule and health counters.
#[async_trait]
pub trait FeedStore: Send + Sync {
    /// The feed's id, registering it on first sight. A changed address forgets the old
    /// address's validators, body hash, redirect and retry time, which belong to the other
    /// server.
    async fn ensure_feed(&self, name: &str, url: &str) -> R<FeedId>;
    async fn feed_state(&self, id: FeedId) -> R<FeedState>;
    /// Every feed, by name.
    async fn feed_states(&self) -> R<Vec<FeedState>>;
    /// Records how a poll ended. Validators are stored only with a fully processed fetch,
    /// so entries of a poll cut short are fetched again rather than hidden behind a 304.
    /// An engine may make this commit durable only with the next one (it is safe to lose).
    async fn record_poll(&self, id: FeedId, outcome: &PollOutcome, now: DateTime<Utc>) -> R<()>;
    /// How many feeds failed on their last poll.
    async fn failing_feeds(&self) -> R<usize>;
    /// Remembers a permanent redirect: the feed is polled at `to` from now on, until the
    /// operator changes its address. The old address's validators go.
    async fn record_move(&self, id: FeedId, to: &str) -> R<()>;
    async fn set_next_poll(&self, id: FeedId, at: DateTime<Utc>) -> R<()>;
    /// Takes the feed's lease for `node` until `until`, if no other node holds one that is
    /// still running at `now`: whether `node` may poll it. Atomic across processes and
    /// nodes, so of several whose timers fire together exactly one gets it.
    async fn lease_feed(
        &self,
        id: FeedId,
        node: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> R<bool>;
}

/// Seen entries, with their matches and texts.
/// An entry, its text, its matches and its feed's new state are written together or not at
/// all, so an entry is either fully processed or not seen.
#[async_trait]
pub trait EntryStore: Send + Sync {
    /// The keys among `keys` not recorded yet, in their given order, each once.
    async fn unseen(&self, keys: &[String]) -> R<Vec<String>>;
    /// Entries seen since `since`, newest first, at most `limit`.
    async fn recent_stories(&self, since: DateTime<Utc>, limit: usize) -> R<Vec<StoryRow>>;
    /// Records one processed entry with its matches: its id, or `None` when the key was
    /// already recorded (by a concurrent poll of another feed carrying the same link).
    async fn record_entry(
        &self,
        e: &NewEntry,
        matches: &[Match],
        now: DateTime<Utc>,
    ) -> R<Option<i64>> {
        let batch = [(e.clone(), matches.to_vec())];
        Ok(self
            .record_entries(&batch, now)
            .await?
            .pop()
            .flatten()
            .map(|(id, _)| id))
    }
    /// Records a feed's processed entries in one transaction. For each: `(entry id, cluster
    /// id)`, or `None` when the key was already there.
    async fn record_entries(
        &self,
        entries: &[(NewEntry, Vec<Match>)],
        now: DateTime<Utc>,
    ) -> R<Vec<Option<(i64, i64)>>>;
    /// Records a poll that got the feed: its processed entries, the entries left in the
    /// backlog, and the poll's outcome (`Fetched` or `NotModified`), in one transaction, so
    /// validators are never stored without the entries they cover.
    async fn record_fetch(
        &self,
        feed_id: FeedId,
        entries: &[(NewEntry, Vec<Match>)],
        outcome: PollOutcome,
        backlog: &[Entry],
        now: DateTime<Utc>,
    ) -> R<Vec<Option<(i64, i64)>>>;
    /// The id of the last entry recorded, 0 when there is none.
    async fn last_entry_id(&self) -> R<i64>;
    /// Entries recorded after entry `after_id` (by any process), oldest first, at most `limit`.
    async fn recorded_since(&self, after_id: i64, limit: usize) -> R<Vec<StoryRow>>;
    /// How many entries and matches are recorded.
    async fn counts(&self) -> R<(i64, i64)>;
    /// One recorded report, by id or link.
    async fn report(&self, key: ArticleKey<'_>) -> R<Option<ReportRow>>;
    /// Reports seen from `from` to `to`, oldest first, at most `limit`: the neighbours a
    /// story's grouping was decided among.
    async fn reports_seen_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> R<Vec<ReportRow>>;
}

/// Entries found by a poll and left for later ones (see the engines' backlog migrations).
#[async_trait]
pub trait BacklogStore: Send + Sync {
    /// Up to `limit` of the feed's waiting entries, oldest first.
    async fn backlog(&self, feed_id: FeedId, limit: usize) -> R<Vec<Entry>>;
    /// The keys among `keys` neither recorded nor waiting in any backlog, in their given
    /// order, each once.
    async fn new_keys(&self, keys: &[String]) -> R<Vec<String>>;
    /// How many entries of the feed wait.
    async fn backlog_len(&self, feed_id: FeedId) -> R<usize>;
}

/// Which recorded matches a digest's readers have not been told, and what they were told
/// before about the same stories. Claims are per digest: two digests each tell a story once.
#[async_trait]
pub trait ClaimStore: Send + Sync {
    /// Matches of `watchlists` not yet claimed by a message of `digest`, oldest first, each
    /// with what the digest's readers were already told about its story.
    async fn pending_matches(&self, digest: &str, watchlists: &[String]) -> R<Vec<PendingMatch>>;
    /// Matches of `watchlists` since `since` that neither an alert nor a message of
    /// `digest` has told yet: what an immediate alert would carry.
    async fn alert_candidates(
        &self,
        digest: &str,
        watchlists: &[String],
        since: DateTime<Utc>,
    ) -> R<Vec<PendingMatch>>;
    /// Settles matches that need no alert of `digest` because its readers know the story.
    async fn cover_alerts(&self, digest: &str, match_ids: &[i64]) -> R<()>;
}

/// Kept article texts and recorded matches, for `watch backtest` and `watch label`.
#[async_trait]
pub trait TextStore: Send + Sync {
    /// Deletes the texts stored before `before`; returns how many.
    async fn prune_texts(&self, before: DateTime<Utc>) -> R<usize>;
    /// Up to `limit` entries seen since `since`, oldest first, after `after` (the
    /// `(seen_at, entry_id)` of the last one of the previous page), so a month of texts is
    /// read a page at a time.
    async fn articles(
        &self,
        since: DateTime<Utc>,
        after: Option<(DateTime<Utc>, i64)>,
        limit: usize,
    ) -> R<Vec<StoredArticle>>;
    /// One stored entry, by id or link, with its text when kept and the watchlists it matched.
    async fn article(&self, key: ArticleKey<'_>) -> R<Option<(StoredArticle, Vec<String>)>>;
    /// The matches recorded for entries seen since `since`.
    async fn recorded_matches(&self, since: DateTime<Utc>) -> R<Vec<RecordedMatch>>;
}

/// The outbox: each message stored with the claims on the matches it tells, in one
/// transaction; marked sent only once accepted; resent as the same bytes until then.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Stores a message and claims `match_ids` for it, atomically; `None`, storing nothing,
    /// when another run claimed any of those matches for this digest meanwhile.
    async fn enqueue(
        &self,
        msg: &NewMessage<'_>,
        match_ids: &[i64],
        now: DateTime<Utc>,
    ) -> R<Option<i64>> {
        Ok(self
            .enqueue_all(std::slice::from_ref(msg), match_ids, now)
            .await?
            .and_then(|ids| ids.first().copied()))
    }
    /// Stores one message per channel of one digest run (one kind, one digest) and claims
    /// `match_ids` for the first, atomically: told on every channel or on none.
    async fn enqueue_all(
        &self,
        msgs: &[NewMessage<'_>],
        match_ids: &[i64],
        now: DateTime<Utc>,
    ) -> R<Option<Vec<i64>>>;
    /// The first `parts` parts of a split message were accepted; a retry resumes after them.
    async fn mark_parts_sent(&self, outbox_id: i64, parts: u32) -> R<()>;
    /// Messages waiting (not accepted, not refused for good), oldest first; of every digest
    /// when `digest` is `None`.
    async fn unsent(&self, digest: Option<&str>) -> R<Vec<OutboxMessage>>;
    /// The stored message `outbox_id`, if it is still waiting.
    async fn unsent_message(&self, outbox_id: i64) -> R<Option<OutboxMessage>>;
    /// Whether the message was sent, by any process, since it was read.
    async fn is_sent(&self, outbox_id: i64) -> R<bool>;
    /// Whether the message no longer waits: sent or refused for good, by any process.
    async fn is_settled(&self, outbox_id: i64) -> R<bool>;
    async fn mark_sent(&self, outbox_id: i64, now: DateTime<Utc>) -> R<()>;
    /// A failed attempt; the background retry leaves the message alone until `retry_at`.
    async fn mark_failed(&self, outbox_id: i64, error: &str, retry_at: DateTime<Utc>) -> R<()>;
    async fn last_digest_run(&self, digest: &str) -> R<Option<DateTime<Utc>>>;
    async fn set_digest_run(&self, digest: &str, at: DateTime<Utc>) -> R<()>;
    async fn stats(&self) -> R<Stats>;
}

/// Messages that did not go out: refused for good, backing off, or dropped by an operator,
/// listed by `newshound outbox` and in the foot of the digest's next message.
#[async_trait]
pub trait UndeliveredStore: Send + Sync {
    /// A refusal for good: the message leaves the queue but stays listed.
    async fn mark_refused(&self, outbox_id: i64, error: &str, now: DateTime<Utc>) -> R<()>;
    /// Every message not accepted (waiting, refused or dropped), oldest first.
    async fn undelivered(&self) -> R<Vec<OutboxItem>>;
    /// Messages of `digest` refused since its last digest that went out: the foot of the next.
    async fn refused_since_last_sent(&self, digest: &str) -> R<Vec<Undelivered>>;
    /// Puts refused (or backing-off) messages back in the queue, due now: message `id`, or
    /// every one not yet sent. Dropped ones stay dropped. Returns how many.
    async fn retry_undelivered(&self, id: Option<i64>) -> R<usize>;
    /// Gives up on message `id` for good, under the send lock so a send under way finishes
    /// (and wins) first. Whether it was waiting or failed.
    async fn drop_undelivered(&self, id: i64, now: DateTime<Utc>) -> R<bool>;
}

/// Held while its holder does what only one process may do at a time; released on drop, and
/// by the engine when the holder dies (a crash never wedges it).
#[must_use = "the lock is released when this is dropped"]
pub struct Held(#[allow(dead_code)] Box<dyn Send + Sync>);

impl Held {
    pub fn new(guard: impl Send + Sync + 'static) -> Held {
        Held(Box::new(guard))
    }
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Held")
    }
}

/// How the processes sharing one database take turns.
#[async_trait]
pub trait Coordination: Send + Sync {
    /// Waits for the right to send and mark one stored message; the holder checks the
    /// message is still unsent once it has it.
    async fn lock_sending(&self) -> R<Held>;
    /// Waits for the right to group a poll's entries into stories and record them, so two
    /// processes never make two stories of one event.
    async fn lock_recording(&self) -> R<Held>;
    /// Checks the database answers; for health reporting.
    async fn ping(&self) -> R<()>;
    /// Names the database for messages: a path, or a URL without its password.
    fn location(&self) -> String;
}

/// A store: every concern, on one database.
pub trait Store:
    FeedStore
    + EntryStore
    + BacklogStore
    + ClaimStore
    + TextStore
    + OutboxStore
    + UndeliveredStore
    + Coordination
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: FeedStore
        + EntryStore
        + BacklogStore
        + ClaimStore
        + TextStore
        + OutboxStore
        + UndeliveredStore
        + Coordination
        + Send
        + Sync
{
}
