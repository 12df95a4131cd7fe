//! One pass over an XML document's tags with their byte positions, for what the feed stage
//! needs besides feed-rs's reading: how many items a document holds (to tell "no items" from
//! "items we could not read"), the element at a position feed-rs complained about, and the
//! places `repair` edits. Lenient: mismatched end tags and stray `&` do not stop it.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::ops::Range;

/// What the walk reports, in document order.
pub(super) enum Tag<'a, 'b> {
    /// A start tag or an empty-element tag: its depth (the root is 0), qualified name,
    /// attributes (name, byte range of the raw value) and the tag's byte range.
    Open {
        depth: usize,
        name: &'a str,
        attrs: &'b [(&'a str, Range<usize>)],
        range: Range<usize>,
        empty: bool,
    },
    /// An end tag: the depth of its element and the byte range of its name.
    Close {
        depth: usize,
        name: &'a str,
        name_range: Range<usize>,
    },
    /// A character reference in text, and whether XML allows the character.
    CharRef { range: Range<usize>, valid: bool },
    /// A `&` in text that starts no reference (`?a=1&b=2`): ill-formed, and feed-rs refuses it.
    StrayAmp { at: usize },
}

/// Items deeper than this are not feed items (an `<item>` inside an item's content).
const ITEM_DEPTH: usize = 2;

/// Walks the tags of `doc`; `Err` when the document stops being XML quick-xml can read
/// (what came before was reported).
pub(super) fn walk(doc: &str, mut f: impl FnMut(Tag)) -> Result<(), ()> {
    let mut reader = Reader::from_str(doc);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut depth = 0usize;
    loop {
        let start = offset(reader.buffer_position());
        let event = reader.read_event().map_err(|_| ())?;
        let end = offset(reader.buffer_position());
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let mut attrs = Vec::new();
                for a in e.attributes().with_checks(false).flatten() {
                    if let std::borrow::Cow::Borrowed(v) = a.value
                        && let Some(range) = range_in(doc, v)
                    {
                        attrs.push((a.key.0, range));
                    }
                }
                let name = e.name().0;
                f(Tag::Open {
                    depth,
                    name,
                    attrs: &attrs,
                    range: start..end,
                    empty,
                });
                if !empty {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                let name = e.name().0;
                let at = start + 2;
                f(Tag::Close {
                    depth,
                    name,
                    name_range: at..(at + name.len()).min(end),
                });
            }
            Event::Text(ref t) => {
                let text: &str = t;
                if let Some(base) = range_in(doc, text).map(|r| r.start) {
                    for (i, _) in text.match_indices('&') {
                        f(Tag::StrayAmp { at: base + i });
                    }
                }
            }
            Event::GeneralRef(ref r) if r.is_char_ref() => {
                let body: &str = r;
                let valid = char_ref_is_valid(body.strip_prefix('#').unwrap_or(body));
                f(Tag::CharRef {
                    range: start..end,
                    valid,
                });
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Whether a character reference's body (after `&#`, before `;`: `65` or `x41`) names a
/// character XML allows (XML 1.0 §2.2, production Char).
pub(super) fn char_ref_is_valid(body: &str) -> bool {
    let n = match body.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => body.parse::<u32>(),
    };
    n.ok().and_then(char::from_u32).is_some_and(|c| {
        matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    })
}

/// The root element's qualified name.
pub(super) fn root_name(doc: &str) -> Option<String> {
    let mut name = None;
    let _ = walk(doc, |t| {
        if let Tag::Open {
            depth: 0, name: n, ..
        } = t
            && name.is_none()
        {
            name = Some(n.to_string());
        }
    });
    name
}

/// How many items (`item`, `entry`, any prefix) the document holds at a feed's depths. A
/// document that stops being readable counts what came before.
pub(super) fn count_items(doc: &str) -> usize {
    let mut n = 0;
    let _ = walk(doc, |t| {
        if let Tag::Open { depth, name, .. } = t
            && depth <= ITEM_DEPTH
            && matches!(name.rsplit(':').next(), Some("item" | "entry"))
        {
            n += 1;
        }
    });
    n
}

/// The element feed-rs pointed at with `pos` (its start tag ends there, or else it is the
/// innermost element around `pos`): its byte range (start tag to end tag), name and depth.
pub(super) fn element_at(doc: &str, pos: usize) -> Option<(Range<usize>, String, usize)> {
    // (start, name) of each open element.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut target: Option<(usize, usize, String)> = None; // (depth, start, name)
    let mut found = None;
    let _ = walk(doc, |t| {
        if found.is_some() {
            return;
        }
        match t {
            Tag::Open {
                depth,
                name,
                range,
                empty,
                ..
            } => {
                if target.is_none() && range.start >= pos {
                    // Passed `pos` between tags: the innermost element open there.
                    target = open.last().map(|(s, n)| (open.len() - 1, *s, n.clone()));
                }
                if target.is_none() && range.end == pos {
                    if empty {
                        found = Some((range, name.to_string(), depth));
                        return;
                    }
                    target = Some((depth, range.start, name.to_string()));
                }
                if !empty {
                    open.push((range.start, name.to_string()));
                }
            }
            Tag::Close {
                depth, name_range, ..
            } => {
                open.truncate(depth);
                if let Some((d, start, name)) = &target
                    && *d == depth
                {
                    let end = doc[name_range.end..]
                        .find('>')
                        .map_or(doc.len(), |i| name_range.end + i + 1);
                    found = Some((*start..end, name.clone(), *d));
                }
            }
            Tag::CharRef { .. } | Tag::StrayAmp { .. } => {}
        }
    });
    found
}

fn offset(pos: u64) -> usize {
    usize::try_from(pos).unwrap_or(usize::MAX)
}

/// The byte range of `part` inside `doc`, when it is a slice of it.
fn range_in(doc: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(doc.as_ptr() as usize)?;
    (start + part.len() <= doc.len()).then(|| start..start + part.len())
}
