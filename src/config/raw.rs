//! The configuration file as written: serde structures that keep the byte span of every value
//! that is validated later, so a problem can be reported at its line and column.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub storage: RawStorage,
    #[serde(default)]
    pub schedule: RawSchedule,
    #[serde(default)]
    pub fetch: RawFetch,
    #[serde(default)]
    pub watch: RawWatch,
    #[serde(default)]
    pub feed: Vec<S<RawFeed>>,
    #[serde(default)]
    pub digest: Vec<S<RawDigest>>,
    #[serde(default)]
    pub channel: Vec<S<super::channels::RawChannel>>,
    #[serde(default)]
    pub mail: RawMail,
    #[serde(default)]
    pub site: Vec<S<super::sites::RawSite>>,
    pub http: Option<S<super::http::RawHttp>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawStorage {
    pub path: Option<S<String>>,
    pub url: Option<S<String>>,
    pub password_file: Option<S<String>>,
    pub password_env: Option<S<String>>,
    pub ca_file: Option<S<String>>,
    pub pool_size: Option<S<i64>>,
    pub node: Option<S<String>>,
    pub lease_secs: Option<S<i64>>,
    pub keep_text_days: Option<S<i64>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawSchedule {
    pub default_poll: Option<S<String>>,
    pub timezone: Option<S<String>>,
    pub jitter_secs: Option<S<i64>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFetch {
    pub timeout_secs: Option<S<i64>>,
    pub connect_timeout_secs: Option<S<i64>>,
    pub max_body_bytes: Option<S<i64>>,
    pub max_page_bytes: Option<S<i64>>,
    pub max_redirects: Option<S<i64>>,
    pub concurrency: Option<S<i64>>,
    pub per_host_concurrency: Option<S<i64>>,
    pub backoff_base_secs: Option<S<i64>>,
    pub backoff_max_secs: Option<S<i64>>,
    pub max_articles_per_poll: Option<S<i64>>,
    pub article_budget_secs: Option<S<i64>>,
    pub allow_private_addresses: Option<bool>,
    pub user_agent: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawWatch {
    pub file: Option<String>,
    pub aliases: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeed {
    pub name: S<String>,
    pub url: S<String>,
    pub poll: Option<S<String>>,
    pub fetch_article: Option<bool>,
    /// How to weigh this outlet, shown beside its name in digests ("Russian state media").
    pub label: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDigest {
    pub name: S<String>,
    pub send: S<String>,
    #[serde(default)]
    pub to: Vec<S<String>>,
    #[serde(default)]
    pub watchlists: Vec<S<String>>,
    pub timezone: Option<S<String>>,
    #[serde(default)]
    pub send_empty: bool,
    /// Names of `[[channel]]` tables.
    #[serde(default)]
    pub channels: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMail {
    pub from: Option<S<String>>,
    pub transport: Option<S<String>>,
    pub dir: Option<String>,
    pub smtp: Option<S<RawSmtp>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    pub host: S<String>,
    pub port: Option<S<i64>>,
    pub security: Option<S<String>>,
    pub username: Option<String>,
    pub password_file: Option<S<String>>,
    pub password_env: Option<S<String>>,
    /// Never used: read only to warn that a password does not belong here.
    pub password: Option<S<toml::Value>>,
    pub timeout_secs: Option<S<i64>>,
}

/// `watchlists.toml`: one `[[watchlist]]` table each.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWatchlists {
    #[serde(default)]
    pub watchlist: Vec<RawWatchlist>,
}

/// One watchlist as written, with the spans problems are located by.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWatchlist {
    pub id: S<String>,
    #[serde(default)]
    pub title: String,
    pub query: S<String>,
    #[serde(default)]
    pub aliases: Vec<S<Vec<S<String>>>>,
    #[serde(default)]
    pub alert: crate::model::Alert,
    pub min_score: Option<S<f64>>,
    /// The examples file its model learns from, relative to the watchlists file.
    pub examples: Option<S<String>>,
    #[serde(default)]
    pub decide: Option<S<crate::model::Decide>>,
    pub threshold: Option<S<f64>>,
    pub veto: Option<S<f64>>,
}

/// The shared alias file: `aliases = [["Kyiv", "Kiev"], ...]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAliases {
    #[serde(default)]
    pub aliases: Vec<S<Vec<S<String>>>>,
}
