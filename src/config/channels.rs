//! Validating `[[channel]]` tables (issue 17): a unique name, a known kind, the URL and the
//! ids each kind needs, and its secret — read from `secret_file` (systemd's
//! `$CREDENTIALS_DIRECTORY` first, as SMTP's `password_file`) or `secret_env`, never from the
//! config: a `secret` key is refused, since config files get copied and pasted. A URL that
//! is itself a credential (a Slack incoming webhook) may come from `url_file` or `url_env` the
//! same way. Every problem is reported at its key, naming the channel.

use super::error::Located;
use super::mail::{SecretKeys, read_secret};
use super::raw::S;
use super::{ChannelConfig, Secret};
use crate::channel::Kind;
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;
use url::Url;

/// The services' public addresses, for a channel that names none.
pub const NTFY_URL: &str = "https://ntfy.sh";
pub const TELEGRAM_URL: &str = "https://api.telegram.org";

/// A service that does not answer within this long is retried later: long enough for a slow
/// homeserver, short enough that one hung service does not hold a digest run for minutes.
pub const TIMEOUT_SECS: u64 = 30;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub name: S<String>,
    pub kind: S<String>,
    /// The webhook or Slack URL; the server's base URL for ntfy, Telegram and Matrix.
    pub url: Option<S<String>>,
    /// The URL read from a file or an environment variable, for a URL that is a credential.
    pub url_file: Option<S<String>>,
    pub url_env: Option<S<String>>,
    /// ntfy's topic.
    pub topic: Option<S<String>>,
    /// Telegram's chat id (a number, or `@channelname`).
    pub chat_id: Option<S<String>>,
    /// Matrix's room id (`!abc:example.org`).
    pub room: Option<S<String>>,
    /// An email channel's recipients.
    #[serde(default)]
    pub to: Vec<S<String>>,
    pub secret_file: Option<S<String>>,
    pub secret_env: Option<S<String>>,
    /// Never used: read only to refuse a secret written into the config.
    pub secret: Option<S<toml::Value>>,
    pub timeout_secs: Option<S<i64>>,
}

pub(super) fn channels(at: &mut Located, raw: &[S<RawChannel>], base: &Path) -> Vec<ChannelConfig> {
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for c in raw {
        let c = c.get_ref();
        let name = c.name.get_ref().trim().to_string();
        let pos = c.name.span().start;
        if name.is_empty()
            || name == crate::channel::EMAIL
            || !name
                .chars()
                .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_')
        {
            at.at(
                pos,
                format!(
                    "channel name {name:?} must be non-empty letters, digits, '-' or '_', and not \"email\""
                ),
            );
        } else if !names.insert(name.clone()) {
            at.at(pos, format!("duplicate channel name {name:?}"));
        }
        let Some(kind) = Kind::parse(c.kind.get_ref()) else {
            let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            at.at(
                c.kind.span().start,
                format!(
                    "channel {name:?}: unknown kind {:?} (known: {})",
                    c.kind.get_ref(),
                    kinds.join(", ")
                ),
            );
            continue;
        };
        if let Some(s) = &c.secret {
            at.at(
                s.span().start,
                format!(
                    "channel {name:?}: a secret does not belong in the config file; put it in a \
                     file named by secret_file (e.g. a systemd credential) or an environment \
                     variable named by secret_env"
                ),
            );
        }
        let (file, env) = (c.secret_file.as_ref(), c.secret_env.as_ref());
        let keys = ("secret", "secret", "or remove secret_file");
        let secret = channel_secret(at, &name, keys, (file, env), base);
        let cfg = ChannelConfig {
            url: url(at, &name, kind, c, base, pos),
            target: target(at, &name, kind, c, pos),
            to: c.to.iter().map(|t| t.get_ref().clone()).collect(),
            secret: needs_secret(at, &name, kind, secret, pos),
            timeout_secs: super::ranges::CHANNEL_TIMEOUT_SECS.read(
                at,
                &c.timeout_secs,
                TIMEOUT_SECS,
            ),
            name,
            kind,
        };
        out.push(cfg);
    }
    out
}

/// The URL the channel posts to (or its server's base): from `url`, from `url_file` or
/// `url_env`, or defaulted where the service has a public one.
fn url(
    at: &mut Located,
    name: &str,
    kind: Kind,
    c: &RawChannel,
    base: &Path,
    name_pos: usize,
) -> Option<Url> {
    if c.url_file.is_some() || c.url_env.is_some() {
        return secret_url(at, name, c, base);
    }
    let default = match kind {
        Kind::Ntfy => Some(NTFY_URL),
        Kind::Telegram => Some(TELEGRAM_URL),
        _ => None,
    };
    let (text, pos) = match (&c.url, default) {
        (Some(u), _) => (u.get_ref().as_str(), u.span().start),
        (None, Some(d)) => (d, name_pos),
        (None, None) => {
            if matches!(kind, Kind::Webhook | Kind::Slack | Kind::Matrix) {
                at.at(
                    name_pos,
                    format!(
                        "channel {name:?}: a {} channel needs url (or url_file, url_env)",
                        kind.as_str()
                    ),
                );
            }
            return None;
        }
    };
    if kind == Kind::Slack && c.url.is_some() {
        // Whoever holds an incoming-webhook URL can post to the channel: it is a credential.
        at.warn(
            pos,
            format!(
                "channel {name:?}: a Slack incoming-webhook URL is a secret (whoever has it can \
                 post to the channel) and does not belong in the config file; put it in a file \
                 named by url_file (e.g. a systemd credential) or an environment variable named \
                 by url_env"
            ),
        );
    }
    match Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            if !u.password().unwrap_or_default().is_empty() {
                at.warn(
                    pos,
                    format!("channel {name:?}: the url carries a password; use secret_file"),
                );
            }
            Some(u)
        }
        Ok(_) => {
            at.at(
                pos,
                format!("channel {name:?}: url {text:?} must be an http:// or https:// URL"),
            );
            None
        }
        Err(e) => {
            at.at(pos, format!("channel {name:?}: invalid url {text:?}: {e}"));
            None
        }
    }
}

/// The URL read as a secret. Its text is never repeated in a message: it is the credential.
fn secret_url(at: &mut Located, name: &str, c: &RawChannel, base: &Path) -> Option<Url> {
    let (file, env) = (c.url_file.as_ref(), c.url_env.as_ref());
    let pos = file.or(env).map_or(0, |k| k.span().start);
    if let Some(u) = &c.url {
        at.at(
            u.span().start,
            format!("channel {name:?}: set url, or url_file or url_env, not both"),
        );
        return None;
    }
    let secret = channel_secret(at, name, ("url", "URL", "or set url"), (file, env), base)?;
    let from = if file.is_some() {
        "url_file"
    } else {
        "url_env"
    };
    match Url::parse(secret.expose().trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Some(u),
        Ok(_) => {
            at.at(
                pos,
                format!("channel {name:?}: the URL in {from} must be an http:// or https:// URL"),
            );
            None
        }
        Err(e) => {
            at.at(
                pos,
                format!("channel {name:?}: the URL in {from} is not a URL: {e}"),
            );
            None
        }
    }
}

/// Channel `name`'s `{key}_file` or `{key}_env` (`keys`: the key, what it holds, what to do
/// instead of an empty file), read as SMTP's password is.
fn channel_secret(
    at: &mut Located,
    name: &str,
    (key, what, empty_hint): (&str, &str, &str),
    (file, env): (Option<&S<String>>, Option<&S<String>>),
    base: &Path,
) -> Option<Secret> {
    let table = format!("channel {name:?}:");
    let keys = SecretKeys {
        table: &table,
        key,
        what,
        empty_hint,
    };
    read_secret(at, &keys, file, env, base)
}

/// The topic, chat or room a kind needs, or the email recipients.
fn target(at: &mut Located, name: &str, kind: Kind, c: &RawChannel, pos: usize) -> String {
    let (key, value) = match kind {
        Kind::Ntfy => ("topic", &c.topic),
        Kind::Telegram => ("chat_id", &c.chat_id),
        Kind::Matrix => ("room", &c.room),
        Kind::Email => {
            if c.to.is_empty() {
                at.at(
                    pos,
                    format!("channel {name:?}: an email channel needs to = [\"…\"]"),
                );
            }
            for t in &c.to {
                if let Err(e) = t.get_ref().parse::<lettre::message::Mailbox>() {
                    at.at(
                        t.span().start,
                        format!("channel {name:?}: invalid recipient {:?}: {e}", t.get_ref()),
                    );
                }
            }
            return String::new();
        }
        Kind::Webhook | Kind::Slack => return String::new(),
    };
    let Some(v) = value else {
        at.at(
            pos,
            format!("channel {name:?}: a {} channel needs {key}", kind.as_str()),
        );
        return String::new();
    };
    let text = v.get_ref().trim();
    let good = match kind {
        Kind::Ntfy => {
            !text.is_empty()
                && text.len() <= 64
                && text
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
        }
        Kind::Telegram => {
            text.parse::<i64>().is_ok()
                || (text.len() > 1
                    && text.starts_with('@')
                    && text[1..]
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
        }
        _ => text.starts_with('!') && text.contains(':'),
    };
    if !good {
        let hint = match kind {
            Kind::Ntfy => "letters, digits, '-' or '_', up to 64",
            Kind::Telegram => "a number such as -1001234567890, or @channelname",
            _ => "a room id such as \"!abcdef:example.org\"",
        };
        at.at(
            v.span().start,
            format!("channel {name:?}: invalid {key} {text:?}: write {hint}"),
        );
    }
    text.to_string()
}

/// Telegram's bot token and Matrix's access token are required; a webhook's signing secret
/// and ntfy's token are optional.
fn needs_secret(
    at: &mut Located,
    name: &str,
    kind: Kind,
    secret: Option<Secret>,
    pos: usize,
) -> Option<Secret> {
    if secret.is_none() && matches!(kind, Kind::Telegram | Kind::Matrix) {
        let what = match kind {
            Kind::Telegram => "the bot token",
            _ => "the access token",
        };
        at.at(
            pos,
            format!(
                "channel {name:?}: a {} channel needs {what} in secret_file or secret_env",
                kind.as_str()
            ),
        );
    }
    secret
}
