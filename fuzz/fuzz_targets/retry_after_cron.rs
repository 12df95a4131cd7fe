//! Retry-After values and cron expressions from outside: parsing and the time arithmetic on
//! them must saturate or refuse, never panic, at any clock reading.
#![no_main]
use chrono::{DateTime, Utc};
use libfuzzer_sys::fuzz_target;
use newshound::fetch::RetryAfter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let nows = [
        DateTime::<Utc>::from_timestamp(1_800_000_000, 0).expect("now"),
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
    ];
    if let Some(r) = RetryAfter::parse(text) {
        for now in nows {
            let until = r.until(now);
            assert!(until >= now, "{r:?} at {now}: {until}");
            let _ = r.to_string();
        }
    }
    if let Ok(cron) = newshound::schedule::parse_cron(text) {
        for now in nows {
            let _ = newshound::schedule::next_fire(&cron, chrono_tz::Tz::Europe__Kyiv, now);
            let _ = newshound::schedule::previous_fire(&cron, chrono_tz::Tz::UTC, now);
        }
    }
    let secs = text.len() as u64 * 1_000_000_007;
    for now in nows {
        let _ = newshound::schedule::add_secs(now, secs);
    }
});
