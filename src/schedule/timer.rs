//! The shell half of scheduling: one-shot tokio-cron-scheduler jobs that deliver a `Task`
//! into a channel at a chosen instant. The daemon re-arms each task after it runs, using
//! the pure rules in the parent module.

use super::ScheduleError;
use chrono::{DateTime, Utc};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio_cron_scheduler::{Job, JobScheduler};
use uuid::Uuid;

/// What a tick asks the daemon to do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Task {
    /// Poll the feed with this configured name.
    Poll(String),
    /// Send the digest with this configured name.
    Digest(String),
}

/// The farthest a tick is armed ahead. Past it the tick fires early and the daemon, which
/// compares the fire time it was armed for with its clock, simply arms it again.
const MAX_WAIT: Duration = Duration::from_secs(365 * 24 * 3600);

pub struct Timer {
    scheduler: JobScheduler,
    tx: mpsc::UnboundedSender<(Task, DateTime<Utc>)>,
}

impl Timer {
    /// Starts the scheduler; ticks arrive on the returned receiver with the fire time they
    /// were armed for.
    pub async fn start()
    -> Result<(Self, mpsc::UnboundedReceiver<(Task, DateTime<Utc>)>), ScheduleError> {
        let scheduler = JobScheduler::new().await.map_err(sched_err)?;
        scheduler.start().await.map_err(sched_err)?;
        let (tx, rx) = mpsc::unbounded_channel();
        Ok((Self { scheduler, tx }, rx))
    }

    /// Arms `task` to tick at `at`; `now` is the caller's clock reading, so a fire time in
    /// the past ticks at once.
    pub async fn arm(
        &self,
        task: Task,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Uuid, ScheduleError> {
        // Capped, as `Instant + Duration` panics past what the OS clock can hold; a tick
        // armed a year out is re-armed long before it would fire.
        let wait = super::secs_between(now, at).min(MAX_WAIT);
        let tx = self.tx.clone();
        let job = Job::new_one_shot_at_instant_async(Instant::now() + wait, move |_id, _sched| {
            let tx = tx.clone();
            let task = task.clone();
            Box::pin(async move {
                // The receiver is gone only while the daemon shuts down; nothing to do then.
                let _ = tx.send((task, at));
            })
        })
        .map_err(sched_err)?;
        self.scheduler.add(job).await.map_err(sched_err)
    }

    /// Cancels an armed tick (on reload, when a feed or digest is removed or changed).
    pub async fn cancel(&self, id: Uuid) -> Result<(), ScheduleError> {
        self.scheduler.remove(&id).await.map_err(sched_err)
    }

    pub async fn shutdown(mut self) {
        if let Err(e) = self.scheduler.shutdown().await {
            tracing::warn!(error = %e, "scheduler did not shut down cleanly");
        }
    }
}

fn sched_err(e: tokio_cron_scheduler::JobSchedulerError) -> ScheduleError {
    ScheduleError::Scheduler(e.to_string())
}
