//! What reaches the HTML parser, found in one fast scan of the markup before html5ever sees
//! it. Four things are cut:
//! - size: pages beyond `MAX_HTML_BYTES` are inline data blobs, cut at a character boundary;
//! - nesting: html5ever's time grows with the nesting depth times the number of tags (each
//!   tag scans the stack of open elements), so a hostile page of a million nested `<div>`s
//!   would stall the stage for hours; past `MAX_NESTING` open elements (by the model in
//!   `open`) further start tags and their end tags are dropped, a block's replaced by a
//!   `<br>`: the text stays, the structure below that depth is flattened;
//! - tags: past `MAX_TAGS` the rest of the page is not read, which bounds html5ever's work
//!   whatever the page holds;
//! - text no reader ever sees: comments, scripts (except JSON-LD, which `meta` reads),
//!   styles, `<noscript>`, inline SVG and MathML. On news pages these are about two thirds of the
//!   bytes, and the parser's cost is per byte; the view in `dom` skips them anyway;
//! - attributes nothing reads (`data-*`, `srcset`, event handlers, ...), unless a site
//!   rule's selectors may need them.
//!
//! Dropped spans follow the tokenizer's own rules for where they end (`lex`), so what
//! remains parses to the same tree minus those elements and attributes. Everything kept is
//! copied unchanged. Each bound that cuts or flattens is recorded as a `Cut`.

use super::lex::{self, ForeignEnd, TagEnd};
use crate::model::Cut;

mod open;

use open::{Kind, Open, name_key};

/// Pages beyond this are cut before parsing: news pages this large are inline data blobs.
pub const MAX_HTML_BYTES: usize = 8 << 20;
/// The 2,656 pages of the benchmarks nest at most 53 deep by the model in `open`; this is
/// ten times that, and small enough that html5ever's scans of its stack stay cheap.
pub(super) const MAX_NESTING: usize = 512;
/// Start and end tags read: the largest page of the benchmarks has about 20,000.
pub(super) const MAX_TAGS: usize = 1 << 20;

/// html5ever's time grows with the square of the text breaks (`<` that opens no tag)
/// inside SVG or MathML; real pages have next to none there, so past this many the page is
/// cut.
const MAX_FOREIGN_BREAKS: usize = 2048;

/// The attributes the extractor reads (`dom::Attrs` and `meta`); the rest are dropped.
const READ_ATTRIBUTES: &[&[u8]] = &[
    b"class",
    b"id",
    b"href",
    b"style",
    b"role",
    b"itemprop",
    b"rel",
    b"hidden",
    b"aria-hidden",
    b"lang",
    b"content",
    b"property",
    b"name",
    b"http-equiv",
    b"charset",
    b"type",
    b"datetime",
];

fn is_read(attr: &[u8]) -> bool {
    // Most attributes on news pages are `data-*`, `src*`, `on*` and the like: the length
    // alone rules them out.
    attr.len() <= 11 && READ_ATTRIBUTES.iter().any(|r| r.eq_ignore_ascii_case(attr))
}

/// Which attributes to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Attributes {
    /// Those the extractor reads.
    Read,
    /// All of them, for CSS selectors that may name any.
    All,
}

/// What `prepare` keeps of a page, and the bounds that cut it.
pub(super) struct Prepared {
    pub html: String,
    pub cuts: Vec<Cut>,
}

/// The part of `html` worth parsing: bounded in size, depth and tags, without invisible text.
pub(super) fn prepare(html: &str, keep: Attributes) -> Prepared {
    let mut cuts = Vec::new();
    if html.len() > MAX_HTML_BYTES {
        cuts.push(Cut::Size);
    }
    let html = &html[..html.floor_char_boundary(MAX_HTML_BYTES)];
    let b = html.as_bytes();
    let mut out = Out {
        html,
        text: String::with_capacity(html.len() / 2),
        kept: 0,
    };
    let mut open = Open::default();
    // Start tags dropped past `MAX_NESTING` whose end tags are still to come.
    let mut flattened = 0usize;
    let mut tags = 0usize;
    // Inside an SVG or MathML element left in place, where `/>` really closes an element.
    let mut foreign = 0usize;
    // Where the last search for the end of an SVG or MathML element stopped.
    let mut foreign_searched = 0;
    // Text `<`s inside foreign content left in place (see `MAX_FOREIGN_BREAKS`).
    let mut foreign_breaks = 0;
    let mut buf = [0; 12];
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if b[i..].starts_with(b"!--") {
            i = lex::comment_end(b, at + 4);
            out.drop(at, i);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            // `<!DOCTYPE>`, `<?xml?>`, `<![CDATA[` and `</ x>` run to the next `>` as
            // bogus comments; a `<` before anything else is text.
            if closing || matches!(b.get(i), Some(b'!' | b'?')) {
                i = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |o| i + o + 1);
            } else if foreign > 0 {
                foreign_breaks += 1;
                if foreign_breaks > MAX_FOREIGN_BREAKS {
                    out.drop(at, b.len());
                    cuts.push(Cut::Nodes);
                    break;
                }
            }
            continue;
        }
        tags += 1;
        if tags > MAX_TAGS {
            out.drop(at, b.len());
            cuts.push(Cut::Nodes);
            break;
        }
        let end = lex::name_end(b, start);
        let name = lex::lower(&b[start..end], &mut buf);
        let counted = !lex::is_void(name) && !lex::closes_itself(name);
        if closing {
            i = lex::tag_end(b, end).end;
            if matches!(name, b"svg" | b"math") {
                foreign = foreign.saturating_sub(1);
            }
            if counted {
                let kind = Kind::of(name);
                if flattened > 0 {
                    flattened -= 1;
                    out.replace(at, i, if kind.is_block() { "<br>" } else { "" });
                } else {
                    open.close(name_key(&b[start..end]), kind);
                }
            }
            continue;
        }
        match name {
            b"script" => {
                let tag = lex::tag_end(b, end);
                let json_ld = b[end..tag.end]
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"ld+json"));
                i = lex::script_end(b, tag.end);
                if !json_ld {
                    out.drop(at, i);
                }
                continue;
            }
            b"style" | b"noscript" => {
                i = lex::raw_text_end(b, lex::tag_end(b, end).end, name);
                out.drop(at, i);
                continue;
            }
            // One inside another whose search already stopped is not searched again: each
            // search would run as far, and a page of such elements would cost quadratic time.
            b"svg" | b"math" if at >= foreign_searched => match lex::foreign_end(b, end, name) {
                ForeignEnd::Closed(e) => {
                    i = e;
                    out.drop(at, i);
                    continue;
                }
                ForeignEnd::Unclosed => {
                    out.drop(at, b.len());
                    break;
                }
                ForeignEnd::Left(stop) => foreign_searched = stop,
            },
            b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" => {
                i = lex::raw_text_end(b, lex::tag_end(b, end).end, name);
                continue;
            }
            // Everything after it is text.
            b"plaintext" => break,
            _ => {}
        }
        let before = out.mark();
        let TagEnd {
            end: tag_end,
            self_closing,
        } = match keep {
            Attributes::All => lex::tag_end(b, end),
            Attributes::Read => lex::attributes(b, end, |attr, from, to| {
                if !is_read(attr) {
                    out.drop(from, to);
                }
            }),
        };
        i = tag_end;
        match name {
            b"svg" | b"math" => foreign += 1,
            n if foreign > 0 && lex::leaves_foreign(n) => foreign = 0,
            _ => {}
        }
        // Outside SVG and MathML the parser ignores `/>`: `<div/>` opens a div.
        if !counted || (self_closing && foreign > 0) {
            continue;
        }
        let kind = Kind::of(name);
        if open.depth() >= MAX_NESTING {
            if flattened == 0 && !cuts.contains(&Cut::Nesting) {
                cuts.push(Cut::Nesting);
            }
            flattened += 1;
            out.rewind(before);
            out.replace(at, i, if kind.is_block() { "<br>" } else { "" });
            continue;
        }
        open.open(name_key(&b[start..end]), kind);
    }
    Prepared {
        html: out.finish(),
        cuts,
    }
}

/// The copy being made: everything up to `kept` is decided.
struct Out<'h> {
    html: &'h str,
    text: String,
    kept: usize,
}

impl Out<'_> {
    fn drop(&mut self, from: usize, to: usize) {
        self.text
            .push_str(self.html.get(self.kept..from).unwrap_or(""));
        self.kept = to.max(self.kept);
    }

    /// Drops `from..to` and writes `with` in its place.
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        self.drop(from, to);
        self.text.push_str(with);
    }

    fn mark(&self) -> (usize, usize) {
        (self.text.len(), self.kept)
    }

    /// Undoes the drops since `mark`, before the scan drops more from an earlier point.
    fn rewind(&mut self, (len, kept): (usize, usize)) {
        self.text.truncate(len);
        self.kept = kept;
    }

    fn finish(mut self) -> String {
        self.text.push_str(&self.html[self.kept..]);
        self.text
    }
}

#[cfg(test)]
mod tests;
