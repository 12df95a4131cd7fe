//! Adding `[[feed]]` tables to the config file, shared by `opml import` and `feeds add` so
//! both recognise a feed already there, settle a clash of names and validate the new text
//! the same way. The config file stays the one place feeds are defined; it is edited with
//! toml_edit (its comments and layout kept) and replaced by `config::rewrite` (its mode and
//! owner kept), never written in place.

use super::commands::Failure;
use super::out::outln;
use crate::config::{Config, rewrite};
use anyhow::{Context, anyhow};
use std::collections::{HashMap, HashSet};

/// A feed to append: its name, address and optional label.
pub(super) type NewFeed = (String, String, Option<String>);

/// A feed address as readers compare them: scheme, `www.` and a trailing slash do not
/// make a different feed.
pub(super) fn same_feed_key(url: &str) -> String {
    let u = url.trim().to_ascii_lowercase();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u.trim_end_matches('/').to_string()
}

/// The configured feeds by `same_feed_key`, each described as the operator is told it:
/// `feed "Name" (url)`.
pub(super) fn known_feeds(cfg: &Config) -> HashMap<String, String> {
    cfg.feeds
        .iter()
        .map(|f| {
            (
                same_feed_key(f.url.as_str()),
                format!("feed {:?} ({})", f.name, f.url),
            )
        })
        .collect()
}

/// The names the configured feeds already have.
pub(super) fn feed_names(cfg: &Config) -> HashSet<String> {
    cfg.feeds.iter().map(|f| f.name.clone()).collect()
}

/// `title`, or when another feed has it, the title with the feed's site; taken into `names`.
pub(super) fn unique_name(title: &str, host: Option<&str>, names: &mut HashSet<String>) -> String {
    let base = title.trim();
    let site = host.map(|h| h.strip_prefix("www.").unwrap_or(h));
    let mut candidates = std::iter::once(base.to_string())
        .chain(site.map(|h| format!("{base} ({h})")))
        .chain((2u64..).map(|n| match site {
            Some(h) => format!("{base} ({h}, {n})"),
            None => format!("{base} ({n})"),
        }));
    // The numbered names never run out, so the fallback is never taken.
    candidates
        .find(|name| names.insert(name.clone()))
        .unwrap_or_else(|| base.to_string())
}

/// One `[[feed]]` table as it is appended.
fn feed_table((name, url, label): &NewFeed) -> toml_edit::Table {
    let mut t = toml_edit::Table::new();
    t.insert("name", toml_edit::value(name.as_str()));
    t.insert("url", toml_edit::value(url.as_str()));
    if let Some(l) = label {
        t.insert("label", toml_edit::value(l.as_str()));
    }
    t
}

/// The TOML text `feeds` add to a config, for showing the operator before it is written.
pub(super) fn appended_text(feeds: &[NewFeed]) -> String {
    let mut tables = toml_edit::ArrayOfTables::new();
    for f in feeds {
        tables.push(feed_table(f));
    }
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("feed", toml_edit::Item::ArrayOfTables(tables));
    doc.to_string()
}

/// The config's text with the feeds appended (keeping its comments and layout), validated
/// as a whole as the config file it would become.
pub(super) fn with_feeds(cfg: &Config, feeds: &[NewFeed]) -> Result<String, Failure> {
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
    for f in feeds {
        tables.push(feed_table(f));
    }
    let new_text = doc.to_string();
    Config::check_text(path, &new_text).map_err(|e| {
        anyhow!("the new feeds would make the config invalid; nothing changed:\n{e}")
    })?;
    Ok(new_text)
}

/// Replaces the config with `new_text` (already validated by `with_feeds`), keeping its
/// mode and owner, and says so; `what` names the command in an error.
pub(super) fn write(cfg: &Config, new_text: &str, what: &str) -> Result<(), Failure> {
    if let Some(warning) = rewrite::replace(&cfg.path, new_text).context(what.to_string())? {
        eprintln!("newshound: warning: {warning}");
    }
    outln!("updated {}", cfg.path.display());
    Ok(())
}
