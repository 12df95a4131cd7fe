//! Validating `[[channel]]` tables (issue 17): a unique name, a known kind, the URL and the
//! ids each kind needs, and its secret — read from `secret_file` (systemd's
//! `$CREDENTIALS_DIRECTORY` first, as SMTP's `password_file`) or `secret_env`, never from the
//! config: a `secret` key is refused, since config files get copied and pasted. Every problem
//! is reported at its key, naming the channel.

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub name: S<String>,
    pub kind: S<String>,
    /// The webhook or Slack URL; the server's base URL for ntfy, Telegram and Matrix.
    pub url: Option<S<String>>,
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
        // Not delivered through a channel yet (the outbox would render it as a webhook):
        // refused rather than silently wrong.
        if kind == Kind::Email {
            at.at(
                c.kind.span().start,
                format!(
                    "channel {name:?}: kind \"email\" is not supported yet; list the addresses in the digest's to"
                ),
            );
        }
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
        let table = format!("channel {name:?}:");
        let keys = SecretKeys {
            table: &table,
            key: "secret",
            what: "secret",
            empty_hint: "or remove secret_file",
        };
        let secret = read_secret(
            at,
            &keys,
            c.secret_file.as_ref(),
            c.secret_env.as_ref(),
            base,
        );
        let cfg = ChannelConfig {
            url: url(at, &name, kind, c.url.as_ref(), pos),
            target: target(at, &name, kind, c, pos),
            to: c.to.iter().map(|t| t.get_ref().clone()).collect(),
            secret: needs_secret(at, &name, kind, secret, pos),
            name,
            kind,
        };
        out.push(cfg);
    }
    out
}

/// The URL the channel posts to (or its server's base), defaulted where the service has a
/// public one.
fn url(
    at: &mut Located,
    name: &str,
    kind: Kind,
    raw: Option<&S<String>>,
    name_pos: usize,
) -> Option<Url> {
    let default = match kind {
        Kind::Ntfy => Some(NTFY_URL),
        Kind::Telegram => Some(TELEGRAM_URL),
        _ => None,
    };
    let (text, pos) = match (raw, default) {
        (Some(u), _) => (u.get_ref().as_str(), u.span().start),
        (None, Some(d)) => (d, name_pos),
        (None, None) => {
            if matches!(kind, Kind::Webhook | Kind::Slack | Kind::Matrix) {
                at.at(
                    name_pos,
                    format!("channel {name:?}: a {} channel needs url", kind.as_str()),
                );
            }
            return None;
        }
    };
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
