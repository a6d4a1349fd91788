//! What a photo file may plausibly declare, checked from its header before any pixels or
//! metadata are decoded: a file too small to hold the pixels it declares (a few kilobytes
//! claiming 150 megapixels) is refused, and so are colour profiles and metadata that would
//! expand far beyond what any camera writes.

use std::io::{Read, Seek};

use super::fault::Fault;
use super::header::{read_u8, seek_to};

/// Largest colour profile (ICC) accepted once decompressed. Camera and editor profiles are a few
/// kilobytes; the largest printer profiles about 2 MB.
pub(super) const MAX_ICC_BYTES: u64 = 16 * 1024 * 1024;

/// Largest total of the metadata a photo carries before its pixels (EXIF, XMP, profiles, text,
/// as stored in the file). Phones write well under 1 MB.
pub(super) const MAX_METADATA_BYTES: u64 = 64 * 1024 * 1024;

/// The fewest bytes a whole JPEG of `width` × `height` can take: every 8 × 8 block of the
/// brightness channel costs at least one bit (its DC code) and usually far more. Half of that
/// bound is asked, to be safe.
pub(super) fn least_jpeg_bytes(width: u32, height: u32) -> u64 {
    u64::from(width) * u64::from(height) / 64 / 8 / 2
}

/// The fewest bytes a whole PNG of `width` × `height` at `bits` bits per pixel can take: deflate
/// packs at most 1032 bytes into one, and half of that bound is asked, to be safe.
pub(super) fn least_png_bytes(width: u32, height: u32, bits: u32) -> u64 {
    let row = 1 + (u64::from(width) * u64::from(bits)).div_ceil(8);
    row * u64::from(height) / 1032 / 2
}

/// Bits per pixel of a PNG's colour type and bit depth (from its IHDR), or None for a
/// combination the format does not have.
pub(super) fn png_bits_per_pixel(colour_type: u8, bit_depth: u8) -> Option<u32> {
    let channels = match colour_type {
        0 | 3 => 1,
        2 => 3,
        4 => 2,
        6 => 4,
        _ => return None,
    };
    matches!(bit_depth, 1 | 2 | 4 | 8 | 16).then(|| channels * u32::from(bit_depth))
}

/// Refuses a PNG colour profile (an `iCCP` chunk of `len` bytes at `data`) that decompresses to
/// more than [`MAX_ICC_BYTES`]. The profile is inflated into nothing, only counted, so the
/// check itself costs no memory.
pub(super) fn check_png_profile<R: Read + Seek>(
    r: &mut R,
    data: u64,
    len: u64,
) -> std::result::Result<(), Fault> {
    seek_to(r, data)?;
    // A profile name of 1–79 bytes ends with a zero, then the compression method (0).
    let mut header = 0u64;
    loop {
        header += 1;
        if read_u8(r)? == 0 {
            break;
        }
        if header > 80 {
            return Err(Fault::Damaged);
        }
    }
    let _method = read_u8(r)?;
    let compressed = len.checked_sub(header + 1).ok_or(Fault::Damaged)?;
    let inflated = flate2::read::ZlibDecoder::new(r.take(compressed));
    // A broken stream is the decoder's to judge; only the size matters here.
    let size =
        std::io::copy(&mut inflated.take(MAX_ICC_BYTES + 1), &mut std::io::sink()).unwrap_or(0);
    if size > MAX_ICC_BYTES {
        return Err(Fault::Metadata("a colour profile"));
    }
    Ok(())
}

/// Adds `len` bytes of metadata to the `total` seen so far, refusing a photo whose metadata
/// passes [`MAX_METADATA_BYTES`].
pub(super) fn count_metadata(total: &mut u64, len: u64) -> std::result::Result<(), Fault> {
    *total = total.saturating_add(len);
    if *total > MAX_METADATA_BYTES {
        return Err(Fault::Metadata("metadata"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_photos_are_far_above_the_least_sizes() {
        // A 24 MP phone JPEG is 3–12 MB; the bound asks for 23 KB.
        assert!(least_jpeg_bytes(6000, 4000) < 30_000);
        // The bomb of the report: 49 KB declaring 30000 × 5000.
        assert!(least_jpeg_bytes(30_000, 5000) > 49 * 1024);
        // A 1-bit PNG of the largest size may be tiny, an 8-bit RGB one may not.
        assert!(least_png_bytes(30_000, 5000, 1) < 10_000);
        assert!(least_png_bytes(30_000, 5000, 24) > 200_000);
        assert_eq!(png_bits_per_pixel(2, 8), Some(24));
        assert_eq!(png_bits_per_pixel(3, 16), Some(16));
        assert_eq!(png_bits_per_pixel(5, 8), None);
    }
}
