//! Loading client scalp photos: JPEG, PNG, WebP and (with the `heic` feature) HEIC, upright and as
//! 8-bit RGB.
//!
//! Photos come straight from phones and cameras, so this module is defensive: it recognises the
//! formats people actually send (HEIC from iPhones, TIFF, camera RAW, ...) and says what to do,
//! refuses decompression bombs from the header before allocating pixels, notices truncated
//! copies, and contains decoder panics. Every failure is an [`Error::Photo`] with one short,
//! plain-language line. Files are only ever opened for reading.

mod budget;
mod fault;
mod header;
#[cfg(feature = "heic")]
mod heif;
mod pixels;
mod sniff;
#[cfg(test)]
mod tests;

use std::fs::{self, File};
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use image::RgbImage;
use image::metadata::Orientation;

use crate::engine::error::{Error, Result};
use fault::{FOLDER, Fault, open_problem, read_problem};
use header::{inspect, oriented_size, read_header, read_orientation};
use pixels::decode_checked;

pub use fault::{MAX_FILE_BYTES, MAX_PIXELS, MAX_SIDE};

/// Decodes the photo at `path`, upright (EXIF orientation 1–8 applied), as 8-bit RGB.
///
/// Greyscale, palette, 16-bit and CMYK photos are converted; transparency is flattened over
/// white. The file is checked (size, format, declared dimensions, completeness) before any
/// pixels are decoded, so bad files fail fast with a message that says what to do.
pub fn load(path: &Path) -> Result<RgbImage> {
    let bytes = read_photo_file(path)?;
    #[cfg(feature = "heic")]
    if heif::is_heic(&bytes) {
        return heif::decode(&bytes).map_err(|fault| fault.into_error(path));
    }
    let header = inspect(&bytes).map_err(|fault| fault.into_error(path))?;
    // The owned buffer moves into the reader: the JPEG decoder copies its input and drops the
    // reader straight away, so the file's bytes are not held twice while pixels are decoded.
    decode_checked(Cursor::new(bytes), &header).map_err(|fault| fault.into_error(path))
}

/// Same as [`load`], from bytes already in memory; `path` is only used in messages.
pub fn decode(bytes: &[u8], path: &Path) -> Result<RgbImage> {
    check_file_len(bytes.len() as u64).map_err(|fault| fault.into_error(path))?;
    #[cfg(feature = "heic")]
    if heif::is_heic(bytes) {
        return heif::decode(bytes).map_err(|fault| fault.into_error(path));
    }
    let header = inspect(bytes).map_err(|fault| fault.into_error(path))?;
    decode_checked(Cursor::new(bytes), &header).map_err(|fault| fault.into_error(path))
}

/// Upright (orientation-applied) width and height from the header only, without decoding pixels.
///
/// Only the header and the EXIF block are read, so this is quick even for large files. It
/// refuses the same files [`load`] refuses at the header stage (missing, empty, too large,
/// unsupported format, oversized dimensions), but cannot notice a cut-off end.
pub fn upright_size(path: &Path) -> Result<(u32, u32)> {
    let len = check_photo_metadata(path)?;
    let file = File::open(path).map_err(|err| Error::photo(path, open_problem(&err)))?;
    let mut reader = BufReader::new(file);
    let header = match read_header(&mut reader, len) {
        // A HEIC's size is in its boxes, which libheif reads from the whole file.
        #[cfg(feature = "heic")]
        Err(Fault::Heif("HEIC")) => {
            drop(reader);
            let bytes = read_photo_file(path)?;
            return heif::upright_size(&bytes).map_err(|fault| fault.into_error(path));
        }
        other => other.map_err(|fault| fault.into_error(path))?,
    };
    let orientation = match &header.exif {
        Some(exif) => read_orientation(&mut reader, exif).map_err(|f| f.into_error(path))?,
        None => Orientation::NoTransforms,
    };
    Ok(oriented_size(header.width, header.height, orientation))
}

/// Checks the path is an ordinary, non-empty file of acceptable size, and returns its length.
fn check_photo_metadata(path: &Path) -> Result<u64> {
    let meta = fs::metadata(path).map_err(|err| Error::photo(path, open_problem(&err)))?;
    if meta.is_dir() {
        return Err(Error::photo(path, FOLDER));
    }
    // Pipes and devices could block forever or never end; photos are always plain files.
    if !meta.is_file() {
        return Err(Error::photo(
            path,
            "this is not a regular file; choose a photo file",
        ));
    }
    check_file_len(meta.len()).map_err(|fault| fault.into_error(path))?;
    Ok(meta.len())
}

fn check_file_len(len: u64) -> std::result::Result<(), Fault> {
    match len {
        0 => Err(Fault::Empty),
        len if len > MAX_FILE_BYTES => Err(Fault::FileTooBig(len)),
        _ => Ok(()),
    }
}

/// Reads the whole file, after checking its metadata so an oversized file is refused unread.
fn read_photo_file(path: &Path) -> Result<Vec<u8>> {
    let len = check_photo_metadata(path)?;
    let file = File::open(path).map_err(|err| Error::photo(path, open_problem(&err)))?;
    let mut bytes = Vec::new();
    // The length is ≤ MAX_FILE_BYTES here, so reserving it up front avoids regrowing the buffer.
    bytes
        .try_reserve_exact(usize::try_from(len).unwrap_or(usize::MAX))
        .map_err(|_| Error::photo(path, Fault::TooMuchMemory.message()))?;
    // `take` guards against a file that grows while we read it (a copy still in progress).
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| Error::photo(path, read_problem(&err)))?;
    check_file_len(bytes.len() as u64).map_err(|fault| fault.into_error(path))?;
    Ok(bytes)
}
