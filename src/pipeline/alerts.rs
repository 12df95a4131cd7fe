//! Immediate alerts and the background retry, run together as "upkeep" every few seconds by
//! the daemon and at the end of `poll --once`.
//!
//! For each digest that lists a watchlist with `alert = "immediate"`, the matches neither an
//! alert nor a message of that digest has told yet are claimed, batched into one short mail
//! to the digest's recipients, stored in the outbox and sent, exactly like a digest. A match
//! whose story the readers already know (an earlier alert or digest of its cluster) is settled
//! without a mail. The next digest still carries alerted stories, marked as alerted.

use super::deliver::{watchlist_titles, with_labels};
use super::send::{Delivery, Flush, Outlets, Queued, Sent, flush_outbox, line, queue, send_new};
use crate::config::{Config, DigestConfig};
use crate::digest;
use crate::model::{Alert, MessageKind};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// Matches older than this are left to the digest: an alert about something found hours ago
/// (say, just after a watchlist was switched to immediate) is not immediate any more.
const ALERT_WINDOW_MINUTES: i64 = 60;

/// What one upkeep round did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpkeepReport {
    /// Waiting messages (digests or alerts) the retry got out.
    pub retried: usize,
    /// Alert mails accepted by the transport.
    pub alerts_sent: usize,
    /// Stories told by the alerts built this round.
    pub alerted_stories: usize,
    pub errors: Vec<String>,
    /// Each attempt through each channel (`email` included), for `/metrics`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deliveries: Vec<Delivery>,
}

/// Retries the waiting messages whose backoff ran out, then sends the immediate alerts due.
pub async fn upkeep(
    cfg: &Config,
    store: &dyn Store,
    out: Outlets<'_>,
    now: DateTime<Utc>,
) -> Result<UpkeepReport, StoreError> {
    let flushed = flush_outbox(store, out, None, Flush::Due, now).await?;
    let mut report = UpkeepReport {
        retried: flushed.sent,
        errors: flushed.errors,
        deliveries: flushed.deliveries,
        ..Default::default()
    };
    for d in &cfg.digests {
        alert(cfg, d, store, out, now, &flushed.failed, &mut report).await?;
    }
    Ok(report)
}

/// The immediate watchlists digest `d` lists.
fn immediate(cfg: &Config, d: &DigestConfig) -> Vec<String> {
    d.watchlists
        .iter()
        .filter(|id| {
            cfg.watchlists
                .iter()
                .any(|w| &&w.id == id && w.alert == Alert::Immediate)
        })
        .cloned()
        .collect()
}

async fn alert(
    cfg: &Config,
    d: &DigestConfig,
    store: &dyn Store,
    out: Outlets<'_>,
    now: DateTime<Utc>,
    failed: &std::collections::HashSet<(String, String)>,
    report: &mut UpkeepReport,
) -> Result<(), StoreError> {
    let watchlists = immediate(cfg, d);
    if watchlists.is_empty() {
        return Ok(());
    }
    let since = now - Duration::minutes(ALERT_WINDOW_MINUTES);
    let (known, fresh): (Vec<_>, Vec<_>) = store
        .alert_candidates(&d.name, &watchlists, since)
        .await?
        .into_iter()
        .partition(|m| m.sent_before.is_some() || m.alerted_at.is_some());
    if !known.is_empty() {
        let ids: Vec<i64> = known.iter().map(|m| m.match_id).collect();
        store.cover_alerts(&d.name, &ids).await?;
    }
    if fresh.is_empty() {
        return Ok(());
    }
    let titles = watchlist_titles(cfg, &watchlists);
    let mut built = digest::build(
        &d.name,
        d.timezone.name(),
        &titles,
        with_labels(cfg, fresh),
        now,
    );
    built.kind = MessageKind::Alert;
    let rendered = digest::render(&built);
    let ids = match queue(store, out, &d.to, &d.channels, &built, rendered, now).await? {
        Queued::Stored(ids) => ids,
        Queued::Claimed => return Ok(()), // another process alerted these first
        Queued::Unbuildable(e) => {
            report
                .errors
                .push(format!("alert of digest {}: {e}", d.name));
            return Ok(());
        }
    };
    report.alerted_stories += built.story_count();
    for id in ids {
        let Some(msg) = store.unsent_message(id).await? else {
            continue;
        };
        // Its service just failed this digest's message: the alert waits in the outbox for
        // the retry rather than hitting the service again at once.
        if failed.contains(&line(&d.name, &msg.channel)) {
            continue;
        }
        let (channel, sent) = send_new(store, out, id, now).await?;
        report.deliveries.extend(sent.delivery(&channel));
        told(report, d, id, sent, out.channels.retry_note(&channel));
    }
    Ok(())
}

fn told(report: &mut UpkeepReport, d: &DigestConfig, id: i64, sent: Sent, note: &str) {
    match sent {
        Sent::Accepted => report.alerts_sent += 1,
        Sent::AlreadySent => {}
        Sent::Failed(e) => report.errors.push(format!(
            "alert of digest {}: {e} (kept in the outbox, {note})",
            d.name
        )),
        Sent::Refused(e) => report.errors.push(format!(
            "alert of digest {}: {e} (marked failed and not retried; listed by `newshound outbox` and at the foot of the next digest; `newshound outbox retry {id}` sends it again)",
            d.name
        )),
    }
}
