use super::*;

fn base() -> Url {
    Url::parse("https://news.example.org/section/feed.xml").unwrap()
}

fn parse_ok(doc: &str) -> ParsedFeed {
    parse(doc.as_bytes(), &base()).expect("feed parses")
}

#[test]
fn rss2_relative_links_tracking_and_html_titles() {
    let feed = parse_ok(
        r#"<?xml version="1.0"?>
        <rss version="2.0"><channel><title>Example &amp; Co</title>
        <item>
          <title>Talks &lt;b&gt;resume&lt;/b&gt; &amp;amp; stall</title>
          <link>/2024/05/talks.html?id=3&amp;utm_source=rss&amp;fbclid=abc#comments</link>
          <description>&lt;p&gt;First &amp;amp; foremost.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</description>
          <pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate>
          <guid isPermaLink="false">item-3</guid>
        </item>
        </channel></rss>"#,
    );
    assert_eq!(feed.title.as_deref(), Some("Example & Co"));
    let e = &feed.entries[0];
    assert_eq!(
        e.link.as_deref(),
        Some("https://news.example.org/2024/05/talks.html?id=3")
    );
    assert_eq!(e.key, e.link.clone().unwrap());
    assert_eq!(e.title, "Talks resume & stall");
    assert_eq!(e.summary, "First & foremost.\n\nSecond.");
    assert_eq!(
        e.published.unwrap().to_rfc3339(),
        "2024-05-07T10:00:00+00:00"
    );
}

#[test]
fn rss2_id_less_entries_keep_their_key_across_parses() {
    let doc = r#"<rss version="2.0"><channel><title>t</title>
        <item><title>No link, no guid</title><description>Body text.</description></item>
        <item><title>Another</title><description>Other body.</description></item>
        </channel></rss>"#;
    let a = parse_ok(doc);
    let b = parse_ok(doc);
    assert_eq!(a.entries.len(), 2);
    assert!(a.entries[0].key.starts_with("sha256:"));
    assert_eq!(a.entries[0].key, b.entries[0].key);
    assert_eq!(a.entries[1].key, b.entries[1].key);
    assert_ne!(a.entries[0].key, a.entries[1].key);
    assert_eq!(a.entries[0].link, None);
}

#[test]
fn rss2_guid_is_the_key_when_there_is_no_link() {
    let feed = parse_ok(
        r#"<rss version="2.0"><channel><title>t</title>
        <item><title>a</title><guid isPermaLink="false">urn:example:42</guid></item>
        <item><title>b</title><guid>https://news.example.org/b?utm_medium=feed</guid></item>
        </channel></rss>"#,
    );
    assert_eq!(feed.entries[0].key, "urn:example:42");
    assert_eq!(feed.entries[0].link, None);
    assert_eq!(
        feed.entries[1].link.as_deref(),
        Some("https://news.example.org/b")
    );
    assert_eq!(feed.entries[1].key, "https://news.example.org/b");
}

#[test]
fn atom_prefers_alternate_html_link_and_honours_xml_base() {
    let feed = parse_ok(
        r#"<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://other.example.net/blog/">
          <title type="html">Blog &lt;em&gt;One&lt;/em&gt;</title>
          <id>urn:feed</id><updated>2024-01-02T03:04:05Z</updated>
          <entry>
            <id>urn:entry:1</id>
            <title>Entry one</title>
            <link rel="self" href="/api/1.json" type="application/json"/>
            <link rel="enclosure" href="/media/1.mp3" type="audio/mpeg"/>
            <link rel="alternate" href="posts/one.html" type="text/html"/>
            <updated>2024-01-02T03:04:05Z</updated>
            <content type="html">&lt;h2&gt;Intro&lt;/h2&gt;&lt;p&gt;Hello&amp;nbsp;world&lt;/p&gt;</content>
          </entry>
        </feed>"#,
    );
    assert_eq!(feed.title.as_deref(), Some("Blog One"));
    let e = &feed.entries[0];
    assert_eq!(
        e.link.as_deref(),
        Some("https://other.example.net/blog/posts/one.html")
    );
    assert_eq!(e.summary, "Intro\n\nHello world");
    // No published date: updated stands in.
    assert_eq!(
        e.published.unwrap().to_rfc3339(),
        "2024-01-02T03:04:05+00:00"
    );
}

#[test]
fn atom_entry_without_link_is_keyed_by_its_id() {
    let feed = parse_ok(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>f</id>
        <entry><id>tag:example.org,2024:1</id><title>x</title></entry></feed>"#,
    );
    assert_eq!(feed.entries[0].key, "tag:example.org,2024:1");
}

#[test]
fn json_feed() {
    let feed = parse_ok(
        r#"{"version":"https://jsonfeed.org/version/1.1","title":"JF",
            "items":[{"id":"1","url":"/posts/1?utm_campaign=x","title":"One",
                      "content_html":"<p>A</p><p>B</p>","date_published":"2024-02-03T04:05:06Z"},
                     {"id":"2","title":"Two","content_text":"Plain text body."}]}"#,
    );
    assert_eq!(feed.title.as_deref(), Some("JF"));
    assert_eq!(
        feed.entries[0].link.as_deref(),
        Some("https://news.example.org/posts/1")
    );
    assert_eq!(feed.entries[0].summary, "A\n\nB");
    assert_eq!(feed.entries[1].key, "2");
    assert_eq!(feed.entries[1].summary, "Plain text body.");
}

#[test]
fn rss1_and_rss091() {
    let rdf = parse_ok(
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
             xmlns="http://purl.org/rss/1.0/">
          <channel rdf:about="https://news.example.org/"><title>R1</title></channel>
          <item rdf:about="https://news.example.org/r1"><title>Item</title>
            <link>https://news.example.org/r1</link></item>
        </rdf:RDF>"#,
    );
    assert_eq!(
        rdf.entries[0].link.as_deref(),
        Some("https://news.example.org/r1")
    );
    let old = parse_ok(
        r#"<rss version="0.91"><channel><title>Old</title>
        <item><title>Item</title><link>item.html</link></item></channel></rss>"#,
    );
    assert_eq!(
        old.entries[0].link.as_deref(),
        Some("https://news.example.org/section/item.html")
    );
}

#[test]
fn refusals_are_errors_not_panics() {
    assert!(matches!(parse(b"", &base()), Err(FeedError::Empty)));
    assert!(matches!(parse(b"  \n", &base()), Err(FeedError::Empty)));
    let html = parse(b"<html><body>not a feed</body></html>", &base()).unwrap_err();
    assert_eq!(
        html.to_string(),
        "not a feed: the document's root element is <html>, not <rss>, <feed> or <rdf:RDF>: not RSS, Atom or RDF"
    );
    assert!(parse(&[0xFF, 0x00, 0x13, 0x37, 0x80], &base()).is_err());
}

#[test]
fn utf16be_feed_parses() {
    let doc = r#"<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel>
        <title>Wide</title><item><title>Ünïcode</title><link>/u</link></item></channel></rss>"#;
    let mut bytes = vec![0xFE, 0xFF];
    for u in doc.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    let feed = parse(&bytes, &base()).unwrap();
    assert_eq!(feed.entries[0].title, "Ünïcode");
}

#[test]
fn utf8_bytes_declared_windows_1251_are_read_as_utf8() {
    let doc = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>\
        <title>Новини</title><item><title>Обмін полоненими</title><link>/1</link></item></channel></rss>";
    let feed = parse_http(
        doc.as_bytes(),
        Some("application/rss+xml; charset=koi8-r"),
        &base(),
    )
    .unwrap();
    assert_eq!(feed.title.as_deref(), Some("Новини"));
    assert_eq!(feed.entries[0].title, "Обмін полоненими");
}

#[test]
fn a_declared_legacy_encoding_is_decoded_before_feed_rs_reads_it() {
    let doc = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel>\
        <title>Новини</title><item><title>Обмін &#0; полоненими</title><link>/1</link></item></channel></rss>";
    let bytes = encoding_rs::WINDOWS_1251.encode(doc).0;
    let feed = parse(&bytes, &base()).unwrap();
    assert_eq!(feed.entries[0].title, "Обмін \u{FFFD} полоненими");
}

fn big_rss(items: usize, odd: Option<usize>) -> String {
    let body: String = (0..items)
        .map(|i| {
            let title = if Some(i) == odd { "bad &#0; title".to_string() } else { format!("Item {i}") };
            format!("<item><title>{title}</title><link>/a/{i}</link><pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate></item>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>{body}<link>/</link></channel></rss>"
    )
}

#[test]
fn a_large_feed_read_in_chunks_gives_what_reading_it_whole_gives() {
    let doc = big_rss(20_000, None);
    assert!(doc.len() > chunks::MIN_BYTES, "large enough to be cut");
    let feed = parse_ok(&doc);
    let (whole, notes) = xml::whole(&doc, &base()).expect("reads whole");
    assert!(notes.is_empty() && feed.notes.is_empty());
    let whole: Vec<Entry> = whole.entries.iter().map(|e| entry(e, &base())).collect();
    assert_eq!(feed.entries.len(), 20_000);
    assert_eq!(feed.title.as_deref(), Some("Big"));
    for (a, b) in feed.entries.iter().zip(&whole) {
        assert_eq!(
            (&a.key, &a.link, &a.title, a.published),
            (&b.key, &b.link, &b.title, b.published)
        );
    }
    assert_eq!(
        feed.entries[19_999].link.as_deref(),
        Some("https://news.example.org/a/19999")
    );
}

#[test]
fn a_large_feed_that_needs_repair_is_read_whole_with_its_note() {
    let feed = parse_ok(&big_rss(20_000, Some(12_345)));
    assert_eq!(feed.entries.len(), 20_000);
    assert!(
        feed.notes.iter().any(|n| n.contains("U+FFFD")),
        "{:?}",
        feed.notes
    );
}
