//! A watchlist's examples file and the keys that go with it (`examples`, `decide`,
//! `threshold`): the file is read beside the watchlists file, and every bad line is a problem
//! located in the examples file itself, so `check` points at the very line to mend.

use super::error::Located;
use super::raw::RawWatchlist;
use super::{ConfigError, Problem};
use crate::model::{Decide, ExampleFile};
use crate::watch::model;
use std::path::Path;

/// Reads the examples of one watchlist, reporting what is wrong with them or with its
/// `decide` and `threshold` keys.
pub(super) fn load(
    w: &RawWatchlist,
    dir: &Path,
    read: impl Fn(&Path) -> Result<String, ConfigError>,
    at: &mut Located,
    problems: &mut Vec<Problem>,
) -> Option<ExampleFile> {
    let probabilities = [
        (
            "threshold",
            &w.threshold,
            "the model's probability a match needs",
        ),
        (
            "veto",
            &w.veto,
            "the model's probability under which it overrules a query match",
        ),
    ];
    for (key, value, what) in probabilities {
        let Some(t) = value else { continue };
        let v = *t.get_ref();
        if !(0.0..=1.0).contains(&v) {
            at.at(
                t.span().start,
                format!("{key} = {v}: expected a probability from 0 to 1 ({what})"),
            );
        }
    }
    let Some(name) = &w.examples else {
        if let Some(d) = w.decide.as_ref().filter(|d| *d.get_ref() != Decide::Query) {
            at.at(
                d.span().start,
                format!(
                    "decide = {:?} needs a model: set `examples` to the file of labelled examples it learns from",
                    d.get_ref().as_str()
                ),
            );
        }
        return None;
    };
    let path = dir.join(name.get_ref());
    let text = match read(&path) {
        Ok(t) => t,
        Err(e) => {
            at.at(
                name.span().start,
                format!("{e}; `examples` names a JSON Lines file relative to the watchlists file"),
            );
            return None;
        }
    };
    let (examples, bad) = model::parse(&text);
    problems.extend(bad.into_iter().map(|p| Problem {
        file: path.clone(),
        line: p.line,
        column: p.column,
        message: p.message,
    }));
    Some(ExampleFile { path, examples })
}
