use super::*;
use crate::extract::dom::Dom;
use scraper::Html;

/// What the view sees — its elements, the attributes it reads, its text — which dropping
/// invisible spans and unread attributes must not change.
fn seen(html: &str) -> String {
    let doc = Html::parse_document(html);
    let dom = Dom::build(doc.tree.root(), None);
    let mut out = String::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, n) in dom.nodes.iter().enumerate() {
        while open.last().is_some_and(|&o| dom.end(o) <= i) {
            open.pop();
            out.push(')');
        }
        if n.tag == crate::extract::dom::Tag::Text {
            out.push_str(n.text);
            continue;
        }
        let a = &n.attrs;
        out.push_str(&format!(
            "({:?}[{}|{}|{}|{}|{}|{}|{}|{}] ",
            n.tag, a.class, a.id, a.href, a.style, a.role, a.itemprop, a.rel, a.hidden
        ));
        open.push(i);
    }
    out
}

fn prepare(html: &str) -> String {
    super::prepare(html, Attributes::Read).html
}

#[test]
fn drops_only_what_no_reader_sees() {
    let pages = [
        "<html><head><title>a<b</title><script>if (a<b && c</d) {}</script></head>\
         <body><p>one<p>two<br><img src=x><div><span>x</span></div><!-- <div> --></body>",
        "<p>before<script type=\"text/javascript\">var s = '<p>not text</p>';</script>after",
        "<p>a<!-->b<!--->c<!---->d<!-- x --!>e<!-- y -- >z -->f",
        "<style>p::after { content: '</p>' }</style><p>styled</p><STYLE>x</Style >y",
        "<p>x<noscript><img src=pixel></noscript>y</p>",
        "<p>icon<svg viewBox=\"0 0 1 1\"><svg><path d=\"M0 0\"/></svg><title>Share</title></svg>text",
        "<p>a<svg><p>breaks out of the svg</p></svg>b",
        "<p>t<textarea><script>not a script</textarea>u<title><!-- not a comment</title>v",
        "<p>one<script-loader>custom element text</script-loader>two",
        "<p>x<script><!-- document.write('<script>y()</script>'); --></script>after",
        "<p>x<script><!--></script>closed<script><!-- a --></script>b",
        "<p>x<plaintext><script>shown</script>",
        "<p>before<script>never closed <p>hidden",
        "<p>before<!-- never closed <p>hidden",
        "<p>a<div title=\"x>y\">b</div><a href='>'>c</a>",
        "<p>x<![CDATA[ <script> ]]>shown</script>y<? <style> ?>z</style>",
        "<div data-x=\"1\"class=a id = 'b' data-y=2 href=/c/ hidden onclick=\"f('>')\">t</div>",
        "<div =x data-a=b/ CLASS=\"k\" style=color:red/>t</div><br data-x=1/>u",
        "<a href=x data-y=>t</a><a data-z href='h'>u</a>",
        "<p>a<svg><p>b<div/>c</svg>d",
        "<p>a<math><mi>x</mi><mo><</mo></math>b",
        "<p>a<svg><g><title>never closed",
        "<p>a<svg><script>s()</script><g>x</g></svg>b",
    ];
    for page in pages {
        let prepared = prepare(page);
        assert_eq!(seen(&prepared), seen(page), "{page:?} became {prepared:?}");
    }
}

#[test]
fn keeps_json_ld_and_drops_other_scripts() {
    let page = "<head><script type=\"application/ld+json\">{\"articleBody\":\"b\"}</script>\
                <script>var big = 1;</script><script type=application/json>{}</script></head>";
    let prepared = prepare(page);
    assert!(prepared.contains("articleBody"), "{prepared}");
    assert!(
        !prepared.contains("big") && !prepared.contains("{}"),
        "{prepared}"
    );
}

#[test]
fn ordinary_markup_is_untouched() {
    let page = "<html><head><title>a<b</title></head>\
                <body><p>one<p>two<br><img><div class=x><span>x</span></div>";
    assert_eq!(prepare(page), page);
    let sloppy = "<p>x".repeat(10_000);
    assert_eq!(prepare(&sloppy), sloppy);
}

#[test]
fn drops_unread_attributes_unless_asked_to_keep_them() {
    let page = "<div data-track=\"x\" class=\"a\" srcset='1x' id=b>t</div>";
    assert_eq!(prepare(page), "<div  class=\"a\"  id=b>t</div>");
    assert_eq!(super::prepare(page, Attributes::All).html, page);
}

#[test]
fn absurd_nesting_is_flattened_and_its_text_kept() {
    for open in [
        "<div>",
        "<div/>",
        "<svg><p><div/>",
        "<span class=x>",
        "<div data-x=1>",
        "<div><table></div></table>",
    ] {
        let deep = format!("<body>{}text at the bottom", open.repeat(10_000));
        let cut = super::prepare(&deep, Attributes::Read);
        assert!(cut.html.ends_with("text at the bottom"), "{open}");
        assert_eq!(cut.cuts, [Cut::Nesting], "{open}");
        assert!(
            cut.html
                .matches("<div")
                .count()
                .max(cut.html.matches("<span").count())
                <= MAX_NESTING,
            "{open}"
        );
    }
    // Below the bound nothing changes and nothing is recorded.
    let page = format!("<body>{}x{}", "<div>".repeat(100), "</div>".repeat(100));
    let kept = super::prepare(&page, Attributes::Read);
    assert_eq!((kept.html.as_str(), kept.cuts.len()), (page.as_str(), 0));
    let svg = format!(
        "<svg><g>{}</g></svg><p>kept",
        "<path d=\"M0\"/>".repeat(10_000)
    );
    assert!(prepare(&format!("<math>{svg}")).ends_with("<p>kept"));
}

#[test]
fn flattened_blocks_leave_line_breaks_and_the_text_after_them_its_place() {
    let deep = "<div>".repeat(MAX_NESTING);
    let page = format!("<body>{deep}<div>one</div><div>two</div><span>three</span></body>");
    let cut = prepare(&page);
    assert!(
        cut.ends_with("<br>one<br><br>two<br>three</body>"),
        "{}",
        &cut[cut.len() - 60..]
    );
}

#[test]
fn a_page_of_too_many_tags_is_cut_and_says_so() {
    let page = "<p>x".repeat(MAX_TAGS + 10);
    let cut = super::prepare(&page, Attributes::Read);
    assert_eq!(cut.cuts, [Cut::Nodes]);
    assert_eq!(cut.html.matches("<p>").count(), MAX_TAGS);
    let page = "<p>x".repeat(1000);
    assert!(super::prepare(&page, Attributes::Read).cuts.is_empty());
}

#[test]
fn never_panics_at_the_edges() {
    for page in [
        "<",
        "<!",
        "<!-",
        "<!--",
        "</",
        "<script",
        "<script>",
        "<script><!--",
        "<svg",
        "<svg><",
        "<style",
        "<a b='",
        "<a b=\"x",
        "<title>",
        "</script",
        "<\u{e9}>",
    ] {
        let _ = prepare(page);
    }
}

#[test]
fn giant_pages_are_cut_on_a_char_boundary() {
    let page = format!("<p>{}", "é".repeat(MAX_HTML_BYTES));
    let cut = super::prepare(&page, Attributes::Read);
    assert_eq!(cut.cuts, [Cut::Size]);
    let cut = cut.html;
    assert!(cut.len() <= MAX_HTML_BYTES && cut.len() > MAX_HTML_BYTES - 2);
}
