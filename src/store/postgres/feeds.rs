//! Per-feed state, as `sqlite/feeds.rs` keeps it.

use super::{Postgres, count, text};
use crate::fetch::Validators;
use crate::model::FeedId;
use crate::store::{FeedState, FeedStore, PollOutcome, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

pub(super) const COLUMNS: &str = "id, name, url, etag, last_modified, last_poll_at, \
     last_success_at, last_error, last_error_at, consecutive_failures, next_poll_at, items_seen, \
     current_url, retry_at, failing_since, body_hash, lease_owner, lease_until";

pub(super) fn from_row(r: &Row) -> FeedState {
    FeedState {
        id: r.get(0),
        name: r.get(1),
        url: r.get(2),
        validators: Validators {
            etag: r.get(3),
            last_modified: r.get(4),
        },
        last_poll_at: r.get(5),
        last_success_at: r.get(6),
        last_error: r.get(7),
        last_error_at: r.get(8),
        consecutive_failures: count(r.get(9)),
        next_poll_at: r.get(10),
        items_seen: r.get(11),
        current_url: r.get(12),
        retry_at: r.get(13),
        failing_since: r.get(14),
        body_hash: r.get(15),
        lease_owner: r.get(16),
        lease_until: r.get(17),
    }
}

#[async_trait]
impl FeedStore for Postgres {
    async fn ensure_feed(&self, name: &str, url: &str) -> Result<FeedId, StoreError> {
        let client = self.client().await?;
        let known = client
            .query_opt("SELECT id, url FROM feeds WHERE name = $1", &[&name])
            .await?;
        if let Some(r) = known.filter(|r| r.get::<_, &str>(1) == url) {
            return Ok(r.get(0));
        }
        // One statement, so two nodes registering one feed at once both get its id.
        let row = client
            .query_one(
                "INSERT INTO feeds (name, url) VALUES ($1, $2)
                 ON CONFLICT (name) DO UPDATE SET
                   url = EXCLUDED.url,
                   etag = CASE WHEN feeds.url = EXCLUDED.url THEN feeds.etag END,
                   last_modified = CASE WHEN feeds.url = EXCLUDED.url THEN feeds.last_modified END,
                   body_hash = CASE WHEN feeds.url = EXCLUDED.url THEN feeds.body_hash END,
                   current_url = CASE WHEN feeds.url = EXCLUDED.url THEN feeds.current_url END,
                   retry_at = CASE WHEN feeds.url = EXCLUDED.url THEN feeds.retry_at END
                 RETURNING id",
                &[&name, &url],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn feed_state(&self, id: FeedId) -> Result<FeedState, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM feeds WHERE id = $1");
        let row = self.client().await?.query_one(&sql, &[&id]).await?;
        Ok(from_row(&row))
    }

    async fn feed_states(&self) -> Result<Vec<FeedState>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM feeds ORDER BY name");
        let rows = self.client().await?.query(&sql, &[]).await?;
        Ok(rows.iter().map(from_row).collect())
    }

    async fn record_poll(
        &self,
        id: FeedId,
        outcome: &PollOutcome,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        update_state(&self.client().await?, id, outcome, now).await
    }

    async fn failing_feeds(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .client()
            .await?
            .query_one(
                "SELECT COUNT(*) FROM feeds WHERE consecutive_failures > 0",
                &[],
            )
            .await?
            .get(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }

    async fn record_move(&self, id: FeedId, to: &str) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "UPDATE feeds SET current_url = $2, etag = NULL, last_modified = NULL,
                 body_hash = NULL WHERE id = $1",
                &[&id, &to],
            )
            .await?;
        Ok(())
    }

    async fn lease_feed(
        &self,
        id: FeedId,
        node: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // One statement: the row lock makes nodes racing for one feed take turns, and the
        // second sees the first's lease.
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE feeds SET lease_owner = $2, lease_until = $4
                 WHERE id = $1 AND (lease_until IS NULL OR lease_until <= $3 OR lease_owner = $2)",
                &[&id, &node, &now, &until],
            )
            .await?;
        Ok(n == 1)
    }

    async fn set_next_poll(&self, id: FeedId, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "UPDATE feeds SET next_poll_at = $2 WHERE id = $1",
                &[&id, &at],
            )
            .await?;
        Ok(())
    }
}

/// Writes a poll's outcome into the feed's row, inside the caller's transaction (if any).
pub(super) async fn update_state(
    c: &impl GenericClient,
    id: FeedId,
    outcome: &PollOutcome,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match outcome {
        PollOutcome::Fetched {
            validators,
            new_items,
            body_hash,
        } => {
            c.execute(
                "UPDATE feeds SET last_poll_at = $2, last_success_at = $2, consecutive_failures = 0,
                 retry_at = NULL, failing_since = NULL, etag = $3, last_modified = $4,
                 body_hash = $6, items_seen = items_seen + $5 WHERE id = $1",
                &[
                    &id,
                    &now,
                    &validators.etag,
                    &validators.last_modified,
                    new_items,
                    body_hash,
                ],
            )
            .await?
        }
        PollOutcome::NotModified => {
            c.execute(
                "UPDATE feeds SET last_poll_at = $2, last_success_at = $2, consecutive_failures = 0,
                 retry_at = NULL, failing_since = NULL WHERE id = $1",
                &[&id, &now],
            )
            .await?
        }
        PollOutcome::Failed { error, retry_at } => {
            c.execute(
                "UPDATE feeds SET last_poll_at = $2, last_error = $3, last_error_at = $2,
                 consecutive_failures = consecutive_failures + 1, retry_at = $4,
                 failing_since = COALESCE(failing_since, $2) WHERE id = $1",
                &[&id, &now, &text(error), retry_at],
            )
            .await?
        }
    };
    Ok(())
}
