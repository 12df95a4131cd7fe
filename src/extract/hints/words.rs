//! Class-word hints: the vocabulary of class and id words that mark an element as page
//! furniture, as content, or as one of the small widgets inside an article, and the one-pass
//! matcher that finds them in a class or id string. Strings only: no element, no page.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

pub(super) const W_UNLIKELY: u16 = 1 << 0;
pub(super) const W_MAYBE: u16 = 1 << 1;
pub(super) const W_POSITIVE: u16 = 1 << 2;
pub(super) const W_NEGATIVE: u16 = 1 << 3;
pub(super) const W_SHARE: u16 = 1 << 4;
pub(super) const W_META: u16 = 1 << 5;
pub(super) const W_CAPTION: u16 = 1 << 6;
pub(super) const W_EMBED: u16 = 1 << 7;
/// A class token CSS frameworks use for `display: none` or screen-reader-only text.
pub(super) const W_HIDING: u16 = 1 << 8;

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

/// The words of `WORDS` found in one class or id string.
pub(super) fn string_words(s: &str) -> u16 {
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
