//! The daemon's metrics: counters fed from the reports the pipeline already returns (a
//! failure is data in a `PollReport` or `DigestReport`, so it is counted from there), and
//! rendered with the gauges read at scrape time in the Prometheus text format. The pipeline
//! itself knows nothing of metrics; this module does no I/O and reads no clock.

mod encode;

pub use encode::{CONTENT_TYPE, Encoder, Histogram, Kind};

use crate::pipeline::{DigestReport, Outcome, PollReport, UpkeepReport};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// Upper bounds, in seconds, of the feed fetch latency buckets: loopback and fast CDNs in
/// the first few, slow origins in the middle, the default 30 s timeout near the top.
pub const FETCH_BUCKETS: [f64; 13] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

const OUTCOMES: [(Outcome, &str); 5] = [
    (Outcome::Fetched, "fetched"),
    (Outcome::NotModified, "not_modified"),
    (Outcome::Unchanged, "unchanged"),
    (Outcome::Failed, "failed"),
    (Outcome::Backoff, "backoff"),
];

/// A unit of work whose result could not be recorded because the database failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    Poll,
    Digest,
    Upkeep,
}

impl Work {
    fn as_str(self) -> &'static str {
        match self {
            Work::Poll => "poll",
            Work::Digest => "digest",
            Work::Upkeep => "upkeep",
        }
    }
}

/// What is read from the store and the config when scraped, not counted. A value the store
/// could not give is `None`, and its family is written without a sample.
#[derive(Debug, Clone, Default)]
pub struct Scrape {
    /// Messages (digests and alerts) in the outbox not yet accepted by the transport.
    pub outbox_depth: Option<u64>,
    /// Configured feeds that are not polled until their backoff (or Retry-After) runs out.
    pub feeds_backing_off: Option<u64>,
    /// Configured feeds whose lease this node holds now.
    pub feeds_leased_here: Option<u64>,
    pub feeds: u64,
    /// The configured watchlists and digests: shown at 0 before anything is counted, so a
    /// rate over them works from the first scrape.
    pub watchlists: Vec<String>,
    pub digests: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct DigestCounts {
    runs: u64,
    sent: u64,
    failed: u64,
}

#[derive(Debug, Clone)]
struct Counts {
    polls: [u64; OUTCOMES.len()],
    fetch: Histogram,
    from_page: u64,
    from_feed: u64,
    pages_unused: u64,
    matches: BTreeMap<String, u64>,
    digests: BTreeMap<String, DigestCounts>,
    alerts_sent: u64,
    alerted_stories: u64,
    retried: u64,
    upkeep_failures: u64,
    /// Scheduled polls left to another node, which held the feed's lease.
    leased_elsewhere: u64,
    store_errors: BTreeMap<Work, u64>,
    /// Attempts per (channel, outcome), `email` included.
    deliveries: BTreeMap<(String, &'static str), u64>,
}

/// The counters since the daemon started; they survive config reloads.
#[derive(Debug)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            counts: Mutex::new(Counts {
                polls: [0; OUTCOMES.len()],
                fetch: Histogram::new(&FETCH_BUCKETS),
                from_page: 0,
                from_feed: 0,
                pages_unused: 0,
                matches: BTreeMap::new(),
                digests: BTreeMap::new(),
                alerts_sent: 0,
                alerted_stories: 0,
                retried: 0,
                upkeep_failures: 0,
                leased_elsewhere: 0,
                store_errors: BTreeMap::new(),
                deliveries: BTreeMap::new(),
            }),
        }
    }
}

impl Metrics {
    fn counts(&self) -> MutexGuard<'_, Counts> {
        // Counters are plain numbers: a panic mid-update leaves nothing inconsistent.
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn poll(&self, r: &PollReport) {
        let mut c = self.counts();
        if let Some(i) = OUTCOMES.iter().position(|(o, _)| *o == r.outcome) {
            c.polls[i] += 1;
        }
        if let Some(secs) = r.fetch_secs {
            c.fetch.observe(secs);
        }
        c.from_page += r.from_page as u64;
        c.from_feed += r.from_feed as u64;
        c.pages_unused += r.article_errors.len() as u64;
        for (w, n) in &r.watchlist_matches {
            *c.matches.entry(w.clone()).or_default() += *n as u64;
        }
    }

    pub fn digest(&self, r: &DigestReport) {
        let mut c = self.counts();
        let d = c.digests.entry(r.digest.clone()).or_default();
        d.runs += 1;
        d.sent += r.sent as u64;
        d.failed += r.errors.len() as u64;
        count_deliveries(&mut c, &r.deliveries);
    }

    pub fn upkeep(&self, r: &UpkeepReport) {
        let mut c = self.counts();
        c.alerts_sent += r.alerts_sent as u64;
        c.alerted_stories += r.alerted_stories as u64;
        c.retried += r.retried as u64;
        c.upkeep_failures += r.errors.len() as u64;
        count_deliveries(&mut c, &r.deliveries);
    }

    /// A unit of work the database failed (its report, if any, is lost).
    pub fn leased_elsewhere(&self) {
        self.counts().leased_elsewhere += 1;
    }

    pub fn store_error(&self, work: Work) {
        *self.counts().store_errors.entry(work).or_default() += 1;
    }

    /// Everything, in the Prometheus text format.
    pub fn render(&self, s: &Scrape) -> String {
        let mut c = self.counts().clone();
        for w in &s.watchlists {
            c.matches.entry(w.clone()).or_default();
        }
        for d in &s.digests {
            c.digests.entry(d.clone()).or_default();
        }
        let mut e = Encoder::default();
        e.family("newshound_up", Kind::Gauge, "1 while newshound runs.");
        e.sample("newshound_up", &[], 1.0);
        e.family(
            "newshound_build_info",
            Kind::Gauge,
            "The running version, as a label.",
        );
        e.sample(
            "newshound_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))],
            1.0,
        );
        polls(&mut e, &c);
        digests(&mut e, &c);
        deliveries(&mut e, &c);
        gauges(&mut e, s);
        e.finish()
    }
}

fn count_deliveries(c: &mut Counts, ds: &[crate::pipeline::Delivery]) {
    for d in ds {
        *c.deliveries
            .entry((d.channel.clone(), d.outcome))
            .or_default() += 1;
    }
}

fn deliveries(e: &mut Encoder, c: &Counts) {
    if c.deliveries.is_empty() {
        return;
    }
    const DELIVERIES: &str = "newshound_deliveries_total";
    e.family(
        DELIVERIES,
        Kind::Counter,
        "Attempts to deliver a message, by channel (email included) and outcome: accepted, failed (retried) or refused (for good).",
    );
    for ((channel, outcome), n) in &c.deliveries {
        e.sample(
            DELIVERIES,
            &[("channel", channel), ("outcome", outcome)],
            *n as f64,
        );
    }
}

fn polls(e: &mut Encoder, c: &Counts) {
    const POLLS: &str = "newshound_polls_total";
    e.family(POLLS, Kind::Counter, "Feed polls, by outcome.");
    for ((_, label), n) in OUTCOMES.iter().zip(c.polls) {
        e.sample(POLLS, &[("outcome", label)], n as f64);
    }
    e.histogram(
        "newshound_feed_fetch_duration_seconds",
        "Time of each feed request, answered or failed (article pages not included).",
        &c.fetch,
    );
    const ARTICLES: &str = "newshound_articles_processed_total";
    e.family(
        ARTICLES,
        Kind::Counter,
        "New entries matched and stored, by where their text came from: the article page or the feed.",
    );
    e.sample(ARTICLES, &[("source", "page")], c.from_page as f64);
    e.sample(ARTICLES, &[("source", "feed")], c.from_feed as f64);
    const UNUSED: &str = "newshound_article_pages_unused_total";
    e.family(
        UNUSED,
        Kind::Counter,
        "Article pages that could not be fetched or said less than the feed; the feed's text stood in.",
    );
    e.sample(UNUSED, &[], c.pages_unused as f64);
    const MATCHES: &str = "newshound_matches_total";
    e.family(
        MATCHES,
        Kind::Counter,
        "New entries matched, per watchlist.",
    );
    for (w, n) in &c.matches {
        e.sample(MATCHES, &[("watchlist", w)], *n as f64);
    }
}

fn digests(e: &mut Encoder, c: &Counts) {
    let per_digest = |e: &mut Encoder, name: &str, help: &str, get: fn(&DigestCounts) -> u64| {
        e.family(name, Kind::Counter, help);
        for (d, counts) in &c.digests {
            e.sample(name, &[("digest", d)], get(counts) as f64);
        }
    };
    per_digest(
        e,
        "newshound_digest_runs_total",
        "Digest runs, scheduled or missed and caught up.",
        |d| d.runs,
    );
    per_digest(
        e,
        "newshound_digests_sent_total",
        "Digest messages accepted by the mail transport, retries included.",
        |d| d.sent,
    );
    per_digest(
        e,
        "newshound_digest_failures_total",
        "Digest messages that could not be built or sent (kept in the outbox when built).",
        |d| d.failed,
    );
    let upkeep = [
        (
            "newshound_alerts_sent_total",
            "Immediate alert mails accepted by the mail transport.",
            c.alerts_sent,
        ),
        (
            "newshound_alerted_stories_total",
            "Stories told by immediate alerts.",
            c.alerted_stories,
        ),
        (
            "newshound_mail_retries_sent_total",
            "Waiting messages the background retry got out.",
            c.retried,
        ),
        (
            "newshound_mail_failures_total",
            "Alerts and retried messages that could not be built or sent (kept in the outbox when built).",
            c.upkeep_failures,
        ),
        (
            "newshound_polls_left_to_other_nodes_total",
            "Scheduled polls this node skipped because another node held the feed's lease.",
            c.leased_elsewhere,
        ),
    ];
    for (name, help, n) in upkeep {
        e.family(name, Kind::Counter, help);
        e.sample(name, &[], n as f64);
    }
    const STORE: &str = "newshound_store_errors_total";
    e.family(
        STORE,
        Kind::Counter,
        "Units of work whose result the database could not record.",
    );
    for work in [Work::Poll, Work::Digest, Work::Upkeep] {
        let n = c.store_errors.get(&work).copied().unwrap_or(0);
        e.sample(STORE, &[("work", work.as_str())], n as f64);
    }
}

fn gauges(e: &mut Encoder, s: &Scrape) {
    let gauges = [
        (
            "newshound_outbox_depth",
            "Messages in the outbox not yet accepted by the mail transport.",
            s.outbox_depth,
        ),
        (
            "newshound_feeds_backing_off",
            "Configured feeds not polled until their backoff after failures runs out.",
            s.feeds_backing_off,
        ),
        (
            "newshound_feeds_leased_here",
            "Configured feeds this node holds the lease of: it polls them this tick.",
            s.feeds_leased_here,
        ),
        ("newshound_feeds", "Configured feeds.", Some(s.feeds)),
    ];
    for (name, help, v) in gauges {
        e.family(name, Kind::Gauge, help);
        if let Some(v) = v {
            e.sample(name, &[], v as f64);
        }
    }
}

#[cfg(test)]
mod tests;
