//! `newshound channel test NAME`: sends a short test message through one `[[channel]]`, so
//! an operator sees a wrong URL, chat id or token now rather than at the next alert. Nothing
//! is stored: the test message is not a digest and claims no story.

use super::commands::{Failure, Outcome, load};
use super::out::outln;
use crate::channel::{Channels, Kind, render::render};
use crate::clock::{Clock, SystemClock};
use crate::model::{Digest, DigestSection, MessageKind, Report, Story};
use anyhow::{Context, anyhow};
use std::path::Path;
use std::process::ExitCode;

pub(super) async fn test(path: &Path, name: &str) -> Outcome {
    let cfg = load(path)?;
    let c = cfg.channel(name).ok_or_else(|| {
        let names: Vec<&str> = cfg.channels.iter().map(|c| c.name.as_str()).collect();
        Failure::Usage(anyhow!(
            "no channel named {name:?} in the config (known: {names:?})"
        ))
    })?;
    let digest = sample(name);
    let rendered = crate::digest::render(&digest);
    let key = format!("newshound-test-{}", uuid::Uuid::new_v4());
    if c.kind == Kind::Email {
        let mailer = crate::mail::Mailer::new(&cfg.mail).context("mail settings")?;
        let m = mailer
            .compose(
                &c.to,
                &rendered.subject,
                rendered.text,
                rendered.html,
                SystemClock.now(),
            )
            .context("composing the test mail")?;
        mailer
            .send(&m.bytes, &m.envelope)
            .await
            .context("sending the test mail")?;
    } else {
        let channels = Channels::new(&cfg.channels).context("building the HTTP client")?;
        let payload = render(c.kind, &c.target, &digest, &rendered, &key);
        let (_, sent) = channels.send(c, &payload, &key, 0).await;
        sent.with_context(|| format!("channel {name}: the test message was not accepted"))?;
    }
    outln!(
        "channel {name}: test message accepted ({})",
        c.kind.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

/// A one-story alert that says what it is.
fn sample(name: &str) -> Digest {
    let lead = Report {
        outlet: "newshound".into(),
        label: None,
        title: format!("newshound test message for channel {name}"),
        url: "https://github.com/newshound/newshound".into(),
        published: Some(SystemClock.now()),
    };
    let story = Story {
        cluster_id: 0,
        id: 0,
        lead,
        also: vec![],
        score: 1.0,
        terms: vec![],
        snippet: "If you read this, alerts and digests will reach you here.".into(),
        marks: vec![],
        sent_before: None,
        alerted_at: None,
        model: None,
        clauses: vec![],
    };
    Digest {
        kind: MessageKind::Alert,
        name: "test".into(),
        generated_at: SystemClock.now(),
        timezone: "UTC".into(),
        sections: vec![DigestSection {
            watchlist: "test".into(),
            title: "Test".into(),
            stories: vec![story],
            told_above: vec![],
        }],
        match_ids: vec![],
        attention: vec![],
        undelivered: vec![],
    }
}
