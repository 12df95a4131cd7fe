//! One feed's poll cycle.

use super::recent::RecentStories;
use crate::clock::Clock;
use crate::cluster::Fingerprint;
use crate::config::FeedConfig;
use crate::extract::{self, Extractor};
use crate::feed::{self, ParsedFeed};
use crate::fetch::{Body, Fetched, Fetcher, Trust, Validators};
use crate::model::Entry;
use crate::schedule::retry_at;
use crate::store::{NewEntry, PollOutcome, Store, StoreError};
use crate::watch::WatchSet;
use futures_util::{StreamExt, stream};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

/// How many article pages of one feed are fetched at once.
const ARTICLE_CONCURRENCY: usize = 4;

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
    /// New entries left for the next poll because of `max_articles_per_poll`.
    pub deferred: usize,
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
            deferred: 0,
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

pub struct Poller {
    pub fetcher: Fetcher,
    pub store: Store,
    pub watch: Arc<WatchSet>,
    pub clock: Arc<dyn Clock>,
    pub max_articles: usize,
    pub backoff_base_secs: u64,
    pub backoff_max_secs: u64,
    pub recent: RecentStories,
    /// The extract stage with the config's `[[site]]` rules.
    pub extractor: Arc<Extractor>,
}

/// An entry with the text it will be matched on.
struct Processed {
    entry: Entry,
    title: String,
    text: String,
    source: &'static str,
    error: Option<String>,
}

impl Poller {
    /// Polls one feed unless it is backing off. Errs only when the database fails; a feed's
    /// own failure is reported.
    pub async fn poll(&self, feed: &FeedConfig) -> Result<PollReport, StoreError> {
        self.poll_inner(feed, true).await
    }

    /// Polls one feed now, backoff or not (an operator's explicit request).
    pub async fn poll_now(&self, feed: &FeedConfig) -> Result<PollReport, StoreError> {
        self.poll_inner(feed, false).await
    }

    async fn poll_inner(
        &self,
        feed: &FeedConfig,
        respect_backoff: bool,
    ) -> Result<PollReport, StoreError> {
        let started = Instant::now();
        let mut report = PollReport::new(&feed.name, feed.url.as_str());
        let id = self.store.ensure_feed(&feed.name, feed.url.as_str())?;
        let state = self.store.feed_state(id)?;
        let now = self.clock.now();
        if respect_backoff && let Some(at) = state.retry_at.filter(|at| *at > now) {
            report.outcome = Outcome::Backoff;
            report.retry_at = Some(at);
            return Ok(report);
        }
        // A feed that moved for good is polled at its new address (RFC 9110 §15.4.2).
        let url = state
            .current_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .unwrap_or_else(|| feed.url.clone());
        report.url = url.to_string();
        // The report says `Failed` until a step says otherwise.
        let failed = |error: String, server: Option<chrono::DateTime<chrono::Utc>>| {
            let at = retry_at(
                now,
                state.consecutive_failures + 1,
                self.backoff_base_secs,
                self.backoff_max_secs,
                &feed.name,
                server,
            );
            PollOutcome::Failed {
                error,
                retry_at: at,
            }
        };
        let fetch_started = Instant::now();
        let fetched = self
            .fetcher
            .get(&url, Some(&state.validators), Trust::Operator)
            .await;
        report.fetch_secs = Some(fetch_started.elapsed().as_secs_f64());
        // `None` once the poll's state is already recorded (with its entries).
        let outcome = match fetched {
            Err(e) => Some(failed(e.to_string(), e.retry_after().map(|r| r.until(now)))),
            Ok(Fetched::NotModified) => {
                report.outcome = Outcome::NotModified;
                Some(PollOutcome::NotModified)
            }
            Ok(Fetched::Modified(body)) => {
                if let Some(to) = &body.moved_permanently {
                    tracing::warn!(feed = %feed.name, from = %url, to = %to, "feed moved permanently; polling the new address from now on (update its url in the config)");
                    self.store.record_move(id, to.as_str())?;
                    report.moved_to = Some(to.to_string());
                }
                let Body {
                    bytes,
                    content_type,
                    final_url,
                    validators,
                    moved_permanently,
                } = *body;
                let hash = body_hash(&bytes);
                if moved_permanently.is_none() && state.body_hash.as_deref() == Some(&*hash) {
                    report.outcome = Outcome::Unchanged;
                    Some(PollOutcome::Fetched {
                        validators,
                        new_items: 0,
                        body_hash: Some(hash),
                    })
                } else {
                    match parse(bytes, content_type, final_url.clone()).await {
                        Err(e) => Some(failed(format!("{final_url}: {e}"), None)),
                        Ok(parsed) => {
                            let fetched = (validators, hash);
                            self.process(id, feed, parsed, fetched, &mut report).await?;
                            report.outcome = Outcome::Fetched;
                            None
                        }
                    }
                }
            }
        };
        if let Some(outcome) = outcome {
            if let PollOutcome::Failed { error, retry_at } = &outcome {
                report.error = Some(error.clone());
                report.retry_at = Some(*retry_at);
            }
            self.store.record_poll(id, &outcome, self.clock.now())?;
        }
        report.millis = started.elapsed().as_millis();
        Ok(report)
    }

    async fn process(
        &self,
        feed_id: i64,
        feed: &FeedConfig,
        parsed: ParsedFeed,
        (mut validators, hash): (Validators, String),
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        report.entries = parsed.entries.len();
        let keys: Vec<String> = parsed.entries.iter().map(|e| e.key.clone()).collect();
        let unseen = self.store.unseen(&keys)?;
        let mut fresh: Vec<Entry> = parsed
            .entries
            .into_iter()
            .filter(|e| unseen.contains(&e.key))
            .collect();
        fresh.dedup_by(|a, b| a.key == b.key);
        let mut body_hash = Some(hash);
        if fresh.len() > self.max_articles {
            report.deferred = fresh.len() - self.max_articles;
            fresh.truncate(self.max_articles);
            // Without validators or body hash the next poll gets and parses the full feed
            // again, instead of a 304 or an "unchanged" that would hide the deferred entries.
            validators = Validators::default();
            body_hash = None;
        }
        let processed: Vec<Processed> = stream::iter(fresh)
            .map(|entry| self.read_article(entry, feed.fetch_article))
            .buffered(ARTICLE_CONCURRENCY)
            .collect()
            .await;
        let now = self.clock.now();
        let mut batch = Vec::with_capacity(processed.len());
        let mut fingerprints = Vec::with_capacity(processed.len());
        for p in processed {
            if let Some(e) = &p.error {
                report.article_errors.push(e.clone());
            }
            let matches = self.watch.matches(&p.title, &p.text);
            let fp = Fingerprint::of(&p.title, &p.text);
            let cluster_id = self.recent.find(&self.store, &fp, now)?;
            let mut entry = new_entry(feed_id, &p, &fp, cluster_id)?;
            if cluster_id.is_none() {
                entry.same_story_as = fingerprints.iter().position(|f| fp.same_story(f));
            }
            batch.push((entry, matches));
            fingerprints.push(fp);
        }
        let recorded = self
            .store
            .record_fetch(feed_id, &batch, validators, body_hash, now)?;
        for ((rec, (entry, matches)), fp) in recorded.into_iter().zip(&batch).zip(fingerprints) {
            if let Some((_, cluster)) = rec {
                report.new_entries += 1;
                report.matches += matches.len();
                for m in matches {
                    *report
                        .watchlist_matches
                        .entry(m.watchlist.clone())
                        .or_default() += 1;
                }
                if entry.text_source == "page" {
                    report.from_page += 1;
                } else {
                    report.from_feed += 1;
                }
                self.recent.add(cluster, fp, now);
            }
        }
        Ok(())
    }

    /// The text to match an entry on: the extracted article page when it can be had and says
    /// more than the feed, else the feed's own text.
    async fn read_article(&self, entry: Entry, fetch_page: bool) -> Processed {
        let from_feed = |entry: Entry, error: Option<String>| Processed {
            title: entry.title.clone(),
            text: entry.summary.clone(),
            source: "feed",
            error,
            entry,
        };
        let Some(link) = entry.link.clone().filter(|_| fetch_page) else {
            return from_feed(entry, None);
        };
        let url = match url::Url::parse(&link) {
            Ok(u) => u,
            Err(e) => return from_feed(entry, Some(format!("{link}: invalid link: {e}"))),
        };
        let body = match self.fetcher.get(&url, None, Trust::ThirdParty).await {
            Ok(Fetched::Modified(body)) => body,
            Ok(Fetched::NotModified) => return from_feed(entry, None),
            Err(e) => return from_feed(entry, Some(e.to_string())),
        };
        let page_url = body.final_url.clone();
        let extractor = self.extractor.clone();
        let article = tokio::task::spawn_blocking(move || {
            let html = extract::decode_html(&body.bytes, body.content_type.as_deref());
            extractor.extract(&html, Some(&page_url))
        })
        .await;
        match article {
            Ok(a) if a.text.len() >= entry.summary.len() && !a.text.trim().is_empty() => {
                Processed {
                    title: if entry.title.is_empty() {
                        a.title
                    } else {
                        entry.title.clone()
                    },
                    text: a.text,
                    source: "page",
                    error: None,
                    entry,
                }
            }
            Ok(_) => from_feed(
                entry,
                Some(format!("{link}: the page has less text than the feed")),
            ),
            Err(e) => from_feed(entry, Some(format!("{link}: extraction failed: {e}"))),
        }
    }
}

fn new_entry(
    feed_id: i64,
    p: &Processed,
    fp: &Fingerprint,
    cluster_id: Option<i64>,
) -> Result<NewEntry, StoreError> {
    Ok(NewEntry {
        feed_id,
        key: p.entry.key.clone(),
        link: p.entry.link.clone(),
        title: p.title.clone(),
        published: p.entry.published,
        text_source: p.source,
        text_error: p.error.clone(),
        text_len: p.text.len(),
        fingerprint: serde_json::to_string(fp).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        cluster_id,
        same_story_as: None,
        text: p.text.clone(),
    })
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
