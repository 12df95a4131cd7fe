//! Each kind's payload, rendered once when the message is queued and stored in the outbox:
//! the bytes every attempt sends. Pure.

use super::{Kind, payload, telegram};
use crate::digest::Rendered;
use crate::model::{Digest, MessageKind};
use serde_json::json;

/// ntfy's priorities: 3 is its default, 4 "high" (a phone buzzes longer).
const NTFY_DIGEST_PRIORITY: u8 = 3;
const NTFY_ALERT_PRIORITY: u8 = 4;

/// The payload for a channel of `kind` (not email), with `target` its topic, chat or room.
pub fn render(kind: Kind, target: &str, d: &Digest, r: &Rendered, key: &str) -> Vec<u8> {
    let value = match kind {
        Kind::Webhook | Kind::Email => return payload::body_bytes(d, key),
        Kind::Ntfy => {
            let lead = first_url(d);
            let mut v = json!({
                "topic": target,
                "title": r.subject,
                "message": plain(d),
                "priority": if d.kind == MessageKind::Alert { NTFY_ALERT_PRIORITY } else { NTFY_DIGEST_PRIORITY },
            });
            if let Some(u) = lead {
                v["click"] = json!(u);
            }
            v
        }
        Kind::Telegram => json!(telegram::parts(d)),
        Kind::Matrix => {
            let parts = telegram::parts(d);
            json!({
                "msgtype": "m.text",
                "body": plain(d),
                "format": "org.matrix.custom.html",
                "formatted_body": parts.join("<br><br>").replace('\n', "<br>"),
            })
        }
        Kind::Slack => json!({ "text": slack(d) }),
    };
    serde_json::to_vec(&value).unwrap_or_default()
}

fn first_url(d: &Digest) -> Option<&str> {
    d.sections
        .iter()
        .flat_map(|s| s.stories.first())
        .map(|s| s.lead.url.as_str())
        .next()
}

/// One line per story (title — outlet, then its link): ntfy's message and Matrix's body.
fn plain(d: &Digest) -> String {
    let mut out = String::new();
    for s in d.sections.iter().flat_map(|s| &s.stories) {
        out.push_str(&format!(
            "• {} — {}\n  {}\n",
            s.lead.title, s.lead.outlet, s.lead.url
        ));
    }
    out
}

/// Slack mrkdwn: each story a `<url|title>` link, escaped so a title cannot link or mention.
fn slack(d: &Digest) -> String {
    let mut out = format!(
        "*{}*\n",
        payload::mrkdwn(&format!("{} {}", d.kind.as_str(), d.name))
    );
    for s in d.sections.iter().flat_map(|s| &s.stories) {
        out.push_str(&format!(
            "• <{}|{}> — {}\n",
            payload::mrkdwn(&s.lead.url).replace('|', "%7C"),
            payload::mrkdwn(&s.lead.title).replace('|', "¦"),
            payload::mrkdwn(&s.lead.outlet)
        ));
    }
    out
}
