//! Decoding pixels, with the decoders' memory limited and their panics contained, into upright
//! 8-bit RGB.

use std::io::{BufRead, Seek};
use std::panic::{self, AssertUnwindSafe};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits, RgbImage};

use super::fault::{Fault, MAX_ALLOC, MAX_SIDE};
use super::header::{Header, check_size};
use super::sniff::Kind;

/// Decodes a photo whose header [`inspect`] has accepted.
pub(super) fn decode_checked<R: BufRead + Seek>(
    reader: R,
    header: &Header,
) -> std::result::Result<RgbImage, Fault> {
    contain_panics(|| decode_pixels(reader, header))
}

/// Runs a decoding step, turning a decoder panic (a bug triggered by odd data) into "damaged"
/// instead of taking the app down.
pub(super) fn contain_panics<T>(
    step: impl FnOnce() -> std::result::Result<T, Fault>,
) -> std::result::Result<T, Fault> {
    panic::catch_unwind(AssertUnwindSafe(step)).unwrap_or(Err(Fault::Damaged))
}

pub(super) fn decode_pixels<R: BufRead + Seek>(
    reader: R,
    header: &Header,
) -> std::result::Result<RgbImage, Fault> {
    // The format is pinned to what our own sniffing found (rather than guessed again), so only
    // the JPEG, PNG and WebP decoders can ever see the data.
    let mut reader = ImageReader::with_format(reader, header.kind.image_format());
    // A second line of defence behind `check_size`: the decoders enforce these themselves.
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);

    let kind = header.kind;
    let mut decoder = reader
        .into_decoder()
        .map_err(|err| image_fault(err, kind))?;
    // `DynamicImage::from_decoder` allocates whatever the decoder reports, without limits, so
    // the decoder's own idea of the size is checked too.
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(Fault::TooMuchMemory);
    }
    // A broken EXIF block should not cost the client their photo: it only loses the rotation.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let decoded = DynamicImage::from_decoder(decoder).map_err(|err| image_fault(err, kind))?;

    // Converting first means a rotation moves 3 bytes per pixel rather than up to 8.
    let mut upright = DynamicImage::ImageRgb8(to_rgb8(decoded)?);
    upright.apply_orientation(orientation);
    Ok(upright.into_rgb8())
}

/// Converts any decoded layout to 8-bit RGB, flattening transparency over white (photos with
/// alpha are usually cut-outs, and white is how viewers show them).
pub(super) fn to_rgb8(image: DynamicImage) -> std::result::Result<RgbImage, Fault> {
    match image {
        DynamicImage::ImageRgb8(rgb) => Ok(rgb),
        DynamicImage::ImageRgba8(rgba) => flatten_rgba8(rgba),
        DynamicImage::ImageLumaA8(la) => {
            let pixels = la
                .as_raw()
                .chunks_exact(2)
                .map(|p| [over_white_8(p[0], p[1]); 3]);
            rgb_from_pixels(la.dimensions(), pixels)
        }
        DynamicImage::ImageRgba16(rgba) => {
            let pixels = rgba
                .as_raw()
                .chunks_exact(4)
                .map(|p| [0, 1, 2].map(|c| over_white_16(p[c], p[3])));
            rgb_from_pixels(rgba.dimensions(), pixels)
        }
        DynamicImage::ImageLumaA16(la) => {
            let pixels = la
                .as_raw()
                .chunks_exact(2)
                .map(|p| [over_white_16(p[0], p[1]); 3]);
            rgb_from_pixels(la.dimensions(), pixels)
        }
        other if other.color().has_alpha() => flatten_rgba8(other.into_rgba8()),
        // Greyscale and 16-bit RGB: image's own conversion (with rounding) is right.
        other => Ok(other.into_rgb8()),
    }
}

/// Flattens RGBA over white in place, compacting 4 bytes per pixel to 3, so no second
/// full-size buffer is needed.
pub(super) fn flatten_rgba8(rgba: image::RgbaImage) -> std::result::Result<RgbImage, Fault> {
    let (w, h) = rgba.dimensions();
    let mut raw = rgba.into_raw();
    let pixels = raw.len() / 4;
    for i in 0..pixels {
        // Pixel i is read whole before its 3 output bytes (at 3i, below 4i+3) are written, and
        // those bytes only overlap pixels already processed.
        let [r, g, b, a] = [raw[4 * i], raw[4 * i + 1], raw[4 * i + 2], raw[4 * i + 3]];
        raw[3 * i] = over_white_8(r, a);
        raw[3 * i + 1] = over_white_8(g, a);
        raw[3 * i + 2] = over_white_8(b, a);
    }
    raw.truncate(pixels * 3);
    raw.shrink_to_fit();
    RgbImage::from_raw(w, h, raw).ok_or(Fault::Damaged)
}

/// Builds an RGB image from one colour per source pixel, allocating the output exactly once.
pub(super) fn rgb_from_pixels(
    (w, h): (u32, u32),
    pixels: impl Iterator<Item = [u8; 3]>,
) -> std::result::Result<RgbImage, Fault> {
    let mut raw = Vec::with_capacity(w as usize * h as usize * 3);
    pixels.for_each(|rgb| raw.extend_from_slice(&rgb));
    // The sizes always match (the source has one pixel per output pixel); a mismatch would be
    // a decoder bug, reported like damaged data rather than a panic.
    RgbImage::from_raw(w, h, raw).ok_or(Fault::Damaged)
}

/// `value` with straight alpha `alpha` composited over white, rounded.
pub(super) fn over_white_8(value: u8, alpha: u8) -> u8 {
    let (v, a) = (u32::from(value), u32::from(alpha));
    ((v * a + 255 * (255 - a) + 127) / 255) as u8
}

/// The 16-bit version of [`over_white_8`], rounded once to 8 bits at the end.
pub(super) fn over_white_16(value: u16, alpha: u16) -> u8 {
    const MAX: u64 = 65_535;
    const TO_8_BIT: u64 = MAX * 257;
    let (v, a) = (u64::from(value), u64::from(alpha));
    ((v * a + MAX * (MAX - a) + TO_8_BIT / 2) / TO_8_BIT) as u8
}

fn image_fault(err: ImageError, kind: Kind) -> Fault {
    match err {
        ImageError::Limits(_) => Fault::TooMuchMemory,
        ImageError::IoError(io) => Fault::from_io(io),
        ImageError::Unsupported(_) => Fault::Variant(kind.name()),
        _ => Fault::Damaged,
    }
}
