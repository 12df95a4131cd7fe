//! Facts that tell two look-alike events apart however many words their reports share: the
//! head counts a report gives ("116 Ukrainian defenders", "63 российских военнослужащих",
//! "25 на 25 полонених"). Successive exchanges are told in the same words by the same people;
//! their numbers differ. Two reports that each give head counts and share none report two
//! events. Numbers are numbers in every language, so this holds across English, Ukrainian and
//! Russian; a report that also mentions an earlier exchange carries both counts and still
//! shares one with its own event.

use super::keys::Token;

/// Counts are read from this many words of a report: the event's figures are in its lead.
const LEAD_WORDS: usize = 1000;
/// At most this many counts are kept per report (the first, in order of the text).
const MAX_COUNTS: usize = 12;
/// Counts this close (as a share of the larger) are one count told two ways.
const NEAR_SHARE: f64 = 0.03;
/// A count names people when one of this many words after it does.
const NOUN_REACH: usize = 3;

/// Stems of the words that follow a head count of captives, soldiers or civilians in news of
/// exchanges and raids, in English, Ukrainian and Russian. A word counts when it starts with
/// one.
#[rustfmt::skip]
const PEOPLE: &[&str] = &[
    "armenian", "captive", "civilian", "commander", "defender", "detainee", "fighter", "guard",
    "hostage", "marine", "men", "militar", "paratrooper", "people", "person", "pilot", "pow",
    "prisoner", "russian", "serviceman", "servicemen", "servicepeople", "soldier", "troop",
    "ukrainian", "women",
    "армян", "бійц", "бойц", "військов", "вояк", "военн", "громадян", "десантник", "защитник",
    "захисник", "людей", "морпіх", "оборонц", "осіб", "пленн", "пограничник", "полонен",
    "прикордонник", "россиян", "росіян", "солдат", "українц", "украинц", "цивільн", "человек",
];

/// The head counts of a report (its title, then its text), in order of first appearance,
/// without repeats.
pub(super) fn head_counts(title: &[Token], text: &[Token]) -> Vec<u32> {
    let tokens: Vec<&Token> = title.iter().chain(text).take(LEAD_WORDS).collect();
    let mut out: Vec<u32> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Some(n) = number(t) else { continue };
        // Up to the next number: in "12 May 2022 soldiers" the soldiers are not 12.
        let names_people = tokens[i + 1..]
            .iter()
            .take(NOUN_REACH)
            .take_while(|w| !w.num)
            .any(|w| PEOPLE.iter().any(|p| w.word.starts_with(p)));
        if names_people && !out.contains(&n) {
            out.push(n);
            if out.len() == MAX_COUNTS {
                break;
            }
        }
    }
    out
}

/// A plausible head count: not a year, not zero, not a figure too large to be people taken.
fn number(t: &Token) -> Option<u32> {
    if !t.num || t.word.len() > 7 {
        return None;
    }
    let n: u32 = t.word.parse().ok()?;
    (n > 0 && n <= 100_000 && !(1900..=2100).contains(&n)).then_some(n)
}

/// Whether two reports' counts contradict: each gives some, and none of one is near any of
/// the other. Near, not equal: sides and outlets round and count differently ("145", "146",
/// "150" of one handover; "73" and "74"), while successive exchanges differ by more.
pub(super) fn conflict(a: &[u32], b: &[u32]) -> bool {
    !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.iter().any(|y| near(*x, *y)))
}

/// The counts of `a` with a near one in `b`, then those of `a` without, then those of `b`
/// without: the agreement and the disagreement behind [`conflict`], for explaining it.
pub(super) fn split(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let has_near = |n: u32, other: &[u32]| other.iter().any(|m| near(n, *m));
    let (shared, only_a) = a.iter().partition(|n| has_near(**n, b));
    let only_b = b.iter().copied().filter(|n| !has_near(*n, a)).collect();
    (shared, only_a, only_b)
}

/// Within `NEAR_SHARE` of the larger, and never more than one apart below 40.
fn near(a: u32, b: u32) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    f64::from(hi - lo) <= (f64::from(hi) * NEAR_SHARE).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::super::keys::{normalise, tokenise};
    use super::*;

    fn counts(text: &str) -> Vec<u32> {
        head_counts(&[], &tokenise(&normalise(text)))
    }

    #[test]
    fn counts_of_people_are_read_in_each_language() {
        assert_eq!(
            counts("Ukraine brings home 116 defenders; 63 Russian servicemen go back"),
            [116, 63]
        );
        assert_eq!(counts("Повернули 95 українських захисників"), [95]);
        assert_eq!(counts("Домой вернулись 1,000 военнопленных"), [1000]);
        assert_eq!(counts("Обмін 25 на 25 полонених"), [25]);
    }

    #[test]
    fn years_dates_and_other_numbers_are_not_counts() {
        assert!(counts("In 2023 the talks lasted 5 hours over 3 days").is_empty());
        assert!(counts("On 12 May 2022 soldiers crossed").is_empty());
    }

    #[test]
    fn reports_conflict_only_when_both_give_counts_and_share_none() {
        assert!(conflict(&[25], &[157]));
        assert!(!conflict(&[25, 50], &[50]));
        assert!(!conflict(&[], &[157]));
    }

    #[test]
    fn counts_told_two_ways_do_not_conflict_but_other_exchanges_do() {
        // One handover rounded by two outlets; successive ones differ by more.
        assert!(!conflict(&[146], &[150, 225]));
        assert!(!conflict(&[73], &[74]));
        assert!(conflict(&[95, 94], &[106, 100]));
        assert!(conflict(&[4], &[6]));
    }
}
