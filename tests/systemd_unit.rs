//! The shipped unit passes `systemd-analyze verify` and rates 2.0 or better ("OK") on
//! `systemd-analyze security`. Needs systemd's tools (CI installs Debian's systemd package;
//! nothing is booted).

use std::path::Path;
use std::process::Command;

fn unit_for_this_build(dir: &Path) -> std::path::PathBuf {
    let unit = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("systemd/newshound.service"),
    )
    .expect("read the unit");
    // verify checks that ExecStart= exists: point it at the binary under test.
    let bin = assert_cmd::cargo::cargo_bin("newshound");
    let unit = unit.replace(
        "/usr/local/bin/newshound",
        bin.to_str().expect("utf-8 path"),
    );
    let path = dir.join("newshound.service");
    std::fs::write(&path, unit).expect("write the unit");
    path
}

fn analyze(args: &[&str]) -> (bool, String) {
    let out = Command::new("systemd-analyze")
        .args(args)
        .output()
        .expect("systemd-analyze must be installed (apt-get install systemd)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_unit_verifies_cleanly() {
    let dir = tempfile::tempdir().expect("tmp");
    let unit = unit_for_this_build(dir.path());
    let (ok, text) = analyze(&["verify", unit.to_str().expect("utf-8")]);
    assert!(
        ok && text.trim().is_empty(),
        "systemd-analyze verify:\n{text}"
    );
}

#[test]
fn the_unit_is_rated_ok_or_better() {
    let dir = tempfile::tempdir().expect("tmp");
    let unit = unit_for_this_build(dir.path());
    let (_, text) = analyze(&["security", "--offline=true", unit.to_str().expect("utf-8")]);
    let level: f64 = text
        .lines()
        .find_map(|l| l.split("exposure level for newshound.service:").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{text}"));
    assert!(level <= 2.0, "exposure {level} > 2.0:\n{text}");
}
