//! The store: what newshound has seen, matched, told and still has to send. The pipeline,
//! the daemon and the CLI ask for it through the interface in `api` and never name an
//! engine; `open` picks the engine. It holds no business rules: what counts as the same
//! story or which matches go into a digest is decided by the callers.
//!
//! Engines: `sqlite` (embedded, the default) and `postgres` (several nodes on one database). Each engine keeps its own append-only
//! migrations beside its code, and passes the one behavioural suite in `tests`.

mod api;
mod error;
mod postgres;
mod rows;
mod sqlite;

pub use api::{
    BacklogStore, ClaimStore, Coordination, EntryStore, FeedStore, Held, OutboxStore, Store,
    TextStore, UndeliveredStore,
};
pub use error::{EngineError, StoreError};
/// For tests, here and in `tests/`: a fresh PostgreSQL schema per test.
#[doc(hidden)]
pub use postgres::testdb;
pub use postgres::{PgOptions, Postgres, Schema};
pub use rows::{
    ArticleKey, FeedState, NewEntry, NewMessage, OutboxItem, OutboxMessage, PollOutcome,
    RecordedMatch, ReportRow, Stats, StoredArticle, StoryRow,
};
pub use sqlite::Sqlite;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the store lives, as `[storage]` says.
#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// An SQLite file (created with its directory if need be).
    Sqlite(PathBuf),
    Postgres(PgOptions),
}

/// Opens (creating if need be) the database and brings its schema up to date.
pub async fn open(at: &Location) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match at {
        Location::Sqlite(path) => Arc::new(Sqlite::open(path)?),
        Location::Postgres(options) => Arc::new(Postgres::open(options).await?),
    })
}

/// Opens the SQLite file at `path`; for tools and tests that name a file.
pub fn open_sqlite(path: &Path) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(Sqlite::open(path)?))
}

#[cfg(test)]
mod tests;
