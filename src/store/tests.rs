use super::*;
use crate::fetch::Validators;
use crate::model::{Match, MessageKind};
use chrono::{TimeZone, Utc};

pub(super) fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, 0, 0)
        .single()
        .expect("time")
}

pub(super) fn entry(feed_id: i64, key: &str, cluster_id: Option<i64>) -> NewEntry {
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

fn m(watchlist: &str) -> Match {
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
                body_hash: None,
            },
            at(1),
        )
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
        .expect("poll");
    let s = store.feed_state(id).expect("state");
    assert_eq!(s.validators, v);
    assert_eq!(s.consecutive_failures, 2);
    assert_eq!(s.last_error.as_deref(), Some("boom again"));
    assert_eq!(s.last_success_at, Some(at(1)));
    assert_eq!(s.items_seen, 3);
    assert_eq!(s.failing_since, Some(at(2)), "the first failure of the run");
    assert_eq!(s.retry_at, Some(at(6)));
    store
        .record_poll(id, &PollOutcome::NotModified, at(4))
        .expect("poll");
    let s = store.feed_state(id).expect("state");
    assert_eq!(s.consecutive_failures, 0);
    assert_eq!(
        (s.retry_at, s.failing_since),
        (None, None),
        "success resets"
    );
    // A permanent redirect is remembered until the config names another address.
    store.record_move(id, "https://a/new-rss").expect("move");
    assert_eq!(
        store.feed_state(id).expect("state").current_url.as_deref(),
        Some("https://a/new-rss")
    );
    // A moved feed forgets the old server's validators.
    store.ensure_feed("A", "https://b/rss").expect("feed");
    let s = store.feed_state(id).expect("state");
    assert_eq!(s.validators, Validators::default());
    assert_eq!(s.current_url, None, "the operator's new address wins");
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
            .all(|p| p.cluster_id == e1 && p.outlet == "A" && p.marks == [[2, 5]])
    );

    let ids: Vec<i64> = pending.iter().map(|p| p.match_id).collect();
    let out = store
        .enqueue(
            &message("daily", "<m1@x>", MessageKind::Digest),
            &ids,
            at(3),
        )
        .expect("enqueue")
        .expect("stored");
    assert_eq!(
        store
            .enqueue(
                &message("daily", "<m2@x>", MessageKind::Digest),
                &ids[..1],
                at(3)
            )
            .expect("enqueue"),
        None,
        "a match is claimed once per digest; a second claim stores nothing"
    );
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
    assert_eq!(unsent[0].next_attempt_at, None);
    store.mark_failed(out, "smtp down", at(6)).expect("fail");
    let unsent = store.unsent(None).expect("unsent");
    assert_eq!(
        (unsent[0].attempts, unsent[0].next_attempt_at),
        (1, Some(at(6)))
    );
    assert!(!store.is_sent(out).expect("state"));
    store.mark_sent(out, at(4)).expect("sent");
    assert!(store.is_sent(out).expect("state"));
    assert!(store.unsent(None).expect("unsent").is_empty());
    assert!(store.unsent_message(out).expect("read").is_none());
    assert_eq!(store.stats().expect("stats").undelivered_messages, 0);
}

fn message<'a>(digest: &'a str, id: &'a str, kind: MessageKind) -> NewMessage<'a> {
    NewMessage {
        kind,
        digest,
        message_id: id,
        subject: "subj",
        bytes: b"bytes",
        envelope: "{}",
        story_count: 1,
        channel: "email",
        idempotency_key: id,
    }
}

#[test]
fn a_story_told_once_is_known_to_later_reports_of_its_cluster() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let a = store.ensure_feed("A", "https://a/rss").expect("feed");
    let b = store.ensure_feed("B", "https://b/rss").expect("feed");
    let first = store
        .record_entry(&entry(a, "k1", None), &[m("pow")], at(1))
        .expect("r")
        .expect("new");
    let wl = vec!["pow".to_string()];
    let ids: Vec<i64> = store
        .pending_matches("daily", &wl)
        .expect("pending")
        .iter()
        .map(|p| p.match_id)
        .collect();
    store
        .enqueue(
            &message("daily", "<d1@x>", MessageKind::Digest),
            &ids,
            at(2),
        )
        .expect("enqueue");

    // Outlet B reports the same story, and an unrelated one.
    store
        .record_entry(&entry(b, "k2", Some(first)), &[m("pow")], at(3))
        .expect("r");
    store
        .record_entry(&entry(b, "k3", None), &[m("pow")], at(3))
        .expect("r");
    let pending = store.pending_matches("daily", &wl).expect("pending");
    assert_eq!(pending.len(), 2);
    let told = pending[0].sent_before.as_ref().expect("told before");
    assert_eq!((told.at, told.title.as_str()), (at(2), "title k1"));
    assert!(pending[1].sent_before.is_none(), "another story is news");
    assert!(
        store.pending_matches("weekly", &wl).expect("p")[0]
            .sent_before
            .is_none(),
        "told to the readers of one digest only"
    );

    // An alert tells the unrelated story; its cluster is then marked alerted.
    let since = at(0);
    let candidates = store.alert_candidates("daily", &wl, since).expect("c");
    assert_eq!(candidates.len(), 2, "only matches no message carried yet");
    store
        .enqueue(
            &message("daily", "<a1@x>", MessageKind::Alert),
            &[candidates[1].match_id],
            at(4),
        )
        .expect("alert");
    store
        .cover_alerts("daily", &[candidates[0].match_id])
        .expect("cover");
    assert!(
        store
            .alert_candidates("daily", &wl, since)
            .expect("c")
            .is_empty()
    );
    assert!(
        store
            .alert_candidates("daily", &wl, at(5))
            .expect("c")
            .is_empty(),
        "too old for an alert"
    );
    let pending = store.pending_matches("daily", &wl).expect("pending");
    assert_eq!(
        pending.len(),
        2,
        "alerts do not take stories out of the digest"
    );
    assert_eq!(pending[0].alerted_at, None, "settled without a mail");
    assert_eq!(pending[1].alerted_at, Some(at(4)));
    assert_eq!(
        store.unsent(Some("daily")).expect("u")[1].kind,
        MessageKind::Alert
    );
}

#[test]
fn the_send_lock_is_exclusive_and_released_on_drop() {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(&dir.path().join("n.db")).expect("open");
    let held = store.lock_sending().expect("lock");
    let path = dir.path().join("n.db.send-lock");
    let other = std::fs::File::open(&path).expect("open lock file");
    assert!(other.try_lock().is_err(), "a second sender must wait");
    drop(held);
    assert!(other.try_lock().is_ok(), "free once the holder is gone");
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
