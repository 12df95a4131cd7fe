//! `[[site]]` tables: per-host CSS rules for the rare site whose markup defeats the general
//! extraction heuristics. Each is compiled here, once, into the extractor's `SiteRule`, and a
//! bad host or selector is reported at its line and column like every other key.

use super::error::Located;
use super::raw::S;
use crate::extract::{ExtractError, SiteRule};
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub host: S<String>,
    /// The article's container(s); without it the algorithm chooses the body.
    pub selector: Option<S<String>>,
    /// Elements removed before anything else looks at the page.
    #[serde(default)]
    pub exclude: Vec<S<String>>,
}

pub(super) fn sites(at: &mut Located, raw: &[S<RawSite>]) -> Vec<SiteRule> {
    let mut hosts = HashSet::new();
    let mut out = Vec::new();
    for table in raw {
        let s = table.get_ref();
        let exclude: Vec<&str> = s.exclude.iter().map(|e| e.get_ref().as_str()).collect();
        let selector = s.selector.as_ref().map(|x| x.get_ref().as_str());
        let rule = SiteRule::new(s.host.get_ref(), selector, &exclude);
        if let Ok(r) = &rule
            && !hosts.insert(r.host().to_string())
        {
            at.at(
                s.host.span().start,
                format!(
                    "duplicate [[site]] host {:?}: put all its selectors in one table",
                    r.host()
                ),
            );
        }
        match rule {
            Ok(rule) => out.push(rule),
            Err(e) => {
                let (offset, hint) = match &e {
                    ExtractError::BadSelector { selector: bad, .. } => (
                        s.selector
                            .iter()
                            .chain(&s.exclude)
                            .find(|x| x.get_ref() == bad)
                            .map_or(table.span().start, |x| x.span().start),
                        "",
                    ),
                    ExtractError::EmptyHost => {
                        (s.host.span().start, ": set host = \"example.org\"")
                    }
                    ExtractError::EmptyRule { .. } => (
                        s.host.span().start,
                        ": set selector = \"CSS\" or exclude = [\"CSS\", ...]",
                    ),
                };
                at.at(offset, format!("[[site]] {e}{hint}"));
            }
        }
    }
    out
}
