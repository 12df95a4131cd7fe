//! Rendering tests: the golden sample digest (regenerate with `UPDATE_GOLDEN=1 cargo test`
//! and review the diff), hostile input from feeds, time zones and the empty digest.

use super::*;
use crate::model::{DigestSection, FeedTrouble, MessageKind, PendingMatch, Story};
use chrono::TimeZone;

pub(super) fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// The seed stories as one morning's digest (`sample.pending.json`, as the store would hand
/// them over): the Belgorod captives story from two outlets in both sections (told under the
/// first, named under the second), one outlet
/// twice; two other POW stories tied on score, one undated, one already alerted; a story sent
/// the day before, now reported by two more outlets, one labelled; a match for another
/// digest; and two feeds needing attention.
fn sample() -> Digest {
    let path = format!(
        "{}/tests/fixtures/digest/sample.pending.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let pending: Vec<PendingMatch> = serde_json::from_str(&json).expect("sample.pending.json");
    let watchlists = [
        ("pow-exchange", "Prisoner-of-war exchanges"),
        ("cross-border-incursion", "Cross-border incursions"),
    ]
    .map(|(id, title)| (id.to_owned(), title.to_owned()));
    let mut digest = build(
        "daily",
        "Europe/Kyiv",
        &watchlists,
        pending,
        utc(2023, 6, 5, 4, 0),
    );
    digest.attention = vec![
        FeedTrouble {
            feed: "Example Wire".into(),
            label: Some("Wire service".into()),
            last_success: None,
            failures: 3,
            error: "https://wire.example/rss: invalid feed: no <rss>, <feed> or JSON Feed found"
                .into(),
        },
        FeedTrouble {
            feed: "Ukrinform".into(),
            label: None,
            last_success: Some(utc(2023, 6, 3, 23, 45)),
            failures: 97,
            error: "https://www.ukrinform.net/rss/block-lastnews: HTTP 503 Service Unavailable"
                .into(),
        },
    ];
    digest
}

fn golden(name: &str, actual: &str) {
    let path = format!(
        "{}/tests/fixtures/digest/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (UPDATE_GOLDEN=1 cargo test writes it)"));
    assert!(
        expected == actual,
        "{path} differs; UPDATE_GOLDEN=1 cargo test, review the diff"
    );
}

#[test]
fn sample_digest_matches_the_golden_files() {
    let digest = sample();
    assert_eq!(
        digest.match_ids,
        [101, 102, 103, 104, 105, 106, 107, 201, 202]
    );
    let raids = &digest.sections[1];
    assert!(raids.stories.is_empty(), "the shared story is told once");
    assert_eq!(raids.told_above[0].watchlist, "pow-exchange");
    let follow_up = &digest.sections[0].stories[3];
    assert!(follow_up.is_follow_up(), "the story sent before comes last");
    assert_eq!(follow_up.lead.outlet, "Ukrainska Pravda");
    assert_eq!(
        follow_up.also[0].label.as_deref(),
        Some("Russian state media")
    );
    let rendered = render(&digest);
    assert_eq!(
        rendered.subject,
        "newshound daily, 5 Jun 2023: 3 stories, 1 update (Prisoner-of-war exchanges 3)"
    );
    golden("sample.html", &rendered.html);
    golden("sample.txt", &rendered.text);
}

/// A one-story digest whose every feed-supplied string is `hostile`.
pub(super) fn one_story(
    title: &str,
    outlet: &str,
    url: &str,
    snippet: &str,
    terms: &[&str],
) -> Digest {
    let report = Report {
        outlet: outlet.into(),
        label: Some(outlet.into()),
        title: title.into(),
        url: url.into(),
        published: Some(utc(2023, 6, 4, 11, 21)),
    };
    Digest {
        kind: MessageKind::Digest,
        name: "daily".into(),
        generated_at: utc(2023, 6, 5, 4, 0),
        timezone: "Europe/Kyiv".into(),
        sections: vec![DigestSection {
            watchlist: "pow-exchange".into(),
            title: "POW exchanges".into(),
            stories: vec![Story {
                cluster_id: 1,
                lead: report.clone(),
                also: vec![report],
                score: 1.0,
                terms: terms.iter().map(|t| t.to_string()).collect(),
                snippet: snippet.into(),
                marks: Vec::new(),
                sent_before: None,
                alerted_at: None,
                id: 7,
                model: None,
                clauses: Vec::new(),
            }],
            told_above: Vec::new(),
        }],
        match_ids: vec![1],
        attention: Vec::new(),
        undelivered: Vec::new(),
    }
}

#[test]
fn the_watch_stages_marks_set_the_bold_words() {
    let snippet = "A swap of prisoners;  a swap\u{200f} of words";
    let mut d = one_story(
        "Swap",
        "Outlet",
        "https://example.org/a",
        snippet,
        &["swap"],
    );
    // The watch stage marked the first "swap" and "prisoners", not the second "swap".
    d.sections[0].stories[0].marks = vec![[2, 6], [10, 19]];
    let rendered = render(&d);
    assert!(
        rendered
            .html
            .contains("A <b>swap</b> of <b>prisoners</b>; a swap of words"),
        "{}",
        rendered.html
    );
    assert!(
        rendered
            .text
            .contains("A *swap* of *prisoners*; a swap of words"),
        "{}",
        rendered.text
    );
    // Without marks (stored before them), the terms are found again.
    d.sections[0].stories[0].marks.clear();
    assert!(
        render(&d)
            .html
            .contains("A <b>swap</b> of prisoners; a <b>swap</b> of words")
    );
}

#[test]
fn feed_strings_are_escaped_everywhere_in_the_html() {
    let evil = r#"<script>alert("x")</script> "quoted" & 'single'"#;
    let d = one_story(
        evil,
        evil,
        "https://example.org/a\"onmouseover=\"x",
        evil,
        &["<script>", "quoted", "b>"],
    );
    let html = render(&d).html;
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("\"quoted\""), "{html}");
    assert!(!html.contains("onmouseover=\""), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    // The term inside the snippet is bolded around escaped text, never as raw markup.
    assert!(html.contains("&quot;<b>quoted</b>&quot;"), "{html}");
    assert!(html.contains("<b>&lt;script&gt;</b>"), "{html}");
    assert!(
        html.contains("href=\"https://example.org/a%22onmouseover=%22x\""),
        "{html}"
    );
}

#[test]
fn only_web_urls_become_links() {
    for url in [
        "javascript:alert(document.cookie)",
        "data:text/html,<b>x</b>",
        "vbscript:x",
        "/relative/path",
        "  JaVaScRiPt:alert(1)",
    ] {
        let d = one_story("Title", "Outlet", url, "text", &[]);
        let html = render(&d).html;
        assert!(!html.contains("href"), "{url}: {html}");
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{url}");
        assert!(
            html.contains(&html::escape(url.trim())),
            "{url} should be shown as text"
        );
    }
    let html = render(&one_story(
        "Title",
        "Outlet",
        "HTTPS://Example.org/x y",
        "",
        &[],
    ))
    .html;
    assert!(
        html.contains("<a href=\"https://example.org/x%20y\""),
        "{html}"
    );
}

#[test]
fn line_breaks_in_titles_and_names_never_reach_the_subject() {
    let mut d = one_story(
        "Breaking\r\nBcc: victim@example.org",
        "Outlet\n",
        "https://x.org",
        "",
        &[],
    );
    d.name = "daily\r\nX-Injected: yes".into();
    // The subject names the section by its watchlist's title.
    d.sections[0].title = "pow\rexchange\u{0}\u{1b}[31m".into();
    let r = render(&d);
    assert!(
        !r.subject.chars().any(|c| c.is_control()),
        "{:?}",
        r.subject
    );
    assert_eq!(
        r.subject,
        "newshound daily X-Injected: yes, 5 Jun 2023: 1 story (pow exchange [31m 1)"
    );
    assert!(
        r.text.contains("1. Breaking Bcc: victim@example.org\n"),
        "{}",
        r.text
    );
    assert!(!r.html.contains("Breaking\r") && !r.html.contains("\u{1b}"));
}

#[test]
fn times_are_shown_in_the_recipients_zone() {
    let summer = utc(2023, 6, 4, 11, 21);
    let winter = utc(2023, 1, 15, 11, 21);
    let kyiv: Tz = "Europe/Kyiv".parse().unwrap();
    assert_eq!(local_time(summer, kyiv), "4 Jun 2023, 14:21 EEST");
    assert_eq!(local_time(winter, kyiv), "15 Jan 2023, 13:21 EET");
    // The change itself: 03:00 EEST on 26 March 2023 was 01:00 UTC.
    assert_eq!(
        local_time(utc(2023, 3, 26, 0, 59), kyiv),
        "26 Mar 2023, 02:59 EET"
    );
    assert_eq!(
        local_time(utc(2023, 3, 26, 1, 0), kyiv),
        "26 Mar 2023, 04:00 EEST"
    );

    let mut d = one_story("T", "O", "https://x.org", "", &[]);
    assert!(render(&d).text.contains("O [O] · 4 Jun 2023, 14:21 EEST"));
    d.timezone = "Mars/Olympus_Mons".into();
    let r = render(&d);
    assert!(
        r.text.contains("O [O] · 4 Jun 2023, 11:21 UTC"),
        "{}",
        r.text
    );
    assert!(
        r.html
            .contains("the time zone “Mars/Olympus_Mons” is unknown")
    );
}

#[test]
fn an_empty_digest_says_so() {
    let d = build(
        "daily",
        "Europe/Kyiv",
        &[],
        Vec::new(),
        utc(2023, 6, 5, 4, 0),
    );
    let r = render(&d);
    assert_eq!(r.subject, "newshound daily, 5 Jun 2023: no new stories");
    assert!(
        r.text
            .contains("No new stories.\n\nNothing new matched your watchlists")
    );
    assert!(
        r.html
            .contains("Nothing new matched your watchlists since the last digest.")
    );
    assert!(r.html.starts_with("<!DOCTYPE html>") && r.html.ends_with("</html>\n"));
}

#[test]
fn long_snippets_are_cut_at_a_word() {
    let long = "word ".repeat(1000);
    let cut = snippet(&long);
    assert!(cut.ends_with("word …") && cut.chars().count() <= MAX_SNIPPET_CHARS + 2);
}

#[test]
fn odd_input_renders_without_panicking() {
    let odd = [
        "",
        " \t\r\n ",
        "\u{202e}txet desrever\u{202c} e\u{301}\u{301}",
        "İİİ ﬁ 🇺🇦👩‍👩‍👧 \u{10ffff}",
        "&amp;&lt;<<>>\"'`",
    ];
    let long = "ж".repeat(100_000);
    for s in odd.iter().copied().chain([long.as_str()]) {
        let terms = [s, "İ", "ﬁ", "e\u{301}"];
        let r = render(&one_story(s, s, s, s, &terms));
        assert!(!r.subject.chars().any(char::is_control));
        assert!(r.html.ends_with("</html>\n") && r.text.ends_with('\n'));
        assert!(!r.html.contains("<<") && !r.html.contains("\u{202e}"));
    }
}

#[test]
fn an_alert_names_its_first_story_in_the_subject() {
    let mut d = one_story(
        "Captives offered in exchange",
        "Outlet",
        "https://x.org",
        "",
        &[],
    );
    d.kind = MessageKind::Alert;
    let r = render(&d);
    assert_eq!(r.subject, "newshound alert: Captives offered in exchange");
    assert!(
        r.text.starts_with("newshound alert · daily\n"),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("also be in the next “daily” digest"),
        "{}",
        r.text
    );

    let mut second = d.sections[0].stories[0].clone();
    second.lead.title = "x".repeat(300);
    d.sections[0].stories.push(second.clone());
    d.sections[0].stories.push(second);
    d.sections[0].stories.swap(0, 1);
    let subject = render(&d).subject;
    assert!(subject.ends_with(" (+2 more)"), "{subject}");
    assert!(subject.chars().count() < 140, "{subject}");
}
