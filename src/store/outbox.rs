//! The outbox. A message (a digest or an alert) is stored together with the claims on the
//! matches it tells, in one transaction; it is marked sent only once the mail server accepted
//! it (or the .eml file is on disk). Until then it is resent as the same bytes, with the same
//! Message-ID, and its matches stay claimed, so nothing is lost and nothing is told twice.
//!
//! Senders in any process serialise on a lock file beside the database and check the message
//! is still unsent once they hold it, so a daemon and a manual `digest send` never both send
//! one message. The kernel drops the lock of a process that dies, so a crash never wedges it.

use super::{Store, StoreError};
use crate::model::MessageKind;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub kind: MessageKind,
    pub digest: String,
    pub message_id: String,
    pub subject: String,
    pub message: Vec<u8>,
    /// JSON {"from": .., "to": [..]}.
    pub envelope: String,
    pub attempts: u32,
    /// Set after a failure: the background retry leaves the message alone until then.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The `[[channel]]` it goes through; `email` for the digest's own mail.
    pub channel: String,
    /// Sent with every attempt, so a receiver that de-duplicates keeps one copy.
    pub idempotency_key: String,
    /// Parts of a split message already accepted by the service.
    pub parts_sent: u32,
}

/// A message built for the outbox, not yet stored.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    pub kind: MessageKind,
    pub digest: &'a str,
    pub message_id: &'a str,
    pub subject: &'a str,
    pub bytes: &'a [u8],
    pub envelope: &'a str,
    pub story_count: usize,
    /// `email`, or the name of a `[[channel]]`.
    pub channel: &'a str,
    pub idempotency_key: &'a str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub entries: i64,
    pub matches: i64,
    pub undelivered_messages: i64,
}

const MESSAGE_COLUMNS: &str =
    "id, kind, digest, message_id, subject, message, envelope, attempts, next_attempt_at,
     channel, COALESCE(idempotency_key, message_id), parts_sent";

fn message_from_row(r: &Row) -> rusqlite::Result<OutboxMessage> {
    let kind: String = r.get(1)?;
    Ok(OutboxMessage {
        id: r.get(0)?,
        kind: if kind == MessageKind::Alert.as_str() {
            MessageKind::Alert
        } else {
            MessageKind::Digest
        },
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

impl Store {
    /// Stores a message and claims `match_ids` for it, atomically. Returns `None`, storing
    /// nothing, when another run claimed any of those matches for this digest meanwhile.
    pub fn enqueue(
        &self,
        msg: &NewMessage,
        match_ids: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        Ok(self
            .enqueue_all(std::slice::from_ref(msg), match_ids, now)?
            .and_then(|ids| ids.first().copied()))
    }

    /// Stores one message per channel of one digest run (all of the same kind and digest) and
    /// claims `match_ids` for the first, atomically: the run's stories are told on every
    /// channel or on none. Returns the rows' ids in order, or `None` as [`Store::enqueue`].
    pub fn enqueue_all(
        &self,
        msgs: &[NewMessage],
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
    pub fn mark_parts_sent(&self, outbox_id: i64, parts: u32) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET parts_sent = ?2 WHERE id = ?1",
            params![outbox_id, parts],
        )?;
        Ok(())
    }

    /// Messages waiting to be sent (not accepted by the mail server, not refused for good),
    /// oldest first; of every digest when `digest` is `None`.
    pub fn unsent(&self, digest: Option<&str>) -> Result<Vec<OutboxMessage>, StoreError> {
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
    pub fn unsent_message(&self, outbox_id: i64) -> Result<Option<OutboxMessage>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox WHERE id = ?1 AND sent_at IS NULL AND failed_at IS NULL"
        );
        Ok(self
            .conn()
            .query_row(&sql, [outbox_id], message_from_row)
            .optional()?)
    }

    /// Whether the message was sent, by this process or another, since it was read.
    pub fn is_sent(&self, outbox_id: i64) -> Result<bool, StoreError> {
        let sent: Option<DateTime<Utc>> = self.conn().query_row(
            "SELECT sent_at FROM outbox WHERE id = ?1",
            [outbox_id],
            |r| r.get(0),
        )?;
        Ok(sent.is_some())
    }

    /// Whether the message no longer waits: sent, or refused for good, by this process or
    /// another, since it was read.
    pub fn is_settled(&self, outbox_id: i64) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT sent_at IS NOT NULL OR failed_at IS NOT NULL FROM outbox WHERE id = ?1",
            [outbox_id],
            |r| r.get(0),
        )?)
    }

    pub fn mark_sent(&self, outbox_id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, last_error = NULL,
             next_attempt_at = NULL WHERE id = ?1",
            params![outbox_id, now],
        )?;
        Ok(())
    }

    /// Records a failed attempt; the background retry leaves the message alone until `retry_at`.
    pub fn mark_failed(
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
