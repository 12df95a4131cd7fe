//! How a match and its reasons read on a terminal: marked words between `**`, one passage a
//! line, the clauses that held and each term's hits.

use crate::model::{Match, ModelVerdict, Snippet};
use crate::watch::Explanation;

/// The passage with its marked words between `**`.
pub(super) fn marked(s: &Snippet) -> String {
    let mut out = String::with_capacity(s.text.len() + 4 * s.marks.len());
    let mut at = 0;
    for [a, b] in &s.marks {
        let (Some(before), Some(word)) = (s.text.get(at..*a), s.text.get(*a..*b)) else {
            continue;
        };
        out.push_str(before);
        out.push_str("**");
        out.push_str(word);
        out.push_str("**");
        at = *b;
    }
    out.push_str(s.text.get(at..).unwrap_or(""));
    out
}

/// The lines of a match's reasons, indented.
pub(super) fn match_lines(m: &Match) -> Vec<String> {
    let mut lines = Vec::new();
    for c in &m.clauses {
        lines.push(format!("  because: {c}"));
    }
    if !m.terms.is_empty() {
        lines.push(format!("  terms:   {}", m.terms.join(", ")));
    }
    if let Some(v) = &m.model {
        lines.push(model_line(v));
    }
    for s in &m.snippets {
        lines.push(format!("  passage: {}", marked(s)));
    }
    if m.snippets.is_empty() && !m.snippet.is_empty() {
        lines.push(format!("  passage: {}", m.snippet));
    }
    lines
}

/// The model's score, how it decided with the query, and the words that pushed it most.
pub(super) fn model_line(v: &ModelVerdict) -> String {
    let words: Vec<String> = v
        .words
        .iter()
        .map(|w| {
            format!(
                "{}{} {:.2}",
                if w.weight >= 0.0 { '+' } else { '-' },
                w.word,
                w.weight.abs()
            )
        })
        .collect();
    format!(
        "  model:   {:.2} of threshold {} ({}; query {}){}: {}",
        v.probability,
        v.threshold,
        v.decide.as_str(),
        if v.query { "matched" } else { "did not match" },
        if v.partial {
            ", read the start of the text"
        } else {
            ""
        },
        if words.is_empty() {
            "no word it knows".to_string()
        } else {
            words.join(", ")
        }
    )
}

/// A watchlist's verdict with everything that went into it.
pub(super) fn explanation_lines(ex: &Explanation) -> Vec<String> {
    let verdict = if ex.matched { "MATCH   " } else { "no match" };
    let mut lines = vec![format!(
        "{verdict} {} (score {} of min_score {}; query {})",
        ex.watchlist,
        ex.score,
        ex.min_score,
        if ex.query_holds {
            "holds"
        } else {
            "does not hold"
        }
    )];
    match (&ex.detail, &ex.model) {
        (Some(m), _) => lines.extend(match_lines(m)),
        (None, Some(v)) => lines.push(model_line(v)),
        (None, None) => {}
    }
    let mut seen = std::collections::HashSet::new();
    let found: Vec<String> = ex
        .terms
        .iter()
        .filter(|t| t.title_hits + t.body_hits > 0 && seen.insert((&t.term, t.negated)))
        .map(|t| {
            format!(
                "{}{} (title {}, body {})",
                if t.negated { "NOT " } else { "" },
                t.term,
                t.title_hits,
                t.body_hits
            )
        })
        .collect();
    lines.push(if found.is_empty() {
        "  found:   none of its terms".to_string()
    } else {
        format!("  found:   {}", found.join("; "))
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_stars_and_bad_marks_are_skipped() {
        let s = Snippet {
            text: "Kyiv and Moscow swap POWs".into(),
            marks: vec![[16, 20], [21, 25], [40, 50]],
        };
        assert_eq!(marked(&s), "Kyiv and Moscow **swap** **POWs**");
    }
}
