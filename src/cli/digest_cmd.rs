//! `newshound digest send` and `digest preview`: a digest run on demand (when due, or now
//! with --now; the digest's waiting outbox goes out either way) and a digest rendered from
//! what is pending without sending or marking anything.

use super::commands::{Failure, Outcome, services};
use super::out::{out, outln};
use crate::config::Config;
use crate::daemon::Services;
use crate::pipeline::{Flush, flush_outbox};
use crate::schedule::{parse_cron, previous_fire};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A digest name the config does not have, with the names it has.
fn unknown_digest(cfg: &Config, name: &str) -> anyhow::Error {
    let known: Vec<String> = cfg
        .digests
        .iter()
        .map(|d| format!("{:?}", d.name))
        .collect();
    anyhow::anyhow!(
        "no digest named {name:?} in {}; its digests are {}",
        cfg.path.display(),
        if known.is_empty() {
            "none".to_string()
        } else {
            known.join(", ")
        }
    )
}

pub(super) async fn send(path: &Path, name: Option<&str>, now: bool) -> Outcome {
    let s = services(path).await?;
    if let Some(n) = name
        && s.config.digest(n).is_none()
    {
        return Err(Failure::Usage(unknown_digest(&s.config, n)));
    }
    let at = s.clock.now();
    let mut failed = false;
    for d in s
        .config
        .digests
        .iter()
        .filter(|d| name.is_none_or(|n| n == d.name))
    {
        if !now && !due(&s, d, at).await? {
            // Not due, but what waits in its outbox (a server that was down) goes now.
            let f = flush_outbox(&*s.store, s.outlets(), Some(&d.name), Flush::All, at)
                .await
                .context("sending the outbox")?;
            for e in &f.errors {
                eprintln!("newshound: {e}");
            }
            failed |= !f.errors.is_empty();
            let waiting = s
                .store
                .unsent(Some(&d.name))
                .await
                .context("reading the outbox")?;
            outln!(
                "digest {}: not due (use --now to send anyway){}",
                d.name,
                outbox_note(f.sent, waiting.len())
            );
            continue;
        }
        let r = s
            .send_digests(Some(&d.name))
            .await
            .context("digest run failed")?
            .remove(0);
        for e in &r.errors {
            eprintln!("newshound: {e}");
        }
        failed |= !r.errors.is_empty();
        let what = if r.stories == 0 {
            "nothing new".to_string()
        } else {
            format!("{} stories", r.stories)
        };
        let earlier = match r.earlier {
            0 => String::new(),
            n => format!(" ({n} of them waiting from before)"),
        };
        outln!(
            "digest {}: {what}; {} message(s) sent{earlier}, {} waiting in the outbox",
            d.name,
            r.sent,
            r.waiting
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What sending the outbox of a digest that was not due did, for its line.
fn outbox_note(sent: usize, waiting: usize) -> String {
    match (sent, waiting) {
        (0, 0) => String::new(),
        (s, 0) => format!("; {s} waiting message(s) from the outbox sent"),
        (s, w) => format!(
            "; {s} waiting message(s) from the outbox sent, {w} still waiting (see `newshound outbox`)"
        ),
    }
}

/// A digest is due when its schedule fired since its last run (or it never ran).
async fn due(
    s: &Services,
    d: &crate::config::DigestConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, Failure> {
    let last = s
        .store
        .last_digest_run(&d.name)
        .await
        .context("reading the store")?;
    let cron = parse_cron(&d.send).map_err(|e| Failure::Usage(e.into()))?;
    Ok(match (last, previous_fire(&cron, d.timezone, now)) {
        (None, _) => true,
        (Some(last), Some(prev)) => last < prev,
        (Some(_), None) => false,
    })
}

/// Where `digest preview` puts the digest.
pub(super) enum PreviewTo {
    Text,
    Json,
    /// HTML for .html/.htm, the plain text otherwise.
    File(PathBuf),
}

pub(super) async fn preview(path: &Path, name: Option<&str>, to: PreviewTo) -> Outcome {
    let s = services(path).await?;
    let d = match name {
        Some(n) => s
            .config
            .digest(n)
            .ok_or_else(|| Failure::Usage(unknown_digest(&s.config, n)))?,
        None => s.config.digests.first().ok_or_else(|| {
            Failure::Usage(anyhow::anyhow!(
                "no [[digest]] in {}",
                s.config.path.display()
            ))
        })?,
    };
    let (built, rendered) = crate::pipeline::preview(&s.config, d, &*s.store, s.clock.now())
        .await
        .context("reading the store")?;
    match to {
        PreviewTo::File(file) => {
            let html = file.extension().is_some_and(|e| e == "html" || e == "htm");
            std::fs::write(&file, if html { &rendered.html } else { &rendered.text })
                .with_context(|| format!("cannot write {}", file.display()))?;
            outln!(
                "digest {}: {} stories written to {}",
                d.name,
                built.story_count(),
                file.display()
            );
        }
        PreviewTo::Json => {
            let view = super::digest_json::view(&built, &rendered.subject);
            outln!(
                "{}",
                serde_json::to_string_pretty(&view).context("encoding the digest")?
            );
        }
        PreviewTo::Text => {
            outln!("Subject: {}\n", rendered.subject);
            out!("{}", rendered.text);
        }
    }
    Ok(ExitCode::SUCCESS)
}
