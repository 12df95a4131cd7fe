//! The runtime wiring: builds the stages from a `Config` once (`Services`), runs one poll
//! cycle or one digest run on demand, and runs the schedules until told to stop (`run`),
//! serving `/healthz` and `/metrics` when `[http]` asks for it.

mod board;
mod http;
mod notify;
mod run;

pub use run::{Rebuild, run};

use crate::clock::Clock;
use crate::config::Config;
use crate::extract::Extractor;
use crate::fetch::Fetcher;
use crate::mail::{MailError, Mailer};
use crate::metrics::{Metrics, Work};
use crate::pipeline::{self, DigestReport, PollReport, Poller, UpkeepReport};
use crate::store::{Store, StoreError};
use crate::watch::WatchSet;
use chrono::{DateTime, Utc};
use futures_util::{StreamExt, stream};
use std::sync::{Arc, Mutex};

/// Feeds in flight per global request slot in a full cycle: enough that a host at its
/// per-host limit does not leave the other slots idle.
const FEEDS_PER_SLOT: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
    #[error("mail: {0}")]
    Mail(#[from] MailError),
    #[error("watchlists: {0}")]
    Watch(String),
    #[error(transparent)]
    Schedule(#[from] crate::schedule::ScheduleError),
    #[error("no digest named {0:?} in the config")]
    UnknownDigest(String),
    #[error(
        "cannot listen on {addr} for /healthz and /metrics: {source}; \
         stop what holds that address or change [http] listen in the config"
    )]
    Listen {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// Everything a unit of work needs, built once from the config.
pub struct Services {
    pub config: Config,
    pub store: Arc<dyn Store>,
    pub poller: Arc<Poller>,
    pub mailer: Arc<Mailer>,
    /// The `[[channel]]`s, beside the mail.
    pub channels: Arc<crate::channel::Channels>,
    pub clock: Arc<dyn Clock>,
    /// Counted from the reports of the work done; the daemon carries it over reloads.
    pub metrics: Arc<Metrics>,
    /// When stored article texts were last pruned.
    last_prune: Mutex<Option<DateTime<Utc>>>,
}

/// Stored texts are pruned at most this often (unless none are to be kept).
const PRUNE_EVERY_MINUTES: i64 = 60;

impl Services {
    pub async fn new(config: Config, clock: Arc<dyn Clock>) -> Result<Self, DaemonError> {
        let store = crate::store::open(&config.storage).await?;
        let watch =
            WatchSet::compile_with(&config.watchlists, &config.aliases).map_err(|errs| {
                DaemonError::Watch(
                    errs.iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })?;
        for (watchlist, examples, relevant) in watch.models() {
            tracing::info!(
                watchlist,
                examples,
                relevant,
                "model trained on its examples"
            );
        }
        let fetcher = Fetcher::new(&config.fetch).map_err(DaemonError::Http)?;
        let mailer = Mailer::new(&config.mail)?;
        let channels =
            crate::channel::Channels::new(&config.channels).map_err(DaemonError::Http)?;
        let poller = Poller {
            fetcher,
            store: store.clone(),
            watch: Arc::new(watch),
            clock: clock.clone(),
            max_articles: config.fetch.max_articles_per_poll,
            backoff_base_secs: config.fetch.backoff_base_secs,
            backoff_max_secs: config.fetch.backoff_max_secs,
            article_budget_secs: config.fetch.article_budget_secs,
            recent: Default::default(),
            extractor: Arc::new(Extractor::new(config.sites.clone())),
            pages: pipeline::pages::Pages::new(config.fetch.concurrency),
        };
        Ok(Self {
            config,
            store,
            poller: Arc::new(poller),
            mailer: Arc::new(mailer),
            channels: Arc::new(channels),
            clock,
            metrics: Arc::new(Metrics::default()),
            last_prune: Mutex::new(None),
        })
    }

    /// Deletes the article texts older than `[storage] keep_text_days`; at most once an hour,
    /// or after every poll when no text is to be kept. A failure is logged, not returned:
    /// an old text left over one more hour harms nothing.
    pub async fn prune_texts(&self) {
        let now = self.clock.now();
        let days = self.config.keep_text_days;
        {
            let mut last = self.last_prune.lock().unwrap_or_else(|e| e.into_inner());
            let recent =
                last.is_some_and(|t| now - t < chrono::Duration::minutes(PRUNE_EVERY_MINUTES));
            if days > 0 && recent {
                return;
            }
            *last = Some(now);
        }
        let before = now - chrono::Duration::days(i64::from(days));
        match self.store.prune_texts(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                deleted = n,
                keep_text_days = days,
                "old article texts pruned"
            ),
            Err(e) => tracing::warn!(error = %e, "could not prune old article texts"),
        }
    }

    /// Polls every configured feed once, except those backing off after failures.
    pub async fn poll_all(&self) -> Result<Vec<PollReport>, StoreError> {
        self.poll_all_with(false, |_| {}).await
    }

    /// As `poll_all` (with `force`, backing-off feeds too), calling `progress` as each feed
    /// finishes. The fetcher's global and per-host limits pace the requests; the feeds in
    /// flight here only bound the memory of waiting polls.
    pub async fn poll_all_with(
        &self,
        force: bool,
        mut progress: impl FnMut(&PollReport),
    ) -> Result<Vec<PollReport>, StoreError> {
        let mut reports = Vec::with_capacity(self.config.feeds.len());
        let poller = &self.poller;
        let feeds = &self.config.feeds;
        let urls: Vec<&url::Url> = feeds.iter().map(|f| &f.url).collect();
        let order = crate::schedule::interleave_by_host(&urls);
        let mut runs = stream::iter(order.into_iter().map(|i| &feeds[i]))
            .map(|f| async move {
                if force {
                    poller.poll_now(f).await
                } else {
                    poller.poll(f).await
                }
            })
            .buffer_unordered(self.config.fetch.concurrency.saturating_mul(FEEDS_PER_SLOT));
        while let Some(r) = runs.next().await {
            let r = r.inspect_err(|_| self.metrics.store_error(Work::Poll))?;
            log_report(&r);
            self.metrics.poll(&r);
            progress(&r);
            reports.push(r);
        }
        self.prune_texts().await;
        reports.sort_by(|a, b| a.feed.cmp(&b.feed));
        Ok(reports)
    }

    /// Runs the named digest now, or every digest when `name` is `None`.
    pub async fn send_digests(&self, name: Option<&str>) -> Result<Vec<DigestReport>, DaemonError> {
        let chosen: Vec<_> = match name {
            Some(n) => vec![
                self.config
                    .digest(n)
                    .ok_or_else(|| DaemonError::UnknownDigest(n.to_string()))?,
            ],
            None => self.config.digests.iter().collect(),
        };
        let mut out = Vec::new();
        for d in chosen {
            let r = pipeline::deliver(
                &self.config,
                d,
                &*self.store,
                self.outlets(),
                self.clock.now(),
            )
            .await
            .inspect_err(|_| self.metrics.store_error(Work::Digest))?;
            log_digest(&r);
            self.metrics.digest(&r);
            out.push(r);
        }
        Ok(out)
    }
}

impl Services {
    /// Where messages go: the mail and the channels.
    pub fn outlets(&self) -> pipeline::Outlets<'_> {
        pipeline::Outlets {
            mailer: &self.mailer,
            channels: &self.channels,
        }
    }

    /// Sends the immediate alerts due and retries waiting mail whose backoff ran out.
    pub async fn upkeep(&self) -> Result<UpkeepReport, StoreError> {
        let now = self.clock.now();
        let r = pipeline::upkeep(&self.config, &*self.store, self.outlets(), now)
            .await
            .inspect_err(|_| self.metrics.store_error(Work::Upkeep))?;
        self.metrics.upkeep(&r);
        for e in &r.errors {
            tracing::warn!(error = %e, "mail not sent");
        }
        if r.retried + r.alerts_sent + r.alerted_stories > 0 {
            tracing::info!(
                retried = r.retried,
                alerts = r.alerts_sent,
                stories = r.alerted_stories,
                "upkeep"
            );
        }
        Ok(r)
    }
}

pub fn log_report(r: &PollReport) {
    if r.outcome == pipeline::Outcome::Backoff {
        tracing::debug!(feed = %r.feed, until = ?r.retry_at, "backing off; not polled");
        return;
    }
    if let Some(to) = &r.moved_to {
        tracing::warn!(feed = %r.feed, to = %to, "feed moved permanently; update its url in the config");
    }
    match &r.error {
        Some(e) => {
            tracing::warn!(feed = %r.feed, url = %r.url, error = %e, retry_at = ?r.retry_at, "poll failed")
        }
        None => tracing::info!(
            feed = %r.feed, outcome = ?r.outcome, entries = r.entries, new = r.new_entries,
            matches = r.matches, article_errors = r.article_errors.len(), ms = r.millis as u64, "polled"
        ),
    }
    for e in &r.article_errors {
        tracing::debug!(feed = %r.feed, error = %e, "article page not used");
    }
    for n in &r.article_notes {
        tracing::info!(feed = %r.feed, note = %n, "article page cut");
    }
    for n in &r.feed_notes {
        tracing::warn!(feed = %r.feed, note = %n, "feed repaired to be read");
    }
}

pub fn log_digest(r: &DigestReport) {
    for e in &r.errors {
        tracing::warn!(digest = %r.digest, error = %e, "digest delivery failed");
    }
    tracing::info!(digest = %r.digest, stories = r.stories, sent = r.sent, waiting = r.waiting, "digest run");
}
