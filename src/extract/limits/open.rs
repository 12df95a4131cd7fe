//! A model of the HTML parser's stack of open elements, as rough as it can be while never
//! letting the real stack grow much deeper than the model says. The scan before parsing uses
//! it to find where a page nests too deep (html5ever's time grows with the depth of its
//! stack times the number of tags). Counting every end tag as a close would be fooled by end
//! tags the parser ignores (`<div><table></div></table>` nests a div per round while a plain
//! count stays at zero), so an end tag here closes only what the standard's tree builder is
//! sure to close: the same name, in scope, with nothing in between that would stop it.
//! Elements that close themselves (`p`, `li`, `td`, ...) are not counted, as before: they
//! cannot nest without a counted element between them.
//!
//! Every operation is O(1) amortised: each name keeps the positions of its open entries, so no
//! search walks the stack.

use rustc_hash::FxHashMap;

/// What the model needs to know about an element name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Phrasing and unknown elements (`span`, custom elements): an end tag closes the latest
    /// one only when no special element lies above it.
    Ordinary,
    /// The formatting elements the adoption agency closes (`b`, `font`, `em`, ...).
    Formatting,
    /// `a` and `nobr`, formatting elements whose start tag first closes the one still open.
    Anchor,
    /// The standard's "special" elements (`div`, `section`, `ul`, ...): their end tag closes
    /// the latest one in scope and everything above it.
    Special,
    /// Special elements that also bound the default scope (`table`, `object`, ...).
    Boundary,
    /// `form`, whose end tag removes the form alone.
    Form,
    /// `h1`-`h6`: a heading's start tag closes a heading left open just before it.
    Heading,
}

impl Kind {
    /// The kind of a lower-case element name; names longer than the scan's buffer (custom
    /// elements) arrive empty and are ordinary.
    pub(super) fn of(name: &[u8]) -> Kind {
        match name {
            b"a" | b"nobr" => Kind::Anchor,
            b"b" | b"big" | b"code" | b"em" | b"font" | b"i" | b"s" | b"small" | b"strike"
            | b"strong" | b"tt" | b"u" => Kind::Formatting,
            b"applet" | b"caption" | b"html" | b"table" | b"td" | b"th" | b"marquee"
            | b"object" | b"template" => Kind::Boundary,
            b"form" => Kind::Form,
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Kind::Heading,
            b"address" | b"article" | b"aside" | b"blockquote" | b"body" | b"button"
            | b"center" | b"details" | b"dialog" | b"dir" | b"div" | b"dl" | b"fieldset"
            | b"figcaption" | b"figure" | b"footer" | b"frameset" | b"header" | b"hgroup"
            | b"listing" | b"main" | b"menu" | b"nav" | b"ol" | b"pre" | b"search" | b"section"
            | b"select" | b"summary" | b"ul" => Kind::Special,
            _ => Kind::Ordinary,
        }
    }

    /// Laid out as a block: flattening it leaves a line break in its place.
    pub(super) fn is_block(self) -> bool {
        self.is_special()
    }

    fn is_special(self) -> bool {
        !matches!(self, Kind::Ordinary | Kind::Formatting | Kind::Anchor)
    }
}

/// A hash of the whole name, in lower case, so long custom element names match their end
/// tags too.
pub(super) fn name_key(name: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &c in name {
        h = (h ^ u64::from(c.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

struct Entry {
    key: u64,
    kind: Kind,
}

#[derive(Default)]
pub(super) struct Open {
    stack: Vec<Entry>,
    /// The stack positions of each name's entries, lowest first.
    by_name: FxHashMap<u64, Vec<u32>>,
    /// Positions of the special entries, and of those that bound the scope.
    specials: Vec<u32>,
    boundaries: Vec<u32>,
}

impl Open {
    pub(super) fn depth(&self) -> usize {
        self.stack.len()
    }

    /// A start tag of a counted element.
    pub(super) fn open(&mut self, key: u64, kind: Kind) {
        match kind {
            // A new `a` or `nobr` first closes the one still open, as their end tag would.
            Kind::Anchor => self.close(key, kind),
            // A heading opened inside a heading first closes it.
            Kind::Heading if self.stack.last().is_some_and(|e| e.kind == Kind::Heading) => {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
        let at = self.stack.len() as u32;
        self.by_name.entry(key).or_default().push(at);
        if kind.is_special() {
            self.specials.push(at);
        }
        if kind == Kind::Boundary {
            self.boundaries.push(at);
        }
        self.stack.push(Entry { key, kind });
    }

    /// An end tag of a counted element: closes what the parser is sure to close, else
    /// nothing (the model may then be deeper than the parser, never much shallower).
    pub(super) fn close(&mut self, key: u64, kind: Kind) {
        let Some(at) = self.by_name.get(&key).and_then(|v| v.last()).copied() else {
            return;
        };
        let boundary = self.boundaries.last().copied();
        let special = self.specials.last().copied();
        // Out of scope: a table, cell or object opened after it shields it.
        let in_scope = boundary.is_none_or(|b| b <= at);
        let close = match kind {
            // The parser closes these only through phrasing; past a special element the
            // adoption agency may rebuild as deep as before.
            Kind::Ordinary | Kind::Formatting | Kind::Anchor => {
                in_scope && special.is_none_or(|s| s <= at)
            }
            Kind::Form => at as usize + 1 == self.stack.len(),
            Kind::Special | Kind::Boundary | Kind::Heading => in_scope,
        };
        if close {
            self.pop_to(at as usize);
        }
    }

    /// Pops the entry at `at` and everything above it.
    fn pop_to(&mut self, at: usize) {
        while self.stack.len() > at {
            let Some(e) = self.stack.pop() else { break };
            let pos = self.stack.len() as u32;
            if let Some(v) = self.by_name.get_mut(&e.key) {
                v.pop();
            }
            if self.specials.last() == Some(&pos) {
                self.specials.pop();
            }
            if self.boundaries.last() == Some(&pos) {
                self.boundaries.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(tags: &[&str]) -> usize {
        let mut open = Open::default();
        for t in tags {
            let (closing, name) = match t.strip_prefix('/') {
                Some(n) => (true, n),
                None => (false, *t),
            };
            let (key, kind) = (name_key(name.as_bytes()), Kind::of(name.as_bytes()));
            if closing {
                open.close(key, kind);
            } else {
                open.open(key, kind);
            }
        }
        open.depth()
    }

    #[test]
    fn well_nested_markup_closes_fully() {
        let page = [
            "div",
            "section",
            "span",
            "b",
            "/b",
            "/span",
            "table",
            "div",
            "/div",
            "/table",
            "form",
            "/form",
            "h2",
            "/h2",
            "my-widget-component",
            "/my-widget-component",
            "/section",
            "/div",
        ];
        assert_eq!(run(&page), 0);
    }

    #[test]
    fn end_tags_the_parser_ignores_leave_the_element_open() {
        // `</div>` inside a table cannot close a div outside it.
        let round = ["div", "table", "/div", "/table"];
        assert_eq!(run(&round.repeat(50)), 50);
        // The adoption agency keeps the depth when a block sits inside the formatting element.
        let round = ["b", "div", "/b"];
        assert!(run(&round.repeat(50)) >= 50);
        // `</span>` does not cross a div.
        assert_eq!(run(&["span", "div", "/span"]), 2);
        // `</form>` removes only the form.
        assert_eq!(run(&["form", "div", "/form"]), 2);
    }

    #[test]
    fn end_tags_close_what_lies_above_them() {
        assert_eq!(run(&["div", "span", "em", "/div"]), 0);
        assert_eq!(run(&["a", "a", "a"]), 1);
        assert_eq!(run(&["b", "b", "b"]), 3);
        assert_eq!(run(&["h2", "h3", "/h3"]), 0);
        assert_eq!(run(&["span", "b", "/span"]), 0);
    }
}
