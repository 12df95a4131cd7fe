//! `opml import` as an operator meets it: a list from another reader with folders, odd
//! addresses and clashes, imported beside a running service whose config it must not lock out.

mod common;

use common::{Rig, ok, stdout};
use std::os::unix::fs::{MetadataExt, PermissionsExt};

const LIST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Reader</title></head><body>
  <outline text="War desk">
    <outline text="Kyiv Wire" xmlUrl="feed://kyiv.example.org/rss"/>
    <outline text="Broken" xmlUrl="ftp://files.example.org/feed.xml"/>
    <outline text="Bare" xmlUrl="bare.example.org/feed"/>
  </outline>
  <outline text="Kyiv Wire" xmlUrl="https://other.example.net/rss"/>
  <outline text="Wire again" xmlUrl="https://www.kyiv.example.org/rss/"/>
</body></opml>"#;

fn rig() -> (Rig, std::path::PathBuf) {
    let rig = Rig::new();
    rig.write_config(&[], 25, "");
    let list = rig.dir.path().join("subs.opml");
    std::fs::write(&list, LIST).expect("write opml");
    (rig, list)
}

#[test]
fn valid_outlines_are_imported_and_each_refused_one_is_named_with_its_line() {
    let (rig, list) = rig();
    let list = list.to_str().expect("utf-8");
    let dry = ok(&rig.run(&["opml", "import", "--dry-run", list]));
    let real = ok(&rig.run(&["opml", "import", list]));
    // The dry run predicts the import line for line.
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("updated "))
            .map(|l| l.replace(" (dry run: config unchanged)", ""))
            .collect()
    };
    assert_eq!(lines(&dry), lines(&real), "{dry}\n---\n{real}");
    assert!(
        real.contains("add     Kyiv Wire: https://kyiv.example.org/rss"),
        "{real}"
    );
    // A clash of names is settled by the outline's site, not by a number.
    assert!(
        real.contains("add     Kyiv Wire (other.example.net): https://other.example.net/rss"),
        "{real}"
    );
    assert!(
        real.contains("refuse  line 5: Broken: url scheme \"ftp\""),
        "{real}"
    );
    assert!(
        real.contains("refuse  line 6: Bare:")
            && real.contains("write https://bare.example.org/feed"),
        "{real}"
    );
    assert!(
        real.contains("skip    line 9: Wire again: already configured as line 4 of this file"),
        "{real}"
    );
    assert!(
        real.contains("2 feeds added, 1 already configured, 2 refused"),
        "{real}"
    );
    let dir = rig.dir.path().to_str().expect("utf-8");
    let elsewhere = real.replace(&format!("{dir}/newshound.toml"), "");
    assert!(
        !elsewhere.contains(".tmp"),
        "never a temporary file's name: {real}"
    );

    let config = std::fs::read_to_string(rig.config_path()).expect("config");
    assert!(
        config.contains("label = \"War desk\""),
        "the folder is the feed's label:\n{config}"
    );
    ok(&rig.run(&["check"]));
    let again = ok(&rig.run(&["opml", "import", list]));
    assert!(
        again.contains("already configured as feed \"Kyiv Wire\" (https://kyiv.example.org/rss)"),
        "{again}"
    );

    // Export gives the folders and the sites back.
    let exported = ok(&rig.run(&["opml", "export"]));
    let feeds = newshound::opml::parse(&exported).expect("exported OPML parses");
    let wire = feeds
        .iter()
        .find(|f| f.title == "Kyiv Wire")
        .expect("exported");
    assert_eq!(wire.category.as_deref(), Some("War desk"));
    assert_eq!(wire.html_url.as_deref(), Some("https://kyiv.example.org/"));
}

#[test]
fn an_import_keeps_the_config_readable_by_the_service() {
    let (rig, list) = rig();
    let path = rig.config_path();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // The service's group must still read it after root imports.
        std::os::unix::fs::chown(&path, Some(0), Some(65534)).expect("chown");
    }
    let out = rig.run(&["opml", "import", list.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stdout(&out));
    let m = std::fs::metadata(&path).expect("config");
    assert_eq!(m.permissions().mode() & 0o7777, 0o640, "mode kept");
    if root {
        assert_eq!(m.gid(), 65534, "group kept");
    } else {
        eprintln!("group not checked: the test is not running as root");
    }
}
