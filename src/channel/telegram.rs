//! Telegram's Bot API `sendMessage` in HTML parse mode: the digest as text with bold titles
//! and links, escaped by the rules Telegram states (only `<`, `>`, `&` and, in attributes,
//! `"` are special), and split under the 4,096-character limit at story boundaries, so no
//! tag is ever cut. Pure: the stored payload is the list of parts.

use crate::model::Digest;

/// Telegram's limit on one message's text, counted in characters after entity parsing; the
/// parts stay under it counted before, which is never less.
pub const LIMIT: usize = 4096;

/// `s` for element content or a double-quoted attribute in Telegram's HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match super::entity(c) {
            Some(e) => out.push_str(e),
            None if c == '"' => out.push_str("&quot;"),
            None => out.push(c),
        }
    }
    out
}

/// One block per story: a bold linked title, the outlet, the snippet.
fn blocks(d: &Digest) -> Vec<String> {
    let heading = match d.kind {
        crate::model::MessageKind::Alert => format!("🔔 <b>Alert: {}</b>", escape(&d.name)),
        crate::model::MessageKind::Digest => format!("<b>Digest {}</b>", escape(&d.name)),
    };
    let mut out = vec![heading];
    for section in &d.sections {
        out.push(format!("<b>{}</b>", escape(&section.title)));
        for s in &section.stories {
            let mut b = format!(
                "• <a href=\"{}\">{}</a> — {}",
                escape(&s.lead.url),
                escape(&s.lead.title),
                escape(&s.lead.outlet)
            );
            if let Some(l) = &s.lead.label {
                b.push_str(&format!(" ({})", escape(l)));
            }
            if !s.snippet.is_empty() {
                b.push('\n');
                b.push_str(&escape(&s.snippet));
            }
            for r in &s.also {
                b.push_str(&format!(
                    "\n  also: <a href=\"{}\">{}</a>",
                    escape(&r.url),
                    escape(&r.outlet)
                ));
            }
            out.push(b);
        }
    }
    out
}

/// The digest as message parts, each under [`LIMIT`] characters.
pub fn parts(d: &Digest) -> Vec<String> {
    split(&blocks(d), LIMIT)
}

/// Joins `blocks` with blank lines into parts of at most `limit` characters; a block longer
/// than that alone is cut at a character boundary outside any tag or entity.
pub fn split(blocks: &[String], limit: usize) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for b in blocks {
        for piece in cut(b, limit) {
            let len = piece.chars().count();
            let sep = if cur.is_empty() { 0 } else { 2 };
            if cur_len + sep + len > limit && !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            if !cur.is_empty() {
                cur.push_str("\n\n");
                cur_len += 2;
            }
            cur.push_str(&piece);
            cur_len += len;
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// `b` in pieces of at most `limit` characters. An over-long block loses its markup (tags
/// dropped, entities kept whole) so that no piece holds half a tag; none does in practice,
/// as a story's block is a title, a snippet and a few links.
fn cut(b: &str, limit: usize) -> Vec<String> {
    if b.chars().count() <= limit {
        return vec![b.to_string()];
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in b.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // An entity (`&amp;`) moves as one unit.
        let mut unit = c.to_string();
        if c == '&' {
            while let Some(&d) = chars.peek() {
                unit.push(d);
                chars.next();
                if d == ';' {
                    break;
                }
            }
        }
        let len = unit.chars().count();
        if n + len > limit {
            out.push(std::mem::take(&mut piece));
            n = 0;
        }
        piece.push_str(&unit);
        n += len;
    }
    if !piece.is_empty() {
        out.push(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_telegrams_special_characters_are_escaped() {
        assert_eq!(
            escape("<b>Tom & \"Jerry\"</b> *x*"),
            "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt; *x*"
        );
    }

    #[test]
    fn parts_stay_under_the_limit_and_keep_every_block_whole() {
        let blocks: Vec<String> = (0..50)
            .map(|i| format!("<b>{i}</b> {}", "ж".repeat(300)))
            .collect();
        let parts = split(&blocks, LIMIT);
        assert!(parts.len() > 1);
        for p in &parts {
            assert!(p.chars().count() <= LIMIT, "{}", p.chars().count());
            assert_eq!(p.matches("<b>").count(), p.matches("</b>").count());
        }
        assert_eq!(parts.join("\n\n"), blocks.join("\n\n"));
    }

    #[test]
    fn an_over_long_block_is_cut_outside_tags_and_entities() {
        let block = format!("<a href=\"x\">{}</a>", "a&amp;".repeat(2000));
        let parts = split(&[block], 100);
        for p in &parts {
            assert!(p.chars().count() <= 100);
            assert!(!p.contains('<'));
            assert!(!p.ends_with('&') && !p.ends_with("&am"));
        }
        assert_eq!(parts.concat(), "a&amp;".repeat(2000));
    }
}
