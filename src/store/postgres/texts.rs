//! Kept article texts and recorded matches, as `sqlite/texts.rs` reads them.

use super::{Postgres, big};
use crate::store::{ArticleKey, RecordedMatch, StoreError, StoredArticle, TextStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio_postgres::Row;

const ARTICLE: &str = "SELECT e.id, f.name, e.title, e.link, e.seen_at, t.text
     FROM entries e JOIN feeds f ON f.id = e.feed_id
     LEFT JOIN article_texts t ON t.entry_id = e.id";

fn stored_article(r: &Row) -> StoredArticle {
    StoredArticle {
        entry_id: r.get(0),
        feed: r.get(1),
        title: r.get(2),
        link: r.get(3),
        seen_at: r.get(4),
        text: r.get(5),
    }
}

#[async_trait]
impl TextStore for Postgres {
    async fn prune_texts(&self, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let n = self
            .client()
            .await?
            .execute("DELETE FROM article_texts WHERE stored_at < $1", &[&before])
            .await?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    async fn articles(
        &self,
        since: DateTime<Utc>,
        after: Option<(DateTime<Utc>, i64)>,
        limit: usize,
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let (at, id) = after.unzip();
        let sql = format!(
            "{ARTICLE} WHERE e.seen_at >= $1
               AND ($2::timestamptz IS NULL OR (e.seen_at, e.id) > ($2, $3))
             ORDER BY e.seen_at, e.id LIMIT $4"
        );
        let rows = self
            .client()
            .await?
            .query(&sql, &[&since, &at, &id, &big(limit)])
            .await?;
        Ok(rows.iter().map(stored_article).collect())
    }

    async fn article(
        &self,
        key: ArticleKey<'_>,
    ) -> Result<Option<(StoredArticle, Vec<String>)>, StoreError> {
        let client = self.client().await?;
        let found = match key {
            ArticleKey::Id(id) => {
                client
                    .query_opt(&format!("{ARTICLE} WHERE e.id = $1"), &[&id])
                    .await?
            }
            ArticleKey::Link(link) => {
                let sql =
                    format!("{ARTICLE} WHERE e.link = $1 OR e.key = $1 ORDER BY e.id DESC LIMIT 1");
                client.query_opt(&sql, &[&link]).await?
            }
        };
        let Some(article) = found.as_ref().map(stored_article) else {
            return Ok(None);
        };
        let watchlists = client
            .query(
                "SELECT watchlist FROM matches WHERE entry_id = $1 ORDER BY id",
                &[&article.entry_id],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(Some((article, watchlists)))
    }

    async fn recorded_matches(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<RecordedMatch>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT m.entry_id, m.watchlist, m.score, m.terms, m.snippet
                 FROM matches m JOIN entries e ON e.id = m.entry_id
                 WHERE e.seen_at >= $1 ORDER BY m.id",
                &[&since],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| RecordedMatch {
                entry_id: r.get(0),
                watchlist: r.get(1),
                score: r.get(2),
                terms: serde_json::from_str(r.get(3)).unwrap_or_default(),
                snippet: r.get(4),
            })
            .collect())
    }
}
