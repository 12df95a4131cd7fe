use super::super::{FeedError, parse};
use super::repair;
use url::Url;

fn base() -> Url {
    Url::parse("https://news.example.org/feed.xml").expect("url")
}

#[test]
fn atom_03_is_read_as_atom_10() {
    let doc = r#"<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title mode="escaped" type="text/html">Old &lt;b&gt;Atom&lt;/b&gt;</title>
  <tagline>About things</tagline>
  <entry>
    <title type="text/plain">First post</title>
    <link rel="alternate" type="text/html" href="/2004/first"/>
    <id>tag:example.org,2004:1</id>
    <issued>2004-01-02T03:04:05Z</issued>
    <modified>2004-01-03T03:04:05Z</modified>
    <content type="application/xhtml+xml" mode="xml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div></content>
  </entry>
  <entry>
    <title>Second</title>
    <id>tag:example.org,2004:2</id>
    <summary type="text/html" mode="escaped">&lt;p&gt;Escaped &amp;amp; fine&lt;/p&gt;</summary>
  </entry>
</feed>"#;
    let feed = parse(doc.as_bytes(), &base()).expect("read");
    assert_eq!(feed.title.as_deref(), Some("Old Atom"));
    assert_eq!(feed.entries.len(), 2, "{:?}", feed.notes);
    let e = &feed.entries[0];
    assert_eq!(e.title, "First post");
    assert_eq!(
        e.link.as_deref(),
        Some("https://news.example.org/2004/first")
    );
    assert_eq!(
        e.published.map(|p| p.to_rfc3339()).as_deref(),
        Some("2004-01-02T03:04:05+00:00")
    );
    assert_eq!(e.summary, "Hello world");
    assert_eq!(feed.entries[1].summary, "Escaped & fine");
    assert!(
        feed.notes.is_empty(),
        "a supported format needs no note: {:?}",
        feed.notes
    );
}

#[test]
fn rss_without_a_version_or_with_an_odd_one_is_read_as_rss_2() {
    for root in ["<rss>", "<rss version=\"0.94\">", "<rss version='3.0'>"] {
        let doc = format!(
            "{root}<channel><title>t</title><item><title>One</title><link>https://news.example.org/1</link></item></channel></rss>"
        );
        let feed = parse(doc.as_bytes(), &base()).expect(root);
        assert_eq!(feed.entries.len(), 1, "{root}");
        assert!(
            feed.notes[0].contains("read as RSS 2.0"),
            "{:?}",
            feed.notes
        );
    }
}

#[test]
fn one_bad_character_reference_loses_that_character_not_the_feed() {
    let doc = "<rss version=\"2.0\"><channel><title>t</title>\
        <item><title>A&#0;B &#xD800; C</title><link>https://news.example.org/1?a=&#1;</link></item>\
        <item><title>Fine &#233;</title><link>https://news.example.org/2</link></item></channel></rss>";
    let feed = parse(doc.as_bytes(), &base()).expect("read");
    assert_eq!(feed.entries.len(), 2);
    assert_eq!(feed.entries[0].title, "A\u{FFFD}B \u{FFFD} C");
    assert_eq!(feed.entries[1].title, "Fine é");
    assert!(
        feed.notes[0].starts_with("3 character reference(s) no XML document may hold"),
        "{:?}",
        feed.notes
    );
}

#[test]
fn a_field_feed_rs_refuses_is_dropped_with_a_note_and_the_rest_read() {
    let doc = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>1</id><title type="foo">Unreadable title</title><link href="https://news.example.org/1"/></entry>
<entry><id>2</id><title>Two</title><link href="https://news.example.org/2"/></entry>
</feed>"#;
    let feed = parse(doc.as_bytes(), &base()).expect("read");
    assert_eq!(feed.entries.len(), 2);
    assert_eq!(feed.entries[0].title, "");
    assert_eq!(
        feed.entries[0].link.as_deref(),
        Some("https://news.example.org/1")
    );
    assert!(
        feed.notes[0].starts_with("<title> at line 2 could not be read"),
        "{:?}",
        feed.notes
    );
}

#[test]
fn rss_1_items_without_link_are_kept_by_their_rdf_about() {
    let doc = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example.org/"><title>c</title></channel>
<item rdf:about="https://news.example.org/1"><title>No link</title></item>
<item rdf:about="https://news.example.org/2"><title>Linked</title><link>https://news.example.org/2</link></item>
</rdf:RDF>"#;
    let feed = parse(doc.as_bytes(), &base()).expect("read");
    assert_eq!(feed.entries.len(), 2, "{:?}", feed.notes);
    assert_eq!(
        feed.entries[0].link.as_deref(),
        Some("https://news.example.org/1")
    );
}

#[test]
fn items_nothing_can_read_are_an_error_that_counts_them() {
    let doc =
        "<feed xmlns=\"http://example.org/unknown\"><entry><title>a</title></entry><entry/></feed>";
    match parse(doc.as_bytes(), &base()) {
        Err(e @ FeedError::Unread { items: 2 }) => {
            assert!(
                e.to_string()
                    .starts_with("0 entries from a feed that has 2 items")
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_document_needing_nothing_is_not_rewritten() {
    assert!(repair("<rss version=\"2.0\"><channel/></rss>").is_none());
    assert!(repair("not xml at all <<<").is_none());
}
