//! Why two reports are, or are not, one story, as data: for `newshound story ID --explain`
//! and for tuning. Pure, like the rest of `cluster`: it reads two fingerprints and the
//! background they were weighed against, and returns what the decision rests on. Names are
//! kept as hashes in a fingerprint, so they are told by number (how many shared); head
//! counts are kept as numbers, so they are told as they are.

use super::{Background, Fingerprint, Similarity, facts};
use serde::Serialize;

/// Which rule made two reports one story; the first that holds, in the order of
/// [`Similarity::same_story`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The same text, give or take a few words and the page around it.
    NearDuplicate,
    /// Enough of the same distinctive names, numbers and headline words.
    Keys,
    /// In two languages, enough of the same names (as transliterated skeletons).
    NamesAcrossLanguages,
    /// Enough of the same rare names and figures, weighed against recent reports.
    Weighted,
    /// A head count in common, and some of the same rare names and figures.
    SharedCount,
}

/// The evidence for and against one story.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The decision [`Fingerprint::same_story_in`] makes.
    pub same_story: bool,
    /// Why they are one story (`None` when they are two).
    pub reason: Option<Reason>,
    /// Head counts both give (or near ones: "145" and "146").
    pub shared_counts: Vec<u32>,
    /// Head counts the first gives that the second does not (nor a near one).
    pub only_first: Vec<u32>,
    /// Head counts the second gives that the first does not.
    pub only_second: Vec<u32>,
    /// Their head counts contradict: the veto that overrides every other signal.
    pub counts_conflict: bool,
    /// Name skeletons in common, out of the smaller side's (`names_of_smaller`).
    pub shared_names: usize,
    /// How many name skeletons the report with fewer of them keeps.
    pub names_of_smaller: usize,
    /// The scores behind the decision.
    pub similarity: Similarity,
}

/// Explains the decision between `a` and `b`, weighed against `recent` as the store weighs
/// them (an empty background turns the weighted signal off, as [`Fingerprint::similarity`]).
pub fn explain(a: &Fingerprint, b: &Fingerprint, recent: &Background) -> Explanation {
    let s = a.similarity_in(b, recent);
    let (shared, only_first, only_second) = facts::split(&a.c, &b.c);
    let shared_names = a.x.iter().filter(|h| b.x.contains(h)).count();
    Explanation {
        same_story: s.same_story(),
        reason: reason(&s),
        shared_counts: shared,
        only_first,
        only_second,
        counts_conflict: s.counts_conflict,
        shared_names,
        names_of_smaller: a.x.len().min(b.x.len()),
        similarity: s,
    }
}

fn reason(s: &Similarity) -> Option<Reason> {
    if !s.same_story() {
        return None;
    }
    Some(if s.near_duplicate() {
        Reason::NearDuplicate
    } else if s.score >= super::SAME_STORY_THRESHOLD {
        Reason::Keys
    } else if s.names_across >= super::ACROSS_LANGUAGES_THRESHOLD {
        Reason::NamesAcrossLanguages
    } else if s.weighted >= super::WEIGHTED_THRESHOLD {
        Reason::Weighted
    } else {
        Reason::SharedCount
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(home: u32, back: u32) -> Fingerprint {
        Fingerprint::of(
            &format!("{home} defenders return home in a prisoner exchange"),
            &format!(
                "Ukraine brought home {home} Ukrainian defenders; {back} Russian servicemen \
                 were handed over, the Coordination Headquarters said. Zelensky thanked the \
                 Emirates for mediating."
            ),
        )
    }

    #[test]
    fn conflicting_counts_are_told_as_numbers() {
        let e = explain(&report(95, 94), &report(106, 100), &Background::default());
        assert!(!e.same_story && e.counts_conflict && e.reason.is_none());
        assert!(e.shared_counts.is_empty());
        assert_eq!(e.only_first, [95, 94]);
        assert_eq!(e.only_second, [106, 100]);
    }

    #[test]
    fn near_counts_are_shared_and_the_explanation_is_json() {
        let e = explain(&report(146, 222), &report(150, 225), &Background::default());
        assert!(!e.counts_conflict, "{e:?}");
        assert_eq!(e.shared_counts, [146, 222]);
        let json = serde_json::to_value(&e).expect("serialises");
        assert_eq!(json["similarity"]["counts_conflict"], false);
        assert!(json["reason"].is_null() || json["reason"].is_string());
    }

    #[test]
    fn the_same_report_is_one_story_for_a_reason() {
        let a = report(95, 94);
        let e = explain(&a, &a, &Background::default());
        assert!(e.same_story, "{e:?}");
        assert_eq!(e.reason, Some(Reason::NearDuplicate), "{e:?}");
        assert_eq!(e.shared_counts, [95, 94]);
        assert!(e.only_first.is_empty() && e.only_second.is_empty());
        assert_eq!(e.shared_names, e.names_of_smaller);
    }
}
