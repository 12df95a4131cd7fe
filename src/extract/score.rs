//! Finding the article body: readability's scoring of paragraphs into their containers, the
//! choice of the best container, and the merge of its siblings that carry more of the story.
//! It reads the view and the dead marks and returns node indices; it never removes nodes and
//! never renders text.

use super::dom::{Dom, Tag};
use super::hints::Marks;
use super::region;
use super::stats::Stats;

/// Paragraphs shorter than this say too little to vote for a container.
const MIN_UNIT_CHARS: u32 = 25;
/// How far up a paragraph's score spreads.
const ANCESTOR_LEVELS: usize = 5;
/// Readability's count of near-best candidates that reveal a split article.
const MIN_ALTERNATIVES: usize = 3;

pub(super) struct Selection {
    /// The nodes that make up the body, in document order (the top node and merged siblings).
    pub roots: Vec<usize>,
}

/// Extra score for containers the page itself marks as the article (`<article>`,
/// `itemprop=articleBody`, a site rule), as a fraction of their own score.
pub(super) struct Boosts<'b> {
    pub nodes: &'b [usize],
}

struct Scores {
    score: Vec<f32>,
    known: Vec<bool>,
    candidates: Vec<usize>,
}

impl Scores {
    fn init(&mut self, dom: &Dom<'_>, marks: &[Marks], i: usize, weight_classes: bool) {
        if self.known[i] {
            return;
        }
        let base = match dom.nodes[i].tag {
            Tag::Div => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => -3.0,
            Tag::H(_) | Tag::Th => -5.0,
            _ => 0.0,
        };
        let weight = if weight_classes {
            marks[i].class_weight()
        } else {
            0.0
        };
        self.score[i] = base + weight;
        self.known[i] = true;
        self.candidates.push(i);
    }
}

pub(super) fn select(
    dom: &Dom<'_>,
    marks: &[Marks],
    dead: &[bool],
    stats: &[Stats],
    weight_classes: bool,
    boosts: &Boosts<'_>,
) -> Option<Selection> {
    let mut sc = Scores {
        score: vec![0.0; dom.len()],
        known: vec![false; dom.len()],
        candidates: Vec::new(),
    };

    let add_unit = |first_ancestor: usize, chars: u32, commas: u32, sc: &mut Scores| {
        if chars < MIN_UNIT_CHARS {
            return;
        }
        let content = 1.0 + commas as f32 + (chars / 100).min(3) as f32;
        let mut a = Some(first_ancestor);
        for level in 0..ANCESTOR_LEVELS {
            let Some(anc) = a else { break };
            // The root element has no element parent; readability skips it.
            if dom.parent(anc).is_none() {
                break;
            }
            sc.init(dom, marks, anc, weight_classes);
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            sc.score[anc] += content / divider;
            a = dom.parent(anc);
        }
    };

    let mut walk = dom.live();
    while let Some(i) = walk.next(dead) {
        let n = &dom.nodes[i];
        let s = &stats[i];
        let div_like = matches!(
            n.tag,
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Other
        );
        if matches!(n.tag, Tag::P | Tag::Pre | Tag::Td) || (div_like && !s.has_block) {
            if let Some(p) = dom.parent(i) {
                add_unit(p, s.chars, s.commas, &mut sc);
            }
            // Everything inside is part of this paragraph.
            walk.skip_subtree(i);
            continue;
        }
        if div_like {
            // Runs of loose text between blocks are paragraphs of this container.
            let (mut chars, mut commas) = (0, 0);
            for c in dom.children(i) {
                if dead[c] {
                    continue;
                }
                if dom.nodes[c].tag.is_block() {
                    add_unit(i, chars, commas, &mut sc);
                    (chars, commas) = (0, 0);
                } else {
                    chars += stats[c].chars;
                    commas += stats[c].commas;
                }
            }
            add_unit(i, chars, commas, &mut sc);
        }
    }

    for &b in boosts.nodes {
        if !dead[b] && sc.known[b] {
            sc.score[b] *= 1.5;
        }
    }
    for &c in &sc.candidates {
        sc.score[c] *= 1.0 - stats[c].link_density();
    }

    let mut ranked = sc.candidates.clone();
    ranked.sort_by(|a, b| sc.score[*b].total_cmp(&sc.score[*a]));
    let Some(&best) = ranked.first() else {
        return body(dom, dead).map(|b| Selection { roots: vec![b] });
    };
    let top = refine(dom, &sc, &ranked, best);
    let top = region::widen(
        dom,
        marks,
        dead,
        stats,
        &region::measure(dom, dead, stats),
        top,
    );
    let roots = siblings(dom, dead, stats, &sc, top);
    Some(Selection { roots })
}

fn body(dom: &Dom<'_>, dead: &[bool]) -> Option<usize> {
    (0..dom.len())
        .find(|&i| dom.nodes[i].tag == Tag::Body && !dead[i])
        .or_else(|| (!dom.nodes.is_empty()).then_some(0))
}

fn is_top_level(dom: &Dom<'_>, i: usize) -> bool {
    matches!(dom.nodes[i].tag, Tag::Body) || dom.parent(i).is_none()
}

/// Readability's corrections to the best-scored node: a common ancestor of several
/// near-best nodes, a parent that scores higher, and wrappers with a single child.
fn refine(dom: &Dom<'_>, sc: &Scores, ranked: &[usize], best: usize) -> usize {
    let mut top = best;
    let best_score = sc.score[best];

    let close: Vec<usize> = ranked
        .iter()
        .skip(1)
        .take(4)
        .copied()
        .filter(|&c| best_score > 0.0 && sc.score[c] / best_score >= 0.75)
        .collect();
    if close.len() >= MIN_ALTERNATIVES {
        let mut p = dom.parent(top);
        while let Some(anc) = p {
            if is_top_level(dom, anc) {
                break;
            }
            let containing = close
                .iter()
                .filter(|&&c| c > anc && c < dom.end(anc))
                .count();
            if containing >= MIN_ALTERNATIVES {
                top = anc;
                break;
            }
            p = dom.parent(anc);
        }
    }

    // A parent that scores well is probably the real container of a split article.
    let mut last = if sc.known[top] { sc.score[top] } else { 0.0 };
    let threshold = last / 3.0;
    let mut p = dom.parent(top);
    while let Some(anc) = p {
        if is_top_level(dom, anc) {
            break;
        }
        if sc.known[anc] {
            let s = sc.score[anc];
            if s < threshold {
                break;
            }
            if s > last {
                top = anc;
                break;
            }
            last = s;
        }
        p = dom.parent(anc);
    }

    // Wrappers around just the top node add nothing but let siblings be found.
    while let Some(anc) = dom.parent(top) {
        if is_top_level(dom, anc) || dom.children(anc).count() != 1 {
            break;
        }
        top = anc;
    }
    top
}

/// The top node plus those of its siblings that look like more of the same article.
fn siblings(dom: &Dom<'_>, dead: &[bool], stats: &[Stats], sc: &Scores, top: usize) -> Vec<usize> {
    let Some(parent) = dom.parent(top) else {
        return vec![top];
    };
    if is_top_level(dom, top) {
        return vec![top];
    }
    let top_score = if sc.known[top] { sc.score[top] } else { 0.0 };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.nodes[top].attrs.class;
    let mut roots = Vec::new();
    for sib in dom.children(parent) {
        if dead[sib] || dom.nodes[sib].tag == Tag::Text {
            continue;
        }
        if sib == top {
            roots.push(sib);
            continue;
        }
        let class = dom.nodes[sib].attrs.class;
        let bonus = if !top_class.is_empty() && class == top_class {
            top_score * 0.2
        } else {
            0.0
        };
        // A block of teaser cards (two or more linked headlines) is never the article's,
        // however much summary prose it holds.
        if region::is_teasers(&stats[sib]) {
            continue;
        }
        if sc.known[sib] && sc.score[sib] + bonus >= threshold {
            roots.push(sib);
            continue;
        }
        let s = &stats[sib];
        let paragraph = dom.nodes[sib].tag == Tag::P
            || (matches!(dom.nodes[sib].tag, Tag::Div | Tag::Section) && !s.has_block);
        if !paragraph {
            continue;
        }
        let ld = s.link_density();
        if (s.chars > 80 && ld < 0.25)
            || (s.chars > 0 && s.chars <= 80 && ld == 0.0 && ends_sentence(&dom.text_of(sib, dead)))
        {
            roots.push(sib);
        }
    }
    roots
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('.') || t.contains(". ")
}

#[cfg(test)]
mod tests;
