//! Immediate alerts and the background retry, run together as "upkeep" every few seconds by
//! the daemon and at the end of `poll --once`.
//!
//! For each digest that lists a watchlist with `alert = "immediate"`, the matches neither an
//! alert nor a message of that digest has told yet are claimed, batched into one short mail
//! to the digest's recipients, stored in the outbox and sent, exactly like a digest. A match
//! whose story the readers already know (an earlier alert or digest of its cluster) is settled
//! without a mail. The next digest still carries alerted stories, marked as alerted.

use super::deliver::{watchlist_titles, with_labels};
use super::send::{Flush, Queued, Sent, flush_outbox, queue, send_new};
use crate::config::{Config, DigestConfig};
use crate::digest;
use crate::mail::Mailer;
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
}

/// Retries the waiting messages whose backoff ran out, then sends the immediate alerts due.
pub async fn upkeep(
    cfg: &Config,
    store: &Store,
    mailer: &Mailer,
    now: DateTime<Utc>,
) -> Result<UpkeepReport, StoreError> {
    let flushed = flush_outbox(store, mailer, None, Flush::Due, now).await?;
    let mut report = UpkeepReport {
        retried: flushed.sent,
        errors: flushed.errors,
        ..Default::default()
    };
    for d in &cfg.digests {
        // The server just refused this digest's mail: the alert waits in the outbox for the
        // retry rather than hitting the server again at once.
        let send_now = !flushed.failed.contains(&d.name);
        alert(cfg, d, store, mailer, now, send_now, &mut report).await?;
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
    store: &Store,
    mailer: &Mailer,
    now: DateTime<Utc>,
    send_now: bool,
    report: &mut UpkeepReport,
) -> Result<(), StoreError> {
    let watchlists = immediate(cfg, d);
    if watchlists.is_empty() {
        return Ok(());
    }
    let since = now - Duration::minutes(ALERT_WINDOW_MINUTES);
    let (known, fresh): (Vec<_>, Vec<_>) = store
        .alert_candidates(&d.name, &watchlists, since)?
        .into_iter()
        .partition(|m| m.sent_before.is_some() || m.alerted_at.is_some());
    if !known.is_empty() {
        let ids: Vec<i64> = known.iter().map(|m| m.match_id).collect();
        store.cover_alerts(&d.name, &ids)?;
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
    let id = match queue(store, mailer, &d.to, &built, rendered, now)? {
        Queued::Stored(id) => id,
        Queued::Claimed => return Ok(()), // another process alerted these first
        Queued::Unbuildable(e) => {
            report
                .errors
                .push(format!("alert of digest {}: {e}", d.name));
            return Ok(());
        }
    };
    report.alerted_stories += built.story_count();
    if !send_now {
        return Ok(());
    }
    match send_new(store, mailer, id, now).await? {
        Sent::Accepted => report.alerts_sent += 1,
        Sent::AlreadySent => {}
        Sent::Failed(e) => report.errors.push(format!(
            "alert of digest {}: {e} (kept in the outbox, retried with the same Message-ID)",
            d.name
        )),
        Sent::Refused(e) => report.errors.push(format!(
            "alert of digest {}: {e} (marked failed and not retried; listed by `newshound outbox` and at the foot of the next digest; `newshound outbox retry {id}` sends it again)",
            d.name
        )),
    }
    Ok(())
}
