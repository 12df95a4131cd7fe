//! `watch backtest`: the current watchlists re-run over the articles whose text the store
//! still keeps, compared with the matches it recorded when each article was first read.
//! Reads only: nothing is recorded, claimed or mailed.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::Match;
use crate::store::{RecordedMatch, Store, StoreError};
use crate::watch::WatchSet;

/// Which way a verdict changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Matches now, was not recorded.
    Caught,
    /// Was recorded, does not match now.
    Dropped,
}

/// What was recorded for a match that no longer holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recorded {
    pub score: f64,
    pub terms: Vec<String>,
    pub snippet: String,
}

/// One article whose verdict for one watchlist changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub change: ChangeKind,
    pub watchlist: String,
    pub entry_id: i64,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub seen_at: DateTime<Utc>,
    /// The match the current watchlist makes (for `caught`).
    pub now: Option<Match>,
    /// The match that was recorded (for `dropped`).
    pub recorded: Option<Recorded>,
    /// Why the current watchlist does not match (for `dropped`).
    pub why_not: Option<String>,
}

/// Per watchlist: recorded and current matches over the articles with text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub watchlist: String,
    pub recorded: usize,
    pub now: usize,
    pub caught: usize,
    pub dropped: usize,
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    pub since: DateTime<Utc>,
    /// Entries seen since `since`.
    pub articles: usize,
    /// Of those, entries whose text is no longer (or never was) kept: not compared.
    pub without_text: usize,
    pub summaries: Vec<Summary>,
    pub changes: Vec<Change>,
    /// Recorded matches of watchlists that are no longer configured, by id.
    pub removed_watchlists: BTreeMap<String, usize>,
}

/// How many stored articles are read from the store at once.
const ARTICLES_PER_PAGE: usize = 200;

/// Re-runs `set` (only watchlist `only`, when given) over the articles seen since `since`.
pub async fn backtest(
    store: &dyn Store,
    set: &WatchSet,
    since: DateTime<Utc>,
    only: Option<&str>,
) -> Result<BacktestReport, StoreError> {
    let wanted = |id: &str| only.is_none_or(|o| o == id);
    let ids: Vec<&str> = set.ids().into_iter().filter(|id| wanted(id)).collect();
    let mut recorded: HashMap<i64, Vec<RecordedMatch>> = HashMap::new();
    let mut removed: BTreeMap<String, usize> = BTreeMap::new();
    for m in store.recorded_matches(since).await? {
        if set.spec(&m.watchlist).is_none() {
            if only.is_none() {
                *removed.entry(m.watchlist).or_default() += 1;
            }
        } else if wanted(&m.watchlist) {
            recorded.entry(m.entry_id).or_default().push(m);
        }
    }
    let mut summaries: Vec<Summary> = ids
        .iter()
        .map(|id| Summary {
            watchlist: id.to_string(),
            ..Summary::default()
        })
        .collect();
    let mut report = BacktestReport {
        since,
        articles: 0,
        without_text: 0,
        summaries: Vec::new(),
        changes: Vec::new(),
        removed_watchlists: removed,
    };
    // A page at a time, so a month of texts never sits in memory at once.
    let mut after = None;
    loop {
        let page = store.articles(since, after, ARTICLES_PER_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some((last.seen_at, last.entry_id));
        for a in page {
            report.articles += 1;
            let Some(text) = a.text.as_deref() else {
                report.without_text += 1;
                continue;
            };
            let before = recorded.remove(&a.entry_id).unwrap_or_default();
            let was: HashSet<&str> = before.iter().map(|m| m.watchlist.as_str()).collect();
            let now: Vec<Match> = set
                .matches(&a.title, text)
                .into_iter()
                .filter(|m| wanted(&m.watchlist))
                .collect();
            let change = |kind, watchlist: &str| Change {
                change: kind,
                watchlist: watchlist.to_string(),
                entry_id: a.entry_id,
                feed: a.feed.clone(),
                title: a.title.clone(),
                link: a.link.clone(),
                seen_at: a.seen_at,
                now: None,
                recorded: None,
                why_not: None,
            };
            for s in summaries.iter_mut() {
                let is = now.iter().find(|m| m.watchlist == s.watchlist);
                let had = was.contains(s.watchlist.as_str());
                s.recorded += usize::from(had);
                s.now += usize::from(is.is_some());
                match (had, is) {
                    (true, Some(_)) => s.unchanged += 1,
                    (false, Some(m)) => {
                        s.caught += 1;
                        let mut c = change(ChangeKind::Caught, &s.watchlist);
                        c.now = Some(m.clone());
                        report.changes.push(c);
                    }
                    (true, None) => {
                        s.dropped += 1;
                        let mut c = change(ChangeKind::Dropped, &s.watchlist);
                        c.recorded =
                            before
                                .iter()
                                .find(|m| m.watchlist == s.watchlist)
                                .map(|m| Recorded {
                                    score: m.score,
                                    terms: m.terms.clone(),
                                    snippet: m.snippet.clone(),
                                });
                        c.why_not = Some(why_not(set, &s.watchlist, &a.title, text));
                        report.changes.push(c);
                    }
                    (false, None) => {}
                }
            }
        }
    }
    report.summaries = summaries;
    Ok(report)
}

/// Why `watchlist` does not match the article now, in one line.
fn why_not(set: &WatchSet, watchlist: &str, title: &str, text: &str) -> String {
    let Some(ex) = set
        .explain(title, text)
        .into_iter()
        .find(|e| e.watchlist == watchlist)
    else {
        return "the watchlist is gone".into();
    };
    let found: Vec<String> = ex
        .terms
        .iter()
        .filter(|t| t.title_hits + t.body_hits > 0)
        .map(|t| {
            if t.negated {
                format!("NOT {}", t.term)
            } else {
                t.term.clone()
            }
        })
        .collect();
    let found = if found.is_empty() {
        "none of its terms".to_string()
    } else {
        found.join(", ")
    };
    if ex.query_holds {
        format!(
            "score {} is below min_score {}; found {found}",
            ex.score, ex.min_score
        )
    } else {
        format!("the query does not hold; found {found}")
    }
}
