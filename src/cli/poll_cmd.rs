//! `newshound poll --once`: one cycle of every feed, with a progress bar on a terminal and a
//! one-line summary in the log otherwise.

use super::PollArgs;
use super::commands::{Outcome, services};
use super::out::outln;
use crate::config::Config;
use crate::pipeline::{Outcome as Polled, PollReport};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

#[derive(Default)]
struct Tally {
    fetched: usize,
    not_modified: usize,
    unchanged: usize,
    failed: usize,
    backoff: usize,
    new: usize,
    matches: usize,
}

impl Tally {
    fn add(&mut self, r: &PollReport) {
        match r.outcome {
            Polled::Fetched => self.fetched += 1,
            Polled::NotModified => self.not_modified += 1,
            Polled::Unchanged => self.unchanged += 1,
            Polled::Failed => self.failed += 1,
            Polled::Backoff => self.backoff += 1,
        }
        self.new += r.new_entries;
        self.matches += r.matches;
    }

    /// Feeds whose server answered with something usable.
    fn read(&self) -> usize {
        self.fetched + self.not_modified + self.unchanged
    }

    fn line(&self) -> String {
        format!(
            "{} fetched, {} not modified, {} unchanged, {} failed, {} backing off; {} new entries, {} matches",
            self.fetched,
            self.not_modified,
            self.unchanged,
            self.failed,
            self.backoff,
            self.new,
            self.matches
        )
    }
}

pub(super) async fn poll(path: &Path, args: &PollArgs) -> Outcome {
    let s = services(path).await?;
    let bar = if std::io::stderr().is_terminal() && !args.json {
        let bar = ProgressBar::new(s.config.feeds.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} feeds  {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Some(bar)
    } else {
        None
    };
    let mut tally = Tally::default();
    let reports = s
        .poll_all_with(args.force, |r| {
            tally.add(r);
            if let Some(bar) = &bar {
                bar.inc(1);
                bar.set_message(tally.line());
            }
        })
        .await
        .context("poll cycle failed")?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    } else {
        tracing::info!("polled {} feeds: {}", reports.len(), tally.line());
    }
    // What the cycle found for immediate watchlists goes out now, as the daemon would.
    let upkeep = s.upkeep().await.context("sending alerts failed")?;
    for e in &upkeep.errors {
        eprintln!("newshound: {e}");
    }
    // Not one feed could be read (each failed now or is backing off from failing): a
    // script or a timer unit must see that, so the cycle exits 1 after its report.
    let code = if !reports.is_empty() && tally.read() == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&reports).context("cannot encode reports")?
        );
        return Ok(code);
    }
    for r in &reports {
        outln!("{}", line(&s.config, r));
    }
    outln!("polled {} feeds: {}", reports.len(), tally.line());
    if upkeep.alerted_stories > 0 {
        outln!(
            "alerts: {} stories in {} message(s) sent",
            upkeep.alerted_stories,
            upkeep.alerts_sent
        );
    }
    if code != ExitCode::SUCCESS {
        eprintln!("newshound: no feed could be read this cycle (see each feed's error above)");
    }
    Ok(code)
}

fn line(cfg: &Config, r: &PollReport) -> String {
    let when =
        |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| cfg.local_time(t)).unwrap_or_default();
    match r.outcome {
        Polled::Failed => format!(
            "FAILED  {}: {} (next try {})",
            r.feed,
            r.error.as_deref().unwrap_or("unknown error"),
            when(r.retry_at)
        ),
        Polled::Backoff => format!(
            "WAIT    {}: backing off after failures until {} (--force polls it now)",
            r.feed,
            when(r.retry_at)
        ),
        Polled::Fetched | Polled::NotModified | Polled::Unchanged => {
            let mut s = format!(
                "{:<7} {}: {} entries, {} new, {} matches",
                match r.outcome {
                    Polled::NotModified => "304",
                    Polled::Unchanged => "same",
                    _ => "ok",
                },
                r.feed,
                r.entries,
                r.new_entries,
                r.matches
            );
            if !r.article_errors.is_empty() {
                s.push_str(&format!(
                    ", {} pages unreadable (feed text used)",
                    r.article_errors.len()
                ));
            }
            if !r.feed_notes.is_empty() {
                s.push_str(&format!(
                    "; read after {} repair(s): {}",
                    r.feed_notes.len(),
                    r.feed_notes.join("; ")
                ));
            }
            if r.deferred > 0 {
                s.push_str(&format!("; {} waiting for the next polls", r.deferred));
            }
            if let Some(to) = &r.moved_to {
                s.push_str(&format!("; moved permanently to {to}"));
            }
            s
        }
    }
}
