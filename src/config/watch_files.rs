//! The watchlists file and the shared alias file: read with the span of every value kept,
//! compiled once to find every problem, and each problem located at its line and column —
//! inside the query string for a query error, at the very alias for an alias error.

use super::error::Located;
use super::keys;
use super::raw::{RawAliases, RawWatchlist, RawWatchlists, S};
use super::{ConfigError, Problem, examples};
use crate::model::WatchlistSpec;
use crate::watch::{Place, WatchSet};
use std::ops::Range;
use std::path::Path;

/// What the two files hold once read; problems are located in their own files.
pub(super) struct WatchFiles {
    pub watchlists: Vec<WatchlistSpec>,
    pub aliases: Vec<Vec<String>>,
    pub problems: Vec<Problem>,
}

type Groups = Vec<S<Vec<S<String>>>>;

fn plain(groups: &Groups) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| g.get_ref().iter().map(|m| m.get_ref().clone()).collect())
        .collect()
}

fn spec(w: &RawWatchlist) -> WatchlistSpec {
    let defaults = WatchlistSpec::default();
    WatchlistSpec {
        id: w.id.get_ref().clone(),
        title: w.title.clone(),
        query: w.query.get_ref().clone(),
        aliases: plain(&w.aliases),
        alert: w.alert,
        min_score: w.min_score.as_ref().map_or(1.0, |m| *m.get_ref()),
        decide: w.decide.as_ref().map_or(defaults.decide, |d| *d.get_ref()),
        threshold: w
            .threshold
            .as_ref()
            .map_or(defaults.threshold, |t| *t.get_ref()),
        veto: w.veto.as_ref().map_or(defaults.veto, |t| *t.get_ref()),
        examples: None,
    }
}

/// The span of a group, or of one member of it.
fn alias_span(groups: &Groups, group: usize, member: Option<usize>) -> Option<Range<usize>> {
    let g = groups.get(group)?;
    match member {
        Some(m) => g.get_ref().get(m).map(S::span),
        None => Some(g.span()),
    }
}

/// Reads the watchlists (and the shared aliases, when there is such a file) and compiles
/// them together.
pub(super) fn load(
    wl_path: &Path,
    wl_text: &str,
    aliases: Option<(&Path, &str)>,
    read: impl Fn(&Path) -> Result<String, ConfigError>,
) -> WatchFiles {
    let mut wl_at = Located::new(wl_path, wl_text);
    let mut out = WatchFiles {
        watchlists: Vec::new(),
        aliases: Vec::new(),
        problems: Vec::new(),
    };
    let mut shared: Groups = Vec::new();
    if let Some((path, text)) = aliases {
        let mut at = Located::new(path, text);
        let known = keys::check(&keys::aliases_shape(), text, &mut at);
        match toml::from_str::<RawAliases>(&known) {
            Ok(raw) => shared = raw.aliases,
            Err(e) => at.toml(&e),
        }
        out.problems.append(&mut at.problems);
    }
    out.aliases = plain(&shared);
    let known = keys::check(&keys::watchlists_shape(), wl_text, &mut wl_at);
    let raw: RawWatchlists = match toml::from_str(&known) {
        Ok(r) => r,
        Err(e) => {
            wl_at.toml(&e);
            out.problems.append(&mut wl_at.problems);
            return out;
        }
    };
    out.watchlists = raw.watchlist.iter().map(spec).collect();
    let dir = wl_path.parent().unwrap_or(Path::new("."));
    for (w, spec) in raw.watchlist.iter().zip(out.watchlists.iter_mut()) {
        spec.examples = examples::load(w, dir, &read, &mut wl_at, &mut out.problems);
    }
    if out.watchlists.is_empty() {
        wl_at.at(0, "no [[watchlist]] defined: nothing could ever match");
    }
    if let Err(errors) = WatchSet::compile_with(&out.watchlists, &out.aliases) {
        for e in errors {
            let w = e.index.and_then(|i| raw.watchlist.get(i));
            match (e.place, w) {
                (Place::SharedAlias { group, member }, _) => {
                    if let Some((path, text)) = aliases {
                        let mut at = Located::new(path, text);
                        let span = alias_span(&shared, group, member);
                        at.at(span.map_or(0, |s| s.start), e.to_string());
                        out.problems.append(&mut at.problems);
                    }
                }
                (place, Some(w)) => {
                    let offset = match place {
                        Place::Query(chars) => query_offset(wl_text, w.query.span(), chars),
                        Place::Alias { group, member } => {
                            alias_span(&w.aliases, group, member).map_or(0, |s| s.start)
                        }
                        Place::MinScore => w.min_score.as_ref().map_or(0, |m| m.span().start),
                        Place::Examples => w.examples.as_ref().map_or(0, |e| e.span().start),
                        _ => w.id.span().start,
                    };
                    wl_at.at(offset, e.to_string());
                }
                (_, None) => wl_at.at(0, e.to_string()),
            }
        }
    }
    out.problems.append(&mut wl_at.problems);
    out
}

/// Byte offset in the file of the query's `chars`-th character, given the span of the
/// query's TOML string (delimiters included). Follows the string's own rules: a newline
/// right after an opening `'''`/`"""` is not part of it, an escape such as `\"` or `\u00e9`
/// is one character, and a line-ending backslash in `"""` swallows the whitespace after it.
pub(super) fn query_offset(text: &str, span: Range<usize>, chars: usize) -> usize {
    let Some(raw) = text.get(span.clone()) else {
        return span.start;
    };
    let (delim, basic) = if raw.starts_with("'''") {
        ("'''", false)
    } else if raw.starts_with("\"\"\"") {
        ("\"\"\"", true)
    } else if raw.starts_with('\'') {
        ("'", false)
    } else {
        ("\"", true)
    };
    let mut start = delim.len();
    if delim.len() == 3 {
        for nl in ["\r\n", "\n"] {
            if raw[start..].starts_with(nl) {
                start += nl.len();
                break;
            }
        }
    }
    let body = &raw[start..];
    let mut it = body.char_indices().peekable();
    let mut seen = 0;
    while let Some(&(i, c)) = it.peek() {
        if basic && c == '\\' && body[i + 1..].starts_with(char::is_whitespace) {
            // A line-ending backslash: neither it nor the whitespace after it is in the string.
            it.next();
            while it.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                it.next();
            }
            continue;
        }
        if seen == chars {
            return span.start + start + i;
        }
        it.next();
        if basic && c == '\\' {
            match it.next() {
                Some((_, 'u')) => {
                    it.nth(3);
                }
                Some((_, 'U')) => {
                    it.nth(7);
                }
                _ => {}
            }
        }
        seen += 1;
    }
    span.start + start
}

#[cfg(test)]
mod tests {
    use super::query_offset;

    fn at(text: &str, query: &str, chars: usize) -> String {
        let start = text.find(query).expect("query in text");
        let off = query_offset(text, start..start + query.len(), chars);
        text[off..].chars().take(4).collect()
    }

    #[test]
    fn offsets_follow_each_kind_of_toml_string() {
        assert_eq!(at("q = 'ab (cd'", "'ab (cd'", 3), "(cd'");
        assert_eq!(at("q = '''\nab (cd'''", "'''\nab (cd'''", 3), "(cd'");
        assert_eq!(at("q = \"a\\\"b (c\"", "\"a\\\"b (c\"", 4), "(c\"");
        assert_eq!(at("q = \"\\u00e9 (c\"", "\"\\u00e9 (c\"", 2), "(c\"");
        let ml = "q = \"\"\"\nab \\\n    (cd\"\"\"";
        assert_eq!(at(ml, &ml[4..], 3), "(cd\"");
        assert_eq!(at("q = 'обмін (x'", "'обмін (x'", 6), "(x'");
        // Past the last character: the closing quote.
        assert_eq!(at("q = 'ab' # c", "'ab'", 2), "' # ");
    }
}
