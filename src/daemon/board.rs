//! What the daemon's tasks are doing, for `/healthz`: which poll or digest run is in flight
//! since when, and which one's last run crashed. A task in flight far longer than it can
//! legitimately take is reported stuck; a crash stays reported until the task next ends
//! without one.

use crate::schedule::Task;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Board {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    running: HashMap<Task, DateTime<Utc>>,
    crashed: HashMap<Task, (DateTime<Utc>, String)>,
}

impl Board {
    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Plain maps: a panic elsewhere while holding the lock leaves nothing half-done.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn started(&self, task: &Task, now: DateTime<Utc>) {
        self.inner().running.insert(task.clone(), now);
    }

    /// The task ended; `crash` says why it crashed, if it did.
    pub fn finished(&self, task: &Task, crash: Option<String>, now: DateTime<Utc>) {
        let mut inner = self.inner();
        inner.running.remove(task);
        match crash {
            Some(why) => {
                inner.crashed.insert(task.clone(), (now, why));
            }
            None => {
                inner.crashed.remove(task);
            }
        }
    }

    /// Forgets tasks of a config that no longer has them (after a reload).
    pub fn retain(&self, keep: impl Fn(&Task) -> bool) {
        let mut inner = self.inner();
        inner.crashed.retain(|t, _| keep(t));
    }

    /// What is wrong, one line per task, sorted: tasks in flight for longer than
    /// `stuck_after_secs`, and tasks whose last run crashed.
    pub fn problems(&self, now: DateTime<Utc>, stuck_after_secs: i64) -> Vec<String> {
        let inner = self.inner();
        let mut out: Vec<String> = inner
            .running
            .iter()
            .filter_map(|(task, since)| {
                let secs = (now - *since).num_seconds();
                (secs > stuck_after_secs).then(|| {
                    format!(
                        "{}: running for {secs} s, longer than any run should take ({stuck_after_secs} s): stuck",
                        describe(task)
                    )
                })
            })
            .chain(inner.crashed.iter().map(|(task, (at, why))| {
                format!(
                    "{}: its last run crashed at {}: {why}",
                    describe(task),
                    at.format("%Y-%m-%d %H:%M:%S UTC")
                )
            }))
            .collect();
        out.sort();
        out
    }
}

fn describe(task: &Task) -> String {
    match task {
        Task::Poll(name) => format!("feed {name:?}"),
        Task::Digest(name) => format!("digest {name:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn a_long_run_is_stuck_and_a_crash_is_told_until_the_next_clean_run() {
        let b = Board::default();
        let wire = Task::Poll("Wire".into());
        b.started(&wire, at(0));
        assert!(b.problems(at(100), 360).is_empty());
        assert_eq!(
            b.problems(at(400), 360),
            ["feed \"Wire\": running for 400 s, longer than any run should take (360 s): stuck"]
        );
        b.finished(&wire, Some("boom".into()), at(401));
        assert_eq!(
            b.problems(at(402), 360),
            ["feed \"Wire\": its last run crashed at 2027-01-15 08:06:41 UTC: boom"]
        );
        b.started(&wire, at(500));
        b.finished(&wire, None, at(501));
        assert!(b.problems(at(502), 360).is_empty());
    }
}
