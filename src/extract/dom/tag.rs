//! The element kinds of the flat view: which names the passes tell apart, how each is laid
//! out (block or inline), which break a `div` into paragraphs, and which are left out of the
//! view altogether. Names only: it never looks at attributes, text or other elements.

/// The element kinds the passes care about; everything else is `Inline` or `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::extract) enum Tag {
    Text,
    A,
    Article,
    Aside,
    Blockquote,
    Body,
    Br,
    Dd,
    Div,
    Dl,
    Dt,
    Figcaption,
    Figure,
    Footer,
    Form,
    H(u8),
    Header,
    Hr,
    Img,
    Li,
    Main,
    Nav,
    Ol,
    P,
    Pre,
    Section,
    Table,
    Td,
    Th,
    Tr,
    Ul,
    /// Other structural elements (`address`, `fieldset`, `tbody`, `center`, ...).
    Block,
    /// Phrasing content: `span`, `em`, `strong`, `code`, `time`, ...
    Inline,
    /// Interactive or decorative elements whose text is never article prose.
    Control,
    /// Unknown names, including custom elements; laid out like blocks.
    Other,
}

impl Tag {
    pub(in crate::extract) fn of(name: &str) -> Tag {
        match name {
            "a" => Tag::A,
            "article" => Tag::Article,
            "aside" => Tag::Aside,
            "blockquote" => Tag::Blockquote,
            "body" => Tag::Body,
            "br" => Tag::Br,
            "dd" => Tag::Dd,
            "div" => Tag::Div,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "figcaption" => Tag::Figcaption,
            "figure" => Tag::Figure,
            "footer" => Tag::Footer,
            "form" => Tag::Form,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "header" => Tag::Header,
            "hr" => Tag::Hr,
            "img" | "picture" => Tag::Img,
            "li" => Tag::Li,
            "main" => Tag::Main,
            "nav" | "menu" => Tag::Nav,
            "ol" => Tag::Ol,
            "p" => Tag::P,
            "pre" | "listing" | "xmp" => Tag::Pre,
            "section" => Tag::Section,
            "table" => Tag::Table,
            "td" => Tag::Td,
            "th" => Tag::Th,
            "tr" => Tag::Tr,
            "ul" => Tag::Ul,
            "address" | "center" | "details" | "dialog" | "dir" | "fieldset" | "hgroup"
            | "html" | "legend" | "summary" | "tbody" | "thead" | "tfoot" | "caption"
            | "noframes" => Tag::Block,
            "abbr" | "acronym" | "b" | "bdi" | "bdo" | "big" | "cite" | "code" | "data" | "del"
            | "dfn" | "em" | "font" | "i" | "ins" | "kbd" | "mark" | "nobr" | "q" | "rp" | "rt"
            | "ruby" | "s" | "samp" | "small" | "span" | "strike" | "strong" | "sub" | "sup"
            | "time" | "tt" | "u" | "var" | "wbr" | "label" => Tag::Inline,
            "button" | "input" | "select" | "option" | "optgroup" | "textarea" | "output"
            | "progress" | "meter" | "datalist" | "map" | "area" => Tag::Control,
            _ => Tag::Other,
        }
    }

    /// Starts a new line of text when rendered (table cells share their row's line).
    pub(in crate::extract) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Text
                | Tag::A
                | Tag::Inline
                | Tag::Br
                | Tag::Img
                | Tag::Control
                | Tag::Td
                | Tag::Th
        )
    }

    /// Elements that, found inside a `div`, stop it from being read as one paragraph
    /// (readability's DIV_TO_P_ELEMS).
    pub(in crate::extract) fn breaks_paragraph(self) -> bool {
        matches!(
            self,
            Tag::Blockquote
                | Tag::Dl
                | Tag::Div
                | Tag::Img
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Table
                | Tag::Ul
                | Tag::Section
                | Tag::Article
                | Tag::Figure
                | Tag::H(_)
                | Tag::Header
                | Tag::Footer
                | Tag::Aside
                | Tag::Nav
                | Tag::Form
                | Tag::Main
                | Tag::Other
        )
    }
}

/// Elements dropped while building the view: never visible text, never article prose.
pub(super) fn is_junk(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "canvas"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "video"
            | "audio"
            | "source"
            | "track"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "base"
            | "param"
    )
}
