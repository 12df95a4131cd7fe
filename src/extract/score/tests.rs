use super::*;
use crate::extract::clean::{Context, Flags};
use crate::extract::stats;
use scraper::Html;

/// The text of the nodes `select` chooses on a page, after the first attempt's pruning.
fn chosen(body: &str) -> Vec<String> {
    let doc = Html::parse_document(&format!("<html><body>{body}</body></html>"));
    let dom = Dom::build(doc.tree.root(), Some("example.org"));
    let ctx = Context::new(&dom);
    let flags = Flags::ATTEMPTS[0];
    let mut dead = vec![false; dom.len()];
    crate::extract::clean::prune(&dom, &ctx, flags, &mut dead);
    let stats = stats::measure(&dom, &dead);
    let boosts: Vec<usize> = (0..dom.len())
        .filter(|&i| dom.nodes[i].tag == Tag::Article)
        .collect();
    let boosts = Boosts { nodes: &boosts };
    let sel = select(&dom, &ctx.marks, &dead, &stats, true, &boosts).expect("a selection");
    sel.roots
        .iter()
        .map(|&r| {
            dom.text_of(r, &dead)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn prose(tag: &str, n: usize) -> String {
    format!(
        "<p>{tag} paragraph {n}: officials said on Monday, after long talks, that the exchange \
         would go ahead, and that more would follow.</p>"
    )
}

#[test]
fn the_container_of_most_prose_wins_over_link_lists() {
    let body = format!(
        "<div id=\"a\"><p><a href=\"/1\">A headline of another story that goes on</a></p>\
         <p><a href=\"/2\">Another headline of another story, going on</a></p>\
         <p><a href=\"/3\">Yet another headline of a story, again long</a></p></div>\
         <div id=\"b\">{}{}{}</div>",
        prose("story", 1),
        prose("story", 2),
        prose("story", 3)
    );
    let got = chosen(&body);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("story paragraph 1") && got[0].contains("paragraph 3"));
}

#[test]
fn class_words_tip_the_balance() {
    // The same prose twice: readability's class weights decide.
    let body = format!(
        "<div class=\"widget\">{}{}</div><div class=\"story-text\">{}{}</div>",
        prose("widget", 1),
        prose("widget", 2),
        prose("story", 1),
        prose("story", 2)
    );
    let got = chosen(&body);
    assert!(got.iter().all(|t| !t.contains("widget")), "{got:?}");
    assert!(
        got.iter().any(|t| t.contains("story paragraph 2")),
        "{got:?}"
    );
}

#[test]
fn siblings_that_continue_the_story_are_merged() {
    // The article split in two containers around an ad slot, as CMSs lay out long stories.
    let body = format!(
        "<div id=\"wrap\"><div class=\"part\">{}{}{}</div><div class=\"slot\"><a href=\"/ad\">Ad</a></div>\
         <div class=\"part\">{}{}</div><p>A closing line of the story, told plainly, ends it.</p></div>",
        prose("first", 1),
        prose("first", 2),
        prose("first", 3),
        prose("second", 1),
        prose("second", 2)
    );
    let got = chosen(&body).join(" | ");
    assert!(got.contains("first paragraph 1"), "{got}");
    assert!(got.contains("second paragraph 2"), "{got}");
    assert!(got.contains("A closing line"), "{got}");
    assert!(!got.contains("Ad |") && !got.ends_with("Ad"), "{got}");
}

#[test]
fn short_sentences_need_a_full_stop_to_join() {
    assert!(ends_sentence("It ended. "));
    assert!(ends_sentence("One. Two"));
    assert!(!ends_sentence("Read more"));
}
