//! Writing pictures: PNG that is both quick and compact, JPEG for sending.
//!
//! A 24 MP mock-up is 72 MB of pixels. A one-thread PNG encoder at a fast setting writes it in about
//! a second or makes a large file; this one filters every row with the PNG filter that suits it best
//! (the smallest sum of absolute differences, as libpng's adaptive filtering does) and compresses
//! horizontal strips on every core at zlib level 2, then joins the strips into one zlib stream (each
//! strip ends on a full flush, so the next one starts on a byte boundary, as `pigz` does). The
//! Adler-32 of the whole stream is put together from the strips' own checksums.

use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};
use image::RgbImage;
use rayon::prelude::*;

/// Rows compressed together by one task: big enough that the strips' separate dictionaries cost
/// little, small enough to give every core several strips.
const STRIP_ROWS: usize = 128;

/// The zlib compression level of every strip.
const ZLIB_LEVEL: u32 = 2;

/// Writes `image` as an 8-bit RGB PNG with the given international text chunks (keyword, text)
/// and other chunks (type, data), all before the image data.
pub fn write_png(
    w: &mut (impl Write + ?Sized),
    image: &RgbImage,
    texts: &[(&str, &str)],
    chunks: &[([u8; 4], &[u8])],
) -> io::Result<()> {
    let (width, height) = image.dimensions();
    w.write_all(b"\x89PNG\r\n\x1a\n")?;
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits per sample, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(w, b"IHDR", &header)?;
    for (keyword, text) in texts {
        // iTXt: keyword, NUL, not compressed, method 0, no language tag, no translated keyword.
        let mut data = Vec::with_capacity(keyword.len() + text.len() + 5);
        data.extend_from_slice(keyword.as_bytes());
        data.extend_from_slice(&[0, 0, 0, 0, 0]);
        data.extend_from_slice(text.as_bytes());
        chunk(w, b"iTXt", &data)?;
    }
    for (kind, data) in chunks {
        chunk(w, kind, data)?;
    }
    let stride = width as usize * 3;
    let strips: Vec<(Vec<u8>, u32, usize)> = image
        .as_raw()
        .par_chunks(stride.max(1) * STRIP_ROWS)
        .enumerate()
        .map(|(n, rows)| {
            let first = n * STRIP_ROWS;
            let above = (first > 0).then(|| &image.as_raw()[(first - 1) * stride..first * stride]);
            let last = (first + rows.len() / stride.max(1)) as u32 >= height;
            compress_strip(rows, above, stride, last)
        })
        .collect::<io::Result<_>>()?;
    let mut adler = 1u32;
    let mut zlib = Vec::with_capacity(strips.iter().map(|s| s.0.len()).sum::<usize>() + 6);
    // zlib header: deflate with a 32 KiB window, a fast compression level (FLEVEL 1; the two
    // bytes are a multiple of 31, as the format requires).
    zlib.extend_from_slice(&[0x78, 0x5E]);
    for (data, strip_adler, len) in &strips {
        zlib.extend_from_slice(data);
        adler = adler32_combine(adler, *strip_adler, *len as u64);
    }
    zlib.extend_from_slice(&adler.to_be_bytes());
    for part in zlib.chunks(1 << 20) {
        chunk(w, b"IDAT", part)?;
    }
    chunk(w, b"IEND", &[])
}

/// Filters and compresses one strip of rows (`above`: the row before it, for the filters that look
/// up). Returns the raw deflate data, the Adler-32 of the filtered bytes and their length.
fn compress_strip(
    rows: &[u8],
    above: Option<&[u8]>,
    stride: usize,
    last: bool,
) -> io::Result<(Vec<u8>, u32, usize)> {
    let count = rows.len() / stride.max(1);
    let mut filtered = Vec::with_capacity(count * (stride + 1));
    let mut candidate = vec![0u8; stride];
    let mut best = vec![0u8; stride];
    for r in 0..count {
        let row = &rows[r * stride..(r + 1) * stride];
        let prior = if r == 0 {
            above
        } else {
            Some(&rows[(r - 1) * stride..r * stride])
        };
        let mut best_kind = 0u8;
        let mut best_cost = u64::MAX;
        for kind in 0..5u8 {
            filter_row(kind, row, prior, &mut candidate);
            let cost: u64 = candidate
                .iter()
                .map(|&b| u32::from((b as i8).unsigned_abs()))
                .sum::<u32>()
                .into();
            if cost < best_cost {
                best_cost = cost;
                best_kind = kind;
                best.copy_from_slice(&candidate);
            }
        }
        filtered.push(best_kind);
        filtered.extend_from_slice(&best);
    }
    let adler = simd_adler32::adler32(&filtered.as_slice());
    // Level 2: zlib-rs's level 1 uses fixed Huffman codes, which costs about a tenth more bytes
    // on photos; level 2 is the classic fast deflate with codes fitted to each block.
    let mut deflate = Compress::new(Compression::new(ZLIB_LEVEL), false);
    let mut out = Vec::with_capacity(filtered.len() / 2 + 64);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Full
    };
    loop {
        let consumed = deflate.total_in() as usize;
        out.reserve(filtered.len() / 4 + 1024);
        let status = deflate
            .compress_vec(&filtered[consumed..], &mut out, flush)
            .map_err(io::Error::other)?;
        let done = deflate.total_in() as usize == filtered.len();
        match status {
            Status::StreamEnd => break,
            // A full flush is complete once all input is in and the output buffer did not fill up.
            Status::Ok | Status::BufError if done && !last && out.len() < out.capacity() => break,
            _ => {}
        }
    }
    Ok((out, adler, filtered.len()))
}

/// One PNG filter (0 none, 1 sub, 2 up, 3 average, 4 Paeth) of `row` against the row above.
/// Each filter is its own loop without branches, so the compiler runs it on many bytes at once.
fn filter_row(kind: u8, row: &[u8], above: Option<&[u8]>, out: &mut [u8]) {
    const BPP: usize = 3;
    let n = row.len().min(out.len());
    let (row, out) = (&row[..n], &mut out[..n]);
    let lead = BPP.min(n);
    match (kind, above) {
        (1, _) => {
            out[..lead].copy_from_slice(&row[..lead]);
            for ((o, &x), &a) in out[lead..].iter_mut().zip(&row[lead..]).zip(row) {
                *o = x.wrapping_sub(a);
            }
        }
        (2, Some(up)) => {
            for ((o, &x), &b) in out.iter_mut().zip(row).zip(up) {
                *o = x.wrapping_sub(b);
            }
        }
        (3, Some(up)) => {
            for ((o, &x), &b) in out[..lead].iter_mut().zip(row).zip(up) {
                *o = x.wrapping_sub(b >> 1);
            }
            let items = out[lead..]
                .iter_mut()
                .zip(&row[lead..])
                .zip(row.iter().zip(&up[lead..]));
            for ((o, &x), (&a, &b)) in items {
                *o = x.wrapping_sub(((u16::from(a) + u16::from(b)) >> 1) as u8);
            }
        }
        (3, None) => {
            out[..lead].copy_from_slice(&row[..lead]);
            for ((o, &x), &a) in out[lead..].iter_mut().zip(&row[lead..]).zip(row) {
                *o = x.wrapping_sub(a >> 1);
            }
        }
        (4, Some(up)) => {
            // Paeth with a = c = 0 in the first pixel predicts b.
            for ((o, &x), &b) in out[..lead].iter_mut().zip(row).zip(up) {
                *o = x.wrapping_sub(b);
            }
            let items = out[lead..]
                .iter_mut()
                .zip(&row[lead..])
                .zip(row.iter().zip(up[lead..].iter().zip(up)));
            for ((o, &x), (&a, (&b, &c))) in items {
                *o = x.wrapping_sub(paeth(a, b, c));
            }
        }
        // Up and Paeth without a row above predict 0 above: Up is None, Paeth is Sub.
        (4, None) => filter_row(1, row, None, out),
        _ => out.copy_from_slice(row),
    }
}

/// The Paeth predictor, written with selects rather than branches.
#[inline]
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let (pa, pb, pc) = ((ib - ic).abs(), (ia - ic).abs(), (ia + ib - 2 * ic).abs());
    let b_or_c = if pb <= pc { b } else { c };
    if pa <= pb && pa <= pc { a } else { b_or_c }
}

/// The Adler-32 of two pieces of data joined, from each piece's Adler-32 and the second's length
/// (the arithmetic of the checksum's two sums modulo 65521).
fn adler32_combine(first: u32, second: u32, second_len: u64) -> u32 {
    const BASE: u64 = 65521;
    let rem = second_len % BASE;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    let a = (a1 + a2 + BASE - 1) % BASE;
    let b = (b1 + b2 + rem * a1 + BASE - rem) % BASE;
    ((b << 16) | a) as u32
}

/// Writes a PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(w: &mut (impl Write + ?Sized), kind: &[u8; 4], data: &[u8]) -> io::Result<()> {
    w.write_all(&(data.len() as u32).to_be_bytes())?;
    w.write_all(kind)?;
    w.write_all(data)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    w.write_all(&crc.finalize().to_be_bytes())
}

/// JPEG quality of mock-ups made for sending.
pub const SHARE_QUALITY: u8 = 90;

/// Writes `image` as a baseline JPEG of `quality` (1–100), with no metadata at all: no EXIF, no
/// embedded project, nothing of the practitioner's files.
pub fn write_jpeg(w: &mut (impl Write + ?Sized), image: &RgbImage, quality: u8) -> io::Result<()> {
    image::codecs::jpeg::JpegEncoder::new_with_quality(w, quality.clamp(1, 100))
        .encode_image(image)
        .map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The PNG specification's filters, byte by byte, as the reference.
    fn reference(kind: u8, row: &[u8], above: Option<&[u8]>) -> Vec<u8> {
        let up = |i: usize| above.map_or(0, |a| a[i]);
        (0..row.len())
            .map(|i| {
                let a = if i >= 3 { row[i - 3] } else { 0 };
                let (b, c) = (up(i), if i >= 3 { up(i - 3) } else { 0 });
                let p = i16::from(a) + i16::from(b) - i16::from(c);
                let (pa, pb, pc) = (
                    (p - i16::from(a)).abs(),
                    (p - i16::from(b)).abs(),
                    (p - i16::from(c)).abs(),
                );
                let paeth = if pa <= pb && pa <= pc {
                    a
                } else if pb <= pc {
                    b
                } else {
                    c
                };
                let predicted = match kind {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    _ => paeth,
                };
                row[i].wrapping_sub(predicted)
            })
            .collect()
    }

    #[test]
    fn every_filter_matches_the_specification() {
        let row: Vec<u8> = (0..300u32).map(|i| (i * 97 + i * i / 7) as u8).collect();
        let above: Vec<u8> = (0..300u32).map(|i| (i * 31 + 200 - i / 3) as u8).collect();
        let mut out = vec![0u8; row.len()];
        for kind in 0..5u8 {
            for prior in [None, Some(above.as_slice())] {
                filter_row(kind, &row, prior, &mut out);
                assert_eq!(
                    out,
                    reference(kind, &row, prior),
                    "filter {kind}, above {}",
                    prior.is_some()
                );
            }
        }
    }

    #[test]
    fn adler_of_joined_pieces_is_the_adler_of_the_whole() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for cut in [0, 1, 5552, 65521, 100_000, 199_999] {
            let (a, b) = data.split_at(cut);
            let joined = adler32_combine(
                simd_adler32::adler32(&a),
                simd_adler32::adler32(&b),
                b.len() as u64,
            );
            assert_eq!(
                joined,
                simd_adler32::adler32(&data.as_slice()),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_png_decodes_to_the_same_pixels_with_its_text() {
        let image = RgbImage::from_fn(301, 517, |x, y| {
            image::Rgb([(x * 3 + y) as u8, (x ^ y) as u8, ((x * y) >> 3) as u8])
        });
        let mut bytes = Vec::new();
        write_png(
            &mut bytes,
            &image,
            &[("follicle:project", "(version: 3)")],
            &[(*b"flXx", b"ancillary")],
        )
        .expect("encode");
        let decoded = image::load_from_memory(&bytes).expect("decode").to_rgb8();
        assert_eq!(decoded, image);
        let mut decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        decoder.set_ignore_text_chunk(false);
        let reader = decoder.read_info().expect("header");
        let text = &reader.info().utf8_text[0];
        assert_eq!(text.keyword, "follicle:project");
        assert_eq!(text.get_text().expect("text"), "(version: 3)");
    }

    #[test]
    fn a_jpeg_carries_no_metadata() {
        let image = RgbImage::from_pixel(64, 48, image::Rgb([200, 150, 120]));
        let mut bytes = Vec::new();
        write_jpeg(&mut bytes, &image, SHARE_QUALITY).expect("encode");
        assert_eq!(&bytes[..2], &[0xFF, 0xD8]);
        // No APP1 (EXIF/XMP) segment anywhere before the image data.
        assert!(!bytes.windows(2).any(|w| w == [0xFF, 0xE1]));
        let decoded = image::load_from_memory(&bytes).expect("decode").to_rgb8();
        assert_eq!(decoded.dimensions(), (64, 48));
    }
}
