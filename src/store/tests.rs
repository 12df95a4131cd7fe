use super::*;
use crate::fetch::Validators;
use crate::model::Match;
use chrono::{TimeZone, Utc};

fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0)
        .single()
        .expect("time")
}

fn entry(feed_id: i64, key: &str, cluster_id: Option<i64>) -> NewEntry {
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
        text: format!("text of {key}"),
    }
}

fn m(watchlist: &str) -> Match {
    Match {
        watchlist: watchlist.into(),
        score: 2.0,
        terms: vec!["POW".into()],
        snippet: "a POW swap".into(),
        marks: vec![[2, 5]],
        clauses: vec!["POW NEAR/3 swap".into()],
        snippets: Vec::new(),
    }
}

#[test]
fn an_entry_is_recorded_once_with_its_matches() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("db/newshound.db")).expect("open");
    let feed = store
        .ensure_feed("A", "https://example.org/rss")
        .expect("feed");
    assert_eq!(
        store
            .ensure_feed("A", "https://example.org/rss")
            .expect("feed"),
        feed
    );
    let keys = vec!["k1".to_string(), "k2".to_string(), "k1".to_string()];
    assert_eq!(store.unseen(&keys).expect("unseen"), vec!["k1", "k2"]);

    let id = store
        .record_entry(
            &entry(feed, "k1", None),
            &[m("pow-exchange"), m("pow-exchange")],
            at(1),
        )
        .expect("record");
    assert!(id.is_some());
    assert_eq!(
        store
            .record_entry(&entry(feed, "k1", None), &[m("pow-exchange")], at(2))
            .expect("again"),
        None
    );
    assert_eq!(store.unseen(&keys).expect("unseen"), vec!["k2"]);
    assert_eq!(
        store.counts().expect("counts"),
        (1, 1),
        "one entry, one match per (entry, watchlist)"
    );
}

#[test]
fn feed_state_tracks_validators_and_failures() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let id = store.ensure_feed("A", "https://a/rss").expect("feed");
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
            },
            at(1),
        )
        .expect("poll");
    store
        .record_poll(
            id,
            &PollOutcome::Failed {
                error: "boom".into(),
            },
            at(2),
        )
        .expect("poll");
    store
        .record_poll(
            id,
            &PollOutcome::Failed {
                error: "boom again".into(),
            },
            at(3),
        )
        .expect("poll");
    let s = store.feed_state(id).expect("state");
    assert_eq!(s.validators, v);
    assert_eq!(s.consecutive_failures, 2);
    assert_eq!(s.last_error.as_deref(), Some("boom again"));
    assert_eq!(s.last_success_at, Some(at(1)));
    assert_eq!(s.items_seen, 3);
    store
        .record_poll(id, &PollOutcome::NotModified, at(4))
        .expect("poll");
    assert_eq!(store.feed_state(id).expect("state").consecutive_failures, 0);
    // A moved feed forgets the old server's validators.
    store.ensure_feed("A", "https://b/rss").expect("feed");
    assert_eq!(
        store.feed_state(id).expect("state").validators,
        Validators::default()
    );
}

#[test]
fn a_claimed_match_is_not_pending_and_the_message_waits_until_sent() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("n.db");
    let store = Store::open(&path).expect("open");
    let feed = store.ensure_feed("A", "https://a/rss").expect("feed");
    let e1 = store
        .record_entry(&entry(feed, "k1", None), &[m("pow-exchange")], at(1))
        .expect("r")
        .expect("new");
    store
        .record_entry(
            &entry(feed, "k2", Some(e1)),
            &[m("pow-exchange"), m("other")],
            at(2),
        )
        .expect("r");
    let wl = vec!["pow-exchange".to_string()];
    let pending = store.pending_matches("daily", &wl).expect("pending");
    assert_eq!(pending.len(), 2);
    assert!(
        pending
            .iter()
            .all(|p| p.cluster_id == e1 && p.outlet == "A")
    );

    let ids: Vec<i64> = pending.iter().map(|p| p.match_id).collect();
    let out = store
        .enqueue_digest("daily", &ids, "<m1@x>", "subj", b"bytes", "{}", 1, at(3))
        .expect("enqueue");
    assert!(
        store
            .pending_matches("daily", &wl)
            .expect("pending")
            .is_empty()
    );
    assert_eq!(
        store.pending_matches("weekly", &wl).expect("pending").len(),
        2,
        "claims are per digest"
    );

    // Reopening the database (a restart) still finds the unsent message.
    drop(store);
    let store = Store::open(&path).expect("reopen");
    let unsent = store.unsent(Some("daily")).expect("unsent");
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0].message_id, "<m1@x>");
    store.mark_failed(out, "smtp down").expect("fail");
    store.mark_sent(out, at(4)).expect("sent");
    assert!(store.unsent(None).expect("unsent").is_empty());
    assert_eq!(store.stats().expect("stats").undelivered_messages, 0);
}

#[test]
fn texts_are_kept_with_their_entry_read_back_and_pruned() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let feed = store.ensure_feed("A", "https://a/rss").expect("feed");
    let e1 = store
        .record_entry(&entry(feed, "k1", None), &[m("pow-exchange")], at(1))
        .expect("r")
        .expect("new");
    let mut without = entry(feed, "k2", None);
    without.text.clear();
    store.record_entry(&without, &[], at(2)).expect("r");
    store
        .record_entry(&entry(feed, "k3", None), &[], at(3))
        .expect("r");

    let mut seen = Vec::new();
    store
        .for_each_article(at(1), |a| seen.push((a.title, a.feed, a.text)))
        .expect("read");
    assert_eq!(
        seen,
        [
            ("title k1".into(), "A".into(), Some("text of k1".into())),
            ("title k2".into(), "A".into(), None),
            ("title k3".into(), "A".into(), Some("text of k3".into())),
        ]
    );
    let recorded = store.recorded_matches(at(1)).expect("matches");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].entry_id, e1);
    assert_eq!(recorded[0].terms, ["POW"]);
    assert!(store.recorded_matches(at(2)).expect("matches").is_empty());

    let conn = store.conn();
    let (marks, explanation): (String, String) = conn
        .query_row("SELECT marks, explanation FROM matches", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    drop(conn);
    assert_eq!(marks, "[[2,5]]");
    assert!(explanation.contains("POW NEAR/3 swap"), "{explanation}");

    assert_eq!(store.prune_texts(at(3)).expect("prune"), 1);
    let mut texts = 0;
    store
        .for_each_article(at(0), |a| texts += usize::from(a.text.is_some()))
        .expect("read");
    assert_eq!(texts, 1, "only the text stored at 3:00 is left");
}
