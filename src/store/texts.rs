//! Kept article texts and recorded matches, read back for `watch backtest`, and the pruning
//! that bounds how long texts are kept.

use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

/// How an operator names a stored article: the id digests and `watch backtest` show, or its
/// link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleKey<'a> {
    Id(i64),
    Link(&'a str),
}

/// An article seen since some time, with its text when that is still kept.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub entry_id: i64,
    /// The configured name of the feed it came from.
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub seen_at: DateTime<Utc>,
    /// `None` once pruned (or when recorded before texts were kept).
    pub text: Option<String>,
}

/// A match as the store recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedMatch {
    pub entry_id: i64,
    pub watchlist: String,
    pub score: f64,
    pub terms: Vec<String>,
    pub snippet: String,
}

impl Store {
    /// Deletes the texts stored before `before`; returns how many.
    pub fn prune_texts(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let conn = self.conn();
        Ok(conn.execute("DELETE FROM article_texts WHERE stored_at < ?1", [before])?)
    }

    /// Calls `each` with every entry seen since `since`, oldest first, one at a time so a
    /// month of texts never sits in memory at once.
    pub fn for_each_article(
        &self,
        since: DateTime<Utc>,
        mut each: impl FnMut(StoredArticle),
    ) -> Result<(), StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT e.id, f.name, e.title, e.link, e.seen_at, t.text
             FROM entries e JOIN feeds f ON f.id = e.feed_id
             LEFT JOIN article_texts t ON t.entry_id = e.id
             WHERE e.seen_at >= ?1 ORDER BY e.seen_at, e.id",
        )?;
        let mut rows = stmt.query([since])?;
        while let Some(r) = rows.next()? {
            each(stored_article(r)?);
        }
        Ok(())
    }

    /// One stored entry, by its id or by its link, with its text when that is still kept,
    /// and the watchlists it matched when it was read.
    pub fn article(
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
    pub fn recorded_matches(&self, since: DateTime<Utc>) -> Result<Vec<RecordedMatch>, StoreError> {
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
