//! `newshound run`: arms every feed's and digest's next fire time, runs each tick as a task,
//! re-arms it, and on the stop signal stops arming, lets work in flight finish, and returns.

use super::board::Board;
use super::http::{self, Heartbeat};
use super::notify::Notifier;
use super::{DaemonError, Services, log_digest, log_report};
use crate::metrics::Work;
use crate::pipeline;
use crate::schedule::{Task, Timer, jitter, next_fire, parse_cron, previous_fire};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use croner::Cron;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use tokio::task::JoinSet;

/// How often the STATUS= line shown by `systemctl status` is refreshed, at most.
const STATUS_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
/// How long work in flight may take to finish after the stop signal. The issue promises an
/// exit within 10 s of SIGTERM; 6 s leaves room for the store to close on a loaded machine.
const DRAIN_SECS: u64 = 6;
/// How often immediate alerts are sent and waiting mail retried: an alert goes out within
/// this long of the poll that found its match, batched with whatever else came meanwhile.
const UPKEEP_SECS: u64 = 30;
/// A tick this far before its fire time was cut short by the timer's horizon and is re-armed.
const EARLY_SECS: i64 = 60;
/// How often the loop wakes just to show `/healthz` it is alive.
const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(5);

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

/// The schedule of every feed and digest of a config.
fn plans_for(cfg: &crate::config::Config) -> Result<HashMap<Task, Plan>, DaemonError> {
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
    Ok(plans)
}

/// Arms every plan's next fire time on a fresh timer; a digest missed while newshound was
/// down fires at once.
async fn start_timer(
    services: &Services,
    plans: &HashMap<Task, Plan>,
) -> Result<(Timer, Ticks), DaemonError> {
    let (timer, ticks) = Timer::start().await?;
    let now = services.clock.now();
    for (task, plan) in plans {
        let at = match task {
            Task::Digest(name) if missed(services, name, plan, now).await? => {
                tracing::info!(digest = %name, "a scheduled run was missed while newshound was down; running it now");
                now
            }
            _ => match plan.next(now) {
                Some(at) => at,
                None => continue,
            },
        };
        arm(services, &timer, task, at, now).await?;
    }
    Ok((timer, ticks))
}

type Ticks = tokio::sync::mpsc::UnboundedReceiver<(Task, DateTime<Utc>)>;

/// Builds the services of a re-read config, or says why the config cannot be used.
pub type Rebuild = Box<
    dyn Fn()
            -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Services, String>> + Send>>
        + Send,
>;

/// Runs the schedules until `stop` completes. Each message on `reloads` (SIGHUP) calls
/// `rebuild`: a config that builds replaces feeds, schedules and watchlists, while work in
/// flight finishes with the services it started with; one that does not is logged and the
/// running config kept.
pub async fn run(
    services: Services,
    stop: impl Future<Output = ()>,
    mut reloads: tokio::sync::mpsc::UnboundedReceiver<()>,
    rebuild: Rebuild,
) -> Result<(), DaemonError> {
    let mut services = Arc::new(services);
    let mut plans = plans_for(&services.config)?;
    let heartbeat = Arc::new(Heartbeat::default());
    heartbeat.beat(services.clock.now());
    let board = Arc::new(Board::default());
    let (current, current_rx) = tokio::sync::watch::channel(services.clone());
    // Bound once: a reload that changes [http] takes effect at the next start.
    let listening = services.config.http;
    let server = match listening {
        Some(h) => Some(
            http::start(
                h.listen,
                http::Shared {
                    services: current_rx,
                    heartbeat: heartbeat.clone(),
                    board: board.clone(),
                },
            )
            .await?,
        ),
        None => None,
    };
    let (mut timer, mut ticks) = start_timer(&services, &plans).await?;
    tracing::info!(
        feeds = services.config.feeds.len(),
        digests = services.config.digests.len(),
        "newshound running"
    );
    let notify = Notifier::from_env();
    notify.ready(&status_line(&services, &plans, services.clock.now()).await);
    let mut watchdog = notify.watchdog_interval().map(tokio::time::interval);
    let mut last_status = std::time::Instant::now();

    // Which task each job runs, so a job that panics (a JoinError carries only its id) still
    // releases its task's "running" flag and is reported as that task's crash.
    let mut in_flight: HashSet<Task> = HashSet::new();
    let mut job_tasks: HashMap<tokio::task::Id, Task> = HashMap::new();
    let mut jobs: JoinSet<Option<String>> = JoinSet::new();
    let mut upkeep_tick = tokio::time::interval(std::time::Duration::from_secs(UPKEEP_SECS));
    let mut upkeep: Option<tokio::task::JoinHandle<()>> = None;
    let mut alive = tokio::time::interval(HEARTBEAT);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            _ = alive.tick() => heartbeat.beat(services.clock.now()),
            _ = tick(&mut watchdog) => notify.send("WATCHDOG=1"),
            Some(()) = reloads.recv() => {
                notify.send("RELOADING=1\nSTATUS=reloading the config");
                match rebuild().await.and_then(|new| {
                    let new_plans = plans_for(&new.config).map_err(|e| e.to_string())?;
                    Ok((new, new_plans))
                }) {
                    Err(e) => tracing::error!(error = %e, "reload refused: the new config is invalid; the running one stays"),
                    Ok((mut new, new_plans)) => {
                        let (new_timer, new_ticks) = start_timer(&new, &new_plans).await?;
                        std::mem::replace(&mut timer, new_timer).shutdown().await;
                        ticks = new_ticks;
                        plans = new_plans;
                        new.metrics = services.metrics.clone();
                        if new.config.http != listening {
                            tracing::warn!(running = ?listening.map(|h| h.listen), wanted = ?new.config.http.map(|h| h.listen), "the [http] listener changes only at the next start");
                        }
                        services = Arc::new(new);
                        board.retain(|t| plans.contains_key(t));
                        current.send_replace(services.clone());
                        tracing::info!(feeds = services.config.feeds.len(), digests = services.config.digests.len(), "config reloaded");
                    }
                }
                notify.ready(&status_line(&services, &plans, services.clock.now()).await);
            }
            _ = upkeep_tick.tick() => if upkeep.as_ref().is_none_or(|h| h.is_finished()) {
                let s = services.clone();
                upkeep = Some(tokio::spawn(async move {
                    if let Err(e) = s.upkeep().await {
                        tracing::error!(error = %e, "alerts and mail retries could not run");
                    }
                }));
            },
            Some((task, at)) = ticks.recv() => {
                let now = services.clock.now();
                if let Some(next) = plans.get(&task).and_then(|p| p.next(at.max(now))) {
                    arm(&services, &timer, &task, next, now).await?;
                }
                if at > now + Duration::seconds(EARLY_SECS) {
                    // Armed beyond the timer's horizon, it fired early: not due yet.
                    continue;
                }
                if !in_flight.insert(task.clone()) {
                    // A slow feed must not pile up polls of itself.
                    tracing::warn!(task = ?task, "still running from its previous tick; skipped");
                    continue;
                }
                board.started(&task, now);
                let job = jobs.spawn(work(services.clone(), task.clone()));
                job_tasks.insert(job.id(), task);
            }
            Some(done) = jobs.join_next_with_id() => {
                let (id, crash) = match done {
                    Ok((id, crash)) => (id, crash),
                    Err(e) => {
                        let id = e.id();
                        let why = e.try_into_panic().map_or_else(
                            |e| format!("the task ended abnormally: {e}"),
                            |p| format!("panicked: {}", pipeline::panic_message(&*p)),
                        );
                        (id, Some(why))
                    }
                };
                if let Some(task) = job_tasks.remove(&id) {
                    in_flight.remove(&task);
                    if let Some(why) = &crash {
                        tracing::error!(task = ?task, error = %why, "the task crashed; recorded, and it runs again at its next tick");
                    }
                    board.finished(&task, crash, services.clock.now());
                }
                // With thousands of feeds, once in a while is plenty for `systemctl status`.
                if last_status.elapsed() >= STATUS_EVERY {
                    notify.status(&status_line(&services, &plans, services.clock.now()).await);
                    last_status = std::time::Instant::now();
                }
            },
        }
    }

    notify.send("STOPPING=1\nSTATUS=stopping: finishing work in flight");
    if let Some(server) = server {
        server.stop().await;
    }
    tracing::info!(in_flight = jobs.len(), "stopping: finishing work in flight");
    timer.shutdown().await;
    let drain = async {
        while jobs.join_next().await.is_some() {}
        if let Some(h) = upkeep {
            let _ = h.await;
        }
    };
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

/// Waits for the next watchdog ping, or forever when systemd does not watch us.
async fn tick(watchdog: &mut Option<tokio::time::Interval>) {
    match watchdog {
        Some(i) => {
            i.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// What `systemctl status` shows: "42 feeds (3 failing), next digest daily at 07:00 Europe/Kyiv".
async fn status_line(s: &Services, plans: &HashMap<Task, Plan>, now: DateTime<Utc>) -> String {
    let failing = s.store.failing_feeds().await.unwrap_or(0);
    let next = plans
        .iter()
        .filter_map(|(task, plan)| match task {
            Task::Digest(name) => plan.next(now).map(|at| (at, name, plan.tz)),
            Task::Poll(_) => None,
        })
        .min_by_key(|(at, name, _)| (*at, name.as_str()));
    let digest = match next {
        Some((at, name, tz)) => format!(
            ", next digest {name} at {}",
            at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z")
        ),
        None => String::new(),
    };
    format!("{} feeds ({failing} failing){digest}", s.config.feeds.len())
}

/// True when the digest's last scheduled time passed after its last recorded run.
async fn missed(
    s: &Services,
    name: &str,
    plan: &Plan,
    now: DateTime<Utc>,
) -> Result<bool, DaemonError> {
    let last = s.store.last_digest_run(name).await?;
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
        let id = s.store.ensure_feed(&f.name, f.url.as_str()).await?;
        s.store.set_next_poll(id, at).await?;
    }
    Ok(())
}

/// Whether this node polls the feed this tick: it holds the feed's lease for
/// `[storage] lease_secs`, or another node does (whose timer fired first) and this one leaves
/// the feed alone. A store that cannot answer is logged, and the poll goes ahead: a second
/// poll costs one request; a skipped one could lose a tick's news.
async fn leased(s: &Services, feed: &crate::config::FeedConfig) -> bool {
    let now = s.clock.now();
    let secs = i64::try_from(s.config.lease_secs).unwrap_or(i64::MAX);
    let until = now + chrono::Duration::seconds(secs);
    let got = match s.store.ensure_feed(&feed.name, feed.url.as_str()).await {
        Ok(id) => s.store.lease_feed(id, &s.config.node, now, until).await,
        Err(e) => Err(e),
    };
    match got {
        Ok(true) => true,
        Ok(false) => {
            tracing::debug!(feed = %feed.name, "another node holds this feed's lease; not polled here");
            s.metrics.leased_elsewhere();
            false
        }
        Err(e) => {
            s.metrics.store_error(Work::Poll);
            tracing::warn!(feed = %feed.name, error = %e, "cannot take the feed's lease; polling it anyway");
            true
        }
    }
}

/// Runs one tick's work; returns why it crashed, if it did (a poll's panic is caught and
/// recorded by the poller; anything else that panics ends the job, which the loop sees).
async fn work(s: Arc<Services>, task: Task) -> Option<String> {
    match &task {
        Task::Poll(name) => match s.config.feed(name) {
            Some(feed) => {
                if !leased(&s, feed).await {
                    return None;
                }
                let crash = match s.poller.poll(feed).await {
                    Ok(r) => {
                        log_report(&r);
                        s.metrics.poll(&r);
                        r.crashed.then(|| r.error.clone().unwrap_or_default())
                    }
                    Err(e) => {
                        s.metrics.store_error(Work::Poll);
                        tracing::error!(feed = %name, error = %e, "poll could not be recorded");
                        None
                    }
                };
                s.prune_texts().await;
                crash
            }
            None => {
                tracing::warn!(feed = %name, "no such feed any more");
                None
            }
        },
        Task::Digest(name) => match s.config.digest(name) {
            Some(d) => {
                match pipeline::deliver(&s.config, d, &*s.store, s.outlets(), s.clock.now()).await {
                    Ok(r) => {
                        log_digest(&r);
                        s.metrics.digest(&r);
                    }
                    Err(e) => {
                        s.metrics.store_error(Work::Digest);
                        tracing::error!(digest = %name, error = %e, "digest run could not be recorded")
                    }
                }
                None
            }
            None => {
                tracing::warn!(digest = %name, "no such digest any more");
                None
            }
        },
    }
}
