//! Hostile titles through `digest send`, each channel read as its service would: what is
//! markup there must be only newshound's own, and the title must read back exactly.

use crate::common::smtp::SmtpServer;
use crate::common::web::Web;
use crate::fakes::{Setup, header, quick_rig, serve};
use regex::Regex;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, ResponseTemplate};

/// Markup for each service (HTML tags and entities, mrkdwn links, mentions and styling) and
/// JSON's quotes, around the word the watchlist takes.
pub const HOSTILE: &str = "</a>\"quoted\" 'single' <script>alert(1)</script> & &amp; *bold* \
                           _it_ ~strike~ `code` <!channel> <@U123|x> exchange end";

/// A title far over any one message: 5,000 characters of words.
pub fn long_title() -> String {
    let mut t = String::from("exchange");
    let mut i = 0;
    while t.chars().count() < 5000 {
        t.push_str(&format!(" w{i}ord"));
        i += 1;
    }
    t
}

/// `s` with the entities Telegram's and Matrix's HTML use read back.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The text of `html` once the only tags newshound writes are taken out, insisting that no
/// other `<` or `>` is left: any other would be markup the service reads.
pub fn text_of(html: &str) -> String {
    let ours = Regex::new(r#"</?b>|<br>|<a href="[^"<>]*">|</a>"#).expect("regex");
    let text = ours.replace_all(html, "");
    assert!(
        !text.contains('<') && !text.contains('>'),
        "markup besides newshound's own in\n{html}"
    );
    unescape(&text)
}

/// The JSON bodies that reached `p` (a path regex) by `verb`.
pub fn bodies(web: &Web, verb: &str, p: &str) -> Vec<serde_json::Value> {
    let re = Regex::new(p).expect("regex");
    web.rt_requests()
        .iter()
        .filter(|r| r.method.as_str() == verb && re.is_match(r.url.path()))
        .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
        .collect()
}

/// Whitespace taken out, so a title cut between two messages still compares.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn hostile_and_long_titles_are_escaped_for_each_channel_and_read_back_exactly() {
    let (web, smtp) = (Web::empty(), SmtpServer::start());
    let base = web.uri();
    let tables = format!(
        "\n[[channel]]\nname = \"desk\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\n\
         [[channel]]\nname = \"tg\"\nkind = \"telegram\"\nurl = \"{base}\"\nchat_id = \"-100\"\nsecret_file = \"bot\"\n\
         [[channel]]\nname = \"chat\"\nkind = \"slack\"\nurl_file = \"slack-url\"\n\
         [[channel]]\nname = \"room\"\nkind = \"matrix\"\nurl = \"{base}\"\nroom = \"!r:example.org\"\nsecret_file = \"mx\"\n"
    );
    let long = long_title();
    let items = [
        (
            HOSTILE.to_string(),
            "Talks on a prisoner exchange.".to_string(),
        ),
        (
            long.clone(),
            "Another exchange, told at length.".to_string(),
        ),
    ];
    let slack_url = format!("{base}/services/T0/B0/secret\n");
    let setup = Setup {
        channels: "[\"desk\", \"tg\", \"chat\", \"room\"]",
        tables: &tables,
        files: &[("bot", "123:abc"), ("mx", "syt"), ("slack-url", &slack_url)],
    };
    let rig = quick_rig(&web, &smtp, &setup, &items);
    for p in ["/hook", "/bot123:abc/sendMessage", "/services/T0/B0/secret"] {
        serve(&web, "POST", p, ResponseTemplate::new(200));
    }
    web.route(|| {
        Mock::given(method("PUT"))
            .and(path_regex(
                r"^/_matrix/client/v3/rooms/[^/]+/send/m\.room\.message/[^/]+$",
            ))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"event_id":"$e"}"#))
    });
    crate::common::ok(&rig.run(&["digest", "send", "--now"]));

    // Webhook: JSON escaping only, so both titles come back byte for byte.
    let hook = bodies(&web, "POST", "^/hook$");
    assert_eq!(hook.len(), 1);
    let titles: Vec<&str> = hook[0]["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .flat_map(|s| {
            let others = s["other_reports"].as_array().into_iter().flatten();
            std::iter::once(s).chain(others)
        })
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert!(titles.contains(&HOSTILE), "{titles:?}");
    assert!(titles.contains(&long.as_str()), "the long title, whole");

    // Telegram: every message under its limit, only newshound's tags, the titles intact.
    let tg = bodies(&web, "POST", "^/bot123:abc/sendMessage$");
    assert!(tg.len() >= 2, "5,000 characters take two messages");
    let mut read = String::new();
    for m in &tg {
        let text = m["text"].as_str().expect("text");
        assert!(text.chars().count() <= 4096, "{}", text.chars().count());
        read.push_str(&text_of(text));
    }
    assert!(read.contains(HOSTILE), "{read}");
    assert!(squeeze(&read).contains(&squeeze(&long)));

    // Matrix: the formatted body is HTML holding only newshound's tags; the plain body is
    // the title itself.
    let mx = bodies(&web, "PUT", "^/_matrix/");
    assert_eq!(mx.len(), 1);
    let formatted = mx[0]["formatted_body"].as_str().expect("formatted_body");
    assert!(text_of(formatted).contains(HOSTILE), "{formatted}");
    assert!(mx[0]["body"].as_str().is_some_and(|b| b.contains(HOSTILE)));

    // Slack: one "text" in mrkdwn; besides `<url|label>` links no `<` or `>` (a mention or
    // a link of the title's own), `&` escaped, no styling pair left whole.
    let slack = bodies(&web, "POST", "^/services/T0/B0/secret$");
    assert_eq!(slack.len(), 1, "posted to the URL read from url_file");
    let post = &web.requests("/services/T0/B0/secret")[0];
    assert_eq!(header(post, "Content-Type"), "application/json");
    let keys: Vec<&String> = slack[0].as_object().expect("object").keys().collect();
    assert_eq!(keys, ["text"]);
    let text = slack[0]["text"].as_str().expect("text");
    assert!(text.starts_with("*digest daily*\n"), "{text}");
    let link = Regex::new(r"<(https?://[^|<>]+)\|([^<>]*)>").expect("regex");
    let labels: Vec<String> = link
        .captures_iter(text)
        .map(|c| unescape(&c[2]).replace('\u{200B}', ""))
        .collect();
    let rest = link.replace_all(text, "");
    assert!(!rest.contains('<') && !rest.contains('>'), "{text}");
    assert!(
        labels.iter().any(|l| l == &HOSTILE.replace('|', "¦")),
        "{labels:?}"
    );
    for pair in ["*bold*", "_it_", "~strike~", "`code`"] {
        assert!(!text.contains(pair), "{pair} in {text}");
    }
    assert!(
        text.contains("&amp;amp;"),
        "the title's own &amp; stays text: {text}"
    );
    assert!(
        text.lines()
            .all(|l| l.is_empty() || l.starts_with('*') || l.starts_with("• <"))
    );
}
