//! The fuzz targets' assertions (fuzz/checks.rs) on every input kept under
//! tests/fixtures/fuzz/TARGET/: inputs that once crashed newshound, found by fuzzing or by
//! hand, so they stay fixed in every `cargo test`, with or without cargo-fuzz. A new crash
//! from `cargo fuzz run TARGET` goes in as fuzz/artifacts/TARGET/crash-* is: copy the file
//! into the target's folder here.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

#[test]
fn every_kept_fuzz_input_passes_its_targets_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut failures = Vec::new();
    for (target, check) in checks::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no inputs kept", dir.display());
        for file in files {
            let data = std::fs::read(&file).expect("a kept input");
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&data))) {
                let why = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: {why}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
