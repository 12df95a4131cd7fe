//! Bounds on what reaches the HTML parser. html5ever's time grows with the square of the
//! nesting depth (each start tag scans the stack of open elements), so a hostile page of a
//! million nested `<div>`s would stall the stage for hours; and parse time and memory grow
//! with size. This cuts the input, at a character boundary, before that point. It only ever
//! shortens the input; it never rewrites markup.

/// Pages beyond this are cut before parsing: news pages this large are inline data blobs.
pub const MAX_HTML_BYTES: usize = 8 << 20;
/// Real pages nest a few dozen deep, a few hundred at worst; this is far beyond both.
const MAX_NESTING: usize = 4096;

/// The prefix of `html` that is safe to parse.
pub(super) fn bounded(html: &str) -> &str {
    let html = truncate(html, MAX_HTML_BYTES);
    let cut = nesting_cut(html.as_bytes());
    truncate(html, cut)
}

pub(super) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Where a rough tag count says the nesting passes `MAX_NESTING`, or the end of the input.
/// Elements the parser closes on its own (`p`, `li`, `td`, ...) and void elements are not
/// counted, and script-like raw text and comments are skipped, so sloppy but ordinary pages
/// never come near the limit.
fn nesting_cut(b: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i, b"-->").unwrap_or(b.len());
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
        if end == start {
            continue;
        }
        let name = b[start..end].to_ascii_lowercase();
        let name = name.as_slice();
        if !closing && matches!(name, b"script" | b"style" | b"textarea" | b"title" | b"xmp") {
            let mut close = b"</".to_vec();
            close.extend_from_slice(name);
            i = find_ci(b, end, &close).unwrap_or(b.len());
            continue;
        }
        if is_void(name) || closes_itself(name) {
            continue;
        }
        let self_closing =
            !closing && memchr(b'>', &b[end..]).is_some_and(|gt| gt > 0 && b[end + gt - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            if depth > MAX_NESTING {
                return at;
            }
        }
    }
    b.len()
}

fn is_void(name: &[u8]) -> bool {
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

fn closes_itself(name: &[u8]) -> bool {
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

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| from + p + pat.len())
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_markup_is_untouched() {
        let page = "<html><head><title>a<b</title><script>if (a<b && c</d) {}</script></head>\
                    <body><p>one<p>two<br><img src=x><div><span>x</span></div><!-- <div> -->";
        assert_eq!(bounded(page), page);
        let sloppy = "<p>x".repeat(10_000);
        assert_eq!(bounded(&sloppy).len(), sloppy.len());
    }

    #[test]
    fn absurd_nesting_is_cut() {
        let deep = format!("<body>{}text", "<div>".repeat(10_000));
        let cut = bounded(&deep);
        assert!(cut.len() < deep.len());
        assert_eq!(cut.matches("<div>").count(), MAX_NESTING);
    }

    #[test]
    fn cuts_on_char_boundaries() {
        let s = "é".repeat(10);
        assert_eq!(truncate(&s, 3), "é");
    }
}
