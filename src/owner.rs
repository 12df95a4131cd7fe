//! Files newshound creates in its state belong to whoever owns the state. The service runs
//! as its own (often dynamic) user; an operator who runs `digest send --now` or `poll --once`
//! as root beside it would otherwise leave root-owned lock files, outbox folders and
//! databases behind, which the service can then no longer open ("Permission denied"). So a
//! process running as root hands what it creates to the owner of the place it created it in,
//! as SQLite already does for its own -wal and -shm files. Other users cannot give files
//! away, and need not: what they create is theirs, as the state is.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Whether this process runs as root, the one user whose files can end up in a state it
/// does not own.
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Gives `path` (just created) the owner and group of `like` (the directory or database it
/// belongs with), when running as root and they differ. Does nothing for other users or
/// when `like` does not exist.
pub fn follow(path: &Path, like: &Path) -> io::Result<()> {
    if !is_root() {
        return Ok(());
    }
    let Ok(want) = std::fs::metadata(like) else {
        return Ok(());
    };
    let have = std::fs::symlink_metadata(path)?;
    if (have.uid(), have.gid()) == (want.uid(), want.gid()) {
        return Ok(());
    }
    std::os::unix::fs::lchown(path, Some(want.uid()), Some(want.gid()))
}

/// [`follow`] for a path just created inside `dir`: `like` is `dir` itself.
pub fn follow_dir(path: &Path) -> io::Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => follow(path, dir),
        None => follow(path, Path::new(".")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_made_as_root_goes_to_the_owner_of_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        std::fs::create_dir(&state).unwrap();
        let file = state.join("n.db.send-lock");
        std::fs::write(&file, "").unwrap();
        if !is_root() {
            // Only root can give files away; for anyone else this is a no-op.
            follow_dir(&file).unwrap();
            eprintln!("skipped the ownership check: not running as root");
            return;
        }
        std::os::unix::fs::chown(&state, Some(65534), Some(65534)).unwrap();
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
        follow_dir(&file).unwrap();
        let m = std::fs::metadata(&file).unwrap();
        assert_eq!((m.uid(), m.gid()), (65534, 65534));
        // Already right: nothing to do, no error.
        follow_dir(&file).unwrap();
    }

    #[test]
    fn a_missing_model_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "").unwrap();
        let before = std::fs::metadata(&file).unwrap().uid();
        follow(&file, &dir.path().join("nope")).unwrap();
        assert_eq!(std::fs::metadata(&file).unwrap().uid(), before);
    }
}
