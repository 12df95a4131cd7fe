//! Replacing a file newshound edits for the operator (the config, on `opml import` and
//! `feeds add`) the way a careful editor does: the new text goes to a file beside the old
//! one, is flushed, takes the old file's mode, owner and group, and only then replaces it in
//! one rename. A service running as its own user (DynamicUser) reads the config through its
//! group or the world bits; a file rewritten with the temporary file's 0600 would lock it
//! out at the next reload. A symlinked config is replaced at its target, so the link stays.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum RewriteError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing the new text beside the file failed; the file is unchanged.
    #[error("cannot write the new {} (in its directory): {source}; the file is unchanged", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Replaces `path` with `text`, keeping its mode, owner and group. Returns a warning for the
/// operator when the owner or group could not be kept (only root may give a file away; the
/// mode is kept whoever runs it).
pub fn replace(path: &Path, text: &str) -> Result<Option<String>, RewriteError> {
    let target = std::fs::canonicalize(path).map_err(|source| RewriteError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let old = std::fs::metadata(&target).map_err(|source| RewriteError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let write_err = |source| RewriteError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = target.parent().unwrap_or(Path::new("/"));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
    tmp.write_all(text.as_bytes()).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    tmp.as_file()
        .set_permissions(old.permissions())
        .map_err(write_err)?;
    let new = tmp.as_file().metadata().map_err(write_err)?;
    let mut warning = None;
    let owner_kept = (new.uid(), new.gid()) == (old.uid(), old.gid())
        || std::os::unix::fs::fchown(tmp.as_file(), Some(old.uid()), Some(old.gid())).is_ok();
    if !owner_kept {
        warning = Some(format!(
            "{}: could not keep its owner {}:{} (only root can give a file away); it now \
             belongs to {}:{} — check that the service can still read it",
            path.display(),
            old.uid(),
            old.gid(),
            new.uid(),
            new.gid()
        ));
    }
    tmp.persist(&target).map_err(|e| write_err(e.error))?;
    // The rename itself must survive a power cut, or the old text could come back.
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(write_err)?;
    Ok(warning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_new_file_keeps_mode_and_owner_and_a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o644)).unwrap();
        let root = unsafe { libc::geteuid() } == 0;
        if root {
            std::os::unix::fs::chown(&real, Some(65534), Some(65534)).unwrap();
        }
        let link = dir.path().join("newshound.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();

        let warning = replace(&link, "new").unwrap();
        assert_eq!(warning, None);
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        let m = std::fs::metadata(&real).unwrap();
        assert_eq!(m.permissions().mode() & 0o7777, 0o644);
        if root {
            assert_eq!((m.uid(), m.gid()), (65534, 65534));
        } else {
            eprintln!("owner not checked: only root can give a file away");
        }
        // Nothing left behind beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let e = replace(&dir.path().join("none.toml"), "x").unwrap_err();
        assert!(e.to_string().contains("none.toml"), "{e}");
    }
}
