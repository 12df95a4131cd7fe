//! `newshound feeds`: each configured feed's health, from the store, in a form an operator
//! can act on: what is failing, since when, why, and when it is tried next.

use super::commands::{Failure, Outcome};
use super::out::outln;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::store::FeedState;
use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::process::ExitCode;

/// A feed failing longer than this is "down", not merely "failing".
const DOWN_AFTER_HOURS: i64 = 24;

#[derive(Serialize)]
struct Health<'a> {
    name: &'a str,
    /// The address polled: the configured one, or where it moved permanently.
    url: &'a str,
    /// "ok", "failing", "down" (failing for over a day), "moved" or "never polled".
    status: &'static str,
    /// The configured address, when the feed moved away from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    configured_url: Option<&'a str>,
    #[serde(flatten)]
    facts: Option<Facts<'a>>,
    #[serde(skip)]
    state: Option<&'a FeedState>,
}

/// What the store knows of a polled feed, for `--json`: each key once (the stored name and
/// address are the row's `name` and `url` already).
#[derive(Serialize)]
struct Facts<'a> {
    last_poll_at: Option<DateTime<Utc>>,
    last_success_at: Option<DateTime<Utc>>,
    last_error: Option<&'a str>,
    last_error_at: Option<DateTime<Utc>>,
    consecutive_failures: u32,
    failing_since: Option<DateTime<Utc>>,
    next_poll_at: Option<DateTime<Utc>>,
    retry_at: Option<DateTime<Utc>>,
    items_seen: i64,
    /// The node that took the feed's last scheduled poll, and until when it holds it.
    lease_owner: Option<&'a str>,
    lease_until: Option<DateTime<Utc>>,
}

impl<'a> Facts<'a> {
    fn of(s: &'a FeedState) -> Self {
        Facts {
            last_poll_at: s.last_poll_at,
            last_success_at: s.last_success_at,
            last_error: s.last_error.as_deref(),
            last_error_at: s.last_error_at,
            consecutive_failures: s.consecutive_failures,
            failing_since: s.failing_since,
            next_poll_at: s.next_poll_at,
            retry_at: s.retry_at,
            items_seen: s.items_seen,
            lease_owner: s.lease_owner.as_deref(),
            lease_until: s.lease_until,
        }
    }
}

fn status(s: Option<&FeedState>, now: DateTime<Utc>) -> &'static str {
    match s {
        Some(s) if s.consecutive_failures > 0 => match s.failing_since {
            Some(t) if now - t > chrono::Duration::hours(DOWN_AFTER_HOURS) => "down",
            _ => "failing",
        },
        Some(s) if s.current_url.is_some() => "moved",
        Some(s) if s.last_poll_at.is_some() => "ok",
        _ => "never polled",
    }
}

pub(super) async fn feeds(cfg: &Config, json: bool) -> Outcome {
    let store = crate::store::open(&cfg.storage)
        .await
        .context("opening the store")
        .map_err(Failure::Runtime)?;
    let states = store.feed_states().await.context("reading feed state")?;
    let now = SystemClock.now();
    let rows: Vec<Health> = cfg
        .feeds
        .iter()
        .map(|f| {
            let state = states.iter().find(|s| s.name == f.name);
            Health {
                name: &f.name,
                url: state
                    .and_then(|s| s.current_url.as_deref())
                    .unwrap_or(f.url.as_str()),
                status: status(state, now),
                configured_url: state
                    .and_then(|s| s.current_url.as_deref())
                    .map(|_| f.url.as_str()),
                facts: state.map(Facts::of),
                state,
            }
        })
        .collect();
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&rows).context("encoding JSON")?
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_table(cfg, &rows, now);
    Ok(ExitCode::SUCCESS)
}

fn print_table(cfg: &Config, rows: &[Health], now: DateTime<Utc>) {
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    outln!(
        "{:<width$}  {:<12}  {:<20}  {:>5}  {:<20}  {:>6}  PROBLEM",
        "FEED",
        "STATUS",
        "LAST SUCCESS",
        "FAILS",
        "NEXT POLL",
        "ITEMS"
    );
    for r in rows {
        let s = r.state;
        // The next poll is the schedule's, unless backoff or Retry-After pushes it later.
        let next = s.and_then(|s| match (s.next_poll_at, s.retry_at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        });
        let problem = match s {
            Some(s) if s.consecutive_failures > 0 => format!(
                "{} (failing for {})",
                s.last_error.as_deref().unwrap_or("unknown error"),
                s.failing_since.map_or("?".into(), |t| ago(now - t))
            ),
            Some(s) if s.current_url.is_some() => {
                format!("moved permanently to {}: update the config", r.url)
            }
            _ => String::new(),
        };
        outln!(
            "{:<width$}  {:<12}  {:<20}  {:>5}  {:<20}  {:>6}  {}",
            r.name,
            r.status,
            when(cfg, s.and_then(|s| s.last_success_at)),
            s.map_or(0, |s| s.consecutive_failures),
            when(cfg, next),
            s.map_or(0, |s| s.items_seen),
            problem
        );
    }
}

fn when(cfg: &Config, t: Option<DateTime<Utc>>) -> String {
    t.map(|t| cfg.local_time(t)).unwrap_or_else(|| "-".into())
}

fn ago(d: chrono::Duration) -> String {
    match d.num_minutes() {
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / (24 * 60)),
    }
}
