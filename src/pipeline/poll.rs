//! One feed's poll cycle.

use crate::clock::Clock;
use crate::cluster::Fingerprint;
use crate::config::FeedConfig;
use crate::extract;
use crate::feed::{self, ParsedFeed};
use crate::fetch::{Fetched, Fetcher, Trust, Validators};
use crate::model::{Entry, Match};
use crate::store::{NewEntry, PollOutcome, Store, StoreError};
use crate::watch::WatchSet;
use futures_util::{StreamExt, stream};
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;

/// How many article pages of one feed are fetched at once.
const ARTICLE_CONCURRENCY: usize = 4;
/// How far back a new entry looks for an earlier report of the same story.
const CLUSTER_WINDOW_DAYS: i64 = 7;
const CLUSTER_CANDIDATES: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Fetched,
    NotModified,
    Failed,
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
    /// The feed answered with a permanent redirect to this address; update the config.
    pub moved_to: Option<String>,
    pub millis: u128,
}

pub struct Poller {
    pub fetcher: Fetcher,
    pub store: Store,
    pub watch: Arc<WatchSet>,
    pub clock: Arc<dyn Clock>,
    pub max_articles: usize,
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
    /// Polls one feed. Errs only when the database fails; a feed's own failure is reported.
    pub async fn poll(&self, feed: &FeedConfig) -> Result<PollReport, StoreError> {
        let started = Instant::now();
        let mut report = PollReport {
            feed: feed.name.clone(),
            url: feed.url.to_string(),
            outcome: Outcome::Failed,
            error: None,
            entries: 0,
            new_entries: 0,
            matches: 0,
            article_errors: Vec::new(),
            deferred: 0,
            moved_to: None,
            millis: 0,
        };
        let id = self.store.ensure_feed(&feed.name, feed.url.as_str())?;
        let state = self.store.feed_state(id)?;
        let outcome = match self
            .fetcher
            .get(&feed.url, Some(&state.validators), Trust::Operator)
            .await
        {
            Err(e) => PollOutcome::Failed {
                error: e.to_string(),
            },
            Ok(Fetched::NotModified) => PollOutcome::NotModified,
            Ok(Fetched::Modified(body)) => {
                if let Some(to) = &body.moved_permanently {
                    tracing::warn!(feed = %feed.name, from = %feed.url, to = %to, "feed moved permanently; update its url in the config");
                    report.moved_to = Some(to.to_string());
                }
                match parse(body.bytes, body.final_url.clone()).await {
                    Err(e) => PollOutcome::Failed {
                        error: format!("{}: {e}", body.final_url),
                    },
                    Ok(parsed) => {
                        self.process(id, feed, parsed, body.validators, &mut report)
                            .await?
                    }
                }
            }
        };
        report.outcome = match &outcome {
            PollOutcome::Fetched { .. } => Outcome::Fetched,
            PollOutcome::NotModified => Outcome::NotModified,
            PollOutcome::Failed { error } => {
                report.error = Some(error.clone());
                Outcome::Failed
            }
        };
        self.store.record_poll(id, &outcome, self.clock.now())?;
        report.millis = started.elapsed().as_millis();
        Ok(report)
    }

    async fn process(
        &self,
        feed_id: i64,
        feed: &FeedConfig,
        parsed: ParsedFeed,
        mut validators: Validators,
        report: &mut PollReport,
    ) -> Result<PollOutcome, StoreError> {
        report.entries = parsed.entries.len();
        let keys: Vec<String> = parsed.entries.iter().map(|e| e.key.clone()).collect();
        let unseen = self.store.unseen(&keys)?;
        let mut fresh: Vec<Entry> = parsed
            .entries
            .into_iter()
            .filter(|e| unseen.contains(&e.key))
            .collect();
        fresh.dedup_by(|a, b| a.key == b.key);
        if fresh.len() > self.max_articles {
            report.deferred = fresh.len() - self.max_articles;
            fresh.truncate(self.max_articles);
            // Without validators the next poll gets the full feed again instead of a 304
            // that would hide the deferred entries.
            validators = Validators::default();
        }
        let processed: Vec<Processed> = stream::iter(fresh)
            .map(|entry| self.read_article(entry, feed.fetch_article))
            .buffered(ARTICLE_CONCURRENCY)
            .collect()
            .await;
        let mut new_items = 0;
        for p in processed {
            if let Some(e) = &p.error {
                report.article_errors.push(e.clone());
            }
            let matches = self.watch.matches(&p.title, &p.text);
            if self.record(feed_id, &p, &matches)? {
                new_items += 1;
                report.matches += matches.len();
            }
        }
        report.new_entries = new_items as usize;
        Ok(PollOutcome::Fetched {
            validators,
            new_items,
        })
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
        let article = tokio::task::spawn_blocking(move || {
            let html = extract::decode_html(&body.bytes, body.content_type.as_deref());
            extract::extract(&html, Some(&page_url))
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

    fn record(&self, feed_id: i64, p: &Processed, matches: &[Match]) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let fp = Fingerprint::of(&p.title, &p.text);
        let since = now - chrono::Duration::days(CLUSTER_WINDOW_DAYS);
        let cluster_id = self
            .store
            .recent_fingerprints(since, CLUSTER_CANDIDATES)?
            .into_iter()
            .find(|(_, json)| {
                serde_json::from_str::<Fingerprint>(json).is_ok_and(|other| fp.same_story(&other))
            })
            .map(|(id, _)| id);
        let entry = NewEntry {
            feed_id,
            key: p.entry.key.clone(),
            link: p.entry.link.clone(),
            title: p.title.clone(),
            published: p.entry.published,
            text_source: p.source,
            text_error: p.error.clone(),
            text_len: p.text.len(),
            fingerprint: serde_json::to_string(&fp)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            cluster_id,
            text: p.text.clone(),
        };
        Ok(self.store.record_entry(&entry, matches, now)?.is_some())
    }
}

async fn parse(bytes: Vec<u8>, base: url::Url) -> Result<ParsedFeed, String> {
    tokio::task::spawn_blocking(move || feed::parse(&bytes, &base).map_err(|e| e.to_string()))
        .await
        .map_err(|e| format!("feed parser crashed: {e}"))?
}
