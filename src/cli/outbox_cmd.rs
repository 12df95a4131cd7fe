//! `newshound outbox`: the messages that did not go out — waiting for a mail server that is
//! down or backing off, and those refused for good — and `outbox retry` to send refused ones
//! again (after fixing an address, say) or waiting ones at once, and `outbox drop` to give up
//! on one, which stays listed as dropped.

use super::OutboxCommand;
use super::commands::{Failure, Outcome};
use super::out::outln;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::store::{OutboxItem, Store};
use anyhow::Context;
use std::process::ExitCode;

pub(super) async fn outbox(cfg: &Config, json: bool, cmd: Option<OutboxCommand>) -> Outcome {
    let store = crate::store::open(&cfg.storage)
        .await
        .context("opening the store")
        .map_err(Failure::Runtime)?;
    match cmd {
        Some(OutboxCommand::Retry { id }) => retry(&*store, id).await,
        Some(OutboxCommand::Drop { id }) => drop(&*store, id).await,
        None => list(cfg, &*store, json).await,
    }
}

async fn list(cfg: &Config, store: &dyn Store, json: bool) -> Outcome {
    let mut items = store.undelivered().await.context("reading the outbox")?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&items).context("cannot encode the outbox")?
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Dropped messages were given up on deliberately: counted, not listed again each time.
    let before = items.len();
    items.retain(|m| m.status != "dropped");
    let dropped = before - items.len();
    let dropped_note = match dropped {
        0 => String::new(),
        n => format!("; {n} dropped earlier (`newshound outbox --json` lists them)"),
    };
    if items.is_empty() {
        outln!("outbox: empty (every message was accepted){dropped_note}");
        return Ok(ExitCode::SUCCESS);
    }
    for m in &items {
        outln!("{}", line(cfg, m));
    }
    let failed = items.iter().filter(|m| m.status == "failed").count();
    outln!(
        "outbox: {} waiting, {failed} failed{}{dropped_note}",
        items.len() - failed,
        if failed > 0 {
            " (`newshound outbox retry ID` sends a failed one again, `outbox drop ID` gives up on it)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn line(cfg: &Config, m: &OutboxItem) -> String {
    let when = |t| cfg.local_time(t);
    let state = match (m.status, m.failed_at, m.next_attempt_at) {
        ("failed", Some(at), _) => format!("FAILED  refused for good at {}", when(at)),
        (_, _, Some(at)) => format!("WAITING next try {}", when(at)),
        _ => "WAITING next try with the next digest run or retry".to_string(),
    };
    format!(
        "{:>5}  {state}; {} of digest {} from {}, {} attempt(s): {}\n       {}{}",
        m.id,
        m.kind.as_str(),
        m.digest,
        when(m.created_at),
        m.attempts,
        m.subject,
        m.message_id,
        m.last_error
            .as_deref()
            .map(|e| format!("; last error: {e}"))
            .unwrap_or_default()
    )
}

async fn drop(store: &dyn Store, id: i64) -> Outcome {
    let item = store
        .undelivered()
        .await
        .context("reading the outbox")?
        .into_iter()
        .find(|m| m.id == id);
    let Some(item) = item.filter(|m| m.status != "dropped") else {
        return Err(Failure::Usage(anyhow::anyhow!(
            "no message {id} waiting or failed in the outbox (see `newshound outbox`)"
        )));
    };
    let now = SystemClock.now();
    if !store
        .drop_undelivered(id, now)
        .await
        .context("updating the outbox")?
    {
        return Err(Failure::Usage(anyhow::anyhow!(
            "message {id} was sent or dropped meanwhile (see `newshound outbox`)"
        )));
    }
    tracing::warn!(id, digest = %item.digest, subject = %item.subject, "outbox message dropped by the operator");
    outln!(
        "outbox: message {id} ({} of digest {}: {}) dropped; it will not be sent, and stays in the store as dropped",
        item.kind.as_str(),
        item.digest,
        item.subject
    );
    Ok(ExitCode::SUCCESS)
}

async fn retry(store: &dyn Store, id: Option<i64>) -> Outcome {
    let n = store
        .retry_undelivered(id)
        .await
        .context("updating the outbox")?;
    match (id, n) {
        (Some(id), 0) => Err(Failure::Usage(anyhow::anyhow!(
            "no message {id} waiting or failed in the outbox (see `newshound outbox`)"
        ))),
        _ => {
            outln!(
                "outbox: {n} message(s) due now; the daemon sends them within 30 s, or run `newshound digest send`"
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
