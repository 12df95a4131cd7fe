//! This engine's schema versions: one file per change, applied in order, never edited once
//! released. Each node applies what is missing at start, under a transaction-scoped advisory
//! lock, so two nodes starting together never apply one twice.

use tokio_postgres::Client;

const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("migrations/001_initial.sql")),
    (2, include_str!("migrations/002_feed_leases.sql")),
];

/// The advisory lock key of schema changes ("nh" and 1).
const MIGRATION_LOCK: (i32, i32) = (0x6e68, 1);

/// Where the database's schema stands against this build's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    Current(i32),
    /// Older: the next `newshound run` (or any command opening the store) brings it forward.
    Behind {
        at: i32,
        latest: i32,
    },
    /// Written by a newer newshound: this build must not touch it.
    Ahead {
        at: i32,
        latest: i32,
    },
}

fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Applies what is missing; refuses a schema newer than this build knows.
pub async fn to_latest(client: &mut Client) -> Result<(), crate::store::EngineError> {
    let tx = client.transaction().await?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2)",
        &[&MIGRATION_LOCK.0, &MIGRATION_LOCK.1],
    )
    .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS newshound_migrations (
             version INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
    )
    .await?;
    let at: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM newshound_migrations",
            &[],
        )
        .await?
        .get(0);
    if at > latest() {
        return Err(format!(
            "its schema is version {at}, written by a newer newshound; this one knows up to {}: \
             run the newer version, or restore a backup taken before the upgrade",
            latest()
        )
        .into());
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > at) {
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO newshound_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The schema's version, read without changing anything.
pub async fn status(client: &Client) -> Result<Schema, tokio_postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('newshound_migrations') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    let at: i32 = if exists {
        client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM newshound_migrations",
                &[],
            )
            .await?
            .get(0)
    } else {
        0
    };
    let latest = latest();
    Ok(match at.cmp(&latest) {
        std::cmp::Ordering::Equal => Schema::Current(at),
        std::cmp::Ordering::Less => Schema::Behind { at, latest },
        std::cmp::Ordering::Greater => Schema::Ahead { at, latest },
    })
}
