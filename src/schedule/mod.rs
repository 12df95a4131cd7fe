//! When things happen: the cron rules (pure: parse, next fire time in a time zone, jitter)
//! and the timer that turns them into ticks through tokio-cron-scheduler.
//!
//! tokio-cron-scheduler freezes a time-zone job's UTC offset when the job is created, so its
//! cron jobs fire an hour off after a DST change, and it neither prevents overlap nor catches
//! up missed runs. So the next local fire time is computed here with croner + chrono-tz, and
//! the timer arms a one-shot job for that instant, re-armed after each run.

mod backoff;
mod order;
mod saturate;
mod timer;

pub use backoff::{backoff, retry_at};
pub use order::interleave_by_host;
pub use saturate::{add_secs, secs_between};
pub use timer::{Task, Timer};

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds};

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "invalid cron expression {expr:?}: {reason} (6 fields with seconds: \"sec min hour day month weekday\", e.g. \"0 */15 * * * *\")"
    )]
    Cron { expr: String, reason: String },
    #[error(
        "cron expression {0:?} never fires: no date matches its day and month (31 February, say); nothing on this schedule would ever run"
    )]
    Never(String),
    #[error("scheduler: {0}")]
    Scheduler(String),
}

/// Parses a cron expression with a mandatory seconds field. Day-of-month and day-of-week
/// are ORed, as in Vixie cron (tokio-cron-scheduler's own parser ANDs them).
pub fn parse_cron(expr: &str) -> Result<Cron, ScheduleError> {
    let err = |reason: String| ScheduleError::Cron {
        expr: expr.to_string(),
        reason,
    };
    if expr.split_whitespace().count() != 6 {
        return Err(err(format!(
            "has {} fields, expected 6",
            expr.split_whitespace().count()
        )));
    }
    CronParser::builder()
        .seconds(Seconds::Required)
        .build()
        .parse(expr)
        .map_err(|e| err(e.to_string()))
}

/// Whether `cron` fires at all. Six fields have no year, so a rule that fires at all fires
/// within 28 years of any date (the calendar repeats); a search from a fixed date up to
/// croner's limit (year 5000) answers without reading the clock. `"0 0 0 31 2 *"` (31 February)
/// never fires.
pub fn ever_fires(cron: &Cron) -> bool {
    let from = DateTime::<Utc>::from_timestamp(946_684_800, 0).unwrap_or_default(); // 2000-01-01
    next_fire(cron, Tz::UTC, from).is_some()
}

/// The first fire time strictly after `after`, evaluated in local time of `tz` (so "07:00"
/// stays 07:00 across DST changes). `None` too for an instant outside croner's years (1 to
/// 5000): a saturated or damaged time near chrono's ends made croner panic in its local-time
/// arithmetic, and no rule fires there anyway.
pub fn next_fire(cron: &Cron, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let local = within_croner(after)?.with_timezone(&tz);
    cron.find_next_occurrence(&local, false)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The last fire time at or before `at`, in local time of `tz`; used to catch up a run
/// missed while the daemon was down. `None` outside croner's years, as for `next_fire`.
pub fn previous_fire(cron: &Cron, tz: Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let local = within_croner(at)?.with_timezone(&tz);
    cron.find_previous_occurrence(&local, true)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `at` when croner can search from it in any time zone: its years 1 to 5000, a day inside.
fn within_croner(at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let year = at.year();
    (year > croner::YEAR_LOWER_LIMIT && year < croner::YEAR_UPPER_LIMIT).then_some(at)
}

/// A stable per-feed offset in `[0, max_secs)`, so a thousand feeds sharing one cron
/// expression do not all fire in the same second, and each keeps its own slot across restarts.
pub fn jitter(key: &str, max_secs: u64) -> Duration {
    if max_secs == 0 {
        return Duration::zero();
    }
    // FNV-1a: tiny, stable across platforms and releases (unlike std's hasher).
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    Duration::seconds(i64::try_from(h % max_secs).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
            .single()
            .expect("valid time")
    }

    #[test]
    fn five_fields_are_refused_with_a_hint() {
        let e = parse_cron("*/15 * * * *").unwrap_err().to_string();
        assert!(e.contains("expected 6"), "{e}");
        assert!(parse_cron("0 61 * * * *").is_err());
        assert!(parse_cron("0 */15 * * * *").is_ok());
    }

    #[test]
    fn instants_at_chronos_ends_fire_never_instead_of_panicking() {
        let cron = parse_cron("0 0 7 * * *").expect("valid");
        let kyiv: Tz = "Europe/Kyiv".parse().expect("tz");
        for at in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
            assert_eq!(next_fire(&cron, kyiv, at), None);
            assert_eq!(previous_fire(&cron, kyiv, at), None);
        }
        let late = utc(4999, 6, 1, 0, 0, 0);
        assert!(
            next_fire(&cron, kyiv, late).is_some(),
            "inside croner's years"
        );
    }

    #[test]
    fn daily_local_time_survives_dst_changes() {
        let cron = parse_cron("0 0 7 * * *").expect("valid");
        let kyiv: Tz = "Europe/Kyiv".parse().expect("tz");
        // Summer (UTC+3): 07:00 local is 04:00 UTC.
        let summer = next_fire(&cron, kyiv, utc(2026, 10, 24, 12, 0, 0)).expect("fires");
        assert_eq!(summer, utc(2026, 10, 25, 5, 0, 0)); // 25 Oct 2026: DST ends at 04:00 local
        // Winter (UTC+2) after the change: 07:00 local is 05:00 UTC.
        let winter = next_fire(&cron, kyiv, summer).expect("fires");
        assert_eq!(winter, utc(2026, 10, 26, 5, 0, 0));
        let before = next_fire(&cron, kyiv, utc(2026, 10, 23, 12, 0, 0)).expect("fires");
        assert_eq!(before, utc(2026, 10, 24, 4, 0, 0));
    }

    #[test]
    fn previous_fire_finds_the_missed_run() {
        let cron = parse_cron("0 0 7 * * *").expect("valid");
        let prev = previous_fire(&cron, Tz::UTC, utc(2026, 11, 23, 9, 30, 0)).expect("fires");
        assert_eq!(prev, utc(2026, 11, 23, 7, 0, 0));
    }

    #[test]
    fn a_rule_that_never_fires_is_told_apart() {
        // One case: the search for a rule that never fires runs to year 5000 (~1 s unoptimised).
        let never = "0 0 0 31 4,6,9,11 *";
        assert!(!ever_fires(&parse_cron(never).expect(never)), "{never}");
        for rare in ["0 0 0 29 2 *", "0 0 0 31 2 1", "* * * * * *"] {
            assert!(ever_fires(&parse_cron(rare).expect(rare)), "{rare}");
        }
    }

    #[test]
    fn jitter_is_stable_and_bounded() {
        assert_eq!(
            jitter("Kyiv Independent", 60),
            jitter("Kyiv Independent", 60)
        );
        assert!(jitter("a", 60) < Duration::seconds(60));
        assert_eq!(jitter("a", 0), Duration::zero());
        let distinct: std::collections::HashSet<_> =
            (0..100).map(|i| jitter(&format!("feed {i}"), 60)).collect();
        assert!(
            distinct.len() > 30,
            "jitter should spread feeds: {}",
            distinct.len()
        );
    }
}
