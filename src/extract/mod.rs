//! The `extract` stage: the readable article of an HTML page (title, byline, date, language,
//! body as text and as a small clean HTML fragment), by readability-style scoring on
//! scraper's DOM, with per-site CSS rules and boilerplate-line removal on top. It also owns
//! charset decoding of fetched pages and HTML-to-text for feed content. Pure and synchronous:
//! no I/O, no clock, and it never panics — any input gives an `Article`, possibly empty.
//! scraper's `Html` is not `Send`, so it lives and dies inside one call.

mod charset;
mod clean;
mod dom;
mod hints;
mod lex;
mod limits;
mod lines;
mod meta;
mod parse;
mod region;
mod score;
mod stats;
mod text;

use std::collections::HashMap;

use scraper::{Html, Selector};
use url::Url;

use crate::model::{Article, Cut};
use clean::{Context, Flags};
use dom::{Dom, Tag};
use text::Block;

pub use charset::decode_html;
pub use limits::MAX_HTML_BYTES;

/// A body shorter than this means the attempt probably picked the wrong part of the page,
/// and the next, less strict attempt runs (readability's `charThreshold` is 500). Short news
/// items of 400-500 characters are common, and the less strict attempts, which keep
/// "comment" and "sidebar" elements, then pick the comments or a sidebar over them.
const MIN_BODY_CHARS: usize = 400;
/// A first attempt that found at least this much text found a short article, not nothing...
const MIN_FIRST_CHARS: usize = 200;
/// ... and a less strict attempt must find this many times as much to be a different page
/// layout rather than the furniture the first attempt removed.
const FIRST_OUTWEIGHED: usize = 10;
/// A body with this share of its text in elements the first attempt removed as unlikely
/// (comments, sidebars) is mostly furniture.
const MIN_FURNITURE_SHARE: f32 = 0.3;
/// A JSON-LD `articleBody` must be at least this long to stand in for the page's body.
const MIN_JSON_LD_CHARS: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("site rule for {host}: invalid CSS selector {selector:?}: {reason}")]
    BadSelector {
        host: String,
        selector: String,
        reason: String,
    },
    #[error("site rule has an empty host")]
    EmptyHost,
    #[error("site rule for {host} has neither a selector nor exclusions")]
    EmptyRule { host: String },
}

/// CSS selectors for one site whose markup defeats the general heuristics: `body` names the
/// article container(s), `exclude` elements to drop before anything else runs.
#[derive(Debug, Clone)]
pub struct SiteRule {
    host: String,
    body: Option<Selector>,
    exclude: Vec<Selector>,
}

impl SiteRule {
    /// `host` matches itself and its subdomains (`example.org` covers `www.example.org`).
    pub fn new(host: &str, body: Option<&str>, exclude: &[&str]) -> Result<Self, ExtractError> {
        let host = host.trim().trim_start_matches('.').to_ascii_lowercase();
        if host.is_empty() {
            return Err(ExtractError::EmptyHost);
        }
        if body.is_none() && exclude.is_empty() {
            return Err(ExtractError::EmptyRule { host });
        }
        let compile = |css: &str| {
            Selector::parse(css).map_err(|e| ExtractError::BadSelector {
                host: host.clone(),
                selector: css.to_string(),
                // Some of scraper's messages open with a generic line; the last says what.
                reason: e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            })
        };
        Ok(SiteRule {
            body: body.map(compile).transpose()?,
            exclude: exclude
                .iter()
                .map(|css| compile(css))
                .collect::<Result<_, _>>()?,
            host,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    fn applies_to(&self, url: &Url) -> bool {
        url.host_str().is_some_and(|h| {
            let h = h.to_ascii_lowercase();
            h == self.host || h.strip_suffix(&self.host).is_some_and(|p| p.ends_with('.'))
        })
    }
}

/// The extractor with its site rules; `Extractor::default()` has none.
#[derive(Debug, Clone, Default)]
pub struct Extractor {
    rules: Vec<SiteRule>,
}

impl Extractor {
    pub fn new(rules: Vec<SiteRule>) -> Self {
        Extractor { rules }
    }

    pub fn rules(&self) -> &[SiteRule] {
        &self.rules
    }

    pub fn extract(&self, html: &str, url: Option<&Url>) -> Article {
        let rule = url.and_then(|u| self.rules.iter().find(|r| r.applies_to(u)));
        let keep = if rule.is_some() {
            limits::Attributes::All
        } else {
            limits::Attributes::Read
        };
        let prepared = limits::prepare(html, keep);
        let parsed = parse::document(&prepared.html, parse::MAX_NODES);
        let mut truncated = prepared.cuts;
        if parsed.refused && !truncated.contains(&Cut::Nodes) {
            truncated.push(Cut::Nodes);
        }
        let doc = parsed.doc;
        let meta = meta::read(&doc);
        let site = url
            .and_then(|u| u.host_str().map(str::to_string))
            .or_else(|| meta.canonical_host.clone())
            .or_else(|| meta.link_host.clone());
        let dom = Dom::build(doc.tree.root(), site.as_deref());
        let blocks = body(&doc, &dom, &meta, rule);
        Article {
            title: meta.title,
            byline: meta.byline,
            published: meta.published,
            lang: meta.lang,
            text: text::to_text(&blocks),
            html_fragment: text::to_html(&blocks),
            truncated,
        }
    }
}

/// Extracts the article of a page with no site rules.
pub fn extract(html: &str, url: Option<&Url>) -> Article {
    Extractor::default().extract(html, url)
}

/// Plain text of an HTML fragment (a feed item's description or content): paragraphs
/// separated by blank lines, list items on their own lines, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let html = &limits::prepare(html, limits::Attributes::Read).html;
    if !html.contains(['<', '&']) {
        return html.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let doc = parse::fragment(html, parse::MAX_NODES).doc;
    let dom = Dom::build(doc.tree.root(), None);
    let dead = vec![false; dom.len()];
    let roots: Vec<usize> = (0..dom.len())
        .filter(|&i| dom.parent(i).is_none())
        .collect();
    text::to_text(&text::render(&dom, &dead, &roots))
}

fn body(doc: &Html, dom: &Dom<'_>, meta: &meta::Meta, rule: Option<&SiteRule>) -> Vec<Block> {
    let ctx = Context::new(dom);
    let mut base_dead = vec![false; dom.len()];
    let mut forced = Vec::new();
    if let Some(rule) = rule {
        let index: HashMap<ego_tree::NodeId, usize> = dom
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.src, i))
            .collect();
        for sel in &rule.exclude {
            for el in doc.select(sel) {
                if let Some(&i) = index.get(&el.id()) {
                    clean::kill(dom, &mut base_dead, i);
                }
            }
        }
        if let Some(sel) = &rule.body {
            for el in doc.select(sel) {
                if let Some(&i) = index.get(&el.id())
                    && !base_dead[i]
                    && forced.last().is_none_or(|&f| i >= dom.end(f))
                {
                    forced.push(i);
                }
            }
        }
    }
    let boosts: Vec<usize> = (0..dom.len())
        .filter(|&i| dom.nodes[i].tag == Tag::Article || ctx.marks[i].is_article_body())
        .collect();

    let mut best: (usize, Vec<Block>) = (0, Vec::new());
    // The first attempt's text and what it removed before scoring.
    let mut first: Option<(usize, Vec<bool>)> = None;
    for flags in Flags::ATTEMPTS {
        let mut dead = base_dead.clone();
        clean::prune(dom, &ctx, flags, &mut dead);
        let pruned = first.is_none().then(|| dead.clone());
        let stats = stats::measure(dom, &dead);
        let roots = if forced.is_empty() {
            let boosts = score::Boosts { nodes: &boosts };
            match score::select(
                dom,
                &ctx.marks,
                &dead,
                &stats,
                flags.weight_classes,
                &boosts,
            ) {
                Some(sel) => sel.roots,
                None => break,
            }
        } else {
            forced.clone()
        };
        clean::tidy(
            dom,
            &ctx.marks,
            &stats,
            &roots,
            flags,
            &meta.title,
            &mut dead,
        );
        let mut blocks =
            lines::trim_tail(lines::drop_boilerplate(text::render(dom, &dead, &roots)));
        drop_title(&mut blocks, &meta.title);
        let chars: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
        let keeps_first = first.as_ref().is_some_and(|(first_chars, first_dead)| {
            *first_chars >= MIN_FIRST_CHARS
                && chars < first_chars * FIRST_OUTWEIGHED
                && is_furniture(dom, &ctx, &dead, first_dead, &roots)
        });
        if chars > best.0 && !keeps_first {
            best = (chars, blocks);
        }
        if let Some(pruned) = pruned {
            first = Some((chars, pruned));
        }
        if best.0 >= MIN_BODY_CHARS {
            break;
        }
    }
    match json_ld_body(meta, dom, best.0) {
        Some(blocks) => blocks,
        None => best.1,
    }
}

/// A less strict attempt's body that is mostly what the first attempt removed as furniture,
/// in containers whose class does not call them content: a short post's comments or
/// sidebar, found only because the strict attempt's short article fell under
/// `MIN_BODY_CHARS`. A page that misuses a furniture class for its article still gets the
/// less strict attempt's body when the first found almost nothing, or when the body is
/// an order of magnitude longer or marked as content.
fn is_furniture(
    dom: &Dom<'_>,
    ctx: &Context,
    dead: &[bool],
    first_dead: &[bool],
    roots: &[usize],
) -> bool {
    let weight: f32 = roots.iter().map(|&r| ctx.marks[r].class_weight()).sum();
    if weight > 0.0 {
        return false;
    }
    let (mut all, mut removed) = (0u32, 0u32);
    for &r in roots {
        for j in r..dom.end(r) {
            if !dead[j] && dom.nodes[j].tag == Tag::Text {
                all += dom.nodes[j].chars;
                if first_dead[j] {
                    removed += dom.nodes[j].chars;
                }
            }
        }
    }
    all > 0 && removed as f32 >= MIN_FURNITURE_SHARE * all as f32
}

/// The JSON-LD `articleBody`, when the DOM gave much less than it and the page's own text
/// confirms it (so a stale or foreign body in the metadata is not trusted).
fn json_ld_body(meta: &meta::Meta, dom: &Dom<'_>, dom_chars: usize) -> Option<Vec<Block>> {
    let raw = meta.json_ld_body.as_deref()?;
    let body = if raw.contains('<') {
        html_to_text(raw)
    } else {
        raw.to_string()
    };
    let chars = body.chars().count();
    if chars < MIN_JSON_LD_CHARS || dom_chars * 2 >= chars {
        return None;
    }
    let page = clean::normalise(&dom.text_of(0, &vec![false; dom.len()]));
    let probe: String = clean::normalise(&body).chars().take(120).collect();
    if !page.contains(&probe) {
        return None;
    }
    let blocks = body
        .split('\n')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(Block::para)
        .collect();
    Some(lines::drop_boilerplate(blocks))
}

/// The headline repeated inside the body (in a `<strong>`, a styled div) is not body text.
fn drop_title(blocks: &mut Vec<Block>, title: &str) {
    let title = clean::normalise(title);
    if !title.is_empty() {
        blocks.retain(|b| clean::normalise(&b.text) != title);
    }
}

#[cfg(test)]
mod tests;
