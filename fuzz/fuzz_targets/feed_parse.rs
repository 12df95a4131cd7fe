//! The `feed_parse` target: what it asserts is `checks::feed_parse` (fuzz/checks.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::feed_parse(data));
