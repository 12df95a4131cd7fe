//! The outbox and the claims: a match told once per digest, a message waiting until sent,
//! what readers were told before about a story, and the send lock between processes.

use super::Fresh;
use super::records::{at, entry, m};
use crate::model::MessageKind;
use crate::store::*;

pub(super) fn message<'a>(digest: &'a str, id: &'a str, kind: MessageKind) -> NewMessage<'a> {
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

pub(super) async fn a_claimed_match_is_not_pending_and_the_message_waits_until_sent(s: &Fresh) {
    let store = &*s.store;
    let feed = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let e1 = store
        .record_entry(&entry(feed, "k1", None), &[m("pow-exchange")], at(1))
        .await
        .expect("r")
        .expect("new");
    store
        .record_entry(
            &entry(feed, "k2", Some(e1)),
            &[m("pow-exchange"), m("other")],
            at(2),
        )
        .await
        .expect("r");
    let wl = vec!["pow-exchange".to_string()];
    let pending = store.pending_matches("daily", &wl).await.expect("pending");
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
        .await
        .expect("enqueue")
        .expect("stored");
    assert_eq!(
        store
            .enqueue(
                &message("daily", "<m2@x>", MessageKind::Digest),
                &ids[..1],
                at(3)
            )
            .await
            .expect("enqueue"),
        None,
        "a match is claimed once per digest; a second claim stores nothing"
    );
    assert!(
        store
            .pending_matches("daily", &wl)
            .await
            .expect("pending")
            .is_empty()
    );
    assert_eq!(
        store
            .pending_matches("weekly", &wl)
            .await
            .expect("pending")
            .len(),
        2,
        "claims are per digest"
    );

    // Reopening the database (a restart) still finds the unsent message.
    let again = s.another().await;
    let store = &*again;
    let unsent = store.unsent(Some("daily")).await.expect("unsent");
    assert_eq!(unsent.len(), 1);
    assert_eq!(unsent[0].message_id, "<m1@x>");
    assert_eq!(unsent[0].next_attempt_at, None);
    store
        .mark_failed(out, "smtp down", at(6))
        .await
        .expect("fail");
    let unsent = store.unsent(None).await.expect("unsent");
    assert_eq!(
        (unsent[0].attempts, unsent[0].next_attempt_at),
        (1, Some(at(6)))
    );
    assert!(!store.is_sent(out).await.expect("state"));
    store.mark_sent(out, at(4)).await.expect("sent");
    assert!(store.is_sent(out).await.expect("state"));
    assert!(store.unsent(None).await.expect("unsent").is_empty());
    assert!(store.unsent_message(out).await.expect("read").is_none());
    assert_eq!(store.stats().await.expect("stats").undelivered_messages, 0);
}

pub(super) async fn a_story_told_once_is_known_to_later_reports_of_its_cluster(s: &Fresh) {
    let store = &*s.store;
    let a = store.ensure_feed("A", "https://a/rss").await.expect("feed");
    let b = store.ensure_feed("B", "https://b/rss").await.expect("feed");
    let first = store
        .record_entry(&entry(a, "k1", None), &[m("pow")], at(1))
        .await
        .expect("r")
        .expect("new");
    let wl = vec!["pow".to_string()];
    let ids: Vec<i64> = store
        .pending_matches("daily", &wl)
        .await
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
        .await
        .expect("enqueue");

    // Outlet B reports the same story, and an unrelated one.
    store
        .record_entry(&entry(b, "k2", Some(first)), &[m("pow")], at(3))
        .await
        .expect("r");
    store
        .record_entry(&entry(b, "k3", None), &[m("pow")], at(3))
        .await
        .expect("r");
    let pending = store.pending_matches("daily", &wl).await.expect("pending");
    assert_eq!(pending.len(), 2);
    let told = pending[0].sent_before.as_ref().expect("told before");
    assert_eq!((told.at, told.title.as_str()), (at(2), "title k1"));
    assert!(pending[1].sent_before.is_none(), "another story is news");
    assert!(
        store.pending_matches("weekly", &wl).await.expect("p")[0]
            .sent_before
            .is_none(),
        "told to the readers of one digest only"
    );

    // An alert tells the unrelated story; its cluster is then marked alerted.
    let since = at(0);
    let candidates = store
        .alert_candidates("daily", &wl, since)
        .await
        .expect("c");
    assert_eq!(candidates.len(), 2, "only matches no message carried yet");
    store
        .enqueue(
            &message("daily", "<a1@x>", MessageKind::Alert),
            &[candidates[1].match_id],
            at(4),
        )
        .await
        .expect("alert");
    store
        .cover_alerts("daily", &[candidates[0].match_id])
        .await
        .expect("cover");
    assert!(
        store
            .alert_candidates("daily", &wl, since)
            .await
            .expect("c")
            .is_empty()
    );
    assert!(
        store
            .alert_candidates("daily", &wl, at(5))
            .await
            .expect("c")
            .is_empty(),
        "too old for an alert"
    );
    let pending = store.pending_matches("daily", &wl).await.expect("pending");
    assert_eq!(
        pending.len(),
        2,
        "alerts do not take stories out of the digest"
    );
    assert_eq!(pending[0].alerted_at, None, "settled without a mail");
    assert_eq!(pending[1].alerted_at, Some(at(4)));
    assert_eq!(
        store.unsent(Some("daily")).await.expect("u")[1].kind,
        MessageKind::Alert
    );
}

pub(super) async fn the_send_lock_is_exclusive_across_processes_and_released_on_drop(s: &Fresh) {
    let store = &*s.store;
    let held = store.lock_sending().await.expect("lock");
    let other = s.another().await;
    let wait = std::time::Duration::from_millis(200);
    assert!(
        tokio::time::timeout(wait, other.lock_sending())
            .await
            .is_err(),
        "a second sender (another process) must wait"
    );
    drop(held);
    let again = tokio::time::timeout(wait, other.lock_sending()).await;
    assert!(matches!(again, Ok(Ok(_))), "free once the holder is gone");
}
