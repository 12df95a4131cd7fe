//! How processes sharing the file take turns: files beside it, locked with `flock`, which the
//! kernel releases when the holder dies, so a crash never wedges them.
//! - sending: one stored message is sent and marked by one process at a time, which checks
//!   it is still unsent once it holds the lock (see `outbox`);
//! - recording: a poll's story grouping reads what is stored and writes its entries under
//!   this lock, so `poll --once` beside the daemon cannot make a second story of an event
//!   the daemon recorded a moment earlier (or the other way round).

use super::Sqlite;
use crate::store::{Coordination, Held, StoreError};
use async_trait::async_trait;
use std::path::{Path, PathBuf};

#[async_trait]
impl Coordination for Sqlite {
    async fn lock_sending(&self) -> Result<Held, StoreError> {
        self.lock_file(".send-lock").await
    }

    async fn lock_recording(&self) -> Result<Held, StoreError> {
        self.lock_file(".record-lock").await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.conn().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }
}

impl Sqlite {
    /// Waits for the lock off the runtime's worker threads: another process may hold it for
    /// as long as one send takes.
    async fn lock_file(&self, suffix: &str) -> Result<Held, StoreError> {
        let mut name = self.path.clone().into_os_string();
        name.push(suffix);
        let path = PathBuf::from(name);
        let db = self.path.clone();
        let waited = tokio::task::spawn_blocking(move || lock(&path, &db))
            .await
            .map_err(|e| StoreError::Corrupt(format!("the lock task failed: {e}")))?;
        waited.map(Held::new)
    }
}

fn lock(path: &Path, db: &Path) -> Result<std::fs::File, StoreError> {
    let lock_err = |cause| StoreError::File {
        what: "cannot lock",
        path: path.to_path_buf(),
        cause,
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(lock_err)?;
    // Made by root beside a service's database, it must stay the service's to open.
    crate::owner::follow(path, db).map_err(lock_err)?;
    file.lock().map_err(lock_err)?;
    Ok(file)
}
