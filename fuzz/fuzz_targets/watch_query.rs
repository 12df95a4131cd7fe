//! The `watch_query` target: what it asserts is `checks::watch_query` (fuzz/checks.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::watch_query(data));
