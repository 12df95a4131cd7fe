//! What the page says about its article outside the body text: title (without the site's
//! suffix), byline, publication time, language, and the JSON-LD `articleBody` some CMSs
//! embed. It reads `<head>` metadata, JSON-LD and a few marked-up elements in one walk; it
//! never scores or cleans, and it trusts nothing it cannot parse.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};
use serde_json::Value;

#[derive(Debug, Default)]
pub(super) struct Meta {
    pub title: String,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub lang: Option<String>,
    pub json_ld_body: Option<String>,
    /// Host of the page's canonical URL (`<link rel=canonical>` or `og:url`).
    pub canonical_host: Option<String>,
    /// The host most of the page's absolute links point to: the page's own site, as a
    /// guess when its address is not known.
    pub link_host: Option<String>,
}

#[derive(Default)]
struct Found {
    og_title: Option<String>,
    twitter_title: Option<String>,
    title_tag: Option<String>,
    h1s: Vec<String>,
    site_name: Option<String>,
    author: Option<String>,
    published_meta: Option<String>,
    time_datetime: Option<String>,
    lang: Option<String>,
    canonical: Option<String>,
    ld: LdArticle,
    link_hosts: FxHashMap<String, u32>,
    links_seen: usize,
}

#[derive(Default)]
struct LdArticle {
    headline: Option<String>,
    body: Option<String>,
    published: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
}

pub(super) fn read(doc: &Html) -> Meta {
    let mut f = Found::default();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "html" => f.lang = f.lang.take().or_else(|| clean(el.attr("lang"))),
            "title" if f.title_tag.is_none() => f.title_tag = clean(Some(&text_of(node))),
            "h1" if f.h1s.len() < 8 => f.h1s.extend(clean(Some(&text_of(node)))),
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let content = clean(el.attr("content"));
                let slot = match key.as_str() {
                    "og:title" => &mut f.og_title,
                    "og:url" => &mut f.canonical,
                    "twitter:title" => &mut f.twitter_title,
                    "og:site_name" | "application-name" => &mut f.site_name,
                    "author" | "article:author" | "byl" | "dc.creator" | "sailthru.author" => {
                        &mut f.author
                    }
                    "article:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "dc.date.issued"
                    | "dc.date"
                    | "date"
                    | "sailthru.date"
                    | "parsely-pub-date"
                    | "og:published_time" => &mut f.published_meta,
                    _ => {
                        if el
                            .attr("http-equiv")
                            .is_some_and(|h| h.eq_ignore_ascii_case("content-language"))
                        {
                            &mut f.lang
                        } else {
                            continue;
                        }
                    }
                };
                if slot.is_none() {
                    *slot = content;
                }
            }
            "link"
                if f.canonical.is_none()
                    && el
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                f.canonical = clean(el.attr("href"));
            }
            "time" if f.time_datetime.is_none() => f.time_datetime = clean(el.attr("datetime")),
            "a" if f.links_seen < MAX_LINKS_READ => {
                if let Some(host) = el.attr("href").and_then(absolute_host) {
                    f.links_seen += 1;
                    *f.link_hosts.entry(host).or_default() += 1;
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                read_json_ld(&text_of(node), &mut f.ld);
            }
            _ => {}
        }
    }

    let site = f.site_name.clone().or(f.ld.publisher.clone());
    let raw_title = f
        .og_title
        .clone()
        .or(f.twitter_title.clone())
        .or(f.ld.headline.clone())
        .or(f.title_tag.clone())
        .or(f.h1s.first().cloned())
        .unwrap_or_default();
    let title = strip_site(&raw_title, site.as_deref(), &f.h1s);
    let byline = f
        .author
        .filter(|a| !a.starts_with("http"))
        .or(f.ld.author)
        .map(|a| clean_byline(&a))
        .filter(|a| !a.is_empty() && a.chars().count() <= 100);
    let published = [f.published_meta, f.ld.published, f.time_datetime]
        .into_iter()
        .flatten()
        .find_map(|d| parse_date(&d));
    Meta {
        title,
        byline,
        published,
        lang: f.lang.map(|l| l.replace('_', "-")),
        json_ld_body: f.ld.body,
        canonical_host: f
            .canonical
            .and_then(|c| url::Url::parse(&c).ok())
            .and_then(|u| u.host_str().map(str::to_string)),
        link_host: f
            .link_hosts
            .into_iter()
            .filter(|&(_, n)| n >= MIN_LINKS_TO_HOST)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(h, _)| h),
    }
}

/// Absolute links read for `link_host`: a page's own site shows in its first few hundred.
const MAX_LINKS_READ: usize = 2000;
/// Fewer links than this to one host say nothing about the page's own site.
const MIN_LINKS_TO_HOST: u32 = 3;

/// The lower-case host of an absolute `http(s)://` link.
fn absolute_host(href: &str) -> Option<String> {
    let href = href.trim();
    let rest = ["https://", "http://", "//"].iter().find_map(|p| {
        href.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &href[p.len()..])
    })?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| &*t.text))
        .collect()
}

fn clean(s: Option<&str>) -> Option<String> {
    let s = s?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " : ",
];

/// Drops a " | Site" suffix (or "Site | " prefix) from a page title: the site's name when the
/// page names it, otherwise the shorter side of a separator when the rest still reads as a
/// headline or equals the page's `<h1>`.
fn strip_site(title: &str, site: Option<&str>, h1s: &[String]) -> String {
    let title = title.trim();
    if let Some(h1) = h1s
        .iter()
        .find(|h| h.len() >= 10 && title.starts_with(h.as_str()))
    {
        return h1.clone();
    }
    for sep in SEPARATORS {
        let Some(at) = title.rfind(sep) else { continue };
        let (head, tail) = (title[..at].trim(), title[at + sep.len()..].trim());
        let names_site = |part: &str| site.is_some_and(|s| part.eq_ignore_ascii_case(s.trim()));
        if names_site(tail) || (words(tail) <= 4 && words(head) >= 3) {
            return strip_site(head, site, h1s);
        }
        if let Some(first) = title.find(sep) {
            let (lead, rest) = (title[..first].trim(), title[first + sep.len()..].trim());
            if names_site(lead) || h1s.iter().any(|h| h == rest) {
                return rest.to_string();
            }
        }
    }
    title.to_string()
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn clean_byline(a: &str) -> String {
    let a = a.trim();
    let lower = a.to_lowercase();
    let a = if lower.starts_with("by ") { &a[3..] } else { a };
    a.trim().to_string()
}

/// Reads the first article-like object of a JSON-LD block, looking through arrays and
/// `@graph`. Malformed JSON is ignored: it is the page's hint, not its content.
fn read_json_ld(text: &str, out: &mut LdArticle) {
    let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
        return;
    };
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    stack.push(graph);
                }
                if is_article(map.get("@type")) || map.contains_key("articleBody") {
                    let s = |k: &str| {
                        map.get(k)
                            .and_then(Value::as_str)
                            .and_then(|s| clean(Some(s)))
                    };
                    out.headline = out.headline.take().or_else(|| s("headline"));
                    out.published = out.published.take().or_else(|| s("datePublished"));
                    out.author = out.author.take().or_else(|| names(map.get("author")));
                    out.publisher = out.publisher.take().or_else(|| names(map.get("publisher")));
                    if out.body.is_none() {
                        out.body = map
                            .get("articleBody")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .filter(|b| !b.trim().is_empty());
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_article(t: Option<&Value>) -> bool {
    let is = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting" | "Report" | "ReportageNews" | "LiveBlogPosting"
            )
    };
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

fn names(v: Option<&Value>) -> Option<String> {
    let name = |v: &Value| match v {
        Value::String(s) => clean(Some(s)),
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .and_then(|s| clean(Some(s))),
        _ => None,
    };
    match v? {
        Value::Array(items) => {
            let all: Vec<String> = items.iter().filter_map(name).collect();
            (!all.is_empty()).then(|| all.join(", "))
        }
        other => name(other),
    }
}

/// The date formats news pages put in metadata: RFC 3339 with or without seconds or zone,
/// RFC 2822, a bare date. A time without a zone is taken as UTC.
pub(super) fn parse_date(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(d.and_utc());
        }
    }
    let date_part = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_suffixes() {
        let h1 = vec!["Talks resume in Istanbul".to_string()];
        assert_eq!(
            strip_site("Talks resume in Istanbul | The Daily", None, &[]),
            "Talks resume in Istanbul"
        );
        assert_eq!(
            strip_site(
                "Talks resume in Istanbul - Example News Network",
                Some("Example News Network"),
                &[]
            ),
            "Talks resume in Istanbul"
        );
        assert_eq!(
            strip_site("The Daily | Talks resume in Istanbul", None, &h1),
            h1[0]
        );
        assert_eq!(
            strip_site("Pro-Kremlin - anti-war", None, &[]),
            "Pro-Kremlin - anti-war"
        );
    }

    #[test]
    fn parses_dates() {
        for s in [
            "2023-06-04T14:21:00Z",
            "2023-06-04T17:21:00+03:00",
            "2023-06-04T14:21:00.000+0000",
            "2023-06-04T14:21",
            "Sun, 04 Jun 2023 14:21:00 GMT",
        ] {
            assert_eq!(
                parse_date(s).map(|d| d.to_rfc3339()).as_deref(),
                Some("2023-06-04T14:21:00+00:00"),
                "{s}"
            );
        }
        assert!(parse_date("2023-06-04").is_some());
        assert!(parse_date("yesterday").is_none());
    }
}
