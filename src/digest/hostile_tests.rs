//! Hostile input from feeds, pages and feed errors in every part of the layout, for digests and
//! alerts: the HTML must stay well-formed (checked with the html5ever parser scraper uses) and
//! inert, and the subject a single clean line.

use super::tests::{one_story, utc};
use super::*;
use crate::model::{FeedTrouble, MessageKind, Told};

const HOSTILE: &str = "</p></div><script>alert(1)</script><img src=x onerror=\"alert(2)\">\r\nBcc: victim@example.org <!-- & &amp; ]]>";

/// Every string a feed, a page or a feed's error can carry, set to `HOSTILE`, in every part
/// of the layout: lead, its clauses, also-reported, follow-up, cross-reference, alert marker,
/// attention list.
fn hostile_digest(kind: MessageKind) -> Digest {
    let mut d = one_story(
        HOSTILE,
        HOSTILE,
        "https://example.org/\"><script>x</script>",
        HOSTILE,
        &[HOSTILE, "script", "<img"],
    );
    d.kind = kind;
    d.name = HOSTILE.into();
    d.sections[0].title = HOSTILE.into();
    d.sections[0].watchlist = HOSTILE.into();
    d.sections[0].stories[0].clauses = vec![HOSTILE.into(), format!("title:{HOSTILE}")];
    d.sections[0].told_above = vec![crate::model::CrossRef {
        cluster_id: 1,
        title: HOSTILE.into(),
        watchlist: HOSTILE.into(),
        watchlist_title: HOSTILE.into(),
    }];
    let mut follow_up = d.sections[0].stories[0].clone();
    follow_up.cluster_id = 2;
    follow_up.sent_before = Some(Told {
        at: utc(2023, 6, 4, 4, 0),
        title: HOSTILE.into(),
    });
    d.sections[0].stories[0].alerted_at = Some(utc(2023, 6, 4, 11, 30));
    d.sections[0].stories.push(follow_up);
    d.attention = vec![FeedTrouble {
        feed: HOSTILE.into(),
        label: Some(HOSTILE.into()),
        last_success: None,
        failures: 2,
        error: HOSTILE.into(),
    }];
    d
}

#[test]
fn hostile_strings_leave_the_html_well_formed_and_inert() {
    // The check below can fail: the parser does report broken markup.
    let broken = scraper::Html::parse_document("<!DOCTYPE html><p>a</div><b>\"x</i>");
    assert!(!broken.errors.is_empty());
    for kind in [MessageKind::Digest, MessageKind::Alert] {
        let r = render(&hostile_digest(kind));
        let doc = scraper::Html::parse_document(&r.html);
        assert!(
            doc.errors.is_empty(),
            "{kind:?}: {:?}\n{}",
            doc.errors,
            r.html
        );
        for selector in [
            "script",
            "img",
            "[onerror]",
            "[src]",
            "style",
            "link",
            "iframe",
        ] {
            let sel = scraper::Selector::parse(selector).expect("selector");
            assert_eq!(
                doc.select(&sel).count(),
                0,
                "{kind:?}: {selector} in\n{}",
                r.html
            );
        }
        // The hostile title survives as text, on one line.
        let h3 = scraper::Selector::parse("h3").expect("selector");
        let title: String = doc.select(&h3).next().expect("a story").text().collect();
        assert_eq!(title, clean(HOSTILE));
        assert!(!r.subject.chars().any(char::is_control), "{:?}", r.subject);
        assert!(!r.subject.contains("\nBcc"));
    }
}
