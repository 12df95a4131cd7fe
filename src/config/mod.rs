//! Configuration: reads `newshound.toml` and the watchlists file it names, applies defaults,
//! and validates everything once. Every problem found is reported together, each with its
//! file, line and column. Nothing else in the program reads configuration files.

mod channels;
pub mod defaults;
mod digests;
mod error;
mod examples;
mod http;
mod keys;
mod mail;
pub mod ranges;
mod raw;
pub mod rewrite;
mod sites;
mod storage;
mod validate;
mod watch_files;

pub use channels::{NTFY_URL, TELEGRAM_URL};
pub use error::{ConfigError, Problem, line_col};
pub use http::HttpConfig;
pub use validate::feed_url;

use crate::extract::SiteRule;
use crate::model::WatchlistSpec;
use chrono_tz::Tz;
use std::fmt;
use std::path::{Path, PathBuf};
use url::Url;

/// The validated configuration. Relative paths are already resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file this was read from.
    pub path: PathBuf,
    /// Where the store lives: an SQLite file (resolved) or a PostgreSQL server.
    pub storage: crate::store::Location,
    /// This process's name among the nodes sharing the store (`[storage] node`).
    pub node: String,
    /// How long a node's hold on a feed it polls lasts (`[storage] lease_secs`).
    pub lease_secs: u64,
    pub schedule: ScheduleConfig,
    pub fetch: FetchConfig,
    pub feeds: Vec<FeedConfig>,
    pub digests: Vec<DigestConfig>,
    /// The `[[channel]]` tables: delivery beyond the digests' own mail.
    pub channels: Vec<ChannelConfig>,
    pub mail: MailConfig,
    pub watchlists_path: PathBuf,
    pub watchlists: Vec<WatchlistSpec>,
    /// What works but should be changed (a password in the file, say), located like problems.
    pub warnings: Vec<Problem>,
    /// Per-host extraction rules from the `[[site]]` tables.
    pub sites: Vec<SiteRule>,
    /// The shared alias file, when there is one.
    pub aliases_path: Option<PathBuf>,
    /// Alias groups every watchlist uses (from `aliases_path`).
    pub aliases: Vec<Vec<String>>,
    /// Days an article's extracted text is kept for `watch backtest`; 0 keeps none.
    pub keep_text_days: u32,
    /// The `/healthz` and `/metrics` listener; `None` (the default) when off.
    pub http: Option<HttpConfig>,
}

#[derive(Debug, Clone)]
pub struct ScheduleConfig {
    pub default_poll: String,
    pub timezone: Tz,
    pub jitter_secs: u64,
}

#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub timeout_secs: u64,
    pub connect_timeout_secs: u64,
    pub max_body_bytes: u64,
    /// The cap for third-party article pages (smaller than for feeds): beyond it a page is cut.
    pub max_page_bytes: u64,
    pub max_redirects: usize,
    pub concurrency: usize,
    pub per_host_concurrency: usize,
    pub backoff_base_secs: u64,
    pub backoff_max_secs: u64,
    pub max_articles_per_poll: usize,
    /// Seconds one feed's article pages may take in one poll, together.
    pub article_budget_secs: u64,
    pub allow_private_addresses: bool,
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            timeout_secs: defaults::TIMEOUT_SECS,
            connect_timeout_secs: defaults::CONNECT_TIMEOUT_SECS,
            max_body_bytes: defaults::MAX_BODY_BYTES,
            max_page_bytes: defaults::MAX_PAGE_BYTES,
            max_redirects: defaults::MAX_REDIRECTS,
            concurrency: defaults::CONCURRENCY,
            per_host_concurrency: defaults::PER_HOST_CONCURRENCY,
            backoff_base_secs: defaults::BACKOFF_BASE_SECS,
            backoff_max_secs: defaults::BACKOFF_MAX_SECS,
            max_articles_per_poll: defaults::MAX_ARTICLES_PER_POLL,
            article_budget_secs: defaults::ARTICLE_BUDGET_SECS,
            allow_private_addresses: false,
            user_agent: default_user_agent(),
        }
    }
}

pub fn default_user_agent() -> String {
    format!(
        "newshound/{} (+https://github.com/newshound/newshound)",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedConfig {
    pub name: String,
    pub url: Url,
    /// Cron expression (with seconds) for this feed; the default poll when not set.
    pub poll: String,
    /// Fetch each new entry's page and extract the article; else use the feed's own text.
    pub fetch_article: bool,
    /// How the operator wants this outlet weighed, shown beside its name ("Russian state media").
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DigestConfig {
    pub name: String,
    pub send: String,
    pub to: Vec<String>,
    pub watchlists: Vec<String>,
    pub timezone: Tz,
    pub send_empty: bool,
    /// Names of the `[[channel]]`s that get this digest and its alerts too.
    pub channels: Vec<String>,
}

/// One `[[channel]]`: where and how a digest is delivered besides its mail.
#[derive(Debug, Clone)]
pub struct ChannelConfig {
    pub name: String,
    pub kind: crate::channel::Kind,
    /// The webhook or Slack URL, or the server's base URL (ntfy, Telegram, Matrix).
    pub url: Option<Url>,
    /// The ntfy topic, Telegram chat id or Matrix room id; empty for the others.
    pub target: String,
    /// An email channel's recipients.
    pub to: Vec<String>,
    /// The webhook's signing secret, the bot or access token.
    pub secret: Option<Secret>,
    /// How long one request to the service may take before it counts as failed (retried).
    pub timeout_secs: u64,
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    pub from: String,
    pub transport: Transport,
}

#[derive(Debug, Clone)]
pub enum Transport {
    /// Write each message as an .eml file into this directory.
    File {
        dir: PathBuf,
    },
    Smtp(SmtpConfig),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    /// Plain SMTP; only sensible to a relay on the same machine.
    None,
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub timeout_secs: u64,
}

/// A secret read from a file or the environment; never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Config {
    /// A time as the operator reads it everywhere outside a digest: in the schedule's zone,
    /// with its abbreviation (`2026-12-04 09:30 EET`), never a bare time.
    pub fn local_time(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        t.with_timezone(&self.schedule.timezone)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    }

    /// Reads and validates the config at `path` and the watchlists it names.
    ///
    /// Relative paths for storage and the outbox resolve against `$STATE_DIRECTORY` when
    /// systemd provides one, else against the config file's directory.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let state_dir = std::env::var_os("STATE_DIRECTORY").map(PathBuf::from);
        Self::load_with(path, state_dir.as_deref())
    }

    pub fn load_with(path: &Path, state_dir: Option<&Path>) -> Result<Config, ConfigError> {
        let text = read(path)?;
        Self::validate_as(path, &text, state_dir)
    }

    fn validate_as(
        path: &Path,
        text: &str,
        state_dir: Option<&Path>,
    ) -> Result<Config, ConfigError> {
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        validate::validate(path, text, base, state_dir.unwrap_or(base), read)
    }

    /// Validates `text` as the config at `path` would be if it held it, against the files
    /// beside `path`: a rewrite (`opml import`, `feeds add`) checks the new text this way
    /// before it replaces the file, and errors name the real file, never a temporary one.
    pub fn check_text(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let state_dir = std::env::var_os("STATE_DIRECTORY").map(PathBuf::from);
        Self::validate_as(path, text, state_dir.as_deref())
    }

    /// Validates config text as `check` would, with a minimal watchlists file and no other
    /// file beside it: for fuzzing the validation, which must refuse, never panic.
    #[doc(hidden)]
    pub fn from_text(text: &str) -> Result<Config, ConfigError> {
        fn read(path: &Path) -> Result<String, ConfigError> {
            if path
                .file_name()
                .is_some_and(|n| n == defaults::WATCHLISTS_FILE)
            {
                return Ok("[[watchlist]]\nid = \"w\"\nquery = \"swap\"\n".into());
            }
            Err(ConfigError::Read {
                path: path.to_path_buf(),
                source: std::io::ErrorKind::NotFound.into(),
            })
        }
        let here = Path::new("/nonexistent-newshound-fuzz");
        validate::validate(&here.join("newshound.toml"), text, here, here, read)
    }

    pub fn feed(&self, name: &str) -> Option<&FeedConfig> {
        self.feeds.iter().find(|f| f.name == name)
    }

    pub fn digest(&self, name: &str) -> Option<&DigestConfig> {
        self.digests.iter().find(|d| d.name == name)
    }

    pub fn channel(&self, name: &str) -> Option<&ChannelConfig> {
        self.channels.iter().find(|c| c.name == name)
    }
}

/// Reads a config file as UTF-8 text (TOML requires it), locating the first byte that is not.
fn read(path: &Path) -> Result<String, ConfigError> {
    let bytes = std::fs::read(path).map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let prefix = std::str::from_utf8(&e.as_bytes()[..good]).unwrap_or_default();
        let (line, column) = line_col(prefix, good);
        ConfigError::Invalid(vec![Problem {
            file: path.to_path_buf(),
            line,
            column,
            message: format!(
                "byte 0x{:02X} is not UTF-8, and TOML files must be UTF-8: save the file as UTF-8",
                e.as_bytes()[good]
            ),
        }])
    })
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_channels;
#[cfg(test)]
mod tests_ranges;
#[cfg(test)]
mod tests_storage;
