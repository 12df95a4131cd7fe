//! Sending what the outbox holds: one stored message at a time, under the store's send lock,
//! as the very bytes stored (same Message-ID), marked sent only once the transport accepted
//! it. A failure leaves the message waiting with a backoff for the background retry.

use crate::digest::Rendered;
use crate::mail::Mailer;
use crate::model::Digest;
use crate::store::{NewMessage, OutboxMessage, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashSet;

/// The first retry after a failure waits this long; each further failure doubles the wait.
const FIRST_RETRY_SECS: i64 = 60;
/// The longest wait between two retries, so mail goes out within this long of the server
/// coming back, however long it was down.
const MAX_RETRY_SECS: i64 = 30 * 60;

/// When the background retry may try a message again after its `attempts`-th failure.
pub fn retry_at(now: DateTime<Utc>, attempts: u32) -> DateTime<Utc> {
    let doublings = attempts.saturating_sub(1).min(20);
    let secs = FIRST_RETRY_SECS
        .saturating_mul(1 << doublings)
        .min(MAX_RETRY_SECS);
    now + Duration::seconds(secs)
}

/// How one attempt at a stored message ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Accepted,
    /// Another run (in this process or another) sent it while this one waited for the lock.
    AlreadySent,
    /// The transport refused or failed; the message waits for a retry.
    Failed(String),
    /// The mail server refused this message for good: it is marked failed (listed by
    /// `newshound outbox` and the digest's next message) and not retried.
    Refused(String),
}

/// Sends one stored message and records the outcome.
pub async fn send_stored(
    store: &Store,
    mailer: &Mailer,
    msg: &OutboxMessage,
    now: DateTime<Utc>,
) -> Result<Sent, StoreError> {
    let locker = store.clone();
    let _lock = tokio::task::spawn_blocking(move || locker.lock_sending())
        .await
        .map_err(|e| StoreError::Corrupt(format!("the send lock task failed: {e}")))??;
    if store.is_settled(msg.id)? {
        return Ok(Sent::AlreadySent);
    }
    super::failpoint::hit("before_send", &msg.digest);
    match mailer.send(&msg.message, &msg.envelope).await {
        Ok(()) => {
            // The window a crash test aims at: accepted by the server, not yet marked.
            super::failpoint::hit("after_send", &msg.digest);
            store.mark_sent(msg.id, now)?;
            super::failpoint::hit("after_mark", &msg.digest);
            tracing::info!(digest = %msg.digest, kind = msg.kind.as_str(), message_id = %msg.message_id, "sent");
            Ok(Sent::Accepted)
        }
        Err(e) if e.is_final() => {
            let error = e.to_string();
            store.mark_refused(msg.id, &error, now)?;
            tracing::error!(digest = %msg.digest, kind = msg.kind.as_str(), message_id = %msg.message_id, error = %error, "refused for good; marked failed (see `newshound outbox`)");
            Ok(Sent::Refused(error))
        }
        Err(e) => {
            let error = e.to_string();
            store.mark_failed(
                msg.id,
                &error,
                retry_at(now, msg.attempts.saturating_add(1)),
            )?;
            Ok(Sent::Failed(error))
        }
    }
}

/// How storing a built digest or alert in the outbox ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queued {
    Stored(i64),
    /// Another run claimed some of its matches first; nothing was stored.
    Claimed,
    /// The message could not be built (an address the mail library refuses, say).
    Unbuildable(String),
}

/// Composes `built` (rendered as `rendered`) for `to` and stores it in the outbox together
/// with the claims on its matches, in one transaction.
pub fn queue(
    store: &Store,
    mailer: &Mailer,
    to: &[String],
    built: &Digest,
    rendered: Rendered,
    now: DateTime<Utc>,
) -> Result<Queued, StoreError> {
    let m = match mailer.compose(to, &rendered.subject, rendered.text, rendered.html, now) {
        Ok(m) => m,
        Err(e) => return Ok(Queued::Unbuildable(e.to_string())),
    };
    let msg = NewMessage {
        kind: built.kind,
        digest: &built.name,
        message_id: &m.message_id,
        subject: &rendered.subject,
        bytes: &m.bytes,
        envelope: &m.envelope,
        story_count: built.story_count(),
        channel: crate::channel::EMAIL,
        idempotency_key: &m.message_id,
    };
    Ok(match store.enqueue(&msg, &built.match_ids, now)? {
        Some(id) => Queued::Stored(id),
        None => Queued::Claimed,
    })
}

/// Sends the message just stored as `outbox_id`, unless another run already did.
pub async fn send_new(
    store: &Store,
    mailer: &Mailer,
    outbox_id: i64,
    now: DateTime<Utc>,
) -> Result<Sent, StoreError> {
    match store.unsent_message(outbox_id)? {
        Some(msg) => send_stored(store, mailer, &msg, now).await,
        None => Ok(Sent::AlreadySent),
    }
}

/// How a refusal for good is told to the operator.
pub(super) fn refused_error(msg: &OutboxMessage, e: &str) -> String {
    format!(
        "{} {} of digest {}: {e} (marked failed and not retried; listed by `newshound outbox`, \
         and at the foot of the digest's next message; `newshound outbox retry {}` sends it again)",
        msg.kind.as_str(),
        msg.message_id,
        msg.digest,
        msg.id
    )
}

/// Which waiting messages a flush tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flush {
    /// Every unsent message: a digest run is a deliberate moment to try again.
    All,
    /// Only messages whose backoff ran out: the background retry.
    Due,
}

/// What a flush did.
#[derive(Debug, Default)]
pub struct Flushed {
    pub sent: usize,
    pub errors: Vec<String>,
    /// Digests whose mail could not go out for now; their later messages were left waiting.
    /// (A message refused for good does not hold up the ones after it.)
    pub failed: HashSet<String>,
}

/// Sends the waiting messages of `digest` (of every digest when `None`), oldest first. After a
/// failure, or behind a message still backing off, a digest's later messages wait too, so its
/// readers get them in order.
pub async fn flush_outbox(
    store: &Store,
    mailer: &Mailer,
    digest: Option<&str>,
    which: Flush,
    now: DateTime<Utc>,
) -> Result<Flushed, StoreError> {
    let mut out = Flushed::default();
    let mut waiting: HashSet<String> = HashSet::new();
    for msg in store.unsent(digest)? {
        if out.failed.contains(&msg.digest) || waiting.contains(&msg.digest) {
            continue;
        }
        if which == Flush::Due && msg.next_attempt_at.is_some_and(|t| t > now) {
            waiting.insert(msg.digest.clone());
            continue;
        }
        match send_stored(store, mailer, &msg, now).await? {
            Sent::Accepted => out.sent += 1,
            Sent::AlreadySent => {}
            Sent::Failed(e) => {
                out.errors.push(format!(
                    "{} {} of digest {}: {e} (kept in the outbox, retried later with the same Message-ID)",
                    msg.kind.as_str(),
                    msg.message_id,
                    msg.digest
                ));
                out.failed.insert(msg.digest.clone());
            }
            // Final for this message only: the digest's later messages go on.
            Sent::Refused(e) => out.errors.push(refused_error(&msg, &e)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retries_back_off_exponentially_up_to_half_an_hour() {
        let now = Utc.with_ymd_and_hms(2023, 6, 5, 4, 0, 0).unwrap();
        let waits: Vec<i64> = (1..=8)
            .map(|n| (retry_at(now, n) - now).num_seconds())
            .collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1800, 1800, 1800]);
        assert_eq!((retry_at(now, u32::MAX) - now).num_seconds(), 1800);
        assert_eq!((retry_at(now, 0) - now).num_seconds(), 60);
    }
}
