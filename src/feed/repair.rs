//! Repairs that let feed-rs read what it would refuse or misread, as byte edits on the
//! document (everything not edited stays byte for byte), each said in a note:
//! - `<rss>` without a version, or with one feed-rs does not know (0.90, 0.93, 0.94, 3.0):
//!   read as RSS 2.0, which every RSS 0.9x/2.0 element maps to;
//! - Atom 0.3 (`http://purl.org/atom/ns#`): read as Atom 1.0, its renamed elements (`issued`,
//!   `modified`, `tagline`, `copyright`) and its text constructs' MIME `type` and `mode`
//!   mapped to their Atom 1.0 forms;
//! - other namespaces of the same formats (RSS 0.90's, UserLand's RSS 2.0) mapped to the ones
//!   feed-rs knows;
//! - RSS 1.0 items without `<link>` (feed-rs drops them) given their `rdf:about`;
//! - a character reference no XML document may hold (`&#0;`, a surrogate): U+FFFD, since one
//!   of them makes feed-rs refuse the whole feed; a stray `&` (`?a=1&b=2`): `&amp;`;
//! - a document cut short inside its last end tag (`</rss`): closed; an `<rss>` whose items
//!   stand outside any `<channel>`: given one.
//!
//! Only run when feed-rs refused the document or read no entries from it; it never fails: a
//! document it cannot scan is left for feed-rs to report.

use super::scan::{self, Tag};
use std::ops::Range;

const ATOM_03: &str = "http://purl.org/atom/ns#";
const ATOM_10: &str = "http://www.w3.org/2005/Atom";
const RSS_10: &str = "http://purl.org/rss/1.0/";
/// Namespaces of formats feed-rs reads, under names it does not know.
const ALIASES: &[(&str, &str)] = &[
    (ATOM_03, ATOM_10),
    ("http://my.netscape.com/rdf/simple/0.9/", RSS_10),
    ("http://backend.userland.com/rss2", RSS_10),
    ("http://blogs.law.harvard.edu/tech/rss", RSS_10),
];
/// RSS versions feed-rs accepts on the root element.
const KNOWN_RSS: &[&str] = &["2.0", "", "0.91", "0.92"];
/// Atom 0.3 elements and their Atom 1.0 names.
const ATOM_03_NAMES: &[(&str, &str)] = &[
    ("issued", "published"),
    ("modified", "updated"),
    ("tagline", "subtitle"),
    ("copyright", "rights"),
];
const TEXT_CONSTRUCTS: &[&str] = &[
    "title",
    "subtitle",
    "tagline",
    "summary",
    "content",
    "rights",
    "copyright",
    "info",
];

/// The repaired document and what was done to it.
#[derive(Debug, Default)]
pub(super) struct Repaired {
    pub text: String,
    pub notes: Vec<String>,
}

struct Edit {
    range: Range<usize>,
    with: String,
}

/// The document with every repair applied, or `None` when it needs none.
pub(super) fn repair(doc: &str) -> Option<Repaired> {
    let mut edits = Vec::new();
    let mut notes = Vec::new();
    let mut bad_refs = 0usize;
    let mut stray_amps = 0usize;
    let mut atom03 = false;
    let mut rdf = false;
    // An RSS 1.0 item being read: where its start tag ends, its rdf:about, whether it links.
    let mut item: Option<(usize, Option<String>, bool)> = None;
    let mut linkless = 0usize;
    // An <rss> root: where its start tag ends, and whether a <channel> was in it.
    let mut rss: Option<(usize, bool)> = None;
    let scanned = scan::walk(doc, |tag| {
        match tag {
            Tag::Open {
                depth,
                name,
                attrs,
                range,
                empty,
            } => {
                if depth == 0 {
                    root(doc, name, attrs, range.clone(), &mut edits, &mut notes);
                    rdf = local(name) == "RDF";
                    if local(name) == "rss" && !empty {
                        rss = Some((range.end, false));
                    }
                }
                if depth == 1
                    && local(name) == "channel"
                    && let Some(r) = &mut rss
                {
                    r.1 = true;
                }
                for (key, value) in attrs {
                    let v = &doc[value.clone()];
                    if (*key == "xmlns" || key.starts_with("xmlns:"))
                        && let Some((from, to)) = ALIASES.iter().find(|(a, _)| *a == v)
                    {
                        atom03 |= *from == ATOM_03;
                        edits.push(Edit {
                            range: value.clone(),
                            with: (*to).to_string(),
                        });
                    }
                }
                let (bad, stray) = char_refs_in_attrs(doc, attrs, &mut edits);
                bad_refs += bad;
                stray_amps += stray;
                if atom03 {
                    atom03_open(doc, name, attrs, range.clone(), empty, &mut edits);
                }
                if rdf && depth == 1 && local(name) == "item" && !empty {
                    let about = attrs
                        .iter()
                        .find(|(k, _)| *k == "rdf:about")
                        .map(|(_, v)| doc[v.clone()].to_string());
                    item = Some((range.end, about, false));
                }
                if rdf
                    && depth == 2
                    && local(name) == "link"
                    && let Some(i) = &mut item
                {
                    i.2 = true;
                }
            }
            Tag::Close {
                depth,
                name,
                name_range,
            } => {
                if depth == 0
                    && let Some((at, false)) = rss.take()
                {
                    // Items straight under <rss>: feed-rs reads only a <channel>'s.
                    edits.push(Edit {
                        range: at..at,
                        with: "<channel>".into(),
                    });
                    let close = name_range.start.saturating_sub(2);
                    edits.push(Edit {
                        range: close..close,
                        with: "</channel>".into(),
                    });
                    notes.push(
                        "the <rss> element holds no <channel>: its content read as the channel's"
                            .into(),
                    );
                }
                if atom03
                    && let Some((_, to)) = ATOM_03_NAMES.iter().find(|(from, _)| *from == name)
                {
                    edits.push(Edit {
                        range: name_range,
                        with: (*to).to_string(),
                    });
                }
                if rdf
                    && depth == 1
                    && local(name) == "item"
                    && let Some((at, Some(about), false)) = item.take()
                {
                    linkless += 1;
                    edits.push(Edit {
                        range: at..at,
                        with: format!("<link>{about}</link>"),
                    });
                }
            }
            Tag::CharRef { range, valid } => {
                if !valid {
                    bad_refs += 1;
                    edits.push(Edit {
                        range,
                        with: "&#xFFFD;".into(),
                    });
                }
            }
            Tag::StrayAmp { at } => {
                stray_amps += 1;
                edits.push(Edit {
                    range: at..at + 1,
                    with: "&amp;".into(),
                });
            }
        }
    });
    // A document cut short in its last end tag (`</rss` at the very end) is closed.
    let tail = doc.trim_end();
    if let Some(lt) = tail.rfind("</")
        && tail[lt + 2..]
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
        && tail.len() > lt + 2
    {
        edits.push(Edit {
            range: tail.len()..tail.len(),
            with: ">".into(),
        });
        notes.push("the document ends inside its last end tag: closed".into());
    }
    // What was found before the document stopped being readable is still worth repairing;
    // feed-rs says what is wrong after it.
    let _ = scanned;
    if bad_refs > 0 {
        notes.push(format!(
            "{bad_refs} character reference(s) no XML document may hold (such as &#0;) replaced by U+FFFD"
        ));
    }
    if stray_amps > 0 {
        notes.push(format!(
            "{stray_amps} stray & (starting no reference) read as &amp;"
        ));
    }
    if linkless > 0 {
        notes.push(format!(
            "{linkless} RSS 1.0 item(s) without <link> linked by their rdf:about"
        ));
    }
    if edits.is_empty() {
        return None;
    }
    Some(Repaired {
        text: apply(doc, edits),
        notes,
    })
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn root(
    doc: &str,
    name: &str,
    attrs: &[(&str, Range<usize>)],
    range: Range<usize>,
    edits: &mut Vec<Edit>,
    notes: &mut Vec<String>,
) {
    if local(name) != "rss" {
        return;
    }
    match attrs.iter().find(|(k, _)| *k == "version") {
        None => {
            let at = range.start + 1 + name.len();
            edits.push(Edit {
                range: at..at,
                with: " version=\"2.0\"".into(),
            });
            notes.push("the <rss> element gives no version: read as RSS 2.0".into());
        }
        Some((_, v)) if !KNOWN_RSS.contains(&doc[v.clone()].trim()) => {
            notes.push(format!("RSS version {:?} read as RSS 2.0", &doc[v.clone()]));
            edits.push(Edit {
                range: v.clone(),
                with: "2.0".into(),
            });
        }
        Some(_) => {}
    }
}

/// Atom 0.3's renamed elements, and its text constructs' `type` (a MIME type) and `mode`
/// (`xml`, `escaped`, `base64`) as Atom 1.0's `type` (`text`, `html`, `xhtml`).
fn atom03_open(
    doc: &str,
    name: &str,
    attrs: &[(&str, Range<usize>)],
    range: Range<usize>,
    empty: bool,
    edits: &mut Vec<Edit>,
) {
    let new_name = ATOM_03_NAMES
        .iter()
        .find(|(from, _)| *from == name)
        .map_or(name, |(_, to)| *to);
    let value = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| doc[v.clone()].trim().to_ascii_lowercase())
    };
    let (ty, mode) = (value("type"), value("mode"));
    let is_text = TEXT_CONSTRUCTS.contains(&name) && (ty.is_some() || mode.is_some());
    let new_type = match (ty.as_deref(), mode.as_deref()) {
        _ if !is_text => None,
        // Base64 is left as it is: feed-rs refuses it and the element alone is dropped, said.
        (_, Some("base64")) => None,
        (Some("text/plain") | Some("text"), Some("escaped")) | (Some("text/plain"), _) => {
            Some("text")
        }
        (_, Some("escaped")) => Some("html"),
        (Some("application/xhtml+xml") | Some("text/html") | Some("xhtml"), _) => Some("xhtml"),
        (None, Some("xml")) => Some("xhtml"),
        _ => None,
    };
    if new_name == name && new_type.is_none() {
        return;
    }
    let mut tag = format!("<{new_name}");
    for (k, v) in attrs {
        let raw = &doc[v.clone()];
        let quote = if raw.contains('"') { '\'' } else { '"' };
        match (*k, new_type) {
            ("mode", Some(_)) => continue,
            ("type", Some(t)) => tag.push_str(&format!(" type=\"{t}\"")),
            _ => tag.push_str(&format!(" {k}={quote}{raw}{quote}")),
        }
    }
    if new_type.is_some() && ty.is_none() {
        tag.push_str(&format!(" type=\"{}\"", new_type.unwrap_or("text")));
    }
    tag.push_str(if empty { "/>" } else { ">" });
    edits.push(Edit { range, with: tag });
}

/// Replaces invalid character references and stray `&` inside attribute values; returns how
/// many.
fn char_refs_in_attrs(
    doc: &str,
    attrs: &[(&str, Range<usize>)],
    edits: &mut Vec<Edit>,
) -> (usize, usize) {
    let (mut n, mut stray) = (0, 0);
    for (_, v) in attrs {
        let value = &doc[v.clone()];
        let mut from = 0;
        while let Some(i) = value[from..].find('&') {
            let start = from + i;
            let rest = &value[start + 1..];
            let name_len = rest
                .find(|c: char| {
                    !(c.is_alphanumeric() || c == '#' || c == '_' || c == '-' || c == '.')
                })
                .unwrap_or(rest.len());
            let terminated = name_len > 0 && rest[name_len..].starts_with(';');
            if !terminated {
                stray += 1;
                edits.push(Edit {
                    range: v.start + start..v.start + start + 1,
                    with: "&amp;".into(),
                });
            } else if let Some(body) = rest[..name_len].strip_prefix('#')
                && !scan::char_ref_is_valid(body)
            {
                n += 1;
                edits.push(Edit {
                    range: v.start + start..v.start + start + name_len + 2,
                    with: "&#xFFFD;".into(),
                });
            }
            from = start + 1;
        }
    }
    (n, stray)
}

fn apply(doc: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(doc.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.range.start < at {
            continue; // overlapping edits: the first one wins
        }
        out.push_str(&doc[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&doc[at..]);
    out
}

#[cfg(test)]
#[path = "repair_tests.rs"]
mod tests;
