//! The embedded SQLite engine, the default: one file, WAL mode, every commit that matters
//! synced. Its calls are short indexed lookups, so they run on the calling task behind a
//! mutex rather than through a thread pool; only waiting for a lock leaves the runtime.
//!
//! Processes sharing the file coordinate through it (transactions) and through `flock`ed
//! files beside it (`locks`).

mod backlog;
mod claims;
mod entries;
mod feeds;
mod locks;
mod outbox;
mod texts;
mod undelivered;

use super::StoreError;
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Query(Box::new(e))
    }
}

/// One file per schema change, applied in order and never edited once released: a database
/// from any earlier version is brought forward, never rebuilt.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_initial.sql")),
        M::up(include_str!("migrations/002_polite_polling.sql")),
        M::up(include_str!("migrations/004_alerts_and_retries.sql")),
        M::up(include_str!("migrations/005_article_texts.sql")),
        M::up(include_str!("migrations/006_body_hash.sql")),
        M::up(include_str!("migrations/007_backlog.sql")),
        M::up(include_str!("migrations/008_outbox_refused.sql")),
        M::up(include_str!("migrations/009_outbox_dropped.sql")),
        M::up(include_str!("migrations/010_outbox_channels.sql")),
        M::up(include_str!("migrations/011_feed_leases.sql")),
    ])
}

/// A handle to the database file; cheap to clone, shared by every task.
#[derive(Clone)]
pub struct Sqlite {
    conn: Arc<Mutex<Connection>>,
    path: PathBuf,
}

impl Sqlite {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Sqlite, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let dir_err = |cause| StoreError::File {
                what: "cannot create the database directory",
                path: dir.to_path_buf(),
                cause,
            };
            if !dir.exists() {
                std::fs::create_dir_all(dir).map_err(dir_err)?;
                crate::owner::follow_dir(dir).map_err(dir_err)?;
            }
        }
        let new = !path.exists();
        let open_err = |source: rusqlite::Error| StoreError::Open {
            at: path.display().to_string(),
            cause: Box::new(source),
        };
        let mut conn = Connection::open(path).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        if new {
            give_to_directory_owner(path)?;
        }
        // FULL: a digest marked sent must survive power loss, or it would be mailed twice.
        // Only `unsynced` relaxes it, for one commit at a time.
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|source| StoreError::Migrate {
                at: path.display().to_string(),
                cause: Box::new(source),
            })?;
        Ok(Sqlite {
            conn: Arc::new(Mutex::new(conn)),
            path: path.to_path_buf(),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent (transactions roll
        // back on drop), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Runs `f`, whose commits are written to the WAL but not synced on their own
/// (`synchronous = NORMAL` for its duration, FULL again after, even on a panic). For writes
/// that are harmless to lose on power loss, e.g. a feed's poll counters: one fsync per feed
/// per cycle was most of a cycle of 2,000 unchanged feeds. Losing them cannot reorder
/// anything: the WAL is replayed as a prefix (its frames are checksummed in a chain), and
/// the next synced commit syncs the whole WAL file, these frames included. A process crash
/// loses nothing: the frames are already in the OS page cache.
fn unsynced<T>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    struct Resync<'a>(&'a Connection);
    impl Drop for Resync<'_> {
        fn drop(&mut self) {
            // Only reached by a panic in `f`; `unsynced` resyncs itself and reports errors.
            if let Err(e) = self.0.pragma_update(None, "synchronous", "FULL") {
                tracing::error!(error = %e, "database: cannot restore synchronous = FULL");
            }
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let guard = Resync(conn);
    let out = f(conn);
    std::mem::forget(guard);
    conn.pragma_update(None, "synchronous", "FULL")?;
    out
}

/// A database created in a service's state directory goes to the directory's owner,
/// with the -wal and -shm files SQLite made beside it (see `crate::owner`).
fn give_to_directory_owner(path: &Path) -> Result<(), StoreError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        if file.exists() {
            crate::owner::follow_dir(&file).map_err(|cause| StoreError::File {
                what: "cannot give to the owner of its directory",
                path: file.clone(),
                cause,
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
