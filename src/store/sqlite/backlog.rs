//! The backlog: entries found by a poll and left for later ones. See `007_backlog.sql`.

use super::Sqlite;
use crate::model::{Entry, FeedId};
use crate::store::{BacklogStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

#[async_trait]
impl BacklogStore for Sqlite {
    /// Up to `limit` of the feed's waiting entries, oldest first.
    async fn backlog(&self, feed_id: FeedId, limit: usize) -> Result<Vec<Entry>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT key, link, title, published_at, summary FROM backlog
             WHERE feed_id = ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![feed_id, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| {
                Ok(Entry {
                    key: r.get(0)?,
                    link: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    summary: r.get(4)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The keys among `keys` neither recorded nor waiting in any backlog, in their given
    /// order, each once.
    async fn new_keys(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        // One read transaction for all the lookups: SQLite keeps its page cache and its
        // shared lock between them instead of re-checking the file for each key.
        let tx = conn.unchecked_transaction()?;
        let mut stmt = tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM entries WHERE key = ?1)
                 OR EXISTS (SELECT 1 FROM backlog WHERE key = ?1)",
        )?;
        let mut out = Vec::new();
        let mut dup = std::collections::HashSet::new();
        for k in keys {
            if dup.insert(k) && !stmt.query_row([k], |r| r.get::<_, bool>(0))? {
                out.push(k.clone());
            }
        }
        drop(stmt);
        tx.commit()?;
        Ok(out)
    }

    /// How many entries of the feed wait.
    async fn backlog_len(&self, feed_id: FeedId) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()
            .prepare_cached("SELECT COUNT(*) FROM backlog WHERE feed_id = ?1")?
            .query_row([feed_id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }
}

/// Adds entries to wait, inside the caller's transaction; one already waiting (found by an
/// earlier poll, or by another feed) keeps its place.
pub(super) fn add(
    conn: &Connection,
    feed_id: FeedId,
    entries: &[Entry],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO backlog (feed_id, key, link, title, published_at, summary, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for e in entries {
        stmt.execute(params![
            feed_id,
            e.key,
            e.link,
            e.title,
            e.published,
            e.summary,
            now
        ])?;
    }
    Ok(())
}

/// An entry just recorded waits no more, whichever feed had it waiting.
pub(super) fn remove(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.prepare_cached("DELETE FROM backlog WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}
