use super::*;
use crate::extract::stats;
use scraper::Html;

/// The text left of `body` after pruning and, with `roots` taken as the whole body element,
/// tidying with the first attempt's flags and `title`.
fn cleaned(body: &str, title: &str) -> String {
    let doc = Html::parse_document(&format!("<html><body>{body}</body></html>"));
    let dom = Dom::build(doc.tree.root(), Some("example.org"));
    let ctx = Context::new(&dom);
    let flags = Flags::ATTEMPTS[0];
    let mut dead = vec![false; dom.len()];
    prune(&dom, &ctx, flags, &mut dead);
    let stats = stats::measure(&dom, &dead);
    let root = (0..dom.len())
        .find(|&i| dom.nodes[i].tag == Tag::Body)
        .expect("body");
    tidy(&dom, &ctx.marks, &stats, &[root], flags, title, &mut dead);
    let text: String = (0..dom.len())
        .filter(|&i| dom.nodes[i].tag == Tag::Text && !dead[i])
        .map(|i| dom.nodes[i].text)
        .collect::<Vec<_>>()
        .join(" ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const PROSE: &str = "<p>Officials said on Monday, after long talks in the city, that the \
                     exchange would go ahead, and that more would follow soon.</p>";

#[test]
fn page_furniture_is_pruned_before_scoring() {
    let body = format!(
        "<nav>Home News</nav><aside>Most read</aside><footer>Contact</footer>\
         <div style=\"display:none\">hidden text</div><div class=\"sidebar\">side</div>\
         <div role=\"dialog\">cookie wall</div><form><input value=\"q\">search</form>{PROSE}"
    );
    let text = cleaned(&body, "");
    assert!(text.starts_with("Officials said"), "{text}");
    for junk in [
        "Home",
        "Most read",
        "Contact",
        "hidden",
        "side",
        "cookie",
        "search",
    ] {
        assert!(!text.contains(junk), "{junk:?} in {text}");
    }
}

#[test]
fn the_article_itself_is_protected_from_class_words() {
    // A site that calls its article container "comment-body" and wraps the page in a form.
    let body = format!(
        "<form id=\"aspnetForm\"><div class=\"comment-body\"><article>{PROSE}{PROSE}{PROSE}\
         {PROSE}{PROSE}{PROSE}{PROSE}</article></div></form>"
    );
    let text = cleaned(&body, "");
    assert!(text.starts_with("Officials said"), "{text}");
}

#[test]
fn widgets_inside_the_body_are_tidied_away() {
    let body = format!(
        "<h1>Talks resume in Istanbul</h1><div class=\"byline\">By Jane Doe</div>{PROSE}\
         <div class=\"share-tools\"><a href=\"/fb\">Facebook</a> <a href=\"/x\">X</a></div>\
         <figure><img src=\"x.jpg\"><figcaption>A caption</figcaption></figure>\
         <p class=\"wp-caption-text\">Photo: Reuters</p>{PROSE}"
    );
    let text = cleaned(&body, "Talks resume in Istanbul");
    assert_eq!(text.matches("Officials said").count(), 2, "{text}");
    for junk in [
        "Talks resume",
        "Jane Doe",
        "Facebook",
        "Another story",
        "caption",
        "Reuters",
    ] {
        assert!(!text.contains(junk), "{junk:?} in {text}");
    }
}

#[test]
fn prose_with_a_few_links_stays() {
    let body = "<div><p>The ministry <a href=\"https://other.example/report\">published a report</a> \
                on Monday, saying the exchange, the first in months, went ahead as planned.</p>\
                <p>More followed, officials said, and talks would continue next week.</p></div>";
    let text = cleaned(body, "");
    assert!(
        text.contains("published a report") && text.contains("More followed"),
        "{text}"
    );
}

#[test]
fn titles_compare_by_letters_and_digits() {
    assert_eq!(normalise("Talks, resume — in 2024!"), "talksresumein2024");
    // A heading may add or lose a few characters; a fragment of the title is not the title.
    assert!(same_title(
        "talksresumeinistanbul",
        "talksresumeinistanbul2024"
    ));
    assert!(!same_title("talks", "talksresumeinistanbul"));
    assert!(!same_title("", "anything"));
}
