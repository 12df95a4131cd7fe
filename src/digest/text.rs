//! The plain-text part of a digest mail, written to be read on its own in a terminal mail
//! client: underlined section headings, numbered stories, matched terms in *asterisks*, lines
//! wrapped near 78 columns. URLs always stand whole on a line of their own or at its end, so
//! clients can still recognise them, even when that makes the line long.

use super::{
    clean, highlight, local_time, report_time, snippet, summary, term_list, zone, zone_note,
};
use crate::model::{Digest, DigestSection, Report, Story};
use chrono_tz::Tz;

const WIDTH: usize = 78;

pub(super) fn render(digest: &Digest) -> String {
    let tz = zone(digest);
    let mut t = String::new();
    t.push_str(&format!("newshound · {}\n", clean(&digest.name)));
    t.push_str(&local_time(digest.generated_at, tz));
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
    }
    t.push_str("\n-- \n");
    wrap(
        &mut t,
        &format!(
            "Sent by newshound for the digest “{}”. {}",
            clean(&digest.name),
            zone_note(digest)
        ),
        "",
        "",
    );
    t
}

fn render_section(t: &mut String, section: &DigestSection, tz: Tz) {
    let title = clean(&section.title);
    let id = clean(&section.watchlist);
    let heading = if title.is_empty() || title == id {
        id
    } else {
        format!("{title} ({id})")
    };
    t.push_str("\n\n");
    t.push_str(&heading);
    t.push('\n');
    t.push_str(&"=".repeat(heading.chars().count().clamp(1, WIDTH)));
    t.push('\n');
    for (i, story) in section.stories.iter().enumerate() {
        t.push('\n');
        render_story(t, i + 1, story, tz);
    }
}

fn render_story(t: &mut String, number: usize, story: &Story, tz: Tz) {
    let label = format!("{number}. ");
    let indent = " ".repeat(label.len());
    let lead = &story.lead;
    wrap(t, &display_title(lead), &label, &indent);
    let mut meta = clean(&lead.outlet);
    if let Some(time) = report_time(lead, tz) {
        if !meta.is_empty() {
            meta.push_str(" · ");
        }
        meta.push_str(&time);
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
        let marked: String = highlight(&text, &story.terms)
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
    let terms = term_list(&story.terms);
    if !terms.is_empty() || !story.also.is_empty() {
        t.push('\n');
    }
    if !terms.is_empty() {
        wrap(
            t,
            &format!("Matched: {}", terms.join(", ")),
            &indent,
            &indent,
        );
    }
    if !story.also.is_empty() {
        t.push_str(&format!("{indent}Also reported by:\n"));
        for report in &story.also {
            also_item(t, report, &indent);
        }
    }
}

fn display_title(report: &Report) -> String {
    let title = clean(&report.title);
    if title.is_empty() {
        "(untitled)".to_owned()
    } else {
        title
    }
}

/// `- Outlet: Title`, wrapped, then the URL on a line of its own (never broken).
fn also_item(t: &mut String, report: &Report, indent: &str) {
    let outlet = clean(&report.outlet);
    let url = clean(&report.url);
    wrap(
        t,
        &format!("{outlet}: {}", display_title(report)),
        &format!("{indent}- "),
        &format!("{indent}  "),
    );
    if !url.is_empty() {
        t.push_str(&format!("{indent}  {url}\n"));
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
            title: "t".into(),
            url: format!("https://example.org/{}", "p".repeat(80)),
            published: None,
        };
        let mut t = String::new();
        also_item(&mut t, &report, "   ");
        assert_eq!(t, format!("   - Outlet: t\n     {}\n", report.url));
    }
}
