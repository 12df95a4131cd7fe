//! Mail: composes a multipart message (plain text + HTML) and hands it to the configured
//! transport: an SMTP server through lettre, or .eml files in a directory through lettre's
//! file transport (the default, so newshound runs with no mail server at all).
//! It sends what it is given; deciding what to send and recording delivery is the caller's.

use crate::config::{MailConfig, Security, SmtpConfig, Transport};
use chrono::{DateTime, Utc};
use lettre::address::Envelope;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address {address:?}: {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("cannot write the message into {}: {reason}", dir.display())]
    File { dir: PathBuf, reason: String },
    #[error("SMTP server {server}: {reason}")]
    Smtp { server: String, reason: String },
    #[error("SMTP server {server}: no answer within {secs} s")]
    Timeout { server: String, secs: u64 },
    /// A permanent refusal of this message or its recipients (5yz of the mail-system class,
    /// RFC 5321 §4.2.1: 550 mailbox unavailable, 552, 553, 554 transaction failed): sending
    /// the same bytes again would be refused again.
    #[error("SMTP server {server} refused the message for good ({code}): {reason}")]
    Refused {
        server: String,
        code: String,
        reason: String,
    },
}

impl MailError {
    /// True when retrying this very message cannot succeed; every other failure (a server
    /// down, a 4yz, a login refused, which fixing the config cures) is worth a retry.
    pub fn is_final(&self) -> bool {
        matches!(self, MailError::Refused { .. })
    }
}

/// A message ready for the outbox: its bytes and the envelope to send them with.
#[derive(Debug, Clone)]
pub struct Composed {
    pub message_id: String,
    pub bytes: Vec<u8>,
    /// JSON of the SMTP envelope, as stored in the outbox.
    pub envelope: String,
}

pub struct Mailer {
    from: Mailbox,
    transport: Inner,
}

enum Inner {
    File {
        dir: PathBuf,
        transport: AsyncFileTransport<Tokio1Executor>,
    },
    Smtp {
        server: String,
        timeout: Duration,
        transport: AsyncSmtpTransport<Tokio1Executor>,
    },
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredEnvelope {
    from: String,
    to: Vec<String>,
}

impl Mailer {
    pub fn new(cfg: &MailConfig) -> Result<Self, MailError> {
        let from = mailbox(&cfg.from)?;
        let transport = match &cfg.transport {
            Transport::File { dir } => Inner::File {
                dir: dir.clone(),
                transport: AsyncFileTransport::new(dir),
            },
            Transport::Smtp(s) => smtp(s)?,
        };
        Ok(Self { from, transport })
    }

    /// Where messages go, for logs and `check`.
    pub fn describe(&self) -> String {
        match &self.transport {
            Inner::File { dir, .. } => format!(".eml files in {}", dir.display()),
            Inner::Smtp { server, .. } => format!("SMTP {server}"),
        }
    }

    /// Builds a multipart/alternative message with a fresh Message-ID, marked as sent by a
    /// machine (`Auto-Submitted: auto-generated`).
    pub fn compose(
        &self,
        to: &[String],
        subject: &str,
        text: String,
        html: String,
        now: DateTime<Utc>,
    ) -> Result<Composed, MailError> {
        let domain = self.from.email.domain().to_string();
        let message_id = format!("<{}@{}>", uuid::Uuid::new_v4(), domain);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(subject)
            .date(now.into())
            .message_id(Some(message_id.clone()))
            .header(AutoSubmitted);
        for t in to {
            builder = builder.to(mailbox(t)?);
        }
        let body = MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(text),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html),
            );
        let message = builder
            .multipart(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        let env = message.envelope();
        let envelope = serde_json::to_string(&StoredEnvelope {
            from: env.from().map(|a| a.to_string()).unwrap_or_default(),
            to: env.to().iter().map(|a| a.to_string()).collect(),
        })
        .map_err(|e| MailError::Build(e.to_string()))?;
        Ok(Composed {
            message_id,
            bytes: message.formatted(),
            envelope,
        })
    }

    /// Sends stored bytes. Returns only once the server accepted them or the file is on disk.
    pub async fn send(&self, bytes: &[u8], envelope: &str) -> Result<(), MailError> {
        let envelope = parse_envelope(envelope)?;
        match &self.transport {
            Inner::File { dir, transport } => {
                let file_err = |reason: String| MailError::File {
                    dir: dir.clone(),
                    reason,
                };
                if !dir.exists() {
                    tokio::fs::create_dir_all(dir)
                        .await
                        .map_err(|e| file_err(e.to_string()))?;
                    crate::owner::follow_dir(dir).map_err(|e| file_err(e.to_string()))?;
                }
                let id = transport
                    .send_raw(&envelope, bytes)
                    .await
                    .map_err(|e| file_err(e.to_string()))?;
                // Written by root into a service's outbox, the message stays the service's.
                crate::owner::follow_dir(&dir.join(format!("{id}.eml")))
                    .map_err(|e| file_err(e.to_string()))?;
                // lettre writes without fsync; the outbox may mark the message sent only
                // once it would survive a power cut.
                sync(dir.join(format!("{id}.eml")))
                    .await
                    .map_err(|e| file_err(e.to_string()))?;
                sync(dir.clone())
                    .await
                    .map_err(|e| file_err(e.to_string()))?;
                Ok(())
            }
            Inner::Smtp {
                server,
                timeout,
                transport,
            } => {
                // lettre's own timeout covers only the connection (lettre issue 1027).
                match tokio::time::timeout(*timeout, transport.send_raw(&envelope, bytes)).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(match refusal(&e) {
                        Some(code) => MailError::Refused {
                            server: server.clone(),
                            code,
                            reason: error_chain(&e),
                        },
                        None => MailError::Smtp {
                            server: server.clone(),
                            reason: error_chain(&e),
                        },
                    }),
                    Err(_) => Err(MailError::Timeout {
                        server: server.clone(),
                        secs: timeout.as_secs(),
                    }),
                }
            }
        }
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): vacation responders and mailing lists send
/// no automatic replies to a message that carries it.
#[derive(Debug, Clone, Copy)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

fn smtp(s: &SmtpConfig) -> Result<Inner, MailError> {
    let server = format!("{}:{}", s.host, s.port);
    let err = |e: lettre::transport::smtp::Error| MailError::Smtp {
        server: server.clone(),
        reason: error_chain(&e),
    };
    let builder = match s.security {
        Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(err)?,
        Security::StartTls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host).map_err(err)?
        }
        Security::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
    };
    let timeout = Duration::from_secs(s.timeout_secs);
    let mut builder = builder.port(s.port).timeout(Some(timeout));
    if let (Some(user), Some(pass)) = (&s.username, &s.password) {
        builder = builder.credentials(Credentials::new(user.clone(), pass.expose().to_string()));
    }
    Ok(Inner::Smtp {
        server,
        timeout,
        transport: builder.build(),
    })
}

fn mailbox(s: &str) -> Result<Mailbox, MailError> {
    s.parse()
        .map_err(|e: lettre::address::AddressError| MailError::Address {
            address: s.to_string(),
            reason: e.to_string(),
        })
}

fn parse_envelope(json: &str) -> Result<Envelope, MailError> {
    let bad = |reason: String| MailError::Build(format!("stored envelope {json:?}: {reason}"));
    let e: StoredEnvelope = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let addr = |s: &String| s.parse::<lettre::Address>().map_err(|e| bad(e.to_string()));
    let from = if e.from.is_empty() {
        None
    } else {
        Some(addr(&e.from)?)
    };
    let to = e.to.iter().map(addr).collect::<Result<Vec<_>, _>>()?;
    Envelope::new(from, to).map_err(|e| bad(e.to_string()))
}

async fn sync(path: PathBuf) -> std::io::Result<()> {
    tokio::task::spawn_blocking(move || std::fs::File::open(path)?.sync_all())
        .await
        .map_err(std::io::Error::other)?
}

/// The reply code, when the server refused the message itself for good: a permanent (5yz)
/// reply of the mail-system category (x5z). Other permanent replies are about the session —
/// 530/535 a login, 50z a command, 521 a server taking no mail at all — and a changed config
/// or a fixed server cures them, so those messages wait and are retried.
fn refusal(e: &lettre::transport::smtp::Error) -> Option<String> {
    use lettre::transport::smtp::response::Category;
    let code = e.status().filter(|_| e.is_permanent())?;
    (code.category == Category::MailSystem).then(|| code.to_string())
}

pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(cause) = src {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        src = cause.source();
    }
    s
}
