//! The engine's error type: every failure names the file and the problem in one line.

use std::path::{Path, PathBuf};

/// Anything that can go wrong in the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A photo could not be used (unreadable, corrupt, unsupported, too large, ...).
    #[error("{}: {problem}", path.display())]
    Photo { path: PathBuf, problem: String },
    /// A project file could not be read or understood.
    #[error("{}: {problem}", path.display())]
    Project { path: PathBuf, problem: String },
    /// Writing an output failed; the previous file, if any, is untouched.
    #[error("{}: {problem}", path.display())]
    Write { path: PathBuf, problem: String },
    /// A file that was to be created new is there already (perhaps written a moment ago by
    /// another Follicle); it was left as it was.
    #[error("{}: already exists", path.display())]
    Exists { path: PathBuf },
    /// Another Follicle is changing this file right now; nothing was written.
    #[error("{}: is being changed by another Follicle; try again", path.display())]
    Busy { path: PathBuf },
    /// An output would replace one of the client's photos.
    #[error("{}: is the client's photo; choose another output name", path.display())]
    ClientPhoto { path: PathBuf },
    /// The user stopped the work before it was done; nothing was written.
    #[error("export cancelled")]
    Cancelled,
    /// A setting is out of its valid range.
    #[error("{0}")]
    Invalid(String),
}

/// Result with the engine's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn photo(path: &Path, problem: impl Into<String>) -> Self {
        Error::Photo {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }

    pub(crate) fn project(path: &Path, problem: impl Into<String>) -> Self {
        Error::Project {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }

    pub(crate) fn write(path: &Path, problem: impl Into<String>) -> Self {
        Error::Write {
            path: path.to_path_buf(),
            problem: problem.into(),
        }
    }
}

/// Describes an I/O error the way a user reads it (no OS error codes).
pub(crate) fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::NotFound => "file not found".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "is a folder, not a file".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::ReadOnlyFilesystem => "the folder is read-only".into(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
    }
}
