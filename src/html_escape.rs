//! Escaping text for HTML, shared by the extractor's article fragment and the digest's HTML
//! part. A leaf: it depends on nothing and decides nothing about what is safe to show.

/// Appends `s` to `out` escaped for element content and for double- or single-quoted
/// attribute values. Runs without a special character are copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let mut plain = 0;
    for (at, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The special characters are ASCII, so `at` is a character boundary.
        out.push_str(&s[plain..at]);
        out.push_str(entity);
        plain = at + 1;
    }
    out.push_str(&s[plain..]);
}

/// `s` escaped as by [`escape_into`], in a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_specials_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("Обмін — «полоненими» ✓"), "Обмін — «полоненими» ✓");
        assert_eq!(escape(""), "");
        let mut out = String::from("<p>");
        escape_into(&mut out, "a<b");
        assert_eq!(out, "<p>a&lt;b");
    }
}
