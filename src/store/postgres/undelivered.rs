//! Messages that did not go out, as `sqlite/undelivered.rs` lists them.

use super::{Postgres, count, text};
use crate::model::Undelivered;
use crate::store::rows::kind_of;
use crate::store::{Coordination, OutboxItem, StoreError, UndeliveredStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl UndeliveredStore for Postgres {
    async fn mark_refused(
        &self,
        outbox_id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $2, failed_at = $3,
                 next_attempt_at = NULL WHERE id = $1",
                &[&outbox_id, &text(error), &now],
            )
            .await?;
        Ok(())
    }

    async fn undelivered(&self) -> Result<Vec<OutboxItem>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT id, kind, digest, subject, message_id, created_at, attempts, last_error,
                        next_attempt_at, failed_at, dropped_at
                 FROM outbox WHERE sent_at IS NULL ORDER BY id",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let failed_at: Option<DateTime<Utc>> = r.get(9);
                let dropped_at: Option<DateTime<Utc>> = r.get(10);
                OutboxItem {
                    id: r.get(0),
                    kind: kind_of(r.get(1)),
                    digest: r.get(2),
                    subject: r.get(3),
                    message_id: r.get(4),
                    created_at: r.get(5),
                    attempts: count(r.get(6)),
                    last_error: r.get(7),
                    status: match (dropped_at, failed_at) {
                        (Some(_), _) => "dropped",
                        (None, Some(_)) => "failed",
                        (None, None) => "waiting",
                    },
                    next_attempt_at: r.get(8),
                    failed_at,
                    dropped_at,
                }
            })
            .collect())
    }

    async fn refused_since_last_sent(&self, digest: &str) -> Result<Vec<Undelivered>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "SELECT kind, subject, created_at, failed_at, COALESCE(last_error, '') FROM outbox
                 WHERE digest = $1 AND sent_at IS NULL AND failed_at IS NOT NULL
                   AND dropped_at IS NULL
                   AND id > COALESCE((SELECT MAX(id) FROM outbox WHERE digest = $1
                                      AND sent_at IS NOT NULL AND kind = 'digest'), 0)
                 ORDER BY id",
                &[&digest],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| Undelivered {
                kind: kind_of(r.get(0)),
                subject: r.get(1),
                created_at: r.get(2),
                failed_at: r.get(3),
                error: r.get(4),
            })
            .collect())
    }

    async fn retry_undelivered(&self, id: Option<i64>) -> Result<usize, StoreError> {
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE outbox SET failed_at = NULL, next_attempt_at = NULL
                 WHERE sent_at IS NULL AND dropped_at IS NULL AND ($1::bigint IS NULL OR id = $1)",
                &[&id],
            )
            .await?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    async fn drop_undelivered(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let _lock = self.lock_sending().await?;
        let n = self
            .client()
            .await?
            .execute(
                "UPDATE outbox SET dropped_at = $2, failed_at = COALESCE(failed_at, $2),
                 next_attempt_at = NULL
                 WHERE id = $1 AND sent_at IS NULL AND dropped_at IS NULL",
                &[&id, &now],
            )
            .await?;
        Ok(n == 1)
    }
}
