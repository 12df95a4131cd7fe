//! The `retry_after_cron` target: what it asserts is `checks::retry_after_cron` (fuzz/checks.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::retry_after_cron(data));
