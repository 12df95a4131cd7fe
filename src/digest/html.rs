//! The HTML part of a digest mail: one self-contained document with inline styles only (mail
//! clients drop `<style>` blocks and block remote content), simple stacked blocks rather than
//! layout tables, at most 640px wide. Never emits a script, a remote resource, or a string
//! from a feed that has not been through `escape`.

use super::{
    clean, highlight, local_time, report_time, snippet, subject, summary, term_list, web_link,
    zone, zone_note,
};
use crate::model::{Digest, DigestSection, Report, Story};
use chrono_tz::Tz;
use std::fmt::Write;

const SANS: &str = "font-family:Arial,Helvetica,sans-serif;";
const BODY: &str = "margin:0;padding:0;background-color:#f3f4f6;";
const PAGE: &str = "max-width:640px;margin:0 auto;padding:24px 20px;background-color:#ffffff;\
                    font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;\
                    color:#1f2328;";
const DATELINE: &str = "margin:0;font-size:13px;color:#6b7280;";
const H1: &str = "margin:4px 0 8px;font-size:24px;line-height:1.25;";
const SUMMARY: &str = "margin:0 0 8px;font-size:14px;color:#374151;";
const H2: &str = "margin:32px 0 0;padding-bottom:4px;border-bottom:2px solid #1f2328;\
                  font-size:19px;line-height:1.3;";
const WATCHLIST_ID: &str = "font-weight:normal;font-size:13px;color:#6b7280;";
const STORY: &str = "margin:18px 0 0;";
const H3: &str = "margin:0 0 2px;font-size:18px;line-height:1.3;";
const TITLE_LINK: &str = "color:#0b57d0;text-decoration:none;";
const META: &str = "margin:0 0 6px;font-size:13px;color:#6b7280;";
const SNIPPET: &str = "margin:0 0 6px;";
const DETAIL: &str = "margin:0 0 2px;font-size:13px;color:#374151;";
const LINK: &str = "color:#0b57d0;";
const UNLINKED: &str = "color:#6b7280;word-break:break-all;";
const FOOTER: &str = "margin:36px 0 0;padding-top:12px;border-top:1px solid #e5e7eb;\
                      font-size:12px;color:#6b7280;";

/// Escapes text for both element content and double- or single-quoted attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
        escape(&local_time(digest.generated_at, tz))
    );
    let _ = writeln!(
        h,
        "<h1 style=\"{SANS}{H1}\">newshound · {}</h1>",
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
    let _ = write!(
        h,
        "<p style=\"{SANS}{FOOTER}\">Sent by newshound for the digest “{}”. {}</p>\n\
         </div>\n</body>\n</html>\n",
        escape(&clean(&digest.name)),
        escape(&zone_note(digest))
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
    for story in &section.stories {
        render_story(h, story, tz);
    }
}

fn render_story(h: &mut String, story: &Story, tz: Tz) {
    let lead = &story.lead;
    let title = escape(&display_title(lead));
    let _ = writeln!(h, "<div style=\"{STORY}\">");
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
    let mut meta = escape(&clean(&lead.outlet));
    if let Some(time) = report_time(lead, tz) {
        let _ = write!(meta, " · {}", escape(&time));
    }
    if web_link(&lead.url).is_none() && !clean(&lead.url).is_empty() {
        let _ = write!(
            meta,
            " · <span style=\"{UNLINKED}\">{}</span>",
            escape(&clean(&lead.url))
        );
    }
    let _ = writeln!(h, "<p style=\"{SANS}{META}\">{meta}</p>");

    let text = snippet(&story.snippet);
    if !text.is_empty() {
        let mut marked = String::new();
        for (piece, is_term) in highlight(&text, &story.terms) {
            if is_term {
                let _ = write!(marked, "<b>{}</b>", escape(piece));
            } else {
                marked.push_str(&escape(piece));
            }
        }
        let _ = writeln!(h, "<p style=\"{SNIPPET}\">{marked}</p>");
    }
    let terms = term_list(&story.terms);
    if !terms.is_empty() {
        let _ = writeln!(
            h,
            "<p style=\"{SANS}{DETAIL}\">Matched: {}</p>",
            escape(&terms.join(", "))
        );
    }
    if !story.also.is_empty() {
        let also: Vec<String> = story.also.iter().map(also_item).collect();
        let _ = writeln!(
            h,
            "<p style=\"{SANS}{DETAIL}\">Also reported by:</p><ul style=\"{SANS}{DETAIL}\">{}</ul>",
            also.concat()
        );
    }
    let _ = writeln!(h, "</div>");
}

fn display_title(report: &Report) -> String {
    let title = clean(&report.title);
    if title.is_empty() {
        "(untitled)".to_owned()
    } else {
        title
    }
}

/// `<li>Outlet: <a href="…">Title</a></li>`; the title stays plain text when the address
/// is not a web link.
fn also_item(report: &Report) -> String {
    let outlet = escape(&clean(&report.outlet));
    let title = escape(&display_title(report));
    match web_link(&report.url) {
        Some(href) => format!(
            "<li>{outlet}: <a href=\"{}\" style=\"{LINK}\">{title}</a></li>",
            escape(&href)
        ),
        None if clean(&report.url).is_empty() => format!("<li>{outlet}: {title}</li>"),
        None => format!(
            "<li>{outlet}: {title} (<span style=\"{UNLINKED}\">{}</span>)</li>",
            escape(&clean(&report.url))
        ),
    }
}
