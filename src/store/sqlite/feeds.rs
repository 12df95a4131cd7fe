//! Per-feed state: address, validators for conditional GET, and health counters.

use super::Sqlite;
use crate::fetch::Validators;
use crate::model::FeedId;
use crate::store::{FeedState, FeedStore, PollOutcome, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, url, etag, last_modified, last_poll_at, last_success_at, last_error, \
     last_error_at, consecutive_failures, next_poll_at, items_seen, current_url, retry_at, failing_since, body_hash, lease_owner, lease_until";

fn from_row(r: &Row) -> rusqlite::Result<FeedState> {
    Ok(FeedState {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        validators: Validators {
            etag: r.get(3)?,
            last_modified: r.get(4)?,
        },
        last_poll_at: r.get(5)?,
        last_success_at: r.get(6)?,
        last_error: r.get(7)?,
        last_error_at: r.get(8)?,
        consecutive_failures: r.get(9)?,
        next_poll_at: r.get(10)?,
        items_seen: r.get(11)?,
        current_url: r.get(12)?,
        retry_at: r.get(13)?,
        failing_since: r.get(14)?,
        body_hash: r.get(15)?,
        lease_owner: r.get(16)?,
        lease_until: r.get(17)?,
    })
}

#[async_trait]
impl FeedStore for Sqlite {
    /// The feed's id, registering it on first sight. A changed address forgets the old
    /// address's validators, which belong to the other server.
    async fn ensure_feed(&self, name: &str, url: &str) -> Result<FeedId, StoreError> {
        let conn = self.conn();
        let existing: Option<(FeedId, String)> = conn
            .prepare_cached("SELECT id, url FROM feeds WHERE name = ?1")?
            .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match existing {
            Some((id, old)) if old == url => Ok(id),
            Some((id, _)) => {
                conn.prepare_cached(
                    "UPDATE feeds SET url = ?2, etag = NULL, last_modified = NULL, body_hash = NULL,
                     current_url = NULL, retry_at = NULL WHERE id = ?1"
                )?
                .execute(params![id, url])?;
                Ok(id)
            }
            None => {
                conn.prepare_cached("INSERT INTO feeds (name, url) VALUES (?1, ?2)")?
                    .execute(params![name, url])?;
                Ok(conn.last_insert_rowid())
            }
        }
    }

    async fn feed_state(&self, id: FeedId) -> Result<FeedState, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM feeds WHERE id = ?1");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row([id], from_row)?)
    }

    async fn feed_states(&self) -> Result<Vec<FeedState>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM feeds ORDER BY name");
        let conn = self.conn();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records how a poll ended. Validators are stored only with a fully processed fetch,
    /// so entries of a poll cut short are fetched again rather than hidden behind a 304.
    ///
    /// This commit is not synced to disk on its own (see `Store::unsynced`): at worst a power
    /// loss forgets the last few polls' health counters and validators, so those feeds are
    /// fetched in full once more and their entries found already seen. The next synced
    /// commit (entries, digests, outbox) makes it durable along with everything before it.
    async fn record_poll(
        &self,
        id: FeedId,
        outcome: &PollOutcome,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        super::unsynced(&conn, |c| update_state(c, id, outcome, now))
    }

    /// How many feeds failed on their last poll.
    async fn failing_feeds(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT COUNT(*) FROM feeds WHERE consecutive_failures > 0")?
            .query_row([], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Remembers a permanent redirect: the feed is polled at `to` from now on, until the
    /// operator changes its address in the config. The old address's validators go.
    async fn record_move(&self, id: FeedId, to: &str) -> Result<(), StoreError> {
        self.conn().prepare_cached(
            "UPDATE feeds SET current_url = ?2, etag = NULL, last_modified = NULL, body_hash = NULL
             WHERE id = ?1"
        )?
        .execute(params![id, to])?;
        Ok(())
    }

    async fn lease_feed(
        &self,
        id: FeedId,
        node: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // One statement, which SQLite runs under its write lock: of two processes racing for
        // the feed, the second sees the first's lease.
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE feeds SET lease_owner = ?2, lease_until = ?4
                 WHERE id = ?1 AND (lease_until IS NULL OR lease_until <= ?3 OR lease_owner = ?2)",
            )?
            .execute(params![id, node, now, until])?;
        Ok(n == 1)
    }

    async fn set_next_poll(&self, id: FeedId, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE feeds SET next_poll_at = ?2 WHERE id = ?1")?
            .execute(params![id, at])?;
        Ok(())
    }
}

/// Writes a poll's outcome into the feed's row, inside the caller's transaction (if any).
pub(super) fn update_state(
    conn: &Connection,
    id: FeedId,
    outcome: &PollOutcome,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match outcome {
        PollOutcome::Fetched { validators, new_items, body_hash } => conn.prepare_cached(
            "UPDATE feeds SET last_poll_at = ?2, last_success_at = ?2, consecutive_failures = 0,
             retry_at = NULL, failing_since = NULL, etag = ?3, last_modified = ?4,
             body_hash = ?6, items_seen = items_seen + ?5 WHERE id = ?1"
        )?
        .execute(params![id, now, validators.etag, validators.last_modified, new_items, body_hash])?,
        PollOutcome::NotModified => conn.prepare_cached(
            "UPDATE feeds SET last_poll_at = ?2, last_success_at = ?2, consecutive_failures = 0,
             retry_at = NULL, failing_since = NULL WHERE id = ?1"
        )?
        .execute(params![id, now])?,
        PollOutcome::Failed { error, retry_at } => conn.prepare_cached(
            "UPDATE feeds SET last_poll_at = ?2, last_error = ?3, last_error_at = ?2,
             consecutive_failures = consecutive_failures + 1, retry_at = ?4,
             failing_since = COALESCE(failing_since, ?2) WHERE id = ?1"
        )?
        .execute(params![id, now, error, retry_at])?,
    };
    Ok(())
}
