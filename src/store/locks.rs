//! Locks every process using the database shares: files beside it, locked with `flock`, which
//! the kernel releases when the holder dies, so a crash never wedges them.
//! - sending: one stored message is sent and marked by one process at a time, which checks
//!   it is still unsent once it holds the lock (see `outbox`);
//! - recording: a poll's story grouping reads what is stored and writes its entries under
//!   this lock, so `poll --once` beside the daemon cannot make a second story of an event
//!   the daemon recorded a moment earlier (or the other way round).

use super::{Store, StoreError};
use std::path::PathBuf;

/// Held while one stored message is sent and marked; released on drop (or process death).
#[derive(Debug)]
pub struct SendLock(#[allow(dead_code)] std::fs::File);

/// Held while a poll groups its entries into stories and records them.
#[derive(Debug)]
pub struct RecordLock(#[allow(dead_code)] std::fs::File);

impl Store {
    /// Waits for the right to send. Blocking: call it off the async runtime's worker threads.
    pub fn lock_sending(&self) -> Result<SendLock, StoreError> {
        self.lock_file(".send-lock").map(SendLock)
    }

    /// Waits for the right to group and record entries. Blocking, and held for the few
    /// milliseconds a recording takes.
    pub fn lock_recording(&self) -> Result<RecordLock, StoreError> {
        self.lock_file(".record-lock").map(RecordLock)
    }

    fn lock_file(&self, suffix: &str) -> Result<std::fs::File, StoreError> {
        let mut name = self.path.clone().into_os_string();
        name.push(suffix);
        let path = PathBuf::from(name);
        let lock_err = |source| StoreError::Lock {
            path: path.clone(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(lock_err)?;
        // Made by root beside a service's database, it must stay the service's to open.
        crate::owner::follow(&path, &self.path).map_err(lock_err)?;
        file.lock().map_err(lock_err)?;
        Ok(file)
    }
}
