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
            problem: short_numbers(&problem.into()),
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

/// Longest run of digits a message repeats as it is; a longer one (a 309-digit number typed or
/// damaged into a file) is shortened to its first digits and its length.
const MAX_DIGITS_SHOWN: usize = 12;

/// `text` with every run of more than 12 digits shortened: "1000…" (309
/// digits), so that a message stays one readable line whatever number caused it.
pub fn short_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1024));
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() > MAX_DIGITS_SHOWN {
            out.push_str(&digits[..4]);
            out.push_str(&format!("… ({} digits)", digits.len()));
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_are_shortened_and_short_ones_kept() {
        let huge = format!("scale {}.0 px/mm is outside 0.5–500", "1".repeat(309));
        assert_eq!(
            short_numbers(&huge),
            "scale 1111… (309 digits).0 px/mm is outside 0.5–500"
        );
        let plain = "line 3, column 12: 123456789012 and 2026-11-25";
        assert_eq!(short_numbers(plain), plain);
    }
}
