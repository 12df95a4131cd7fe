//! The `[storage]` keys on the man page: SQLite by path, PostgreSQL by url (issue 16).

use super::config::key;
use super::sub;
use crate::config::defaults;

pub(super) fn storage_keys(out: &mut String) {
    sub(out, "[storage]");
    key(
        out,
        "[storage]",
        "path",
        &format!("The SQLite database. Default {}.", defaults::STORAGE_PATH),
    );
    for (name, text) in [
        (
            "url",
            "Instead of path: a PostgreSQL database, postgresql://user@host:port/db; \
             ?sslmode=require for TLS with the certificate verified, none or disable for \
             plaintext. Never with a password in it.",
        ),
        (
            "password_file",
            "PostgreSQL: a file holding the password (looked up in $CREDENTIALS_DIRECTORY first).",
        ),
        (
            "password_env",
            "PostgreSQL: or the environment variable holding it.",
        ),
        (
            "ca_file",
            "PostgreSQL: PEM certificates to trust instead of the system's roots.",
        ),
        (
            "pool_size",
            "PostgreSQL: connections one process keeps open. Default 8.",
        ),
        (
            "node",
            "This process's name among the nodes sharing the store. Default host name and pid.",
        ),
        (
            "lease_secs",
            "How long a node holds a feed it polls; others leave it alone until then. Default 60.",
        ),
    ] {
        key(out, "[storage]", name, text);
    }
    key(
        out,
        "[storage]",
        "keep_text_days",
        &format!(
            "How long each article's extracted text is kept, for watch backtest and watch \
             label; 0 keeps none. Default {}.",
            defaults::KEEP_TEXT_DAYS
        ),
    );
}
