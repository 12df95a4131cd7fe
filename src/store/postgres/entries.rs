//! Seen entries and their matches, as `sqlite/entries.rs` keeps them: an entry, its text,
//! its matches and its feed's new state in one transaction.

use super::feeds::update_state;
use super::{Postgres, big, text, text_opt};
use crate::model::{Entry, FeedId, Match};
use crate::store::{
    ArticleKey, EntryStore, NewEntry, PollOutcome, ReportRow, StoreError, StoryRow,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use std::collections::HashSet;
use tokio_postgres::Row;

fn story_row(r: &Row) -> StoryRow {
    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))
}

#[async_trait]
impl EntryStore for Postgres {
    async fn unseen(&self, keys: &[String]) -> Result<Vec<String>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT key FROM entries WHERE key = ANY($1)",
                &[&keys_of(keys)],
            )
            .await?;
        let seen: HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
        Ok(not_in(keys, &seen))
    }

    async fn recent_stories(
        &self,
        since: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, cluster_id, seen_at, published_at, fingerprint FROM entries
                 WHERE seen_at >= $1 ORDER BY seen_at DESC, id DESC LIMIT $2",
                &[&since, &big(limit)],
            )
            .await?;
        Ok(rows.iter().map(story_row).collect())
    }

    async fn record_entries(
        &self,
        entries: &[(NewEntry, Vec<Match>)],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<(i64, i64)>>, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let out = insert_all(&tx, entries, now).await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn record_fetch(
        &self,
        feed_id: FeedId,
        entries: &[(NewEntry, Vec<Match>)],
        mut outcome: PollOutcome,
        backlog: &[Entry],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<(i64, i64)>>, StoreError> {
        let mut client = self.client().await?;
        if entries.is_empty() && backlog.is_empty() {
            update_state(&client, feed_id, &outcome, now).await?;
            return Ok(Vec::new());
        }
        let tx = client.transaction().await?;
        let out = insert_all(&tx, entries, now).await?;
        super::backlog::add(&tx, feed_id, backlog, now).await?;
        let recorded = out.iter().flatten().count() as i64;
        match &mut outcome {
            PollOutcome::Fetched { new_items, .. } => *new_items = recorded,
            // Entries taken from the backlog behind a 304 count as seen all the same.
            _ => {
                tx.execute(
                    "UPDATE feeds SET items_seen = items_seen + $2 WHERE id = $1",
                    &[&feed_id, &recorded],
                )
                .await?;
            }
        }
        update_state(&tx, feed_id, &outcome, now).await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn last_entry_id(&self) -> Result<i64, StoreError> {
        let row = self
            .client()
            .await?
            .query_one("SELECT COALESCE(MAX(id), 0) FROM entries", &[])
            .await?;
        Ok(row.get(0))
    }

    async fn recorded_since(
        &self,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, cluster_id, seen_at, published_at, fingerprint FROM entries
                 WHERE id > $1 ORDER BY id LIMIT $2",
                &[&after_id, &big(limit)],
            )
            .await?;
        Ok(rows.iter().map(story_row).collect())
    }

    async fn report(&self, key: ArticleKey<'_>) -> Result<Option<ReportRow>, StoreError> {
        let client = self.client().await?;
        let row = match key {
            ArticleKey::Id(id) => {
                client
                    .query_opt(&format!("{REPORT} WHERE e.id = $1"), &[&id])
                    .await?
            }
            ArticleKey::Link(link) => {
                let sql =
                    format!("{REPORT} WHERE e.link = $1 OR e.key = $1 ORDER BY e.id DESC LIMIT 1");
                client.query_opt(&sql, &[&link]).await?
            }
        };
        Ok(row.as_ref().map(report_row))
    }

    async fn reports_seen_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<ReportRow>, StoreError> {
        let sql = format!(
            "{REPORT} WHERE e.seen_at >= $1 AND e.seen_at <= $2 ORDER BY e.seen_at, e.id LIMIT $3"
        );
        let rows = self
            .client()
            .await?
            .query(&sql, &[&from, &to, &big(limit)])
            .await?;
        Ok(rows.iter().map(report_row).collect())
    }

    async fn counts(&self) -> Result<(i64, i64), StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "SELECT (SELECT COUNT(*) FROM entries), (SELECT COUNT(*) FROM matches)",
                &[],
            )
            .await?;
        Ok((row.get(0), row.get(1)))
    }
}

const REPORT: &str = "SELECT e.id, e.cluster_id, f.name, e.title, e.link, e.seen_at,
     e.published_at, e.fingerprint FROM entries e JOIN feeds f ON f.id = e.feed_id";

fn report_row(r: &Row) -> ReportRow {
    ReportRow {
        entry_id: r.get(0),
        cluster_id: r.get(1),
        feed: r.get(2),
        title: r.get(3),
        link: r.get(4),
        seen_at: r.get(5),
        published: r.get(6),
        fingerprint: r.get(7),
    }
}

/// Keys as they are stored (see `text`).
pub(super) fn keys_of(keys: &[String]) -> Vec<String> {
    keys.iter().map(|k| text(k).into_owned()).collect()
}

/// The keys not among `stored`, in their order, each once.
pub(super) fn not_in(keys: &[String], stored: &HashSet<String>) -> Vec<String> {
    let mut dup = HashSet::new();
    keys.iter()
        .filter(|k| !stored.contains(text(k).as_ref()) && dup.insert(*k))
        .cloned()
        .collect()
}

async fn insert_all(
    tx: &impl GenericClient,
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
        out.push(insert_entry(tx, e, cluster, matches, now).await?);
    }
    Ok(out)
}

async fn insert_entry(
    tx: &impl GenericClient,
    e: &NewEntry,
    cluster_id: Option<i64>,
    matches: &[Match],
    now: DateTime<Utc>,
) -> Result<Option<(i64, i64)>, StoreError> {
    // A new story is its first entry's id, known only once inserted.
    let inserted = tx
        .query_opt(
            "INSERT INTO entries (feed_id, key, link, title, published_at, seen_at,
               text_source, text_error, text_len, fingerprint, cluster_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, COALESCE($11::bigint, 0))
             ON CONFLICT (key) DO NOTHING RETURNING id",
            &[
                &e.feed_id,
                &text(&e.key),
                &text_opt(&e.link),
                &text(&e.title),
                &e.published,
                &now,
                &e.text_source,
                &text_opt(&e.text_error),
                &big(e.text_len),
                &e.fingerprint,
                &cluster_id,
            ],
        )
        .await?;
    super::backlog::remove(tx, &text(&e.key)).await?;
    let Some(row) = inserted else {
        return Ok(None);
    };
    let id: i64 = row.get(0);
    if cluster_id.is_none() {
        tx.execute("UPDATE entries SET cluster_id = id WHERE id = $1", &[&id])
            .await?;
    }
    if !e.text.is_empty() {
        tx.execute(
            "INSERT INTO article_texts (entry_id, text, stored_at) VALUES ($1, $2, $3)",
            &[&id, &text(&e.text), &now],
        )
        .await?;
    }
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
    for m in matches {
        let explanation =
            serde_json::json!({ "clauses": m.clauses, "snippets": m.snippets, "model": m.model });
        tx.execute(
            "INSERT INTO matches
               (entry_id, watchlist, score, terms, snippet, matched_at, marks, explanation)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (entry_id, watchlist) DO NOTHING",
            &[
                &id,
                &m.watchlist,
                &m.score,
                &serde_json::to_string(&m.terms).map_err(corrupt)?,
                &text(&m.snippet),
                &now,
                &serde_json::to_string(&m.marks).map_err(corrupt)?,
                &explanation.to_string(),
            ],
        )
        .await?;
    }
    Ok(Some((id, cluster_id.unwrap_or(id))))
}
