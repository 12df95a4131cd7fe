//! Messages that did not go out: those still waiting (a mail server down, a retry backing
//! off) and those refused for good, which are never retried on their own but listed — by
//! `newshound outbox` and in the foot of the digest's next message — until an operator
//! retries them.

use super::Sqlite;
use crate::model::Undelivered;
use crate::store::rows::kind_of;
use crate::store::{Coordination, OutboxItem, StoreError, UndeliveredStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::params;

#[async_trait]
impl UndeliveredStore for Sqlite {
    /// Records a refusal for good: the message leaves the queue but stays in the outbox.
    async fn mark_refused(
        &self,
        outbox_id: i64,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, failed_at = ?3,
             next_attempt_at = NULL WHERE id = ?1",
            params![outbox_id, error, now],
        )?;
        Ok(())
    }

    /// Every message not accepted, waiting, refused or dropped, oldest first.
    async fn undelivered(&self) -> Result<Vec<OutboxItem>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, digest, subject, message_id, created_at, attempts, last_error,
                    next_attempt_at, failed_at, dropped_at
             FROM outbox WHERE sent_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(1)?;
            let failed_at: Option<DateTime<Utc>> = r.get(9)?;
            let dropped_at: Option<DateTime<Utc>> = r.get(10)?;
            Ok(OutboxItem {
                id: r.get(0)?,
                kind: kind_of(&kind),
                digest: r.get(2)?,
                subject: r.get(3)?,
                message_id: r.get(4)?,
                created_at: r.get(5)?,
                attempts: r.get(6)?,
                last_error: r.get(7)?,
                status: match (dropped_at, failed_at) {
                    (Some(_), _) => "dropped",
                    (None, Some(_)) => "failed",
                    (None, None) => "waiting",
                },
                next_attempt_at: r.get(8)?,
                failed_at,
                dropped_at,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Messages of `digest` refused since its last message that went out: what the foot of
    /// its next message reports.
    async fn refused_since_last_sent(&self, digest: &str) -> Result<Vec<Undelivered>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT kind, subject, created_at, failed_at, COALESCE(last_error, '') FROM outbox
             WHERE digest = ?1 AND sent_at IS NULL AND failed_at IS NOT NULL
               AND dropped_at IS NULL
               AND id > COALESCE((SELECT MAX(id) FROM outbox WHERE digest = ?1
                                  AND sent_at IS NOT NULL AND kind = 'digest'), 0)
             ORDER BY id",
        )?;
        let rows = stmt.query_map([digest], |r| {
            let kind: String = r.get(0)?;
            Ok(Undelivered {
                kind: kind_of(&kind),
                subject: r.get(1)?,
                created_at: r.get(2)?,
                failed_at: r.get(3)?,
                error: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Puts refused (or backing-off) messages back in the queue, due now: message `id`, or
    /// every one not yet sent. Dropped ones stay dropped. Returns how many.
    async fn retry_undelivered(&self, id: Option<i64>) -> Result<usize, StoreError> {
        Ok(self.conn().execute(
            "UPDATE outbox SET failed_at = NULL, next_attempt_at = NULL
             WHERE sent_at IS NULL AND dropped_at IS NULL AND (?1 IS NULL OR id = ?1)",
            params![id],
        )?)
    }

    /// Gives up on message `id` for good: it is never sent, and stays listed as dropped.
    /// Taken under the send lock, so a send already under way finishes (and wins) first.
    /// Returns whether it was waiting or failed (false: sent, dropped already, or unknown).
    async fn drop_undelivered(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let _lock = self.lock_sending().await?;
        let n = self.conn().execute(
            "UPDATE outbox SET dropped_at = ?2, failed_at = COALESCE(failed_at, ?2),
             next_attempt_at = NULL
             WHERE id = ?1 AND sent_at IS NULL AND dropped_at IS NULL",
            params![id, now],
        )?;
        Ok(n == 1)
    }
}
