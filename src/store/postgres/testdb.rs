//! For tests (the store's suite, and `tests/` through `newshound::store::testdb`): a fresh schema on the PostgreSQL server `NEWSHOUND_TEST_POSTGRES` names
//! (default `postgresql://postgres@127.0.0.1:5432/test`), dropped afterwards. Without a server
//! the PostgreSQL tests pass after saying, once, that they were skipped; with `CI` set they
//! fail instead, so CI cannot skip them silently.

use super::PgOptions;
use std::io::Write;
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

const DEFAULT_URL: &str = "postgresql://postgres@127.0.0.1:5432/test";

pub fn server_url() -> String {
    std::env::var("NEWSHOUND_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

/// A schema of its own for one test; dropped with everything in it when this is.
pub struct Schema {
    pub options: PgOptions,
    name: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime, which cannot block on itself: a thread of its
        // own with a runtime of its own.
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok((client, conn)) =
                        tokio_postgres::connect(&server_url(), tokio_postgres::NoTls).await
                    {
                        tokio::spawn(conn);
                        // The test's own connections may still be open (their tasks ran on
                        // the test's runtime, which waits here): end them first.
                        let _ = client
                            .batch_execute(&format!(
                                "SET lock_timeout = '10s';
                                 SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                                   WHERE application_name = '{name}' AND pid <> pg_backend_pid();
                                 DROP SCHEMA IF EXISTS {name} CASCADE"
                            ))
                            .await;
                    }
                });
            }
        })
        .join();
    }
}

/// A new, empty schema, or `None` when no server answers and `CI` is not set.
pub async fn schema() -> Option<Schema> {
    static N: AtomicU32 = AtomicU32::new(0);
    let url = server_url();
    let (client, conn) = match tokio_postgres::connect(&url, tokio_postgres::NoTls).await {
        Ok(c) => c,
        Err(e) => return skipped(&url, &e),
    };
    tokio::spawn(conn);
    let name = format!(
        "nh_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        rand::random::<u32>()
    );
    client
        .batch_execute(&format!("CREATE SCHEMA {name}"))
        .await
        .unwrap_or_else(|e| panic!("cannot create schema {name} on {url}: {e}"));
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(Schema {
        options: PgOptions {
            url: format!("{url}{sep}options=-c%20search_path%3D{name}&application_name={name}"),
            password: None,
            ca_file: None,
            pool_size: 4,
        },
        name,
    })
}

fn skipped(url: &str, e: &tokio_postgres::Error) -> Option<Schema> {
    if std::env::var_os("CI").is_some() {
        panic!(
            "the PostgreSQL tests need a server at {url} (CI is set, so they may not be skipped): {e}"
        );
    }
    static SAID: Once = Once::new();
    SAID.call_once(|| {
        // Straight to stderr: the test harness hides what passing tests print.
        let _ = writeln!(
            std::io::stderr(),
            "\nnote: PostgreSQL tests SKIPPED: no server at {url} ({e}). Start one (README, \
             \"Tests\"), or point NEWSHOUND_TEST_POSTGRES at one, to run them.\n"
        );
    });
    None
}
