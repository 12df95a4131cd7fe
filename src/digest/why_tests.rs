//! Issue 18's digest: why a story matched (the clauses that held, the words that mattered
//! first), snippets cut at a word, a story two watchlists share told once, and watchlists
//! named by their titles.

use super::tests::{one_story, utc};
use super::*;
use crate::model::{Decide, ModelVerdict, PendingMatch, PushedWord};

fn pending(id: i64, watchlist: &str, cluster: i64, title: &str) -> PendingMatch {
    PendingMatch {
        match_id: id,
        watchlist: watchlist.into(),
        article_id: id,
        cluster_id: cluster,
        outlet: "Outlet".into(),
        title: title.into(),
        url: format!("https://example.org/{id}"),
        published: Some(utc(2023, 6, 4, 9, 0)),
        seen_at: utc(2023, 6, 4, 9, 5),
        score: 3.0,
        terms: vec!["exchange".into()],
        snippet: "The sides agreed an exchange.".into(),
        marks: Vec::new(),
        label: None,
        sent_before: None,
        alerted_at: None,
        model: None,
        clauses: vec!["exchange NEAR/8 prisoners".into()],
    }
}

fn watchlists(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(id, title)| (id.to_string(), title.to_string()))
        .collect()
}

#[test]
fn the_clauses_that_held_say_why_headline_first() {
    let mut d = one_story(
        "Prisoner exchange agreed",
        "Outlet",
        "https://example.org/a",
        "The sides agreed to exchange prisoners.",
        &["exchange", "prisoners"],
    );
    d.sections[0].stories[0].clauses = vec![
        "exchange NEAR/8 prisoners".into(),
        "\"prisoner exchange\"".into(),
    ];
    let r = render(&d);
    let why = "Why: \"prisoner exchange\" in the headline; (exchange NEAR/8 prisoners)";
    assert!(r.text.contains(why), "{}", r.text);
    assert!(r.html.contains(&html::escape(why)), "{}", r.html);

    // A clause on the headline says so; past two, the rest are counted.
    d.sections[0].stories[0].clauses = ["title:POW", "swap", "freed NEAR/10 swap", "a", "b"]
        .map(String::from)
        .to_vec();
    let text = render(&d).text;
    assert!(
        text.contains("Why: POW in the headline; swap; and 3 more"),
        "{text}"
    );
}

#[test]
fn terms_that_mattered_most_come_first() {
    let mut d = one_story(
        "Exchange of captives",
        "Outlet",
        "https://example.org/a",
        "",
        &["swap", "returned", "captives", "Exchange"],
    );
    assert!(
        render(&d)
            .text
            .contains("Matched: captives, Exchange, swap, returned"),
        "headline words first"
    );
    // The model made the match: the words it weighed most follow the headline's.
    d.sections[0].stories[0].model = Some(ModelVerdict {
        probability: 0.9,
        threshold: 0.5,
        decide: Decide::QueryOrModel,
        query: false,
        words: vec![
            PushedWord {
                word: "returned".into(),
                weight: 1.5,
            },
            PushedWord {
                word: "swap".into(),
                weight: 0.7,
            },
        ],
        partial: false,
    });
    let text = render(&d).text;
    assert!(
        text.contains("Matched: captives, Exchange, returned, swap"),
        "{text}"
    );
}

#[test]
fn snippets_are_cut_between_words_never_inside_one() {
    // The only space is early on: the cut falls there, not inside the long word.
    let long = format!("Captives freed {}", "x".repeat(MAX_SNIPPET_CHARS + 50));
    assert_eq!(snippet(&long), "Captives freed …");
    // A word that ends right at the limit is kept whole.
    assert_eq!(cut("aa bb cc", 5), "aa bb …");
    // Without a space, the cut follows a char that is not part of a word.
    assert_eq!(cut("abc-defghijk", 6), "abc- …");
    let d = one_story("t", "Outlet", "https://example.org/a", &long, &[]);
    assert!(render(&d).text.contains("Captives freed …\n"));
}

#[test]
fn a_story_under_two_watchlists_is_told_once_and_named_under_the_other() {
    let title = "Raiders offer captives for exchange";
    let lists = watchlists(&[
        ("pow-exchange", "Prisoner-of-war exchanges"),
        ("cross-border-incursion", "Cross-border incursions"),
    ]);
    let mut raid = pending(2, "cross-border-incursion", 7, title);
    raid.article_id = 1; // the same article, matched by the second watchlist too
    let d = build(
        "daily",
        "UTC",
        &lists,
        vec![
            pending(1, "pow-exchange", 7, title),
            raid,
            pending(3, "cross-border-incursion", 8, "Border post shelled"),
        ],
        utc(2023, 6, 5, 4, 0),
    );
    assert_eq!(d.match_ids, [1, 2, 3], "every match is claimed");
    let r = render(&d);
    assert_eq!(
        r.subject,
        "newshound daily, 5 Jun 2023: 2 stories (Prisoner-of-war exchanges 1, Cross-border \
         incursions 1)"
    );
    // The text as read, line breaks of the wrapping aside.
    let text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(text.matches(title).count(), 2, "{}", r.text);
    assert!(
        text.contains(&format!(
            "Also under Prisoner-of-war exchanges, story 1: {title}"
        )),
        "{}",
        r.text
    );
    assert!(
        text.contains(
            "Prisoner-of-war exchanges: 1 story · Cross-border incursions: 1 story, 1 told above"
        ),
        "{}",
        r.text
    );
    assert!(r.html.contains("<div id=\"story-7\""), "{}", r.html);
    assert!(
        r.html.contains(&format!(
            "Also under Prisoner-of-war exchanges: <a href=\"#story-7\" style=\"color:#0b57d0;\">{title}</a>"
        )),
        "{}",
        r.html
    );
}

#[test]
fn subject_and_summary_name_watchlists_by_title_or_else_id() {
    let lists = watchlists(&[("pow-exchange", "Prisoner-of-war exchanges"), ("raid", "")]);
    let d = build(
        "daily",
        "UTC",
        &lists,
        vec![
            pending(1, "pow-exchange", 1, "a"),
            pending(2, "pow-exchange", 2, "b"),
            pending(3, "raid", 3, "c"),
        ],
        utc(2023, 6, 5, 4, 0),
    );
    let r = render(&d);
    assert_eq!(
        r.subject,
        "newshound daily, 5 Jun 2023: 3 stories (Prisoner-of-war exchanges 2, raid 1)"
    );
    assert!(
        r.text
            .contains("Prisoner-of-war exchanges: 2 stories · raid: 1 story"),
        "{}",
        r.text
    );
}
