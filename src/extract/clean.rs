//! Which parts of the page are dead: before scoring, furniture that is never the article
//! (menus, hidden elements, forms, unlikely classes); after scoring, the widgets left inside
//! the chosen body (link lists, share bars, captions, bylines, the repeated headline). It only
//! marks nodes in a `dead` vector — the tree itself is never changed — and it never scores.

use super::dom::{Dom, Tag};
use super::hints::{self, Marks};
use super::stats::Stats;

/// Readability's passes: each later attempt turns one of these off when the first finds too
/// little text (pages that misuse "comment" or "sidebar" for their article, say).
#[derive(Debug, Clone, Copy)]
pub(super) struct Flags {
    pub strip_unlikely: bool,
    pub weight_classes: bool,
    pub clean_conditionally: bool,
}

impl Flags {
    pub(super) const ATTEMPTS: [Flags; 4] = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
}

/// Facts about the page that do not change between attempts.
pub(super) struct Context {
    /// Inside an `<article>`, `<main>` or `itemprop=articleBody` element.
    pub in_article: Vec<bool>,
    /// The element, or one of its descendants, is marked up as the article; class hints
    /// must not remove it.
    pub protected: Vec<bool>,
    /// Measures of the whole page before anything is removed.
    pub raw: Vec<Stats>,
    /// What each element's markup says about it.
    pub marks: Vec<Marks>,
}

impl Context {
    pub(super) fn new(dom: &Dom<'_>) -> Context {
        let n = dom.len();
        let marks = hints::mark(dom);
        let mut in_article = vec![false; n];
        let mut protected = vec![false; n];
        for i in 0..n {
            let node = &dom.nodes[i];
            let article =
                matches!(node.tag, Tag::Article | Tag::Main) || marks[i].is_article_body();
            in_article[i] = article || dom.parent(i).is_some_and(|p| in_article[p]);
            if article && !protected[i] {
                let mut a = Some(i);
                while let Some(j) = a {
                    if protected[j] {
                        break;
                    }
                    protected[j] = true;
                    a = dom.parent(j);
                }
            }
        }
        let raw = super::stats::measure(dom, &vec![false; n]);
        Context {
            in_article,
            protected,
            raw,
            marks,
        }
    }
}

pub(super) fn kill(dom: &Dom<'_>, dead: &mut [bool], i: usize) {
    dead[i..dom.end(i)].fill(true);
}

/// Marks page furniture dead before scoring. `dead` may already hold site-rule removals.
pub(super) fn prune(dom: &Dom<'_>, ctx: &Context, flags: Flags, dead: &mut [bool]) {
    let mut walk = dom.live();
    while let Some(i) = walk.next(dead) {
        let n = &dom.nodes[i];
        let furniture = match n.tag {
            Tag::Text => false,
            Tag::Nav | Tag::Aside | Tag::Footer | Tag::Control | Tag::Figure | Tag::Figcaption => {
                true
            }
            Tag::Header => !ctx.in_article[i],
            // ASP.NET and some CMSs wrap the whole page in one form; that one stays.
            Tag::Form => {
                let raw = &ctx.raw[i];
                !(ctx.protected[i] || (raw.paragraphs >= 3 && raw.chars >= 1000))
            }
            _ => false,
        } || ctx.marks[i].is_hidden()
            || (flags.strip_unlikely && !ctx.protected[i] && ctx.marks[i].is_unlikely(n.tag));
        if furniture {
            kill(dom, dead, i);
            walk.skip_subtree(i);
        }
    }
}

/// Removes the widgets left inside the chosen body (readability's prepArticle).
pub(super) fn tidy(
    dom: &Dom<'_>,
    marks: &[Marks],
    stats: &[Stats],
    roots: &[usize],
    flags: Flags,
    title: &str,
    dead: &mut [bool],
) {
    let title_key = normalise(title);
    let mut title_seen = false;
    for &r in roots {
        let mut walk = dom.live_in(r);
        while let Some(i) = walk.next(dead) {
            let n = &dom.nodes[i];
            let s = &stats[i];
            let remove = match n.tag {
                Tag::Text | Tag::A | Tag::Inline | Tag::Br | Tag::Img => false,
                Tag::H(level) => {
                    let repeats_title = !title_seen
                        && !title_key.is_empty()
                        && same_title(&normalise(&dom.text_of(i, dead)), &title_key);
                    title_seen |= repeats_title;
                    repeats_title
                        || (level <= 2 && flags.weight_classes && marks[i].class_weight() < 0.0)
                }
                _ => {
                    (i != r && s.chars < 500 && marks[i].is_share())
                        || (s.chars < 200 && marks[i].is_meta_line())
                        || (s.chars < 600 && marks[i].is_caption())
                        || (flags.clean_conditionally && is_clutter(dom, marks, stats, i, flags))
                }
            };
            if remove {
                kill(dom, dead, i);
                walk.skip_subtree(i);
            }
        }
    }
}

/// Readability's `_cleanConditionally`: a container with little prose for its links,
/// images, list items or headings is a widget, not part of the story.
fn is_clutter(dom: &Dom<'_>, marks: &[Marks], stats: &[Stats], i: usize, flags: Flags) -> bool {
    let tag = dom.nodes[i].tag;
    let s = &stats[i];
    let div_like = matches!(tag, Tag::Div | Tag::Section | Tag::Other | Tag::Block);
    if !(div_like || matches!(tag, Tag::Ul | Tag::Table | Tag::Form)) {
        return false;
    }
    // A div holding only phrasing content is a paragraph (readability rewrites it to <p>).
    if div_like && !s.has_block {
        return false;
    }
    let weight = if flags.weight_classes {
        marks[i].class_weight()
    } else {
        0.0
    };
    if weight < 0.0 {
        return true;
    }
    if s.commas >= 10 {
        return false;
    }
    let is_list =
        matches!(tag, Tag::Ul | Tag::Ol) || (s.chars > 0 && s.list_chars * 10 > s.chars * 9);
    let p = s.paragraphs as f32;
    let img = s.images as f32;
    let li = s.list_items as f32 - 100.0;
    let input = s.inputs as f32;
    let heading_density = if s.chars == 0 {
        0.0
    } else {
        s.heading_chars as f32 / s.chars as f32
    };
    let ld = s.link_density();
    let direct_text = dom
        .children(i)
        .any(|c| dom.nodes[c].tag == Tag::Text && stats[c].chars > 0);
    let textish = s.textish_chars > 0 || direct_text;
    (img > 1.0 && p / img < 0.5)
        || (!is_list && li > p)
        || (input > (p / 3.0).floor())
        || (!is_list
            && heading_density < 0.9
            && s.chars < 25
            && (img == 0.0 || img > 2.0)
            && ld > 0.0)
        || (!is_list && weight < 25.0 && ld > 0.2)
        || (weight >= 25.0 && ld > 0.5)
        || (img == 0.0 && !textish)
}

/// Lower-case letters and digits only: headings and titles differ in punctuation and case.
pub(super) fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn same_title(heading: &str, title: &str) -> bool {
    if heading.is_empty() {
        return false;
    }
    let (short, long) = if heading.len() < title.len() {
        (heading, title)
    } else {
        (title, heading)
    };
    long.contains(short) && short.len() * 4 >= long.len() * 3
}

#[cfg(test)]
mod tests;
