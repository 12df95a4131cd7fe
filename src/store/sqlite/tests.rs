//! A poll's feed state: written with its entries in one transaction, or alone without a
//! sync of its own; either way committed, visible to the next process, and the connection
//! back to `synchronous = FULL` for what must survive power loss.

use super::Sqlite;
use crate::store::tests::polls::{fetched, validators};
use crate::store::tests::records::at;
use crate::store::{EntryStore, FeedStore, PollOutcome};

fn synchronous(store: &Sqlite) -> i64 {
    store
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("pragma")
}

const FULL: i64 = 2;

#[tokio::test]
async fn an_unsynced_poll_state_is_committed_and_full_sync_is_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("n.db");
    let store = Sqlite::open(&path).expect("open");
    assert_eq!(synchronous(&store), FULL);
    let id = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let failed = PollOutcome::Failed {
        error: "HTTP 500".into(),
        retry_at: at(5),
    };
    store.record_poll(id, &failed, at(1)).await.expect("poll");
    assert_eq!(synchronous(&store), FULL, "only that commit was relaxed");
    // Another connection (another process: `newshound feeds`) sees it while this one is open.
    let other = Sqlite::open(&path).expect("second connection");
    let s = other.feed_state(id).await.expect("state");
    assert_eq!((s.consecutive_failures, s.retry_at), (1, Some(at(5))));
    store
        .record_fetch(id, &[], fetched("v1", Some("h1".into())), &[], at(2))
        .await
        .expect("fetch");
    assert_eq!(synchronous(&store), FULL);
    let s = other.feed_state(id).await.expect("state");
    assert_eq!(s.consecutive_failures, 0);
    assert_eq!(s.validators, validators("v1"));
    assert_eq!(s.body_hash.as_deref(), Some("h1"));
    assert_eq!(s.last_success_at, Some(at(2)));
}
