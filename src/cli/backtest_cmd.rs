//! `newshound watch backtest`: what the current watchlists would catch, and no longer catch,
//! among the articles already in the store. Reads the store, writes nothing, mails nothing.

use super::BacktestArgs;
use super::commands::{Failure, Outcome};
use super::explain_fmt::match_lines;
use super::out::outln;
use super::watch_cmd::compile;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::pipeline::{BacktestReport, ChangeKind, backtest as run};
use anyhow::{Context, anyhow};
use chrono::Duration;
use std::process::ExitCode;

/// Reads an age such as `7d`, `36h`, `90m` or `2w`.
fn age(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("--since {s:?}: expected a number and a unit, e.g. 7d"))?;
    let (n, unit) = s.split_at(split);
    let n: i64 = n
        .parse()
        .map_err(|_| format!("--since {s:?}: expected a number before the unit, e.g. 7d"))?;
    let d = match unit {
        "m" => Duration::try_minutes(n),
        "h" => Duration::try_hours(n),
        "d" => Duration::try_days(n),
        "w" => Duration::try_weeks(n),
        _ => {
            return Err(format!(
                "--since {s:?}: unknown unit {unit:?}; use m, h, d or w (e.g. 7d)"
            ));
        }
    };
    d.ok_or_else(|| format!("--since {s:?}: too long"))
}

pub(super) async fn backtest(cfg: &Config, args: BacktestArgs) -> Outcome {
    let set = compile(cfg)?;
    if let Some(id) = &args.watchlist
        && set.spec(id).is_none()
    {
        return Err(Failure::Usage(anyhow!(
            "no watchlist {id:?} in {} (known: {})",
            cfg.watchlists_path.display(),
            set.ids().join(", ")
        )));
    }
    let back = match &args.since {
        Some(s) => age(s).map_err(|e| Failure::Usage(anyhow!(e)))?,
        None => Duration::days(i64::from(cfg.keep_text_days.max(1))),
    };
    let now = SystemClock.now();
    let since = now.checked_sub_signed(back).unwrap_or(now);
    let store = crate::store::open(&cfg.storage)
        .await
        .context("opening the store")?;
    let report = run(&*store, &set, since, args.watchlist.as_deref())
        .await
        .context("reading the store")?;
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).context("encoding JSON")?
        );
    } else {
        print(cfg, &report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print(cfg: &Config, r: &BacktestReport) {
    let keep_days = cfg.keep_text_days;
    outln!(
        "backtest over {} articles seen since {}",
        r.articles,
        cfg.local_time(r.since)
    );
    if r.without_text > 0 {
        outln!(
            "  {} of them not compared: their text is gone ([storage] keep_text_days = {keep_days}) or was never kept",
            r.without_text
        );
    }
    for s in &r.summaries {
        outln!(
            "{}: recorded {}, now {} (+{} caught, -{} dropped, {} unchanged)",
            s.watchlist,
            s.recorded,
            s.now,
            s.caught,
            s.dropped,
            s.unchanged
        );
    }
    for (id, n) in &r.removed_watchlists {
        outln!("{id}: {n} recorded matches, but the watchlist is no longer configured");
    }
    for c in &r.changes {
        let sign = match c.change {
            ChangeKind::Caught => "+ now caught     ",
            ChangeKind::Dropped => "- no longer caught",
        };
        outln!();
        outln!(
            "{sign} {}  {}  {}: {}",
            c.watchlist,
            cfg.local_time(c.seen_at),
            c.feed,
            c.title
        );
        if let Some(link) = &c.link {
            outln!("  {link}");
        }
        if let Some(m) = &c.now {
            outln!("  score {}", m.score);
            match_lines(m).iter().for_each(|l| outln!("{l}"));
        }
        if let Some(rec) = &c.recorded {
            outln!(
                "  recorded: score {}; terms {}",
                rec.score,
                rec.terms.join(", ")
            );
            outln!("  recorded passage: {}", rec.snippet);
        }
        if let Some(why) = &c.why_not {
            outln!("  now: {why}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::age;
    use chrono::Duration;

    #[test]
    fn ages_take_a_number_and_a_unit() {
        assert_eq!(age("7d"), Ok(Duration::days(7)));
        assert_eq!(age("36h"), Ok(Duration::hours(36)));
        assert_eq!(age("2w"), Ok(Duration::weeks(2)));
        assert_eq!(age(" 90m "), Ok(Duration::minutes(90)));
        for bad in ["7", "d", "7y", "-1d", "99999999999999999999d", ""] {
            assert!(age(bad).is_err(), "{bad}");
        }
        assert!(age("7y").unwrap_err().contains("use m, h, d or w"));
    }
}
