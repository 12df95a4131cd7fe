//! `feeds add` as an operator meets it: a site's address in, its feed found on a local site
//! (a link in the page's head, else a usual path), proven to parse and appended to a config
//! that `check` still passes and the service can still read.

mod common;

use common::web::Web;
use common::{Rig, ok, seed_feed, stderr, stdout};
use std::os::unix::fs::PermissionsExt;
use wiremock::ResponseTemplate;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x:desk</id>
<updated>2023-06-04T10:00:00Z</updated>
<entry><title>One</title><id>urn:x:1</id><link href="/one"/><updated>2023-06-04T10:00:00Z</updated></entry>
</feed>"#;

fn page(head: &str) -> ResponseTemplate {
    let html = format!(
        "<!doctype html><html><head><title>Site</title>{head}</head>\
         <body><h1>Front page</h1><p>News.</p></body></html>"
    );
    ResponseTemplate::new(200).set_body_raw(html, "text/html; charset=utf-8")
}

fn rig() -> Rig {
    let rig = Rig::new();
    rig.write_config(&[], 25, "");
    rig
}

fn config(rig: &Rig) -> String {
    std::fs::read_to_string(rig.config_path()).expect("config")
}

#[test]
fn a_feed_linked_from_the_page_is_appended_and_the_config_still_checks() {
    let web = Web::empty();
    web.get(
        "/",
        page(r#"<link rel="alternate" type="application/rss+xml" href="/news.rss" title="Wire">"#),
    );
    web.set_feed("/news.rss", seed_feed(&web.uri()));
    let rig = rig();
    let path = rig.config_path();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");

    let out = ok(&rig.run(&["feeds", "add", &web.url("/"), "--label", "Wires"]));
    assert!(out.contains("linked from the page"), "{out}");
    assert!(
        out.contains(&format!("add     Fixture Wire: {}", web.url("/news.rss"))),
        "named by the feed's title: {out}"
    );
    let cfg = config(&rig);
    assert!(
        cfg.contains(&format!(
            "[[feed]]\nname = \"Fixture Wire\"\nurl = \"{}\"\nlabel = \"Wires\"",
            web.url("/news.rss")
        )),
        "{cfg}"
    );
    let mode = std::fs::metadata(&path)
        .expect("config")
        .permissions()
        .mode();
    assert_eq!(mode & 0o7777, 0o640, "mode kept");
    ok(&rig.run(&["check"]));
    // The page once and the feed once: nothing fetched twice, no fallback path tried.
    assert_eq!(
        (web.hits("/"), web.hits("/news.rss"), web.hits("/feed")),
        (1, 1, 0)
    );

    // Again: the same feed is now known, by the site's address or the feed's.
    for url in [web.url("/"), web.url("/news.rss")] {
        let again = ok(&rig.run(&["feeds", "add", &url]));
        assert!(
            again.contains("already configured as feed \"Fixture Wire\""),
            "{again}"
        );
    }
    assert_eq!(config(&rig), cfg, "nothing appended twice");
}

#[test]
fn a_page_without_links_is_looked_for_at_feed() {
    let web = Web::empty();
    web.get("/", page(""));
    web.get(
        "/feed",
        ResponseTemplate::new(200).set_body_raw(ATOM, "application/atom+xml"),
    );
    let rig = rig();
    let out = ok(&rig.run(&["feeds", "add", &web.url("/"), "--name", "Desk"]));
    assert!(out.contains("at /feed"), "{out}");
    assert!(
        config(&rig).contains(&format!("name = \"Desk\"\nurl = \"{}\"", web.url("/feed"))),
        "{}",
        config(&rig)
    );
    ok(&rig.run(&["check"]));
}

#[test]
fn several_feeds_are_listed_to_choose_from_and_nothing_changes() {
    let web = Web::empty();
    web.get(
        "/",
        page(
            r#"<link rel="alternate" type="application/rss+xml" href="/rss" title="Site RSS">
               <link rel="alternate" type="application/atom+xml" href="/atom" title="Site Atom">"#,
        ),
    );
    let rig = rig();
    let before = config(&rig);
    let out = rig.run(&["feeds", "add", &web.url("/")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(
        listed.contains(&format!("Site RSS (RSS): {}", web.url("/rss")))
            && listed.contains(&format!("Site Atom (Atom): {}", web.url("/atom"))),
        "{listed}"
    );
    assert!(stderr(&out).contains("links 2 feeds; run `newshound feeds add` again"));
    assert_eq!(config(&rig), before);
}

#[test]
fn a_feed_address_is_used_as_it_is() {
    let web = Web::empty();
    web.set_feed("/wire.xml", seed_feed(&web.uri()));
    let rig = rig();
    let out = ok(&rig.run(&["feeds", "add", &web.url("/wire.xml")]));
    assert!(out.contains("the address is a feed"), "{out}");
    assert!(config(&rig).contains(&format!("url = \"{}\"", web.url("/wire.xml"))));
    assert_eq!(web.hits("/wire.xml"), 1, "fetched once");
}

#[test]
fn a_page_with_no_feed_anywhere_says_what_was_tried() {
    let web = Web::empty();
    web.get("/", page(""));
    let rig = rig();
    let before = config(&rig);
    let out = rig.run(&["feeds", "add", &web.url("/")]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "no feed found at {}: the page links none and /feed answered 404, /rss answered 404",
            web.url("/")
        )) && err.contains("/index.xml answered 404")
            && err.contains("find the feed's address on the site"),
        "{err}"
    );
    assert_eq!(config(&rig), before);
}

#[test]
fn a_dry_run_shows_the_table_and_changes_nothing() {
    let web = Web::empty();
    web.get(
        "/",
        page(r#"<link rel=alternate type=application/rss+xml href=news.rss>"#),
    );
    web.set_feed("/news.rss", seed_feed(&web.uri()));
    let rig = rig();
    let before = config(&rig);
    let out = ok(&rig.run(&["feeds", "add", "--dry-run", &web.url("/")]));
    assert!(
        out.contains(&format!(
            "[[feed]]\nname = \"Fixture Wire\"\nurl = \"{}\"\n",
            web.url("/news.rss")
        )) && out.contains("(dry run: config unchanged)"),
        "{out}"
    );
    assert_eq!(config(&rig), before);
}

#[test]
fn a_clash_of_names_is_settled_by_the_site_and_an_explicit_one_refused() {
    let web = Web::empty();
    web.set_feed("/wire.xml", seed_feed(&web.uri()));
    let rig = Rig::new();
    rig.write_config(
        &[common::Feed {
            name: "Fixture Wire",
            url: "https://elsewhere.example.org/rss".into(),
        }],
        25,
        "",
    );
    let out = rig.run(&[
        "feeds",
        "add",
        &web.url("/wire.xml"),
        "--name",
        "Fixture Wire",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already configured; choose another --name"));
    let out = ok(&rig.run(&["feeds", "add", &web.url("/wire.xml")]));
    assert!(out.contains("add     Fixture Wire (127.0.0.1):"), "{out}");
    ok(&rig.run(&["check"]));
}
