//! `newshound outbox`: the messages that did not go out — waiting for a mail server that is
//! down or backing off, and those refused for good — and `outbox retry` to send refused ones
//! again (after fixing an address, say) or waiting ones at once.

use super::OutboxCommand;
use super::commands::{Failure, Outcome};
use super::out::outln;
use crate::config::Config;
use crate::store::{OutboxItem, Store};
use anyhow::Context;
use std::process::ExitCode;

pub(super) fn outbox(cfg: &Config, json: bool, cmd: Option<OutboxCommand>) -> Outcome {
    let store = Store::open(&cfg.storage_path)
        .context("opening the store")
        .map_err(Failure::Runtime)?;
    match cmd {
        Some(OutboxCommand::Retry { id }) => retry(&store, id),
        None => list(&store, json),
    }
}

fn list(store: &Store, json: bool) -> Outcome {
    let items = store.undelivered().context("reading the outbox")?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&items).context("cannot encode the outbox")?
        );
        return Ok(ExitCode::SUCCESS);
    }
    if items.is_empty() {
        outln!("outbox: empty (every message was accepted)");
        return Ok(ExitCode::SUCCESS);
    }
    for m in &items {
        outln!("{}", line(m));
    }
    let failed = items.iter().filter(|m| m.status == "failed").count();
    outln!(
        "outbox: {} waiting, {failed} failed{}",
        items.len() - failed,
        if failed > 0 {
            " (`newshound outbox retry ID` sends a failed one again)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn line(m: &OutboxItem) -> String {
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
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

fn retry(store: &Store, id: Option<i64>) -> Outcome {
    let n = store.retry_undelivered(id).context("updating the outbox")?;
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
