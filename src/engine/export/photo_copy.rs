//! The reduced copies of the photos that an exported PNG carries beside its project, so a mock-up
//! moved away from its photos still opens as the consultation (on the copies, marked as such).
//!
//! Each copy is one private ancillary PNG chunk of type `flPh` (ancillary, private, safe to
//! copy), placed before the image data:
//!
//! | bytes | what |
//! |---|---|
//! | 23 | the marker `follicle reduced photo` and a NUL |
//! | 1 | layout version, 1 |
//! | 4 + 4 | the full photo's upright width and height, big-endian |
//! | 2 + n | the length of the photo's file name, big-endian, and the name (UTF-8) |
//! | rest | the copy, a baseline JPEG (quality [`COPY_QUALITY`], long side at most [`COPY_LONG_SIDE`]) |
//!
//! PNG readers that do not know the chunk skip it. JPEG mock-ups carry no copy and no project.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use image::RgbImage;

use super::encode;
use crate::engine::error::{Error, Result, describe_io};
use crate::engine::units::valid_px_per_mm;

/// The PNG chunk type of a reduced photo copy.
pub const PHOTO_CHUNK: [u8; 4] = *b"flPh";
/// Longest side of a reduced copy, pixels: enough to see and edit the design on a screen.
pub const COPY_LONG_SIDE: u32 = 1600;
/// JPEG quality of a reduced copy.
pub const COPY_QUALITY: u8 = 85;
/// Largest reduced copy read back (a 1600 px JPEG at quality 85 is well under 1 MB).
pub const MAX_COPY_BYTES: usize = 8 * 1024 * 1024;
/// Most reduced copies read back from one mock-up.
const MAX_COPIES: usize = 64;
/// Largest side a copy's picture may declare when read back, pixels.
const MAX_COPY_SIDE: u32 = 4096;

const MARKER: &[u8] = b"follicle reduced photo\0";
const LAYOUT: u8 = 1;

/// A reduced copy of one photo, as carried by a mock-up.
#[derive(Clone, Debug, PartialEq)]
pub struct PhotoCopy {
    /// The photo's file name (no folder).
    pub name: String,
    /// The full photo's upright width and height.
    pub full_size: (u32, u32),
    /// The copy's width and height.
    pub size: (u32, u32),
    /// The copy, a JPEG.
    pub jpeg: Vec<u8>,
}

impl PhotoCopy {
    /// A reduced copy of `photo` (a view at `px_per_mm`), named `name`: at most
    /// [`COPY_LONG_SIDE`] pixels long, but never so small that the view's scale would fall
    /// below what Follicle accepts.
    pub fn of(name: &str, photo: &RgbImage, px_per_mm: f64) -> std::io::Result<PhotoCopy> {
        let (width, height) = photo.dimensions();
        let long = f64::from(width.max(height).max(1));
        let mut factor = (f64::from(COPY_LONG_SIDE) / long).min(1.0);
        if valid_px_per_mm(px_per_mm) {
            factor = factor.max(0.5 / px_per_mm).min(1.0);
        }
        let w = ((f64::from(width) * factor).ceil() as u32).clamp(1, width.max(1));
        let h = ((f64::from(height) * factor).ceil() as u32).clamp(1, height.max(1));
        let mut jpeg = Vec::new();
        if (w, h) == (width, height) {
            encode::write_jpeg(&mut jpeg, photo, COPY_QUALITY)?;
        } else {
            // Averaged in linear light on every core (the picture's own resampling).
            let view = crate::engine::units::View {
                x0: 0.0,
                y0: 0.0,
                scale: f64::from(w) / f64::from(width.max(1)),
            };
            let small = crate::engine::composite::resample(photo, view, w, h);
            encode::write_jpeg(&mut jpeg, &small, COPY_QUALITY)?;
        }
        Ok(PhotoCopy {
            name: name.to_string(),
            full_size: (width, height),
            size: (w, h),
            jpeg,
        })
    }

    /// The chunk's data (see the module's table).
    pub(super) fn chunk_data(&self) -> Vec<u8> {
        let name = self.name.as_bytes();
        let name = &name[..name.len().min(usize::from(u16::MAX))];
        let mut data = Vec::with_capacity(MARKER.len() + 11 + name.len() + self.jpeg.len());
        data.extend_from_slice(MARKER);
        data.push(LAYOUT);
        data.extend_from_slice(&self.full_size.0.to_be_bytes());
        data.extend_from_slice(&self.full_size.1.to_be_bytes());
        data.extend_from_slice(&(name.len() as u16).to_be_bytes());
        data.extend_from_slice(name);
        data.extend_from_slice(&self.jpeg);
        data
    }

    /// Reads a chunk's data; `Err` says what is wrong with it.
    fn from_chunk(data: &[u8]) -> std::result::Result<PhotoCopy, &'static str> {
        let rest = data
            .strip_prefix(MARKER)
            .ok_or("a photo copy of an unknown kind")?;
        let (&layout, rest) = rest.split_first().ok_or("a damaged photo copy")?;
        if layout != LAYOUT {
            return Err("a photo copy made by a newer Follicle; please update Follicle");
        }
        let number = |bytes: &[u8]| -> std::result::Result<u32, &'static str> {
            Ok(u32::from_be_bytes(
                bytes.try_into().map_err(|_| "a damaged photo copy")?,
            ))
        };
        if rest.len() < 10 {
            return Err("a damaged photo copy");
        }
        let full_size = (number(&rest[..4])?, number(&rest[4..8])?);
        let name_len = usize::from(u16::from_be_bytes([rest[8], rest[9]]));
        let rest = &rest[10..];
        if rest.len() < name_len {
            return Err("a damaged photo copy");
        }
        let name = std::str::from_utf8(&rest[..name_len])
            .map_err(|_| "a damaged photo copy")?
            .to_string();
        let jpeg = rest[name_len..].to_vec();
        let size =
            image::ImageReader::with_format(std::io::Cursor::new(&jpeg), image::ImageFormat::Jpeg)
                .into_dimensions()
                .map_err(|_| "a damaged photo copy")?;
        let fits = |(w, h): (u32, u32), most: u32| w > 0 && h > 0 && w <= most && h <= most;
        if name.is_empty() || !fits(size, MAX_COPY_SIDE) || !fits(full_size, 1 << 20) {
            return Err("a damaged photo copy");
        }
        Ok(PhotoCopy {
            name,
            full_size,
            size,
            jpeg,
        })
    }
}

/// The reduced photo copies carried by the PNG at `png_path` (none for a PNG without any).
///
/// Only the copies' chunks are read; a copy larger than [`MAX_COPY_BYTES`], or one that is
/// damaged, is refused with a message naming the file.
pub fn embedded_photos(png_path: &Path) -> Result<Vec<PhotoCopy>> {
    let file =
        std::fs::File::open(png_path).map_err(|e| Error::project(png_path, describe_io(&e)))?;
    copies_in(std::io::BufReader::new(file), png_path)
}

/// Same as [`embedded_photos`], from the bytes of a PNG file already in memory; `png_path` only
/// names it in messages.
pub fn embedded_photos_in_bytes(bytes: &[u8], png_path: &Path) -> Result<Vec<PhotoCopy>> {
    copies_in(std::io::Cursor::new(bytes), png_path)
}

fn copies_in<R: Read + Seek>(mut file: R, png_path: &Path) -> Result<Vec<PhotoCopy>> {
    let fail = |problem: String| Error::project(png_path, problem);
    let mut signature = [0u8; 8];
    file.read_exact(&mut signature)
        .map_err(|_| fail("not a readable PNG".into()))?;
    if signature != *b"\x89PNG\r\n\x1a\n" {
        return Err(fail("not a readable PNG".into()));
    }
    let mut copies = Vec::new();
    loop {
        let mut head = [0u8; 8];
        if file.read_exact(&mut head).is_err() {
            // A file cut short after its last whole chunk: whatever copies were read stand.
            break;
        }
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        if kind == *b"IEND" {
            break;
        }
        if kind != PHOTO_CHUNK {
            file.seek(SeekFrom::Current(len as i64 + 4))
                .map_err(|e| fail(describe_io(&e)))?;
            continue;
        }
        if len > MAX_COPY_BYTES {
            return Err(fail(format!(
                "the reduced photo inside it is {:.1} MB, more than the {} MB a copy may be; \
                 the file is damaged or was not made by Follicle",
                len as f64 / 1e6,
                MAX_COPY_BYTES / (1024 * 1024)
            )));
        }
        if copies.len() == MAX_COPIES {
            return Err(fail(format!(
                "carries more than {MAX_COPIES} photo copies; the file is damaged or was not \
                 made by Follicle"
            )));
        }
        let mut data = vec![0u8; len + 4];
        file.read_exact(&mut data)
            .map_err(|_| fail("the reduced photo inside it is cut short".into()))?;
        let (data, crc) = data.split_at(len);
        let mut check = crc32fast::Hasher::new();
        check.update(&kind);
        check.update(data);
        if check.finalize().to_be_bytes() != crc {
            return Err(fail("the reduced photo inside it is damaged".into()));
        }
        copies.push(PhotoCopy::from_chunk(data).map_err(|e| fail(format!("carries {e}")))?);
    }
    Ok(copies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_small_and_reads_back() {
        let photo = RgbImage::from_fn(4000, 3000, |x, y| {
            image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
        });
        let copy = PhotoCopy::of("jane.jpg", &photo, 16.0).expect("encode");
        assert_eq!(copy.size, (1600, 1200));
        assert_eq!(copy.full_size, (4000, 3000));
        let back = PhotoCopy::from_chunk(&copy.chunk_data()).expect("reads");
        assert_eq!(back, copy);
        // A coarse scale keeps the copy large enough for a valid scale.
        let coarse = PhotoCopy::of("jane.jpg", &photo, 1.0).expect("encode");
        assert_eq!(coarse.size, (2000, 1500));
    }

    #[test]
    fn damaged_copies_are_refused() {
        let photo = RgbImage::from_pixel(40, 30, image::Rgb([100, 90, 80]));
        let data = PhotoCopy::of("a.png", &photo, 8.0)
            .expect("encode")
            .chunk_data();
        assert!(PhotoCopy::from_chunk(&data[..30]).is_err());
        assert!(PhotoCopy::from_chunk(b"something else").is_err());
        let mut newer = data.clone();
        newer[MARKER.len()] = 9;
        assert!(
            PhotoCopy::from_chunk(&newer)
                .err()
                .is_some_and(|e| e.contains("newer"))
        );
    }
}
