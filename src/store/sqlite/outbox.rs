//! The outbox. A message (a digest or an alert) is stored together with the claims on the
//! matches it tells, in one transaction; it is marked sent only once the mail server accepted
//! it (or the .eml file is on disk). Until then it is resent as the same bytes, with the same
//! Message-ID, and its matches stay claimed, so nothing is lost and nothing is told twice.
//!
//! Senders in any process serialise on a lock file beside the database and check the message
//! is still unsent once they hold it, so a daemon and a manual `digest send` never both send
//! one message. The kernel drops the lock of a process that dies, so a crash never wedges it.

use super::Sqlite;
use crate::model::MessageKind;
use crate::store::rows::kind_of;
use crate::store::{EntryStore, NewMessage, OutboxMessage, OutboxStore, Stats, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

const MESSAGE_COLUMNS: &str =
    "id, kind, digest, message_id, subject, message, envelope, attempts, next_attempt_at,
     channel, COALESCE(idempotency_key, message_id), parts_sent";

fn message_from_row(r: &Row) -> rusqlite::Result<OutboxMessage> {
    let kind: String = r.get(1)?;
    Ok(OutboxMessage {
        id: r.get(0)?,
        kind: kind_of(&kind),
        digest: r.get(2)?,
        message_id: r.get(3)?,
        subject: r.get(4)?,
        message: r.get(5)?,
        envelope: r.get(6)?,
        attempts: r.get(7)?,
        next_attempt_at: r.get(8)?,
        channel: r.get(9)?,
        idempotency_key: r.get(10)?,
        parts_sent: r.get(11)?,
    })
}

#[async_trait]
impl OutboxStore for Sqlite {
    /// Stores one message per channel of one digest run (all of the same kind and digest) and
    /// claims `match_ids` for the first, atomically: the run's stories are told on every
    /// channel or on none. Returns the rows' ids in order, or `None` as [`Store::enqueue`].
    async fn enqueue_all(
        &self,
        msgs: &[NewMessage<'_>],
        match_ids: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        let Some(first) = msgs.first() else {
            return Ok(Some(Vec::new()));
        };
        let claims = match first.kind {
            MessageKind::Digest => "deliveries",
            MessageKind::Alert => "alerts",
        };
        let mut conn = self.conn();
        // IMMEDIATE: the check below and the inserts see the same state in every process.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut taken = tx.prepare_cached(&format!(
                "SELECT 1 FROM {claims} WHERE digest = ?1 AND match_id = ?2"
            ))?;
            for id in match_ids {
                if taken
                    .query_row(params![first.digest, id], |_| Ok(()))
                    .optional()?
                    .is_some()
                {
                    return Ok(None);
                }
            }
        }
        let mut ids = Vec::with_capacity(msgs.len());
        for msg in msgs {
            tx.execute(
                "INSERT INTO outbox (kind, digest, message_id, created_at, subject, message, envelope,
                                     story_count, channel, idempotency_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    msg.kind.as_str(),
                    msg.digest,
                    msg.message_id,
                    now,
                    msg.subject,
                    msg.bytes,
                    msg.envelope,
                    msg.story_count as i64,
                    msg.channel,
                    msg.idempotency_key
                ],
            )?;
            ids.push(tx.last_insert_rowid());
        }
        {
            // The claims name the first row: "was this story told" asks whether a message
            // of the run exists, which every channel's row answers alike.
            let mut claim = tx.prepare_cached(&format!(
                "INSERT INTO {claims} (digest, match_id, outbox_id) VALUES (?1, ?2, ?3)"
            ))?;
            for id in match_ids {
                claim.execute(params![first.digest, id, ids[0]])?;
            }
        }
        tx.commit()?;
        Ok(Some(ids))
    }

    /// Records that the first `parts` parts of a split message were accepted, so a retry
    /// resumes after them.
    async fn mark_parts_sent(&self, outbox_id: i64, parts: u32) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET parts_sent = ?2 WHERE id = ?1",
            params![outbox_id, parts],
        )?;
        Ok(())
    }

    /// Messages waiting to be sent (not accepted by the mail server, not refused for good),
    /// oldest first; of every digest when `digest` is `None`.
    async fn unsent(&self, digest: Option<&str>) -> Result<Vec<OutboxMessage>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox
             WHERE sent_at IS NULL AND failed_at IS NULL AND (?1 IS NULL OR digest = ?1)
             ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![digest], message_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stored message `outbox_id`, if it is still waiting to be sent.
    async fn unsent_message(&self, outbox_id: i64) -> Result<Option<OutboxMessage>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE id = ?1 AND sent_at IS NULL AND failed_at IS NULL"
        );
        Ok(self
            .conn()
            .query_row(&sql, [outbox_id], message_from_row)
            .optional()?)
    }

    /// Whether the message was sent, by this process or another, since it was read.
    async fn is_sent(&self, outbox_id: i64) -> Result<bool, StoreError> {
        let sent: Option<DateTime<Utc>> = self.conn().query_row(
            "SELECT sent_at FROM outbox WHERE id = ?1",
            [outbox_id],
            |r| r.get(0),
        )?;
        Ok(sent.is_some())
    }

    /// Whether the message no longer waits: sent, or refused for good, by this process or
    /// another, since it was read.
    async fn is_settled(&self, outbox_id: i64) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT sent_at IS NOT NULL OR failed_at IS NOT NULL FROM outbox WHERE id = ?1",
            [outbox_id],
            |r| r.get(0),
        )?)
    }

    async fn mark_sent(&self, outbox_id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL,
             next_attempt_at = NULL WHERE id = ?1",
            params![outbox_id, now],
        )?;
        Ok(())
    }

    /// Records a failed attempt; the background retry leaves the message alone until `retry_at`.
    async fn mark_failed(
        &self,
        outbox_id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
             WHERE id = ?1",
            params![outbox_id, error, retry_at],
        )?;
        Ok(())
    }

    async fn last_digest_run(&self, digest: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT last_run_at FROM digest_runs WHERE digest = ?1",
                [digest],
                |r| r.get(0),
            )
            .optional()?)
    }

    async fn set_digest_run(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO digest_runs (digest, last_run_at) VALUES (?1, ?2)
             ON CONFLICT (digest) DO UPDATE SET last_run_at = excluded.last_run_at",
            params![digest, at],
        )?;
        Ok(())
    }

    async fn stats(&self) -> Result<Stats, StoreError> {
        let (entries, matches) = self.counts().await?;
        let undelivered_messages = self.conn().query_row(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
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
