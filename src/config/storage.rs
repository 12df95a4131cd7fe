//! `[storage]`: an SQLite file (`path`, the default) or a PostgreSQL server (`url`), and how
//! long article texts are kept.

use super::error::Located;
use super::mail::{SecretKeys, read_secret};
use super::raw::RawStorage;
use super::{defaults, ranges};
use crate::store::{Location, PgOptions};
use std::path::Path;

/// Connections one process keeps to PostgreSQL when `pool_size` is not given.
pub const POOL_SIZE: usize = 8;

pub(super) fn read(at: &mut Located, raw: &RawStorage, state_dir: &Path, base: &Path) -> Location {
    let Some(url) = &raw.url else {
        for (key, given) in [
            (
                "password_file",
                raw.password_file.as_ref().map(|s| s.span()),
            ),
            ("password_env", raw.password_env.as_ref().map(|s| s.span())),
            ("ca_file", raw.ca_file.as_ref().map(|s| s.span())),
            ("pool_size", raw.pool_size.as_ref().map(|s| s.span())),
        ] {
            if let Some(span) = given {
                at.at(
                    span.start,
                    format!("[storage] {key} is for PostgreSQL: it needs [storage] url"),
                );
            }
        }
        let path = raw.path.as_ref().map(|p| p.get_ref().as_str());
        return Location::Sqlite(state_dir.join(path.unwrap_or(defaults::STORAGE_PATH)));
    };
    if let Some(path) = &raw.path {
        at.at(
            path.span().start,
            "[storage] sets both path (SQLite) and url (PostgreSQL): keep the one you mean",
        );
    }
    let pos = url.span().start;
    let text = url.get_ref().trim();
    match url::Url::parse(text) {
        Ok(u) if !matches!(u.scheme(), "postgresql" | "postgres") => at.at(
            pos,
            format!(
                "[storage] url {text:?} is not a PostgreSQL URL: it takes postgresql://user@host:port/database"
            ),
        ),
        Ok(u) if u.password().is_some() => at.at(
            pos,
            "[storage] url carries a password: the password never sits in the config; put it in password_file or password_env",
        ),
        Ok(_) => {}
        Err(e) => at.at(pos, format!("[storage] url {text:?} is not a URL: {e}")),
    }
    let keys = SecretKeys {
        table: "[storage]",
        key: "password",
        what: "password",
        empty_hint: "or remove password_file to connect without one (trust or peer authentication)",
    };
    let password = read_secret(
        at,
        &keys,
        raw.password_file.as_ref(),
        raw.password_env.as_ref(),
        base,
    );
    let pool_size = ranges::POOL_SIZE.read(at, &raw.pool_size, POOL_SIZE);
    let options = PgOptions {
        url: text.to_string(),
        password: password.map(|p| p.expose().to_string()),
        ca_file: raw.ca_file.as_ref().map(|f| base.join(f.get_ref())),
        pool_size,
    };
    // The driver's own reading of the URL (sslmode, ports), so `check` finds what `run` would.
    if let Err(e) = options.config() {
        at.at(pos, format!("[storage] url: {}", source_of(&e)));
    }
    Location::Postgres(options)
}

/// This process's name among the nodes: `[storage] node`, else the host's name and the
/// process id, which tell apart two processes on one machine.
pub(super) fn node(raw: &RawStorage) -> String {
    if let Some(n) = raw
        .node
        .as_ref()
        .map(|n| n.get_ref().trim())
        .filter(|n| !n.is_empty())
    {
        return n.to_string();
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string());
    format!("{host}:{}", std::process::id())
}

fn source_of(e: &crate::store::StoreError) -> String {
    match e {
        crate::store::StoreError::Open { cause, .. } => cause.to_string(),
        other => other.to_string(),
    }
}
