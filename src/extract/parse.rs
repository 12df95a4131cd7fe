//! Parsing within a bound on nodes: html5ever drives scraper's tree sink through a thin
//! wrapper that counts the nodes the tree holds and, past `MAX_NODES`, keeps no more. The
//! scan before parsing bounds bytes, tags and depth, but not what the tree builder makes of
//! them: each `<p>` of a page of millions is a node of a few hundred bytes once scraper and
//! the view hold it, and the standard's "reconstruct the active formatting elements" step can
//! clone hundreds of open `<b id=..>`s for every short paragraph. The wrapper also drops parse
//! errors, which scraper would keep one by one (a page of NULs holds millions).
//!
//! Past the bound new elements become `Gone` handles, owned only by the tree builder's own
//! stacks and freed with them, and nothing more is attached; the input is fed in chunks and
//! feeding stops after the chunk in which the bound was reached, so the work past it is
//! bounded too. What was refused is reported, never hidden.

use std::borrow::Cow;
use std::cell::{Cell, Ref};
use std::rc::Rc;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, Namespace, ParseOpts, QualName, local_name, ns};
use scraper::{Html, HtmlTreeSink};

/// Nodes the tree keeps: the largest of the 2,656 pages of the benchmarks holds 28,000 once
/// scripts and styles are gone; this is five times that.
pub(super) const MAX_NODES: usize = 150_000;
/// Input fed to the parser at a time: small enough that what one chunk makes past the bound
/// stays small, large enough to cost nothing on ordinary pages.
const CHUNK: usize = 16 << 10;

/// A parsed page, and whether the bound refused any of it.
pub(super) struct Parsed {
    pub doc: Html,
    pub refused: bool,
}

pub(super) fn document(html: &str, max_nodes: usize) -> Parsed {
    let sink = Bounded::new(Html::new_document(), max_nodes);
    let refused = sink.refused.clone();
    let parser = html5ever::driver::parse_document(sink, ParseOpts::default());
    feed(parser, html, refused)
}

pub(super) fn fragment(html: &str, max_nodes: usize) -> Parsed {
    let sink = Bounded::new(Html::new_fragment(), max_nodes);
    let refused = sink.refused.clone();
    let parser = html5ever::driver::parse_fragment(
        sink,
        ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("body")),
        Vec::new(),
        false,
    );
    feed(parser, html, refused)
}

fn feed(
    mut parser: html5ever::driver::Parser<Bounded>,
    html: &str,
    refused: Rc<Cell<bool>>,
) -> Parsed {
    let mut rest = html;
    while !rest.is_empty() && !refused.get() {
        let at = if rest.len() <= CHUNK {
            rest.len()
        } else {
            // A chunk ends on a character boundary, at most three bytes short of `CHUNK`.
            rest.floor_char_boundary(CHUNK)
        };
        let (chunk, tail) = rest.split_at(at);
        parser.process(StrTendril::from_slice(chunk));
        rest = tail;
    }
    Parsed {
        doc: parser.finish(),
        refused: refused.get(),
    }
}

#[derive(Clone)]
enum Handle {
    Node(NodeId),
    /// An element made past the bound: the tree builder may still name it, nothing holds it.
    Gone(Rc<QualName>),
}

struct Bounded {
    inner: HtmlTreeSink,
    max_nodes: usize,
    refused: Rc<Cell<bool>>,
}

impl Bounded {
    fn new(html: Html, max_nodes: usize) -> Bounded {
        Bounded {
            inner: HtmlTreeSink::new(html),
            max_nodes,
            refused: Rc::new(Cell::new(false)),
        }
    }

    /// Whether the tree has room for one more node; when not, that is recorded.
    fn room(&self) -> bool {
        let room = !self.refused.get() && self.inner.0.borrow().tree.nodes().len() < self.max_nodes;
        if !room {
            self.refused.set(true);
        }
        room
    }

    /// The child to hand on, if it is a real node or text and the tree has room for it.
    fn child(&self, child: NodeOrText<Handle>) -> Option<NodeOrText<NodeId>> {
        match child {
            NodeOrText::AppendNode(Handle::Node(id)) => Some(NodeOrText::AppendNode(id)),
            NodeOrText::AppendNode(Handle::Gone(_)) => None,
            NodeOrText::AppendText(t) => self.room().then_some(NodeOrText::AppendText(t)),
        }
    }
}

/// An element's name, from the tree or from a `Gone` handle.
#[derive(Debug)]
enum Name<'a> {
    Node(Ref<'a, QualName>),
    Gone(&'a QualName),
}

impl ElemName for Name<'_> {
    fn ns(&self) -> &Namespace {
        match self {
            Name::Node(n) => &n.ns,
            Name::Gone(n) => &n.ns,
        }
    }

    fn local_name(&self) -> &LocalName {
        match self {
            Name::Node(n) => &n.local,
            Name::Gone(n) => &n.local,
        }
    }
}

impl TreeSink for Bounded {
    type Handle = Handle;
    type Output = Html;
    type ElemName<'a> = Name<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    // scraper keeps every parse error; nothing here reads them.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Handle::Node(self.inner.get_document())
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> Name<'a> {
        match target {
            Handle::Node(id) => Name::Node(self.inner.elem_name(id)),
            Handle::Gone(name) => Name::Gone(name),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        if self.room() {
            Handle::Node(self.inner.create_element(name, attrs, flags))
        } else {
            Handle::Gone(Rc::new(name))
        }
    }

    fn create_comment(&self, text: StrTendril) -> Handle {
        if self.room() {
            Handle::Node(self.inner.create_comment(text))
        } else {
            Handle::Gone(Rc::new(QualName::new(None, ns!(), LocalName::from(""))))
        }
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        if self.room() {
            Handle::Node(self.inner.create_pi(target, data))
        } else {
            Handle::Gone(Rc::new(QualName::new(None, ns!(), LocalName::from(""))))
        }
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        if let Handle::Node(p) = parent
            && let Some(c) = self.child(child)
        {
            self.inner.append(p, c);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        if let (Handle::Node(e), Handle::Node(p)) = (element, prev_element)
            && let Some(c) = self.child(child)
        {
            self.inner.append_based_on_parent_node(e, p, c);
        }
    }

    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system);
    }

    fn get_template_contents(&self, target: &Handle) -> Handle {
        match target {
            Handle::Node(id) => Handle::Node(self.inner.get_template_contents(id)),
            gone @ Handle::Gone(_) => gone.clone(),
        }
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        match (x, y) {
            (Handle::Node(a), Handle::Node(b)) => a == b,
            (Handle::Gone(a), Handle::Gone(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        if let Handle::Node(s) = sibling
            && let Some(c) = self.child(new_node)
        {
            self.inner.append_before_sibling(s, c);
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        if let Handle::Node(t) = target {
            self.inner.add_attrs_if_missing(t, attrs);
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        if let Handle::Node(t) = target {
            self.inner.remove_from_parent(t);
        }
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        if let (Handle::Node(n), Handle::Node(p)) = (node, new_parent) {
            self.inner.reparent_children(n, p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_parse_as_scraper_parses_them() {
        let page = format!(
            "<!DOCTYPE html><html><head><title>t</title></head><body>{}<template><p>x</p>\
             </template><table><tr><td>a<b>b<p>c</b>d</table><!-- c --></body>",
            "<div class=a><p>One, <b>two</b> &amp; three.</p></div>".repeat(3000)
        );
        let parsed = document(&page, MAX_NODES);
        assert!(!parsed.refused);
        assert_eq!(parsed.doc.html(), Html::parse_document(&page).html());
        let frag = "<p>a<b>b<p>c</b>d<li>e";
        let parsed = fragment(frag, MAX_NODES);
        assert_eq!(parsed.doc.html(), Html::parse_fragment(frag).html());
    }

    #[test]
    fn past_the_bound_nothing_more_is_kept_and_that_is_said() {
        let page = "<p>x".repeat(100_000);
        let parsed = document(&page, 1000);
        assert!(parsed.refused);
        assert!(parsed.doc.tree.nodes().len() <= 1000);
    }

    #[test]
    fn cloned_formatting_elements_stay_within_the_bound() {
        // Every paragraph reopens all the formatting elements left open before it.
        let open: String = (0..500).map(|i| format!("<b id={i}>")).collect();
        let page = format!("<div><p>{open}</div>{}", "<div>x</div>".repeat(10_000));
        let parsed = document(&page, 20_000);
        assert!(parsed.refused);
        assert!(parsed.doc.tree.nodes().len() <= 20_000);
    }
}
