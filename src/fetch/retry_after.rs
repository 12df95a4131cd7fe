//! The `Retry-After` header of a 429 or 503 (RFC 9110 §10.2.3): delay-seconds or an
//! HTTP-date. The value comes from a server we do not control, so turning it into an instant
//! never overflows: a wait longer than [`MAX_WAIT_SECS`] is cut to it, and the cut is said in
//! the message (`Display`), so an operator sees why the feed waits a week and not a century.

use crate::schedule::add_secs;
use chrono::{DateTime, Utc};

/// The longest a server may make newshound wait before polling its feed again. A week is
/// longer than any outage worth waiting out silently, and short enough that a typo on the
/// server (`Retry-After: 10000000000`) does not stop a feed for good.
pub const MAX_WAIT_SECS: u64 = 7 * 24 * 3600;

/// When a server asked to be left alone until; resolved against the caller's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryAfter {
    Seconds(u64),
    At(DateTime<Utc>),
}

impl std::fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RetryAfter::Seconds(s) if *s > MAX_WAIT_SECS => {
                write!(f, "{s} s, cut to {} days", MAX_WAIT_SECS / 86_400)
            }
            RetryAfter::Seconds(s) => write!(f, "{s} s"),
            RetryAfter::At(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M:%S UTC")),
        }
    }
}

impl RetryAfter {
    /// Parses the header's two forms. Anything else (a negative or fractional number, a
    /// date chrono cannot read) is `None`: the feed then backs off as after any failure.
    pub fn parse(value: &str) -> Option<Self> {
        let v = value.trim();
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            // All digits but too many for u64: as long as a wait can be, which is then cut.
            return Some(RetryAfter::Seconds(v.parse().unwrap_or(u64::MAX)));
        }
        DateTime::parse_from_rfc2822(v)
            .ok()
            .map(|t| RetryAfter::At(t.with_timezone(&Utc)))
    }

    /// The instant the server named, at most [`MAX_WAIT_SECS`] after `now` and never before
    /// it (a date in the past asks for no wait at all).
    pub fn until(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let latest = add_secs(now, MAX_WAIT_SECS);
        match self {
            RetryAfter::Seconds(s) => add_secs(now, *s).min(latest),
            RetryAfter::At(t) => (*t).clamp(now, latest.max(now)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
    }

    #[test]
    fn waits_near_the_range_of_i64_are_cut_to_a_week_without_panicking() {
        for v in [
            "10000000000000",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "99999999999999999999999999",
        ] {
            let r = RetryAfter::parse(v).expect(v);
            assert_eq!(r.until(now()), now() + Duration::days(7), "{v}");
            assert!(r.to_string().contains("cut to 7 days"), "{r}");
        }
    }

    #[test]
    fn the_two_forms_parse_and_dates_are_clamped_to_now_and_a_week() {
        assert_eq!(RetryAfter::parse(" 120 "), Some(RetryAfter::Seconds(120)));
        assert_eq!(
            RetryAfter::parse("120").unwrap().until(now()),
            now() + Duration::seconds(120)
        );
        let soon = RetryAfter::parse("Thu, 01 Jan 2026 01:00:00 GMT").expect("date");
        assert_eq!(soon.until(now()), now() + Duration::hours(1));
        let past = RetryAfter::parse("Wed, 21 Oct 2015 07:28:00 GMT").expect("date");
        assert_eq!(past.until(now()), now());
        let far = RetryAfter::parse("Fri, 31 Dec 9999 23:59:59 GMT").expect("date");
        assert_eq!(far.until(now()), now() + Duration::days(7));
        for bad in ["", "-5", "1.5", "soon", "+3"] {
            assert_eq!(RetryAfter::parse(bad), None, "{bad:?}");
        }
    }
}
