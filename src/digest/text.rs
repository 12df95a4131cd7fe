//! The plain-text part of a digest mail, written to be read on its own in a terminal mail
//! client: underlined section headings, numbered stories, matched terms in *asterisks*, lines
//! wrapped near 78 columns. URLs always stand whole on a line of their own or at its end, so
//! clients can still recognise them, even when that makes the line long.

use super::{
    MAX_ERROR_CHARS, clean, cut, dateline, display_title, footer, headline, highlight, label,
    local_time, model_line, plural, report_time, snippet, summary, term_line, watchlist_name,
    why_line,
};
use crate::model::{
    CrossRef, Digest, DigestSection, FeedTrouble, MessageKind, Report, Story, Undelivered,
};
use chrono_tz::Tz;

const WIDTH: usize = 78;

pub(super) fn render(digest: &Digest) -> String {
    let tz = super::zone(digest);
    let mut t = String::new();
    let heading = match digest.kind {
        MessageKind::Digest => "newshound",
        MessageKind::Alert => "newshound alert",
    };
    t.push_str(&format!("{heading} · {}\n", clean(&digest.name)));
    t.push_str(&dateline(digest));
    t.push_str("\n\n");
    wrap(&mut t, &summary(digest), "", "");
    if digest.sections.is_empty() {
        t.push('\n');
        wrap(
            &mut t,
            "Nothing new matched your watchlists since the last digest.",
            "",
            "",
        );
    }
    for section in &digest.sections {
        render_section(&mut t, section, tz);
        for cross in &section.told_above {
            t.push('\n');
            wrap(&mut t, &cross_ref(digest, cross), "", "");
        }
    }
    render_attention(&mut t, &digest.attention, tz);
    render_undelivered(&mut t, &digest.undelivered, tz);
    t.push_str("\n-- \n");
    wrap(&mut t, &footer(digest), "", "");
    t
}

fn heading(t: &mut String, heading: &str) {
    t.push_str("\n\n");
    t.push_str(heading);
    t.push('\n');
    t.push_str(&"=".repeat(heading.chars().count().clamp(1, WIDTH)));
    t.push('\n');
}

fn render_section(t: &mut String, section: &DigestSection, tz: Tz) {
    let title = clean(&section.title);
    let id = clean(&section.watchlist);
    heading(
        t,
        &if title.is_empty() || title == id {
            id
        } else {
            format!("{title} ({id})")
        },
    );
    let (new, old): (Vec<&Story>, Vec<&Story>) =
        section.stories.iter().partition(|s| !s.is_follow_up());
    for (i, story) in new.iter().enumerate() {
        t.push('\n');
        render_story(t, i + 1, story, tz);
    }
    if !old.is_empty() {
        t.push_str("\nAlso reported by — stories sent before:\n");
        for story in old {
            render_follow_up(t, story, tz);
        }
    }
}

/// `Outlet [label] · 4 Jun 2023, 14:21 EEST`
fn byline(report: &Report, tz: Tz) -> String {
    let mut line = clean(&report.outlet);
    if let Some(label) = label(report) {
        line.push_str(&format!(" [{label}]"));
    }
    if let Some(time) = report_time(report, tz) {
        if !line.is_empty() {
            line.push_str(" · ");
        }
        line.push_str(&time);
    }
    line
}

fn render_story(t: &mut String, number: usize, story: &Story, tz: Tz) {
    let label = format!("{number}. ");
    let indent = " ".repeat(label.len());
    let lead = &story.lead;
    wrap(t, &display_title(lead), &label, &indent);
    let mut meta = byline(lead, tz);
    if let Some(at) = story.alerted_at {
        meta.push_str(&format!(" · alert sent {}", local_time(at, tz)));
    }
    if story.id > 0 {
        meta.push_str(&format!(" · id {}", story.id));
    }
    if !meta.is_empty() {
        wrap(t, &meta, &indent, &indent);
    }
    let url = clean(&lead.url);
    if !url.is_empty() {
        t.push_str(&format!("{indent}{url}\n"));
    }

    let text = snippet(&story.snippet);
    if !text.is_empty() {
        let marked: String = highlight(&text, &story.snippet, &story.marks, &story.terms)
            .into_iter()
            .map(|(piece, is_term)| {
                if is_term {
                    format!("*{piece}*")
                } else {
                    piece.to_owned()
                }
            })
            .collect();
        t.push('\n');
        wrap(t, &marked, &indent, &indent);
    }
    let why = why_line(story);
    let terms = term_line(story);
    let model = model_line(story);
    if why.is_some() || terms.is_some() || model.is_some() || !story.also.is_empty() {
        t.push('\n');
    }
    for line in why.iter().chain(&terms).chain(&model) {
        wrap(t, line, &indent, &indent);
    }
    if !story.also.is_empty() {
        t.push_str(&format!("{indent}Also reported by:\n"));
        for report in &story.also {
            also_item(t, report, &indent, tz);
        }
    }
}

/// `Also under Prisoner-of-war exchanges, story 1: <headline>`: the number is the one the
/// story has there, when it is a new story (follow-ups are not numbered).
fn cross_ref(digest: &Digest, cross: &CrossRef) -> String {
    let number = digest
        .sections
        .iter()
        .find(|s| s.watchlist == cross.watchlist)
        .and_then(|s| {
            s.stories
                .iter()
                .filter(|s| !s.is_follow_up())
                .position(|s| s.cluster_id == cross.cluster_id)
        })
        .map(|i| format!(", story {}", i + 1))
        .unwrap_or_default();
    format!(
        "Also under {}{number}: {}",
        watchlist_name(&cross.watchlist, &cross.watchlist_title),
        headline(&cross.title)
    )
}

/// A story sent before: its earlier headline and when, then only the outlets it adds.
fn render_follow_up(t: &mut String, story: &Story, tz: Tz) {
    let Some(told) = &story.sent_before else {
        return;
    };
    t.push('\n');
    wrap(
        t,
        &format!(
            "“{}” (sent {})",
            clean(&told.title),
            local_time(told.at, tz)
        ),
        "* ",
        "  ",
    );
    for report in std::iter::once(&story.lead).chain(&story.also) {
        also_item(t, report, "  ", tz);
    }
}

/// `- Outlet [label] · time: Title`, wrapped, then the URL on a line of its own (never broken).
fn also_item(t: &mut String, report: &Report, indent: &str, tz: Tz) {
    let url = clean(&report.url);
    wrap(
        t,
        &format!("{}: {}", byline(report, tz), display_title(report)),
        &format!("{indent}- "),
        &format!("{indent}  "),
    );
    if !url.is_empty() {
        t.push_str(&format!("{indent}  {url}\n"));
    }
}

fn render_attention(t: &mut String, feeds: &[FeedTrouble], tz: Tz) {
    if feeds.is_empty() {
        return;
    }
    heading(t, "Feeds needing attention");
    for f in feeds {
        let mut name = clean(&f.feed);
        if let Some(label) = f.label.as_deref().map(clean).filter(|l| !l.is_empty()) {
            name.push_str(&format!(" [{label}]"));
        }
        let since = match f.last_success {
            Some(at) => format!("no successful poll since {}", local_time(at, tz)),
            None => "has not worked since it was added".to_owned(),
        };
        t.push('\n');
        wrap(
            t,
            &format!(
                "{name} — {since}; {} in a row: {}",
                plural(f.failures as usize, "failed poll"),
                cut(&f.error, MAX_ERROR_CHARS)
            ),
            "- ",
            "  ",
        );
    }
}

/// Greedy word wrap of one paragraph of cleaned text (single spaces) at `WIDTH`, with `first`
/// before the first line and `rest` before the others. A word longer than a line (a URL, say)
/// gets a line to itself and is never split.
fn wrap(t: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = first.to_owned();
    let mut len = first.chars().count();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_len = word.chars().count();
        if !empty && len + 1 + word_len > WIDTH {
            t.push_str(&line);
            t.push('\n');
            line = rest.to_owned();
            len = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += word_len;
        empty = false;
    }
    t.push_str(line.trim_end());
    t.push('\n');
}

/// Earlier messages the mail server refused for good (see the HTML part's twin).
fn render_undelivered(t: &mut String, messages: &[Undelivered], tz: Tz) {
    if messages.is_empty() {
        return;
    }
    heading(t, "Messages that could not be delivered");
    for m in messages {
        t.push('\n');
        wrap(
            t,
            &format!(
                "{} of {}: {} — refused by the mail server at {}: {}",
                m.kind.as_str(),
                local_time(m.created_at, tz),
                clean(&m.subject),
                local_time(m.failed_at, tz),
                cut(&m.error, MAX_ERROR_CHARS)
            ),
            "- ",
            "  ",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, first: &str, rest: &str) -> String {
        let mut t = String::new();
        wrap(&mut t, text, first, rest);
        t
    }

    #[test]
    fn wraps_at_the_width_with_indents() {
        let text = "word ".repeat(40);
        let out = wrapped(text.trim(), "1. ", "   ");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(lines[0].starts_with("1. word"));
        assert!(lines[1..].iter().all(|l| l.starts_with("   word")));
    }

    #[test]
    fn never_breaks_a_long_url() {
        let url = format!("https://example.org/{}", "a".repeat(120));
        let out = wrapped(&format!("see {url} for more"), "", "");
        assert_eq!(out, format!("see\n{url}\nfor more\n"));
    }

    #[test]
    fn also_lines_give_outlet_and_title_then_the_url_on_its_own_line() {
        let report = Report {
            outlet: "Outlet".into(),
            label: Some("Wire\nservice".into()),
            title: "t".into(),
            url: format!("https://example.org/{}", "p".repeat(80)),
            published: None,
        };
        let mut t = String::new();
        also_item(&mut t, &report, "   ", Tz::UTC);
        assert_eq!(
            t,
            format!("   - Outlet [Wire service]: t\n     {}\n", report.url)
        );
    }
}
