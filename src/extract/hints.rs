//! What an element's own markup says about it: class and id words that hint at boilerplate or
//! at content (`words`), ARIA roles, microdata, and the ways pages hide elements (`markup`).
//! These are the readability heuristics, widened with the widgets of current news sites. This
//! module folds both into one `Marks` per element, once per page, and never looks at text or
//! other elements.

use rustc_hash::FxHashMap;

use super::dom::{Dom, Tag};

mod markup;
mod words;

use markup::{ARTICLE_BODY, HIDDEN, META_MARKUP, UNLIKELY_ROLE, flags};
use words::{
    W_CAPTION, W_EMBED, W_HIDING, W_MAYBE, W_META, W_NEGATIVE, W_POSITIVE, W_SHARE, W_UNLIKELY,
    string_words,
};

/// What one element's markup says, decided once per page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Marks {
    class: u16,
    id: u16,
    flags: u8,
}

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

#[cfg(test)]
mod tests;
