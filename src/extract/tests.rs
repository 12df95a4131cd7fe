use super::*;

#[test]
fn html_to_text_paragraphs_lists_entities() {
    assert_eq!(
        html_to_text("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul><h2>Head</h2>x<br>y"),
        "One & two\n\na\nb\n\nHead\n\nx\ny"
    );
    assert_eq!(html_to_text("plain   text\n here"), "plain text here");
    assert_eq!(html_to_text("<script>x()</script><p>kept</p>"), "kept");
    assert_eq!(html_to_text(""), "");
}

fn para(n: usize) -> String {
    format!(
        "<p>Paragraph {n} reports that officials, speaking on Monday, confirmed the exchange \
         of prisoners, the first in months, and said talks would continue next week.</p>"
    )
}

fn page(body: &str) -> String {
    format!(
        "<html lang=\"en\"><head><title>Talks resume in Istanbul | Daily Example</title>\
         <meta property=\"article:published_time\" content=\"2024-05-07T10:00:00Z\">\
         <meta name=\"author\" content=\"By Jane Doe\"></head><body>{body}</body></html>"
    )
}

#[test]
fn picks_the_article_over_furniture() {
    let body = format!(
        "<header><nav><a href=\"/\">Home</a><a href=\"/world\">World</a></nav></header>\
         <div class=\"sidebar\"><p>Most read, most shared, most commented stories of the day here.</p></div>\
         <div class=\"content\"><h1>Talks resume in Istanbul</h1>{}{}{}\
         <ul class=\"related\"><li><a href=\"/a\">Other story one</a></li><li><a href=\"/b\">Other story two</a></li></ul>\
         <p>Subscribe</p></div>\
         <div id=\"comments\"><p>I disagree with this, strongly, and so do my friends, all of them.</p></div>\
         <footer>© Daily Example</footer>",
        para(1),
        para(2),
        para(3)
    );
    let a = extract(&page(&body), None);
    assert_eq!(a.title, "Talks resume in Istanbul");
    assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(
        a.published.unwrap().to_rfc3339(),
        "2024-05-07T10:00:00+00:00"
    );
    assert!(a.text.starts_with("Paragraph 1 reports"), "{}", a.text);
    assert!(a.text.contains("Paragraph 3 reports"));
    for junk in [
        "Home",
        "Most read",
        "Other story",
        "Subscribe",
        "disagree",
        "©",
        "Talks resume",
    ] {
        assert!(!a.text.contains(junk), "{junk:?} in {}", a.text);
    }
    assert_eq!(a.text.matches("\n\n").count(), 2);
    assert!(a.html_fragment.starts_with("<p>Paragraph 1 reports"));
}

#[test]
fn fragment_is_escaped_and_keeps_structure() {
    let body = format!(
        "<article>{}<h3>A &lt;subhead&gt;</h3><ul><li>first &amp; best</li><li>second</li></ul>\
         <blockquote><p>quoted words</p></blockquote>{}</article>",
        para(1),
        para(2)
    );
    let a = extract(&page(&body), None);
    assert!(
        a.html_fragment.contains("<h3>A &lt;subhead&gt;</h3>"),
        "{}",
        a.html_fragment
    );
    assert!(
        a.html_fragment
            .contains("<ul><li>first &amp; best</li><li>second</li></ul>")
    );
    assert!(
        a.html_fragment
            .contains("<blockquote><p>quoted words</p></blockquote>")
    );
    assert!(
        a.text
            .contains("A <subhead>\n\nfirst & best\nsecond\n\nquoted words"),
        "{}",
        a.text
    );
}

#[test]
fn site_rules_name_the_body() {
    let html = page(&format!(
        "<div class=\"story\">{}</div><div class=\"x-body\"><p>Short but chosen by the rule.</p><p class=\"ad\">Buy now</p></div>",
        para(1)
    ));
    let rule = SiteRule::new("example.org", Some(".x-body"), &[".ad"]).unwrap();
    let ex = Extractor::new(vec![rule]);
    let url = Url::parse("https://www.example.org/story").unwrap();
    assert_eq!(
        ex.extract(&html, Some(&url)).text,
        "Short but chosen by the rule."
    );
    let other = Url::parse("https://example.net/story").unwrap();
    assert!(ex.extract(&html, Some(&other)).text.contains("Paragraph 1"));
    assert!(matches!(
        SiteRule::new("example.org", Some("div[["), &[]),
        Err(ExtractError::BadSelector { .. })
    ));
    assert!(matches!(
        SiteRule::new("example.org", None, &[]),
        Err(ExtractError::EmptyRule { .. })
    ));
}

#[test]
fn site_rule_exclusions_leave_the_body_to_the_algorithm() {
    let html = page(&format!(
        "<article>{}<p class=\"x-aside\">Our reporters, who are on the ground, need your help, \
         so please give what you can today.</p>{}{}</article>",
        para(1),
        para(2),
        para(3)
    ));
    let url = Url::parse("https://news.example.org/a").unwrap();
    assert!(extract(&html, Some(&url)).text.contains("need your help"));
    let ex = Extractor::new(vec![
        SiteRule::new("example.org", None, &[".x-aside"]).unwrap(),
    ]);
    let text = ex.extract(&html, Some(&url)).text;
    assert!(!text.contains("need your help"), "{text}");
    assert!(
        text.contains("Paragraph 1") && text.contains("Paragraph 3"),
        "{text}"
    );
}

#[test]
fn never_panics_on_odd_input() {
    let junk: Vec<u8> = (0..50_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let inputs = [
        String::new(),
        " ".to_string(),
        "<".to_string(),
        "</p></div></html>".to_string(),
        decode_html(&junk, None),
        String::from_utf8_lossy(&junk).into_owned(),
        format!("<body>{}deep text, with commas, here.", "<div>".repeat(50_000)),
        format!("<body>{}", "<b><i><a href=x>".repeat(5_000)),
        format!("<table>{}", "<tr><td>".repeat(20_000)),
        page(&para(1).repeat(20_000)),
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleBody\":[1,{}]}</script></head></html>".to_string(),
    ];
    for html in &inputs {
        let a = extract(html, None);
        let _ = html_to_text(html);
        assert!(a.text.len() <= html.len());
    }
}

#[test]
fn json_ld_body_stands_in_when_markup_hides_the_text() {
    let sentence = "First sentence of the story, which is long enough to count as prose here. ";
    let body = format!(
        "{}{}",
        sentence,
        "More of the story follows, told at length. ".repeat(20)
    );
    let html = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"articleBody\":\"{body}\"}}</script></head>\
         <body><div class=\"teaser\"><p>{}</p></div></body></html>",
        &body[..160]
    );
    let a = extract(&html, None);
    assert_eq!(a.text, body.trim());
}

#[test]
fn metadata_from_open_graph_json_ld_and_http_equiv() {
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Language\" content=\"uk\">\
         <title>Ignored | Site</title>\
         <meta property=\"og:title\" content=\"Talks resume in Istanbul — Example News\">\
         <meta property=\"og:site_name\" content=\"Example News\">\
         <script type=\"application/ld+json\">{{\"@graph\":[{{\"@type\":\"WebPage\"}},\
         {{\"@type\":\"NewsArticle\",\"datePublished\":\"2024-05-07T13:00:00+03:00\",\
         \"author\":[{{\"@type\":\"Person\",\"name\":\"Jane Doe\"}},{{\"name\":\"John Roe\"}}]}}]}}</script>\
         </head><body><article>{}{}</article></body></html>",
        para(1),
        para(2)
    );
    let a = extract(&html, None);
    assert_eq!(a.title, "Talks resume in Istanbul");
    assert_eq!(a.byline.as_deref(), Some("Jane Doe, John Roe"));
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-05-07T10:00:00+00:00")
    );
    assert_eq!(a.lang.as_deref(), Some("uk"));
    assert!(a.text.starts_with("Paragraph 1") && a.text.ends_with("next week."));
}

#[test]
fn body_split_by_a_promo_box_is_kept_whole_without_the_teasers_beside_it() {
    let card = |n: usize| {
        format!(
            "<div class=\"card\"><h3><a href=\"/story-{n}\">Other headline number {n}</a></h3>\
             <p>A summary of another story, long enough to read as prose, with commas, \
             and a few more words to make it count as a paragraph here.</p></div>"
        )
    };
    let body = format!(
        "<div class=\"page\"><div class=\"story\">\
         <div class=\"part\"><h1>Talks resume in Istanbul</h1>{}{}</div>\
         <div class=\"promo\"><a href=\"/other\">Read also: a story elsewhere</a></div>\
         <div class=\"part\">{}{}</div></div>\
         <div class=\"more\">{}{}{}</div></div>",
        para(1),
        para(2),
        para(3),
        para(4),
        card(1),
        card(2),
        card(3)
    );
    let a = extract(&page(&body), None);
    for n in 1..=4 {
        assert!(
            a.text.contains(&format!("Paragraph {n} reports")),
            "{n}: {}",
            a.text
        );
    }
    for junk in ["Read also", "Other headline", "A summary of another"] {
        assert!(!a.text.contains(junk), "{junk:?} in {}", a.text);
    }
}

#[test]
fn links_to_a_sister_host_count_as_the_sites_own() {
    // The page's own address is unknown; most of its links go to its news host, the list
    // after the article to its main host.
    let nav: String = (1..=4)
        .map(|n| format!("<a href=\"http://news.example.ru/s/{n}\">Section {n}</a> "))
        .collect();
    let latest: String = (1..=4)
        .map(|n| {
            format!(
                "<li><a href=\"http://www.example.ru/n/{n}\">Latest story {n} of the day</a></li>"
            )
        })
        .collect();
    let body = format!(
        "<div class=\"nav\">{nav}</div><div class=\"text\">{}{}{}<ul>{latest}</ul></div>",
        para(1),
        para(2),
        para(3)
    );
    let a = extract(&page(&body), None);
    assert!(a.text.contains("Paragraph 3 reports"), "{}", a.text);
    assert!(!a.text.contains("Latest story"), "{}", a.text);
}

#[test]
fn a_short_post_is_kept_over_the_comments_below_it() {
    // Two paragraphs (under MIN_BODY_CHARS) in a content-marked post; the comment thread,
    // removed by the first attempt, is longer but not ten times longer.
    let comment = |n: usize| {
        format!(
            "<div class=\"comment-body\"><p>Comment {n}: what a lovely picture, thank you for \
             sharing it with all of us, I will try this at home this weekend.</p></div>"
        )
    };
    let comments: String = (1..=8).map(comment).collect();
    let body = format!(
        "<div class=\"post\"><div class=\"entry-content\">{}{}</div></div>\
         <div id=\"comments\"><h3>8 Comments</h3>{comments}</div>",
        para(1),
        para(2)
    );
    let a = extract(&page(&body), None);
    assert!(a.text.contains("Paragraph 1"), "{}", a.text);
    assert!(a.text.contains("Paragraph 2"), "{}", a.text);
    assert!(!a.text.contains("Comment 3"), "{}", a.text);
}
