//! HTTP: one shared reqwest client with timeouts, a streamed body cap, transparent
//! gzip/deflate/brotli, conditional GET (RFC 9110 §13: ETag / Last-Modified validators) and
//! a guard that refuses third-party links into loopback, private and link-local networks.
//! Redirects are followed here, hop by hop, so the guard sees every hop.
//! It returns bytes and headers; it never parses a feed or a page.

mod guard;
mod hint;
mod limits;
mod retry_after;

pub use guard::is_public;
pub use hint::with_hint;
pub use retry_after::{MAX_WAIT_SECS, RetryAfter};

use crate::config::FetchConfig;
use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, redirect};
use std::time::Duration;
use url::Url;

/// The validators a server gave for a resource, sent back on the next request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Who chose the address: the operator (feeds, trusted to be anywhere) or a third party
/// (links inside feeds, which must not reach into the machine's own networks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    Operator,
    ThirdParty,
}

#[derive(Debug)]
pub enum Fetched {
    Modified(Box<Body>),
    NotModified,
}

#[derive(Debug)]
pub struct Body {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
    /// Where the body came from after redirects.
    pub final_url: Url,
    /// Set when every redirect on the way was permanent (301/308): the new address.
    pub moved_permanently: Option<Url>,
    /// The body was longer than the cap and `bytes` is its start (only for `get_page`).
    pub cut: bool,
}

/// What a body over the cap becomes: a failure (feeds, which are XML or JSON and unusable
/// cut), or its first bytes (article pages, whose text is at the top and whose end is
/// scripts and footers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overflow {
    Refuse,
    Cut,
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: timed out")]
    Timeout { url: Url },
    #[error("{url}: HTTP {status}{}", retry_after.as_ref().map(|r| format!(" (retry after {r})")).unwrap_or_default())]
    Status {
        url: Url,
        status: StatusCode,
        /// From a 429's or 503's Retry-After header (RFC 9110 §10.2.3).
        retry_after: Option<RetryAfter>,
    },
    #[error("{url}: body larger than {limit} bytes, cut off")]
    TooLarge { url: Url, limit: u64 },
    #[error("{url}: refused: {reason}")]
    Refused { url: Url, reason: String },
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: Url, max: usize },
    /// `detail` spells out the whole cause chain (DNS, TLS, connection refused...), because
    /// reqwest's own message ("error sending request") does not say what to fix.
    #[error("{url}: {detail}")]
    Http { url: Url, detail: String },
}

impl FetchError {
    pub fn retry_after(&self) -> Option<&RetryAfter> {
        match self {
            FetchError::Status { retry_after, .. } => retry_after.as_ref(),
            _ => None,
        }
    }
}

pub struct Fetcher {
    limits: limits::Limits,
    client: reqwest::Client,
    max_body: u64,
    max_page: u64,
    max_redirects: usize,
    allow_private: bool,
}

impl Fetcher {
    pub fn new(cfg: &FetchConfig) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .connect_timeout(Duration::from_secs(cfg.connect_timeout_secs))
            .timeout(Duration::from_secs(cfg.timeout_secs))
            .redirect(redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()?;
        Ok(Self {
            limits: limits::Limits::new(cfg.concurrency, cfg.per_host_concurrency),
            client,
            max_body: cfg.max_body_bytes,
            max_page: cfg.max_page_bytes,
            max_redirects: cfg.max_redirects,
            allow_private: cfg.allow_private_addresses,
        })
    }

    /// GET `url`, conditionally when `validators` are given; a body over `max_body_bytes`
    /// is an error.
    pub async fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        trust: Trust,
    ) -> Result<Fetched, FetchError> {
        self.get_capped(url, validators, trust, self.max_body, Overflow::Refuse)
            .await
    }

    /// GET a third party's article page: a body over `max_page_bytes` is cut there and
    /// marked `cut`, so a huge page costs at most that much.
    pub async fn get_page(&self, url: &Url) -> Result<Fetched, FetchError> {
        self.get_capped(url, None, Trust::ThirdParty, self.max_page, Overflow::Cut)
            .await
    }

    async fn get_capped(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        trust: Trust,
        cap: u64,
        overflow: Overflow,
    ) -> Result<Fetched, FetchError> {
        let mut current = url.clone();
        let mut all_permanent = true;
        for _ in 0..=self.max_redirects {
            if trust == Trust::ThirdParty && !self.allow_private {
                guard::check(&current).await?;
            }
            let _permit = self.limits.acquire(&current).await;
            let conditional = conditional_headers(validators);
            let asked_conditionally = !conditional.is_empty();
            let resp = self
                .client
                .get(current.clone())
                .headers(conditional)
                .send()
                .await
                .map_err(|e| http_err(&current, e))?;
            let status = resp.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                all_permanent &= matches!(
                    status,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
                );
                current = next_hop(&current, resp.headers())?;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                // "Not modified" since what? Without a validator sent there is nothing the
                // answer could refer to; taking it as news-free would hide the feed for good.
                if !asked_conditionally {
                    return Err(FetchError::Refused {
                        url: current,
                        reason: "answered 304 Not Modified to an unconditional request (no ETag \
                                 or Last-Modified was sent): the server is misconfigured"
                            .into(),
                    });
                }
                return Ok(Fetched::NotModified);
            }
            if !status.is_success() {
                let retry_after = matches!(
                    status,
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
                )
                .then(|| header_str(resp.headers(), header::RETRY_AFTER))
                .flatten()
                .and_then(|v| RetryAfter::parse(&v));
                return Err(FetchError::Status {
                    url: current,
                    status,
                    retry_after,
                });
            }
            let headers = resp.headers().clone();
            let (bytes, cut) = read_capped(&current, resp, cap, overflow).await?;
            let moved_permanently = (all_permanent && current != *url).then(|| current.clone());
            return Ok(Fetched::Modified(Box::new(Body {
                bytes,
                content_type: header_str(&headers, header::CONTENT_TYPE),
                validators: Validators {
                    etag: header_str(&headers, header::ETAG),
                    last_modified: header_str(&headers, header::LAST_MODIFIED),
                },
                final_url: current,
                moved_permanently,
                cut,
            })));
        }
        Err(FetchError::TooManyRedirects {
            url: url.clone(),
            max: self.max_redirects,
        })
    }
}

/// Reads the (already decompressed) body chunk by chunk and stops at the cap, so an endless
/// body or a decompression bomb costs at most `cap` bytes of memory. Returns the bytes and
/// whether they were cut.
async fn read_capped(
    url: &Url,
    resp: reqwest::Response,
    cap: u64,
    overflow: Overflow,
) -> Result<(Vec<u8>, bool), FetchError> {
    let too_large = || FetchError::TooLarge {
        url: url.clone(),
        limit: cap,
    };
    if overflow == Overflow::Refuse && resp.content_length().is_some_and(|n| n > cap) {
        return Err(too_large());
    }
    let cap_len = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    let mut stream = resp.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| http_err(url, e))?;
        if out.len().saturating_add(chunk.len()) > cap_len {
            if overflow == Overflow::Refuse {
                return Err(too_large());
            }
            // The rest is never read: dropping the stream closes the connection.
            out.extend_from_slice(&chunk[..cap_len - out.len()]);
            return Ok((out, true));
        }
        out.extend_from_slice(&chunk);
    }
    Ok((out, false))
}

fn conditional_headers(v: Option<&Validators>) -> HeaderMap {
    let mut h = HeaderMap::new();
    let Some(v) = v else { return h };
    if let Some(etag) = v
        .etag
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        h.insert(header::IF_NONE_MATCH, etag);
    }
    if let Some(lm) = v
        .last_modified
        .as_deref()
        .and_then(|e| HeaderValue::from_str(e).ok())
    {
        h.insert(header::IF_MODIFIED_SINCE, lm);
    }
    h
}

fn next_hop(current: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let refused = |reason: &str| FetchError::Refused {
        url: current.clone(),
        reason: reason.to_string(),
    };
    let location = header_str(headers, header::LOCATION)
        .ok_or_else(|| refused("redirect without Location"))?;
    let next = current
        .join(&location)
        .map_err(|_| refused("redirect to an invalid Location"))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(refused("redirect to a non-HTTP address"));
    }
    Ok(next)
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn http_err(url: &Url, e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        FetchError::Timeout { url: url.clone() }
    } else {
        let e = e.without_url();
        let mut detail = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            let text = c.to_string();
            if !detail.contains(&text) {
                detail.push_str(": ");
                detail.push_str(&text);
            }
            cause = c.source();
        }
        FetchError::Http {
            url: url.clone(),
            detail,
        }
    }
}
