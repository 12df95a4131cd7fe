//! Finding a site's feed from its home page, as Miniflux and FreshRSS do, for `feeds add`:
//! the `<link rel="alternate">` of a feed type in the page's head (resolved against the page,
//! or its `<base href>`), else the paths feeds usually live at. Pure: it reads a page already
//! fetched and builds addresses to try; fetching them, and proving one parses, is the
//! caller's.

use scraper::{Html, Selector};
use url::Url;

/// Paths tried, in this order, on the site's origin when its page links no feed: those
/// WordPress, Ghost, Hugo, Jekyll and most CMSs serve their feed at.
pub const FALLBACK_PATHS: [&str; 6] = [
    "/feed",
    "/rss",
    "/atom.xml",
    "/feed.xml",
    "/rss.xml",
    "/index.xml",
];

/// The head is read at most this far: feed links sit in the first few kilobytes, and a
/// hostile page must not make the parser build a tree of the whole body.
pub const MAX_HEAD_BYTES: usize = 256 << 10;

/// A link's title is shown on one line of the list of candidates; longer is cut.
const MAX_TITLE_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Rss,
    /// RSS 1.0, whose documents are RDF.
    Rdf,
    Atom,
    Json,
}

impl FeedKind {
    /// The kind a `<link type>` announces; `None` for a type that is not a feed's. Types are
    /// compared without parameters (`; charset=...`) and case, as RFC 9110 §8.3.1 has them.
    pub fn of_type(mime: &str) -> Option<Self> {
        let essence = mime.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "application/rss+xml" => Some(FeedKind::Rss),
            "application/rdf+xml" => Some(FeedKind::Rdf),
            "application/atom+xml" => Some(FeedKind::Atom),
            // JSON Feed 1.1 registers application/feed+json; 1.0 said application/json.
            "application/feed+json" | "application/json" => Some(FeedKind::Json),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FeedKind::Rss => "RSS",
            FeedKind::Rdf => "RSS 1.0",
            FeedKind::Atom => "Atom",
            FeedKind::Json => "JSON Feed",
        }
    }
}

/// A feed a page links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: Url,
    pub kind: FeedKind,
    /// The link's `title`, on one line; `None` when it has none.
    pub title: Option<String>,
}

/// What a page's head links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// Main feeds first, then comment feeds, each group in the page's order; each address once.
    pub candidates: Vec<Candidate>,
    /// The head was longer than `MAX_HEAD_BYTES` and only its start was read.
    pub head_cut: bool,
}

/// The feeds `html`'s head links to. `page` is the address the page came from (after
/// redirects); links resolve against it, or against the page's `<base href>`.
pub fn links(html: &str, page: &Url) -> Links {
    let (head, head_cut) = head_of(html);
    let doc = Html::parse_document(head);
    let base = first_attr(&doc, "head base[href]", "href")
        .and_then(|b| page.join(b.trim()).ok())
        .unwrap_or_else(|| page.clone());
    let mut candidates: Vec<Candidate> = Vec::new();
    let Ok(link) = Selector::parse("head link[href][type]") else {
        return Links::default();
    };
    for el in doc.select(&link).map(|e| e.value()) {
        let alternate = el.attr("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|w| w.eq_ignore_ascii_case("alternate"))
        });
        let kind = el.attr("type").and_then(FeedKind::of_type);
        let url = el.attr("href").and_then(|h| base.join(h.trim()).ok());
        let (true, Some(kind), Some(url)) = (alternate, kind, url) else {
            continue;
        };
        if !matches!(url.scheme(), "http" | "https") || candidates.iter().any(|c| c.url == url) {
            continue;
        }
        let title = el.attr("title").map(one_line).filter(|t| !t.is_empty());
        candidates.push(Candidate { url, kind, title });
    }
    // A blog links its comments' feed beside its posts'; the posts' is the one meant.
    candidates.sort_by_key(is_comments);
    Links {
        candidates,
        head_cut,
    }
}

/// The addresses of `FALLBACK_PATHS` on `page`'s origin, leaving out `page` itself (already
/// fetched and not a feed).
pub fn fallback_urls(page: &Url) -> Vec<Url> {
    FALLBACK_PATHS
        .iter()
        .filter_map(|p| page.join(p).ok())
        .filter(|u| u != page)
        .collect()
}

/// A feed's name when the operator gives none: its title, else its site's host.
pub fn default_name(title: Option<&str>, url: &Url) -> String {
    match title.map(one_line).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            let host = url.host_str().unwrap_or("feed");
            host.strip_prefix("www.").unwrap_or(host).to_string()
        }
    }
}

/// Whether a body that did not parse as a feed is a web page (to look for feed links in)
/// rather than a broken feed: by its Content-Type, else by how it starts.
pub fn looks_like_html(bytes: &[u8], content_type: Option<&str>) -> bool {
    if content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html")) {
        return true;
    }
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    find_ascii_ci(&start, "<html").is_some() || find_ascii_ci(&start, "<!doctype html").is_some()
}

fn is_comments(c: &Candidate) -> bool {
    let in_title = c
        .title
        .as_deref()
        .is_some_and(|t| t.to_lowercase().contains("comments"));
    in_title || c.url.path().contains("/comments/")
}

/// The page up to where its body starts, and at most `MAX_HEAD_BYTES`.
fn head_of(html: &str) -> (&str, bool) {
    let lower_end = find_ascii_ci(html, "<body").or_else(|| find_ascii_ci(html, "</head"));
    let end = lower_end.unwrap_or(html.len());
    if end <= MAX_HEAD_BYTES {
        return (&html[..end], false);
    }
    let mut cut = MAX_HEAD_BYTES;
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    (&html[..cut], true)
}

/// Where `needle` (ASCII, lower case) first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

fn first_attr<'a>(doc: &'a Html, selector: &str, attr: &str) -> Option<&'a str> {
    let sel = Selector::parse(selector).ok()?;
    doc.select(&sel).next().and_then(|e| e.value().attr(attr))
}

/// Whitespace collapsed, cut at `MAX_TITLE_CHARS`.
fn one_line(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(MAX_TITLE_CHARS) {
        Some((i, _)) => format!("{}…", &joined[..i]),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Url {
        Url::parse("https://news.example.org/world/today.html").unwrap()
    }

    #[test]
    fn a_linked_feed_is_found_and_resolved_against_the_page() {
        let html = r#"<!doctype html><html><head><title>News</title>
            <link rel="stylesheet" type="text/css" href="/s.css">
            <LINK REL="Alternate" TYPE="application/rss+xml; charset=utf-8" href="../news.rss"
                  title="  Top
                  stories ">
            </head><body><link rel=alternate type=application/atom+xml href=/body.atom></body></html>"#;
        let l = links(html, &page());
        assert_eq!(
            l.candidates,
            vec![Candidate {
                url: Url::parse("https://news.example.org/news.rss").unwrap(),
                kind: FeedKind::Rss,
                title: Some("Top stories".into()),
            }],
            "only the head's feed links count"
        );
        assert!(!l.head_cut);
    }

    #[test]
    fn every_feed_type_is_known_and_other_alternates_are_not_feeds() {
        let html = r#"<head>
            <link rel="alternate" type="application/atom+xml" href="/a.xml">
            <link rel="alternate" type="application/feed+json" href="/f.json">
            <link rel="alternate" type="application/json" href="/f.json">
            <link rel="alternate" type="application/rdf+xml" href="/r.rdf">
            <link rel="alternate" type="text/html" hreflang="uk" href="/uk/">
            <link rel="feed" type="application/rss+xml" href="/not-alternate.rss">
            <link rel="alternate" type="application/rss+xml" href="mailto:x@example.org">
            <link rel="alternate" type="application/rss+xml">
            </head>"#;
        let kinds: Vec<(String, FeedKind)> = links(html, &page())
            .candidates
            .into_iter()
            .map(|c| (c.url.path().to_string(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("/a.xml".into(), FeedKind::Atom),
                ("/f.json".into(), FeedKind::Json),
                ("/r.rdf".into(), FeedKind::Rdf),
            ],
            "the same address once; no html alternates, no rel=feed, no mailto, no href-less"
        );
    }

    #[test]
    fn base_href_and_comment_feeds() {
        let html = r#"<head><base href="https://cdn.example.net/blog/">
            <link rel="alternate" type="application/rss+xml" title="Site » Comments Feed" href="comments/feed/">
            <link rel="alternate" type="application/rss+xml" title="Site » Feed" href="feed/">
            </head>"#;
        let urls: Vec<String> = links(html, &page())
            .candidates
            .iter()
            .map(|c| c.url.to_string())
            .collect();
        assert_eq!(
            urls,
            [
                "https://cdn.example.net/blog/feed/",
                "https://cdn.example.net/blog/comments/feed/"
            ],
            "resolved against <base>; the posts' feed before the comments'"
        );
    }

    #[test]
    fn a_page_without_feed_links_or_head_finds_none() {
        assert!(links("", &page()).candidates.is_empty());
        assert!(links("<p>just text", &page()).candidates.is_empty());
        assert!(links("\u{0}\u{FFFD}<<<>>>", &page()).candidates.is_empty());
    }

    #[test]
    fn a_huge_head_is_read_only_to_its_cap_and_says_so() {
        let mut html =
            String::from("<head><link rel=alternate type=application/rss+xml href=/early.rss>");
        html.push_str(&"<meta name=x content=é>".repeat(MAX_HEAD_BYTES / 10));
        html.push_str("<link rel=alternate type=application/rss+xml href=/late.rss></head>");
        let l = links(&html, &page());
        assert!(l.head_cut);
        assert_eq!(l.candidates.len(), 1);
        assert_eq!(l.candidates[0].url.path(), "/early.rss");
    }

    #[test]
    fn fallbacks_are_on_the_origin_and_skip_the_page_itself() {
        let got: Vec<String> = fallback_urls(&page()).iter().map(Url::to_string).collect();
        assert_eq!(got[0], "https://news.example.org/feed");
        assert_eq!(got.len(), FALLBACK_PATHS.len());
        let rss = Url::parse("https://news.example.org/rss").unwrap();
        assert!(!fallback_urls(&rss).contains(&rss));
    }

    #[test]
    fn the_name_is_the_title_else_the_host() {
        let u = Url::parse("https://www.kyiv.example.org/rss").unwrap();
        assert_eq!(default_name(Some("  Kyiv\n Wire "), &u), "Kyiv Wire");
        assert_eq!(default_name(Some("  "), &u), "kyiv.example.org");
        assert_eq!(default_name(None, &u), "kyiv.example.org");
        let long = "x".repeat(500);
        assert_eq!(
            default_name(Some(&long), &u).chars().count(),
            MAX_TITLE_CHARS + 1
        );
    }

    #[test]
    fn a_page_is_told_from_a_broken_feed() {
        assert!(looks_like_html(b"<p>hi", Some("text/html; charset=utf-8")));
        assert!(looks_like_html(b"\n  <!DOCTYPE html><p>hi", None));
        assert!(looks_like_html(b"<HTML><p>hi", Some("text/plain")));
        assert!(!looks_like_html(b"<rss><channel>", Some("application/xml")));
        assert!(!looks_like_html(b"", None));
    }

    #[test]
    fn types_are_compared_without_case_or_parameters() {
        assert_eq!(
            FeedKind::of_type(" Application/Atom+XML ;q=1"),
            Some(FeedKind::Atom)
        );
        assert_eq!(FeedKind::of_type("text/html"), None);
        assert_eq!(FeedKind::of_type(""), None);
    }
}
