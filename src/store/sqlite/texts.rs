//! Kept article texts and recorded matches, read back for `watch backtest`, and the pruning
//! that bounds how long texts are kept.

use super::Sqlite;
use crate::store::{ArticleKey, RecordedMatch, StoreError, StoredArticle, TextStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

#[async_trait]
impl TextStore for Sqlite {
    async fn prune_texts(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let conn = self.conn();
        Ok(conn.execute("DELETE FROM article_texts WHERE stored_at < ?1", [before])?)
    }

    async fn articles(
        &self,
        since: DateTime<Utc>,
        after: Option<(DateTime<Utc>, i64)>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT e.id, f.name, e.title, e.link, e.seen_at, t.text
             FROM entries e JOIN feeds f ON f.id = e.feed_id
             LEFT JOIN article_texts t ON t.entry_id = e.id
             WHERE e.seen_at >= ?1 AND (?2 IS NULL OR (e.seen_at, e.id) > (?2, ?3))
             ORDER BY e.seen_at, e.id LIMIT ?4",
        )?;
        let (at, id) = after.unzip();
        let rows = stmt.query_map(
            params![since, at, id, i64::try_from(limit).unwrap_or(i64::MAX)],
            stored_article,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One stored entry, by its id or by its link, with its text when that is still kept,
    /// and the watchlists it matched when it was read.
    async fn article(
        &self,
        key: ArticleKey<'_>,
    ) -> Result<Option<(StoredArticle, Vec<String>)>, StoreError> {
        let conn = self.conn();
        let select = "SELECT e.id, f.name, e.title, e.link, e.seen_at, t.text
             FROM entries e JOIN feeds f ON f.id = e.feed_id
             LEFT JOIN article_texts t ON t.entry_id = e.id";
        let found = match key {
            ArticleKey::Id(id) => conn
                .prepare(&format!("{select} WHERE e.id = ?1"))?
                .query_row([id], stored_article)
                .optional()?,
            ArticleKey::Link(link) => conn
                .prepare(&format!(
                    "{select} WHERE e.link = ?1 OR e.key = ?1 ORDER BY e.id DESC LIMIT 1"
                ))?
                .query_row([link], stored_article)
                .optional()?,
        };
        let Some(article) = found else {
            return Ok(None);
        };
        let mut stmt =
            conn.prepare("SELECT watchlist FROM matches WHERE entry_id = ?1 ORDER BY id")?;
        let watchlists = stmt
            .query_map([article.entry_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(Some((article, watchlists)))
    }

    /// The matches recorded for entries seen since `since`.
    async fn recorded_matches(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<RecordedMatch>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT m.entry_id, m.watchlist, m.score, m.terms, m.snippet
             FROM matches m JOIN entries e ON e.id = m.entry_id
             WHERE e.seen_at >= ?1 ORDER BY m.id",
        )?;
        let rows = stmt.query_map(params![since], |r| {
            let terms: String = r.get(3)?;
            Ok(RecordedMatch {
                entry_id: r.get(0)?,
                watchlist: r.get(1)?,
                score: r.get(2)?,
                terms: serde_json::from_str(&terms).unwrap_or_default(),
                snippet: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A row of `e.id, f.name, e.title, e.link, e.seen_at, t.text` as a stored article.
fn stored_article(r: &rusqlite::Row) -> rusqlite::Result<StoredArticle> {
    Ok(StoredArticle {
        entry_id: r.get(0)?,
        feed: r.get(1)?,
        title: r.get(2)?,
        link: r.get(3)?,
        seen_at: r.get(4)?,
        text: r.get(5)?,
    })
}
