//! Which encoding a feed's bytes are in. XML carries it in a BOM or its declaration, which
//! feed-rs reads; but feeds from older Russian and Ukrainian sites often declare nothing and
//! rely on the HTTP header (RFC 7303 §3.2 lets the header decide), or on nothing at all.
//! Those are transcoded to UTF-8 here: by the header's charset, else, when the bytes are not
//! UTF-8, by a guess (chardetng).
//!
//! Bytes that are valid UTF-8 and not plain ASCII are UTF-8, whatever a header or the
//! declaration says (as browsers' sniffing decides): text in a legacy 8-bit encoding is
//! practically never valid UTF-8, while a server that labels UTF-8 as `koi8-r` or a CMS that
//! keeps an old `encoding="windows-1251"` is common, and believing them stores mojibake.

use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

/// How far into the document the XML declaration must be.
const DECL_SCAN: usize = 256;

/// The document as UTF-8, with its declaration saying so. Documents are transcoded here, not
/// by feed-rs, so every later step (repairs, the positions in feed-rs's errors) sees the
/// same bytes.
pub fn to_utf8<'a>(bytes: &'a [u8], content_type: Option<&str>) -> Cow<'a, [u8]> {
    let declared = declared_encoding(bytes);
    if as_utf8(bytes).is_some() {
        return relabelled(bytes, declared);
    }
    if let Some((bom, _)) = Encoding::for_bom(bytes) {
        // UTF-16 and UTF-32 were made UTF-8 before; a UTF-8 BOM is left to the XML reader.
        return match bom == UTF_8 {
            true => Cow::Borrowed(bytes),
            false => decoded(bytes, bom),
        };
    }
    let encoding = match declared.or_else(|| content_type.and_then(charset_param)) {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => return Cow::Borrowed(bytes),
        None => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, true)
        }
    };
    // Plain ASCII reads the same in every ASCII-compatible encoding: nothing to do.
    if encoding == UTF_8 || (bytes.is_ascii() && encoding.is_ascii_compatible()) {
        return Cow::Borrowed(bytes);
    }
    decoded(bytes, encoding)
}

fn decoded(bytes: &[u8], encoding: &'static Encoding) -> Cow<'static, [u8]> {
    let (text, _, _) = encoding.decode(bytes);
    Cow::Owned(super::wide::relabel_declaration(&text).into_bytes())
}

/// UTF-8 bytes, their declaration made to say so when it named another encoding.
fn relabelled<'a>(bytes: &'a [u8], declared: Option<&'static Encoding>) -> Cow<'a, [u8]> {
    match declared {
        Some(e) if e != UTF_8 => Cow::Owned(
            super::wide::relabel_declaration(&String::from_utf8_lossy(bytes)).into_bytes(),
        ),
        _ => Cow::Borrowed(bytes),
    }
}

/// The text, when the bytes are UTF-8 beyond doubt: valid and not all ASCII (plain ASCII
/// reads the same in every encoding a declaration could name but a few 7-bit ones such as
/// ISO-2022-JP, so the declaration decides it). A document cut short in the middle of a
/// character (a page at the size cap) counts by what came before.
pub fn as_utf8(bytes: &[u8]) -> Option<&str> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    (!text.is_ascii()).then_some(text)
}

/// The encoding the XML declaration names, when it names one encoding_rs knows.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    if !declares_encoding(bytes) {
        return None;
    }
    let head = &bytes[..bytes.len().min(DECL_SCAN)];
    let at = head.windows(8).position(|w| w == b"encoding")? + 8;
    let rest = &head[at..];
    let open = rest.iter().position(|b| *b == b'"' || *b == b'\'')?;
    let quote = rest[open];
    let len = rest[open + 1..].iter().position(|b| *b == quote)?;
    Encoding::for_label(&rest[open + 1..open + 1 + len])
}

fn declares_encoding(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(DECL_SCAN)];
    let Some(start) = head.windows(5).position(|w| w == b"<?xml") else {
        return false;
    };
    let decl = &head[start..];
    let end = decl
        .windows(2)
        .position(|w| w == b"?>")
        .unwrap_or(decl.len());
    decl[..end].windows(8).any(|w| w == b"encoding")
}

fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Новини</title></channel></rss>";

    #[test]
    fn the_header_charset_decodes_an_undeclared_feed() {
        let bytes = encoding_rs::WINDOWS_1251.encode(RSS).0;
        let out = to_utf8(&bytes, Some("application/rss+xml; charset=windows-1251"));
        assert!(String::from_utf8_lossy(&out).contains("Новини"));
    }

    #[test]
    fn undeclared_non_utf8_bytes_are_sniffed() {
        let long = RSS.replace(
            "Новини",
            &"Обмін полоненими між Україною та Росією. ".repeat(20),
        );
        let bytes = encoding_rs::KOI8_U.encode(&long).0;
        let out = to_utf8(&bytes, None);
        assert!(String::from_utf8_lossy(&out).contains("полоненими"));
    }

    #[test]
    fn utf8_bytes_win_over_a_header_or_declaration_they_contradict() {
        let koi8_header = to_utf8(RSS.as_bytes(), Some("application/rss+xml; charset=koi8-r"));
        assert!(String::from_utf8_lossy(&koi8_header).contains("Новини"));
        let declared = RSS.replace(
            "version=\"1.0\"",
            "version=\"1.0\" encoding=\"windows-1251\"",
        );
        let out = to_utf8(declared.as_bytes(), Some("text/xml; charset=windows-1251"));
        let out = String::from_utf8_lossy(&out);
        assert!(out.contains("encoding=\"utf-8\""), "relabelled: {out}");
        assert!(out.contains("Новини"), "{out}");
        // Cut inside a character, it still counts as UTF-8.
        let cut = &"Новини".as_bytes()[..5];
        assert_eq!(as_utf8(cut), Some("Но"));
        assert_eq!(
            as_utf8(b"plain ascii"),
            None,
            "the declaration decides ASCII"
        );
        assert_eq!(as_utf8(&encoding_rs::WINDOWS_1251.encode("Новини").0), None);
    }

    #[test]
    fn declared_and_utf8_documents_are_left_alone() {
        let declared = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss/>";
        assert!(matches!(
            to_utf8(declared, Some("text/xml; charset=koi8-r")),
            Cow::Borrowed(_)
        ));
        assert!(matches!(to_utf8(RSS.as_bytes(), None), Cow::Borrowed(_)));
    }
}
