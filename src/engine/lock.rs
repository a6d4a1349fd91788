//! A lock on a file while it is rewritten, so that two programs changing the same project at once
//! (two `follicle add-view` runs, the app saving while the command line adds a view) cannot both
//! succeed with one of the changes lost: the second is told the file is busy and writes nothing.
//!
//! The lock is the operating system's advisory lock on the file itself (no lock file is left
//! behind, and a killed program's lock goes with it). A save replaces the file by renaming a new
//! one into place, so whoever locks a file checks afterwards that it is still the file at that
//! name; if it was replaced in the meantime, the new one is locked instead.
//!
//! Only Unix systems lock: there the lock does not stop other readers. Elsewhere (Windows locks
//! forbid the reads a backup makes) [`FileLock::hold`] takes no lock.

use std::path::Path;

use crate::engine::error::{Error, Result, describe_io};

/// A file held while it is rewritten; the lock is released when this is dropped.
#[derive(Debug)]
pub struct FileLock {
    #[cfg(unix)]
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
        {
            Ok(FileLock {
                _file: lock_unix(path)?,
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            Ok(FileLock {})
        }
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
}
