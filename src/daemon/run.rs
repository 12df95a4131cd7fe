//! `newshound run`: arms every feed's and digest's next fire time, runs each tick as a task,
//! re-arms it, and on the stop signal stops arming, lets work in flight finish, and returns.

use super::{DaemonError, Services, log_digest, log_report};
use crate::pipeline;
use crate::schedule::{Task, Timer, jitter, next_fire, parse_cron, previous_fire};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use croner::Cron;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use tokio::task::JoinSet;

/// How long work in flight may take to finish after the stop signal.
const DRAIN_SECS: u64 = 20;

struct Plan {
    cron: Cron,
    tz: Tz,
    jitter: Duration,
}

impl Plan {
    fn next(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        next_fire(&self.cron, self.tz, after - self.jitter).map(|t| t + self.jitter)
    }
}

/// Runs the schedules until `stop` completes.
pub async fn run(services: Services, stop: impl Future<Output = ()>) -> Result<(), DaemonError> {
    let services = Arc::new(services);
    let cfg = &services.config;
    let tz = cfg.schedule.timezone;
    let mut plans = HashMap::new();
    for f in &cfg.feeds {
        let j = jitter(&f.name, cfg.schedule.jitter_secs);
        plans.insert(
            Task::Poll(f.name.clone()),
            Plan {
                cron: parse_cron(&f.poll)?,
                tz,
                jitter: j,
            },
        );
    }
    for d in &cfg.digests {
        plans.insert(
            Task::Digest(d.name.clone()),
            Plan {
                cron: parse_cron(&d.send)?,
                tz: d.timezone,
                jitter: Duration::zero(),
            },
        );
    }

    let (timer, mut ticks) = Timer::start().await?;
    let now = services.clock.now();
    for (task, plan) in &plans {
        let at = match task {
            Task::Digest(name) if missed(&services, name, plan, now)? => {
                tracing::info!(digest = %name, "a scheduled run was missed while newshound was down; running it now");
                now
            }
            _ => match plan.next(now) {
                Some(at) => at,
                None => continue,
            },
        };
        arm(&services, &timer, task, at, now).await?;
    }
    tracing::info!(
        feeds = cfg.feeds.len(),
        digests = cfg.digests.len(),
        "newshound running"
    );

    let mut in_flight: HashSet<Task> = HashSet::new();
    let mut jobs: JoinSet<Task> = JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            Some((task, at)) = ticks.recv() => {
                let now = services.clock.now();
                if let Some(next) = plans.get(&task).and_then(|p| p.next(at.max(now))) {
                    arm(&services, &timer, &task, next, now).await?;
                }
                if !in_flight.insert(task.clone()) {
                    // A slow feed must not pile up polls of itself.
                    tracing::warn!(task = ?task, "still running from its previous tick; skipped");
                    continue;
                }
                jobs.spawn(work(services.clone(), task));
            }
            Some(done) = jobs.join_next() => match done {
                Ok(task) => { in_flight.remove(&task); }
                Err(e) => tracing::error!(error = %e, "a task panicked"),
            },
        }
    }

    tracing::info!(in_flight = jobs.len(), "stopping: finishing work in flight");
    timer.shutdown().await;
    let drain = async { while jobs.join_next().await.is_some() {} };
    if tokio::time::timeout(std::time::Duration::from_secs(DRAIN_SECS), drain)
        .await
        .is_err()
    {
        tracing::warn!(
            "work in flight did not finish in {DRAIN_SECS} s; abandoned (it will be redone)"
        );
        jobs.abort_all();
    }
    tracing::info!("stopped");
    Ok(())
}

/// True when the digest's last scheduled time passed after its last recorded run.
fn missed(s: &Services, name: &str, plan: &Plan, now: DateTime<Utc>) -> Result<bool, DaemonError> {
    let last = s.store.last_digest_run(name)?;
    let prev = previous_fire(&plan.cron, plan.tz, now);
    Ok(matches!((last, prev), (Some(last), Some(prev)) if last < prev))
}

async fn arm(
    s: &Services,
    timer: &Timer,
    task: &Task,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DaemonError> {
    timer.arm(task.clone(), at, now).await?;
    if let Task::Poll(name) = task
        && let Some(f) = s.config.feed(name)
    {
        let id = s.store.ensure_feed(&f.name, f.url.as_str())?;
        s.store.set_next_poll(id, at)?;
    }
    Ok(())
}

async fn work(s: Arc<Services>, task: Task) -> Task {
    match &task {
        Task::Poll(name) => match s.config.feed(name) {
            Some(feed) => {
                match s.poller.poll(feed).await {
                    Ok(r) => log_report(&r),
                    Err(e) => {
                        tracing::error!(feed = %name, error = %e, "poll could not be recorded")
                    }
                }
                s.prune_texts();
            }
            None => tracing::warn!(feed = %name, "no such feed any more"),
        },
        Task::Digest(name) => match s.config.digest(name) {
            Some(d) => {
                match pipeline::deliver(&s.config, d, &s.store, &s.mailer, s.clock.now()).await {
                    Ok(r) => log_digest(&r),
                    Err(e) => {
                        tracing::error!(digest = %name, error = %e, "digest run could not be recorded")
                    }
                }
            }
            None => tracing::warn!(digest = %name, "no such digest any more"),
        },
    }
    task
}
