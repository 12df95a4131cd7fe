use super::Fresh;
use crate::fetch::Validators;
use crate::model::Match;
use crate::store::*;
use chrono::{TimeZone, Utc};

pub(crate) fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0)
        .single()
        .expect("time")
}

pub(crate) fn entry(feed_id: i64, key: &str, cluster_id: Option<i64>) -> NewEntry {
    NewEntry {
        feed_id,
        key: key.into(),
        link: Some(format!("https://example.org/{key}")),
        title: format!("title {key}"),
        published: None,
        text_source: "page",
        text_error: None,
        text_len: 10,
        fingerprint: "{}".into(),
        cluster_id,
        same_story_as: None,
        text: format!("text of {key}"),
    }
}

pub(super) fn m(watchlist: &str) -> Match {
    Match {
        watchlist: watchlist.into(),
        score: 2.0,
        terms: vec!["POW".into()],
        snippet: "a POW swap".into(),
        marks: vec![[2, 5]],
        clauses: vec!["POW NEAR/3 swap".into()],
        snippets: Vec::new(),
        model: None,
    }
}

pub(super) async fn an_entry_is_recorded_once_with_its_matches(s: &Fresh) {
    let store = &*s.store;
    let feed = store
        .ensure_feed("A", "https://example.org/rss")
        .await
        .expect("feed");
    assert_eq!(
        store
            .ensure_feed("A", "https://example.org/rss")
            .await
            .expect("feed"),
        feed
    );
    let keys = vec!["k1".to_string(), "k2".to_string(), "k1".to_string()];
    assert_eq!(store.unseen(&keys).await.expect("unseen"), vec!["k1", "k2"]);

    let id = store
        .record_entry(
            &entry(feed, "k1", None),
            &[m("pow-exchange"), m("pow-exchange")],
            at(1),
        )
        .await
        .expect("record");
    assert!(id.is_some());
    assert_eq!(
        store
            .record_entry(&entry(feed, "k1", None), &[m("pow-exchange")], at(2))
            .await
            .expect("again"),
        None
    );
    assert_eq!(store.unseen(&keys).await.expect("unseen"), vec!["k2"]);
    assert_eq!(
        store.counts().await.expect("counts"),
        (1, 1),
        "one entry, one match per (entry, watchlist)"
    );
}

pub(super) async fn feed_state_tracks_validators_and_failures(s: &Fresh) {
    let store = &*s.store;
    let id = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let v = Validators {
        etag: Some("\"x\"".into()),
        last_modified: None,
    };
    store
        .record_poll(
            id,
            &PollOutcome::Fetched {
                validators: v.clone(),
                new_items: 3,
                body_hash: None,
            },
            at(1),
        )
        .await
        .expect("poll");
    store
        .record_poll(
            id,
            &PollOutcome::Failed {
                error: "boom".into(),
                retry_at: at(5),
            },
            at(2),
        )
        .await
        .expect("poll");
    store
        .record_poll(
            id,
            &PollOutcome::Failed {
                error: "boom again".into(),
                retry_at: at(6),
            },
            at(3),
        )
        .await
        .expect("poll");
    let s = store.feed_state(id).await.expect("state");
    assert_eq!(s.validators, v);
    assert_eq!(s.consecutive_failures, 2);
    assert_eq!(s.last_error.as_deref(), Some("boom again"));
    assert_eq!(s.last_success_at, Some(at(1)));
    assert_eq!(s.items_seen, 3);
    assert_eq!(s.failing_since, Some(at(2)), "the first failure of the run");
    assert_eq!(s.retry_at, Some(at(6)));
    store
        .record_poll(id, &PollOutcome::NotModified, at(4))
        .await
        .expect("poll");
    let s = store.feed_state(id).await.expect("state");
    assert_eq!(s.consecutive_failures, 0);
    assert_eq!(
        (s.retry_at, s.failing_since),
        (None, None),
        "success resets"
    );
    // A permanent redirect is remembered until the config names another address.
    store
        .record_move(id, "https://a/new-rss")
        .await
        .expect("move");
    assert_eq!(
        store
            .feed_state(id)
            .await
            .expect("state")
            .current_url
            .as_deref(),
        Some("https://a/new-rss")
    );
    // A moved feed forgets the old server's validators.
    store.ensure_feed("A", "https://b/rss").await.expect("feed");
    let s = store.feed_state(id).await.expect("state");
    assert_eq!(s.validators, Validators::default());
    assert_eq!(s.current_url, None, "the operator's new address wins");
}

pub(super) async fn texts_are_kept_with_their_entry_read_back_and_pruned(s: &Fresh) {
    let store = &*s.store;
    let feed = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let e1 = store
        .record_entry(&entry(feed, "k1", None), &[m("pow-exchange")], at(1))
        .await
        .expect("r")
        .expect("new");
    let mut without = entry(feed, "k2", None);
    without.text.clear();
    store.record_entry(&without, &[], at(2)).await.expect("r");
    store
        .record_entry(&entry(feed, "k3", None), &[], at(3))
        .await
        .expect("r");

    let seen: Vec<_> = store
        .articles(at(1), None, 10)
        .await
        .expect("read")
        .into_iter()
        .map(|a| (a.title, a.feed, a.text))
        .collect();
    assert_eq!(
        seen,
        [
            ("title k1".into(), "A".into(), Some("text of k1".into())),
            ("title k2".into(), "A".into(), None),
            ("title k3".into(), "A".into(), Some("text of k3".into())),
        ]
    );
    let recorded = store.recorded_matches(at(1)).await.expect("matches");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].entry_id, e1);
    assert_eq!(recorded[0].terms, ["POW"]);
    assert!(
        store
            .recorded_matches(at(2))
            .await
            .expect("matches")
            .is_empty()
    );

    let wl = vec!["pow-exchange".to_string()];
    let pending = store.pending_matches("daily", &wl).await.expect("pending");
    assert_eq!(pending[0].marks, [[2, 5]], "the marks are kept");
    assert_eq!(
        pending[0].clauses,
        ["POW NEAR/3 swap"],
        "and the clauses that held"
    );

    assert_eq!(store.prune_texts(at(3)).await.expect("prune"), 1);
    let all = store.articles(at(0), None, 10).await.expect("read");
    let texts = all.iter().filter(|a| a.text.is_some()).count();
    // Read a page at a time, the pages join up: after k1, k2 and k3.
    let first = &all[0];
    let rest = store
        .articles(at(0), Some((first.seen_at, first.entry_id)), 1)
        .await
        .expect("page");
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].entry_id, all[1].entry_id);
    assert_eq!(texts, 1, "only the text stored at 3:00 is left");
}

pub(super) async fn a_report_is_found_by_id_or_link_with_its_neighbours_by_time(s: &Fresh) {
    let store = &*s.store;
    let feed = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let first = store
        .record_entry(&entry(feed, "k1", None), &[], at(1))
        .await
        .expect("r")
        .expect("new");
    store
        .record_entry(&entry(feed, "k2", Some(first)), &[], at(3))
        .await
        .expect("r");
    store
        .record_entry(&entry(feed, "k3", None), &[], at(9))
        .await
        .expect("r");
    let by_id = store.report(ArticleKey::Id(first)).await.expect("read");
    let by_link = store
        .report(ArticleKey::Link("https://example.org/k1"))
        .await
        .expect("read");
    assert_eq!(by_id, by_link);
    let r = by_id.expect("found");
    assert_eq!((r.feed.as_str(), r.title.as_str()), ("A", "title k1"));
    assert_eq!((r.cluster_id, r.seen_at), (first, at(1)));
    let near = store
        .reports_seen_between(at(0), at(4), 10)
        .await
        .expect("read");
    let keys: Vec<(&str, i64)> = near
        .iter()
        .map(|r| (r.title.as_str(), r.cluster_id))
        .collect();
    assert_eq!(keys, [("title k1", first), ("title k2", first)]);
    assert_eq!(
        store
            .report(ArticleKey::Id(first + 100))
            .await
            .expect("read"),
        None
    );
}
