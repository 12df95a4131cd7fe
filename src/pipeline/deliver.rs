//! One digest's run: send what the outbox still holds for it, then collect the matches this
//! digest has not claimed, build and render the digest, store it in the outbox together with
//! its claims (one transaction), and send it. It is marked sent only on the server's
//! acceptance; a crash or an outage anywhere leaves it in the outbox to be resent as is.

use super::send::{Delivery, Flush, Outlets, Queued, Sent, flush_outbox, line, queue, send_new};
use crate::config::{Config, DigestConfig};
use crate::digest::{self, Rendered};
use crate::model::{Digest, FeedTrouble, PendingMatch};
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
    /// Of `sent`, those that had been waiting in the outbox from before this run.
    pub earlier: usize,
    /// Messages still waiting in the outbox after this run.
    pub waiting: usize,
    pub errors: Vec<String>,
    /// Each attempt through each channel (`email` included), for `/metrics`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deliveries: Vec<Delivery>,
}

/// `(id, title)` of each of `ids`, the id standing in for a missing title.
pub(super) fn watchlist_titles(cfg: &Config, ids: &[String]) -> Vec<(String, String)> {
    ids.iter()
        .map(|id| {
            let title = cfg
                .watchlists
                .iter()
                .find(|w| &w.id == id)
                .map(|w| w.title.trim().to_owned())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| id.clone());
            (id.clone(), title)
        })
        .collect()
}

/// Fills in each match's outlet label from the feed's config (the store keeps no labels).
pub(super) fn with_labels(cfg: &Config, mut pending: Vec<PendingMatch>) -> Vec<PendingMatch> {
    for m in &mut pending {
        m.label = cfg.feed(&m.outlet).and_then(|f| f.label.clone());
    }
    pending
}

/// The configured feeds that have been failing for over a day.
async fn attention(
    cfg: &Config,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> Result<Vec<FeedTrouble>, StoreError> {
    let troubles = store
        .feed_states()
        .await?
        .into_iter()
        .filter_map(|s| {
            // A feed removed from the config is nobody's concern any more.
            let feed = cfg.feed(&s.name)?;
            Some(FeedTrouble {
                feed: s.name,
                label: feed.label.clone(),
                last_success: s.last_success_at,
                failures: s.consecutive_failures,
                error: s.last_error.unwrap_or_default(),
            })
        })
        .collect();
    Ok(digest::feeds_needing_attention(troubles, now))
}

/// Builds the digest from the store without claiming or sending anything.
pub async fn preview(
    cfg: &Config,
    d: &DigestConfig,
    store: &dyn Store,
    now: DateTime<Utc>,
) -> Result<(Digest, Rendered), StoreError> {
    let pending = with_labels(cfg, store.pending_matches(&d.name, &d.watchlists).await?);
    let titles = watchlist_titles(cfg, &d.watchlists);
    let mut built = digest::build(&d.name, d.timezone.name(), &titles, pending, now);
    built.attention = attention(cfg, store, now).await?;
    built.undelivered = store.refused_since_last_sent(&d.name).await?;
    let rendered = digest::render(&built);
    Ok((built, rendered))
}

/// Runs digest `d` once: flush its outbox, then build, store and send a new message.
pub async fn deliver(
    cfg: &Config,
    d: &DigestConfig,
    store: &dyn Store,
    out: Outlets<'_>,
    now: DateTime<Utc>,
) -> Result<DigestReport, StoreError> {
    super::failpoint::hit("digest", &d.name);
    let mut report = DigestReport {
        digest: d.name.clone(),
        ..Default::default()
    };
    let flushed = flush_outbox(store, out, Some(&d.name), Flush::All, now).await?;
    report.sent = flushed.sent;
    report.earlier = flushed.sent;
    report.errors = flushed.errors;
    report.deliveries = flushed.deliveries;
    let (built, rendered) = preview(cfg, d, store, now).await?;
    report.stories = built.story_count();
    let queued = if built.story_count() > 0 || d.send_empty {
        Some(queue(store, out, &d.to, &d.channels, &built, rendered, now).await?)
    } else {
        None
    };
    // The run counts once its message is stored: a crash while sending must not make the
    // next start run the digest again (the outbox already holds the message).
    store.set_digest_run(&d.name, now).await?;
    match queued {
        None => {}
        Some(Queued::Unbuildable(e)) => report.errors.push(format!("digest {}: {e}", d.name)),
        Some(Queued::Claimed) => {
            tracing::info!(digest = %d.name, "another run claimed these stories first; nothing more to send");
            report.stories = 0;
        }
        Some(Queued::Stored(ids)) => {
            for id in ids {
                let Some(msg) = store.unsent_message(id).await? else {
                    continue;
                };
                // Behind an earlier message its service could not take for now, this one
                // waits its turn (one refused for good holds nothing up).
                if flushed.failed.contains(&line(&d.name, &msg.channel)) {
                    continue;
                }
                let (channel, sent) = send_new(store, out, id, now).await?;
                report.deliveries.extend(sent.delivery(&channel));
                match sent {
                    Sent::Accepted => report.sent += 1,
                    Sent::AlreadySent => {}
                    Sent::Failed(e) => report.errors.push(format!(
                        "digest {}: {e} (message kept in the outbox, {})",
                        d.name,
                        out.channels.retry_note(&channel)
                    )),
                    Sent::Refused(e) => report.errors.push(format!(
                        "digest {}: {e} (marked failed and not retried; listed by `newshound outbox` and at the foot of the next message; `newshound outbox retry {id}` sends it again)",
                        d.name
                    )),
                }
            }
        }
    }
    report.waiting = store.unsent(Some(&d.name)).await?.len();
    Ok(report)
}
