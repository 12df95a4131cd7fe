use super::*;
use crate::model::{DigestSection, MessageKind, Story};
use chrono::TimeZone;

const HOSTILE: &str = "</a>\"quoted\" <script>alert(1)</script> & *bold* <!channel> \u{2028}";

fn report(title: &str, outlet: &str) -> Report {
    Report {
        outlet: outlet.into(),
        label: Some("state media".into()),
        title: title.into(),
        url: "https://example.org/a?x=1&y=\"2\"".into(),
        published: Some(Utc.with_ymd_and_hms(2023, 6, 4, 10, 0, 0).unwrap()),
    }
}

fn story(cluster: i64, title: &str) -> Story {
    Story {
        cluster_id: cluster,
        id: cluster,
        lead: report(title, "Wire"),
        also: vec![report("Other take", "Post")],
        score: 1.0,
        terms: vec![],
        snippet: format!("snippet {title}"),
        marks: vec![],
        sent_before: None,
        alerted_at: None,
        model: None,
        clauses: vec!["prisoner exchange".into()],
    }
}

pub(crate) fn digest() -> Digest {
    let section = |w: &str, stories| DigestSection {
        watchlist: w.into(),
        title: format!("Title {w}"),
        stories,
        told_above: vec![],
    };
    Digest {
        kind: MessageKind::Alert,
        name: "daily".into(),
        generated_at: Utc.with_ymd_and_hms(2023, 6, 4, 11, 0, 0).unwrap(),
        timezone: "Europe/Kyiv".into(),
        sections: vec![
            section("pow", vec![story(1, HOSTILE), story(2, "Second")]),
            section("incursion", vec![story(1, HOSTILE)]),
        ],
        match_ids: vec![1, 2],
        attention: vec![],
        undelivered: vec![],
    }
}

#[test]
fn the_body_tells_each_story_once_with_every_watchlist() {
    let d = digest();
    let bytes = body_bytes(&d, "key-1");
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(v["kind"], "alert");
    assert_eq!(v["digest"], "daily");
    assert_eq!(v["idempotency_key"], "key-1");
    let stories = v["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 2);
    // The hostile title comes back byte for byte: JSON escaping, not HTML, is what applies.
    assert_eq!(stories[0]["title"], HOSTILE);
    assert_eq!(
        stories[0]["watchlists"],
        serde_json::json!(["pow", "incursion"])
    );
    assert_eq!(stories[0]["outlet"], "Wire");
    assert_eq!(stories[0]["label"], "state media");
    assert_eq!(stories[0]["time"], "2023-06-04T10:00:00Z");
    assert_eq!(
        stories[0]["clauses"],
        serde_json::json!(["prisoner exchange"])
    );
    assert_eq!(stories[0]["other_reports"][0]["outlet"], "Post");
    assert_eq!(stories[1]["watchlists"], serde_json::json!(["pow"]));
    // No raw control of the JSON text: U+2028 and quotes are escaped or literal, never break it.
    assert!(!String::from_utf8_lossy(&bytes).contains("\"</a>\""));
}

#[test]
fn slack_text_cannot_link_mention_or_restyle() {
    let s = mrkdwn(HOSTILE);
    assert!(!s.contains('<') && !s.contains('>'), "{s}");
    assert!(s.contains("&lt;!channel&gt;"));
    assert!(!s.contains("*bold*"));
    assert!(s.contains("&amp;"));
}

#[test]
fn telegram_parts_escape_hostile_titles() {
    let parts = crate::channel::telegram::parts(&digest());
    assert_eq!(parts.len(), 1);
    let p = &parts[0];
    assert!(!p.contains("<script>"), "{p}");
    assert!(p.contains("&lt;script&gt;"));
    assert!(p.contains("href=\"https://example.org/a?x=1&amp;y=&quot;2&quot;\""));
}
