//! `[storage]`: SQLite by `path` (the default), PostgreSQL by `url`, never both, and never a
//! password in the file.

use super::tests_ranges::{load, problems};
use crate::store::{Location, PgOptions};

#[test]
fn a_url_selects_postgresql_with_its_password_from_a_file() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("pg-password"), "s3cret\n").expect("pw");
    let text = "[storage]\nurl = \"postgresql://newshound@db.internal:5432/news?sslmode=require\"\n\
                password_file = \"pg-password\"\npool_size = 4\n";
    let cfg = load(dir.path(), text).expect("valid");
    assert_eq!(
        cfg.storage,
        Location::Postgres(PgOptions {
            url: "postgresql://newshound@db.internal:5432/news?sslmode=require".into(),
            password: Some("s3cret".into()),
            ca_file: None,
            pool_size: 4,
        })
    );
    assert!(
        !format!("{:?}", cfg.storage).contains("s3cret"),
        "the password is not printed"
    );
}

#[test]
fn both_engines_a_password_in_the_url_and_a_silent_plaintext_fallback_are_refused() {
    assert_eq!(
        problems("[storage]\npath = \"n.db\"\nurl = \"postgresql://u@h/db\"\n"),
        ["2:8: [storage] sets both path (SQLite) and url (PostgreSQL): keep the one you mean"]
    );
    let got = problems("[storage]\nurl = \"postgresql://u:hunter2@h/db\"\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("password never sits in the config"),
        "{got:?}"
    );
    assert!(
        !got[0].contains("hunter2"),
        "the password is not repeated: {got:?}"
    );
    let got = problems("[storage]\nurl = \"postgresql://u@h/db?sslmode=prefer\"\n");
    assert!(got[0].contains("sslmode=prefer would fall back"), "{got:?}");
    let got = problems("[storage]\nurl = \"mysql://u@h/db\"\n");
    assert!(got[0].contains("is not a PostgreSQL URL"), "{got:?}");
    assert_eq!(
        problems("[storage]\npool_size = 4\n"),
        ["2:13: [storage] pool_size is for PostgreSQL: it needs [storage] url"]
    );
}
