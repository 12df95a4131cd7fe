//! When a failing feed may be tried again: exponential backoff with jitter, capped, and never
//! before the server's own Retry-After. Pure: the caller passes `now` and the failure count.

use super::saturate::add_secs;
use chrono::{DateTime, Duration, Utc};

/// Backoff after `failures` consecutive failures (1 = the first): `base * 2^(failures-1)`,
/// capped at `max`, then shortened by up to a fifth by a jitter derived from `key` and the
/// count, so feeds that failed together (one host down) do not retry in lockstep.
pub fn backoff(failures: u32, base_secs: u64, max_secs: u64, key: &str) -> Duration {
    Duration::try_seconds(
        i64::try_from(backoff_secs(failures, base_secs, max_secs, key)).unwrap_or(i64::MAX),
    )
    .unwrap_or(Duration::MAX)
}

/// [`backoff`] in seconds; every step saturates, whatever the config says.
fn backoff_secs(failures: u32, base_secs: u64, max_secs: u64, key: &str) -> u64 {
    if failures == 0 || base_secs == 0 {
        return 0;
    }
    let doublings = (failures - 1).min(32);
    let secs = base_secs.saturating_mul(1u64 << doublings).min(max_secs);
    let spread = secs / 5;
    let cut = if spread == 0 {
        0
    } else {
        fnv(key, failures) % (spread + 1)
    };
    secs - cut
}

/// The earliest time the next poll may run: after the backoff, and not before the server's
/// Retry-After (which is not capped: the server knows its own outage).
pub fn retry_at(
    now: DateTime<Utc>,
    failures: u32,
    base_secs: u64,
    max_secs: u64,
    key: &str,
    retry_after: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let ours = add_secs(now, backoff_secs(failures, base_secs, max_secs, key));
    retry_after.map_or(ours, |theirs| ours.max(theirs))
}

fn fnv(key: &str, n: u32) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in key.bytes().chain(n.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_from_the_base_and_stops_at_the_cap() {
        let secs = |n| backoff(n, 300, 6 * 3600, "feed").num_seconds();
        assert_eq!(secs(0), 0);
        for (n, full) in [(1, 300), (2, 600), (3, 1200), (4, 2400)] {
            let s = secs(n);
            assert!(
                s <= full && s >= full - full / 5,
                "{n}: {s} not near {full}"
            );
        }
        assert!(secs(7) <= 6 * 3600 && secs(7) >= 6 * 3600 * 4 / 5);
        assert!(secs(100) <= 6 * 3600, "huge counts do not overflow");
    }

    #[test]
    fn huge_config_values_saturate_instead_of_panicking() {
        let now = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        for (base, max) in [
            (100_000_000_000_000, 100_000_000_000_000),
            (u64::MAX, u64::MAX),
        ] {
            let at = retry_at(now, u32::MAX, base, max, "f", None);
            assert!(at > now + Duration::days(365 * 1000), "{at}");
            let _ = backoff(u32::MAX, base, max, "f");
        }
    }

    #[test]
    fn feeds_failing_together_spread_out() {
        let a = backoff(5, 300, 21600, "feed a");
        let b = backoff(5, 300, 21600, "feed b");
        assert_ne!(a, b);
    }

    #[test]
    fn retry_after_wins_when_later_and_backoff_when_longer() {
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let later = now + Duration::hours(10);
        assert_eq!(retry_at(now, 1, 300, 21600, "f", Some(later)), later);
        let soon = now + Duration::seconds(1);
        assert!(retry_at(now, 3, 300, 21600, "f", Some(soon)) > now + Duration::minutes(15));
        assert_eq!(retry_at(now, 0, 300, 21600, "f", None), now);
    }
}
