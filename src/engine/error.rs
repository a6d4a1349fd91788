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
            problem: readable(&problem.into()),
        }
    }

    pub(crate) fn project(path: &Path, problem: impl Into<String>) -> Self {
        Error::Project {
            path: path.to_path_buf(),
            problem: readable(&problem.into()),
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

/// Longest problem a message states after the file's name, characters: with the name it stays
/// within the 400 characters of a readable one-line message.
const MAX_PROBLEM_CHARS: usize = 300;

/// Longest word (a run without white space) a message repeats as it is: names and text quoted
/// from a damaged file can be any length, while a photo's file name (which a message may have to
/// give in full) is rarely longer than this.
const MAX_WORD_CHARS: usize = 64;

/// Characters a shortened word keeps from its end (a file's extension, a closing quote).
const WORD_END_CHARS: usize = 8;

/// `problem` as a message states it: on one line (a line break or other control character
/// quoted from a file becomes a space), long numbers and words shortened, and the whole at most
/// 300 characters long, its middle left out if need be (the start says what is wrong and
/// where, the end what to do).
pub fn readable(problem: &str) -> String {
    let flat: String = problem
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = short_words(&short_numbers(&flat));
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_PROBLEM_CHARS {
        return text;
    }
    let tail = MAX_PROBLEM_CHARS / 3;
    let head = MAX_PROBLEM_CHARS - tail - 3;
    let mut out: String = chars[..head].iter().collect();
    out.push_str(" … ");
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// `text` with every word longer than [`MAX_WORD_CHARS`] cut to its start and its last few
/// characters (so a closing quote or an extension stays): "rrrrrrrr…rrr66645\"".
fn short_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4096));
    let mut word: Vec<char> = Vec::new();
    let flush = |word: &mut Vec<char>, out: &mut String| {
        if word.len() > MAX_WORD_CHARS {
            out.extend(&word[..MAX_WORD_CHARS - WORD_END_CHARS - 4]);
            out.push('…');
            out.extend(&word[word.len() - WORD_END_CHARS..]);
        } else {
            out.extend(word.iter());
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
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

    #[test]
    fn a_problem_is_one_line_of_at_most_300_characters() {
        let name = format!("Front\nof\r{}", "r".repeat(500));
        let problem = readable(&format!(
            "view \"{name}\": scale 0 px/mm is outside 0.5–500"
        ));
        assert!(!problem.contains(['\n', '\r']), "{problem}");
        assert!(problem.chars().count() <= MAX_PROBLEM_CHARS, "{problem}");
        assert!(problem.starts_with("view \"Front of rrrr"), "{problem}");
        assert!(
            problem.ends_with("…rrrrrr\": scale 0 px/mm is outside 0.5–500"),
            "{problem}"
        );
        // Long text with spaces: its middle is left out, its start and end kept.
        let words = "word ".repeat(200);
        let problem = readable(&format!("found \"{words}\", expected a number"));
        assert_eq!(problem.chars().count(), MAX_PROBLEM_CHARS, "{problem}");
        assert!(problem.contains(" … "), "{problem}");
        assert!(problem.ends_with("\", expected a number"), "{problem}");
        // An ordinary message is kept as it is.
        let plain = "damaged project file at line 3, column 12: expected a `(`";
        assert_eq!(readable(plain), plain);
    }
}
