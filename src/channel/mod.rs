//! Delivery channels beyond email (issue 17): what a digest or an alert becomes for a webhook,
//! ntfy, Telegram, Matrix or Slack, and how each service's failures are classified. Rendering
//! is pure and done once, when the message is queued, so every retry sends the very payload
//! stored in the outbox with the same idempotency key; deciding what to send and recording
//! delivery stay the pipeline's. Email keeps its own module (`mail`) and is the channel named
//! [`EMAIL`].

pub mod payload;
pub mod render;
mod send;
pub mod sign;
pub mod telegram;

pub use send::{Channels, Progress};

use std::time::Duration;

/// The channel name of the digest's own mail in the outbox (`outbox.channel`).
pub const EMAIL: &str = "email";

/// The entity for `&`, `<` and `>`: the characters that are markup in Telegram's and
/// Matrix's HTML and in Slack's mrkdwn alike.
fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    }
}

/// The kinds of `[[channel]]` a config may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Webhook,
    Ntfy,
    Telegram,
    Matrix,
    Slack,
    Email,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Webhook,
        Kind::Ntfy,
        Kind::Telegram,
        Kind::Matrix,
        Kind::Slack,
        Kind::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Webhook => "webhook",
            Kind::Ntfy => "ntfy",
            Kind::Telegram => "telegram",
            Kind::Matrix => "matrix",
            Kind::Slack => "slack",
            Kind::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the service de-duplicates a resend by the idempotency key, so a crash between
    /// its acceptance and newshound's record causes no repeat (else: at most one repeat).
    pub fn deduplicates(self) -> bool {
        matches!(self, Kind::Matrix | Kind::Webhook | Kind::Email)
    }

    /// How a message kept for a retry is told apart from a new one on this kind, for the
    /// note after a failed attempt: only mail has a Message-ID.
    pub fn retry_note(self) -> &'static str {
        match self {
            Kind::Email => "retried later with the same Message-ID",
            Kind::Webhook => "retried later with the same Idempotency-Key header",
            Kind::Matrix => {
                "retried later under the same txnId, which the homeserver de-duplicates"
            }
            Kind::Telegram => {
                "retried later from the first part not yet accepted; parts already accepted \
                 are not sent again"
            }
            Kind::Ntfy | Kind::Slack => {
                "retried later with the same payload; the service has no de-duplication, so \
                 a crash after it accepted may repeat the message once"
            }
        }
    }
}

/// How one attempt at a channel failed.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("{channel}: cannot reach {url}: {reason}")]
    Unreachable {
        channel: String,
        url: String,
        reason: String,
    },
    /// No whole answer within the channel's `timeout_secs`: the service may have taken the
    /// message, so the retry resends it with the same key.
    #[error("{channel}: no answer from {url} within {secs} s (timeout_secs)")]
    TimedOut {
        channel: String,
        url: String,
        secs: u64,
    },
    #[error("{channel}: answered {status}: {body}")]
    Status {
        channel: String,
        status: u16,
        body: String,
    },
    /// 429 with the wait the service asked for (Telegram's `parameters.retry_after`, a
    /// `Retry-After` header): the retry is not tried before it ran out.
    #[error("{channel}: rate limited, retry after {} s", after.as_secs())]
    RateLimited { channel: String, after: Duration },
    #[error("{channel}: cannot build the payload: {reason}")]
    Payload { channel: String, reason: String },
}

impl ChannelError {
    /// True when sending the same payload again cannot succeed: a 4xx other than 408 and 429
    /// (a bad request, an unknown chat or room). 401/403 are retried: a token fixed in the
    /// secret file cures them, as a fixed SMTP login does.
    pub fn is_final(&self) -> bool {
        match self {
            ChannelError::Status { status, .. } => {
                (400..500).contains(status) && !matches!(status, 401 | 403 | 408 | 429)
            }
            ChannelError::Payload { .. } => true,
            _ => false,
        }
    }

    /// The earliest the service wants to be asked again, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ChannelError::RateLimited { after, .. } => Some(*after),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: u16) -> ChannelError {
        ChannelError::Status {
            channel: "c".into(),
            status: s,
            body: String::new(),
        }
    }

    #[test]
    fn only_a_request_the_service_rejects_for_good_is_final() {
        assert!(status(400).is_final());
        assert!(status(404).is_final());
        for s in [401, 403, 408, 429, 500, 502, 503] {
            assert!(!status(s).is_final(), "{s}");
        }
        let limited = ChannelError::RateLimited {
            channel: "c".into(),
            after: Duration::from_secs(7),
        };
        assert!(!limited.is_final());
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(7)));
    }

    #[test]
    fn only_mail_is_retried_with_the_same_message_id() {
        for k in Kind::ALL {
            let note = k.retry_note();
            assert_eq!(note.contains("Message-ID"), k == Kind::Email, "{note}");
            // What the kind de-duplicates by, or that it does not.
            assert!(
                k.deduplicates() || note.contains("parts") || note.contains("repeat"),
                "{note}"
            );
        }
        assert!(Kind::Matrix.retry_note().contains("txnId"));
        assert!(Kind::Webhook.retry_note().contains("Idempotency-Key"));
        let none = Channels::new(&[]).expect("client");
        assert_eq!(none.retry_note(EMAIL), Kind::Email.retry_note());
        assert!(!none.retry_note("gone").contains("Message-ID"));
    }

    #[test]
    fn kinds_read_back_from_their_names() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("irc"), None);
    }
}
