//! Each kind's payload, rendered once when the message is queued and stored in the outbox:
//! the bytes every attempt sends. Pure.

use super::{Kind, payload, telegram};
use crate::digest::Rendered;
use crate::model::{Digest, MessageKind};
use serde_json::json;

/// ntfy's priorities: 3 is its default, 4 "high" (a phone buzzes longer).
const NTFY_DIGEST_PRIORITY: u8 = 3;
const NTFY_ALERT_PRIORITY: u8 = 4;
/// ntfy's default `message-size-limit`, in bytes.
const NTFY_MESSAGE_BYTES: usize = 4096;

/// The payload for a channel of `kind` (not email), with `target` its topic, chat or room.
pub fn render(kind: Kind, target: &str, d: &Digest, r: &Rendered, key: &str) -> Vec<u8> {
    let value = match kind {
        Kind::Webhook | Kind::Email => return payload::body_bytes(d, key),
        Kind::Ntfy => {
            let lead = first_url(d);
            let mut v = json!({
                "topic": target,
                "title": r.subject,
                "message": ntfy_message(d),
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

/// One line per story (title — outlet, then its link): Matrix's body.
fn plain(d: &Digest) -> String {
    lines(d).concat()
}

fn lines(d: &Digest) -> Vec<String> {
    let stories = d.sections.iter().flat_map(|s| &s.stories);
    let line = |s: &crate::model::Story| {
        format!("• {} — {}\n  {}\n", s.lead.title, s.lead.outlet, s.lead.url)
    };
    stories.map(line).collect()
}

/// ntfy's message: the story lines that fit in [`NTFY_MESSAGE_BYTES`], then how many more
/// there are. Past that limit ntfy turns the message into an attachment.txt (or refuses it
/// where attachments are off), which a phone does not show.
fn ntfy_message(d: &Digest) -> String {
    let lines = lines(d);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        // Room kept for the count of the rest, and one line is never more than a quarter.
        let line = cut(line, NTFY_MESSAGE_BYTES / 4);
        let more = format!("… and {} more", lines.len() - i);
        if out.len() + line.len() + more.len() > NTFY_MESSAGE_BYTES {
            out.push_str(&more);
            break;
        }
        out.push_str(&line);
    }
    out
}

/// `s` cut to at most `max` bytes at a character boundary, marked with "…" where cut.
fn cut(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= max {
        return s.into();
    }
    let mut end = max - "…\n".len();
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…\n", &s[..end]).into()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ntfy_message_stays_under_its_limit_and_counts_what_it_left_out() {
        let mut d = crate::channel::payload::tests::digest();
        let story = d.sections[0].stories[1].clone();
        d.sections[0].stories = (0..60)
            .map(|i| {
                let mut s = story.clone();
                s.lead.title = format!("Story {i} {}", "ж".repeat(if i == 0 { 5000 } else { 60 }));
                s
            })
            .collect();
        d.sections.truncate(1);
        let m = ntfy_message(&d);
        assert!(m.len() <= NTFY_MESSAGE_BYTES, "{} bytes", m.len());
        assert!(
            m.starts_with("• Story 0 жж") && m.contains("…\n• Story 1 "),
            "{m}"
        );
        let told = m.matches("• Story ").count();
        assert!(told > 10, "{told} told");
        assert!(m.ends_with(&format!("… and {} more", 60 - told)), "{m}");
        // A digest that fits is told whole.
        d.sections[0].stories.truncate(3);
        assert_eq!(ntfy_message(&d).matches("• Story ").count(), 3);
        assert!(!ntfy_message(&d).contains("more"));
    }
}
