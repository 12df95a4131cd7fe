//! OPML 2.0 subscription lists, as feed readers import and export them (Miniflux, FreshRSS,
//! Feedly, NetNewsWire, Inoreader): parsing every outline with an `xmlUrl`, at any depth,
//! with its folder as category; and rendering a list back. Pure: text in, text out.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// One subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub title: String,
    pub xml_url: String,
    pub html_url: Option<String>,
    /// The enclosing folder outline's title, when the reader nests feeds in folders.
    pub category: Option<String>,
    /// The line of the document the outline starts on (1-based; 0 for one not read from a
    /// document), so a refused outline can be found.
    pub line: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("not well-formed XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
    #[error("no <opml> document: the file is not an OPML subscription list")]
    NotOpml,
}

/// Every feed outline of the document, in document order.
pub fn parse(text: &str) -> Result<Vec<Outline>, OpmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut out = Vec::new();
    // Titles of the open outlines that are folders (no xmlUrl), innermost last.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut seen_opml = false;
    let mut lines = Lines::default();
    loop {
        let event = reader.read_event().map_err(|e| OpmlError::Xml {
            position: reader.error_position(),
            message: e.to_string(),
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "opml" => {
                seen_opml = true;
            }
            Event::Start(e) if e.local_name().into_inner() == "outline" => {
                let o = attrs(&e);
                let line = lines.of_tag_ending(text, reader.buffer_position());
                if let Some(feed) = feed(&o, &folders, line) {
                    out.push(feed);
                    folders.push(None);
                } else {
                    folders.push(o.title);
                }
            }
            Event::Empty(e) if e.local_name().into_inner() == "outline" => {
                let line = lines.of_tag_ending(text, reader.buffer_position());
                if let Some(feed) = feed(&attrs(&e), &folders, line) {
                    out.push(feed);
                }
            }
            Event::End(e) if e.local_name().into_inner() == "outline" => {
                folders.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_opml {
        return Err(OpmlError::NotOpml);
    }
    Ok(out)
}

/// Line numbers of tags, counted as the reader goes, so a long document is read once.
#[derive(Default)]
struct Lines {
    /// Bytes counted so far, and the newlines in them.
    upto: usize,
    newlines: usize,
}

impl Lines {
    /// The line where the tag ending at byte `end` starts: at its `<`, which XML does not
    /// allow inside an attribute value.
    fn of_tag_ending(&mut self, text: &str, end: u64) -> usize {
        let end = usize::try_from(end).unwrap_or(usize::MAX).min(text.len());
        let start = text.as_bytes()[..end]
            .iter()
            .rposition(|&b| b == b'<')
            .unwrap_or(0)
            .max(self.upto);
        self.newlines += memchr::memchr_iter(b'\n', &text.as_bytes()[self.upto..start]).count();
        self.upto = start;
        self.newlines + 1
    }
}

/// A feed address as OPML files and browsers write it: the `feed:` forms old browsers used
/// (`feed://host/path`, `feed:https://host/path`) are the http(s) address they stand for.
pub fn feed_address(raw: &str) -> String {
    let t = raw.trim();
    let lower = t.get(..5).map(str::to_ascii_lowercase);
    if lower.as_deref() != Some("feed:") {
        return t.to_string();
    }
    let rest = &t[5..];
    if let Some(path) = rest.strip_prefix("//") {
        let inner = path.to_ascii_lowercase();
        if inner.starts_with("http://") || inner.starts_with("https://") {
            return path.to_string();
        }
        return format!("https://{path}");
    }
    rest.to_string()
}

#[derive(Default)]
struct Attrs {
    title: Option<String>,
    xml_url: Option<String>,
    html_url: Option<String>,
    category: Option<String>,
}

fn attrs(e: &BytesStart) -> Attrs {
    let mut a = Attrs::default();
    let mut text = None;
    for attr in e.attributes().flatten() {
        let Ok(value) = attr.normalized_value(XmlVersion::Implicit1_0) else {
            continue;
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        // Readers disagree on case (xmlUrl, xmlurl) and on title vs text.
        match attr
            .key
            .local_name()
            .into_inner()
            .to_ascii_lowercase()
            .as_str()
        {
            "title" => a.title = Some(value),
            "text" => text = Some(value),
            "xmlurl" => a.xml_url = Some(value),
            "htmlurl" => a.html_url = Some(value),
            "category" => a.category = Some(value),
            _ => {}
        }
    }
    a.title = a.title.or(text);
    a
}

fn feed(a: &Attrs, folders: &[Option<String>], line: usize) -> Option<Outline> {
    let xml_url = a.xml_url.clone()?;
    let category = folders
        .iter()
        .rev()
        .find_map(|f| f.clone())
        .or_else(|| a.category.clone());
    Some(Outline {
        title: a.title.clone().unwrap_or_else(|| xml_url.clone()),
        xml_url,
        html_url: a.html_url.clone(),
        category,
        line,
    })
}

/// An OPML 2.0 document listing `feeds`, grouped in folders by category like readers export.
pub fn render(title: &str, feeds: &[Outline]) -> String {
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    s.push_str(&format!(
        "  <head>\n    <title>{}</title>\n  </head>\n  <body>\n",
        esc(title)
    ));
    let mut categories: Vec<Option<&str>> = Vec::new();
    for f in feeds {
        if !categories.contains(&f.category.as_deref()) {
            categories.push(f.category.as_deref());
        }
    }
    for cat in categories {
        let indent = if cat.is_some() { "      " } else { "    " };
        if let Some(c) = cat {
            s.push_str(&format!(
                "    <outline text=\"{0}\" title=\"{0}\">\n",
                esc(c)
            ));
        }
        for f in feeds.iter().filter(|f| f.category.as_deref() == cat) {
            s.push_str(&format!(
                "{indent}<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"",
                esc(&f.title),
                esc(&f.xml_url)
            ));
            if let Some(h) = &f.html_url {
                s.push_str(&format!(" htmlUrl=\"{}\"", esc(h)));
            }
            s.push_str("/>\n");
        }
        if cat.is_some() {
            s.push_str("    </outline>\n");
        }
    }
    s.push_str("  </body>\n</opml>\n");
    s
}

fn esc(s: &str) -> String {
    // XML 1.0 cannot carry most control characters at all, escaped or not.
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Feedly</title></head><body>
  <outline text="Ukraine" title="Ukraine">
    <outline type="rss" text="Kyiv Independent" title="Kyiv Independent"
             xmlUrl="https://kyivindependent.com/rss/" htmlUrl="https://kyivindependent.com"/>
    <outline text="Nested" title="Nested">
      <outline type="rss" text="Meduza &amp; Co" xmlurl="https://meduza.io/rss/en/all"/>
    </outline>
  </outline>
  <outline type="rss" text="No folder" xmlUrl="https://example.org/feed"/>
  <outline text="An empty folder"/>
</body></opml>"#;

    #[test]
    fn finds_feeds_at_any_depth_with_their_folder() {
        let got = parse(NESTED).unwrap();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].title, "Kyiv Independent");
        assert_eq!(got[0].category.as_deref(), Some("Ukraine"));
        assert_eq!(got[1].title, "Meduza & Co");
        assert_eq!(got[1].category.as_deref(), Some("Nested"));
        assert_eq!(got[2].category, None);
    }

    #[test]
    fn render_then_parse_gives_the_same_list() {
        let unplaced = |v: Vec<Outline>| -> Vec<Outline> {
            v.into_iter().map(|o| Outline { line: 0, ..o }).collect()
        };
        let feeds = parse(NESTED).unwrap();
        let again = parse(&render("newshound <feeds>", &feeds)).unwrap();
        assert_eq!(unplaced(again), unplaced(feeds));
    }

    #[test]
    fn each_outline_knows_its_line() {
        let lines: Vec<usize> = parse(NESTED).unwrap().iter().map(|o| o.line).collect();
        // The first feed's tag spans two lines: it is found where it starts.
        assert_eq!(lines, vec![4, 7, 10]);
    }

    #[test]
    fn feed_forms_of_addresses_are_their_http_addresses() {
        assert_eq!(
            feed_address("feed://example.org/rss"),
            "https://example.org/rss"
        );
        assert_eq!(
            feed_address("FEED:https://example.org/a"),
            "https://example.org/a"
        );
        assert_eq!(
            feed_address("feed://http://example.org/a"),
            "http://example.org/a"
        );
        assert_eq!(
            feed_address(" https://example.org/b "),
            "https://example.org/b"
        );
        assert_eq!(feed_address("feed:"), "");
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        assert!(matches!(parse("<html></html>"), Err(OpmlError::NotOpml)));
        assert!(matches!(
            parse("<opml><body><outline xmlUrl=\"x\"></body>"),
            Err(OpmlError::Xml { .. })
        ));
        assert!(parse("").is_err());
    }
}
