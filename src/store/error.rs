//! The store's one error type, the same for every engine: callers tell a database that cannot
//! be opened from one that failed a query, never SQLite's error from PostgreSQL's. Each message
//! carries its cause's text itself (no `#[source]`), so `{:#}` at the CLI edge says it once.

use std::path::PathBuf;

/// An engine's own error, kept as the source so its message reaches the operator.
pub type EngineError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be opened or reached; `at` names it (a path, or a URL without its
    /// password).
    #[error("database {at}: {cause}")]
    Open { at: String, cause: EngineError },
    #[error("database {at}: migration failed: {cause}")]
    Migrate { at: String, cause: EngineError },
    /// A file the store needs beside the database (its directory, a lock file).
    #[error("{what} {}: {cause}", path.display())]
    File {
        what: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
    /// A query failed; the engine's error says how.
    #[error("database: {0}")]
    Query(EngineError),
    #[error("database: bad stored value: {0}")]
    Corrupt(String),
}
