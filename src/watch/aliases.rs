//! Alias groups: spellings of one name that a query term stands for all of, e.g. Kyiv, Kiev,
//! Київ, Киев. Groups come from the shared alias file and from each watchlist; a watchlist's
//! own group wins over a shared group for the spellings it lists. A term is looked up by its
//! key (folded and stemmed), so "Kiev" in a query finds the group that lists "KIEV".

use std::collections::HashMap;

use super::Place;
use super::parse::{TermPat, parse_term};

/// One source of alias groups, parsed.
#[derive(Debug, Clone, Default)]
pub struct AliasTable {
    by_key: HashMap<String, usize>,
    groups: Vec<Vec<TermPat>>,
}

impl AliasTable {
    /// Parses `groups`; every bad member and every spelling listed in two groups is reported
    /// through `problem` with its place (`place(group, member)`).
    pub fn build(
        groups: &[Vec<String>],
        place: impl Fn(usize, Option<usize>) -> Place,
        problem: &mut impl FnMut(Place, String),
    ) -> Self {
        let mut table = AliasTable::default();
        for (g, group) in groups.iter().enumerate() {
            if group.len() < 2 {
                problem(
                    place(g, None),
                    format!("lists {} spelling(s): expected at least two", group.len()),
                );
            }
            let mut pats = Vec::with_capacity(group.len());
            for (m, member) in group.iter().enumerate() {
                let pat = match parse_term(member, 0) {
                    Ok(p) => p,
                    Err(e) => {
                        problem(
                            place(g, Some(m)),
                            format!("alias {member:?}: {}", e.message),
                        );
                        continue;
                    }
                };
                match table.by_key.get(&pat.key()) {
                    Some(&other) if other != g => problem(
                        place(g, Some(m)),
                        format!(
                            "alias {member:?} is also in group {}: expected each spelling in one group only",
                            other + 1
                        ),
                    ),
                    _ => {
                        table.by_key.insert(pat.key(), g);
                    }
                }
                pats.push(pat);
            }
            table.groups.push(pats);
        }
        table
    }

    /// The group a term belongs to, if any.
    pub fn group(&self, term: &TermPat) -> Option<&[TermPat]> {
        let g = *self.by_key.get(&term.key())?;
        self.groups.get(g).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.groups.len()
    }
}
