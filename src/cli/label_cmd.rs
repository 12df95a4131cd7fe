//! `newshound watch label ID (--relevant | --irrelevant) [--watchlist W]`: an article the
//! store read becomes an example of the watchlist's model, appended to its examples file
//! (order and comments of the file kept), so the next reload learns from the operator's
//! verdict.

use super::LabelArgs;
use super::commands::{Failure, Outcome};
use super::out::outln;
use crate::config::Config;
use crate::model::Example;
use crate::store::ArticleKey;
use crate::watch::model::{guess_lang, to_line};
use anyhow::{Context, anyhow};
use std::io::{Read, Seek, SeekFrom, Write};
use std::process::ExitCode;

/// The id as digests and backtest show it (`#123` or `123`), else a link.
fn key(s: &str) -> ArticleKey<'_> {
    match s.trim_start_matches('#').parse::<i64>() {
        Ok(id) => ArticleKey::Id(id),
        Err(_) => ArticleKey::Link(s),
    }
}

pub(super) async fn label(cfg: &Config, args: LabelArgs) -> Outcome {
    let relevant = args.relevant;
    let store = crate::store::open(&cfg.storage)
        .await
        .context("opening the store")?;
    let (article, matched) = store
        .article(key(&args.id))
        .await.context("reading the store")?
        .ok_or_else(|| {
            Failure::Usage(anyhow!(
                "no stored article {:?}: give the id shown beside a story in a digest or in `watch backtest`, or the article's link",
                args.id
            ))
        })?;
    let watchlist = match (&args.watchlist, matched.as_slice()) {
        (Some(w), _) => w.clone(),
        (None, [only]) => only.clone(),
        (None, _) => {
            let ids: Vec<&str> = cfg.watchlists.iter().map(|w| w.id.as_str()).collect();
            return Err(Failure::Usage(anyhow!(
                "article {} matched {}; say which watchlist it is an example for with --watchlist (one of {})",
                article.entry_id,
                if matched.is_empty() {
                    "no watchlist".to_string()
                } else {
                    matched.join(" and ")
                },
                ids.join(", ")
            )));
        }
    };
    let spec = cfg
        .watchlists
        .iter()
        .find(|w| w.id == watchlist)
        .ok_or_else(|| {
            Failure::Usage(anyhow!(
                "no watchlist {watchlist:?} in {}",
                cfg.watchlists_path.display()
            ))
        })?;
    let file = spec.examples.as_ref().ok_or_else(|| {
        Failure::Usage(anyhow!(
            "watchlist {watchlist} has no examples file: add `examples = \"examples/{watchlist}.jsonl\"` to it in {}, create that file (it may start empty) and label again",
            cfg.watchlists_path.display()
        ))
    })?;
    let text = article.text.clone().ok_or_else(|| {
        Failure::Runtime(anyhow!(
            "the text of article {} is no longer kept ([storage] keep_text_days = {}), so it cannot become an example; copy it into {} by hand",
            article.entry_id,
            cfg.keep_text_days,
            file.path.display()
        ))
    })?;
    if let Some(link) = &article.link
        && let Some(same) = file
            .examples
            .iter()
            .find(|e| e.url.as_deref() == Some(link))
    {
        return Err(Failure::Usage(anyhow!(
            "{}:{}: this article is already an example (labelled {}); edit or delete that line to change it",
            file.path.display(),
            same.line,
            if same.label { "relevant" } else { "irrelevant" }
        )));
    }
    let example = Example {
        lang: guess_lang(&format!("{}\n{text}", article.title)).map(str::to_string),
        title: article.title.clone(),
        body: text,
        label: relevant,
        note: Some(format!(
            "labelled with `watch label` from {}, seen {}",
            article.feed,
            article.seen_at.format("%Y-%m-%d")
        )),
        url: article.link.clone(),
        line: 0,
    };
    let line = append(&file.path, &to_line(&example))?;
    outln!(
        "{}:{line}: article {} added as {} for {watchlist}; the model learns from it when the config is next loaded (`systemctl reload newshound`, or the next command)",
        file.path.display(),
        article.entry_id,
        if relevant { "relevant" } else { "irrelevant" },
    );
    Ok(ExitCode::SUCCESS)
}

/// Appends one line to the file, after a newline if its last line lacks one, and syncs it;
/// returns the line's number. Appending in place keeps the file's order, comments, mode and
/// owner.
fn append(path: &std::path::Path, line: &str) -> Result<usize, Failure> {
    let fail =
        |e: std::io::Error| Failure::Runtime(anyhow!("cannot append to {}: {e}", path.display()));
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
        .map_err(fail)?;
    let mut before = String::new();
    f.seek(SeekFrom::Start(0)).map_err(fail)?;
    f.read_to_string(&mut before).map_err(fail)?;
    let mut out = String::new();
    if !before.is_empty() && !before.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(line);
    out.push('\n');
    f.write_all(out.as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    Ok(before.lines().count() + 1)
}
