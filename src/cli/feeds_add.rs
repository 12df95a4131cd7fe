//! `newshound feeds add URL`: an operator knows an outlet's site, not its feed's address, so
//! this finds the feed (the page's feed links, else the usual paths, by `feed::discover`),
//! fetches it once through the daemon's own fetcher (same caps, timeouts, user agent and
//! private-address guard) to prove it parses, and appends it to the config as `opml import`
//! does. It never guesses between several feeds: it lists them for the operator to choose.

use super::FeedsAddArgs;
use super::commands::{Failure, Outcome, load};
use super::config_feeds::{
    NewFeed, appended_text, feed_names, known_feeds, same_feed_key, unique_name, with_feeds, write,
};
use super::out::{out, outln};
use crate::config::feed_url;
use crate::extract::decode_html;
use crate::feed::discover::{self, Candidate, FALLBACK_PATHS};
use crate::feed::{self, ParsedFeed};
use crate::fetch::{Body, FetchError, Fetched, Fetcher, Trust};
use anyhow::{Context, anyhow};
use std::path::Path;
use std::process::ExitCode;
use url::Url;

/// Candidates listed when a page links several feeds; the rest are counted.
const MAX_LISTED: usize = 20;

/// A feed fetched and parsed: the address to configure, what it says of itself, and how it
/// was found.
struct Proven {
    url: Url,
    feed: ParsedFeed,
    how: String,
}

pub(super) async fn add(config: &Path, args: FeedsAddArgs) -> Outcome {
    let cfg = load(config)?;
    let given = feed_url(args.url.trim())
        .map_err(|why| Failure::Usage(anyhow!("feeds add {:?}: {why}", args.url)))?;
    let known = known_feeds(&cfg);
    if let Some(matched) = known.get(&same_feed_key(given.as_str())) {
        return Ok(already(&given, matched));
    }
    let mut names = feed_names(&cfg);
    let name = match args.name.as_deref().map(str::trim) {
        Some("") => {
            return Err(Failure::Usage(anyhow!(
                "--name is empty; give the feed a name"
            )));
        }
        Some(n) if names.contains(n) => {
            return Err(Failure::Usage(anyhow!(
                "a feed named {n:?} is already configured; choose another --name"
            )));
        }
        n => n.map(str::to_string),
    };
    let fetcher = Fetcher::new(&cfg.fetch).context("building the HTTP client")?;
    let found = find(&fetcher, &given).await?;
    if let Some(matched) = known.get(&same_feed_key(found.url.as_str())) {
        return Ok(already(&found.url, matched));
    }
    let title = found.feed.title.as_deref();
    let name = name.unwrap_or_else(|| {
        let base = discover::default_name(title, &found.url);
        unique_name(&base, found.url.host_str(), &mut names)
    });
    outln!(
        "found   {} ({} entries, {}): {}",
        title.unwrap_or("untitled feed"),
        found.feed.entries.len(),
        found.how,
        found.url
    );
    let new: NewFeed = (name, found.url.to_string(), args.label);
    // Validated with or without --dry-run, so a dry run predicts the change.
    let new_text = with_feeds(&cfg, std::slice::from_ref(&new))?;
    outln!("add     {}: {}", new.0, new.1);
    if args.dry_run {
        outln!("would append to {}:\n", cfg.path.display());
        out!("{}", appended_text(std::slice::from_ref(&new)));
        outln!("\n(dry run: config unchanged)");
    } else {
        write(&cfg, &new_text, "feeds add")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn already(url: &Url, matched: &str) -> ExitCode {
    outln!("{url} is already configured as {matched}; nothing changed");
    ExitCode::SUCCESS
}

/// The feed at `given`: itself when it is one, else the one its page links to, else the
/// first of the usual paths that holds one.
async fn find(fetcher: &Fetcher, given: &Url) -> Result<Proven, Failure> {
    let body = fetch(fetcher, given, Trust::Operator)
        .await
        .map_err(|e| anyhow!("cannot fetch {e} — check the address"))?;
    let parsed = feed::parse_http(&body.bytes, body.content_type.as_deref(), &body.final_url);
    let not_feed = match parsed {
        Ok(feed) => {
            return Ok(Proven {
                url: address(given, &body),
                feed,
                how: "the address is a feed".into(),
            });
        }
        Err(e) => e,
    };
    if !discover::looks_like_html(&body.bytes, body.content_type.as_deref()) {
        return Err(Failure::Runtime(anyhow!(
            "{given} is neither a feed nor a web page ({not_feed}) — give the site's page or \
             the feed's own address"
        )));
    }
    let page = &body.final_url;
    let links = discover::links(
        &decode_html(&body.bytes, body.content_type.as_deref()),
        page,
    );
    if links.head_cut {
        eprintln!(
            "newshound: warning: {page}: only the first {} KiB of the page's head were read \
             for feed links",
            discover::MAX_HEAD_BYTES >> 10
        );
    }
    match links.candidates.as_slice() {
        [] => from_fallbacks(fetcher, given, page).await,
        [one] => {
            // The page chose this address, not the operator: the guard applies off its site.
            let trust = if one.url.host() == page.host() {
                Trust::Operator
            } else {
                Trust::ThirdParty
            };
            let proven = fetch(fetcher, &one.url, trust)
                .await
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    parse(&one.url, &b, "linked from the page".into())
                        .map_err(|e| format!("{}: {e}", one.url))
                });
            proven.map_err(|why| {
                Failure::Runtime(anyhow!(
                    "{page} links {} as its feed, but it cannot be read: {why} — ask the site, \
                     or give another feed's address",
                    one.url
                ))
            })
        }
        several => Err(choose(given, several)),
    }
}

/// The first of `FALLBACK_PATHS` on the page's site that holds a feed.
async fn from_fallbacks(fetcher: &Fetcher, given: &Url, page: &Url) -> Result<Proven, Failure> {
    let mut tried = Vec::new();
    for url in discover::fallback_urls(page) {
        // The operator's site (where its address led), so trusted as the address was.
        match fetch(fetcher, &url, Trust::Operator).await {
            Ok(body) => match parse(&url, &body, format!("at {}", url.path())) {
                Ok(p) => return Ok(p),
                Err(e) => tried.push(format!("{} is not a feed ({e})", url.path())),
            },
            Err(FetchError::Status { status, .. }) => {
                tried.push(format!("{} answered {}", url.path(), status.as_u16()))
            }
            Err(e) => tried.push(e.to_string()),
        }
    }
    Err(Failure::Runtime(anyhow!(
        "no feed found at {given}: the page links none and {} — find the feed's address on \
         the site and give it to `newshound feeds add`",
        if tried.is_empty() {
            format!("it is itself at {}", FALLBACK_PATHS.join(", "))
        } else {
            tried.join(", ")
        }
    )))
}

/// Lists the feeds a page links to, for the operator to choose one (exit 2).
fn choose(given: &Url, several: &[Candidate]) -> Failure {
    for c in several.iter().take(MAX_LISTED) {
        let title = c.title.as_deref().unwrap_or("untitled");
        outln!("{title} ({}): {}", c.kind.label(), c.url);
    }
    if several.len() > MAX_LISTED {
        outln!("... and {} more", several.len() - MAX_LISTED);
    }
    Failure::Usage(anyhow!(
        "{given} links {} feeds; run `newshound feeds add` again with the address of the one \
         to add",
        several.len()
    ))
}

fn parse(url: &Url, body: &Body, how: String) -> Result<Proven, feed::FeedError> {
    let feed = feed::parse_http(&body.bytes, body.content_type.as_deref(), &body.final_url)?;
    Ok(Proven {
        url: address(url, body),
        feed,
        how,
    })
}

/// The address to configure: where the feed moved for good, else the one asked for (a
/// temporary redirect may end; the daemon follows it each time).
fn address(asked: &Url, body: &Body) -> Url {
    body.moved_permanently
        .clone()
        .unwrap_or_else(|| asked.clone())
}

async fn fetch(fetcher: &Fetcher, url: &Url, trust: Trust) -> Result<Body, FetchError> {
    match fetcher.get(url, None, trust).await? {
        Fetched::Modified(body) => Ok(*body),
        // Unconditional requests never get here: the fetcher refuses a 304 to them.
        Fetched::NotModified => Err(FetchError::Refused {
            url: url.clone(),
            reason: "answered 304 Not Modified to an unconditional request".into(),
        }),
    }
}
