//! Sending a stored payload through a channel's service over HTTP, and reading its answer
//! into a [`ChannelError`]. It sends what it is given; recording delivery is the caller's.

use super::{ChannelError, Kind, sign};
use crate::config::ChannelConfig;
use async_trait::async_trait;
use std::time::Duration;

/// Told of the parts of a split message (Telegram's) as the service accepts each, before
/// the next is tried: the outbox records them, so a crash repeats at most the part in flight.
#[async_trait]
pub trait Progress: Send {
    async fn accepted(&mut self, parts: u32);
}

/// Progress nobody keeps.
struct Untracked;

#[async_trait]
impl Progress for Untracked {
    async fn accepted(&mut self, _parts: u32) {}
}

/// Progress kept in memory: each count in order.
#[async_trait]
impl Progress for Vec<u32> {
    async fn accepted(&mut self, parts: u32) {
        self.push(parts);
    }
}

/// The wait after a 429 that names none.
const DEFAULT_RETRY_AFTER_SECS: u64 = 60;
/// A 429 asking for longer than this is read as this: a retry is never put off for days.
const MAX_RETRY_AFTER_SECS: u64 = 6 * 3600;
/// Of an error's body, what a log line keeps.
const BODY_CHARS: usize = 300;

/// The configured channels and one HTTP client for them all.
pub struct Channels {
    client: reqwest::Client,
    configs: Vec<ChannelConfig>,
}

impl Channels {
    pub fn new(configs: &[ChannelConfig]) -> Result<Self, reqwest::Error> {
        // Each request's whole timeout is its channel's `timeout_secs`, set per request.
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .user_agent(crate::config::default_user_agent())
            .build()?;
        Ok(Self {
            client,
            configs: configs.to_vec(),
        })
    }

    pub fn get(&self, name: &str) -> Option<&ChannelConfig> {
        self.configs.iter().find(|c| c.name == name)
    }

    /// What a retry of outbox channel `name`'s message keeps the same (see
    /// [`Kind::retry_note`]); a channel gone from the config is told as such.
    pub fn retry_note(&self, name: &str) -> &'static str {
        if name == super::EMAIL {
            return Kind::Email.retry_note();
        }
        self.get(name)
            .map_or("kept until the channel is back in the config", |c| {
                c.kind.retry_note()
            })
    }

    /// Sends `payload` through channel `c`, resuming after `parts_sent` parts of a split one.
    /// Returns how many parts are accepted in all, with the outcome: on failure, the parts
    /// before the failing one count, so a retry does not repeat them.
    pub async fn send(
        &self,
        c: &ChannelConfig,
        payload: &[u8],
        key: &str,
        parts_sent: u32,
    ) -> (u32, Result<(), ChannelError>) {
        self.send_recording(c, payload, key, parts_sent, &mut Untracked)
            .await
    }

    /// [`send`](Self::send), telling `record` the count of parts accepted so far after each
    /// part of a split message (Telegram's), before the next is tried. Recorded so, a crash
    /// mid-way repeats at most the part in flight; counted only at the end, it would repeat
    /// every part before it.
    pub async fn send_recording(
        &self,
        c: &ChannelConfig,
        payload: &[u8],
        key: &str,
        parts_sent: u32,
        record: &mut dyn Progress,
    ) -> (u32, Result<(), ChannelError>) {
        let base = c.url.as_ref().map(|u| u.as_str().trim_end_matches('/'));
        let base = base.unwrap_or_default();
        let token = c.secret.as_ref().map(|s| s.expose()).unwrap_or_default();
        let json = "application/json";
        let req = match c.kind {
            Kind::Telegram => {
                let from = (parts_sent, record);
                return self.telegram(c, base, token, payload, from).await;
            }
            Kind::Webhook => {
                let mut r = self.client.post(base).header("Idempotency-Key", key);
                if let Some(s) = &c.secret {
                    r = r.header(sign::HEADER, sign::signature(s.expose(), payload));
                }
                r
            }
            Kind::Ntfy => {
                let r = self.client.post(format!("{base}/"));
                if token.is_empty() {
                    r
                } else {
                    r.bearer_auth(token)
                }
            }
            Kind::Matrix => self
                .client
                .put(format!(
                    "{base}/_matrix/client/v3/rooms/{}/send/m.room.message/{}",
                    segment(&c.target),
                    segment(key)
                ))
                .bearer_auth(token),
            Kind::Slack | Kind::Email => self.client.post(base),
        };
        let req = req.header("Content-Type", json).body(payload.to_vec());
        (0, self.answer(c, req).await.map(drop))
    }

    /// Telegram's parts in order from `parts_sent`, each passed to `record` as accepted
    /// before the next is tried.
    async fn telegram(
        &self,
        c: &ChannelConfig,
        base: &str,
        token: &str,
        payload: &[u8],
        (parts_sent, record): (u32, &mut dyn Progress),
    ) -> (u32, Result<(), ChannelError>) {
        let parts: Vec<String> = match serde_json::from_slice(payload) {
            Ok(p) => p,
            Err(e) => {
                let reason = e.to_string();
                let channel = c.name.clone();
                return (parts_sent, Err(ChannelError::Payload { channel, reason }));
            }
        };
        let mut done = parts_sent;
        for text in parts.iter().skip(parts_sent as usize) {
            let body = serde_json::json!({
                "chat_id": c.target,
                "text": text,
                "parse_mode": "HTML",
                "disable_web_page_preview": true,
            });
            // The token is in the path: the URL is never logged, only the base.
            let req = self
                .client
                .post(format!("{base}/bot{token}/sendMessage"))
                .header("Content-Type", "application/json")
                .body(body.to_string());
            if let Err(e) = self.answer(c, req).await {
                return (done, Err(e));
            }
            done += 1;
            record.accepted(done).await;
        }
        (done, Ok(()))
    }

    async fn answer(
        &self,
        c: &ChannelConfig,
        req: reqwest::RequestBuilder,
    ) -> Result<(), ChannelError> {
        let channel = || c.name.clone();
        let secs = c.timeout_secs;
        let req = req.timeout(Duration::from_secs(secs));
        let resp = req.send().await.map_err(|e| {
            let url = origin(c);
            if e.is_timeout() {
                return ChannelError::TimedOut {
                    channel: channel(),
                    url,
                    secs,
                };
            }
            ChannelError::Unreachable {
                channel: channel(),
                url,
                // reqwest's message names the whole URL, which holds Telegram's bot token
                // in its path and is the credential of a Slack webhook: it never goes to a
                // log or the outbox's last error.
                reason: crate::mail::error_chain(&e.without_url()),
            }
        })?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(());
        }
        let header = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = resp.text().await.unwrap_or_default();
        if status == 429 {
            let secs = retry_after(&body)
                .or(header)
                .unwrap_or(DEFAULT_RETRY_AFTER_SECS)
                .min(MAX_RETRY_AFTER_SECS);
            return Err(ChannelError::RateLimited {
                channel: channel(),
                after: Duration::from_secs(secs),
            });
        }
        Err(ChannelError::Status {
            channel: channel(),
            status,
            body: body.chars().take(BODY_CHARS).collect(),
        })
    }
}

/// The scheme, host and port of the channel's URL: all of it an error may name, since the
/// rest may be a credential.
fn origin(c: &ChannelConfig) -> String {
    c.url
        .as_ref()
        .map_or_else(String::new, |u| u.origin().ascii_serialization())
}

/// Telegram's `{"parameters": {"retry_after": N}}` (and Matrix's `retry_after_ms`).
fn retry_after(body: &str) -> Option<u64> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v["parameters"]["retry_after"]
        .as_u64()
        .or_else(|| v["retry_after_ms"].as_u64().map(|ms| ms.div_ceil(1000)))
}

/// `s` as one URL path segment.
fn segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
#[path = "send_tests.rs"]
mod send_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_comes_from_telegrams_parameters_or_matrixs_milliseconds() {
        assert_eq!(
            retry_after(r#"{"ok":false,"error_code":429,"parameters":{"retry_after":17}}"#),
            Some(17)
        );
        assert_eq!(retry_after(r#"{"retry_after_ms":1500}"#), Some(2));
        assert_eq!(retry_after("busy"), None);
    }

    #[test]
    fn ids_are_one_path_segment() {
        assert_eq!(segment("!room:example.org"), "%21room%3Aexample.org");
        assert_eq!(segment("a b/c"), "a%20b%2Fc");
    }
}
