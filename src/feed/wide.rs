//! UTF-16 and UTF-32 feeds, turned into UTF-8 before feed-rs sees them. feed-rs 3.0 panics on
//! some UTF-16BE documents and cannot read UTF-32 at all, while both are legal XML (XML 1.0
//! appendix F tells how to recognise them from the first four bytes). This only transcodes;
//! it never touches a document in any other encoding.

use std::borrow::Cow;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Wide {
    Utf16Be,
    Utf16Le,
    Utf32Be,
    Utf32Le,
}

/// The document as UTF-8 with its XML declaration saying so, if it was UTF-16/32;
/// otherwise the input untouched.
pub(super) fn to_utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    let Some((wide, bom_len)) = detect(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let body = &bytes[bom_len..];
    let text = match wide {
        Wide::Utf16Be => encoding_rs::UTF_16BE.decode_without_bom_handling(body).0,
        Wide::Utf16Le => encoding_rs::UTF_16LE.decode_without_bom_handling(body).0,
        Wide::Utf32Be => Cow::Owned(decode_utf32(body, u32::from_be_bytes)),
        Wide::Utf32Le => Cow::Owned(decode_utf32(body, u32::from_le_bytes)),
    };
    Cow::Owned(relabel_declaration(&text).into_bytes())
}

fn detect(b: &[u8]) -> Option<(Wide, usize)> {
    // Order matters: the UTF-32LE BOM starts with the UTF-16LE BOM.
    match b {
        [0x00, 0x00, 0xFE, 0xFF, ..] => Some((Wide::Utf32Be, 4)),
        [0xFF, 0xFE, 0x00, 0x00, ..] => Some((Wide::Utf32Le, 4)),
        [0xFE, 0xFF, ..] => Some((Wide::Utf16Be, 2)),
        [0xFF, 0xFE, ..] => Some((Wide::Utf16Le, 2)),
        // No BOM: a first character of `<` or `{` (or whitespace) shows the width.
        [0x00, 0x00, 0x00, c, ..] if is_start(*c) => Some((Wide::Utf32Be, 0)),
        [c, 0x00, 0x00, 0x00, ..] if is_start(*c) => Some((Wide::Utf32Le, 0)),
        [0x00, c, 0x00, _, ..] if is_start(*c) => Some((Wide::Utf16Be, 0)),
        [c, 0x00, _, 0x00, ..] if is_start(*c) => Some((Wide::Utf16Le, 0)),
        _ => None,
    }
}

fn is_start(c: u8) -> bool {
    matches!(c, b'<' | b'{' | b' ' | b'\t' | b'\r' | b'\n')
}

fn decode_utf32(body: &[u8], read: fn([u8; 4]) -> u32) -> String {
    body.chunks_exact(4)
        .map(|c| char::from_u32(read([c[0], c[1], c[2], c[3]])).unwrap_or('\u{FFFD}'))
        .collect()
}

/// Rewrites `encoding="utf-16"` (or any label) in the XML declaration to utf-8, because the
/// XML reader trusts the declaration over the bytes it is handed.
pub(super) fn relabel_declaration(text: &str) -> String {
    let start = text.find(|c: char| !c.is_whitespace()).unwrap_or(0);
    let rest = &text[start..];
    if !rest.starts_with("<?xml") {
        return text.to_string();
    }
    let Some(decl_end) = rest.find("?>") else {
        return text.to_string();
    };
    let decl = &rest[..decl_end];
    let Some(enc_at) = decl.find("encoding") else {
        return text.to_string();
    };
    let after = &decl[enc_at + "encoding".len()..];
    let Some(q_off) = after.find(['"', '\'']) else {
        return text.to_string();
    };
    let quote = after.as_bytes()[q_off] as char;
    let value_start = enc_at + "encoding".len() + q_off + 1;
    let Some(value_len) = decl[value_start..].find(quote) else {
        return text.to_string();
    };
    let abs = start + value_start;
    format!("{}utf-8{}", &text[..abs], &text[abs + value_len..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16be(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFE, 0xFF] } else { vec![] };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_be_bytes());
        }
        out
    }

    #[test]
    fn utf16be_with_and_without_bom() {
        let doc = r#"<?xml version="1.0" encoding="utf-16"?><rss/>"#;
        for bom in [true, false] {
            let bytes = utf16be(doc, bom);
            let out = to_utf8(&bytes);
            assert_eq!(
                std::str::from_utf8(&out).unwrap(),
                r#"<?xml version="1.0" encoding="utf-8"?><rss/>"#
            );
        }
    }

    #[test]
    fn utf32le() {
        let mut bytes = vec![0xFF, 0xFE, 0, 0];
        for c in "<a>é</a>".chars() {
            bytes.extend_from_slice(&(c as u32).to_le_bytes());
        }
        assert_eq!(&*to_utf8(&bytes), "<a>é</a>".as_bytes());
    }

    #[test]
    fn narrow_input_is_untouched() {
        let doc = b"<?xml version='1.0' encoding='iso-8859-1'?><rss/>";
        assert!(matches!(to_utf8(doc), Cow::Borrowed(_)));
        assert!(matches!(to_utf8(b""), Cow::Borrowed(_)));
    }
}
