//! Property tests: no query text makes parsing or compiling panic, and no article text makes
//! matching or explaining panic, whatever the query.

use super::*;
use crate::model::Alert;
use proptest::prelude::*;

/// Pieces queries are made of, so random queries reach deep into the parser rather than
/// failing on the first character.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("AND".to_string()),
        Just("OR".to_string()),
        Just("NOT".to_string()),
        Just("NEAR/3".to_string()),
        Just("NEAR/".to_string()),
        Just("NEAR".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("«".to_string()),
        Just("-".to_string()),
        Just("*".to_string()),
        Just("title:".to_string()),
        Just("body:".to_string()),
        Just(" ".to_string()),
        Just("swap*".to_string()),
        Just("P.O.W.s".to_string()),
        Just("полонені".to_string()),
        Just("cross-border".to_string()),
        "[a-zA-Z]{1,6}",
        any::<char>().prop_map(String::from),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.join(" "))
}

fn glued_query() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

fn spec(query: String) -> WatchlistSpec {
    WatchlistSpec {
        id: "p".into(),
        title: String::new(),
        query,
        aliases: vec![vec!["swap".into(), "обмін*".into()]],
        alert: Alert::Digest,
        min_score: 0.0,
        ..Default::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsing_arbitrary_text_never_panics(q in any::<String>()) {
        let _ = parse::parse(&q);
    }

    #[test]
    fn parsing_query_like_text_never_panics(q in query(), g in glued_query()) {
        let _ = parse::parse(&q);
        let _ = parse::parse(&g);
        let _ = WatchSet::compile(&[spec(q), spec(g)]);
    }

    #[test]
    fn errors_point_inside_the_query(q in query()) {
        if let Err(e) = parse::parse(&q) {
            prop_assert!(e.offset <= q.chars().count(), "{e:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn matching_arbitrary_text_never_panics(q in query(), title in any::<String>(), body in any::<String>()) {
        if let Ok(ws) = WatchSet::compile(&[spec(q)]) {
            for m in ws.matches(&title, &body) {
                for s in &m.snippets {
                    for [a, b] in &s.marks {
                        prop_assert!(s.text.get(*a..*b).is_some());
                    }
                }
            }
            let _ = ws.explain(&title, &body);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Plain ASCII words come out lowercased and cut at every other character.
    #[test]
    fn ascii_words_are_cut_and_lowercased(text in "[a-zA-Z0-9 ,;:!?()/-]{0,80}") {
        let words: Vec<String> = tokens(&text).into_iter().map(|t| t.word).collect();
        let lower = text.to_ascii_lowercase();
        let expected: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        prop_assert_eq!(words, expected);
    }
}
