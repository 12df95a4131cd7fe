//! The outbox, as `sqlite/outbox.rs` keeps it. A run's claims are inserted with its messages
//! in one transaction; a claim another node made first conflicts, and the whole run is rolled
//! back, so a story is told once per digest however many nodes build the run at once.

use super::{Postgres, big, count};
use crate::model::MessageKind;
use crate::store::rows::kind_of;
use crate::store::{EntryStore, NewMessage, OutboxMessage, OutboxStore, Stats, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio_postgres::Row;

const MESSAGE_COLUMNS: &str =
    "id, kind, digest, message_id, subject, message, envelope, attempts, next_attempt_at,
     channel, COALESCE(idempotency_key, message_id), parts_sent";

fn message_from_row(r: &Row) -> OutboxMessage {
    OutboxMessage {
        id: r.get(0),
        kind: kind_of(r.get(1)),
        digest: r.get(2),
        message_id: r.get(3),
        subject: r.get(4),
        message: r.get(5),
        envelope: r.get(6),
        attempts: count(r.get(7)),
        next_attempt_at: r.get(8),
        channel: r.get(9),
        idempotency_key: r.get(10),
        parts_sent: count(r.get(11)),
    }
}

#[async_trait]
impl OutboxStore for Postgres {
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
        let mut ids_to_claim = match_ids.to_vec();
        ids_to_claim.sort_unstable();
        ids_to_claim.dedup();
        let mut client = self.client().await?;
        let tx = client.transaction().await?;
        let mut ids = Vec::with_capacity(msgs.len());
        for msg in msgs {
            let row = tx
                .query_one(
                    "INSERT INTO outbox (kind, digest, message_id, created_at, subject, message,
                       envelope, story_count, channel, idempotency_key)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    &[
                        &msg.kind.as_str(),
                        &msg.digest,
                        &msg.message_id,
                        &now,
                        &msg.subject,
                        &msg.bytes,
                        &msg.envelope,
                        &big(msg.story_count),
                        &msg.channel,
                        &msg.idempotency_key,
                    ],
                )
                .await?;
            ids.push(row.get::<_, i64>(0));
        }
        // The claims name the first row, as on SQLite. A claim already made (by another run,
        // on this node or another) is not inserted; then this run stores nothing.
        let claimed = tx
            .execute(
                &format!(
                    "INSERT INTO {claims} (digest, match_id, outbox_id)
                     SELECT $1, id, $2 FROM unnest($3::bigint[]) AS id
                     ON CONFLICT DO NOTHING"
                ),
                &[&first.digest, &ids[0], &ids_to_claim],
            )
            .await?;
        if claimed != ids_to_claim.len() as u64 {
            tx.rollback().await?;
            return Ok(None);
        }
        tx.commit().await?;
        Ok(Some(ids))
    }

    async fn mark_parts_sent(&self, outbox_id: i64, parts: u32) -> Result<(), StoreError> {
        let parts = i32::try_from(parts).unwrap_or(i32::MAX);
        self.client()
            .await?
            .execute(
                "UPDATE outbox SET parts_sent = $2 WHERE id = $1",
                &[&outbox_id, &parts],
            )
            .await?;
        Ok(())
    }

    async fn unsent(&self, digest: Option<&str>) -> Result<Vec<OutboxMessage>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox
             WHERE sent_at IS NULL AND failed_at IS NULL AND ($1::text IS NULL OR digest = $1)
             ORDER BY id"
        );
        let rows = self.client().await?.query(&sql, &[&digest]).await?;
        Ok(rows.iter().map(message_from_row).collect())
    }

    async fn unsent_message(&self, outbox_id: i64) -> Result<Option<OutboxMessage>, StoreError> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM outbox
             WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL"
        );
        let row = self.client().await?.query_opt(&sql, &[&outbox_id]).await?;
        Ok(row.as_ref().map(message_from_row))
    }

    async fn is_sent(&self, outbox_id: i64) -> Result<bool, StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "SELECT sent_at IS NOT NULL FROM outbox WHERE id = $1",
                &[&outbox_id],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn is_settled(&self, outbox_id: i64) -> Result<bool, StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "SELECT sent_at IS NOT NULL OR failed_at IS NOT NULL FROM outbox WHERE id = $1",
                &[&outbox_id],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn mark_sent(&self, outbox_id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "UPDATE outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL,
                 next_attempt_at = NULL WHERE id = $1",
                &[&outbox_id, &now],
            )
            .await?;
        Ok(())
    }

    async fn mark_failed(
        &self,
        outbox_id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3
                 WHERE id = $1",
                &[&outbox_id, &super::text(error), &retry_at],
            )
            .await?;
        Ok(())
    }

    async fn last_digest_run(&self, digest: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT last_run_at FROM digest_runs WHERE digest = $1",
                &[&digest],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn set_digest_run(&self, digest: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "INSERT INTO digest_runs (digest, last_run_at) VALUES ($1, $2)
                 ON CONFLICT (digest) DO UPDATE SET last_run_at = EXCLUDED.last_run_at",
                &[&digest, &at],
            )
            .await?;
        Ok(())
    }

    async fn stats(&self) -> Result<Stats, StoreError> {
        let (entries, matches) = self.counts().await?;
        let row = self
            .client()
            .await?
            .query_one(
                "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
                &[],
            )
            .await?;
        Ok(Stats {
            entries,
            matches,
            undelivered_messages: row.get(0),
        })
    }
}
