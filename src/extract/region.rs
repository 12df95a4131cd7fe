//! How far up from the scored container the article reaches. Readability's scoring finds the
//! container holding the densest run of paragraphs; a body broken by inline ads, "read also"
//! boxes or galleries into sibling containers, a live blog's posts, or a standfirst outside
//! the main container each leave that container holding only part of the story. Each
//! ancestor of it is weighed by the prose it holds against the text that is not prose
//! (short lines, link text): the article is the ancestor where prose most outweighs the
//! rest. It reads the view, the dead marks and the measures; it never removes nodes.

use super::dom::{Dom, Tag};
use super::hints::Marks;
use super::stats::Stats;

/// A paragraph this long, with little link text, is prose.
const MIN_PROSE_CHARS: u32 = 80;
/// ... with at most this share of its characters in links.
const MAX_PROSE_LINKS: f32 = 0.3;
/// A character of noise outweighs this many of prose: an ancestor must add three times
/// as much prose as it adds furniture to be the better article.
const NOISE_COST: f32 = 3.0;

/// Characters of prose and of everything else in each subtree.
pub(super) struct Prose {
    good: Vec<u32>,
    bad: Vec<u32>,
}

impl Prose {
    fn gain(&self, i: usize) -> f32 {
        self.good[i] as f32 - NOISE_COST * self.bad[i] as f32
    }
}

/// Sorts the live text of the page into paragraphs, as scoring reads them, and totals each
/// subtree's prose and noise.
pub(super) fn measure(dom: &Dom<'_>, dead: &[bool], stats: &[Stats]) -> Prose {
    let mut p = Prose {
        good: vec![0; dom.len()],
        bad: vec![0; dom.len()],
    };
    let mut add = |at: usize, chars: u32, links: u32, heading: bool| {
        let prose =
            !heading && chars >= MIN_PROSE_CHARS && links as f32 <= MAX_PROSE_LINKS * chars as f32;
        if prose {
            p.good[at] += chars - links;
            p.bad[at] += links;
        } else if heading {
            // Section headings belong to the text around them; only their links are noise.
            p.bad[at] += links;
        } else {
            p.bad[at] += chars;
        }
    };
    let mut walk = dom.live();
    while let Some(i) = walk.next(dead) {
        let n = &dom.nodes[i];
        let s = &stats[i];
        let div_like = matches!(
            n.tag,
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Other | Tag::Block
        );
        let unit = matches!(
            n.tag,
            Tag::P | Tag::Pre | Tag::Td | Tag::Th | Tag::Li | Tag::Dd | Tag::Dt | Tag::H(_)
        ) || (div_like && !s.has_block);
        if unit {
            // List items, like headings, go with the text around them: neither prose nor
            // noise, but for their links.
            let neutral = matches!(n.tag, Tag::H(_) | Tag::Li | Tag::Dd | Tag::Dt);
            add(i, s.chars, s.link_chars, neutral);
            walk.skip_subtree(i);
            continue;
        }
        if !n.tag.is_block() {
            // Text and inline elements were counted in their container's loose text.
            walk.skip_subtree(i);
            continue;
        }
        // Loose text between the blocks of a container is a paragraph of it.
        let (mut chars, mut links) = (0, 0);
        for c in dom.children(i) {
            if dead[c] {
                continue;
            }
            if dom.nodes[c].tag.is_block() {
                add(i, chars, links, false);
                (chars, links) = (0, 0);
            } else {
                chars += stats[c].chars;
                links += stats[c].link_chars;
            }
        }
        add(i, chars, links, false);
    }
    for i in (0..dom.len()).rev() {
        if let Some(parent) = dom.parent(i)
            && !dead[i]
        {
            p.good[parent] += p.good[i];
            p.bad[parent] += p.bad[i];
        }
    }
    p
}

/// A block beside the article whose text is this much link text is a list of pointers to
/// other pages (teasers with their summaries), whatever prose it holds.
const MAX_BLOCK_LINKS: f32 = 0.25;

/// Two or more headlines that are mostly links: a block of teaser cards.
pub(super) fn is_teasers(s: &Stats) -> bool {
    s.linked_headings >= 2
}

/// `top` or the ancestor of it, below the page's body, where prose most outweighs noise.
/// Going up one level adds the other children of the ancestor: each counts its prose and
/// its noise, unless it is link-dense or a block of teasers, when all of its text is noise.
/// An `<article>`, `<main>` or marked article body is the article's bound: the search
/// neither starts above one nor climbs past one.
pub(super) fn widen(
    dom: &Dom<'_>,
    marks: &[Marks],
    dead: &[bool],
    stats: &[Stats],
    prose: &Prose,
    top: usize,
) -> usize {
    let is_article = |i: usize| {
        matches!(dom.nodes[i].tag, Tag::Article | Tag::Main) || marks[i].is_article_body()
    };
    if is_article(top) {
        return top;
    }
    let mut best = top;
    let mut gain = prose.gain(top);
    let mut best_gain = gain;
    let mut path = top;
    let mut a = dom.parent(top);
    while let Some(anc) = a {
        if dom.nodes[anc].tag == Tag::Body || dom.parent(anc).is_none() {
            break;
        }
        // The ancestor's own loose text, then each child beside the path.
        let mut own_good = prose.good[anc] as f32;
        let mut own_bad = prose.bad[anc] as f32;
        for c in dom.children(anc) {
            if dead[c] {
                continue;
            }
            own_good -= prose.good[c] as f32;
            own_bad -= prose.bad[c] as f32;
            if c == path {
                continue;
            }
            gain += if stats[c].link_density() > MAX_BLOCK_LINKS || is_teasers(&stats[c]) {
                -NOISE_COST * (prose.good[c] + prose.bad[c]) as f32
            } else {
                prose.gain(c)
            };
        }
        gain += own_good - NOISE_COST * own_bad;
        if gain > best_gain {
            best = anc;
            best_gain = gain;
        }
        path = anc;
        if is_article(anc) {
            break;
        }
        a = dom.parent(anc);
    }
    best
}
