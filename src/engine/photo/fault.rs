//! What can be wrong with a photo file, worded for the user, and the limits that keep a hostile
//! file from exhausting memory.

use std::io;
use std::path::Path;

use crate::engine::error::{Error, describe_io};

/// Largest photo file accepted, in bytes (checked from the file's metadata before reading).
pub const MAX_FILE_BYTES: u64 = 400 * 1024 * 1024;
/// Largest accepted width or height, in pixels, as declared by the file's header.
pub const MAX_SIDE: u32 = 30_000;
/// Largest accepted pixel count (width × height), as declared by the file's header.
pub const MAX_PIXELS: u64 = 150_000_000;

/// Upper bound for all decoder allocations: the largest accepted photo at 8 bytes per pixel
/// (16-bit RGBA, the widest layout JPEG, PNG or WebP can decode to).
pub(super) const MAX_ALLOC: u64 = MAX_PIXELS * 8;

/// The EXIF block is read whole to find the orientation tag (which sits in the first IFD, near
/// the start). Capping it keeps a hostile length field from causing a large allocation.
pub(super) const MAX_EXIF_BYTES: u64 = 1024 * 1024;

/// How many bytes of non-marker junk a JPEG may have between segments before it counts as
/// damaged. Real files have at most a few; the cap keeps header parsing fast on garbage.
pub(super) const MAX_JPEG_JUNK: u32 = 64 * 1024;

/// How many RIFF chunks are walked looking for WebP's EXIF chunk. Real files have a handful.
pub(super) const MAX_WEBP_CHUNKS: u32 = 10_000;

pub(super) const INCOMPLETE: &str = "the photo file is incomplete (probably cut off during a copy or \
                          download); copy it again from the original";
pub(super) const DAMAGED: &str = "the photo data is damaged and cannot be read; copy it again from the \
                       original, or open it in another app and save it as JPEG";
pub(super) const UNKNOWN: &str = "not a photo Follicle can read (JPEG, PNG or WebP)";
pub(super) const EMPTY: &str =
    "the file is empty (0 bytes); copy the photo again from the original";
pub(super) const FOLDER: &str = "this is a folder, not a photo; choose a photo file inside it";

/// What went wrong, before it is tied to a path and worded for the user.
#[derive(Debug)]
pub(super) enum Fault {
    Empty,
    FileTooBig(u64),
    /// The file ends before the image does.
    Incomplete,
    /// Broken data.
    Damaged,
    /// A rare variant of a supported format (lossless or arithmetic-coded JPEG, ...).
    Variant(&'static str),
    /// The header declares more pixels than we accept.
    TooManyPixels(u32, u32),
    /// The file is far too small to hold the pixels its header declares.
    Implausible {
        width: u32,
        height: u32,
        len: u64,
    },
    /// A colour profile or other metadata far larger than any camera writes; the text names it
    /// ("a colour profile", "metadata").
    Metadata(&'static str),
    /// A decoder hit its memory limit although the declared size was acceptable.
    TooMuchMemory,
    /// A format people send but Follicle does not read; the text names it.
    Unsupported(&'static str),
    /// HEIC/HEIF or AVIF, with advice on exporting as JPEG.
    Heif(&'static str),
    Unknown,
    Io(io::Error),
}

impl Fault {
    pub(super) fn into_error(self, path: &Path) -> Error {
        Error::photo(path, self.message())
    }

    pub(super) fn message(&self) -> String {
        match self {
            Fault::Empty => EMPTY.into(),
            Fault::FileTooBig(len) => format!(
                "the file is {} MB; photos up to {} MB are supported, so export a smaller copy",
                len.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Fault::Incomplete => INCOMPLETE.into(),
            Fault::Damaged => DAMAGED.into(),
            Fault::Variant(name) => format!(
                "this {name} is stored in a rare variant Follicle cannot read; open it in another \
                 app and save it again as a standard JPEG"
            ),
            Fault::TooManyPixels(w, h) => format!(
                "the photo declares {w} × {h} pixels; photos up to {} megapixels ({} pixels a \
                 side) are supported, so export a smaller copy",
                MAX_PIXELS / 1_000_000,
                MAX_SIDE
            ),
            Fault::Implausible { width, height, len } => format!(
                "the photo declares {width} × {height} pixels, which a file of {} KB cannot \
                 hold: it is damaged or not a real photo; copy it again from the original",
                len.div_ceil(1024)
            ),
            Fault::Metadata(what) => format!(
                "the photo carries {what} far larger than any camera writes; open it in \
                 another app and save it again as JPEG"
            ),
            Fault::TooMuchMemory => format!(
                "the photo needs too much memory to open; photos up to {} megapixels are \
                 supported, so export a smaller copy",
                MAX_PIXELS / 1_000_000
            ),
            Fault::Unsupported(name) => format!(
                "this is {} {name} file, which Follicle cannot open; JPEG, PNG or WebP work, so \
                 save or export the photo in one of those",
                article(name)
            ),
            Fault::Heif("AVIF") => "AVIF photos are not supported; open the photo in another \
                                    app and save or export it as JPEG"
                .into(),
            Fault::Heif(name) => format!(
                "{name} photos are not supported; save or export the photo as JPEG (on iPhone: \
                 Settings › Camera › Formats › Most Compatible)"
            ),
            Fault::Unknown => UNKNOWN.into(),
            Fault::Io(err) => read_problem(err),
        }
    }

    pub(super) fn from_io(err: io::Error) -> Fault {
        // Running out of bytes while parsing means the file stops early.
        if err.kind() == io::ErrorKind::UnexpectedEof {
            Fault::Incomplete
        } else {
            Fault::Io(err)
        }
    }
}

/// Message for a file that could not be opened or inspected.
pub(super) fn open_problem(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => {
            format!(
                "{}; it may have been moved, renamed or deleted",
                describe_io(err)
            )
        }
        io::ErrorKind::PermissionDenied => {
            format!(
                "{}; Follicle is not allowed to read this file",
                describe_io(err)
            )
        }
        io::ErrorKind::IsADirectory => FOLDER.into(),
        _ => format!("could not open the file: {}", describe_io(err)),
    }
}

/// Message for a read that failed part-way (a removed USB stick, a network drive dropping out).
pub(super) fn read_problem(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => open_problem(err),
        _ => format!(
            "could not read the file: {}; try again or copy it elsewhere",
            describe_io(err)
        ),
    }
}

/// "a" or "an" before a format's name, as it is said: "an OpenEXR", "an SVG" (letters spelt
/// out), "a TIFF" (said as a word), "a GIF".
fn article(name: &str) -> &'static str {
    let first_word = name.split_whitespace().next().unwrap_or_default();
    let spelt_out = first_word.len() > 1
        && first_word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !matches!(first_word, "TIFF" | "JPEG" | "QOI" | "HEIC");
    let vowel_sound = if spelt_out {
        first_word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X'])
    } else {
        first_word.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u'])
    };
    if vowel_sound { "an" } else { "a" }
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn formats_are_named_with_the_article_they_are_said_with() {
        for name in ["OpenEXR", "Olympus RAW (ORF)", "SVG"] {
            assert_eq!(article(name), "an", "{name}");
        }
        for name in [
            "TIFF (or camera RAW)",
            "GIF",
            "BMP",
            "JPEG XL",
            "QOI",
            "farbfeld",
            "PDF",
        ] {
            assert_eq!(article(name), "a", "{name}");
        }
    }
}
