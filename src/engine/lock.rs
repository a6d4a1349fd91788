//! A lock on a file while it is rewritten, so that two programs changing the same project at once
//! (two `follicle add-view` runs, the app saving while the command line adds a view) cannot both
//! succeed with one of the changes lost: the second is told the file is busy and writes nothing.
//!
//! The lock is the operating system's advisory lock on the file itself (no lock file is left
//! behind, and a killed program's lock goes with it). A save replaces the file by renaming a new
//! one into place, so whoever locks a file checks afterwards that it is still the file at that
//! name; if it was replaced in the meantime, the new one is locked instead.
//!
//! On Unix the lock is taken on the project itself: it does not stop other readers. Elsewhere
//! (Windows, whose locks would forbid the reads a backup makes) it is taken on a small lock file
//! beside the project, `<name>.follicle-lock`, which is created when first needed and left in
//! place (holding no data, it is never in the way; a killed program's lock goes with it there
//! too). The lock file is never replaced, so it needs no check that it is still the same file.

use std::path::Path;

use crate::engine::error::{Error, Result, describe_io};

/// A file held while it is rewritten; the lock is released when this is dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: Option<std::fs::File>,
}

/// How many times a file replaced between opening and locking it is opened again before giving
/// up (each time means another program finished writing it just then).
#[cfg(unix)]
const ATTEMPTS: usize = 5;

impl FileLock {
    /// Locks the file at `path` for rewriting, or fails at once with [`Error::Busy`] if another
    /// program holds it. Nothing is locked if there is no regular file there yet (a new file is
    /// created with [`crate::engine::files::Mode::Create`] or simply written), nor where the
    /// file system has no locks.
    pub fn hold(path: &Path) -> Result<FileLock> {
        #[cfg(unix)]
        let file = lock_unix(path)?;
        #[cfg(not(unix))]
        let file = lock_beside(path)?;
        Ok(FileLock { _file: file })
    }
}

/// The lock file for the file at `path`: `<name>.follicle-lock` in the same folder.
#[cfg(any(not(unix), test))]
fn lock_path(path: &Path) -> Option<std::path::PathBuf> {
    let mut name = path.file_name()?.to_os_string();
    name.push(".follicle-lock");
    Some(path.with_file_name(name))
}

/// Locks `<name>.follicle-lock` beside the file at `path` (see the module's notes). Nothing is
/// locked when there is no regular file at `path`, or when the lock file cannot be made (a
/// read-only folder: the write itself then reports why it cannot save).
#[cfg(any(not(unix), test))]
fn lock_beside(path: &Path) -> Result<Option<std::fs::File>> {
    use std::fs::TryLockError;

    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let Some(beside) = lock_path(path) else {
        return Ok(None);
    };
    // Only a regular file (or none yet) is opened as the lock: never a folder or a pipe.
    if std::fs::symlink_metadata(&beside).is_ok_and(|m| !m.is_file()) {
        return Ok(None);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&beside)
    else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(Error::Busy {
            path: path.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => Ok(None),
        Err(TryLockError::Error(e)) => Err(Error::write(path, describe_io(&e))),
    }
}

#[cfg(unix)]
fn lock_unix(path: &Path) -> Result<Option<std::fs::File>> {
    use std::fs::TryLockError;
    use std::os::unix::fs::MetadataExt;

    let busy = || Error::Busy {
        path: path.to_path_buf(),
    };
    for _ in 0..ATTEMPTS {
        // Only a regular file is opened (a pipe would block here). Whatever keeps the file
        // from being opened is left for the write itself to report.
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return Ok(None);
        }
        let Ok(file) = std::fs::File::open(path) else {
            continue;
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(busy()),
            // A file system without locks (some network shares): write as before.
            Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                return Ok(None);
            }
            Err(TryLockError::Error(e)) => return Err(Error::write(path, describe_io(&e))),
        }
        let locked = file
            .metadata()
            .map_err(|e| Error::write(path, describe_io(&e)))?;
        match std::fs::metadata(path) {
            Ok(now) if now.dev() == locked.dev() && now.ino() == locked.ino() => {
                return Ok(Some(file));
            }
            // Replaced while it was being locked: lock the new one.
            _ => {}
        }
    }
    Err(busy())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_held_file_is_busy_until_released() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        std::fs::write(&path, "()").expect("write");
        let first = FileLock::hold(&path).expect("first lock");
        let second = FileLock::hold(&path).expect_err("held");
        assert!(
            second
                .to_string()
                .contains("being changed by another Follicle")
        );
        drop(first);
        FileLock::hold(&path).expect("free again");
        // Nothing to lock yet: a new file.
        FileLock::hold(&dir.path().join("new.ron")).expect("no file");
    }

    /// The lock other systems take, beside the project (run here on Unix too).
    #[test]
    fn a_lock_beside_the_file_is_busy_until_released_and_leaves_the_file_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        std::fs::write(&path, "(views: [])").expect("write");
        let first = lock_beside(&path)
            .expect("first lock")
            .expect("a lock file");
        let beside = dir.path().join("p.ron.follicle-lock");
        assert!(beside.is_file());
        let second = lock_beside(&path).expect_err("held");
        assert!(
            second
                .to_string()
                .contains("being changed by another Follicle"),
            "{second}"
        );
        // Readers of the project itself are not stopped, and it is unchanged.
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "(views: [])");
        drop(first);
        let again = lock_beside(&path).expect("free again");
        assert!(again.is_some());
        drop(again);
        // No project there yet, or a folder where the lock file would go: nothing is locked.
        assert!(
            lock_beside(&dir.path().join("new.ron"))
                .expect("no file")
                .is_none()
        );
        std::fs::remove_file(&beside).expect("remove");
        std::fs::create_dir(&beside).expect("a folder in the way");
        assert!(lock_beside(&path).expect("not a file").is_none());
    }
}
