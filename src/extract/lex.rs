//! The pieces of the HTML standard's tokenizer rules that the scan before parsing needs, on
//! bytes: where a tag name, a tag, a comment or a raw-text element ends, and which
//! attributes a start tag holds. Each mirrors the standard's state machine closely enough
//! that html5ever, reading what the scan keeps, builds the same tree. Nothing here
//! allocates or looks at more than it must.

/// Tag names longer than this are none of the names the scan treats specially.
const MAX_SPECIAL_NAME: usize = 12;

pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// What ends a tag name: whitespace, `/` or `>`.
fn is_delimiter(c: u8) -> bool {
    c == b'>' || c == b'/' || is_space(c)
}

/// Where a tag name starting at `from` ends.
pub(super) fn name_end(b: &[u8], from: usize) -> usize {
    from + b[from..].iter().take_while(|&&c| !is_delimiter(c)).count()
}

/// The name in lower case, in `buf`; empty when it is too long to be a special name.
pub(super) fn lower<'b>(name: &[u8], buf: &'b mut [u8; MAX_SPECIAL_NAME]) -> &'b [u8] {
    if name.len() > MAX_SPECIAL_NAME {
        return &buf[..0];
    }
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    &buf[..name.len()]
}

/// Where a comment whose text starts at `body` (after its `<!--`) ends: after `-->` or
/// `--!>`, or right away for the abrupt `<!-->` and `<!--->`; an unclosed comment runs to
/// the end of the input.
pub(super) fn comment_end(b: &[u8], body: usize) -> usize {
    for abrupt in [&b">"[..], b"->"] {
        if b[body..].starts_with(abrupt) {
            return body + abrupt.len();
        }
    }
    let mut i = body;
    while let Some(off) = memchr::memchr(b'>', &b[i..]) {
        let gt = i + off;
        let before = &b[body..gt];
        if before.ends_with(b"--") || before.ends_with(b"--!") {
            return gt + 1;
        }
        i = gt + 1;
    }
    b.len()
}

/// A tag read to its end.
pub(super) struct TagEnd {
    /// One past its `>`, or the end of the input for a tag cut short.
    pub end: usize,
    /// Ends in `/>`.
    pub self_closing: bool,
}

/// Reads the attributes of a tag from `from` (just after its name) to the end of the tag,
/// calling `each(name, start, end)` with every attribute's name and its span, value
/// included. A quoted value may hold `>`; a `/` not right before `>` is only a separator.
pub(super) fn attributes(
    b: &[u8],
    from: usize,
    mut each: impl FnMut(&[u8], usize, usize),
) -> TagEnd {
    let mut i = from;
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i) {
            None => {
                return TagEnd {
                    end: b.len(),
                    self_closing: false,
                };
            }
            Some(b'>') => {
                return TagEnd {
                    end: i + 1,
                    self_closing: false,
                };
            }
            Some(b'/') => {
                if b.get(i + 1) == Some(&b'>') {
                    return TagEnd {
                        end: i + 2,
                        self_closing: true,
                    };
                }
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let start = i;
        // The first character belongs to the name even when it is `=`.
        i += 1;
        while i < b.len() && !matches!(b[i], b'>' | b'/' | b'=') && !is_space(b[i]) {
            i += 1;
        }
        let name = &b[start..i];
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            i = match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    memchr::memchr(q, &b[j + 1..]).map_or(b.len(), |o| j + 1 + o + 1)
                }
                // `name=>` has an empty value; the `>` ends the tag.
                Some(b'>') | None => j,
                Some(_) => {
                    j + b[j..]
                        .iter()
                        .take_while(|&&c| c != b'>' && !is_space(c))
                        .count()
                }
            };
        }
        each(name, start, i);
    }
}

/// One past the end of a tag whose name ends at `from`.
pub(super) fn tag_end(b: &[u8], from: usize) -> TagEnd {
    attributes(b, from, |_, _, _| {})
}

/// Whether an end tag named `name` (lower case) starts at `at` (the `<`).
pub(super) fn is_end_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    let n = at + 2 + name.len();
    b.get(at + 1) == Some(&b'/')
        && b.get(at + 2..n)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
        && b.get(n).is_none_or(|&c| is_delimiter(c))
}

/// One past the end tag closing the raw-text element `name` whose content starts at `from`;
/// the end of the input when it never closes, as the tokenizer reads it.
pub(super) fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        if is_end_tag(b, at, name) {
            return tag_end(b, at + 2 + name.len()).end;
        }
        i = at + 1;
    }
    b.len()
}

/// `raw_text_end` for a script, whose content may hide `</script>` in an escaped
/// `<!-- <script> ... </script> -->` section (the standard's script data escape states):
/// inside such a section a `<script` starts a nested one that its own `</script>` closes,
/// and `-->` ends them both.
pub(super) fn script_end(b: &[u8], from: usize) -> usize {
    let (mut escaped, mut double) = (false, false);
    let mut i = from;
    while let Some(off) = memchr::memchr2(b'<', b'>', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if b[at] == b'>' {
            if escaped && at >= from + 2 && &b[at - 2..at] == b"--" {
                (escaped, double) = (false, false);
            }
            continue;
        }
        if is_end_tag(b, at, b"script") {
            if !double {
                return tag_end(b, at + 8).end;
            }
            double = false;
        } else if !escaped && b[at..].starts_with(b"<!--") {
            escaped = true;
            // The dashes of `<!--` may also end the section (`<!-->`).
            i = at + 2;
        } else if escaped
            && b.get(at + 1..at + 7)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"script"))
            && b.get(at + 7).is_none_or(|&c| is_delimiter(c))
        {
            double = true;
        }
    }
    b.len()
}

/// How far an inline SVG or MathML element (`root`) reaches, as seen from the end of its
/// start tag's name at `from`.
pub(super) enum ForeignEnd {
    /// Its end tag closes it; one past that tag.
    Closed(usize),
    /// Nothing closes it: all that follows is inside it.
    Unclosed,
    /// At this `<` an element takes the parser out of it (`<p>`, `<div>`, ...), or a
    /// `<script>` starts that the scan must not enter: it is left for the parser.
    Left(usize),
}

pub(super) fn foreign_end(b: &[u8], from: usize, root: &[u8]) -> ForeignEnd {
    let mut depth = 1usize;
    let mut i = from;
    let mut buf = [0; MAX_SPECIAL_NAME];
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if b[i..].starts_with(b"!--") {
            i = comment_end(b, at + 4);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let end = name_end(b, start);
        i = end;
        let name = lower(&b[start..end], &mut buf);
        if name == root {
            if !closing {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 0 {
                    return ForeignEnd::Closed(tag_end(b, end).end);
                }
            }
        } else if !closing && leaves_foreign(name) {
            return ForeignEnd::Left(at);
        }
    }
    ForeignEnd::Unclosed
}

/// HTML start tags that break out of SVG and MathML (the standard's rules for parsing
/// tokens in foreign content), plus `script`, whose raw text a scan of SVG must not enter.
pub(super) fn leaves_foreign(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
            | b"font"
            | b"script"
    )
}

pub(super) fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"frame"
            | b"image"
    )
}

/// Elements the parser closes on its own when a sibling or the parent ends, so they never
/// nest deeper on their own.
pub(super) fn closes_itself(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"td"
            | b"th"
            | b"tr"
            | b"option"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
    )
}
