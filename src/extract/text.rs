//! Rendering a chosen part of the view as blocks (paragraphs, headings, list items, quoted
//! and preformatted text), and the blocks as plain text or as a small escaped HTML fragment.
//! Whitespace collapses as a browser would lay it out; entities were already decoded by the
//! HTML parser. It decides nothing about what is article and what is not.

use super::dom::{Dom, Link, Tag};
use crate::html_escape::escape_into;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Para,
    /// A table row, its cells on one line.
    Row,
    Heading(u8),
    Item {
        ordered: bool,
        list: u32,
    },
    Pre,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Block {
    pub kind: Kind,
    /// Which blockquote the block sits in; 0 for none.
    pub quote: u32,
    pub text: String,
    /// For each line of `text`, the share of its characters that are link text.
    pub link_share: Vec<f32>,
}

impl Block {
    pub(super) fn para(text: String) -> Block {
        let lines = text.lines().count();
        Block {
            kind: Kind::Para,
            quote: 0,
            text,
            link_share: vec![0.0; lines],
        }
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    kind: Kind,
    quote: u32,
    list: Option<(bool, u32)>,
    in_link: bool,
}

struct Open {
    end: usize,
    tag: Tag,
    /// The context inside this element, kept per level so a lookup never walks the stack.
    ctx: Ctx,
}

struct Renderer {
    blocks: Vec<Block>,
    /// Finished lines of the current block, with their link characters.
    lines: Vec<(String, usize)>,
    cur: String,
    cur_link: usize,
    /// Nothing has been written since a link opened.
    starts_link: bool,
    pending_space: bool,
    stack: Vec<Open>,
    root_ctx: Ctx,
    next_id: u32,
}

impl Renderer {
    fn ctx(&self) -> Ctx {
        self.stack.last().map_or(self.root_ctx, |o| o.ctx)
    }

    fn end_line(&mut self) {
        self.pending_space = false;
        let line = self.cur.trim();
        if !line.is_empty() {
            self.lines.push((line.to_string(), self.cur_link));
        }
        self.cur.clear();
        self.cur_link = 0;
    }

    fn flush(&mut self) {
        let ctx = self.ctx();
        if ctx.kind == Kind::Pre {
            // Preformatted text keeps its own line breaks and indentation.
            let text = self.cur.trim_matches('\n').trim_end().to_string();
            self.cur.clear();
            self.cur_link = 0;
            self.pending_space = false;
            if !text.trim().is_empty() {
                let lines = text.lines().count();
                self.blocks.push(Block {
                    kind: Kind::Pre,
                    quote: ctx.quote,
                    text,
                    link_share: vec![0.0; lines],
                });
            }
            return;
        }
        self.end_line();
        if self.lines.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.lines);
        let link_share = lines
            .iter()
            .map(|(t, l)| *l as f32 / t.chars().count().max(1) as f32)
            .collect();
        let text = lines
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
            .join("\n");
        self.blocks.push(Block {
            kind: ctx.kind,
            quote: ctx.quote,
            text,
            link_share,
        });
    }

    fn push_text(&mut self, t: &str) {
        let ctx = self.ctx();
        if ctx.kind == Kind::Pre {
            self.cur.push_str(t);
            return;
        }
        for c in t.chars() {
            if c.is_whitespace() {
                self.pending_space = !self.cur.is_empty();
            } else {
                if self.pending_space {
                    self.cur.push(' ');
                    self.pending_space = false;
                    // A space before a link's first word belongs to the text around it.
                    if ctx.in_link && !self.starts_link {
                        self.cur_link += 1;
                    }
                }
                self.starts_link = false;
                self.cur.push(c);
                if ctx.in_link {
                    self.cur_link += 1;
                }
            }
        }
    }

    fn line_break(&mut self) {
        if self.ctx().kind == Kind::Pre {
            self.cur.push('\n');
        } else {
            self.end_line();
        }
    }

    fn open(&mut self, end: usize, tag: Tag, internal_link: bool) {
        if tag.is_block() {
            self.flush();
        }
        if matches!(tag, Tag::Td | Tag::Th) && !self.cur.is_empty() {
            self.pending_space = true;
        }
        let mut ctx = self.ctx();
        match tag {
            Tag::H(level) => ctx.kind = Kind::Heading(level),
            Tag::Pre => ctx.kind = Kind::Pre,
            Tag::Ul | Tag::Ol => {
                self.next_id += 1;
                ctx.list = Some((tag == Tag::Ol, self.next_id));
            }
            Tag::Li => {
                let (ordered, list) = ctx.list.unwrap_or((false, 0));
                ctx.kind = Kind::Item { ordered, list };
            }
            Tag::Tr => ctx.kind = Kind::Row,
            Tag::Blockquote => {
                self.next_id += 1;
                ctx.quote = self.next_id;
            }
            Tag::A => {
                ctx.in_link |= internal_link;
                self.starts_link = true;
            }
            _ => {}
        }
        self.stack.push(Open { end, tag, ctx });
    }

    fn close(&mut self) {
        if let Some(top) = self.stack.last()
            && top.tag.is_block()
        {
            self.flush();
        }
        self.stack.pop();
    }
}

/// Blocks of the given subtrees, in document order, skipping dead nodes. Links within the
/// page's site count as link text, links elsewhere (sources, quoted posts) as prose.
pub(super) fn render(dom: &Dom<'_>, dead: &[bool], roots: &[usize]) -> Vec<Block> {
    let mut r = Renderer {
        blocks: Vec::new(),
        lines: Vec::new(),
        cur: String::new(),
        cur_link: 0,
        starts_link: false,
        pending_space: false,
        stack: Vec::new(),
        root_ctx: Ctx {
            kind: Kind::Para,
            quote: 0,
            list: None,
            in_link: false,
        },
        next_id: 0,
    };
    for &root in roots {
        let mut walk = dom.live_in(root);
        while let Some(i) = walk.next(dead) {
            // Dead nodes change nothing, so closing at the next live one is as good.
            while r.stack.last().is_some_and(|o| o.end <= i) {
                r.close();
            }
            let n = &dom.nodes[i];
            match n.tag {
                Tag::Text => r.push_text(n.text),
                Tag::Br => r.line_break(),
                Tag::Hr | Tag::Img | Tag::Control => {}
                tag => {
                    let internal = matches!(n.link, Link::Internal | Link::Fragment);
                    r.open(dom.end(i), tag, internal);
                    continue;
                }
            }
            walk.skip_subtree(i);
        }
        while !r.stack.is_empty() {
            r.close();
        }
        r.flush();
    }
    r.blocks
}

/// Plain text: a blank line between blocks, one line per item of the same list.
pub(super) fn to_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Block> = None;
    for b in blocks {
        if let Some(p) = prev {
            let same_list = matches!(
                (p.kind, b.kind),
                (Kind::Item { list: a, .. }, Kind::Item { list: c, .. }) if a == c
            );
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        out.push_str(&b.text);
        prev = Some(b);
    }
    out
}

/// A small HTML fragment of p, h2-h4, ul/ol/li and blockquote, every text escaped.
pub(super) fn to_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut list: Option<(bool, u32)> = None;
    let mut quote = 0u32;
    for b in blocks {
        let this_list = match b.kind {
            Kind::Item { ordered, list } => Some((ordered, list)),
            _ => None,
        };
        if list.is_some() && (this_list != list || b.quote != quote) {
            out.push_str(if list.is_some_and(|l| l.0) {
                "</ol>"
            } else {
                "</ul>"
            });
            list = None;
        }
        if b.quote != quote {
            if quote != 0 {
                out.push_str("</blockquote>");
            }
            if b.quote != 0 {
                out.push_str("<blockquote>");
            }
            quote = b.quote;
        }
        match b.kind {
            Kind::Para | Kind::Row | Kind::Pre => wrap(&mut out, "p", &b.text),
            Kind::Heading(level) => {
                let tag = ["h2", "h3", "h4"][(level.clamp(2, 4) - 2) as usize];
                wrap(&mut out, tag, &b.text);
            }
            Kind::Item { ordered, .. } => {
                if list.is_none() {
                    out.push_str(if ordered { "<ol>" } else { "<ul>" });
                    list = this_list;
                }
                wrap(&mut out, "li", &b.text);
            }
        }
    }
    if let Some((ordered, _)) = list {
        out.push_str(if ordered { "</ol>" } else { "</ul>" });
    }
    if quote != 0 {
        out.push_str("</blockquote>");
    }
    out
}

fn wrap(out: &mut String, tag: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str("<br>");
        }
        escape_into(out, line);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}
