//! Seen entries and their matches. An entry, its text facts, its text and its matches are
//! written in one transaction, so an entry is either fully processed or not seen at all.

use super::Sqlite;
use super::feeds::update_state;
use crate::model::{Entry, FeedId, Match};
use crate::store::{
    ArticleKey, EntryStore, NewEntry, PollOutcome, ReportRow, StoreError, StoryRow,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::collections::HashSet;

#[async_trait]
impl EntryStore for Sqlite {
    /// The keys among `keys` that have not been recorded yet, in their given order.
    async fn unseen(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT 1 FROM entries WHERE key = ?1")?;
        let mut out = Vec::new();
        let mut dup = HashSet::new();
        for k in keys {
            if dup.insert(k) && stmt.query_row([k], |_| Ok(())).optional()?.is_none() {
                out.push(k.clone());
            }
        }
        Ok(out)
    }

    /// Fingerprints of entries seen since `since`, newest first, at most `limit`:
    /// a [`StoryRow`].
    async fn recent_stories(
        &self,
        since: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, cluster_id, seen_at, published_at, fingerprint FROM entries WHERE seen_at >= ?1
             ORDER BY seen_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![since, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a feed's processed entries in one transaction (one disk sync, not one per
    /// entry). For each: `(entry id, cluster id)`, or `None` when the key was already there.
    async fn record_entries(
        &self,
        entries: &[(NewEntry, Vec<Match>)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<(i64, i64)>>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let out = insert_all(&tx, entries, now)?;
        tx.commit()?;
        Ok(out)
    }

    /// Records a poll that got the feed: its processed entries, the entries left to wait in
    /// the backlog, and the poll's outcome for the feed's state (`Fetched` with the response's
    /// validators and body hash, or `NotModified`), in one transaction: one disk sync per
    /// poll that found something, and validators never stored without the entries they
    /// cover. With nothing to record, the commit is not synced on its own (as `record_poll`).
    async fn record_fetch(
        &self,
        feed_id: FeedId,
        entries: &[(NewEntry, Vec<Match>)],
        mut outcome: PollOutcome,
        backlog: &[Entry],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<(i64, i64)>>, StoreError> {
        let mut conn = self.conn();
        if entries.is_empty() && backlog.is_empty() {
            super::unsynced(&conn, |c| update_state(c, feed_id, &outcome, now))?;
            return Ok(Vec::new());
        }
        let tx = conn.transaction()?;
        let out = insert_all(&tx, entries, now)?;
        super::backlog::add(&tx, feed_id, backlog, now)?;
        let recorded = out.iter().flatten().count() as i64;
        match &mut outcome {
            PollOutcome::Fetched { new_items, .. } => *new_items = recorded,
            // Entries taken from the backlog behind a 304 count as seen all the same.
            _ => {
                tx.prepare_cached("UPDATE feeds SET items_seen = items_seen + ?2 WHERE id = ?1")?
                    .execute(params![feed_id, recorded])?;
            }
        }
        update_state(&tx, feed_id, &outcome, now)?;
        tx.commit()?;
        Ok(out)
    }

    /// The id of the last entry recorded, 0 when there is none.
    async fn last_entry_id(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT COALESCE(MAX(id), 0) FROM entries", [], |r| r.get(0))?)
    }

    /// Entries recorded after entry `after_id` (by any process), oldest first, at most
    /// `limit`: a [`StoryRow`].
    async fn recorded_since(
        &self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, cluster_id, seen_at, published_at, fingerprint FROM entries WHERE id > ?1
             ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![after_id, i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    async fn report(&self, key: ArticleKey<'_>) -> Result<Option<ReportRow>, StoreError> {
        let conn = self.conn();
        let found = match key {
            ArticleKey::Id(id) => conn
                .prepare_cached(&format!("{REPORT} WHERE e.id = ?1"))?
                .query_row([id], report_row)
                .optional()?,
            ArticleKey::Link(link) => conn
                .prepare_cached(&format!(
                    "{REPORT} WHERE e.link = ?1 OR e.key = ?1 ORDER BY e.id DESC LIMIT 1"
                ))?
                .query_row([link], report_row)
                .optional()?,
        };
        Ok(found)
    }

    async fn reports_seen_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<ReportRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "{REPORT} WHERE e.seen_at >= ?1 AND e.seen_at <= ?2 ORDER BY e.seen_at, e.id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(
            params![from, to, i64::try_from(limit).unwrap_or(i64::MAX)],
            report_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many entries and matches are recorded; for summaries.
    async fn counts(&self) -> Result<(i64, i64), StoreError> {
        let conn = self.conn();
        let entries = conn.query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0))?;
        let matches = conn.query_row("SELECT COUNT(*) FROM matches", [], |r| r.get(0))?;
        Ok((entries, matches))
    }
}

const REPORT: &str = "SELECT e.id, e.cluster_id, f.name, e.title, e.link, e.seen_at,
     e.published_at, e.fingerprint FROM entries e JOIN feeds f ON f.id = e.feed_id";

fn report_row(r: &rusqlite::Row) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        entry_id: r.get(0)?,
        cluster_id: r.get(1)?,
        feed: r.get(2)?,
        title: r.get(3)?,
        link: r.get(4)?,
        seen_at: r.get(5)?,
        published: r.get(6)?,
        fingerprint: r.get(7)?,
    })
}

fn insert_all(
    tx: &rusqlite::Transaction,
    entries: &[(NewEntry, Vec<Match>)],
    now: DateTime<Utc>,
) -> Result<Vec<Option<(i64, i64)>>, StoreError> {
    let mut out = Vec::with_capacity(entries.len());
    for (e, matches) in entries {
        let joined = e
            .same_story_as
            .and_then(|k| out.get(k).copied().flatten())
            .map(|(_, cluster)| cluster);
        let cluster = e.cluster_id.or(joined);
        out.push(insert_entry(tx, e, cluster, matches, now)?);
    }
    Ok(out)
}

fn insert_entry(
    tx: &rusqlite::Transaction,
    e: &NewEntry,
    cluster_id: Option<i64>,
    matches: &[Match],
    now: DateTime<Utc>,
) -> Result<Option<(i64, i64)>, StoreError> {
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO entries (feed_id, key, link, title, published_at, seen_at,
           text_source, text_error, text_len, fingerprint, cluster_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, COALESCE(?11, 0))",
        )?
        .execute(params![
            e.feed_id,
            e.key,
            e.link,
            e.title,
            e.published,
            now,
            e.text_source,
            e.text_error,
            e.text_len as i64,
            e.fingerprint,
            cluster_id
        ])?;
    super::backlog::remove(tx, &e.key)?;
    if inserted == 0 {
        return Ok(None);
    }
    let id = tx.last_insert_rowid();
    if cluster_id.is_none() {
        tx.execute("UPDATE entries SET cluster_id = ?1 WHERE id = ?1", [id])?;
    }
    if !e.text.is_empty() {
        tx.prepare_cached(
            "INSERT INTO article_texts (entry_id, text, stored_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, e.text, now])?;
    }
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
    for m in matches {
        let explanation =
            serde_json::json!({ "clauses": m.clauses, "snippets": m.snippets, "model": m.model });
        tx.prepare_cached(
            "INSERT OR IGNORE INTO matches
               (entry_id, watchlist, score, terms, snippet, matched_at, marks, explanation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            m.watchlist,
            m.score,
            serde_json::to_string(&m.terms).map_err(corrupt)?,
            m.snippet,
            now,
            serde_json::to_string(&m.marks).map_err(corrupt)?,
            explanation.to_string()
        ])?;
    }
    Ok(Some((id, cluster_id.unwrap_or(id))))
}
