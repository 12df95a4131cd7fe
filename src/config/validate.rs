//! Turns the raw file into a `Config`: defaults, path resolution and every check, with each
//! problem located in its file.

use super::error::Located;
use super::ranges;
use super::raw::{RawConfig, RawFeed, S};
use super::watch_files;
use super::*;
use crate::model::Alert;
use crate::schedule::{ScheduleError, ever_fires, parse_cron};
use std::collections::HashSet;

type Reader = fn(&Path) -> Result<String, ConfigError>;

pub(super) fn validate(
    path: &Path,
    text: &str,
    base: &Path,
    state_dir: &Path,
    read: Reader,
) -> Result<Config, ConfigError> {
    let mut at = Located::new(path, text);
    let known = super::keys::check(&super::keys::config_shape(), text, &mut at);
    let raw: RawConfig = match toml::from_str(&known) {
        Ok(r) => r,
        Err(e) => {
            at.toml(&e);
            return Err(ConfigError::Invalid(at.problems));
        }
    };

    let timezone = match &raw.schedule.timezone {
        Some(tz) => tz_or_report(&mut at, tz).unwrap_or(Tz::UTC),
        None => defaults::TIMEZONE.parse().unwrap_or(Tz::UTC),
    };
    let default_poll = match &raw.schedule.default_poll {
        Some(c) => cron_or_report(&mut at, c),
        None => defaults::DEFAULT_POLL.to_string(),
    };
    let schedule = ScheduleConfig {
        default_poll: default_poll.clone(),
        timezone,
        jitter_secs: ranges::JITTER_SECS.read(
            &mut at,
            &raw.schedule.jitter_secs,
            defaults::JITTER_SECS,
        ),
    };
    let fetch = fetch(&mut at, &raw);
    let feeds = feeds(&mut at, &raw.feed, &default_poll);
    let mail = super::mail::mail(&mut at, &raw, base, state_dir);
    super::mail::warn_placeholders(&mut at, &raw, &mail);
    let sites = super::sites::sites(&mut at, &raw.site);
    let http = super::http::http(&mut at, raw.http.as_ref());

    let watchlists_path = base.join(
        raw.watch
            .file
            .as_deref()
            .unwrap_or(defaults::WATCHLISTS_FILE),
    );
    let aliases_path = aliases_path(&mut at, &raw, base, &watchlists_path);
    let mut alias_problems = Vec::new();
    let aliases_text = match &aliases_path {
        Some(p) => match read(p) {
            Ok(t) => Some((p.clone(), t)),
            // A shared alias file that exists is meant to be used: one that cannot be read
            // would silently change what every watchlist matches.
            Err(ConfigError::Invalid(mut located)) => {
                for p in &mut located {
                    p.message
                        .push_str(" (or remove the file to use no shared aliases)");
                }
                alias_problems = located;
                None
            }
            Err(e) => {
                let pos = raw.watch.aliases.as_ref().map_or(0, |a| a.span().start);
                at.at(
                    pos,
                    format!("{e}; fix it, or remove it to use no shared aliases"),
                );
                None
            }
        },
        None => None,
    };
    let (watchlists, aliases, mut wl_problems) = match read(&watchlists_path) {
        Ok(wl_text) => {
            let files = watch_files::load(
                &watchlists_path,
                &wl_text,
                aliases_text
                    .as_ref()
                    .map(|(p, t)| (p.as_path(), t.as_str())),
                read,
            );
            (files.watchlists, files.aliases, files.problems)
        }
        Err(ConfigError::Invalid(located)) => (Vec::new(), Vec::new(), located),
        Err(e) => {
            at.at(0, format!("{e}; set [watch] file to the watchlists file"));
            (Vec::new(), Vec::new(), Vec::new())
        }
    };
    let known: HashSet<&str> = watchlists.iter().map(|w| w.id.as_str()).collect();
    let channels = super::channels::channels(&mut at, &raw.channel, base);
    let channel_names: HashSet<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    let digests = super::digests::digests(&mut at, &raw.digest, timezone, &known, &channel_names);
    for w in watchlists.iter().filter(|w| w.alert == Alert::Immediate) {
        if !digests.iter().any(|d| d.watchlists.contains(&w.id)) {
            at.warn(
                0,
                format!(
                    "watchlist {:?} asks for immediate alerts, but no [[digest]] lists it, so nobody would get them",
                    w.id
                ),
            );
        }
    }

    let storage = super::storage::read(&mut at, &raw.storage, state_dir, base);
    let node = super::storage::node(&raw.storage);
    let lease_secs = ranges::LEASE_SECS.read(&mut at, &raw.storage.lease_secs, 60u64);

    let keep_text_days = ranges::KEEP_TEXT_DAYS.read(
        &mut at,
        &raw.storage.keep_text_days,
        defaults::KEEP_TEXT_DAYS,
    );
    let warnings = at.warnings;
    let mut problems = at.problems;
    // Unknown keys are found first; an operator reads the file top to bottom.
    problems.sort_by_key(|p| (p.line, p.column));
    problems.append(&mut alias_problems);
    problems.append(&mut wl_problems);
    if !problems.is_empty() {
        return Err(ConfigError::Invalid(problems));
    }
    Ok(Config {
        path: path.to_path_buf(),
        storage,
        node,
        lease_secs,
        schedule,
        fetch,
        feeds,
        digests,
        channels,
        mail,
        watchlists_path,
        watchlists,
        warnings,
        sites,
        aliases_path,
        aliases,
        keep_text_days,
        http,
    })
}

/// The shared alias file: `[watch] aliases` (which must be readable), else `aliases.toml`
/// beside the watchlists when there is one.
fn aliases_path(
    at: &mut Located,
    raw: &RawConfig,
    base: &Path,
    watchlists: &Path,
) -> Option<PathBuf> {
    match &raw.watch.aliases {
        Some(name) => {
            let path = base.join(name.get_ref());
            if let Err(e) = std::fs::metadata(&path) {
                at.at(
                    name.span().start,
                    format!(
                        "cannot read {}: {e}; fix [watch] aliases or remove it",
                        path.display()
                    ),
                );
                return None;
            }
            Some(path)
        }
        // Only a file that is not there at all means "no shared aliases"; one that is there
        // but cannot be read is reported when it is read.
        None => {
            let path = watchlists
                .parent()
                .unwrap_or(base)
                .join(defaults::ALIASES_FILE);
            match std::fs::metadata(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                _ => Some(path),
            }
        }
    }
}

pub(super) fn tz_or_report(at: &mut Located, tz: &S<String>) -> Option<Tz> {
    match tz.get_ref().parse::<Tz>() {
        Ok(t) => Some(t),
        Err(_) => {
            at.at(
                tz.span().start,
                format!(
                    "unknown time zone {:?}: use an IANA name such as \"Europe/Kyiv\" or \"UTC\"",
                    tz.get_ref()
                ),
            );
            None
        }
    }
}

pub(super) fn cron_or_report(at: &mut Located, expr: &S<String>) -> String {
    match parse_cron(expr.get_ref()) {
        Err(e) => at.at(expr.span().start, e.to_string()),
        // Accepted, it would arm nothing: the feed or digest would silently never run.
        Ok(c) if !ever_fires(&c) => at.at(
            expr.span().start,
            ScheduleError::Never(expr.get_ref().clone()).to_string(),
        ),
        Ok(_) => {}
    }
    expr.get_ref().clone()
}

fn fetch(at: &mut Located, raw: &RawConfig) -> FetchConfig {
    let f = &raw.fetch;
    let d = FetchConfig::default();
    let cfg = FetchConfig {
        timeout_secs: ranges::TIMEOUT_SECS.read(at, &f.timeout_secs, d.timeout_secs),
        connect_timeout_secs: ranges::CONNECT_TIMEOUT_SECS.read(
            at,
            &f.connect_timeout_secs,
            d.connect_timeout_secs,
        ),
        max_body_bytes: ranges::MAX_BODY_BYTES.read(at, &f.max_body_bytes, d.max_body_bytes),
        max_page_bytes: ranges::MAX_PAGE_BYTES.read(at, &f.max_page_bytes, d.max_page_bytes),
        max_redirects: ranges::MAX_REDIRECTS.read(at, &f.max_redirects, d.max_redirects),
        concurrency: ranges::CONCURRENCY.read(at, &f.concurrency, d.concurrency),
        per_host_concurrency: ranges::PER_HOST_CONCURRENCY.read(
            at,
            &f.per_host_concurrency,
            d.per_host_concurrency,
        ),
        backoff_base_secs: ranges::BACKOFF_BASE_SECS.read(
            at,
            &f.backoff_base_secs,
            d.backoff_base_secs,
        ),
        backoff_max_secs: ranges::BACKOFF_MAX_SECS.read(
            at,
            &f.backoff_max_secs,
            d.backoff_max_secs,
        ),
        max_articles_per_poll: ranges::MAX_ARTICLES_PER_POLL.read(
            at,
            &f.max_articles_per_poll,
            d.max_articles_per_poll,
        ),
        article_budget_secs: ranges::ARTICLE_BUDGET_SECS.read(
            at,
            &f.article_budget_secs,
            d.article_budget_secs,
        ),
        allow_private_addresses: f.allow_private_addresses.unwrap_or(false),
        user_agent: f.user_agent.clone().unwrap_or(d.user_agent),
    };
    if cfg.backoff_base_secs > cfg.backoff_max_secs
        && let Some(base) = &f.backoff_base_secs
    {
        at.warn(
            base.span().start,
            format!(
                "[fetch] backoff_base_secs ({}) is above backoff_max_secs ({}): every retry waits backoff_max_secs",
                cfg.backoff_base_secs, cfg.backoff_max_secs
            ),
        );
    }
    cfg
}

/// A feed's address as the config accepts it: an absolute http or https URL. The error
/// says what to write instead (`opml import` and `feeds add` check addresses with it too).
pub fn feed_url(raw: &str) -> Result<Url, String> {
    match Url::parse(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => Ok(u),
        Ok(u) if matches!(u.scheme(), "http" | "https") => {
            Err(format!("invalid url {raw:?}: it names no host"))
        }
        Ok(u) => Err(format!(
            "url scheme {:?} is not supported; use http or https",
            u.scheme()
        )),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            // "example.org/rss": the address with its scheme left off, a common slip.
            let guess = format!("https://{}", raw.trim().trim_start_matches('/'));
            let looks_like_host = Url::parse(&guess)
                .ok()
                .and_then(|u| u.host_str().map(|h| h.contains('.')))
                .unwrap_or(false);
            Err(
                if looks_like_host && !raw.trim().contains(char::is_whitespace) {
                    format!("invalid url {raw:?}: it has no scheme; write {guess}")
                } else {
                    format!(
                        "invalid url {raw:?}: not an absolute address; write one such as https://example.org/feed"
                    )
                },
            )
        }
        Err(e) => Err(format!("invalid url {raw:?}: {e}")),
    }
}

fn feeds(at: &mut Located, raw: &[S<RawFeed>], default_poll: &str) -> Vec<FeedConfig> {
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for f in raw {
        let f = f.get_ref();
        let name = f.name.get_ref().trim().to_string();
        if name.is_empty() {
            at.at(f.name.span().start, "feed name must not be empty");
        } else if !names.insert(name.clone()) {
            at.at(f.name.span().start, format!("duplicate feed name {name:?}: names identify feeds in the store and must be unique"));
        }
        let url = match feed_url(f.url.get_ref()) {
            Ok(u) => Some(u),
            Err(why) => {
                at.at(f.url.span().start, format!("feed {name:?}: {why}"));
                None
            }
        };
        let poll = match &f.poll {
            Some(p) => cron_or_report(at, p),
            None => default_poll.to_string(),
        };
        let label = f.label.as_ref().and_then(|l| {
            let text = l.get_ref().trim();
            if text.is_empty() {
                at.at(l.span().start, format!("feed {name:?}: label must not be empty; remove it or say how to weigh this outlet"));
            }
            (!text.is_empty()).then(|| text.to_string())
        });
        if let Some(url) = url {
            if url.password().is_some() {
                at.warn(f.url.span().start, format!("feed {name:?}: the url carries a password, readable by anyone who can read this file"));
            }
            out.push(FeedConfig {
                name,
                url,
                poll,
                fetch_article: f.fetch_article.unwrap_or(true),
                label,
            });
        }
    }
    out
}
