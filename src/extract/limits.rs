//! What reaches the HTML parser, found in one fast scan of the markup before html5ever sees
//! it. Four things are cut:
//! - size: pages beyond `MAX_HTML_BYTES` are inline data blobs, cut at a character boundary;
//! - nesting: html5ever's time grows with the square of the nesting depth (each start tag
//!   scans the stack of open elements), so a hostile page of a million nested `<div>`s would
//!   stall the stage for hours; the input ends where a rough count passes `MAX_NESTING`;
//! - text no reader ever sees: comments, scripts (except JSON-LD, which `meta` reads),
//!   styles, `<noscript>`, inline SVG and MathML. On news pages these are about two thirds of the
//!   bytes, and the parser's cost is per byte; the view in `dom` skips them anyway;
//! - attributes nothing reads (`data-*`, `srcset`, event handlers, ...), unless a site
//!   rule's selectors may need them.
//!
//! Dropped spans follow the tokenizer's own rules for where they end (`lex`), so what
//! remains parses to the same tree minus those elements and attributes. Everything kept is
//! copied unchanged.

use super::lex::{self, ForeignEnd, TagEnd};

/// Pages beyond this are cut before parsing: news pages this large are inline data blobs.
pub const MAX_HTML_BYTES: usize = 8 << 20;
/// Real pages nest a few dozen deep, a few hundred at worst; this is far beyond both.
const MAX_NESTING: usize = 4096;

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

/// The part of `html` worth parsing: bounded in size and depth, without invisible text.
pub(super) fn prepare(html: &str, keep: Attributes) -> String {
    let html = &html[..html.floor_char_boundary(MAX_HTML_BYTES)];
    let b = html.as_bytes();
    let mut out = Out {
        html,
        text: String::with_capacity(html.len() / 2),
        kept: 0,
    };
    let mut depth = 0usize;
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
                    break;
                }
            }
            continue;
        }
        let end = lex::name_end(b, start);
        let name = lex::lower(&b[start..end], &mut buf);
        if closing {
            i = lex::tag_end(b, end).end;
            if matches!(name, b"svg" | b"math") {
                foreign = foreign.saturating_sub(1);
            }
            if !lex::is_void(name) && !lex::closes_itself(name) {
                depth = depth.saturating_sub(1);
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
        let TagEnd { end, self_closing } = match keep {
            Attributes::All => lex::tag_end(b, end),
            Attributes::Read => lex::attributes(b, end, |attr, from, to| {
                if !is_read(attr) {
                    out.drop(from, to);
                }
            }),
        };
        i = end;
        match name {
            b"svg" | b"math" => foreign += 1,
            n if foreign > 0 && lex::leaves_foreign(n) => foreign = 0,
            _ => {}
        }
        // Outside SVG and MathML the parser ignores `/>`: `<div/>` opens a div.
        if lex::is_void(name) || lex::closes_itself(name) || (self_closing && foreign > 0) {
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            out.rewind(before);
            out.drop(at, b.len());
            break;
        }
    }
    out.finish()
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
