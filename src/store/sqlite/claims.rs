//! Which recorded matches a digest's readers have not been told yet, and what they were told
//! before about the same stories. A match is told by a digest message (a row in `deliveries`)
//! or by an immediate alert (a row in `alerts`); both are claimed per digest, so two digests
//! with different recipients each tell every story once.

use super::Sqlite;
use crate::model::{PendingMatch, Told};
use crate::store::rows::explanation_of;
use crate::store::{ClaimStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// What a query over a digest's matches leaves out.
enum Unclaimed {
    /// Matches no message of the digest has carried yet.
    ByDigest,
    /// Matches neither an alert nor a digest message has told, matched since this instant.
    ByAlert { since: DateTime<Utc> },
}

const COLUMNS: &str = "m.id, m.watchlist, e.id, e.cluster_id, f.name, e.title, \
     COALESCE(e.link, e.key), e.published_at, e.seen_at, m.score, m.terms, m.snippet, m.marks, \
     m.explanation";

fn from_row(r: &Row) -> rusqlite::Result<PendingMatch> {
    let terms: String = r.get(10)?;
    let (model, clauses) = explanation_of(r.get(13)?);
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
        // Written by `record_entry` as a JSON list; an unreadable one only loses the bold.
        terms: serde_json::from_str(&terms).unwrap_or_default(),
        snippet: r.get(11)?,
        // Likewise; rows stored before marks were hold an empty list.
        marks: serde_json::from_str(&r.get::<_, String>(12)?).unwrap_or_default(),
        label: None,
        sent_before: None,
        alerted_at: None,
        model,
        clauses,
    })
}

#[async_trait]
impl ClaimStore for Sqlite {
    /// Matches of `watchlists` not yet claimed by a message of digest `digest`, oldest first,
    /// each with what the digest's readers were already told about its story.
    async fn pending_matches(
        &self,
        digest: &str,
        watchlists: &[String],
    ) -> Result<Vec<PendingMatch>, StoreError> {
        self.unclaimed(digest, watchlists, Unclaimed::ByDigest)
    }

    /// Matches of `watchlists` since `since` that neither an alert nor a message of digest
    /// `digest` has told yet: what an immediate alert would carry.
    async fn alert_candidates(
        &self,
        digest: &str,
        watchlists: &[String],
        since: DateTime<Utc>,
    ) -> Result<Vec<PendingMatch>, StoreError> {
        self.unclaimed(digest, watchlists, Unclaimed::ByAlert { since })
    }

    /// Settles matches that need no alert of `digest` because its readers know the story.
    async fn cover_alerts(&self, digest: &str, match_ids: &[i64]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO alerts (digest, match_id, outbox_id) VALUES (?1, ?2, NULL)",
            )?;
            for id in match_ids {
                insert.execute(params![digest, id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl Sqlite {
    fn unclaimed(
        &self,
        digest: &str,
        watchlists: &[String],
        filter: Unclaimed,
    ) -> Result<Vec<PendingMatch>, StoreError> {
        if watchlists.is_empty() {
            return Ok(Vec::new());
        }
        // ?1 is the digest, ?2 the cut-off time (unused by digests), watchlists follow.
        let marks: Vec<String> = (0..watchlists.len())
            .map(|i| format!("?{}", i + 3))
            .collect();
        let not_alerted = match filter {
            Unclaimed::ByDigest => "?2 IS NULL",
            Unclaimed::ByAlert { .. } => {
                "m.matched_at >= ?2 AND NOT EXISTS \
                 (SELECT 1 FROM alerts a WHERE a.digest = ?1 AND a.match_id = m.id)"
            }
        };
        let sql = format!(
            "SELECT {COLUMNS}
             FROM matches m JOIN entries e ON e.id = m.entry_id JOIN feeds f ON f.id = e.feed_id
             WHERE m.watchlist IN ({})
               AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.digest = ?1 AND d.match_id = m.id)
               AND {not_alerted}
             ORDER BY m.id",
            marks.join(", ")
        );
        let since = match filter {
            Unclaimed::ByDigest => None,
            Unclaimed::ByAlert { since } => Some(since),
        };
        let conn = self.conn();
        let mut stmt = conn.prepare(&sql)?;
        let args: Vec<&dyn rusqlite::ToSql> = [&digest as &dyn rusqlite::ToSql, &since]
            .into_iter()
            .chain(watchlists.iter().map(|w| w as &dyn rusqlite::ToSql))
            .collect();
        let mut found: Vec<PendingMatch> = stmt
            .query_map(params_from_iter(args), from_row)?
            .collect::<Result<_, _>>()?;
        drop(stmt);

        let mut told: HashMap<i64, (Option<Told>, Option<DateTime<Utc>>)> = HashMap::new();
        for m in &mut found {
            let (sent, alerted) = match told.entry(m.cluster_id) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => slot.insert((
                    sent_before(&conn, digest, m.cluster_id)?,
                    alerted_at(&conn, digest, m.cluster_id)?,
                )),
            };
            m.sent_before = sent.clone();
            m.alerted_at = *alerted;
        }
        Ok(found)
    }
}

/// The first digest message of `digest` that carried a report of `cluster`, with the title
/// of its best report there (the one that led the story).
fn sent_before(conn: &Connection, digest: &str, cluster: i64) -> Result<Option<Told>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.created_at, e.title FROM deliveries d
           JOIN outbox o ON o.id = d.outbox_id
           JOIN matches m ON m.id = d.match_id JOIN entries e ON e.id = m.entry_id
         WHERE d.digest = ?1 AND e.cluster_id = ?2
         ORDER BY o.id, m.score DESC, m.id LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![digest, cluster], |r| {
            Ok(Told {
                at: r.get(0)?,
                title: r.get(1)?,
            })
        })
        .optional()?)
}

/// When an alert of `digest` first told a report of `cluster` (sent, or queued if the mail
/// server has not taken it yet).
fn alerted_at(
    conn: &Connection,
    digest: &str,
    cluster: i64,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT COALESCE(o.sent_at, o.created_at) FROM alerts a
           JOIN outbox o ON o.id = a.outbox_id
           JOIN matches m ON m.id = a.match_id JOIN entries e ON e.id = m.entry_id
         WHERE a.digest = ?1 AND e.cluster_id = ?2
         ORDER BY o.id LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![digest, cluster], |r| r.get(0))
        .optional()?)
}
