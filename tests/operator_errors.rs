//! Errors and warnings an operator meets in the first days: each says what is wrong and what
//! to do — a config that is not where it was looked for, a digest name that does not exist,
//! and the shipped placeholders left in a config that now sends real mail.

mod common;

use common::{Rig, ok, stderr};

fn newshound_in(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("newshound").expect("binary");
    cmd.current_dir(dir)
        .args(args)
        .env_remove("NEWSHOUND_CONFIG")
        .env_remove("STATE_DIRECTORY")
        .env_remove("CREDENTIALS_DIRECTORY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run newshound")
}

#[test]
fn a_missing_config_is_named_with_how_it_was_chosen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = newshound_in(dir.path(), &["-c", "nope.toml", "check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newshound: config file nope.toml (given with -c) does not exist\n"
    );

    let out = newshound_in(
        dir.path(),
        &["check"],
        &[("NEWSHOUND_CONFIG", "/nonexistent/newshound.toml")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newshound: config file /nonexistent/newshound.toml (from $NEWSHOUND_CONFIG) does not exist\n"
    );

    if std::path::Path::new("/etc/newshound/newshound.toml").exists() {
        eprintln!("skipped the no-config case: this machine has /etc/newshound/newshound.toml");
        return;
    }
    let out = newshound_in(dir.path(), &["check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("tried ./config/newshound.toml and /etc/newshound/newshound.toml")
            && err.contains("pass one with -c PATH or set NEWSHOUND_CONFIG"),
        "{err}"
    );
}

#[test]
fn an_unknown_digest_name_lists_the_digests_there_are() {
    let rig = Rig::new();
    rig.write_config(&[], 2525, "");
    for args in [
        &["digest", "preview", "weekly"][..],
        &["digest", "send", "weekly"][..],
    ] {
        let out = rig.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("no digest named \"weekly\" in ")
                && err.ends_with("; its digests are \"daily\"\n"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn placeholders_left_in_a_config_that_sends_mail_are_warned_about() {
    let rig = Rig::new();
    rig.write_config(&[], 2525, "");
    rig.edit_config(|c| c.replace("analyst@desk.test", "analyst@example.org"));
    let out = rig.run(&["check"]);
    ok(&out);
    let err = stderr(&out);
    assert!(
        err.contains(
            "recipient \"analyst@example.org\" is at example.org, a reserved example domain that \
             receives no mail"
        ),
        "{err}"
    );
    // A From at example.org is this rig's own; only a loopback name with a remote server is.
    assert!(!err.contains("[mail] from"), "{err}");

    rig.edit_config(|c| {
        c.replace("newshound@example.org", "newshound@localhost")
            .replace("host = \"127.0.0.1\"", "host = \"mail.desk.test\"")
            .replace("security = \"none\"", "security = \"tls\"")
    });
    let err = stderr(&rig.run(&["check"]));
    assert!(
        err.contains(
            "[mail] from \"newshound <newshound@localhost>\" is at this machine's name, but mail \
             goes to \"mail.desk.test\""
        ),
        "{err}"
    );
}

#[test]
fn placeholders_are_harmless_when_mail_is_written_to_files() {
    let rig = Rig::new();
    rig.write_config(&[], 2525, "");
    rig.edit_config(|c| {
        let head = c.split("[mail]").next().expect("config").to_string();
        head.replace("analyst@desk.test", "analyst@example.org")
            + "[mail]\nfrom = \"newshound <newshound@localhost>\"\ntransport = \"file\"\n"
    });
    let err = stderr(&rig.run(&["check"]));
    assert!(
        !err.contains("reserved example domain") && !err.contains("[mail] from"),
        "{err}"
    );
}
