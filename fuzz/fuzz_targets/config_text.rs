//! Config text → Config: validation must refuse with located problems or accept, never
//! panic; an accepted config's schedules and numbers must then be usable without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match newshound::config::Config::from_text(text) {
        Err(e) => {
            for p in e.problems() {
                assert!(p.line >= 1 && p.column >= 1, "{p}");
            }
        }
        Ok(cfg) => {
            let now = chrono::DateTime::<chrono::Utc>::from_timestamp(1_800_000_000, 0).expect("now");
            for f in &cfg.feeds {
                let cron = newshound::schedule::parse_cron(&f.poll).expect("validated");
                let _ = newshound::schedule::next_fire(&cron, cfg.schedule.timezone, now);
                let _ = newshound::schedule::jitter(&f.name, cfg.schedule.jitter_secs);
                let _ = newshound::schedule::retry_at(
                    now,
                    u32::MAX,
                    cfg.fetch.backoff_base_secs,
                    cfg.fetch.backoff_max_secs,
                    &f.name,
                    None,
                );
            }
        }
    }
});
