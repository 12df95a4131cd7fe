//! Golden files for `newshound check` on broken configs: each
//! `tests/fixtures/config/invalid-*.toml` has its exact output (exit code, standard output and
//! standard error) in the `.out` file beside it. `UPDATE_GOLDEN=1 cargo test --test
//! check_output` rewrites them; review the diff.

mod common;

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = common::fixture("config");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("invalid-") && n.ends_with(".toml"))
        })
        .collect();
    found.sort();
    found
}

/// Runs `check` from the fixture's directory with its bare name, so the paths in the output
/// are the fixture's name; any absolute path that still shows is cut back to it as well.
fn check(fixture: &Path) -> String {
    let dir = fixture.parent().expect("fixture dir");
    let name = fixture.file_name().expect("file name");
    let out = assert_cmd::Command::cargo_bin("newshound")
        .expect("binary")
        .current_dir(dir)
        .arg("-c")
        .arg(name)
        .arg("check")
        .env_remove("NEWSHOUND_CONFIG")
        .env_remove("NEWSHOUND_LOG")
        .env_remove("STATE_DIRECTORY")
        .env_remove("CREDENTIALS_DIRECTORY")
        .output()
        .expect("run newshound");
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.replace(&format!("{}/", dir.display()), "")
}

#[test]
fn check_output_matches_the_golden_files() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "fixtures went missing: {fixtures:?}");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut wrong = Vec::new();
    for fixture in &fixtures {
        let got = check(fixture);
        let golden = fixture.with_extension("out");
        assert!(
            got.starts_with("exit: 2\n--- stdout\n--- stderr\nnewshound: invalid configuration:\n"),
            "{} must fail with exit 2, nothing on stdout:\n{got}",
            fixture.display()
        );
        if update {
            std::fs::write(&golden, &got).unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            wrong.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                golden.display()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} golden file(s) differ (UPDATE_GOLDEN=1 rewrites them):\n\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_problem_of_a_fixture_is_located_in_its_file() {
    for fixture in fixtures() {
        let got = check(&fixture);
        let problems: Vec<&str> = got
            .lines()
            .skip_while(|l| !l.starts_with("newshound: invalid configuration:"))
            .skip(1)
            .collect();
        assert!(!problems.is_empty(), "{got}");
        for p in problems {
            let mut parts = p.splitn(4, ':');
            let (file, line, col) = (parts.next(), parts.next(), parts.next());
            assert!(
                file.is_some_and(|f| f.ends_with(".toml") || f.ends_with(".jsonl"))
                    && line.is_some_and(|l| l.parse::<usize>().is_ok_and(|n| n > 0))
                    && col.is_some_and(|c| c.parse::<usize>().is_ok_and(|n| n > 0)),
                "not file:line:col: {p}"
            );
        }
    }
}
