//! How a watchlist's query and its learned model decide together, and how a match the model
//! made reads: the model's score and the article's words that pushed it, beside whatever the
//! query found.

use super::model::{ModelScore, Push};
use super::snippet::passage;
use crate::model::{Decide, Match, ModelVerdict, PushedWord, WatchlistSpec};

/// Whether the watchlist matches, given the query's verdict (held and reached min_score) and
/// the model's probability, as its `decide`, `threshold` and `veto` say.
pub fn decides(spec: &WatchlistSpec, query: bool, probability: f64) -> bool {
    let model = probability >= spec.threshold;
    match spec.decide {
        Decide::Query => query,
        Decide::Model => model,
        Decide::QueryAndModel => query && model,
        Decide::QueryOrModel => model || (query && probability >= spec.veto),
    }
}

/// The model's part of a match or an explanation.
pub fn verdict(s: &ModelScore, how: Decide, query: bool, threshold: f64) -> ModelVerdict {
    ModelVerdict {
        probability: s.probability,
        threshold,
        decide: how,
        query,
        words: s
            .pushes
            .iter()
            .map(|p| PushedWord {
                word: p.word.clone(),
                weight: p.weight,
            })
            .collect(),
        partial: s.truncated,
    }
}

/// A match the query did not make: its terms are the words that pushed the model towards
/// the topic, its passage is taken around the strongest of them, with all of them marked.
pub fn model_match(watchlist: &str, score: f64, s: &ModelScore, title: &str, body: &str) -> Match {
    let towards: Vec<&Push> = s.pushes.iter().filter(|p| p.weight > 0.0).collect();
    // The passage comes from the body unless only the title carries such words.
    let in_body = towards.iter().any(|p| !p.at.0);
    let (text, marks): (&str, Vec<_>) = if in_body {
        (
            body,
            towards
                .iter()
                .filter(|p| !p.at.0)
                .map(|p| p.at.1.clone())
                .collect(),
        )
    } else {
        (title, towards.iter().map(|p| p.at.1.clone()).collect())
    };
    let snippet = marks
        .first()
        .map(|first| passage(text, first.clone(), &marks))
        .unwrap_or_default();
    Match {
        watchlist: watchlist.to_string(),
        score,
        terms: towards.iter().map(|p| p.word.clone()).collect(),
        snippet: snippet.text.clone(),
        marks: snippet.marks.clone(),
        clauses: Vec::new(),
        snippets: if snippet.text.is_empty() {
            Vec::new()
        } else {
            vec![snippet]
        },
        model: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(decide: Decide, veto: f64) -> WatchlistSpec {
        WatchlistSpec {
            decide,
            threshold: 0.5,
            veto,
            ..WatchlistSpec::default()
        }
    }

    #[test]
    fn each_way_of_deciding_reads_as_documented() {
        // (query, model): (yes, sure), (no, sure), (yes, doubtful), (yes, against), (no, against)
        let cases = [
            (Decide::Query, [true, false, true, true, false]),
            (Decide::Model, [true, true, false, false, false]),
            (Decide::QueryAndModel, [true, false, false, false, false]),
            (Decide::QueryOrModel, [true, true, true, false, false]),
        ];
        for (how, want) in cases {
            let got = [
                (true, 0.9),
                (false, 0.9),
                (true, 0.4),
                (true, 0.1),
                (false, 0.1),
            ]
            .map(|(q, p)| decides(&spec(how, 0.3), q, p));
            assert_eq!(got, want, "{how:?}");
        }
        assert!(
            decides(&spec(Decide::Model, 0.0), false, 0.5),
            "the threshold itself counts"
        );
        assert!(
            decides(&spec(Decide::QueryOrModel, 0.0), true, 0.0),
            "veto 0 vetoes nothing"
        );
    }

    /// The shipped POW examples, as `check` and the daemon read them.
    fn shipped() -> crate::model::ExampleFile {
        let text = include_str!("../../config/examples/pow-exchange.jsonl");
        let (examples, problems) = crate::watch::model::parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        crate::model::ExampleFile {
            path: "pow-exchange.jsonl".into(),
            examples,
        }
    }

    fn watchlist(decide: Decide, query: &str) -> crate::watch::WatchSet {
        let spec = WatchlistSpec {
            id: "pow".into(),
            query: query.into(),
            decide,
            examples: Some(shipped()),
            ..WatchlistSpec::default()
        };
        crate::watch::WatchSet::compile(&[spec]).expect("compiles and trains")
    }

    // Written for this test: a return of captured soldiers with none of the query's words,
    // and a civilian swap that says "prisoner swap" outright.
    const PARAPHRASE: (&str, &str) = (
        "Forty-one defenders are back on home soil",
        "After months in Russian captivity, forty-one Ukrainian servicemen crossed back \
         into Ukraine on Thursday, the coordination headquarters said. Most of them were \
         taken in Mariupol; several need treatment.",
    );
    const TRAP: (&str, &str) = (
        "Prisoner swap frees two reporters",
        "Two jailed journalists flew home after Washington and Moscow completed a prisoner \
         swap in Ankara; in return a convicted spy was released from a German prison.",
    );

    #[test]
    fn a_model_only_watchlist_takes_a_paraphrase_its_query_misses_and_refuses_a_trap() {
        let query = "\"prisoner swap\"";
        let by_query = watchlist(Decide::Query, query);
        let by_model = watchlist(Decide::Model, query);
        let (t, b) = PARAPHRASE;
        assert!(
            by_query.matches(t, b).is_empty(),
            "the query alone misses it"
        );
        let m = by_model.matches(t, b);
        assert_eq!(m.len(), 1, "the model takes it");
        let v = m[0].model.as_ref().expect("the model's verdict");
        assert!(v.probability >= 0.5 && !v.query, "{v:?}");
        assert!(m[0].clauses.is_empty(), "no clause held");
        assert!(
            !m[0].terms.is_empty() && !m[0].snippet.is_empty(),
            "{:?}",
            m[0]
        );
        let (t, b) = TRAP;
        assert_eq!(by_query.matches(t, b).len(), 1, "the query takes the trap");
        assert!(by_model.matches(t, b).is_empty(), "the model refuses it");
    }

    #[test]
    fn a_model_match_names_words_of_the_article_and_the_explanation_says_why() {
        let set = watchlist(Decide::QueryOrModel, "\"prisoner swap\"");
        let (t, b) = PARAPHRASE;
        let m = set.matches(t, b).pop().expect("a match");
        let v = m.model.expect("a verdict");
        let text = format!("{t} {b}").to_lowercase();
        let words = v.words.iter().map(|w| &w.word).chain(&m.terms);
        for w in words {
            assert!(
                text.contains(&w.to_lowercase()),
                "{w:?} is not in the article"
            );
        }
        let ex = set.explain(t, b).pop().expect("one watchlist");
        assert!(ex.matched && !ex.query_holds);
        assert_eq!(ex.model.expect("model").probability, v.probability);
    }

    #[test]
    fn a_watchlist_without_examples_decides_by_its_query_and_shows_no_model() {
        let spec = WatchlistSpec {
            id: "q".into(),
            query: "\"prisoner swap\"".into(),
            decide: Decide::Model,
            ..WatchlistSpec::default()
        };
        let set = crate::watch::WatchSet::compile(&[spec]).expect("compiles");
        let (t, b) = TRAP;
        let m = set.matches(t, b);
        assert_eq!(m.len(), 1);
        assert!(m[0].model.is_none());
        assert!(set.explain(t, b)[0].model.is_none());
    }
}
