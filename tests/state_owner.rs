//! Commands an operator runs as root beside the service (`digest send --now`, `poll --once`)
//! leave the service's state as the service's: every file they create there belongs to the
//! state directory's owner, so the service's next send does not fail with "Permission denied".

mod common;

use common::{Rig, ok};
use std::os::unix::fs::MetadataExt;

/// The uid the test gives the state directory, as DynamicUser would give it its own.
const SERVICE: u32 = 65534;

#[test]
fn files_made_by_root_in_the_state_belong_to_the_service() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: only a process running as root can leave files another user owns");
        return;
    }
    let rig = Rig::new();
    rig.write_config(&[], 25, "");
    rig.edit_config(|c| {
        c.replace(
            "transport = \"smtp\"",
            "transport = \"file\"\ndir = \"var/outbox\"",
        )
        .replace("watchlists = [", "send_empty = true\nwatchlists = [")
    });
    let state = rig.dir.path().join("var");
    std::fs::create_dir(&state).expect("state dir");
    std::os::unix::fs::chown(&state, Some(SERVICE), Some(SERVICE)).expect("chown");

    ok(&rig.run(&["digest", "send", "--now"]));

    let mut made = Vec::new();
    let mut stack = vec![state.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read state") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            made.push(path);
        }
    }
    let names: Vec<String> = made.iter().map(|p| p.display().to_string()).collect();
    for want in ["newshound.db", ".send-lock", "outbox", ".eml"] {
        assert!(
            names.iter().any(|n| n.contains(want)),
            "{want} in {names:?}"
        );
    }
    for path in &made {
        let m = std::fs::symlink_metadata(path).expect("stat");
        assert_eq!(
            (m.uid(), m.gid()),
            (SERVICE, SERVICE),
            "{} belongs to the service",
            path.display()
        );
    }
}
