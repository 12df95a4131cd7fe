//! What an element's own markup says about it: class and id words that hint at boilerplate or
//! at content, ARIA roles, microdata, and the ways pages hide elements. These are the
//! readability heuristics, widened with the widgets of current news sites. It judges each
//! element on its own attributes, once per page, and never looks at text or other elements.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use super::dom::{Attrs, Dom, Tag};

const W_UNLIKELY: u16 = 1 << 0;
const W_MAYBE: u16 = 1 << 1;
const W_POSITIVE: u16 = 1 << 2;
const W_NEGATIVE: u16 = 1 << 3;
const W_SHARE: u16 = 1 << 4;
const W_META: u16 = 1 << 5;
const W_CAPTION: u16 = 1 << 6;
const W_EMBED: u16 = 1 << 7;
/// A class token CSS frameworks use for `display: none` or screen-reader-only text.
const W_HIDING: u16 = 1 << 8;

/// Where a word must stand in a class or id string to count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// Anywhere, even inside a longer word (`subscri` in `subscribe-box`).
    Inside,
    /// Between separators (whitespace, `-`, `_`) or the ends: `nav` in `main-nav`, not in
    /// `canvas`.
    Token,
    /// A whole class name between spaces or the ends.
    Class,
}

use Bound::{Class, Inside, Token};

/// The class and id vocabulary: readability's lists, widened with the widgets of current
/// news sites. Unlikely marks page furniture (menus, comment threads, share bars, promos,
/// forms); maybe rescues an unlikely-looking element (`comment` inside
/// `article-content-comment` is more often the article than not); positive and negative are
/// readability's class weights; share, meta and caption mark the small widgets, author and
/// date lines and picture credits that sit inside an article; embed marks a quoted post
/// (tweet, Instagram, video), whose "social" or "media" does not make it furniture.
const WORDS: &[(&str, Bound, u16)] = &[
    ("-ad-", Inside, W_UNLIKELY | W_NEGATIVE),
    ("ad", Token, W_UNLIKELY),
    ("ads", Token, W_UNLIKELY),
    ("nav", Token, W_UNLIKELY),
    ("share", Token, W_UNLIKELY | W_SHARE),
    ("share", Inside, W_NEGATIVE),
    ("tags", Token, W_UNLIKELY | W_META),
    ("tags", Inside, W_NEGATIVE),
    ("tag", Token, W_META),
    ("toolbar", Token, W_UNLIKELY),
    ("ai2html", Inside, W_UNLIKELY),
    ("banner", Inside, W_UNLIKELY | W_NEGATIVE),
    ("breadcrumb", Inside, W_UNLIKELY),
    ("combx", Inside, W_UNLIKELY | W_NEGATIVE),
    ("comment", Inside, W_UNLIKELY | W_NEGATIVE),
    ("community", Inside, W_UNLIKELY),
    ("cover-wrap", Inside, W_UNLIKELY),
    ("disqus", Inside, W_UNLIKELY),
    ("extra", Inside, W_UNLIKELY),
    ("footer", Inside, W_UNLIKELY | W_NEGATIVE),
    ("gdpr", Inside, W_UNLIKELY | W_NEGATIVE),
    ("header", Inside, W_UNLIKELY),
    ("legends", Inside, W_UNLIKELY),
    ("menu", Inside, W_UNLIKELY),
    ("related", Inside, W_UNLIKELY | W_NEGATIVE),
    ("remark", Inside, W_UNLIKELY),
    ("replies", Inside, W_UNLIKELY),
    ("rss", Inside, W_UNLIKELY),
    ("shoutbox", Inside, W_UNLIKELY | W_NEGATIVE),
    ("sidebar", Inside, W_UNLIKELY | W_NEGATIVE),
    ("skyscraper", Inside, W_UNLIKELY | W_NEGATIVE),
    ("social", Inside, W_UNLIKELY),
    ("social", Token, W_SHARE),
    ("sponsor", Inside, W_UNLIKELY | W_NEGATIVE),
    ("supplemental", Inside, W_UNLIKELY),
    ("ad-break", Inside, W_UNLIKELY),
    ("agegate", Inside, W_UNLIKELY),
    ("pagination", Inside, W_UNLIKELY | W_POSITIVE),
    ("pager", Inside, W_UNLIKELY),
    ("popup", Inside, W_UNLIKELY),
    ("yom-remote", Inside, W_UNLIKELY),
    ("newsletter", Inside, W_UNLIKELY | W_NEGATIVE),
    ("subscri", Inside, W_UNLIKELY | W_NEGATIVE),
    ("signup", Inside, W_UNLIKELY),
    ("sign-up", Inside, W_UNLIKELY),
    ("promo", Inside, W_UNLIKELY | W_NEGATIVE),
    ("cookie", Inside, W_UNLIKELY),
    ("consent", Inside, W_UNLIKELY),
    ("sharing", Inside, W_UNLIKELY),
    ("sharing", Token, W_SHARE),
    ("sharedaddy", Token, W_SHARE),
    ("navbar", Inside, W_UNLIKELY),
    ("masthead", Inside, W_UNLIKELY | W_NEGATIVE),
    ("disclaimer", Inside, W_UNLIKELY),
    ("modal", Inside, W_UNLIKELY),
    ("donat", Inside, W_UNLIKELY),
    ("membership", Inside, W_UNLIKELY),
    ("outbrain", Inside, W_UNLIKELY | W_NEGATIVE),
    ("taboola", Inside, W_UNLIKELY),
    ("recirc", Inside, W_UNLIKELY),
    ("trending", Inside, W_UNLIKELY),
    ("mostpopular", Inside, W_UNLIKELY),
    ("most-popular", Inside, W_UNLIKELY),
    ("byline", Inside, W_UNLIKELY | W_META),
    ("dateline", Inside, W_UNLIKELY | W_META),
    ("article", Inside, W_MAYBE | W_POSITIVE),
    ("body", Inside, W_MAYBE | W_POSITIVE),
    ("column", Inside, W_MAYBE),
    ("content", Inside, W_MAYBE | W_POSITIVE),
    ("main", Inside, W_MAYBE | W_POSITIVE),
    ("shadow", Inside, W_MAYBE),
    ("embed", Inside, W_MAYBE | W_EMBED),
    ("entry", Inside, W_POSITIVE),
    ("hentry", Inside, W_POSITIVE),
    ("h-entry", Inside, W_POSITIVE),
    ("page", Inside, W_POSITIVE),
    ("post", Inside, W_POSITIVE),
    ("text", Inside, W_POSITIVE),
    ("blog", Inside, W_POSITIVE),
    ("story", Inside, W_POSITIVE),
    ("hidden", Inside, W_NEGATIVE),
    ("hid", Class, W_NEGATIVE),
    ("com-", Inside, W_NEGATIVE),
    ("contact", Inside, W_NEGATIVE),
    ("media", Inside, W_NEGATIVE),
    ("meta", Inside, W_NEGATIVE),
    ("meta", Token, W_META),
    ("scroll", Inside, W_NEGATIVE),
    ("shopping", Inside, W_NEGATIVE),
    ("widget", Inside, W_NEGATIVE),
    ("author", Inside, W_META),
    ("timestamp", Inside, W_META),
    ("posted-on", Inside, W_META),
    ("pubdate", Inside, W_META),
    ("publish", Inside, W_META),
    ("entry-meta", Inside, W_META),
    ("post-meta", Inside, W_META),
    ("article-meta", Inside, W_META),
    ("date", Token, W_META),
    ("caption", Inside, W_CAPTION),
    ("credit", Token, W_CAPTION),
    ("credits", Token, W_CAPTION),
    ("photo-credit", Token, W_CAPTION),
    ("photocredit", Token, W_CAPTION),
    ("image-credit", Token, W_CAPTION),
    ("imagecredit", Token, W_CAPTION),
];

/// All the words in one automaton, matched case-insensitively with overlaps, so one pass
/// over a class string finds every word in it.
static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(WORDS.iter().map(|w| w.0))
        .expect("static words build")
});

const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "visuallyhidden",
];

const UNLIKELY_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
    "banner",
    "contentinfo",
    "search",
];

/// What one element's markup says, decided once per page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Marks {
    class: u16,
    id: u16,
    flags: u8,
}

const HIDDEN: u8 = 1 << 0;
const UNLIKELY_ROLE: u8 = 1 << 1;
const ARTICLE_BODY: u8 = 1 << 2;
const META_MARKUP: u8 = 1 << 3;

impl Marks {
    fn both(self) -> u16 {
        self.class | self.id
    }

    /// Hidden by an attribute, an inline style or a hiding class.
    pub(super) fn is_hidden(self) -> bool {
        self.flags & HIDDEN != 0 || self.class & W_HIDING != 0
    }

    /// Readability's "unlikely candidate": furniture by its class, id or role.
    pub(super) fn is_unlikely(self, tag: Tag) -> bool {
        if matches!(
            tag,
            Tag::Body | Tag::A | Tag::Article | Tag::Main | Tag::Text
        ) {
            return false;
        }
        self.flags & UNLIKELY_ROLE != 0
            || (self.both() & W_UNLIKELY != 0 && self.both() & W_MAYBE == 0)
    }

    /// Readability's class weight: -25 or +25 for each of class and id.
    pub(super) fn class_weight(self) -> f32 {
        let mut w = 0.0;
        for s in [self.class, self.id] {
            if s & W_NEGATIVE != 0 && s & W_EMBED == 0 {
                w -= 25.0;
            }
            if s & W_POSITIVE != 0 {
                w += 25.0;
            }
        }
        w
    }

    pub(super) fn is_share(self) -> bool {
        self.both() & W_SHARE != 0 && self.both() & W_EMBED == 0
    }

    /// Author, date and tag lines, by class or by microdata.
    pub(super) fn is_meta_line(self) -> bool {
        self.flags & META_MARKUP != 0 || self.both() & W_META != 0
    }

    pub(super) fn is_caption(self) -> bool {
        self.both() & W_CAPTION != 0
    }

    /// `itemprop="articleBody"`: the page marks this element as the article.
    pub(super) fn is_article_body(self) -> bool {
        self.flags & ARTICLE_BODY != 0
    }
}

/// The marks of every node of the view. Class strings repeat across a page, so each
/// distinct one is matched once.
pub(super) fn mark(dom: &Dom<'_>) -> Vec<Marks> {
    let mut classes = FxHashMap::default();
    let mut ids = FxHashMap::default();
    dom.nodes
        .iter()
        .map(|n| {
            if n.tag == Tag::Text {
                return Marks::default();
            }
            let a = &n.attrs;
            Marks {
                class: cached(&mut classes, a.class, !0),
                // Hiding class names mean nothing in an id.
                id: cached(&mut ids, a.id, !W_HIDING),
                flags: flags(a),
            }
        })
        .collect()
}

fn cached<'a>(seen: &mut FxHashMap<&'a str, u16>, s: &'a str, mask: u16) -> u16 {
    if s.is_empty() {
        return 0;
    }
    *seen.entry(s).or_insert_with(|| string_words(s) & mask)
}

/// The words of `WORDS` found in one class or id string.
fn string_words(s: &str) -> u16 {
    let b = s.as_bytes();
    let mut w = 0;
    for m in MATCHER.find_overlapping_iter(s) {
        let (_, bound, bits) = WORDS[m.pattern().as_usize()];
        let before = m.start().checked_sub(1).map(|i| b[i]);
        let after = b.get(m.end()).copied();
        let fits = |sep: fn(u8) -> bool| before.is_none_or(sep) && after.is_none_or(sep);
        let counts = match bound {
            Inside => true,
            Token => fits(|c| c.is_ascii_whitespace() || c == b'-' || c == b'_'),
            Class => fits(|c| c == b' '),
        };
        if counts {
            w |= bits;
        }
    }
    if s.split_ascii_whitespace()
        .any(|c| HIDING_CLASSES.contains(&c))
    {
        w |= W_HIDING;
    }
    w
}

fn flags(a: &Attrs<'_>) -> u8 {
    let mut f = 0;
    if a.hidden || hides(a.style) {
        f |= HIDDEN;
    }
    if !a.role.is_empty()
        && UNLIKELY_ROLES
            .iter()
            .any(|r| a.role.trim().eq_ignore_ascii_case(r))
    {
        f |= UNLIKELY_ROLE;
    }
    match a.itemprop {
        "articleBody" => f |= ARTICLE_BODY,
        "author" | "datePublished" | "dateModified" | "publisher" | "keywords" => f |= META_MARKUP,
        _ => {}
    }
    if a.rel == "author" {
        f |= META_MARKUP;
    }
    f
}

/// `display: none` or `visibility: hidden` in an inline style, spaced and cased any way.
fn hides(style: &str) -> bool {
    if style.is_empty() {
        return false;
    }
    let squeezed: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    squeezed.contains("display:none") || squeezed.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::Dom;
    use scraper::Html;

    fn marks_of(html: &str) -> Marks {
        let doc = Html::parse_fragment(html);
        let dom = Dom::build(doc.tree.root(), None);
        let first = (0..dom.len())
            .find(|&i| !matches!(dom.nodes[i].tag, Tag::Text | Tag::Block))
            .expect("an element");
        mark(&dom)[first]
    }

    #[test]
    fn furniture_by_class_id_and_role() {
        for html in [
            r#"<div class="sidebar">x</div>"#,
            r#"<div id="comments">x</div>"#,
            r#"<div class="nav">x</div>"#,
            r#"<div class="x" id="newsletter-box">x</div>"#,
            r#"<div role="navigation">x</div>"#,
        ] {
            assert!(marks_of(html).is_unlikely(Tag::Div), "{html}");
        }
        for html in [
            r#"<div class="article-comments-content">x</div>"#,
            r#"<div class="canvas">x</div>"#,
            r#"<div class="navigate-story">x</div>"#,
            r#"<div>x</div>"#,
        ] {
            assert!(!marks_of(html).is_unlikely(Tag::Div), "{html}");
        }
        assert!(!marks_of(r#"<a class="sidebar">x</a>"#).is_unlikely(Tag::A));
    }

    #[test]
    fn class_weights_add_per_attribute() {
        assert_eq!(
            marks_of(r#"<div class="post-body">x</div>"#).class_weight(),
            25.0
        );
        assert_eq!(
            marks_of(r#"<div class="post-body" id="main">x</div>"#).class_weight(),
            50.0
        );
        assert_eq!(
            marks_of(r#"<div class="widget">x</div>"#).class_weight(),
            -25.0
        );
        assert_eq!(
            marks_of(r#"<div class="social-media-embed">x</div>"#).class_weight(),
            0.0
        );
        assert_eq!(
            marks_of(r#"<div class="comment-content">x</div>"#).class_weight(),
            0.0
        );
    }

    #[test]
    fn hidden_elements() {
        for html in [
            r#"<div hidden>x</div>"#,
            r#"<div aria-hidden="true">x</div>"#,
            r#"<div style="color: red; DISPLAY : none">x</div>"#,
            r#"<div style="visibility:hidden">x</div>"#,
            r#"<span class="a sr-only">x</span>"#,
        ] {
            assert!(marks_of(html).is_hidden(), "{html}");
        }
        for html in [
            r#"<div aria-hidden="false">x</div>"#,
            r#"<div class="unhidden-text">x</div>"#,
            r#"<div id="hidden">x</div>"#,
        ] {
            assert!(!marks_of(html).is_hidden(), "{html}");
        }
    }

    #[test]
    fn widgets_inside_the_body() {
        assert!(marks_of(r#"<div class="share-bar">x</div>"#).is_share());
        assert!(!marks_of(r#"<div class="shared-embed">x</div>"#).is_share());
        assert!(marks_of(r#"<span class="byline">x</span>"#).is_meta_line());
        assert!(marks_of(r#"<span itemprop="author">x</span>"#).is_meta_line());
        assert!(marks_of(r#"<a rel="author">x</a>"#).is_meta_line());
        assert!(marks_of(r#"<p class="wp-caption-text">x</p>"#).is_caption());
        assert!(marks_of(r#"<div itemprop="articleBody">x</div>"#).is_article_body());
        assert!(!marks_of(r#"<p class="update">x</p>"#).is_meta_line());
        assert!(marks_of(r#"<div class="post-date">x</div>"#).is_meta_line());
        assert!(!marks_of(r#"<div class="candidate">x</div>"#).is_meta_line());
        let shared = marks_of(r#"<div class="sharebutton">x</div>"#);
        assert!(!shared.is_share() && shared.class_weight() < 0.0 && !shared.is_unlikely(Tag::Div));
        assert!(marks_of(r#"<div class="Share_Bar">x</div>"#).is_unlikely(Tag::Div));
    }
}
