//! The HTML part of a digest mail: one self-contained document with inline styles only (mail
//! clients drop `<style>` blocks and block remote content), simple stacked blocks rather than
//! layout tables, at most 640px wide. Never emits a script, a remote resource, or a string
//! from a feed that has not been through `escape`.

use super::{
    MAX_ERROR_CHARS, clean, cut, dateline, display_title, footer, headline, highlight, label,
    local_time, model_line, plural, report_time, snippet, subject, summary, term_line,
    watchlist_name, web_link, why_line, zone,
};
pub(super) use crate::html_escape::escape;
use crate::model::{
    CrossRef, Digest, DigestSection, FeedTrouble, MessageKind, Report, Story, Undelivered,
};
use chrono_tz::Tz;
use std::fmt::Write;

const SANS: &str = "font-family:Arial,Helvetica,sans-serif;";
const BODY: &str = "margin:0;padding:16px 0;background-color:#f3f4f6;";
const PAGE: &str = "max-width:640px;margin:0 auto;padding:24px 20px;background-color:#ffffff;\
                    font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;\
                    color:#1f2328;";
const DATELINE: &str = "margin:0;font-size:13px;color:#6b7280;";
const H1: &str = "margin:4px 0 8px;font-size:24px;line-height:1.25;";
const ALERT_H1: &str = "margin:4px 0 8px;font-size:24px;line-height:1.25;color:#b42318;";
const SUMMARY: &str = "margin:0 0 8px;font-size:14px;color:#374151;";
const H2: &str = "margin:32px 0 0;padding-bottom:4px;border-bottom:2px solid #1f2328;\
                  font-size:19px;line-height:1.3;";
const WATCHLIST_ID: &str = "font-weight:normal;font-size:13px;color:#6b7280;";
const STORY: &str = "margin:18px 0 0;";
const H3: &str = "margin:0 0 2px;font-size:18px;line-height:1.3;";
const TITLE_LINK: &str = "color:#0b57d0;text-decoration:none;";
const META: &str = "margin:0 0 6px;font-size:13px;color:#6b7280;";
const OUTLET: &str = "color:#374151;font-weight:bold;";
const LABEL: &str = "display:inline-block;padding:0 5px;border:1px solid #d97706;border-radius:3px;\
                     background-color:#fffbeb;color:#92400e;font-size:11px;line-height:16px;\
                     font-weight:normal;white-space:nowrap;";
const ALERTED: &str = "color:#b42318;";
const SNIPPET: &str = "margin:0 0 6px;";
const DETAIL: &str = "margin:0 0 2px;font-size:13px;color:#374151;";
const LIST: &str = "margin:0 0 2px;padding-left:20px;font-size:13px;color:#374151;";
const H4: &str = "margin:22px 0 0;font-size:13px;font-weight:bold;color:#6b7280;\
                  text-transform:uppercase;letter-spacing:0.04em;";
const CROSS: &str = "margin:14px 0 2px;font-size:13px;color:#374151;";
const FOLLOW_UP: &str = "margin:8px 0 0;font-size:14px;color:#374151;";
const LINK: &str = "color:#0b57d0;";
const UNLINKED: &str = "color:#6b7280;word-break:break-all;";
const ATTENTION: &str = "margin:32px 0 0;padding:10px 14px;border-left:4px solid #d97706;\
                         background-color:#fffbeb;font-size:13px;color:#374151;";
const ATTENTION_H2: &str = "margin:0 0 4px;font-size:15px;color:#92400e;";
const ERROR: &str = "color:#6b7280;word-break:break-word;";
const FOOTER: &str = "margin:36px 0 0;padding-top:12px;border-top:1px solid #e5e7eb;\
                      font-size:12px;color:#6b7280;";

pub(super) fn render(digest: &Digest) -> String {
    let tz = zone(digest);
    let mut h = String::new();
    // `write!` to a String cannot fail; the results are ignored throughout.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n</head>\n<body style=\"{BODY}\">\n<div style=\"{PAGE}\">\n",
        escape(&subject(digest))
    );
    let _ = writeln!(
        h,
        "<p style=\"{SANS}{DATELINE}\">{}</p>",
        escape(&dateline(digest))
    );
    let (heading, h1) = match digest.kind {
        MessageKind::Digest => ("newshound", H1),
        MessageKind::Alert => ("newshound alert", ALERT_H1),
    };
    let _ = writeln!(
        h,
        "<h1 style=\"{SANS}{h1}\">{heading} · {}</h1>",
        escape(&clean(&digest.name))
    );
    let _ = writeln!(
        h,
        "<p style=\"{SANS}{SUMMARY}\">{}</p>",
        escape(&summary(digest))
    );
    if digest.sections.is_empty() {
        let _ = writeln!(
            h,
            "<p style=\"{STORY}\">Nothing new matched your watchlists since the last digest.</p>"
        );
    }
    for section in &digest.sections {
        render_section(&mut h, section, tz);
    }
    render_attention(&mut h, &digest.attention, tz);
    render_undelivered(&mut h, &digest.undelivered, tz);
    let _ = write!(
        h,
        "<p style=\"{SANS}{FOOTER}\">{}</p>\n</div>\n</body>\n</html>\n",
        escape(&footer(digest))
    );
    h
}

fn render_section(h: &mut String, section: &DigestSection, tz: Tz) {
    let title = clean(&section.title);
    let id = clean(&section.watchlist);
    let _ = writeln!(
        h,
        "<h2 style=\"{SANS}{H2}\">{} <span style=\"{WATCHLIST_ID}\">{}</span></h2>",
        escape(if title.is_empty() { &id } else { &title }),
        escape(&id)
    );
    let (new, old): (Vec<&Story>, Vec<&Story>) =
        section.stories.iter().partition(|s| !s.is_follow_up());
    for story in new {
        render_story(h, story, tz);
    }
    if !old.is_empty() {
        let _ = writeln!(
            h,
            "<h4 style=\"{SANS}{H4}\">Also reported by — stories sent before</h4>"
        );
        for story in old {
            render_follow_up(h, story, tz);
        }
    }
    for cross in &section.told_above {
        let _ = writeln!(h, "<p style=\"{SANS}{CROSS}\">{}</p>", cross_ref(cross));
    }
}

/// The anchor of a story told in full, which a cross-reference links to. Made of the cluster
/// id alone, so no feed string reaches the attribute.
fn anchor(cluster_id: i64) -> String {
    format!("story-{cluster_id}")
}

/// `Also under Prisoner-of-war exchanges: <a href="#story-7">headline</a>`, escaped.
fn cross_ref(cross: &CrossRef) -> String {
    format!(
        "Also under {}: <a href=\"#{}\" style=\"{LINK}\">{}</a>",
        escape(&watchlist_name(&cross.watchlist, &cross.watchlist_title)),
        anchor(cross.cluster_id),
        escape(&headline(&cross.title))
    )
}

/// `Outlet [label] · 4 Jun 2023, 14:21 EEST`, escaped.
fn byline(report: &Report, tz: Tz) -> String {
    let mut line = format!(
        "<span style=\"{OUTLET}\">{}</span>",
        escape(&clean(&report.outlet))
    );
    if let Some(label) = label(report) {
        let _ = write!(line, " <span style=\"{LABEL}\">{}</span>", escape(&label));
    }
    if let Some(time) = report_time(report, tz) {
        let _ = write!(line, " · {}", escape(&time));
    }
    line
}

fn render_story(h: &mut String, story: &Story, tz: Tz) {
    let lead = &story.lead;
    let title = escape(&display_title(lead));
    let _ = writeln!(
        h,
        "<div id=\"{}\" style=\"{STORY}\">",
        anchor(story.cluster_id)
    );
    match web_link(&lead.url) {
        Some(href) => {
            let _ = writeln!(
                h,
                "<h3 style=\"{H3}\"><a href=\"{}\" style=\"{TITLE_LINK}\">{title}</a></h3>",
                escape(&href)
            );
        }
        None => {
            let _ = writeln!(h, "<h3 style=\"{H3}\">{title}</h3>");
        }
    }
    let mut meta = byline(lead, tz);
    if web_link(&lead.url).is_none() && !clean(&lead.url).is_empty() {
        let _ = write!(
            meta,
            " · <span style=\"{UNLINKED}\">{}</span>",
            escape(&clean(&lead.url))
        );
    }
    if let Some(at) = story.alerted_at {
        let _ = write!(
            meta,
            " · <span style=\"{ALERTED}\">alert sent {}</span>",
            escape(&local_time(at, tz))
        );
    }
    if story.id > 0 {
        let _ = write!(meta, " · id {}", story.id);
    }
    let _ = writeln!(h, "<p style=\"{SANS}{META}\">{meta}</p>");

    let text = snippet(&story.snippet);
    if !text.is_empty() {
        let mut marked = String::new();
        for (piece, is_term) in highlight(&text, &story.snippet, &story.marks, &story.terms) {
            if is_term {
                let _ = write!(marked, "<b>{}</b>", escape(piece));
            } else {
                marked.push_str(&escape(piece));
            }
        }
        let _ = writeln!(h, "<p style=\"{SNIPPET}\">{marked}</p>");
    }
    let why = why_line(story);
    for line in why
        .iter()
        .chain(&term_line(story))
        .chain(&model_line(story))
    {
        let _ = writeln!(h, "<p style=\"{SANS}{DETAIL}\">{}</p>", escape(line));
    }
    if !story.also.is_empty() {
        let also: Vec<String> = story.also.iter().map(|r| also_item(r, tz)).collect();
        let _ = writeln!(
            h,
            "<p style=\"{SANS}{DETAIL}\">Also reported by:</p><ul style=\"{SANS}{LIST}\">{}</ul>",
            also.concat()
        );
    }
    let _ = writeln!(h, "</div>");
}

/// A story sent before: its earlier headline and when, then only the outlets it adds.
fn render_follow_up(h: &mut String, story: &Story, tz: Tz) {
    let Some(told) = &story.sent_before else {
        return;
    };
    let _ = writeln!(
        h,
        "<p id=\"{}\" style=\"{SANS}{FOLLOW_UP}\">“{}” <span style=\"color:#6b7280;\">(sent {})</span></p>",
        anchor(story.cluster_id),
        escape(&clean(&told.title)),
        escape(&local_time(told.at, tz))
    );
    let items: Vec<String> = std::iter::once(&story.lead)
        .chain(&story.also)
        .map(|r| also_item(r, tz))
        .collect();
    let _ = writeln!(h, "<ul style=\"{SANS}{LIST}\">{}</ul>", items.concat());
}

/// `<li>Outlet [label] · time: <a href="…">Title</a></li>`; the title stays plain text when
/// the address is not a web link.
fn also_item(report: &Report, tz: Tz) -> String {
    let who = byline(report, tz);
    let title = escape(&display_title(report));
    match web_link(&report.url) {
        Some(href) => format!(
            "<li>{who}: <a href=\"{}\" style=\"{LINK}\">{title}</a></li>",
            escape(&href)
        ),
        None if clean(&report.url).is_empty() => format!("<li>{who}: {title}</li>"),
        None => format!(
            "<li>{who}: {title} (<span style=\"{UNLINKED}\">{}</span>)</li>",
            escape(&clean(&report.url))
        ),
    }
}

fn render_attention(h: &mut String, feeds: &[FeedTrouble], tz: Tz) {
    if feeds.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<div style=\"{SANS}{ATTENTION}\">\n<h2 style=\"{SANS}{ATTENTION_H2}\">Feeds needing attention</h2>\n<ul style=\"{LIST}\">"
    );
    for f in feeds {
        let mut item = format!("<b>{}</b>", escape(&clean(&f.feed)));
        if let Some(label) = f.label.as_deref().map(clean).filter(|l| !l.is_empty()) {
            let _ = write!(item, " <span style=\"{LABEL}\">{}</span>", escape(&label));
        }
        let since = match f.last_success {
            Some(at) => format!("no successful poll since {}", local_time(at, tz)),
            None => "has not worked since it was added".to_owned(),
        };
        let _ = write!(
            item,
            " — {}; {} in a row: <span style=\"{ERROR}\">{}</span>",
            escape(&since),
            plural(f.failures as usize, "failed poll"),
            escape(&cut(&f.error, MAX_ERROR_CHARS))
        );
        let _ = writeln!(h, "<li>{item}</li>");
    }
    let _ = writeln!(h, "</ul>\n</div>");
}

/// Earlier messages the mail server refused for good: the readers missed them, and the
/// operator can send them again (`newshound outbox retry`).
fn render_undelivered(h: &mut String, messages: &[Undelivered], tz: Tz) {
    if messages.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<div style=\"{SANS}{ATTENTION}\">\n<h2 style=\"{SANS}{ATTENTION_H2}\">Messages that could not be delivered</h2>\n<ul style=\"{LIST}\">"
    );
    for m in messages {
        let _ = writeln!(
            h,
            "<li>{} of {}: <b>{}</b> — refused by the mail server at {}: <span style=\"{ERROR}\">{}</span></li>",
            m.kind.as_str(),
            escape(&local_time(m.created_at, tz)),
            escape(&clean(&m.subject)),
            escape(&local_time(m.failed_at, tz)),
            escape(&cut(&m.error, MAX_ERROR_CHARS))
        );
    }
    let _ = writeln!(h, "</ul>\n</div>");
}
