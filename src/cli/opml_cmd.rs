//! `newshound opml import FILE` and `opml export`: the config file stays the one place feeds
//! are defined, so an import appends `[[feed]]` tables to it (keeping its comments, layout,
//! mode and owner) and an export reads it. A folder of the reader's list becomes each of its
//! feeds' `label`, and a label is exported as the feed's folder.

use super::OpmlCommand;
use super::commands::{Failure, Outcome, load};
use super::config_feeds::{
    NewFeed, feed_names, known_feeds, same_feed_key, unique_name, with_feeds, write,
};
use super::out::{out, outln};
use crate::config::{Config, FeedConfig, feed_url};
use crate::opml::{self, Outline};
use anyhow::{Context, anyhow};
use std::path::Path;
use std::process::ExitCode;

pub(super) fn opml(config: &Path, cmd: OpmlCommand) -> Outcome {
    match cmd {
        OpmlCommand::Import { file, dry_run } => import(config, &file, dry_run),
        OpmlCommand::Export { out } => {
            let cfg = load(config)?;
            let text = opml::render("newshound feeds", &outlines(&cfg.feeds));
            match out {
                Some(p) => std::fs::write(&p, text)
                    .with_context(|| format!("cannot write {}", p.display()))?,
                None => out!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn outlines(feeds: &[FeedConfig]) -> Vec<Outline> {
    feeds
        .iter()
        .map(|f| Outline {
            title: f.name.clone(),
            xml_url: f.url.to_string(),
            // The site a feed belongs to, as readers show it: its address's origin.
            html_url: Some(f.url.origin().ascii_serialization() + "/")
                .filter(|o| o.starts_with("http")),
            category: f.label.clone(),
            line: 0,
        })
        .collect()
}

/// What an import does with each outline of the file.
#[derive(Default)]
struct Plan {
    /// New feeds: name, address, label (the outline's folder).
    added: Vec<NewFeed>,
    /// Outlines naming a feed already there: line, title, the feed they match.
    known: Vec<(usize, String, String)>,
    /// Outlines that cannot be feeds: line, title, why.
    refused: Vec<(usize, String, String)>,
}

fn plan(cfg: &Config, outlines: Vec<Outline>) -> Plan {
    let mut known = known_feeds(cfg);
    let mut names = feed_names(cfg);
    let mut p = Plan::default();
    for o in outlines {
        let address = opml::feed_address(&o.xml_url);
        let url = match feed_url(&address) {
            Ok(u) => u,
            Err(why) => {
                p.refused.push((o.line, o.title, why));
                continue;
            }
        };
        let key = same_feed_key(url.as_str());
        if let Some(matched) = known.get(&key) {
            p.known.push((o.line, o.title, matched.clone()));
            continue;
        }
        let name = unique_name(&o.title, url.host_str(), &mut names);
        known.insert(key, format!("line {} of this file ({name:?})", o.line));
        p.added.push((name, url.to_string(), o.category));
    }
    p
}

fn import(config: &Path, file: &Path, dry_run: bool) -> Outcome {
    let cfg = load(config)?;
    let text = read_input(file)?;
    let outlines =
        opml::parse(&text).map_err(|e| Failure::Usage(anyhow!("{}: {e}", file.display())))?;
    let p = plan(&cfg, outlines);
    for (name, url, _) in &p.added {
        outln!("add     {name}: {url}");
    }
    for (line, title, matched) in &p.known {
        outln!("skip    line {line}: {title}: already configured as {matched}");
    }
    for (line, title, why) in &p.refused {
        outln!("refuse  line {line}: {title}: {why}");
    }
    // The same validation with or without --dry-run, so a dry run predicts the import.
    let new_text = if p.added.is_empty() {
        None
    } else {
        Some(with_feeds(&cfg, &p.added)?)
    };
    outln!(
        "{} feeds added, {} already configured, {} refused{}",
        p.added.len(),
        p.known.len(),
        p.refused.len(),
        if dry_run {
            " (dry run: config unchanged)"
        } else {
            ""
        }
    );
    if let (false, Some(new_text)) = (dry_run, new_text) {
        write(&cfg, &new_text, "opml import")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An OPML list is a feed-sized document: capped as feeds are.
fn read_input(file: &Path) -> Result<String, Failure> {
    let cap = crate::config::defaults::MAX_BODY_BYTES;
    let bytes = super::input::read_capped(file, cap, "[fetch] max_body_bytes")?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
