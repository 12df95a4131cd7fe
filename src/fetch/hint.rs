//! What an operator can do about a failed fetch, in one line: the raw error says what the
//! network library saw ("dns error: failed to lookup address information"), the hint says
//! what to check ("DNS lookup failed — is the host name right?"). Shown before the raw cause
//! wherever a feed's error is read: `poll --once`, `newshound feeds`, the digest's "Feeds
//! needing attention".

use super::FetchError;

impl FetchError {
    /// The line to act on, when there is a better one than the raw error.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            FetchError::Timeout { .. } => Some(
                "the server did not answer in time — is the site up? ([fetch] timeout_secs \
                 allows a slower one)",
            ),
            FetchError::Status { status, .. } => status_hint(status.as_u16()),
            FetchError::TooLarge { .. } => Some(
                "the document is larger than newshound accepts — raise [fetch] \
                 max_body_bytes if the feed is really that large",
            ),
            FetchError::TooManyRedirects { .. } => Some(
                "the address redirects again and again — open it in a browser and configure \
                 the address it ends at",
            ),
            FetchError::Refused { .. } => None,
            FetchError::Http { detail, .. } => network_hint(&detail.to_ascii_lowercase()),
        }
    }
}

fn status_hint(code: u16) -> Option<&'static str> {
    Some(match code {
        404 | 410 => "the feed is not at this address — find its current address on the site",
        401 | 403 => {
            "the server refuses newshound — the feed may need a login, or block robots \
             ([fetch] user_agent)"
        }
        429 => "the server asks newshound to poll less often — it is retried later",
        500..=599 => "the server failed — usually for a while; it is retried with backoff",
        _ => return None,
    })
}

fn network_hint(detail: &str) -> Option<&'static str> {
    let has = |s: &str| detail.contains(s);
    Some(
        if has("dns error") || has("failed to lookup address") || has("name or service not known") {
            "DNS lookup failed — is the host name right?"
        } else if has("connection refused") {
            "the server refused the connection — are the host and port right, is the site up?"
        } else if has("certificate") || has("tls") || has("handshake") {
            "a secure connection could not be made — the site's certificate may be expired, \
             self-signed or for another name"
        } else if has("connection reset") || has("connection closed") || has("broken pipe") {
            "the server dropped the connection — usually for a while; it is retried"
        } else if has("network is unreachable") || has("no route to host") {
            "this machine cannot reach the server — check its network"
        } else {
            return None;
        },
    )
}

/// `hint (raw)`, or `raw` alone when there is no hint.
pub fn with_hint(hint: Option<&str>, raw: &str) -> String {
    match hint {
        Some(h) => format!("{h} ({raw})"),
        None => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use url::Url;

    fn http(detail: &str) -> FetchError {
        FetchError::Http {
            url: Url::parse("https://news.test/feed").expect("url"),
            detail: detail.to_string(),
        }
    }

    #[test]
    fn network_failures_get_the_line_to_check() {
        let dns = http(
            "error sending request: client error (Connect): dns error: failed to lookup address \
             information: Name or service not known",
        );
        assert_eq!(
            dns.hint(),
            Some("DNS lookup failed — is the host name right?")
        );
        assert!(
            http("tcp connect error: Connection refused (os error 111)")
                .hint()
                .is_some_and(|h| h.starts_with("the server refused the connection"))
        );
        assert!(
            http("invalid peer certificate: Expired")
                .hint()
                .is_some_and(|h| h.contains("certificate"))
        );
        assert_eq!(http("something nobody foresaw").hint(), None);
    }

    #[test]
    fn statuses_that_need_the_operator_say_what_to_do() {
        let status = |code| FetchError::Status {
            url: Url::parse("https://news.test/feed").expect("url"),
            status: StatusCode::from_u16(code).expect("status"),
            retry_after: None,
        };
        assert!(
            status(404)
                .hint()
                .is_some_and(|h| h.contains("current address"))
        );
        assert!(status(403).hint().is_some_and(|h| h.contains("refuses")));
        assert!(status(503).hint().is_some_and(|h| h.contains("backoff")));
        assert_eq!(status(418).hint(), None);
    }

    #[test]
    fn the_raw_cause_follows_the_hint() {
        assert_eq!(
            with_hint(Some("do this"), "raw: cause"),
            "do this (raw: cause)"
        );
        assert_eq!(with_hint(None, "raw: cause"), "raw: cause");
    }
}
