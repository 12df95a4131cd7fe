//! The `feed` stage: raw feed bytes (RSS 0.9x/1.0/2.0, Atom, JSON Feed) to `Entry` values
//! with stable keys, canonical absolute links and plain-text titles and summaries. It owns
//! the policy for entry identity. It does no I/O, reads no clock and never panics: feed-rs is
//! run behind `catch_unwind` and any failure comes back as a `FeedError`.

mod charset;
mod chunks;
pub mod discover;
mod json;
mod link;
mod repair;
mod scan;
mod wide;
mod xml;

use chrono::{DateTime, Utc};
use feed_rs::model::{self, Link};
use sha2::{Digest, Sha256};
use url::Url;

use crate::extract::html_to_text;
use crate::model::Entry;

pub use charset::as_utf8;
pub use link::canonical_link;

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("empty document: no feed to parse")]
    Empty,
    #[error("not a feed: {0}")]
    Parse(#[source] feed_rs::parser::ParseFeedError),
    #[error("feed parser crashed on this document: {0}")]
    Crashed(String),
    /// A document that is not a feed at all, with why (JSON without items, say).
    #[error("not a feed: {0}")]
    NotAFeed(String),
    /// The document holds items, but not one could be read.
    #[error(
        "0 entries from a feed that has {items} items: none of them could be read (an unknown format or namespace?)"
    )]
    Unread { items: usize },
}

#[derive(Debug, Clone, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    /// What was dropped or repaired to read the document, each with where and why.
    pub notes: Vec<String>,
}

/// Parses a feed document. `base` is the URL the feed was fetched from; relative links
/// resolve against it unless the document sets its own `xml:base`.
pub fn parse(bytes: &[u8], base: &Url) -> Result<ParsedFeed, FeedError> {
    parse_http(bytes, None, base)
}

/// As `parse`, for a feed fetched over HTTP: the Content-Type's charset decodes a feed whose
/// bytes do not declare their own encoding.
pub fn parse_http(
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
) -> Result<ParsedFeed, FeedError> {
    // UTF-16 and UTF-32 first: their bytes say nothing an 8-bit reading could use.
    let bytes = wide::to_utf8(bytes);
    let bytes = charset::to_utf8(&bytes, content_type);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    // UTF-8 now, save for bytes no encoding could explain, which become U+FFFD.
    let text = String::from_utf8_lossy(&bytes);
    if text.trim_start().starts_with('{') {
        return json_feed(&bytes, base);
    }
    let (title, entries, notes) = xml::read(&text, base, &|e| entry(e, base))?;
    Ok(ParsedFeed {
        title: title.as_ref().map(one_line).filter(|t| !t.is_empty()),
        entries,
        notes,
    })
}

/// The text the parser reads for these bytes and this Content-Type: UTF-16/32 and legacy
/// encodings decoded, valid UTF-8 kept whatever a label says. For fuzzing the decoding.
#[doc(hidden)]
pub fn decoded_text(bytes: &[u8], content_type: Option<&str>) -> String {
    let bytes = charset::to_utf8(&wide::to_utf8(bytes), content_type).into_owned();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// How many items (`<item>`, `<entry>`) an XML feed document holds, read or not; 0 for JSON
/// and for what is not XML. For measuring what parsing reads of a corpus.
pub fn count_items(bytes: &[u8]) -> usize {
    let bytes = charset::to_utf8(&wide::to_utf8(bytes), None).into_owned();
    scan::count_items(&String::from_utf8_lossy(&bytes))
}

fn json_feed(bytes: &[u8], base: &Url) -> Result<ParsedFeed, FeedError> {
    let doc = json::read(bytes).map_err(FeedError::NotAFeed)?;
    let entries = doc
        .items
        .into_iter()
        .map(|item| {
            let link = item
                .url
                .as_deref()
                .and_then(|u| canonical_link(u, Some(base)));
            let title = plain(&item.title, false)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let summary = item
                .content
                .map(|(c, html)| plain(&c, html))
                .unwrap_or_default();
            let key = match (&link, item.id.trim()) {
                (Some(link), _) => link.clone(),
                (None, id) if !id.is_empty() => id.to_string(),
                (None, _) => content_hash(&title, item.published, &summary),
            };
            Entry {
                key,
                link,
                title,
                published: item.published,
                summary,
            }
        })
        .collect();
    Ok(ParsedFeed {
        title: doc.title.filter(|t| !t.trim().is_empty()),
        entries,
        notes: doc.notes,
    })
}

fn entry(e: &model::Entry, base: &Url) -> Entry {
    // An entry's own xml:base beats the feed URL for its relative links.
    let entry_base = e.base.as_deref().and_then(|b| base.join(b).ok());
    let base = entry_base.as_ref().unwrap_or(base);

    let link = pick_link(&e.links)
        .and_then(|l| canonical_link(&l.href, Some(base)))
        // RSS items often carry only a permalink GUID.
        .or_else(|| canonical_link(&e.id, None));
    let title = e.title.as_ref().map(one_line).unwrap_or_default();
    let summary = e
        .content
        .as_ref()
        .and_then(|c| {
            c.body
                .as_deref()
                .map(|b| plain(b, is_html(c.content_type.as_str())))
        })
        .filter(|s| !s.is_empty())
        .or_else(|| e.summary.as_ref().map(text_to_plain))
        .unwrap_or_default();
    let published = e.published.or(e.updated);

    let key = match (&link, e.id.trim()) {
        (Some(link), _) => link.clone(),
        (None, id) if !id.is_empty() => id.to_string(),
        (None, _) => content_hash(&title, published, &summary),
    };
    Entry {
        key,
        link,
        title,
        published,
        summary,
    }
}

/// The link to the article itself: `alternate` (or unlabelled) and HTML if any says so,
/// never `self`, `enclosure`, `edit` and the like.
fn pick_link(links: &[Link]) -> Option<&Link> {
    let alternate = |l: &&Link| {
        l.rel
            .as_deref()
            .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
    };
    let html = |l: &&Link| l.media_type.as_deref().is_none_or(|m| m.contains("html"));
    links
        .iter()
        .filter(alternate)
        .find(html)
        .or_else(|| links.iter().find(alternate))
}

fn content_hash(title: &str, published: Option<DateTime<Utc>>, summary: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update([0]);
    if let Some(p) = published {
        h.update(p.to_rfc3339().as_bytes());
    }
    h.update([0]);
    h.update(summary.as_bytes());
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// What to do about a document that is not a feed, when it is plainly a web page: the
/// usual cause is a site's address configured instead of its feed's.
pub fn parse_hint(bytes: &[u8], content_type: Option<&str>) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower = head[start..].to_ascii_lowercase();
    let page = content_type.is_some_and(|c| c.to_ascii_lowercase().contains("text/html"))
        || lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html");
    page.then_some(
        "not a feed: the server returned a web page — configure the feed's address, not the \
         site's (`newshound feeds add SITE` finds it)",
    )
}

fn is_html(media_type: &str) -> bool {
    media_type.contains("html")
}

fn text_to_plain(t: &model::Text) -> String {
    plain(&t.content, is_html(t.content_type.as_str()))
}

/// Feed-rs marks RSS titles and descriptions as text/plain, yet publishers routinely put
/// escaped HTML in them, so markup is looked for rather than trusted to the declared type.
fn plain(s: &str, declared_html: bool) -> String {
    if declared_html || looks_like_markup(s) {
        html_to_text(s)
    } else {
        s.split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

fn one_line(t: &model::Text) -> String {
    text_to_plain(t)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn looks_like_markup(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'<' => b
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/' || *n == b'!'),
        b'&' => {
            let rest = &b[i + 1..b.len().min(i + 12)];
            rest.iter().position(|&c| c == b';').is_some_and(|end| {
                end > 0
                    && rest[..end]
                        .iter()
                        .all(|c| c.is_ascii_alphanumeric() || *c == b'#')
            })
        }
        _ => false,
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

#[cfg(test)]
mod tests;
