//! `newshound feeds`: each configured feed's health, from the store.

use super::commands::{Failure, Outcome};
use crate::config::Config;
use crate::store::{FeedState, Store};
use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Serialize)]
struct Health<'a> {
    name: &'a str,
    url: &'a str,
    /// "ok", "failing" or "never polled".
    status: &'static str,
    #[serde(flatten)]
    state: Option<&'a FeedState>,
}

pub(super) fn feeds(cfg: &Config, json: bool) -> Outcome {
    let store = Store::open(&cfg.storage_path)
        .context("opening the store")
        .map_err(Failure::Runtime)?;
    let states = store.feed_states().context("reading feed state")?;
    let rows: Vec<Health> = cfg
        .feeds
        .iter()
        .map(|f| {
            let state = states.iter().find(|s| s.name == f.name);
            let status = match state {
                Some(s) if s.consecutive_failures > 0 => "failing",
                Some(s) if s.last_poll_at.is_some() => "ok",
                _ => "never polled",
            };
            Health {
                name: &f.name,
                url: f.url.as_str(),
                status,
                state,
            }
        })
        .collect();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).context("encoding JSON")?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:<12}  {:<16}  {:>5}  {:<16}  {:>6}  LAST ERROR",
        "FEED", "STATUS", "LAST SUCCESS", "FAILS", "NEXT POLL", "ITEMS"
    );
    for r in &rows {
        let s = r.state;
        println!(
            "{:<width$}  {:<12}  {:<16}  {:>5}  {:<16}  {:>6}  {}",
            r.name,
            r.status,
            when(s.and_then(|s| s.last_success_at)),
            s.map_or(0, |s| s.consecutive_failures),
            when(s.and_then(|s| s.next_poll_at)),
            s.map_or(0, |s| s.items_seen),
            s.filter(|s| s.consecutive_failures > 0)
                .and_then(|s| s.last_error.as_deref())
                .unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "-".into())
}
