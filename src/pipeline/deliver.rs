//! One digest's run: send what the outbox still holds, then collect the matches this digest
//! has not claimed, build and render the digest, store it in the outbox with its claims,
//! and send it.

use crate::config::{Config, DigestConfig};
use crate::digest::{self, Rendered};
use crate::mail::Mailer;
use crate::model::Digest;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct DigestReport {
    pub digest: String,
    /// Stories in the digest built by this run (0 when there was nothing new).
    pub stories: usize,
    /// Messages accepted by the transport during this run, earlier ones included.
    pub sent: usize,
    /// Messages still waiting in the outbox after this run.
    pub waiting: usize,
    pub errors: Vec<String>,
}

/// Sends the messages of `digest` left in the outbox by an earlier failure or crash, oldest
/// first, as the very bytes stored; stops at the first failure to keep their order.
pub async fn flush_outbox(
    store: &Store,
    mailer: &Mailer,
    digest: &str,
    now: DateTime<Utc>,
    report: &mut DigestReport,
) -> Result<(), StoreError> {
    for msg in store.unsent(Some(digest))? {
        match mailer.send(&msg.message, &msg.envelope).await {
            Ok(()) => {
                store.mark_sent(msg.id, now)?;
                report.sent += 1;
                tracing::info!(digest, message_id = %msg.message_id, "sent a digest left in the outbox");
            }
            Err(e) => {
                store.mark_failed(msg.id, &e.to_string())?;
                report.errors.push(format!(
                    "digest {digest}: {} (message kept in the outbox, retried next run): {e}",
                    msg.message_id
                ));
                break;
            }
        }
    }
    Ok(())
}

/// Builds the digest from the store without claiming or sending anything.
pub fn preview(
    cfg: &Config,
    d: &DigestConfig,
    store: &Store,
    now: DateTime<Utc>,
) -> Result<(Digest, Rendered), StoreError> {
    let pending = store.pending_matches(&d.name, &d.watchlists)?;
    let titles: Vec<(String, String)> = d
        .watchlists
        .iter()
        .map(|id| {
            let title = cfg
                .watchlists
                .iter()
                .find(|w| &w.id == id)
                .map(|w| w.title.clone())
                .unwrap_or_default();
            (
                id.clone(),
                if title.is_empty() { id.clone() } else { title },
            )
        })
        .collect();
    let built = digest::build(&d.name, d.timezone.name(), &titles, pending, now);
    let rendered = digest::render(&built);
    Ok((built, rendered))
}

/// Runs digest `d` once: flush the outbox, then build, store and send a new message.
pub async fn deliver(
    cfg: &Config,
    d: &DigestConfig,
    store: &Store,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<DigestReport, StoreError> {
    let mut report = DigestReport {
        digest: d.name.clone(),
        ..Default::default()
    };
    flush_outbox(store, mailer, &d.name, now, &mut report).await?;
    let (built, rendered) = preview(cfg, d, store, now)?;
    report.stories = built.story_count();
    if built.story_count() > 0 || d.send_empty {
        match mailer.compose(&d.to, &rendered.subject, rendered.text, rendered.html, now) {
            Err(e) => report.errors.push(format!("digest {}: {e}", d.name)),
            Ok(m) => {
                let id = store.enqueue_digest(
                    &d.name,
                    &built.match_ids,
                    &m.message_id,
                    &rendered.subject,
                    &m.bytes,
                    &m.envelope,
                    built.story_count(),
                    now,
                )?;
                if report.errors.is_empty() {
                    match mailer.send(&m.bytes, &m.envelope).await {
                        Ok(()) => {
                            store.mark_sent(id, now)?;
                            report.sent += 1;
                        }
                        Err(e) => {
                            store.mark_failed(id, &e.to_string())?;
                            report.errors.push(format!(
                                "digest {}: {e} (message kept in the outbox, retried next run)",
                                d.name
                            ));
                        }
                    }
                }
            }
        }
    }
    store.set_digest_run(&d.name, now)?;
    report.waiting = store.unsent(Some(&d.name))?.len();
    Ok(report)
}
