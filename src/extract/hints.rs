//! What an element's own markup says about it: class and id words that hint at boilerplate or
//! at content, ARIA roles, and the ways pages hide elements. These are the readability
//! heuristics, widened with the widgets of current news sites. It judges one element at a
//! time and never looks at the page's text or at other elements.

use std::sync::LazyLock;

use regex::Regex;

use super::dom::{Dom, Tag};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static pattern compiles")
}

/// Class/id words of page furniture: menus, comment threads, share bars, promos, forms.
static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-ad-|(^|[\s_-])(ads?|nav|share|tags|toolbar)([\s_-]|$)|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|subscri|signup|sign-up|promo|cookie|consent|sharing|navbar|masthead|disclaimer|modal|donat|membership|outbrain|taboola|recirc|trending|most-?popular|byline|dateline",
    )
});

/// Words that rescue an unlikely-looking element: `comment` inside `article-content-comment`
/// style names is more often the article than not, and a `social-embed` is a quoted post
/// that belongs to the story.
static MAYBE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)article|body|column|content|main|shadow|embed"));

static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story")
});

static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|newsletter|subscri",
    )
});

/// Share bars and similar small widgets that sit inside the article body.
static SHARE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(^|[\s_-])(share|sharing|sharedaddy|social)([\s_-]|$)"));

/// Author, date and tag lines inside the article body.
static META_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)byline|author|dateline|timestamp|posted-on|pubdate|publish|entry-meta|post-meta|article-meta|(^|[\s_-])(meta|date|tags?)([\s_-]|$)",
    )
});

/// Picture captions and credits, which can run to a few sentences.
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)caption|(^|[\s_-])(credits?|photo-?credit|image-?credit)([\s_-]|$)"));

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

/// Class tokens that CSS frameworks use for `display: none` or screen-reader-only text.
const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "visuallyhidden",
];

pub(super) fn is_hidden(dom: &Dom<'_>, i: usize) -> bool {
    let n = &dom.nodes[i];
    let Some(el) = n.el else { return false };
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let squeezed: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if squeezed.contains("display:none") || squeezed.contains("visibility:hidden") {
            return true;
        }
    }
    el.classes().any(|c| HIDING_CLASSES.contains(&c))
}

/// Readability's "unlikely candidate": furniture by its class, id or role.
pub(super) fn is_unlikely(dom: &Dom<'_>, i: usize) -> bool {
    let n = &dom.nodes[i];
    if matches!(
        n.tag,
        Tag::Body | Tag::A | Tag::Article | Tag::Main | Tag::Text
    ) {
        return false;
    }
    if n.attr("role")
        .is_some_and(|r| UNLIKELY_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    let (class, id) = dom.class_id(i);
    if class.is_empty() && id.is_empty() {
        return false;
    }
    let both = join(class, id);
    UNLIKELY.is_match(&both) && !MAYBE.is_match(&both)
}

/// Readability's class weight: -25 or +25 for each of class and id.
pub(super) fn class_weight(dom: &Dom<'_>, i: usize) -> f32 {
    let (class, id) = dom.class_id(i);
    let mut w = 0.0;
    for s in [class, id] {
        if s.is_empty() {
            continue;
        }
        if NEGATIVE.is_match(s) && !is_embed(s) {
            w -= 25.0;
        }
        if POSITIVE.is_match(s) {
            w += 25.0;
        }
    }
    w
}

pub(super) fn is_share(dom: &Dom<'_>, i: usize) -> bool {
    let (class, id) = dom.class_id(i);
    if class.is_empty() && id.is_empty() {
        return false;
    }
    let both = join(class, id);
    SHARE.is_match(&both) && !is_embed(&both)
}

/// An embedded post (tweet, Instagram, video) the story quotes: "social" and "media" in its
/// class do not make it furniture.
fn is_embed(class_or_id: &str) -> bool {
    class_or_id.to_ascii_lowercase().contains("embed")
}

pub(super) fn is_meta_line(dom: &Dom<'_>, i: usize) -> bool {
    let n = &dom.nodes[i];
    if n.attr("rel") == Some("author") {
        return true;
    }
    if n.attr("itemprop").is_some_and(|p| {
        matches!(
            p,
            "author" | "datePublished" | "dateModified" | "publisher" | "keywords"
        )
    }) {
        return true;
    }
    let (class, id) = dom.class_id(i);
    (!class.is_empty() || !id.is_empty()) && META_LINE.is_match(&join(class, id))
}

pub(super) fn is_caption(dom: &Dom<'_>, i: usize) -> bool {
    let (class, id) = dom.class_id(i);
    (!class.is_empty() || !id.is_empty()) && CAPTION.is_match(&join(class, id))
}

fn join(class: &str, id: &str) -> String {
    let mut s = String::with_capacity(class.len() + id.len() + 1);
    s.push_str(class);
    s.push(' ');
    s.push_str(id);
    s
}
