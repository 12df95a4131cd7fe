//! Structured hints: what an element's other attributes say about it — ARIA roles of page
//! furniture, microdata (`itemprop`, `rel="author"`), and the `hidden`, `aria-hidden` and
//! inline styles that hide it. One element's attributes at a time; never its text.

use crate::extract::dom::Attrs;

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

pub(super) const HIDDEN: u8 = 1 << 0;
pub(super) const UNLIKELY_ROLE: u8 = 1 << 1;
pub(super) const ARTICLE_BODY: u8 = 1 << 2;
pub(super) const META_MARKUP: u8 = 1 << 3;

/// The structured hints of one element, as the flag bits of its `Marks`.
pub(super) fn flags(a: &Attrs<'_>) -> u8 {
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
