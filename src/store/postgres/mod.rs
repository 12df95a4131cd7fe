//! The PostgreSQL engine, for several nodes on one database that its operators already back
//! up. tokio-postgres through a deadpool pool, TLS by rustls; the schema is brought forward
//! by this engine's own append-only migrations (`migrate`), under an advisory lock so nodes
//! starting together apply each once.
//!
//! Every multi-statement write is one transaction, as on SQLite; where SQLite serialises
//! writers with `BEGIN IMMEDIATE`, this engine relies on unique keys (a second claim of a
//! match conflicts and rolls its transaction back) and on advisory locks (`locks`).

mod backlog;
mod claims;
mod connect;
mod entries;
mod feeds;
mod locks;
pub(crate) mod migrate;
mod outbox;
mod texts;
mod undelivered;

pub use connect::PgOptions;
pub use migrate::Schema;

use super::StoreError;
use deadpool_postgres::{Object, Pool};

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        StoreError::Query(Box::new(e))
    }
}

/// A pool of connections to one database; cheap to clone, shared by every task.
#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
    /// The database as messages name it: the URL without a password.
    at: String,
    /// For the locks, which hold a connection of their own outside the pool.
    options: PgOptions,
    /// Built once: loading the system's roots reads dozens of files.
    tls: tokio_postgres_rustls::MakeRustlsConnect,
}

impl Postgres {
    /// Connects, checks the server answers, and brings the schema up to date.
    pub async fn open(options: &PgOptions) -> Result<Postgres, StoreError> {
        let pg = Postgres::new(options)?;
        let mut client = pg.client().await.map_err(|e| pg.unreachable(e))?;
        migrate::to_latest(&mut client)
            .await
            .map_err(|cause| StoreError::Migrate {
                at: pg.at.clone(),
                cause,
            })?;
        Ok(pg)
    }

    fn new(options: &PgOptions) -> Result<Postgres, StoreError> {
        let tls = options.tls()?;
        Ok(Postgres {
            pool: connect::pool(options, tls.clone())?,
            at: options.location(),
            options: options.clone(),
            tls,
        })
    }

    /// A connection from the pool, waiting for one to come free (or be made).
    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|e| StoreError::Open {
            at: self.at.clone(),
            cause: Box::new(e),
        })
    }

    fn unreachable(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Open { at, cause } => StoreError::Open {
                at,
                cause: format!(
                    "{cause} (is the server running, and does `[storage] url` name it? \
                     try `psql '{}'`)",
                    self.at
                )
                .into(),
            },
            other => other,
        }
    }

    /// The server's version and where the schema stands against this build's, changing
    /// nothing; for `newshound check`.
    pub async fn inspect(options: &PgOptions) -> Result<(String, migrate::Schema), StoreError> {
        let pg = Postgres::new(options)?;
        let client = pg.client().await.map_err(|e| pg.unreachable(e))?;
        let version: String = client.query_one("SHOW server_version", &[]).await?.get(0);
        Ok((version, migrate::status(&client).await?))
    }
}

/// Text as PostgreSQL stores it: it refuses NUL characters, which SQLite keeps and hostile
/// feeds send; each becomes U+FFFD rather than failing the feed's every poll.
fn text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\0') {
        s.replace('\0', "\u{FFFD}").into()
    } else {
        s.into()
    }
}

fn text_opt(s: &Option<String>) -> Option<std::borrow::Cow<'_, str>> {
    s.as_deref().map(text)
}

/// A count or size as PostgreSQL's BIGINT.
fn big(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored count that cannot be negative, as the Rust type the rows use.
fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

#[doc(hidden)]
pub mod testdb;
