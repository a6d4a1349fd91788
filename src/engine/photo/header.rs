//! Reading headers (dimensions and EXIF location) without decoding pixels.

use std::io::{self, Cursor, Read, Seek, SeekFrom};

use image::metadata::Orientation;

use super::budget::{
    check_png_profile, count_metadata, least_jpeg_bytes, least_png_bytes, png_bits_per_pixel,
};
use super::fault::{Fault, MAX_EXIF_BYTES, MAX_JPEG_JUNK, MAX_PIXELS, MAX_SIDE, MAX_WEBP_CHUNKS};
use super::sniff::{Kind, PNG_SIGNATURE, SNIFF_LEN, sniff};

/// What the header declares, read by our own small parsers so that the size is known (and a
/// bomb refused) before a decoder allocates anything.
#[derive(Debug)]
pub(super) struct Header {
    pub(super) kind: Kind,
    pub(super) width: u32,
    pub(super) height: u32,
    /// Where the raw EXIF (TIFF-structured) block is: offset and length.
    pub(super) exif: Option<(u64, u64)>,
    /// JPEG: offset of the first scan (its SOS payload); the end-of-image marker must follow it.
    pub(super) jpeg_scan: Option<u64>,
    /// JPEG: where the frame header is, when it has fewer than three components (a grey
    /// picture).
    pub(super) jpeg_grey: Option<u64>,
    /// WebP: where the RIFF container says the file ends.
    pub(super) riff_end: Option<u64>,
    /// The fewest bytes a whole file declaring this size can take (see [`super::budget`]).
    pub(super) least_bytes: u64,
}

/// Checks an in-memory photo before decoding: format, declared size, and whether it is whole.
pub(super) fn inspect(bytes: &[u8]) -> std::result::Result<Header, Fault> {
    let header = read_header(&mut Cursor::new(bytes), bytes.len() as u64)?;
    let len = bytes.len() as u64;
    match header.kind {
        // The JPEG decoder quietly fills a cut-off image with grey, so truncation is detected
        // here: the end-of-image marker must follow the scan data. Entropy-coded data escapes
        // 0xFF, so FF D9 cannot occur inside it; searching from the end finds it at once in a
        // normal file. An EXIF thumbnail's own marker lies before the scan and cannot fool this.
        Kind::Jpeg => {
            let scan = header
                .jpeg_scan
                .and_then(|s| usize::try_from(s).ok())
                .unwrap_or(0);
            let tail = bytes.get(scan..).unwrap_or_default();
            if !tail.windows(2).rev().any(|pair| pair == [0xFF, 0xD9]) {
                return Err(Fault::Incomplete);
            }
            // The Adobe segment that makes the decoder panic on a grey frame (see `jpeg_header`)
            // may come anywhere after the frame: between a progressive file's scans, or where
            // the decoder finds a marker that this walk skips as a segment's payload (inside a
            // comment, found by fuzzing). So every byte after the frame header is searched.
            if let Some(frame) = header.jpeg_grey.and_then(|f| usize::try_from(f).ok())
                && declares_ycck(bytes.get(frame..).unwrap_or_default())
            {
                return Err(Fault::Damaged);
            }
        }
        Kind::WebP => {
            if header.riff_end.is_some_and(|end| end > len) {
                return Err(Fault::Incomplete);
            }
        }
        // The PNG decoder reports a cut-off file itself.
        Kind::Png => {}
    }
    Ok(header)
}

/// True if `data` holds an Adobe segment declaring YCCK: FF EE, its length, "Adobe", version and
/// flags, then transform 2. Entropy-coded data escapes 0xFF (only FF 00 and restart markers occur
/// in it), so FF EE there is a real marker.
fn declares_ycck(data: &[u8]) -> bool {
    data.windows(16)
        .any(|w| w[..2] == [0xFF, 0xEE] && w[4..9] == *b"Adobe" && w[15] == 2)
}

/// Recognises the format and reads the declared dimensions and EXIF location.
pub(super) fn read_header<R: Read + Seek>(
    r: &mut R,
    len: u64,
) -> std::result::Result<Header, Fault> {
    let mut head = [0u8; SNIFF_LEN];
    let head_len = read_up_to(r, &mut head)?;
    let head = &head[..head_len];
    let kind = sniff(head)?;
    let mut header = match kind {
        Kind::Jpeg => jpeg_header(r)?,
        Kind::Png => png_header(r)?,
        Kind::WebP => webp_header(r, len)?,
    };
    header.kind = kind;
    check_size(header.width, header.height)?;
    if len < header.least_bytes {
        return Err(Fault::Implausible {
            width: header.width,
            height: header.height,
            len,
        });
    }
    Ok(header)
}

/// Refuses images with a zero side, or more pixels than we are willing to decode.
pub(super) fn check_size(width: u32, height: u32) -> std::result::Result<(), Fault> {
    if width == 0 || height == 0 {
        return Err(Fault::Damaged);
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Fault::TooManyPixels(width, height));
    }
    Ok(())
}

/// Fills as much of `buf` as the reader has (short files are fine), from the start.
pub(super) fn read_up_to<R: Read + Seek>(
    r: &mut R,
    buf: &mut [u8],
) -> std::result::Result<usize, Fault> {
    r.seek(SeekFrom::Start(0)).map_err(Fault::from_io)?;
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(Fault::from_io(err)),
        }
    }
    Ok(filled)
}

pub(super) fn read_bytes<const N: usize, R: Read>(
    r: &mut R,
) -> std::result::Result<[u8; N], Fault> {
    let mut buf = [0u8; N];
    r.read_exact(&mut buf).map_err(Fault::from_io)?;
    Ok(buf)
}

pub(super) fn read_u8<R: Read>(r: &mut R) -> std::result::Result<u8, Fault> {
    Ok(read_bytes::<1, R>(r)?[0])
}

pub(super) fn seek_to<R: Seek>(r: &mut R, pos: u64) -> std::result::Result<(), Fault> {
    r.seek(SeekFrom::Start(pos))
        .map(|_| ())
        .map_err(Fault::from_io)
}

pub(super) fn position<R: Seek>(r: &mut R) -> std::result::Result<u64, Fault> {
    r.stream_position().map_err(Fault::from_io)
}

pub(super) fn empty_header(width: u32, height: u32) -> Header {
    Header {
        kind: Kind::Jpeg,
        width,
        height,
        exif: None,
        jpeg_scan: None,
        jpeg_grey: None,
        riff_end: None,
        least_bytes: 0,
    }
}

/// Walks the JPEG marker segments up to the first scan: frame size (SOFn) and EXIF (APP1).
pub(super) fn jpeg_header<R: Read + Seek>(r: &mut R) -> std::result::Result<Header, Fault> {
    seek_to(r, 2)?;
    let mut size = None;
    let mut exif = None;
    let mut metadata = 0;
    // The frame header's place and component count.
    let mut frame = None;
    loop {
        // Tolerate a little junk before a marker, as other decoders do.
        let mut junk = 0;
        while read_u8(r)? != 0xFF {
            junk += 1;
            if junk > MAX_JPEG_JUNK {
                return Err(Fault::Damaged);
            }
        }
        let mut marker = read_u8(r)?;
        while marker == 0xFF {
            marker = read_u8(r)?; // fill bytes
        }
        match marker {
            // Markers without a length: a repeated SOI, TEM, restarts, and stuffed zero.
            0x00 | 0x01 | 0xD0..=0xD8 => continue,
            // End of image before any scan: there is no picture in this file.
            0xD9 => return Err(Fault::Damaged),
            _ => {}
        }
        let seg_len = u64::from(u16::from_be_bytes(read_bytes(r)?));
        if seg_len < 2 {
            return Err(Fault::Damaged);
        }
        let payload = position(r)?;
        let payload_len = seg_len - 2;
        // Application segments (EXIF, XMP, profiles) and comments.
        if matches!(marker, 0xE0..=0xEF | 0xFE) {
            count_metadata(&mut metadata, payload_len)?;
        }
        match marker {
            // Start-of-frame markers; C4 (DHT), C8 (JPG) and CC (DAC) share the range.
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                if payload_len < 5 {
                    return Err(Fault::Damaged);
                }
                let [precision, h1, h0, w1, w0] = read_bytes(r)?;
                // The decoder reads 8-bit baseline, extended and progressive Huffman JPEGs
                // (SOF0–2). Lossless, hierarchical, arithmetic-coded and 12-bit files are rare;
                // naming them beats calling them damaged.
                if marker > 0xC2 || precision != 8 {
                    return Err(Fault::Variant("JPEG"));
                }
                // A second frame header is an error for the decoder; the first one counts.
                if size.is_none() {
                    frame = Some((payload, check_jpeg_sampling(r, payload_len - 5)?));
                }
                size.get_or_insert((
                    u32::from(u16::from_be_bytes([w1, w0])),
                    u32::from(u16::from_be_bytes([h1, h0])),
                ));
            }
            // The decoder keeps the last EXIF segment it sees, so we do as well.
            0xE1 if payload_len > 6 && read_bytes::<6, R>(r)? == *b"Exif\0\0" => {
                exif = Some((payload + 6, payload_len - 6));
            }
            0xDA => {
                let (width, height) = size.ok_or(Fault::Damaged)?;
                let mut header = empty_header(width, height);
                header.exif = exif;
                header.jpeg_scan = Some(payload);
                // Adobe's segment names the colour transform. The decoder lets one that follows
                // the frame header override it; YCCK on a frame of fewer than three components
                // makes it index past its component list (found by fuzzing; refused in
                // `inspect`). Real files put it first.
                header.jpeg_grey = frame.filter(|&(_, n)| n < 3).map(|(at, _)| at);
                header.least_bytes = least_jpeg_bytes(width, height);
                return Ok(header);
            }
            _ => {}
        }
        seek_to(r, payload + payload_len)?;
    }
}

/// Checks the components of a JPEG frame (the `len` bytes of its header after the size): each
/// is sampled 1 to 4 times across and down, and none more finely than the first (brightness).
/// Cameras and editors always sample brightness at least as finely as colour; a file that does
/// it the other way round can make the decoder panic (found by fuzzing), so it is refused as a
/// rare variant before decoding. Returns the number of components.
fn check_jpeg_sampling<R: Read>(r: &mut R, len: u64) -> std::result::Result<u8, Fault> {
    let count = if len > 0 { read_u8(r)? } else { 0 };
    if count == 0 || len < 1 + 3 * u64::from(count) {
        return Err(Fault::Damaged);
    }
    let mut first = None;
    for _ in 0..count {
        let [_id, sampling, _table] = read_bytes(r)?;
        let (across, down) = (sampling >> 4, sampling & 0x0F);
        if !(1..=4).contains(&across) || !(1..=4).contains(&down) {
            return Err(Fault::Damaged);
        }
        let (most_across, most_down) = *first.get_or_insert((across, down));
        if across > most_across || down > most_down {
            return Err(Fault::Variant("JPEG"));
        }
    }
    Ok(count)
}

/// Reads the PNG IHDR, then walks the chunks before the image data looking for eXIf.
pub(super) fn png_header<R: Read + Seek>(r: &mut R) -> std::result::Result<Header, Fault> {
    seek_to(r, PNG_SIGNATURE.len() as u64)?;
    let ihdr: [u8; 16] = read_bytes(r)?;
    if &ihdr[4..8] != b"IHDR" || u32::from_be_bytes([ihdr[0], ihdr[1], ihdr[2], ihdr[3]]) != 13 {
        return Err(Fault::Damaged);
    }
    let width = u32::from_be_bytes([ihdr[8], ihdr[9], ihdr[10], ihdr[11]]);
    let height = u32::from_be_bytes([ihdr[12], ihdr[13], ihdr[14], ihdr[15]]);
    // Refuse a bomb before walking further: nothing after IHDR can change the size.
    check_size(width, height)?;
    let [bit_depth, colour_type] = read_bytes(r)?;
    let bits = png_bits_per_pixel(colour_type, bit_depth).ok_or(Fault::Damaged)?;
    let mut header = empty_header(width, height);
    header.least_bytes = least_png_bytes(width, height, bits);
    let mut metadata = 0;
    // Skip the rest of IHDR (3 bytes) and its CRC.
    let mut next = position(r)? + 3 + 4;
    loop {
        seek_to(r, next)?;
        let chunk: [u8; 8] = read_bytes(r)?;
        let chunk_len = u64::from(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        if chunk_len > 0x7FFF_FFFF {
            return Err(Fault::Damaged);
        }
        let data = next + 8;
        match &chunk[4..8] {
            // The decoder only reads eXIf placed before the image data (as the spec asks).
            b"IDAT" | b"IEND" => return Ok(header),
            b"eXIf" => header.exif = Some((data, chunk_len)),
            b"iCCP" => check_png_profile(r, data, chunk_len)?,
            _ => {}
        }
        // Ancillary chunks (a lower-case first letter) are metadata.
        if chunk[4].is_ascii_lowercase() {
            count_metadata(&mut metadata, chunk_len)?;
        }
        next = data + chunk_len + 4;
    }
}

/// Reads the WebP frame size (VP8, VP8L or VP8X) and, for VP8X, finds the EXIF chunk.
pub(super) fn webp_header<R: Read + Seek>(
    r: &mut R,
    len: u64,
) -> std::result::Result<Header, Fault> {
    seek_to(r, 4)?;
    let riff_end = 8 + u64::from(u32::from_le_bytes(read_bytes(r)?));
    seek_to(r, 12)?;
    let [f0, f1, f2, f3, s0, s1, s2, s3] = read_bytes(r)?;
    let chunk_len = u64::from(u32::from_le_bytes([s0, s1, s2, s3]));
    let (width, height) = match &[f0, f1, f2, f3] {
        b"VP8 " => {
            // Frame tag (3 bytes), start code, then 14-bit width and height (top bits: scale).
            let [_, _, _, c0, c1, c2, w0, w1, h0, h1] = read_bytes(r)?;
            if [c0, c1, c2] != [0x9D, 0x01, 0x2A] {
                return Err(Fault::Damaged);
            }
            (
                u32::from(u16::from_le_bytes([w0, w1]) & 0x3FFF),
                u32::from(u16::from_le_bytes([h0, h1]) & 0x3FFF),
            )
        }
        b"VP8L" => {
            // Signature byte, then width−1 and height−1 in two 14-bit fields.
            let [signature, b0, b1, b2, b3] = read_bytes(r)?;
            if signature != 0x2F {
                return Err(Fault::Damaged);
            }
            let bits = u32::from_le_bytes([b0, b1, b2, b3]);
            ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        }
        b"VP8X" => {
            // Flags, 3 reserved bytes, then canvas width−1 and height−1 as 24-bit values.
            let [_flags, _, _, _, w0, w1, w2, h0, h1, h2] = read_bytes(r)?;
            (
                u32::from_le_bytes([w0, w1, w2, 0]) + 1,
                u32::from_le_bytes([h0, h1, h2, 0]) + 1,
            )
        }
        _ => return Err(Fault::Damaged),
    };
    check_size(width, height)?;
    let mut header = empty_header(width, height);
    header.riff_end = Some(riff_end);
    if &[f0, f1, f2, f3] == b"VP8X" {
        header.exif = find_webp_exif(r, 12 + 8 + chunk_len + (chunk_len & 1), riff_end.min(len))?;
    }
    Ok(header)
}

/// Walks the RIFF chunks after VP8X for the EXIF chunk, which usually follows the image data.
pub(super) fn find_webp_exif<R: Read + Seek>(
    r: &mut R,
    mut next: u64,
    end: u64,
) -> std::result::Result<Option<(u64, u64)>, Fault> {
    let mut found = None;
    for _ in 0..MAX_WEBP_CHUNKS {
        if next + 8 > end {
            break;
        }
        seek_to(r, next)?;
        let [f0, f1, f2, f3, s0, s1, s2, s3] = read_bytes(r)?;
        let chunk_len = u64::from(u32::from_le_bytes([s0, s1, s2, s3]));
        // Like the decoder, the first EXIF chunk counts.
        if &[f0, f1, f2, f3] == b"EXIF" {
            found = Some((next + 8, chunk_len));
            break;
        }
        next += 8 + chunk_len + (chunk_len & 1);
    }
    Ok(found)
}

/// Reads the orientation tag from the EXIF block; unreadable EXIF counts as "no rotation", as
/// it does in the decoders.
pub(super) fn read_orientation<R: Read + Seek>(
    r: &mut R,
    &(offset, len): &(u64, u64),
) -> std::result::Result<Orientation, Fault> {
    seek_to(r, offset)?;
    let mut exif = Vec::new();
    r.take(len.min(MAX_EXIF_BYTES))
        .read_to_end(&mut exif)
        .map_err(Fault::from_io)?;
    Ok(Orientation::from_exif_chunk(&exif).unwrap_or(Orientation::NoTransforms))
}

/// The displayed size: orientations 5–8 turn the picture a quarter, swapping the sides.
pub(super) fn oriented_size(width: u32, height: u32, orientation: Orientation) -> (u32, u32) {
    match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (height, width),
        Orientation::NoTransforms
        | Orientation::Rotate180
        | Orientation::FlipHorizontal
        | Orientation::FlipVertical => (width, height),
    }
}
