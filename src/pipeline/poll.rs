//! One feed's poll: fetch, parse, queue what is new behind what already waits, read the
//! next `max_articles_per_poll` of them, match, group into stories and record. A panic
//! anywhere in it is caught and recorded as the feed's failure, like any other.

use super::article::{Processed, Reader};
use super::pages::Pages;
use super::recent::RecentStories;
use super::report::{Outcome, PollReport};
use crate::clock::Clock;
use crate::config::FeedConfig;
use crate::extract::Extractor;
use crate::feed::{self, ParsedFeed};
use crate::fetch::{Body, Fetched, Fetcher, Trust, Validators, with_hint};
use crate::model::{Entry, FeedId};
use crate::schedule::retry_at;
use crate::store::{FeedState, PollOutcome, Store, StoreError};
use crate::watch::WatchSet;
use chrono::{DateTime, Utc};
use futures_util::{FutureExt, StreamExt, stream};
use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many article pages of one feed are fetched at once.
const ARTICLE_CONCURRENCY: usize = 4;

pub struct Poller {
    pub fetcher: Fetcher,
    pub store: Arc<dyn Store>,
    pub watch: Arc<WatchSet>,
    pub clock: Arc<dyn Clock>,
    pub max_articles: usize,
    pub backoff_base_secs: u64,
    pub backoff_max_secs: u64,
    /// Seconds one feed's article pages may take in one poll, together.
    pub article_budget_secs: u64,
    pub recent: RecentStories,
    /// The extract stage with the config's `[[site]]` rules.
    pub extractor: Arc<Extractor>,
    /// What article pages may cost at once, over every feed.
    pub pages: Pages,
}

/// What a poll got from the feed's server, once fetched and parsed.
enum Got {
    /// A body, parsed: the validators and body hash to store with its entries.
    Parsed(ParsedFeed, Validators, String),
    /// 304, or the very body last processed: only what waits in the backlog is new.
    Same(PollOutcome),
}

impl Poller {
    /// Polls one feed unless it is backing off. Errs only when the database fails; a feed's
    /// own failure is reported, a panic included.
    pub async fn poll(&self, feed: &FeedConfig) -> Result<PollReport, StoreError> {
        self.guarded(feed, true).await
    }

    /// Polls one feed now, backoff or not (an operator's explicit request).
    pub async fn poll_now(&self, feed: &FeedConfig) -> Result<PollReport, StoreError> {
        self.guarded(feed, false).await
    }

    /// A bug triggered by one feed's data must cost that feed's poll, not the cycle, the
    /// daemon or the feed's "running" flag: the panic is recorded as the feed's failure
    /// (with backoff, so a feed that always crashes is not retried in a loop).
    async fn guarded(
        &self,
        feed: &FeedConfig,
        respect_backoff: bool,
    ) -> Result<PollReport, StoreError> {
        let started = Instant::now();
        match AssertUnwindSafe(self.poll_inner(feed, respect_backoff))
            .catch_unwind()
            .await
        {
            Ok(r) => r,
            Err(panic) => {
                let message = format!(
                    "newshound crashed while polling this feed (a bug; please report it with the feed's address): {}",
                    panic_message(&*panic)
                );
                let id = self
                    .store
                    .ensure_feed(&feed.name, feed.url.as_str())
                    .await?;
                let state = self.store.feed_state(id).await?;
                let mut report = PollReport::new(&feed.name, feed.url.as_str());
                let outcome = self.failure(feed, &state, message, None);
                self.record_failure(id, &outcome, &mut report).await?;
                report.crashed = true;
                report.millis = started.elapsed().as_millis();
                Ok(report)
            }
        }
    }

    fn failure(
        &self,
        feed: &FeedConfig,
        state: &FeedState,
        error: String,
        server: Option<DateTime<Utc>>,
    ) -> PollOutcome {
        let at = retry_at(
            self.clock.now(),
            state.consecutive_failures.saturating_add(1),
            self.backoff_base_secs,
            self.backoff_max_secs,
            &feed.name,
            server,
        );
        PollOutcome::Failed {
            error,
            retry_at: at,
        }
    }

    async fn record_failure(
        &self,
        id: FeedId,
        outcome: &PollOutcome,
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        if let PollOutcome::Failed { error, retry_at } = outcome {
            report.outcome = Outcome::Failed;
            report.error = Some(error.clone());
            report.retry_at = Some(*retry_at);
        }
        self.store.record_poll(id, outcome, self.clock.now()).await
    }

    async fn poll_inner(
        &self,
        feed: &FeedConfig,
        respect_backoff: bool,
    ) -> Result<PollReport, StoreError> {
        let started = Instant::now();
        let mut report = PollReport::new(&feed.name, feed.url.as_str());
        let id = self
            .store
            .ensure_feed(&feed.name, feed.url.as_str())
            .await?;
        let state = self.store.feed_state(id).await?;
        let now = self.clock.now();
        if respect_backoff && let Some(at) = state.retry_at.filter(|at| *at > now) {
            report.outcome = Outcome::Backoff;
            report.retry_at = Some(at);
            return Ok(report);
        }
        super::failpoint::hit("poll", &feed.name);
        // A feed that moved for good is polled at its new address (RFC 9110 §15.4.2).
        let url = state
            .current_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .unwrap_or_else(|| feed.url.clone());
        report.url = url.to_string();
        let fetch_started = Instant::now();
        let fetched = self
            .fetcher
            .get(&url, Some(&state.validators), Trust::Operator)
            .await;
        report.fetch_secs = Some(fetch_started.elapsed().as_secs_f64());
        let got = match fetched {
            Err(e) => Err(self.failure(
                feed,
                &state,
                with_hint(e.hint(), &e.to_string()),
                e.retry_after().map(|r| r.until(now)),
            )),
            Ok(Fetched::NotModified) => {
                report.outcome = Outcome::NotModified;
                Ok(Got::Same(PollOutcome::NotModified))
            }
            Ok(Fetched::Modified(body)) => {
                if let Some(to) = &body.moved_permanently {
                    tracing::warn!(feed = %feed.name, from = %url, to = %to, "feed moved permanently; polling the new address from now on (update its url in the config)");
                    self.store.record_move(id, to.as_str()).await?;
                    report.moved_to = Some(to.to_string());
                }
                let Body {
                    bytes,
                    content_type,
                    final_url,
                    validators,
                    moved_permanently,
                    ..
                } = *body;
                let hash = body_hash(&bytes);
                if moved_permanently.is_none() && state.body_hash.as_deref() == Some(&*hash) {
                    report.outcome = Outcome::Unchanged;
                    Ok(Got::Same(PollOutcome::Fetched {
                        validators,
                        new_items: 0,
                        body_hash: Some(hash),
                    }))
                } else {
                    let hint = feed::parse_hint(&bytes, content_type.as_deref());
                    match parse(bytes, content_type, final_url.clone()).await {
                        Err(e) => {
                            let raw = format!("{final_url}: {e}");
                            Err(self.failure(feed, &state, with_hint(hint, &raw), None))
                        }
                        Ok(parsed) => {
                            report.outcome = Outcome::Fetched;
                            Ok(Got::Parsed(parsed, validators, hash))
                        }
                    }
                }
            }
        };
        match got {
            Err(failed) => self.record_failure(id, &failed, &mut report).await?,
            Ok(got) => self.process(id, feed, got, &mut report).await?,
        }
        report.millis = started.elapsed().as_millis();
        Ok(report)
    }

    /// Queues the new entries behind those already waiting, reads and matches the first
    /// `max_articles`, and records them, the rest of the queue and the feed's state together.
    async fn process(
        &self,
        feed_id: FeedId,
        feed: &FeedConfig,
        got: Got,
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        let waiting = self.store.backlog(feed_id, self.max_articles).await?;
        let (fresh, outcome) = match got {
            Got::Same(outcome) => (Vec::new(), outcome),
            Got::Parsed(parsed, validators, hash) => {
                report.entries = parsed.entries.len();
                report.feed_notes = parsed.notes;
                let keys: Vec<String> = parsed.entries.iter().map(|e| e.key.clone()).collect();
                // Neither recorded nor already waiting; looked up by set, as a feed can hold
                // hundreds of thousands of items.
                let new: HashSet<String> = self.store.new_keys(&keys).await?.into_iter().collect();
                let mut taken = HashSet::new();
                let fresh: Vec<Entry> = parsed
                    .entries
                    .into_iter()
                    .filter(|e| new.contains(&e.key) && taken.insert(e.key.clone()))
                    .collect();
                let outcome = PollOutcome::Fetched {
                    validators,
                    new_items: 0,
                    body_hash: Some(hash),
                };
                (fresh, outcome)
            }
        };
        // What waited goes first, then what is new, in the feed's order.
        let room = self.max_articles.saturating_sub(waiting.len());
        let mut queue = waiting;
        let mut fresh = fresh.into_iter();
        queue.extend(fresh.by_ref().take(room));
        let later: Vec<Entry> = fresh.collect();

        let reader = Reader {
            fetcher: &self.fetcher,
            extractor: &self.extractor,
            pages: &self.pages,
            deadline: tokio::time::Instant::now() + Duration::from_secs(self.article_budget_secs),
            budget_secs: self.article_budget_secs,
        };
        let processed: Vec<Processed> = stream::iter(queue)
            .map(|entry| reader.read(entry, feed.fetch_article))
            .buffered(ARTICLE_CONCURRENCY)
            .collect()
            .await;
        self.record(feed_id, processed, outcome, &later, report)
            .await?;
        report.deferred = self.store.backlog_len(feed_id).await?;
        Ok(())
    }
}

/// SHA-256 of a feed body, in hex: a collision would hide a changed feed, so not a fast
/// 64-bit hash. Hashing 10 KB costs tens of microseconds, far less than parsing it.
fn body_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn parse(
    bytes: Vec<u8>,
    content_type: Option<String>,
    base: url::Url,
) -> Result<ParsedFeed, String> {
    tokio::task::spawn_blocking(move || {
        feed::parse_http(&bytes, content_type.as_deref(), &base).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("feed parser crashed: {e}"))?
}

/// The message a panic carried, for reports and logs.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
