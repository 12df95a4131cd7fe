//! A poll's feed state and entries: written together, the backlog kept until any feed
//! records its entries, an address change forgetting what belonged to the old server.

use super::Fresh;
use super::records::{at, entry};
use crate::fetch::Validators;
use crate::store::*;

pub(crate) fn fetched(tag: &str, body_hash: Option<String>) -> PollOutcome {
    PollOutcome::Fetched {
        validators: validators(tag),
        new_items: 0,
        body_hash,
    }
}

pub(crate) fn validators(tag: &str) -> Validators {
    Validators {
        etag: Some(format!("\"{tag}\"")),
        last_modified: None,
    }
}

pub(super) async fn a_fetch_records_its_entries_and_state_together(s: &Fresh) {
    let store = &*s.store;
    let id = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let batch = vec![
        (entry(id, "k1", None), Vec::new()),
        (entry(id, "k2", None), Vec::new()),
    ];
    let first = store
        .record_fetch(id, &batch, fetched("v1", Some("h1".into())), &[], at(1))
        .await
        .expect("fetch");
    assert!(first.iter().all(Option::is_some), "{first:?}");
    // The same entries again (another feed carried them first): nothing new is counted.
    let again = store
        .record_fetch(id, &batch, fetched("v2", None), &[], at(2))
        .await
        .expect("fetch");
    assert_eq!(again, vec![None, None]);
    let s = store.feed_state(id).await.expect("state");
    assert_eq!(s.items_seen, 2);
    assert_eq!(s.validators, validators("v2"));
    assert_eq!(s.body_hash, None, "as told");
    assert_eq!(store.counts().await.expect("counts"), (2, 0));
}

pub(super) async fn a_new_address_forgets_the_body_hash_with_the_validators(s: &Fresh) {
    let store = &*s.store;
    let id = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let hashed = || store.record_fetch(id, &[], fetched("v1", Some("h1".into())), &[], at(1));
    hashed().await.expect("fetch");
    store.record_move(id, "https://b/rss").await.expect("move");
    let s = store.feed_state(id).await.expect("state");
    assert_eq!((s.validators, s.body_hash), (Validators::default(), None));
    hashed().await.expect("fetch");
    store
        .ensure_feed("A", "https://c/rss")
        .await
        .expect("changed");
    let s = store.feed_state(id).await.expect("state");
    assert_eq!((s.validators, s.body_hash), (Validators::default(), None));
}

pub(super) async fn entries_left_for_later_wait_in_the_backlog_until_recorded_by_any_feed(
    s: &Fresh,
) {
    let store = &*s.store;
    let a = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let b = store.ensure_feed("B", "https://b/rss").await.expect("feed");
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
        .await
        .expect("fetch");
    assert_eq!(store.backlog_len(a).await.expect("len"), 3);
    assert_eq!(
        store.backlog(a, 2).await.expect("backlog"),
        later[..2].to_vec(),
        "in order"
    );
    // Found again by the next poll: still one place each.
    store
        .record_fetch(a, &[], fetched("v1", Some("h1".into())), &later, at(2))
        .await
        .expect("fetch");
    assert_eq!(store.backlog_len(a).await.expect("len"), 3);
    // Recorded by A, k1 leaves; recorded by another feed, k2 leaves too.
    store
        .record_fetch(
            a,
            &[(entry(a, "k1", None), Vec::new())],
            PollOutcome::NotModified,
            &[],
            at(3),
        )
        .await
        .expect("fetch");
    store
        .record_fetch(
            b,
            &[(entry(b, "k2", None), Vec::new())],
            fetched("w", None),
            &[],
            at(3),
        )
        .await
        .expect("fetch");
    assert_eq!(
        store.backlog(a, 10).await.expect("backlog"),
        vec![waiting("k3")]
    );
    let s = store.feed_state(a).await.expect("state");
    assert_eq!(s.validators, validators("v1"), "kept with the backlog");
}

pub(super) async fn a_feed_is_leased_to_one_node_at_a_time_until_its_lease_runs_out(s: &Fresh) {
    let a = &*s.store;
    let b = s.another().await;
    let id = a.ensure_feed("A", "https://a/rss").await.expect("feed");
    assert!(
        a.lease_feed(id, "node-a", at(1), at(2))
            .await
            .expect("lease")
    );
    assert!(
        !b.lease_feed(id, "node-b", at(1), at(2))
            .await
            .expect("lease"),
        "held by node-a"
    );
    assert!(
        a.lease_feed(id, "node-a", at(1), at(3))
            .await
            .expect("renew"),
        "its holder renews it"
    );
    let held = b.feed_state(id).await.expect("state");
    assert_eq!(
        (held.lease_owner.as_deref(), held.lease_until),
        (Some("node-a"), Some(at(3)))
    );
    assert!(
        b.lease_feed(id, "node-b", at(3), at(4))
            .await
            .expect("lease"),
        "free once it ran out (node-a died, say)"
    );
    assert!(
        !a.lease_feed(id, "node-a", at(3), at(5))
            .await
            .expect("lease")
    );
}
