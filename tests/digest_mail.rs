//! What the digest says, read from messages received over real SMTP on 127.0.0.1 and parsed
//! with a MIME parser: one story per event across outlets, a story mailed before coming back
//! only as "also reported by", labels, headers, several digests, preview, and hostile titles.

mod common;

use common::smtp::SmtpServer;
use common::web::Web;
use common::{
    Rig, SEED_TITLES, assert_inert_html, feed_table, mime, ok, parts, seed_feed_of, squash,
    xml_escape,
};
use mail_parser::{Address, HeaderValue};

/// A rig mailing to `smtp`, polling "Outlet A" (/a.xml) and "Outlet B" (/b.xml, labelled).
fn two_outlets(web: &Web, smtp: &SmtpServer, a: &[usize], b: &[usize]) -> Rig {
    web.set_feed("/a.xml", seed_feed_of(&web.uri(), a));
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), b));
    let rig = Rig::new();
    let feeds = feed_table("Outlet A", &web.url("/a.xml"), "")
        + &feed_table(
            "Outlet B",
            &web.url("/b.xml"),
            "label = \"Russian state media\"",
        );
    rig.write_config(&[], smtp.port, &feeds);
    rig
}

#[test]
fn two_outlets_reporting_the_belgorod_captives_make_one_story() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = two_outlets(&web, &smtp, &[3], &[2]);
    ok(&rig.run(&["poll", "--once"]));
    ok(&rig.run(&["digest", "send", "--now"]));

    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 1);
    let (text, html) = parts(&inbox[0]);
    assert_inert_html(&html);
    let doc = scraper::Html::parse_document(&html);
    let select = |s: &str| scraper::Selector::parse(s).expect("selector");
    let stories: Vec<String> = doc
        .select(&select("h3"))
        .map(|h| h.text().collect())
        .collect();
    // Both watchlists match the story: it is told once, under the first, and the second
    // section links to it.
    assert_eq!(stories.len(), 1, "one story, told once: {stories:?}");
    let lead = stories[0].as_str();
    let cross: Vec<(String, String)> = doc
        .select(&select("a[href^=\"#story-\"]"))
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default().to_string();
            (href, a.text().collect())
        })
        .collect();
    assert_eq!(cross.len(), 1, "{cross:?}");
    assert_eq!(cross[0].1, lead);
    let anchor = format!("div[id=\"{}\"] h3", &cross[0].0[1..]);
    assert_eq!(doc.select(&select(&anchor)).count(), 1, "{html}");
    assert!(
        squash(&text).contains(&format!(
            "Also under Prisoner-of-war exchanges and releases, story 1: {lead}"
        )),
        "{text}"
    );
    let (other, other_outlet) = if lead == SEED_TITLES[3] {
        (SEED_TITLES[2], "Outlet B")
    } else {
        (SEED_TITLES[3], "Outlet A")
    };
    let also: Vec<String> = doc
        .select(&select("li"))
        .map(|li| squash(&li.text().collect::<String>()))
        .collect();
    assert_eq!(also.len(), 1, "{also:?}");
    assert!(also[0].starts_with(other_outlet), "{also:?}");
    assert!(also[0].contains(other), "{also:?}");
    assert!(
        html.contains("Russian state media"),
        "the label is shown beside its outlet"
    );
    assert!(text.contains("Outlet B [Russian state media]"), "{text}");
    let subject = mime(&inbox[0]).subject().unwrap_or_default().to_string();
    assert!(
        subject.contains(": 1 story (Prisoner-of-war exchanges and releases 1)"),
        "{subject}"
    );
}

#[test]
fn a_story_mailed_before_returns_only_as_also_reported_by() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = two_outlets(&web, &smtp, &[3], &[]);
    ok(&rig.run(&["poll", "--once"]));
    ok(&rig.run(&["digest", "send", "--now"]));

    // Outlet B reports the same event a day later, and a new story besides.
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), &[2, 4]));
    ok(&rig.run(&["poll", "--once"]));
    ok(&rig.run(&["digest", "send", "--now"]));

    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 2);
    let second = mime(&inbox[1]);
    let subject = second.subject().unwrap_or_default();
    assert!(
        // The follow-up both watchlists matched counts once.
        subject.contains(": 1 story, 1 update (Prisoner-of-war exchanges and releases 1)"),
        "{subject}"
    );
    let (text, html) = parts(&inbox[1]);
    assert_inert_html(&html);
    let flat = squash(&text);
    assert!(
        flat.contains(&format!("1. {}", SEED_TITLES[4])),
        "the new story is numbered:\n{text}"
    );
    assert!(
        !flat.contains(&format!("1. {}", SEED_TITLES[2])),
        "the known story is no new story:\n{text}"
    );
    assert!(
        flat.contains(&format!(
            "Also reported by — stories sent before: * “{}” (sent",
            SEED_TITLES[3]
        )),
        "{text}"
    );
    assert!(
        flat.contains(&format!(
            "- Outlet B [Russian state media] · 4 Jun 2023, 15:00 EEST: {}",
            SEED_TITLES[2]
        )),
        "{text}"
    );
    // Nothing is left for a third digest.
    ok(&rig.run(&["digest", "send", "--now"]));
    assert_eq!(smtp.messages().len(), 2);
}

fn mailbox(a: Option<&Address>) -> Vec<String> {
    a.map(|a| {
        a.iter()
            .filter_map(|m| m.address().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

#[test]
fn each_digest_has_its_recipients_watchlists_zone_and_proper_headers() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    web.set_feed("/all.xml", seed_feed_of(&web.uri(), &[0, 1, 2, 3, 4]));
    let rig = Rig::new();
    let extra = feed_table("Wire", &web.url("/all.xml"), "")
        + "\n[[digest]]\nname = \"border\"\nsend = \"0 30 6 * * 1-5\"\ntimezone = \"UTC\"\n\
           to = [\"duty@example.org\", \"Night Desk <night@example.org>\"]\n\
           watchlists = [\"cross-border-incursion\"]\n";
    rig.write_config(&[], smtp.port, &extra);
    ok(&rig.run(&["poll", "--once"]));

    // A preview renders the digest without sending or claiming anything.
    let preview = rig.dir.path().join("border.html");
    let out = ok(&rig.run(&[
        "digest",
        "preview",
        "border",
        "--out",
        preview.to_str().expect("utf-8 path"),
    ]));
    assert!(out.contains("stories written to"), "{out}");
    let html = std::fs::read_to_string(&preview).expect("preview written");
    assert_inert_html(&html);
    assert!(html.contains(SEED_TITLES[3]) || html.contains(SEED_TITLES[2]));
    assert!(smtp.messages().is_empty(), "a preview sends nothing");

    ok(&rig.run(&["digest", "send", "--now"]));
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 2, "one message per digest");
    let daily = inbox
        .iter()
        .find(|m| m.to == ["analyst@desk.test"])
        .expect("daily");
    let border = inbox
        .iter()
        .find(|m| m.to.contains(&"duty@example.org".to_string()))
        .expect("border");
    assert_eq!(border.to, ["duty@example.org", "night@example.org"]);

    for (received, name, counts) in [
        // The one incursion story is also a POW story, told (and counted) under that one.
        (daily, "daily", "(Prisoner-of-war exchanges and releases 4)"),
        (
            border,
            "border",
            "(Armed cross-border raids and incursions 1)",
        ),
    ] {
        let m = mime(received);
        assert_eq!(mailbox(m.from()), ["newshound@example.org"]);
        assert_eq!(mailbox(m.to()), received.to);
        assert!(m.date().is_some(), "Date");
        let id = m.message_id().expect("Message-ID");
        assert!(id.ends_with("@example.org"), "{id}");
        let subject = m.subject().expect("Subject");
        assert!(
            subject.starts_with(&format!("newshound {name}, ")) && subject.ends_with(counts),
            "{subject}"
        );
        let date = subject
            .split(": ")
            .next()
            .and_then(|s| s.split(", ").nth(1))
            .unwrap_or_default();
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%d %b %Y").is_ok(),
            "a date in {subject:?}"
        );
        assert_eq!(
            m.header("Auto-Submitted").and_then(HeaderValue::as_text),
            Some("auto-generated")
        );
    }
    let (text, _) = parts(border);
    assert!(!text.contains("pow-exchange"), "{text}");
    assert!(
        text.contains("4 Jun 2023, 13:00 UTC") || text.contains("4 Jun 2023, 12:00 UTC"),
        "{text}"
    );
    assert!(text.contains("Times are in UTC."), "{text}");
    let (text, _) = parts(daily);
    assert!(text.contains("EEST"), "{text}");

    // The preview marked nothing: both digests carried their stories once, and no more.
    ok(&rig.run(&["digest", "send", "--now"]));
    assert_eq!(smtp.messages().len(), 2);
}

/// A feed item whose title carries markup and a header injection attempt. Escaped twice in the
/// feed, as careless publishers do, so the markup survives the feed stage as text.
const HOSTILE_TITLE: &str = "</h3><script>alert(1)</script><img src=x onerror=alert(2)> Captives freed\r\nBcc: victim@example.org\r\nX-Injected: yes";

fn hostile_feed() -> String {
    let title = xml_escape(&xml_escape(HOSTILE_TITLE))
        .replace('\r', "&#13;")
        .replace('\n', "&#10;");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Evil</title>\
         <link>https://evil.example/</link><description>x</description>\
         <item><title>{title}</title><link>https://evil.example/a?x=\"&lt;b&gt;</link><guid>evil-1</guid>\
         <pubDate>Sun, 04 Jun 2023 10:00:00 GMT</pubDate>\
         <description><![CDATA[<p onmouseover=\"alert(3)\">Ukraine and Russia completed a prisoner exchange: 90 POWs held captive came home.</p><script>alert(4)</script>]]></description>\
         </item></channel></rss>"
    )
}

#[test]
fn a_hostile_title_cannot_inject_html_or_headers_into_digest_or_alert() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    web.set_feed("/evil.xml", hostile_feed());
    let rig = Rig::new();
    rig.write_config(
        &[],
        smtp.port,
        &feed_table(
            "Evil <b>Outlet</b>",
            &web.url("/evil.xml"),
            "fetch_article = false\nlabel = \"<i>label</i>\"",
        ),
    );
    rig.alert_on_pow_exchange();

    let out = ok(&rig.run(&["poll", "--once"]));
    assert!(
        out.contains("alerts: 1 stories in 1 message(s) sent"),
        "{out}"
    );
    ok(&rig.run(&["digest", "send", "--now"]));
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 2, "an alert, then the digest");

    for received in &inbox {
        assert_eq!(received.to, ["analyst@desk.test"], "no smuggled recipient");
        let m = mime(received);
        let subject = m.subject().expect("subject");
        assert!(
            !subject.contains('\n') && !subject.contains('\r'),
            "{subject:?}"
        );
        for h in m.headers() {
            let name = h.name().to_ascii_lowercase();
            assert!(
                name != "bcc" && name != "x-injected",
                "injected header {name}"
            );
        }
        let (text, html) = parts(received);
        assert_inert_html(&html);
        let doc = scraper::Html::parse_document(&html);
        let h3 = scraper::Selector::parse("h3").expect("selector");
        let title: String = doc.select(&h3).next().expect("a story").text().collect();
        assert_eq!(
            title,
            "</h3><script>alert(1)</script><img src=x onerror=alert(2)> Captives freed Bcc: victim@example.org X-Injected: yes",
            "the title is shown as text, on one line"
        );
        assert!(text.contains("Evil <b>Outlet</b> [<i>label</i>]"), "{text}");
    }
    let alert = mime(&inbox[0]);
    assert!(
        alert
            .subject()
            .unwrap_or_default()
            .starts_with("newshound alert: </h3><script>alert(1)</script>"),
        "{:?}",
        alert.subject()
    );
}

#[test]
fn an_immediate_alert_goes_once_per_story_and_the_digest_marks_it() {
    let (web, smtp) = (Web::start(), SmtpServer::start());
    let rig = two_outlets(&web, &smtp, &[3], &[]);
    rig.alert_on_pow_exchange();

    ok(&rig.run(&["poll", "--once"]));
    assert_eq!(
        smtp.messages().len(),
        1,
        "the alert, sent at the end of the poll"
    );
    let alert = mime(&smtp.messages()[0])
        .subject()
        .unwrap_or_default()
        .to_string();
    assert_eq!(alert, format!("newshound alert: {}", SEED_TITLES[3]));

    // Another outlet on the same event is no news; a new event is.
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), &[2, 4]));
    ok(&rig.run(&["poll", "--once"]));
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 2, "one more alert");
    let (text, _) = parts(&inbox[1]);
    let flat = squash(&text);
    assert!(flat.contains(SEED_TITLES[4]), "{text}");
    assert!(!flat.contains(SEED_TITLES[2]), "{text}");
    ok(&rig.run(&["poll", "--once"]));
    assert_eq!(smtp.messages().len(), 2, "nothing alerted twice");

    // The digest still carries every story, the alerted ones marked.
    ok(&rig.run(&["digest", "send", "--now"]));
    let inbox = smtp.messages();
    assert_eq!(inbox.len(), 3);
    let (text, html) = parts(&inbox[2]);
    assert_inert_html(&html);
    let flat = squash(&text);
    for i in [2, 3, 4] {
        assert!(
            flat.contains(SEED_TITLES[i]),
            "seed {i} in the digest:\n{text}"
        );
    }
    assert!(flat.contains("· alert sent "), "{text}");
}
