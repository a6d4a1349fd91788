//! HEIC photos, the default of iPhones and many Android phones, through libheif (built from source
//! with the system's HEVC decoder, libde265). libheif applies the file's own rotation, mirroring
//! and crop (the `irot`, `imir` and `clap` properties), which is how phones store a portrait
//! photo; the EXIF orientation inside a HEIC only repeats them and is not applied a second time.

use image::RgbImage;
use libheif_rs::{ColorSpace, HeifContext, HeifError, HeifErrorCode, LibHeif, RgbChroma};

use super::fault::Fault;
use super::header::check_size;
use super::pixels::contain_panics;
use super::sniff::{SNIFF_LEN, sniff};

/// True if `bytes` is a HEIC/HEIF still image (by its `ftyp` brands).
pub(super) fn is_heic(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    matches!(sniff(head), Err(Fault::Heif("HEIC")))
}

/// The primary image's upright width and height, from the file's boxes (no pixels decoded).
pub(super) fn upright_size(bytes: &[u8]) -> Result<(u32, u32), Fault> {
    contain_panics(|| {
        let context = HeifContext::read_from_bytes(bytes).map_err(fault)?;
        let handle = context.primary_image_handle().map_err(fault)?;
        Ok((handle.width(), handle.height()))
    })
}

/// Decodes the primary image, upright, as 8-bit RGB (an alpha channel is dropped; 10-bit images
/// are reduced to 8 bits by libheif).
pub(super) fn decode(bytes: &[u8]) -> Result<RgbImage, Fault> {
    contain_panics(|| {
        let context = HeifContext::read_from_bytes(bytes).map_err(fault)?;
        let handle = context.primary_image_handle().map_err(fault)?;
        // The declared size is checked before any pixels are allocated.
        check_size(handle.width(), handle.height())?;
        let image = LibHeif::new()
            .decode(&handle, ColorSpace::Rgb(RgbChroma::Rgb), None)
            .map_err(fault)?;
        let planes = image.planes();
        let plane = planes.interleaved.ok_or(Fault::Damaged)?;
        let (width, height) = (plane.width, plane.height);
        check_size(width, height)?;
        let row = width as usize * 3;
        if plane.stride < row || plane.data.len() < plane.stride * (height as usize - 1) + row {
            return Err(Fault::Damaged);
        }
        let mut pixels = Vec::new();
        pixels
            .try_reserve_exact(row * height as usize)
            .map_err(|_| Fault::TooMuchMemory)?;
        for line in plane.data.chunks(plane.stride).take(height as usize) {
            pixels.extend_from_slice(&line[..row]);
        }
        RgbImage::from_raw(width, height, pixels).ok_or(Fault::Damaged)
    })
}

/// What a libheif error means for the user.
fn fault(error: HeifError) -> Fault {
    match error.code {
        HeifErrorCode::MemoryAllocationError => Fault::TooMuchMemory,
        // No decoder for this kind of image (a codec missing from this build, or a variant
        // libheif does not read): the advice to save the photo as JPEG is the way out.
        HeifErrorCode::UnsupportedFeature
        | HeifErrorCode::UnsupportedFileType
        | HeifErrorCode::PluginLoadingError => Fault::Heif("HEIC"),
        _ => Fault::Damaged,
    }
}
