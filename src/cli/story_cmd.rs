//! `newshound story ID [--json]`: the story a stored report is in, its other reports, and the
//! closest reports kept apart from it, each with why (shared and conflicting facts, scores).

use super::commands::{Failure, Outcome};
use super::out::outln;
use crate::config::Config;
use crate::pipeline::{Neighbour, explain_story};
use crate::store::ArticleKey;
use anyhow::{Context, anyhow};
use std::process::ExitCode;

pub(super) async fn story(cfg: &Config, id: &str, json: bool) -> Outcome {
    let key = match id.trim_start_matches('#').parse::<i64>() {
        Ok(n) => ArticleKey::Id(n),
        Err(_) => ArticleKey::Link(id),
    };
    let store = crate::store::open(&cfg.storage)
        .await
        .context("opening the store")?;
    let Some(e) = explain_story(&*store, key)
        .await
        .context("reading the store")?
    else {
        return Err(Failure::Usage(anyhow!(
            "no stored report {id:?}: give the id shown beside a story in a digest or in `watch backtest`, or the article's link"
        )));
    };
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&e).context("encoding JSON")?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let r = &e.report;
    outln!(
        "#{} {} — {}, told {}",
        r.entry_id,
        r.title,
        r.feed,
        r.told_at.format("%Y-%m-%d %H:%M UTC")
    );
    outln!(
        "story {}: {} report(s) with this one",
        e.story,
        e.in_story.len() + 1
    );
    print_section("in the story", &e.in_story);
    print_section("closest reports kept apart", &e.apart);
    Ok(ExitCode::SUCCESS)
}

fn print_section(heading: &str, neighbours: &[Neighbour]) {
    if neighbours.is_empty() {
        return;
    }
    outln!("{heading}:");
    for n in neighbours {
        outln!(
            "  #{} {} — {} ({} day(s) apart)\n    {}",
            n.report.entry_id,
            n.report.title,
            n.report.feed,
            n.days_apart,
            n.why
        );
    }
}
