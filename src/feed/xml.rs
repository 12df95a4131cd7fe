//! XML feeds: feed-rs reads them; when it refuses a document or reads no entry from one that
//! holds items, the document is repaired (`repair`) and read again, then each element it still
//! refuses, at the position its error gives, is dropped and the rest read again — a broken
//! field costs that field (an item that cannot be read, that item), said in a note, not the
//! feed. A document whose items all stay unreadable is an error that says how many it held.

use super::{FeedError, chunks, panic_message, repair, scan};
use crate::model::Entry;
use feed_rs::model::{Feed, FeedType};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use url::Url;

/// Elements dropped at most before a document is given up as too broken: each costs a parse.
const MAX_DROPS: usize = 16;

/// A feed as read: its title (feed-rs's form), its entries, what was repaired or dropped.
pub(super) type Read = (Option<feed_rs::model::Text>, Vec<Entry>, Vec<String>);

/// Reads `text`, turning each of feed-rs's entries into ours with `convert` as soon as it is
/// read (a large feed's entries are never all in feed-rs's form at once).
pub(super) fn read(
    text: &str,
    base: &Url,
    convert: &dyn Fn(&feed_rs::model::Entry) -> Entry,
) -> Result<Read, FeedError> {
    if text.len() >= chunks::MIN_BYTES
        && let Some(read) = in_chunks(text, base, convert)
    {
        return Ok(read);
    }
    let (feed, notes) = whole(text, base)?;
    Ok((
        feed.title,
        feed.entries.iter().map(convert).collect(),
        notes,
    ))
}

/// A large, well-formed feed read a chunk of items at a time; `None` when any chunk needs
/// more than plain reading (the whole-document reading then repairs, drops and notes).
fn in_chunks(
    text: &str,
    base: &Url,
    convert: &dyn Fn(&feed_rs::model::Entry) -> Entry,
) -> Option<Read> {
    let chunks = chunks::split(text)?;
    let mut title = None;
    let mut entries = Vec::new();
    for part in chunks.parts() {
        let feed = feed_rs(&part, base).ok()?;
        if feed.feed_type == FeedType::RSS1 || feed.entries.is_empty() {
            return None;
        }
        // Channel metadata may sit between items, so in any one chunk.
        if title.is_none() {
            title = feed.title;
        }
        entries.extend(feed.entries.iter().map(convert));
    }
    // An item feed-rs passed over: the whole reading finds and notes it.
    (entries.len() == chunks.items()).then_some((title, entries, Vec::new()))
}

pub(super) fn whole(text: &str, base: &Url) -> Result<(Feed, Vec<String>), FeedError> {
    let first = feed_rs(text, base);
    // The common case costs one parse: entries read, and no format that drops items quietly.
    if let Ok(f) = &first
        && !f.entries.is_empty()
        && f.feed_type != FeedType::RSS1
    {
        return first.map(|f| (f, Vec::new()));
    }
    let items = scan::count_items(text);
    let short = |r: &Result<Feed, FeedError>| r.as_ref().map_or(true, |f| f.entries.len() < items);
    let mut notes = Vec::new();
    let mut doc = Cow::Borrowed(text);
    let mut result = first;
    if short(&result)
        && let Some(r) = repair::repair(&doc)
    {
        notes.extend(r.notes);
        doc = Cow::Owned(r.text);
        result = feed_rs(&doc, base);
    }
    for _ in 0..MAX_DROPS {
        let Err(FeedError::Parse(e)) = &result else {
            break;
        };
        let Some(pos) = position(e) else { break };
        let Some((range, name, depth)) = scan::element_at(&doc, pos) else {
            break;
        };
        // The root and RSS's <channel> hold everything: dropping them reads nothing.
        if depth == 0 || (depth == 1 && name.rsplit(':').next() == Some("channel")) {
            break;
        }
        let line = doc[..range.start].matches('\n').count() + 1;
        notes.push(format!(
            "<{name}> at line {line} could not be read ({e}); dropped"
        ));
        let mut next = String::with_capacity(doc.len());
        next.push_str(&doc[..range.start]);
        next.push_str(&doc[range.end..]);
        doc = Cow::Owned(next);
        result = feed_rs(&doc, base);
    }
    let feed = match result {
        Err(FeedError::Parse(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))) => {
            return Err(FeedError::NotAFeed(no_root(&doc)));
        }
        other => other?,
    };
    if feed.entries.is_empty() && items > 0 {
        return Err(FeedError::Unread { items });
    }
    if feed.entries.len() < items {
        notes.push(format!(
            "{} of the {items} items could not be read",
            items - feed.entries.len()
        ));
    }
    Ok((feed, notes))
}

fn feed_rs(text: &str, base: &Url) -> Result<Feed, FeedError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(base.as_str()))
        // feed-rs fills a missing id with a hash of the first link or with a random UUID.
        // An empty id instead lets us tell "the source gave no id" apart, and we build our
        // own stable key for those entries.
        .id_generator(|_, _, _| String::new())
        .build();
    catch_unwind(AssertUnwindSafe(|| parser.parse(text.as_bytes())))
        .map_err(|panic| FeedError::Crashed(panic_message(&*panic)))?
        .map_err(FeedError::Parse)
}

/// Where in the document feed-rs's error is, when it says.
fn position(e: &ParseFeedError) -> Option<usize> {
    let ParseFeedError::ParseError(kind) = e else {
        return None;
    };
    let pos = match kind {
        ParseErrorKind::UnknownMimeType { position, .. }
        | ParseErrorKind::MissingContent { position, .. }
        | ParseErrorKind::UnknownEnumVariant { position, .. }
        | ParseErrorKind::IllegalState { position, .. } => *position,
        ParseErrorKind::NoFeedRoot => return None,
    };
    usize::try_from(pos).ok()
}

/// What feed-rs's "no root element" means for this document.
fn no_root(doc: &str) -> String {
    match scan::root_name(doc) {
        None => "no XML element found (an empty, truncated or non-XML document)".into(),
        // quick-xml takes any bytes up to a space for a name: binary junk is no element.
        Some(n)
            if n.is_empty()
                || n.len() > 64
                || !n
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')) =>
        {
            "no XML element found (an empty, truncated or non-XML document)".into()
        }
        Some(n) if n.rsplit(':').next() == Some("rss") => {
            "an <rss> element without a <channel> inside: no feed to read".into()
        }
        Some(n) => format!(
            "the document's root element is <{n}>, not <rss>, <feed> or <rdf:RDF>: not RSS, Atom or RDF"
        ),
    }
}
