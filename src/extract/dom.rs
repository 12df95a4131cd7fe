//! A flat, read-only view of scraper's DOM in document order, which the scoring, cleaning
//! and rendering passes index by position. Each node knows its parent and where its subtree
//! ends, so "all descendants" is a range and every pass is a loop, never recursion: a page
//! nested a hundred thousand deep cannot overflow the stack. Nodes borrow their text from the
//! parsed `Html`; nothing here copies text, changes the tree or decides what is boilerplate.

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::Node as SNode;
use scraper::node::Element;

use super::stats::is_internal;

mod tag;

pub(super) use tag::Tag;
use tag::is_junk;

pub(super) const NONE: u32 = u32::MAX;

/// The attributes the passes read, gathered in one walk over each element's attributes
/// (scraper's `attr` interns the name on every call, which the passes cannot afford).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Attrs<'a> {
    pub class: &'a str,
    pub id: &'a str,
    pub href: &'a str,
    pub style: &'a str,
    pub role: &'a str,
    pub itemprop: &'a str,
    pub rel: &'a str,
    /// `hidden`, or `aria-hidden="true"`.
    pub hidden: bool,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (name, value) in el.attrs() {
            match name {
                "class" => a.class = value,
                "id" => a.id = value,
                "href" => a.href = value,
                "style" => a.style = value,
                "role" => a.role = value,
                "itemprop" => a.itemprop = value,
                "rel" => a.rel = value,
                "hidden" => a.hidden = true,
                "aria-hidden" => a.hidden |= value.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
        a
    }
}

/// Where a link points, as far as link density cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Link {
    /// Not a link.
    None,
    /// `#fragment` inside the page.
    Fragment,
    /// The page's own site, or a relative address.
    Internal,
    /// Another site, or a `mailto:`/`tel:` address.
    External,
}

pub(super) struct Node<'a> {
    pub parent: u32,
    /// One past the last node of this subtree.
    pub end: u32,
    pub tag: Tag,
    pub link: Link,
    /// Of a text node: characters with whitespace runs counted once, and commas.
    pub chars: u32,
    pub commas: u32,
    pub attrs: Attrs<'a>,
    pub text: &'a str,
    pub src: ego_tree::NodeId,
}

pub(super) struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    /// Flattens the subtree under `root` (the document or a fragment), leaving out junk
    /// elements, comments and doctypes. `site` is the page's host, when known, against
    /// which links are told internal or external.
    pub(super) fn build(root: NodeRef<'a, SNode>, site: Option<&str>) -> Dom<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut open: Vec<u32> = Vec::new();
        let mut skipping: Option<ego_tree::NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    if skipping.is_some() {
                        continue;
                    }
                    let parent = open.last().copied().unwrap_or(NONE);
                    match n.value() {
                        SNode::Text(t) => {
                            let at = nodes.len() as u32;
                            let (chars, commas) = text_measure(&t.text);
                            nodes.push(Node {
                                parent,
                                end: at + 1,
                                tag: Tag::Text,
                                link: Link::None,
                                chars,
                                commas,
                                attrs: Attrs::default(),
                                text: &t.text,
                                src: n.id(),
                            });
                        }
                        SNode::Element(el) => {
                            let el: &'a Element = el;
                            if is_junk(el.name()) {
                                skipping = Some(n.id());
                                continue;
                            }
                            let tag = Tag::of(el.name());
                            let attrs = Attrs::of(el);
                            let link = if tag == Tag::A {
                                link_kind(attrs.href, site)
                            } else {
                                Link::None
                            };
                            open.push(nodes.len() as u32);
                            nodes.push(Node {
                                parent,
                                end: NONE,
                                tag,
                                link,
                                chars: 0,
                                commas: 0,
                                attrs,
                                text: "",
                                src: n.id(),
                            });
                        }
                        _ => {}
                    }
                }
                Edge::Close(n) => {
                    if let Some(s) = skipping {
                        if s == n.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if n.value().is_element()
                        && let Some(i) = open.pop()
                    {
                        nodes[i as usize].end = nodes.len() as u32;
                    }
                }
            }
        }
        Dom { nodes }
    }

    pub(super) fn len(&self) -> usize {
        self.nodes.len()
    }

    pub(super) fn end(&self, i: usize) -> usize {
        self.nodes[i].end as usize
    }

    pub(super) fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p != NONE).then_some(p as usize)
    }

    /// Direct children of `i`, in order.
    pub(super) fn children(&self, i: usize) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: i + 1,
            end: self.end(i),
        }
    }

    /// The live nodes of the whole view, in document order.
    pub(super) fn live(&self) -> Live<'_, 'a> {
        Live {
            dom: self,
            next: 0,
            stop: self.len(),
        }
    }

    /// The live nodes of `i`'s subtree, `i` first.
    pub(super) fn live_in(&self, i: usize) -> Live<'_, 'a> {
        Live {
            dom: self,
            next: i,
            stop: self.end(i),
        }
    }

    /// Concatenated raw text of a subtree, skipping dead nodes.
    pub(super) fn text_of(&self, i: usize, dead: &[bool]) -> String {
        let mut out = String::new();
        let mut walk = self.live_in(i);
        while let Some(j) = walk.next(dead) {
            out.push_str(self.nodes[j].text);
        }
        out
    }
}

/// A walk in document order that steps over dead subtrees, and over the subtree of a node
/// the caller is done with. Not an `Iterator`: it reads `dead` afresh at each step, because
/// the pruning passes kill nodes while they walk.
pub(super) struct Live<'d, 'a> {
    dom: &'d Dom<'a>,
    next: usize,
    stop: usize,
}

impl Live<'_, '_> {
    #[inline]
    pub(super) fn next(&mut self, dead: &[bool]) -> Option<usize> {
        while self.next < self.stop {
            let i = self.next;
            if dead[i] {
                self.next = self.dom.end(i);
            } else {
                self.next = i + 1;
                return Some(i);
            }
        }
        None
    }

    /// Leaves out the descendants of `i`, the node `next` just gave.
    #[inline]
    pub(super) fn skip_subtree(&mut self, i: usize) {
        self.next = self.dom.end(i);
    }
}

/// Characters of a text with whitespace runs counted once (leading and trailing runs not at
/// all), and its commas.
fn text_measure(t: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut in_space = true;
    for c in t.chars() {
        if c.is_whitespace() {
            in_space = true;
            continue;
        }
        if in_space && chars > 0 {
            chars += 1;
        }
        in_space = false;
        chars += 1;
        if matches!(c, ',' | '，' | '、' | '،') {
            commas += 1;
        }
    }
    (chars, commas)
}

fn link_kind(href: &str, site: Option<&str>) -> Link {
    if href.trim_start().starts_with('#') {
        Link::Fragment
    } else if is_internal(href, site) {
        Link::Internal
    } else {
        Link::External
    }
}

pub(super) struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let i = self.next;
        self.next = self.dom.end(i);
        Some(i)
    }
}
