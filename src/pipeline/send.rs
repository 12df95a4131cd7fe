//! Sending what the outbox holds: one stored message at a time, under the store's send lock,
//! as the very bytes stored (same Message-ID or idempotency key), marked sent only once the transport accepted
//! it. A failure leaves the message waiting with a backoff for the background retry.

use crate::channel::{self, Channels};
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

/// Where messages go: the digests' mail and the configured channels.
#[derive(Clone, Copy)]
pub struct Outlets<'a> {
    pub mailer: &'a Mailer,
    pub channels: &'a Channels,
}

/// What one attempt through one channel came to, for `/metrics`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub channel: String,
    /// `accepted`, `failed` (retried) or `refused` (for good).
    pub outcome: &'static str,
}

/// One attempt's outcome: `Ok(())`, or the error and whether it is final, with the wait the
/// service asked for.
struct Attempt {
    error: Option<(String, bool, Option<std::time::Duration>)>,
}

/// Sends through the message's channel: its mail, or a `[[channel]]`'s service.
async fn attempt(
    store: &dyn Store,
    out: Outlets<'_>,
    msg: &OutboxMessage,
) -> Result<Attempt, StoreError> {
    let mail = msg.channel == channel::EMAIL
        || out
            .channels
            .get(&msg.channel)
            .is_some_and(|c| c.kind == channel::Kind::Email);
    if mail {
        let r = out.mailer.send(&msg.message, &msg.envelope).await;
        return Ok(Attempt {
            error: r.err().map(|e| (e.to_string(), e.is_final(), None)),
        });
    }
    let Some(c) = out.channels.get(&msg.channel) else {
        // Removed from the config: kept waiting, so putting it back sends it.
        return Ok(Attempt {
            error: Some((
                format!("channel {:?} is not in the config any more", msg.channel),
                false,
                None,
            )),
        });
    };
    let mut parts = PartsKept {
        store,
        outbox_id: msg.id,
        failed: None,
    };
    let (_, r) = out
        .channels
        .send_recording(
            c,
            &msg.message,
            &msg.idempotency_key,
            msg.parts_sent,
            &mut parts,
        )
        .await;
    if let Some(e) = parts.failed {
        return Err(e);
    }
    Ok(Attempt {
        error: r
            .err()
            .map(|e| (e.to_string(), e.is_final(), e.retry_after())),
    })
}

/// Records each part of a split message as its service accepts it (see `channel::Progress`).
struct PartsKept<'a> {
    store: &'a dyn Store,
    outbox_id: i64,
    /// The first failure to record; the send goes on, and the message is retried from the
    /// last count recorded.
    failed: Option<StoreError>,
}

#[async_trait::async_trait]
impl channel::Progress for PartsKept<'_> {
    async fn accepted(&mut self, parts: u32) {
        if let Err(e) = self.store.mark_parts_sent(self.outbox_id, parts).await {
            self.failed.get_or_insert(e);
        }
    }
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
    store: &dyn Store,
    out: Outlets<'_>,
    msg: &OutboxMessage,
    now: DateTime<Utc>,
) -> Result<Sent, StoreError> {
    let _lock = store.lock_sending().await?;
    if store.is_settled(msg.id).await? {
        return Ok(Sent::AlreadySent);
    }
    super::failpoint::hit("before_send", &msg.digest);
    match attempt(store, out, msg).await?.error {
        None => {
            // The window a crash test aims at: accepted by the server, not yet marked.
            super::failpoint::hit("after_send", &msg.digest);
            store.mark_sent(msg.id, now).await?;
            super::failpoint::hit("after_mark", &msg.digest);
            tracing::info!(digest = %msg.digest, kind = msg.kind.as_str(), channel = %msg.channel, message_id = %msg.message_id, "sent");
            Ok(Sent::Accepted)
        }
        Some((error, true, _)) => {
            store.mark_refused(msg.id, &error, now).await?;
            tracing::error!(digest = %msg.digest, kind = msg.kind.as_str(), channel = %msg.channel, message_id = %msg.message_id, error = %error, "refused for good; marked failed (see `newshound outbox`)");
            Ok(Sent::Refused(error))
        }
        Some((error, false, wait)) => {
            let backoff = retry_at(now, msg.attempts.saturating_add(1));
            // A service that said how long to wait (a 429) is not asked before then.
            let asked = wait
                .and_then(|w| Duration::from_std(w).ok())
                .map_or(backoff, |w| now + w);
            store
                .mark_failed(msg.id, &error, backoff.max(asked))
                .await?;
            Ok(Sent::Failed(error))
        }
    }
}

/// How storing a built digest or alert in the outbox ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queued {
    /// The rows stored, one per destination: the mail first (when the digest has
    /// recipients), then each channel in the digest's order.
    Stored(Vec<i64>),
    /// Another run claimed some of its matches first; nothing was stored.
    Claimed,
    /// The message could not be built (an address the mail library refuses, say).
    Unbuildable(String),
}

/// Renders `built` for the digest's mail (to `to`) and for each of `channels`, and stores
/// them in the outbox together with the claims on its matches, in one transaction.
pub async fn queue(
    store: &dyn Store,
    out: Outlets<'_>,
    to: &[String],
    channels: &[String],
    built: &Digest,
    rendered: Rendered,
    now: DateTime<Utc>,
) -> Result<Queued, StoreError> {
    // (channel, message id, bytes, envelope, idempotency key)
    let mut rows: Vec<(String, String, Vec<u8>, String, String)> = Vec::new();
    if !to.is_empty() {
        let m = match out.mailer.compose(
            to,
            &rendered.subject,
            rendered.text.clone(),
            rendered.html.clone(),
            now,
        ) {
            Ok(m) => m,
            Err(e) => return Ok(Queued::Unbuildable(e.to_string())),
        };
        let key = m.message_id.clone();
        rows.push((
            channel::EMAIL.into(),
            m.message_id,
            m.bytes,
            m.envelope,
            key,
        ));
    }
    for name in channels {
        let Some(c) = out.channels.get(name) else {
            return Ok(Queued::Unbuildable(format!(
                "no channel {name:?} in the config"
            )));
        };
        if c.kind == channel::Kind::Email {
            // The digest's own mail, to the channel's recipients: its Message-ID is its key.
            let m = match out.mailer.compose(
                &c.to,
                &rendered.subject,
                rendered.text.clone(),
                rendered.html.clone(),
                now,
            ) {
                Ok(m) => m,
                Err(e) => return Ok(Queued::Unbuildable(format!("channel {name}: {e}"))),
            };
            let key = m.message_id.clone();
            rows.push((name.clone(), m.message_id, m.bytes, m.envelope, key));
            continue;
        }
        // Stored once: every retry, in any process, sends this key.
        let key = format!("newshound-{}", uuid::Uuid::new_v4());
        let bytes = channel::render::render(c.kind, &c.target, built, &rendered, &key);
        rows.push((name.clone(), key.clone(), bytes, c.target.clone(), key));
    }
    let msgs: Vec<NewMessage> = rows
        .iter()
        .map(|(channel, id, bytes, envelope, key)| NewMessage {
            kind: built.kind,
            digest: &built.name,
            message_id: id,
            subject: &rendered.subject,
            bytes,
            envelope,
            story_count: built.story_count(),
            channel,
            idempotency_key: key,
        })
        .collect();
    Ok(
        match store.enqueue_all(&msgs, &built.match_ids, now).await? {
            Some(ids) => Queued::Stored(ids),
            None => Queued::Claimed,
        },
    )
}

/// Sends the message just stored as `outbox_id`, unless another run already did.
pub async fn send_new(
    store: &dyn Store,
    out: Outlets<'_>,
    outbox_id: i64,
    now: DateTime<Utc>,
) -> Result<(String, Sent), StoreError> {
    match store.unsent_message(outbox_id).await? {
        Some(msg) => Ok((
            msg.channel.clone(),
            send_stored(store, out, &msg, now).await?,
        )),
        None => Ok((String::new(), Sent::AlreadySent)),
    }
}

/// A digest's mail and each of its channels wait in line on their own: one down never
/// holds up another.
pub fn line(digest: &str, channel: &str) -> (String, String) {
    (digest.to_string(), channel.to_string())
}

impl Sent {
    /// The outcome for `/metrics`, when the message was tried.
    pub fn delivery(&self, channel: &str) -> Option<Delivery> {
        let outcome = match self {
            Sent::Accepted => "accepted",
            Sent::AlreadySent => return None,
            Sent::Failed(_) => "failed",
            Sent::Refused(_) => "refused",
        };
        Some(Delivery {
            channel: channel.to_string(),
            outcome,
        })
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
    /// Digests and channels (see [`line`]) that could not deliver for now; their later
    /// messages were left waiting. (A message refused for good holds up nothing.)
    pub failed: HashSet<(String, String)>,
    pub deliveries: Vec<Delivery>,
}

/// Sends the waiting messages of `digest` (of every digest when `None`), oldest first. After a
/// failure, or behind a message still backing off, a digest's later messages wait too, so its
/// readers get them in order.
pub async fn flush_outbox(
    store: &dyn Store,
    out_to: Outlets<'_>,
    digest: Option<&str>,
    which: Flush,
    now: DateTime<Utc>,
) -> Result<Flushed, StoreError> {
    let mut out = Flushed::default();
    let mut waiting: HashSet<(String, String)> = HashSet::new();
    for msg in store.unsent(digest).await? {
        let key = line(&msg.digest, &msg.channel);
        if out.failed.contains(&key) || waiting.contains(&key) {
            continue;
        }
        if which == Flush::Due && msg.next_attempt_at.is_some_and(|t| t > now) {
            waiting.insert(key);
            continue;
        }
        let sent = send_stored(store, out_to, &msg, now).await?;
        out.deliveries.extend(sent.delivery(&msg.channel));
        match sent {
            Sent::Accepted => out.sent += 1,
            Sent::AlreadySent => {}
            Sent::Failed(e) => {
                out.errors.push(format!(
                    "{} {} of digest {}: {e} (kept in the outbox, {})",
                    msg.kind.as_str(),
                    msg.message_id,
                    msg.digest,
                    out_to.channels.retry_note(&msg.channel)
                ));
                out.failed.insert(key);
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
