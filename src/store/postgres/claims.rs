//! Which recorded matches a digest's readers have not been told yet, as `sqlite/claims.rs`
//! decides it.

use super::Postgres;
use crate::model::{PendingMatch, Told};
use crate::store::rows::explanation_of;
use crate::store::{ClaimStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use tokio_postgres::Row;

const COLUMNS: &str = "m.id, m.watchlist, e.id, e.cluster_id, f.name, e.title, \
     COALESCE(e.link, e.key), e.published_at, e.seen_at, m.score, m.terms, m.snippet, m.marks, \
     m.explanation";

fn from_row(r: &Row) -> PendingMatch {
    let (model, clauses) = explanation_of(r.get(13));
    PendingMatch {
        match_id: r.get(0),
        watchlist: r.get(1),
        article_id: r.get(2),
        cluster_id: r.get(3),
        outlet: r.get(4),
        title: r.get(5),
        url: r.get(6),
        published: r.get(7),
        seen_at: r.get(8),
        score: r.get(9),
        // Written by `record_entry` as JSON lists; an unreadable one only loses the bold.
        terms: serde_json::from_str(r.get(10)).unwrap_or_default(),
        snippet: r.get(11),
        marks: serde_json::from_str(r.get(12)).unwrap_or_default(),
        label: None,
        sent_before: None,
        alerted_at: None,
        model,
        clauses,
    }
}

#[async_trait]
impl ClaimStore for Postgres {
    async fn pending_matches(
        &self,
        digest: &str,
        watchlists: &[String],
    ) -> Result<Vec<PendingMatch>, StoreError> {
        self.unclaimed(digest, watchlists, None).await
    }

    async fn alert_candidates(
        &self,
        digest: &str,
        watchlists: &[String],
        since: DateTime<Utc>,
    ) -> Result<Vec<PendingMatch>, StoreError> {
        self.unclaimed(digest, watchlists, Some(since)).await
    }

    async fn cover_alerts(&self, digest: &str, match_ids: &[i64]) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO alerts (digest, match_id, outbox_id)
                 SELECT $1, id, NULL FROM unnest($2::bigint[]) AS id
                 ON CONFLICT DO NOTHING",
                &[&digest, &match_ids],
            )
            .await?;
        Ok(())
    }
}

impl Postgres {
    /// Matches no message of `digest` carried; with `alerts_since`, also none an alert told,
    /// matched since then.
    async fn unclaimed(
        &self,
        digest: &str,
        watchlists: &[String],
        alerts_since: Option<DateTime<Utc>>,
    ) -> Result<Vec<PendingMatch>, StoreError> {
        if watchlists.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS}
             FROM matches m JOIN entries e ON e.id = m.entry_id JOIN feeds f ON f.id = e.feed_id
             WHERE m.watchlist = ANY($3)
               AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.digest = $1 AND d.match_id = m.id)
               AND ($2::timestamptz IS NULL OR (m.matched_at >= $2 AND NOT EXISTS
                    (SELECT 1 FROM alerts a WHERE a.digest = $1 AND a.match_id = m.id)))
             ORDER BY m.id"
        );
        let client = self.client().await?;
        let rows = client
            .query(&sql, &[&digest, &alerts_since, &watchlists])
            .await?;
        let mut found: Vec<PendingMatch> = rows.iter().map(from_row).collect();
        let mut told: HashMap<i64, (Option<Told>, Option<DateTime<Utc>>)> = HashMap::new();
        for m in &mut found {
            let (sent, alerted) = match told.entry(m.cluster_id) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => slot.insert((
                    sent_before(&client, digest, m.cluster_id).await?,
                    alerted_at(&client, digest, m.cluster_id).await?,
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
async fn sent_before(
    c: &impl GenericClient,
    digest: &str,
    cluster: i64,
) -> Result<Option<Told>, StoreError> {
    let row = c
        .query_opt(
            "SELECT o.created_at, e.title FROM deliveries d
               JOIN outbox o ON o.id = d.outbox_id
               JOIN matches m ON m.id = d.match_id JOIN entries e ON e.id = m.entry_id
             WHERE d.digest = $1 AND e.cluster_id = $2
             ORDER BY o.id, m.score DESC, m.id LIMIT 1",
            &[&digest, &cluster],
        )
        .await?;
    Ok(row.map(|r| Told {
        at: r.get(0),
        title: r.get(1),
    }))
}

/// When an alert of `digest` first told a report of `cluster` (sent, or queued).
async fn alerted_at(
    c: &impl GenericClient,
    digest: &str,
    cluster: i64,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let row = c
        .query_opt(
            "SELECT COALESCE(o.sent_at, o.created_at) FROM alerts a
               JOIN outbox o ON o.id = a.outbox_id
               JOIN matches m ON m.id = a.match_id JOIN entries e ON e.id = m.entry_id
             WHERE a.digest = $1 AND e.cluster_id = $2
             ORDER BY o.id LIMIT 1",
            &[&digest, &cluster],
        )
        .await?;
    Ok(row.map(|r| r.get(0)))
}
