//! Text measures of every subtree (characters, link text, commas, paragraphs, images, list
//! items, ...) that scoring and cleaning weigh, computed in one bottom-up pass over the view,
//! and the test for whether a link stays on the page's own site. It measures; it never
//! judges or removes anything.

use super::dom::{Dom, Link, Tag};

/// Links to other sites are more often sources and quoted posts than navigation.
const EXTERNAL_LINK_WEIGHT: f32 = 0.5;

/// Text measures of a subtree, as the scoring heuristics use them.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stats {
    /// Characters with whitespace runs counted once.
    pub chars: u32,
    /// Characters inside links.
    pub link_chars: u32,
    pub commas: u32,
    pub paragraphs: u32,
    pub images: u32,
    pub list_items: u32,
    pub inputs: u32,
    pub heading_chars: u32,
    /// Characters inside `ul`/`ol`.
    pub list_chars: u32,
    /// Characters inside elements that hold running text (readability's "textish" tags).
    pub textish_chars: u32,
    /// Headings that are mostly a link: teaser cards' headlines.
    pub linked_headings: u32,
    /// Some descendant breaks a `div` into blocks.
    pub has_block: bool,
}

/// Measures every live node bottom-up in one reverse pass: children sit after their parent
/// in document order, so each node is complete before it is added to its parent.
pub(super) fn measure(dom: &Dom<'_>, dead: &[bool]) -> Vec<Stats> {
    let mut stats = vec![Stats::default(); dom.len()];
    for i in (0..dom.len()).rev() {
        if dead[i] {
            continue;
        }
        let n = &dom.nodes[i];
        let mut s = stats[i];
        match n.tag {
            Tag::Text => {
                s.chars = n.chars;
                s.commas = n.commas;
            }
            Tag::A => {
                // A link that only wraps a heading or a paragraph (teaser cards) is still a
                // link; hash links inside the page are navigation, counted at a third.
                s.link_chars = match n.link {
                    Link::Fragment => s.chars / 3,
                    Link::Internal => s.chars,
                    Link::External | Link::None => (s.chars as f32 * EXTERNAL_LINK_WEIGHT) as u32,
                };
            }
            Tag::P => s.paragraphs += 1,
            Tag::Img => s.images += 1,
            Tag::Li => s.list_items += 1,
            Tag::Control => s.inputs += 1,
            Tag::H(_) => {
                s.heading_chars = s.chars;
                if s.chars > 0 && s.link_chars * 2 >= s.chars {
                    s.linked_headings += 1;
                }
            }
            _ => {}
        }
        if matches!(n.tag, Tag::Ul | Tag::Ol) {
            s.list_chars = s.chars;
        }
        if n.tag.breaks_paragraph() || matches!(n.tag, Tag::Inline | Tag::Li | Tag::Td) {
            s.textish_chars = s.chars;
        }
        // A div of phrasing content only is a paragraph in all but name.
        if matches!(n.tag, Tag::Div | Tag::Section | Tag::Other) && !s.has_block && s.chars > 0 {
            s.paragraphs += 1;
        }
        stats[i] = s;
        if let Some(p) = dom.parent(i) {
            let ps = &mut stats[p];
            ps.chars += s.chars;
            ps.link_chars += s.link_chars;
            ps.commas += s.commas;
            ps.paragraphs += s.paragraphs;
            ps.images += s.images;
            ps.list_items += s.list_items;
            ps.inputs += s.inputs;
            ps.heading_chars += s.heading_chars;
            ps.list_chars += s.list_chars;
            ps.textish_chars += s.textish_chars;
            ps.linked_headings += s.linked_headings;
            ps.has_block |= s.has_block || n.tag.breaks_paragraph();
        }
    }
    stats
}

impl Stats {
    pub(super) fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            (self.link_chars as f32 / self.chars as f32).min(1.0)
        }
    }
}

/// A link within the site: relative, fragment, script, or to the page's own host.
pub(super) fn is_internal(href: &str, site: Option<&str>) -> bool {
    let href = href.trim();
    let starts = |p: &str| {
        href.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if starts("mailto:") || starts("tel:") {
        return false;
    }
    let rest = if let Some(r) = href.strip_prefix("//") {
        r
    } else if let Some((scheme, r)) = href.split_once("://") {
        if !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-')
        {
            return true;
        }
        r
    } else {
        return true;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    site.is_some_and(|s| same_site(host, s))
}

/// Hosts of one site: equal, ignoring case, up to a leading `www.`, `m.` or `amp.`, or
/// sharing their registered domain (`news.example.org` and `sport.example.org`).
fn same_site(a: &str, b: &str) -> bool {
    let strip = |h: &str| -> usize {
        ["www.", "m.", "amp."]
            .iter()
            .find(|p| h.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)))
            .map_or(0, |p| p.len())
    };
    a[strip(a)..].eq_ignore_ascii_case(&b[strip(b)..])
        || registered(a).eq_ignore_ascii_case(registered(b))
}

/// The generic labels registries use under a country code (`co.uk`, `com.au`, `ne.jp`).
const SECOND_LEVEL: &[&str] = &[
    "ac", "co", "com", "edu", "go", "gob", "gov", "gv", "ltd", "mil", "ne", "net", "nic", "nom",
    "or", "org", "plc", "sch",
];

/// The registered domain of a host, roughly: its last two labels, or three when the second
/// last is a generic label under a country code (`example.co.uk`, `example.com.au`; but
/// `news.example.ru` is under `example.ru`).
fn registered(host: &str) -> &str {
    let host = host.trim_end_matches('.');
    let mut dots = host.rmatch_indices('.').map(|(i, _)| i);
    let (Some(last), Some(second)) = (dots.next(), dots.next()) else {
        return host;
    };
    let tld = &host[last + 1..];
    let sld = &host[second + 1..last];
    if tld.len() == 2 && SECOND_LEVEL.iter().any(|l| l.eq_ignore_ascii_case(sld)) {
        match dots.next() {
            Some(third) => &host[third + 1..],
            None => host,
        }
    } else {
        &host[second + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::is_internal;

    #[test]
    fn hosts_of_one_registered_domain_are_one_site() {
        let site = Some("news.xyz.ru");
        assert!(is_internal("http://www.xyz.ru/a", site));
        assert!(is_internal("//sport.xyz.ru/b", site));
        assert!(is_internal("/relative", site));
        assert!(!is_internal("https://example.org/a", site));
        // Under a country code's generic label the registered domain has three labels.
        let site = Some("www.one.co.uk");
        assert!(is_internal("https://news.one.co.uk/a", site));
        assert!(!is_internal("https://two.co.uk/a", site));
        assert!(!is_internal("mailto:desk@one.co.uk", site));
    }
}
