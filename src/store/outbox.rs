//! The digest outbox. A digest claims its matches and stores its message in one transaction;
//! the message is marked sent only once the mail server accepted it (or the .eml file is on
//! disk). Until then it is resent as the same bytes, with the same Message-ID, and its
//! matches stay claimed, so nothing is lost and nothing reaches a recipient twice.

use super::{Store, StoreError};
use crate::model::PendingMatch;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params, params_from_iter};
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub digest: String,
    pub message_id: String,
    pub subject: String,
    pub message: Vec<u8>,
    /// JSON {"from": .., "to": [..]}.
    pub envelope: String,
    pub attempts: u32,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub entries: i64,
    pub matches: i64,
    pub undelivered_messages: i64,
}

impl Store {
    /// Matches of `watchlists` not yet claimed by digest `digest`, oldest first.
    pub fn pending_matches(
        &self,
        digest: &str,
        watchlists: &[String],
    ) -> Result<Vec<PendingMatch>, StoreError> {
        if watchlists.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; watchlists.len()].join(", ");
        let sql = format!(
            "SELECT m.id, m.watchlist, e.id, e.cluster_id, f.name, e.title, COALESCE(e.link, e.key),
                    e.published_at, e.seen_at, m.score, m.terms, m.snippet
             FROM matches m JOIN entries e ON e.id = m.entry_id JOIN feeds f ON f.id = e.feed_id
             WHERE m.watchlist IN ({marks})
               AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.digest = ? AND d.match_id = m.id)
             ORDER BY m.id"
        );
        let conn = self.conn();
        let mut stmt = conn.prepare(&sql)?;
        let args = watchlists
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(digest));
        let rows = stmt.query_map(params_from_iter(args), |r| {
            let terms: String = r.get(10)?;
            Ok(PendingMatch {
                match_id: r.get(0)?,
                watchlist: r.get(1)?,
                article_id: r.get(2)?,
                cluster_id: r.get(3)?,
                outlet: r.get(4)?,
                title: r.get(5)?,
                url: r.get(6)?,
                published: r.get(7)?,
                seen_at: r.get(8)?,
                score: r.get(9)?,
                terms: serde_json::from_str(&terms).unwrap_or_default(),
                snippet: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a built message and claims its matches for `digest`, atomically.
    #[allow(clippy::too_many_arguments)]
    pub fn enqueue_digest(
        &self,
        digest: &str,
        match_ids: &[i64],
        message_id: &str,
        subject: &str,
        message: &[u8],
        envelope: &str,
        story_count: usize,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO outbox (digest, message_id, created_at, subject, message, envelope, story_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![digest, message_id, now, subject, message, envelope, story_count as i64],
        )?;
        let outbox_id = tx.last_insert_rowid();
        {
            let mut claim = tx.prepare_cached(
                "INSERT INTO deliveries (digest, match_id, outbox_id) VALUES (?1, ?2, ?3)",
            )?;
            for id in match_ids {
                claim.execute(params![digest, id, outbox_id])?;
            }
        }
        tx.commit()?;
        Ok(outbox_id)
    }

    /// Messages not yet accepted by the mail server, oldest first; all digests when `None`.
    pub fn unsent(&self, digest: Option<&str>) -> Result<Vec<OutboxMessage>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, digest, message_id, subject, message, envelope, attempts FROM outbox
             WHERE sent_at IS NULL AND (?1 IS NULL OR digest = ?1) ORDER BY id",
        )?;
        let rows = stmt.query_map([digest], |r| {
            Ok(OutboxMessage {
                id: r.get(0)?,
                digest: r.get(1)?,
                message_id: r.get(2)?,
                subject: r.get(3)?,
                message: r.get(4)?,
                envelope: r.get(5)?,
                attempts: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn mark_sent(&self, outbox_id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL WHERE id = ?1",
            params![outbox_id, now],
        )?;
        Ok(())
    }

    pub fn mark_failed(&self, outbox_id: i64, error: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
            params![outbox_id, error],
        )?;
        Ok(())
    }

    pub fn last_digest_run(&self, digest: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT last_run_at FROM digest_runs WHERE digest = ?1",
                [digest],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_digest_run(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO digest_runs (digest, last_run_at) VALUES (?1, ?2)
             ON CONFLICT (digest) DO UPDATE SET last_run_at = excluded.last_run_at",
            params![digest, at],
        )?;
        Ok(())
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        let (entries, matches) = self.counts()?;
        let undelivered_messages = self.conn().query_row(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL",
            [],
            |r| r.get(0),
        )?;
        Ok(Stats {
            entries,
            matches,
            undelivered_messages,
        })
    }
}
