//! A poll's feed state: written with its entries in one transaction, or alone without a
//! sync of its own; either way committed, visible to the next process, and the connection
//! back to `synchronous = FULL` for what must survive power loss.

use super::tests::{at, entry};
use super::*;
use crate::fetch::Validators;

fn synchronous(store: &Store) -> i64 {
    store
        .conn()
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("pragma")
}

const FULL: i64 = 2;

fn fetched(tag: &str, body_hash: Option<String>) -> PollOutcome {
    PollOutcome::Fetched {
        validators: validators(tag),
        new_items: 0,
        body_hash,
    }
}

fn validators(tag: &str) -> Validators {
    Validators {
        etag: Some(format!("\"{tag}\"")),
        last_modified: None,
    }
}

#[test]
fn an_unsynced_poll_state_is_committed_and_full_sync_is_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("n.db");
    let store = Store::open(&path).expect("open");
    assert_eq!(synchronous(&store), FULL);
    let id = store.ensure_feed("A", "https://a/rss").expect("feed");
    let failed = PollOutcome::Failed {
        error: "HTTP 500".into(),
        retry_at: at(5),
    };
    store.record_poll(id, &failed, at(1)).expect("poll");
    assert_eq!(synchronous(&store), FULL, "only that commit was relaxed");
    // Another connection (another process: `newshound feeds`) sees it while this one is open.
    let other = Store::open(&path).expect("second connection");
    let s = other.feed_state(id).expect("state");
    assert_eq!((s.consecutive_failures, s.retry_at), (1, Some(at(5))));
    store
        .record_fetch(id, &[], fetched("v1", Some("h1".into())), &[], at(2))
        .expect("fetch");
    assert_eq!(synchronous(&store), FULL);
    let s = other.feed_state(id).expect("state");
    assert_eq!(s.consecutive_failures, 0);
    assert_eq!(s.validators, validators("v1"));
    assert_eq!(s.body_hash.as_deref(), Some("h1"));
    assert_eq!(s.last_success_at, Some(at(2)));
}

#[test]
fn a_fetch_records_its_entries_and_state_together() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let id = store.ensure_feed("A", "https://a/rss").expect("feed");
    let batch = vec![
        (entry(id, "k1", None), Vec::new()),
        (entry(id, "k2", None), Vec::new()),
    ];
    let first = store
        .record_fetch(id, &batch, fetched("v1", Some("h1".into())), &[], at(1))
        .expect("fetch");
    assert!(first.iter().all(Option::is_some), "{first:?}");
    // The same entries again (another feed carried them first): nothing new is counted.
    let again = store
        .record_fetch(id, &batch, fetched("v2", None), &[], at(2))
        .expect("fetch");
    assert_eq!(again, vec![None, None]);
    let s = store.feed_state(id).expect("state");
    assert_eq!(s.items_seen, 2);
    assert_eq!(s.validators, validators("v2"));
    assert_eq!(s.body_hash, None, "as told");
    assert_eq!(store.counts().expect("counts"), (2, 0));
}

#[test]
fn a_new_address_forgets_the_body_hash_with_the_validators() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let id = store.ensure_feed("A", "https://a/rss").expect("feed");
    let hashed = |store: &Store| {
        store
            .record_fetch(id, &[], fetched("v1", Some("h1".into())), &[], at(1))
            .expect("fetch");
    };
    hashed(&store);
    store.record_move(id, "https://b/rss").expect("move");
    let s = store.feed_state(id).expect("state");
    assert_eq!((s.validators, s.body_hash), (Validators::default(), None));
    hashed(&store);
    store.ensure_feed("A", "https://c/rss").expect("changed");
    let s = store.feed_state(id).expect("state");
    assert_eq!((s.validators, s.body_hash), (Validators::default(), None));
}

#[test]
fn entries_left_for_later_wait_in_the_backlog_until_recorded_by_any_feed() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let a = store.ensure_feed("A", "https://a/rss").expect("feed");
    let b = store.ensure_feed("B", "https://b/rss").expect("feed");
    let waiting = |k: &str| crate::model::Entry {
        key: k.into(),
        link: Some(format!("https://a/{k}")),
        title: format!("title {k}"),
        published: Some(at(1)),
        summary: "text".into(),
    };
    let later = [waiting("k1"), waiting("k2"), waiting("k3")];
    store
        .record_fetch(a, &[], fetched("v1", Some("h1".into())), &later, at(1))
        .expect("fetch");
    assert_eq!(store.backlog_len(a).expect("len"), 3);
    assert_eq!(
        store.backlog(a, 2).expect("backlog"),
        later[..2].to_vec(),
        "in order"
    );
    // Found again by the next poll: still one place each.
    store
        .record_fetch(a, &[], fetched("v1", Some("h1".into())), &later, at(2))
        .expect("fetch");
    assert_eq!(store.backlog_len(a).expect("len"), 3);
    // Recorded by A, k1 leaves; recorded by another feed, k2 leaves too.
    store
        .record_fetch(
            a,
            &[(entry(a, "k1", None), Vec::new())],
            PollOutcome::NotModified,
            &[],
            at(3),
        )
        .expect("fetch");
    store
        .record_fetch(
            b,
            &[(entry(b, "k2", None), Vec::new())],
            fetched("w", None),
            &[],
            at(3),
        )
        .expect("fetch");
    assert_eq!(store.backlog(a, 10).expect("backlog"), vec![waiting("k3")]);
    let s = store.feed_state(a).expect("state");
    assert_eq!(s.validators, validators("v1"), "kept with the backlog");
}
