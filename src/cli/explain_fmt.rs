//! How a match and its reasons read on a terminal: marked words between `**`, one passage a
//! line, the clauses that held and each term's hits.

use crate::model::{Match, Snippet};
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
    lines.push(format!("  terms:   {}", m.terms.join(", ")));
    for s in &m.snippets {
        lines.push(format!("  passage: {}", marked(s)));
    }
    if m.snippets.is_empty() && !m.snippet.is_empty() {
        lines.push(format!("  passage: {}", m.snippet));
    }
    lines
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
    if let Some(m) = &ex.detail {
        lines.extend(match_lines(m));
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
