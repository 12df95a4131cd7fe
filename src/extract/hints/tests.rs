use super::*;
use scraper::Html;

fn marks_of(html: &str) -> Marks {
    let doc = Html::parse_fragment(html);
    let dom = Dom::build(doc.tree.root(), None);
    let first = (0..dom.len())
        .find(|&i| !matches!(dom.nodes[i].tag, Tag::Text | Tag::Block))
        .expect("an element");
    mark(&dom)[first]
}

#[test]
fn furniture_by_class_id_and_role() {
    for html in [
        r#"<div class="sidebar">x</div>"#,
        r#"<div id="comments">x</div>"#,
        r#"<div class="nav">x</div>"#,
        r#"<div class="x" id="newsletter-box">x</div>"#,
        r#"<div role="navigation">x</div>"#,
    ] {
        assert!(marks_of(html).is_unlikely(Tag::Div), "{html}");
    }
    for html in [
        r#"<div class="article-comments-content">x</div>"#,
        r#"<div class="canvas">x</div>"#,
        r#"<div class="navigate-story">x</div>"#,
        r#"<div>x</div>"#,
    ] {
        assert!(!marks_of(html).is_unlikely(Tag::Div), "{html}");
    }
    assert!(!marks_of(r#"<a class="sidebar">x</a>"#).is_unlikely(Tag::A));
}

#[test]
fn class_weights_add_per_attribute() {
    assert_eq!(
        marks_of(r#"<div class="post-body">x</div>"#).class_weight(),
        25.0
    );
    assert_eq!(
        marks_of(r#"<div class="post-body" id="main">x</div>"#).class_weight(),
        50.0
    );
    assert_eq!(
        marks_of(r#"<div class="widget">x</div>"#).class_weight(),
        -25.0
    );
    assert_eq!(
        marks_of(r#"<div class="social-media-embed">x</div>"#).class_weight(),
        0.0
    );
    assert_eq!(
        marks_of(r#"<div class="comment-content">x</div>"#).class_weight(),
        0.0
    );
}

#[test]
fn hidden_elements() {
    for html in [
        r#"<div hidden>x</div>"#,
        r#"<div aria-hidden="true">x</div>"#,
        r#"<div style="color: red; DISPLAY : none">x</div>"#,
        r#"<div style="visibility:hidden">x</div>"#,
        r#"<span class="a sr-only">x</span>"#,
    ] {
        assert!(marks_of(html).is_hidden(), "{html}");
    }
    for html in [
        r#"<div aria-hidden="false">x</div>"#,
        r#"<div class="unhidden-text">x</div>"#,
        r#"<div id="hidden">x</div>"#,
    ] {
        assert!(!marks_of(html).is_hidden(), "{html}");
    }
}

#[test]
fn widgets_inside_the_body() {
    assert!(marks_of(r#"<div class="share-bar">x</div>"#).is_share());
    assert!(!marks_of(r#"<div class="shared-embed">x</div>"#).is_share());
    assert!(marks_of(r#"<span class="byline">x</span>"#).is_meta_line());
    assert!(marks_of(r#"<span itemprop="author">x</span>"#).is_meta_line());
    assert!(marks_of(r#"<a rel="author">x</a>"#).is_meta_line());
    assert!(marks_of(r#"<p class="wp-caption-text">x</p>"#).is_caption());
    assert!(marks_of(r#"<div itemprop="articleBody">x</div>"#).is_article_body());
    assert!(!marks_of(r#"<p class="update">x</p>"#).is_meta_line());
    assert!(marks_of(r#"<div class="post-date">x</div>"#).is_meta_line());
    assert!(!marks_of(r#"<div class="candidate">x</div>"#).is_meta_line());
    let shared = marks_of(r#"<div class="sharebutton">x</div>"#);
    assert!(!shared.is_share() && shared.class_weight() < 0.0 && !shared.is_unlikely(Tag::Div));
    assert!(marks_of(r#"<div class="Share_Bar">x</div>"#).is_unlikely(Tag::Div));
}
