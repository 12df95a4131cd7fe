//! The `extract_html` target: what it asserts is `checks::extract_html` (fuzz/checks.rs).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::extract_html(data));
