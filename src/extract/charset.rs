//! Decoding fetched HTML bytes to text, following the order of the HTML standard's encoding
//! sniffing: byte order mark, the HTTP `Content-Type` charset, a `<meta>` declaration near the
//! top, then a statistical guess (chardetng). It only decodes; malformed bytes become U+FFFD
//! and nothing here fails.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::sync::LazyLock;

/// How far into the document a `<meta charset>` is looked for. The standard says 1024 bytes;
/// real pages put a kilobyte of scripts and comments first, so a little more is read.
const META_SCAN: usize = 8192;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#)
        .expect("static pattern compiles")
});

pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset_param))
        .or_else(|| meta_charset(bytes))
        .unwrap_or_else(|| sniff(bytes));
    // `decode` strips a BOM and lets it override, as the standard requires.
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']);
        Encoding::for_label(value.as_bytes()).map(not_wide)
    })
}

fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN)];
    META_CHARSET
        .captures(head)
        .and_then(|c| Encoding::for_label(&c[1]))
        .map(not_wide)
}

/// A document that reached a byte-oriented declaration cannot really be UTF-16: the
/// standard maps such labels to UTF-8, and `x-user-defined` to windows-1252.
fn not_wide(e: &'static Encoding) -> &'static Encoding {
    if e == encoding_rs::UTF_16BE || e == encoding_rs::UTF_16LE {
        UTF_8
    } else if e == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        e
    }
}

fn sniff(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_meta_bom_and_sniffing() {
        let latin1 = b"<p>caf\xe9</p>";
        assert_eq!(
            decode_html(latin1, Some("text/html; charset=ISO-8859-1")),
            "<p>café</p>"
        );
        let meta =
            b"<html><head><meta charset=\"windows-1251\"></head><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_html(meta, None).contains("Привет"));
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        assert!(decode_html(http_equiv, Some("text/html")).contains("Привет"));
        let bom = b"\xef\xbb\xbf<p>ok</p>";
        assert_eq!(
            decode_html(bom, Some("text/html; charset=windows-1252")),
            "<p>ok</p>"
        );
        let utf8 = "<p>Київ</p>".as_bytes();
        assert_eq!(decode_html(utf8, None), "<p>Київ</p>");
        // Long enough Cyrillic text in windows-1251 with no declaration at all.
        let mut guess = b"<p>".to_vec();
        for _ in 0..20 {
            guess.extend_from_slice(
                b"\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0! \xca\xe0\xea \xe4\xe5\xeb\xe0? ",
            );
        }
        assert!(decode_html(&guess, None).contains("Привет, мир"));
    }

    #[test]
    fn never_fails() {
        assert_eq!(decode_html(b"", None), "");
        let junk: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let _ = decode_html(&junk, Some("text/html; charset=no-such-charset"));
    }
}
