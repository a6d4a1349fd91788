//! Writing pictures: PNG that is both quick and compact, JPEG for sending.
//!
//! A 24 MP mock-up is 72 MB of pixels. A one-thread zlib encoder at a fast setting writes it in about
//! a second or makes a large file. This one filters every row with the PNG filter that suits it best
//! (the smallest sum of absolute differences, as libpng's adaptive filtering does), on every core,
//! a batch of rows at a time, and compresses the filtered rows with `fdeflate`, a deflate encoder
//! made for PNG data (runs of zeros and a fixed code trained on PNG images: several times faster
//! than zlib's fastest level, and on photos smaller than it). While one batch is compressed the
//! next is filtered, and the compressed stream goes out in IDAT chunks as it comes, so the file
//! never needs a second copy of the picture in memory.

use std::io::{self, Write};

use image::RgbImage;
use rayon::prelude::*;

/// Rows filtered together while the batch before them is compressed.
const BATCH_ROWS: usize = 256;

/// Compressed data per IDAT chunk.
const IDAT_BYTES: usize = 1 << 20;

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
    let raw = image.as_raw();
    let rows = height as usize;
    let stream = Stream::default();
    let mut compressor = fdeflate::Compressor::new(stream.clone())?;
    let mut current = filtered_rows(raw, stride, 0..BATCH_ROWS.min(rows));
    let mut start = BATCH_ROWS;
    loop {
        let next = start < rows;
        let (following, written) = rayon::join(
            || next.then(|| filtered_rows(raw, stride, start..(start + BATCH_ROWS).min(rows))),
            || compressor.write_data(&current),
        );
        written?;
        stream.send(w, IDAT_BYTES)?;
        match following {
            Some(batch) => current = batch,
            None => break,
        }
        start += BATCH_ROWS;
    }
    compressor.finish()?;
    stream.send(w, 0)?;
    chunk(w, b"IEND", &[])
}

/// The compressed stream as it comes out of the compressor (which may run on another thread),
/// sent on in IDAT chunks by the writing thread.
#[derive(Clone, Default)]
struct Stream(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Stream {
    /// Writes what has come so far as IDAT chunks of at least `least` bytes (all of it for 0).
    fn send(&self, w: &mut (impl Write + ?Sized), least: usize) -> io::Result<()> {
        let mut pending = self
            .0
            .lock()
            .map_err(|_| io::Error::other("the PNG compressor stopped"))?;
        if !pending.is_empty() && pending.len() >= least {
            for part in pending.chunks(IDAT_BYTES) {
                chunk(w, b"IDAT", part)?;
            }
            pending.clear();
        }
        Ok(())
    }
}

impl Write for Stream {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("the PNG writer stopped"))?
            .extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Rows `rows` of the picture (`raw`, `stride` bytes a row), each filtered and led by its filter
/// type, as the PNG image data holds them.
fn filtered_rows(raw: &[u8], stride: usize, rows: std::ops::Range<usize>) -> Vec<u8> {
    let first = rows.start;
    let mut out = vec![0u8; rows.len() * (stride + 1)];
    out.par_chunks_mut(stride + 1)
        .with_min_len(8)
        .enumerate()
        .for_each(|(k, line)| {
            let r = first + k;
            let row = &raw[r * stride..(r + 1) * stride];
            let above = (r > 0).then(|| &raw[(r - 1) * stride..r * stride]);
            let kind = choose_filter(row, above);
            line[0] = kind;
            filter_row(kind, row, above, &mut line[1..]);
        });
    out
}

/// Bytes between the samples [`choose_filter`] looks at.
const FILTER_SAMPLE: usize = 7;

/// The filter for `row` (see [`filter_row`]): the one whose output is smallest as signed bytes
/// (the usual heuristic, as in libpng), judged on every seventh byte of the row, which picks the
/// same filter as judging every byte almost always at a fraction of the work.
fn choose_filter(row: &[u8], above: Option<&[u8]>) -> u8 {
    const BPP: usize = 3;
    let cost = |x: u8, predicted: u8| u32::from((x.wrapping_sub(predicted) as i8).unsigned_abs());
    let mut costs = [0u32; 5];
    for i in (BPP..row.len()).step_by(FILTER_SAMPLE) {
        let (x, a) = (row[i], row[i - BPP]);
        let (b, c) = above.map_or((0, 0), |up| (up[i], up[i - BPP]));
        costs[0] += cost(x, 0);
        costs[1] += cost(x, a);
        costs[2] += cost(x, b);
        costs[3] += cost(x, ((u16::from(a) + u16::from(b)) >> 1) as u8);
        costs[4] += cost(x, paeth(a, b, c));
    }
    let mut best = 0;
    for kind in 1..5 {
        if costs[kind] < costs[best] {
            best = kind;
        }
    }
    best as u8
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
