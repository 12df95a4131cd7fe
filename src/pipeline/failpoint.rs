//! Fault injection for the crash and panic tests: a named point in the pipeline where a test
//! can make the process die as `kill -9` would (`abort`) or the current task panic as a bug
//! would (`panic`), at exactly the moment it wants to prove safe — between the mail server's
//! acceptance and the mark, say, which no outside signal can hit reliably.
//!
//! Off unless `NEWSHOUND_FAILPOINTS` is set, e.g. `after_send=abort,poll=panic:Wire`: a list of
//! `point=action`, the action optionally limited to one feed or digest (`:NAME`). The variable
//! is read once; with it unset, `hit` costs one check of an empty list.

use std::sync::OnceLock;

/// The variable tests set; documented so an operator recognises it in an environment.
pub const VAR: &str = "NEWSHOUND_FAILPOINTS";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    Abort,
    Panic,
}

#[derive(Debug, Clone)]
struct Rule {
    point: String,
    action: Action,
    only: Option<String>,
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| std::env::var(VAR).map(|v| parse(&v)).unwrap_or_default())
}

fn parse(spec: &str) -> Vec<Rule> {
    spec.split(',')
        .filter_map(|item| {
            let (point, action) = item.trim().split_once('=')?;
            let (action, only) = match action.split_once(':') {
                Some((a, who)) => (a, Some(who.to_string())),
                None => (action, None),
            };
            let action = match action {
                "abort" => Action::Abort,
                "panic" => Action::Panic,
                _ => return None,
            };
            Some(Rule {
                point: point.to_string(),
                action,
                only,
            })
        })
        .collect()
}

/// Passes point `point` on behalf of `who` (a feed or digest name): dies or panics there if a
/// test asked for it, else does nothing.
pub fn hit(point: &str, who: &str) {
    for r in rules() {
        if r.point == point && r.only.as_deref().is_none_or(|o| o == who) {
            match r.action {
                Action::Abort => {
                    eprintln!("newshound: failpoint {point} ({who}): aborting as asked by {VAR}");
                    std::process::abort();
                }
                Action::Panic => panic!("failpoint {point} ({who}): panicking as asked by {VAR}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_names_points_actions_and_whom_they_hit() {
        let r = parse("after_send=abort, poll=panic:Wire,bogus=explode,no-equals");
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].point.as_str(), &r[0].action, &r[0].only),
            ("after_send", &Action::Abort, &None)
        );
        assert_eq!(r[1].only.as_deref(), Some("Wire"));
        assert_eq!(r[1].action, Action::Panic);
    }
}
