//! `newshound opml import FILE` and `opml export`: the config file stays the one place feeds
//! are defined, so an import appends `[[feed]]` tables to it (keeping its comments and
//! layout) and an export reads it.

use super::OpmlCommand;
use super::commands::{Failure, Outcome, load};
use crate::config::{Config, FeedConfig};
use crate::opml::{self, Outline};
use anyhow::{Context, anyhow};
use std::collections::HashSet;
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
                None => print!("{text}"),
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
            html_url: None,
            category: None,
        })
        .collect()
}

/// A feed address as readers compare them: scheme, `www.` and a trailing slash do not
/// make a different feed.
fn same_feed_key(url: &str) -> String {
    let u = url.trim().to_ascii_lowercase();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u.trim_end_matches('/').to_string()
}

fn import(config: &Path, file: &Path, dry_run: bool) -> Outcome {
    let cfg = load(config)?;
    let text = read_input(file)?;
    let outlines =
        opml::parse(&text).map_err(|e| Failure::Usage(anyhow!("{}: {e}", file.display())))?;
    let mut known: HashSet<String> = cfg
        .feeds
        .iter()
        .map(|f| same_feed_key(f.url.as_str()))
        .collect();
    let mut names: HashSet<String> = cfg.feeds.iter().map(|f| f.name.clone()).collect();
    let (mut added, mut skipped, mut invalid) = (Vec::new(), Vec::new(), Vec::new());
    for o in outlines {
        if url::Url::parse(&o.xml_url).is_err() {
            invalid.push(o.xml_url);
            continue;
        }
        if !known.insert(same_feed_key(&o.xml_url)) {
            skipped.push(o.title);
            continue;
        }
        let name = unique_name(&o.title, &mut names);
        added.push((name, o.xml_url));
    }
    for (name, url) in &added {
        println!("add     {name}: {url}");
    }
    for t in &skipped {
        println!("skip    {t}: already configured");
    }
    for u in &invalid {
        println!("invalid {u}: not an absolute URL");
    }
    println!(
        "{} feeds added, {} already configured, {} invalid{}",
        added.len(),
        skipped.len(),
        invalid.len(),
        if dry_run {
            " (dry run: config unchanged)"
        } else {
            ""
        }
    );
    if !dry_run && !added.is_empty() {
        append_feeds(&cfg, &added)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An OPML list is a feed-sized document: capped as feeds are.
fn read_input(file: &Path) -> Result<String, Failure> {
    let cap = crate::config::defaults::MAX_BODY_BYTES;
    let bytes = super::input::read_capped(file, cap, "[fetch] max_body_bytes")?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn unique_name(title: &str, names: &mut HashSet<String>) -> String {
    let base = title.trim();
    let mut name = base.to_string();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{base} ({n})");
        n += 1;
    }
    name
}

/// Appends the feeds to the config file, validates the result as a whole and only then
/// replaces the file, atomically, so a failed import leaves the old config untouched.
fn append_feeds(cfg: &Config, feeds: &[(String, String)]) -> Result<(), Failure> {
    let path = &cfg.path;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{}: not valid TOML", path.display()))?;
    let tables = doc
        .entry("feed")
        .or_insert_with(|| toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| {
            anyhow!(
                "{}: `feed` is not a list of [[feed]] tables",
                path.display()
            )
        })?;
    for (name, url) in feeds {
        let mut t = toml_edit::Table::new();
        t.insert("name", toml_edit::value(name.as_str()));
        t.insert("url", toml_edit::value(url.as_str()));
        tables.push(t);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    std::fs::write(tmp.path(), doc.to_string()).context("cannot write the new config")?;
    Config::load(tmp.path()).map_err(|e| {
        anyhow!("the imported feeds would make the config invalid; nothing changed:\n{e}")
    })?;
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    println!("updated {}", path.display());
    Ok(())
}
