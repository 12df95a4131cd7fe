//! Canonical form of article links, so that one article reached through two feeds, two
//! polls or two campaign links gets one identity. It only rewrites strings: it never fetches,
//! follows redirects or guesses at a site's own canonical URL.

use url::Url;

/// Query parameters that only say which campaign or click brought the reader; dropping them
/// never changes the page served. Matched case-insensitively, plus every `utm_*`.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "vero_conv",
    "_ga",
    "_gl",
    "rb_clickid",
    "s_cid",
    "ncid",
    "cmpid",
    "smid",
];

/// Resolves `href` against `base` and canonicalises it: scheme and host lower-cased (the
/// `url` crate does that while parsing), default port and fragment dropped, tracking
/// parameters removed while every other parameter keeps its order and its exact encoding.
/// Only http(s) links count as article links; anything else gives `None`.
pub fn canonical_link(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let mut url = match base {
        Some(base) => base.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    if let Some(query) = url.query() {
        // Filtering the raw `a=b` segments rather than re-serialising decoded pairs keeps
        // the remaining parameters byte-for-byte, so the key does not drift with encoding.
        let kept: Vec<&str> = query
            .split('&')
            .filter(|seg| !seg.is_empty() && !is_tracking(seg.split('=').next().unwrap_or("")))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            let joined = kept.join("&");
            url.set_query(Some(&joined));
        }
    }
    Some(url.into())
}

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://Example.org/news/feed.xml").unwrap()
    }

    #[test]
    fn resolves_relative_and_lowercases_host() {
        assert_eq!(
            canonical_link("../a/b.html#top", Some(&base())).as_deref(),
            Some("https://example.org/a/b.html")
        );
        assert_eq!(
            canonical_link("HTTP://WWW.Example.ORG:80/X", None).as_deref(),
            Some("http://www.example.org/X")
        );
    }

    #[test]
    fn drops_tracking_keeps_the_rest_verbatim() {
        assert_eq!(
            canonical_link(
                "/story?id=7&utm_source=rss&UTM_Medium=x&q=a%20b&fbclid=zz",
                Some(&base())
            )
            .as_deref(),
            Some("https://example.org/story?id=7&q=a%20b")
        );
        assert_eq!(
            canonical_link("/story?utm_campaign=x&gclid=1", Some(&base())).as_deref(),
            Some("https://example.org/story")
        );
    }

    #[test]
    fn refuses_non_http() {
        assert_eq!(canonical_link("mailto:a@b.c", Some(&base())), None);
        assert_eq!(canonical_link("javascript:void(0)", Some(&base())), None);
        assert_eq!(canonical_link("   ", Some(&base())), None);
        assert_eq!(canonical_link("relative/only", None), None);
    }
}
