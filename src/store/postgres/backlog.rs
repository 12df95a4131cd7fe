//! The backlog, as `sqlite/backlog.rs` keeps it.

use super::entries::{keys_of, not_in};
use super::{Postgres, big, text, text_opt};
use crate::model::{Entry, FeedId};
use crate::store::{BacklogStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use std::collections::HashSet;

#[async_trait]
impl BacklogStore for Postgres {
    async fn backlog(&self, feed_id: FeedId, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT key, link, title, published_at, summary FROM backlog
                 WHERE feed_id = $1 ORDER BY id LIMIT $2",
                &[&feed_id, &big(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Entry {
                key: r.get(0),
                link: r.get(1),
                title: r.get(2),
                published: r.get(3),
                summary: r.get(4),
            })
            .collect())
    }

    async fn new_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT key FROM entries WHERE key = ANY($1)
                 UNION SELECT key FROM backlog WHERE key = ANY($1)",
                &[&keys_of(keys)],
            )
            .await?;
        let known: HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
        Ok(not_in(keys, &known))
    }

    async fn backlog_len(&self, feed_id: FeedId) -> Result<usize, StoreError> {
        let n: i64 = self
            .client()
            .await?
            .query_one(
                "SELECT COUNT(*) FROM backlog WHERE feed_id = $1",
                &[&feed_id],
            )
            .await?
            .get(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

/// Adds entries to wait, inside the caller's transaction; one already waiting keeps its place.
pub(super) async fn add(
    tx: &impl GenericClient,
    feed_id: FeedId,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let stmt = tx
        .prepare(
            "INSERT INTO backlog (feed_id, key, link, title, published_at, summary, found_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING",
        )
        .await?;
    for e in entries {
        tx.execute(
            &stmt,
            &[
                &feed_id,
                &text(&e.key),
                &text_opt(&e.link),
                &text(&e.title),
                &e.published,
                &text(&e.summary),
                &now,
            ],
        )
        .await?;
    }
    Ok(())
}

/// An entry just recorded waits no more, whichever feed had it waiting.
pub(super) async fn remove(tx: &impl GenericClient, key: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM backlog WHERE key = $1", &[&key])
        .await?;
    Ok(())
}
