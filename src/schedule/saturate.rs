//! Time arithmetic on values from outside (a server's Retry-After, a config's seconds): it
//! saturates at the ends of what chrono and the OS clock can hold instead of panicking.

use chrono::{DateTime, Duration, Utc};

/// `at + secs`, or the largest instant chrono can hold when that is beyond it.
pub fn add_secs(at: DateTime<Utc>, secs: u64) -> DateTime<Utc> {
    i64::try_from(secs)
        .ok()
        .and_then(Duration::try_seconds)
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// How long from `now` until `at`, as a std duration: zero for a past instant.
pub fn secs_between(now: DateTime<Utc>, at: DateTime<Utc>) -> std::time::Duration {
    at.signed_duration_since(now)
        .to_std()
        .unwrap_or(std::time::Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn adding_seconds_saturates() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(add_secs(now, u64::MAX), DateTime::<Utc>::MAX_UTC);
        assert_eq!(add_secs(now, i64::MAX as u64), DateTime::<Utc>::MAX_UTC);
        assert_eq!(
            add_secs(DateTime::<Utc>::MAX_UTC, 1),
            DateTime::<Utc>::MAX_UTC
        );
        assert_eq!(add_secs(now, 60), now + Duration::minutes(1));
        assert_eq!(
            secs_between(now, DateTime::<Utc>::MAX_UTC).as_secs() / 86_400 / 365,
            260_289,
            "far but finite"
        );
        assert_eq!(
            secs_between(DateTime::<Utc>::MAX_UTC, now),
            std::time::Duration::ZERO
        );
    }
}
