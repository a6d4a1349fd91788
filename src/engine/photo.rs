//! Loading client scalp photos: JPEG, PNG and WebP, upright and as 8-bit RGB.
//!
//! Photos come straight from phones and cameras, so this module is defensive: it recognises the
//! formats people actually send (HEIC from iPhones, TIFF, camera RAW, ...) and says what to do,
//! refuses decompression bombs from the header before allocating pixels, notices truncated
//! copies, and contains decoder panics. Every failure is an [`Error::Photo`] with one short,
//! plain-language line. Files are only ever opened for reading.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, RgbImage};

use crate::engine::error::{Error, Result, describe_io};

/// Largest photo file accepted, in bytes (checked from the file's metadata before reading).
pub const MAX_FILE_BYTES: u64 = 400 * 1024 * 1024;
/// Largest accepted width or height, in pixels, as declared by the file's header.
pub const MAX_SIDE: u32 = 30_000;
/// Largest accepted pixel count (width × height), as declared by the file's header.
pub const MAX_PIXELS: u64 = 150_000_000;

/// Upper bound for all decoder allocations: the largest accepted photo at 8 bytes per pixel
/// (16-bit RGBA, the widest layout JPEG, PNG or WebP can decode to).
const MAX_ALLOC: u64 = MAX_PIXELS * 8;

/// The EXIF block is read whole to find the orientation tag (which sits in the first IFD, near
/// the start). Capping it keeps a hostile length field from causing a large allocation.
const MAX_EXIF_BYTES: u64 = 1024 * 1024;

/// How many bytes of non-marker junk a JPEG may have between segments before it counts as
/// damaged. Real files have at most a few; the cap keeps header parsing fast on garbage.
const MAX_JPEG_JUNK: u32 = 64 * 1024;

/// How many RIFF chunks are walked looking for WebP's EXIF chunk. Real files have a handful.
const MAX_WEBP_CHUNKS: u32 = 10_000;

const INCOMPLETE: &str = "the photo file is incomplete (probably cut off during a copy or \
                          download); copy it again from the original";
const DAMAGED: &str = "the photo data is damaged and cannot be read; copy it again from the \
                       original, or open it in another app and save it as JPEG";
const UNKNOWN: &str = "not a photo Follicle can read (JPEG, PNG or WebP)";
const EMPTY: &str = "the file is empty (0 bytes); copy the photo again from the original";
const FOLDER: &str = "this is a folder, not a photo; choose a photo file inside it";

/// Decodes the photo at `path`, upright (EXIF orientation 1–8 applied), as 8-bit RGB.
///
/// Greyscale, palette, 16-bit and CMYK photos are converted; transparency is flattened over
/// white. The file is checked (size, format, declared dimensions, completeness) before any
/// pixels are decoded, so bad files fail fast with a message that says what to do.
pub fn load(path: &Path) -> Result<RgbImage> {
    let bytes = read_photo_file(path)?;
    let header = inspect(&bytes).map_err(|fault| fault.into_error(path))?;
    // The owned buffer moves into the reader: the JPEG decoder copies its input and drops the
    // reader straight away, so the file's bytes are not held twice while pixels are decoded.
    decode_checked(Cursor::new(bytes), &header).map_err(|fault| fault.into_error(path))
}

/// Same as [`load`], from bytes already in memory; `path` is only used in messages.
pub fn decode(bytes: &[u8], path: &Path) -> Result<RgbImage> {
    check_file_len(bytes.len() as u64).map_err(|fault| fault.into_error(path))?;
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
    let header = read_header(&mut reader, len).map_err(|fault| fault.into_error(path))?;
    let orientation = match &header.exif {
        Some(exif) => read_orientation(&mut reader, exif).map_err(|f| f.into_error(path))?,
        None => Orientation::NoTransforms,
    };
    Ok(oriented_size(header.width, header.height, orientation))
}

// ---------------------------------------------------------------------------------------------
// Failures

/// What went wrong, before it is tied to a path and worded for the user.
#[derive(Debug)]
enum Fault {
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
    fn into_error(self, path: &Path) -> Error {
        Error::photo(path, self.message())
    }

    fn message(&self) -> String {
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
            Fault::TooMuchMemory => format!(
                "the photo needs too much memory to open; photos up to {} megapixels are \
                 supported, so export a smaller copy",
                MAX_PIXELS / 1_000_000
            ),
            Fault::Unsupported(name) => format!(
                "this is a {name} file, which Follicle cannot open; JPEG, PNG or WebP work, so \
                 save or export the photo in one of those"
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

    fn from_io(err: io::Error) -> Fault {
        // Running out of bytes while parsing means the file stops early.
        if err.kind() == io::ErrorKind::UnexpectedEof {
            Fault::Incomplete
        } else {
            Fault::Io(err)
        }
    }

    fn from_image(err: ImageError, kind: Kind) -> Fault {
        match err {
            ImageError::Limits(_) => Fault::TooMuchMemory,
            ImageError::IoError(io) => Fault::from_io(io),
            ImageError::Unsupported(_) => Fault::Variant(kind.name()),
            _ => Fault::Damaged,
        }
    }
}

/// Message for a file that could not be opened or inspected.
fn open_problem(err: &io::Error) -> String {
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
fn read_problem(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => open_problem(err),
        _ => format!(
            "could not read the file: {}; try again or copy it elsewhere",
            describe_io(err)
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the file

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

// ---------------------------------------------------------------------------------------------
// Recognising the format

/// A supported format, as recognised from its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    WebP,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::WebP => "WebP",
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Kind::Jpeg => ImageFormat::Jpeg,
            Kind::Png => ImageFormat::Png,
            Kind::WebP => ImageFormat::WebP,
        }
    }
}

/// How many leading bytes [`sniff`] looks at (enough for an `ftyp` box's brand list).
const SNIFF_LEN: usize = 64;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// ISO-BMFF brands of HEIC/HEIF still images and sequences (iPhones and many Android phones).
const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
];
/// ISO-BMFF brands of AVIF images and sequences.
const AVIF_BRANDS: &[&[u8; 4]] = &[b"avif", b"avis"];

/// Recognises the format from the first bytes of the file.
fn sniff(head: &[u8]) -> std::result::Result<Kind, Fault> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if head.starts_with(PNG_SIGNATURE) {
        return Ok(Kind::Png);
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Ok(Kind::WebP);
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return Err(sniff_iso_bmff(head));
    }
    Err(sniff_unsupported(head).map_or(Fault::Unknown, Fault::Unsupported))
}

/// Names an ISO-BMFF file (HEIC, AVIF, CR3, video) from its major and compatible brands.
fn sniff_iso_bmff(head: &[u8]) -> Fault {
    let major = &head[8..12];
    // The compatible brands follow the major brand and minor version, up to the box's end.
    let box_len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let brands_end = box_len.clamp(16, head.len());
    let compatible = head.get(16..brands_end).unwrap_or_default();
    let has = |list: &[&[u8; 4]], brand: &[u8]| list.iter().any(|b| b.as_slice() == brand);
    let any_compatible =
        |list: &[&[u8; 4]]| compatible.chunks_exact(4).any(|brand| has(list, brand));

    if has(AVIF_BRANDS, major) {
        Fault::Heif("AVIF")
    } else if has(HEIF_BRANDS, major) {
        Fault::Heif("HEIC")
    } else if major == b"crx " {
        Fault::Unsupported("Canon RAW (CR3)")
    } else if any_compatible(AVIF_BRANDS) {
        Fault::Heif("AVIF")
    } else if any_compatible(HEIF_BRANDS) {
        Fault::Heif("HEIC")
    } else {
        Fault::Unsupported("video (MP4/MOV)")
    }
}

/// Names well-known formats Follicle does not read, so the message can say what the file is.
fn sniff_unsupported(head: &[u8]) -> Option<&'static str> {
    let starts = |sig: &[u8]| head.starts_with(sig);
    if starts(b"II*\0") || starts(b"MM\0*") {
        // Canon's CR2 is TIFF-structured with "CR" right after the header; DNG, NEF and ARW
        // are plain TIFF structures, hence the generic name.
        if head.get(8..10) == Some(b"CR".as_slice()) {
            return Some("Canon RAW (CR2)");
        }
        return Some("TIFF (or camera RAW)");
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"IIRO", "Olympus RAW (ORF)"),
        (b"IIU\0", "Panasonic RAW (RW2)"),
        (b"FUJIFILMCCD-RAW", "Fujifilm RAW (RAF)"),
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"BM", "BMP"),
        (b"8BPS", "Photoshop (PSD)"),
        (b"%PDF", "PDF"),
        (b"\xFF\x0A", "JPEG XL"),
        (b"\0\0\0\x0CJXL \x0D\x0A\x87\x0A", "JPEG XL"),
        (b"\0\0\0\x0CjP  \x0D\x0A\x87\x0A", "JPEG 2000"),
        (b"\xFF\x4F\xFF\x51", "JPEG 2000"),
        (b"qoif", "QOI"),
        (b"DDS ", "DDS"),
        (b"\x76\x2F\x31\x01", "OpenEXR"),
        (b"#?RADIANCE", "Radiance HDR"),
        (b"farbfeld", "farbfeld"),
        (b"<svg", "SVG"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| starts(sig))
        .map(|&(_, name)| name)
}

// ---------------------------------------------------------------------------------------------
// Reading headers (dimensions and EXIF location) without decoding pixels

/// What the header declares, read by our own small parsers so that the size is known (and a
/// bomb refused) before a decoder allocates anything.
#[derive(Debug)]
struct Header {
    kind: Kind,
    width: u32,
    height: u32,
    /// Where the raw EXIF (TIFF-structured) block is: offset and length.
    exif: Option<(u64, u64)>,
    /// JPEG: offset of the first scan (its SOS payload); the end-of-image marker must follow it.
    jpeg_scan: Option<u64>,
    /// WebP: where the RIFF container says the file ends.
    riff_end: Option<u64>,
}

/// Checks an in-memory photo before decoding: format, declared size, and whether it is whole.
fn inspect(bytes: &[u8]) -> std::result::Result<Header, Fault> {
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

/// Recognises the format and reads the declared dimensions and EXIF location.
fn read_header<R: Read + Seek>(r: &mut R, len: u64) -> std::result::Result<Header, Fault> {
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
    Ok(header)
}

/// Refuses images with a zero side, or more pixels than we are willing to decode.
fn check_size(width: u32, height: u32) -> std::result::Result<(), Fault> {
    if width == 0 || height == 0 {
        return Err(Fault::Damaged);
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Fault::TooManyPixels(width, height));
    }
    Ok(())
}

/// Fills as much of `buf` as the reader has (short files are fine), from the start.
fn read_up_to<R: Read + Seek>(r: &mut R, buf: &mut [u8]) -> std::result::Result<usize, Fault> {
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

fn read_bytes<const N: usize, R: Read>(r: &mut R) -> std::result::Result<[u8; N], Fault> {
    let mut buf = [0u8; N];
    r.read_exact(&mut buf).map_err(Fault::from_io)?;
    Ok(buf)
}

fn read_u8<R: Read>(r: &mut R) -> std::result::Result<u8, Fault> {
    Ok(read_bytes::<1, R>(r)?[0])
}

fn seek_to<R: Seek>(r: &mut R, pos: u64) -> std::result::Result<(), Fault> {
    r.seek(SeekFrom::Start(pos))
        .map(|_| ())
        .map_err(Fault::from_io)
}

fn position<R: Seek>(r: &mut R) -> std::result::Result<u64, Fault> {
    r.stream_position().map_err(Fault::from_io)
}

fn empty_header(width: u32, height: u32) -> Header {
    Header {
        kind: Kind::Jpeg,
        width,
        height,
        exif: None,
        jpeg_scan: None,
        riff_end: None,
    }
}

/// Walks the JPEG marker segments up to the first scan: frame size (SOFn) and EXIF (APP1).
fn jpeg_header<R: Read + Seek>(r: &mut R) -> std::result::Result<Header, Fault> {
    seek_to(r, 2)?;
    let mut size = None;
    let mut exif = None;
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
                return Ok(header);
            }
            _ => {}
        }
        seek_to(r, payload + payload_len)?;
    }
}

/// Reads the PNG IHDR, then walks the chunks before the image data looking for eXIf.
fn png_header<R: Read + Seek>(r: &mut R) -> std::result::Result<Header, Fault> {
    seek_to(r, PNG_SIGNATURE.len() as u64)?;
    let ihdr: [u8; 16] = read_bytes(r)?;
    if &ihdr[4..8] != b"IHDR" || u32::from_be_bytes([ihdr[0], ihdr[1], ihdr[2], ihdr[3]]) != 13 {
        return Err(Fault::Damaged);
    }
    let width = u32::from_be_bytes([ihdr[8], ihdr[9], ihdr[10], ihdr[11]]);
    let height = u32::from_be_bytes([ihdr[12], ihdr[13], ihdr[14], ihdr[15]]);
    // Refuse a bomb before walking further: nothing after IHDR can change the size.
    check_size(width, height)?;
    let mut header = empty_header(width, height);
    // Skip the rest of IHDR (5 bytes) and its CRC.
    let mut next = position(r)? + 5 + 4;
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
            _ => {}
        }
        next = data + chunk_len + 4;
    }
}

/// Reads the WebP frame size (VP8, VP8L or VP8X) and, for VP8X, finds the EXIF chunk.
fn webp_header<R: Read + Seek>(r: &mut R, len: u64) -> std::result::Result<Header, Fault> {
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
fn find_webp_exif<R: Read + Seek>(
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
fn read_orientation<R: Read + Seek>(
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
fn oriented_size(width: u32, height: u32, orientation: Orientation) -> (u32, u32) {
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

// ---------------------------------------------------------------------------------------------
// Decoding

/// Decodes a photo whose header [`inspect`] has accepted.
fn decode_checked<R: BufRead + Seek>(
    reader: R,
    header: &Header,
) -> std::result::Result<RgbImage, Fault> {
    contain_panics(|| decode_pixels(reader, header))
}

/// Runs a decoding step, turning a decoder panic (a bug triggered by odd data) into "damaged"
/// instead of taking the app down.
fn contain_panics<T>(
    step: impl FnOnce() -> std::result::Result<T, Fault>,
) -> std::result::Result<T, Fault> {
    panic::catch_unwind(AssertUnwindSafe(step)).unwrap_or(Err(Fault::Damaged))
}

fn decode_pixels<R: BufRead + Seek>(
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
        .map_err(|err| Fault::from_image(err, kind))?;
    // `DynamicImage::from_decoder` allocates whatever the decoder reports, without limits, so
    // the decoder's own idea of the size is checked too.
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    if decoder.total_bytes() > MAX_ALLOC {
        return Err(Fault::TooMuchMemory);
    }
    // A broken EXIF block should not cost the client their photo: it only loses the rotation.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let decoded =
        DynamicImage::from_decoder(decoder).map_err(|err| Fault::from_image(err, kind))?;

    // Converting first means a rotation moves 3 bytes per pixel rather than up to 8.
    let mut upright = DynamicImage::ImageRgb8(to_rgb8(decoded)?);
    upright.apply_orientation(orientation);
    Ok(upright.into_rgb8())
}

/// Converts any decoded layout to 8-bit RGB, flattening transparency over white (photos with
/// alpha are usually cut-outs, and white is how viewers show them).
fn to_rgb8(image: DynamicImage) -> std::result::Result<RgbImage, Fault> {
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
fn flatten_rgba8(rgba: image::RgbaImage) -> std::result::Result<RgbImage, Fault> {
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
fn rgb_from_pixels(
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
fn over_white_8(value: u8, alpha: u8) -> u8 {
    let (v, a) = (u32::from(value), u32::from(alpha));
    ((v * a + 255 * (255 - a) + 127) / 255) as u8
}

/// The 16-bit version of [`over_white_8`], rounded once to 8 bits at the end.
fn over_white_16(value: u16, alpha: u16) -> u8 {
    const MAX: u64 = 65_535;
    const TO_8_BIT: u64 = MAX * 257;
    let (v, a) = (u64::from(value), u64::from(alpha));
    ((v * a + MAX * (MAX - a) + TO_8_BIT / 2) / TO_8_BIT) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_segments(segments: &[(u8, &[u8])]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        for &(marker, payload) in segments {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(payload);
        }
        out
    }

    #[test]
    fn size_limits_are_inclusive_and_name_the_declared_size() {
        assert!(check_size(MAX_SIDE, 5_000).is_ok()); // exactly 150 megapixels
        assert!(check_size(1, MAX_SIDE).is_ok());
        assert!(matches!(
            check_size(MAX_SIDE + 1, 1),
            Err(Fault::TooManyPixels(30_001, 1))
        ));
        assert!(matches!(
            check_size(15_000, 10_001),
            Err(Fault::TooManyPixels(15_000, 10_001))
        ));
        assert!(matches!(check_size(0, 10), Err(Fault::Damaged)));
        let text = Fault::TooManyPixels(100_000, 100_000).message();
        assert!(text.contains("declares 100000 × 100000 pixels"), "{text}");
        assert!(text.contains("150 megapixels"), "{text}");
    }

    #[test]
    fn every_message_is_one_line() {
        let faults = [
            Fault::Empty,
            Fault::FileTooBig(MAX_FILE_BYTES + 1),
            Fault::Incomplete,
            Fault::Damaged,
            Fault::Variant("JPEG"),
            Fault::TooManyPixels(1, 2),
            Fault::TooMuchMemory,
            Fault::Unsupported("TIFF"),
            Fault::Heif("HEIC"),
            Fault::Heif("AVIF"),
            Fault::Unknown,
            Fault::Io(io::Error::other("boom")),
        ];
        for fault in faults {
            let text = fault.message();
            assert!(!text.is_empty() && !text.contains('\n'), "{text:?}");
            assert!(text.len() < 200, "too long: {text}");
        }
        assert!(
            Fault::FileTooBig(MAX_FILE_BYTES + 1)
                .message()
                .contains("401 MB")
        );
    }

    #[test]
    fn io_errors_become_plain_advice() {
        let denied = open_problem(&io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(denied.contains("permission denied"), "{denied}");
        let missing = open_problem(&io::Error::from(io::ErrorKind::NotFound));
        assert!(
            missing.contains("not found") && missing.contains("moved"),
            "{missing}"
        );
        assert_eq!(
            open_problem(&io::Error::from(io::ErrorKind::IsADirectory)),
            FOLDER
        );
        let broken = read_problem(&io::Error::other("device went away (os error 5)"));
        assert!(
            broken.contains("device went away") && !broken.contains("os error"),
            "{broken}"
        );
        assert!(matches!(
            Fault::from_io(io::Error::from(io::ErrorKind::UnexpectedEof)),
            Fault::Incomplete
        ));
    }

    #[test]
    fn panics_in_a_decoding_step_are_reported_as_damage() {
        let result: std::result::Result<(), Fault> =
            contain_panics(|| panic!("decoder bug triggered by odd data"));
        assert!(matches!(result, Err(Fault::Damaged)));
        assert!(matches!(contain_panics(|| Ok(7)), Ok(7)));
    }

    #[test]
    fn sniffing_names_formats() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0").ok(), Some(Kind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0").ok(), Some(Kind::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 ").ok(), Some(Kind::WebP));
        let heif = |head: &[u8]| match sniff(head) {
            Err(Fault::Heif(name)) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(heif(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"), "HEIC");
        assert_eq!(heif(b"\0\0\0\x18ftypavif\0\0\0\0avifmif1"), "AVIF");
        // Major brand mif1 with a HEVC compatible brand is still HEIC; with avif it is AVIF.
        assert_eq!(heif(b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic"), "HEIC");
        assert_eq!(heif(b"\0\0\0\x14ftypMSF1\0\0\0\0avis"), "AVIF");
        for brand in [b"heix", b"hevc", b"heim", b"heis", b"msf1"] {
            let mut head = b"\0\0\0\x10ftyp".to_vec();
            head.extend_from_slice(brand);
            head.extend_from_slice(&[0; 4]);
            assert_eq!(heif(&head), "HEIC");
        }
        let unsupported = |head: &[u8]| match sniff(head) {
            Err(Fault::Unsupported(name)) => name,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            unsupported(b"\0\0\0\x18ftypisom\0\0\0\0isomavc1"),
            "video (MP4/MOV)"
        );
        assert_eq!(unsupported(b"II*\0\x08\0\0\0CR\x02\0"), "Canon RAW (CR2)");
        assert_eq!(unsupported(b"MM\0*\0\0\0\x08"), "TIFF (or camera RAW)");
        assert_eq!(unsupported(b"GIF89a\x01\0"), "GIF");
        assert_eq!(unsupported(b"BM\x3a\0\0\0"), "BMP");
        assert!(matches!(
            sniff(b"hello world, not a photo"),
            Err(Fault::Unknown)
        ));
        assert!(matches!(sniff(b""), Err(Fault::Unknown)));
    }

    #[test]
    fn jpeg_header_finds_frame_size_exif_and_scan() {
        let sof = [
            8, 0x01, 0x2C, 0x00, 0xC8, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
        ];
        let exif = b"Exif\0\0MM\0*\0\0\0\x08";
        let mut bytes = jpeg_with_segments(&[
            (0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
            (0xE1, exif),
            (0xC0, &sof),
            (0xDA, &[1, 1, 0, 0, 63, 0]),
        ]);
        let scan = bytes.len() as u64 - 6; // the SOS segment's payload
        bytes.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0xFF, 0xD9]);
        let header = inspect(&bytes).expect("valid header");
        assert_eq!((header.width, header.height), (200, 300));
        assert_eq!(header.jpeg_scan, Some(scan));
        let (offset, len) = header.exif.expect("exif found");
        assert_eq!(&bytes[offset as usize..(offset + len) as usize], &exif[6..]);

        // Without the end-of-image marker the file was cut off.
        let cut = &bytes[..bytes.len() - 2];
        assert!(matches!(inspect(cut), Err(Fault::Incomplete)));
        // A cut inside the headers is also incomplete; a scan with no frame header is damaged.
        assert!(matches!(inspect(&bytes[..30]), Err(Fault::Incomplete)));
        let no_frame = jpeg_with_segments(&[(0xDA, &[1, 1, 0, 0, 63, 0])]);
        assert!(matches!(inspect(&no_frame), Err(Fault::Damaged)));
    }

    #[test]
    fn webp_headers_give_canvas_size() {
        // VP8L: width−1 = 99, height−1 = 49.
        let bits: u32 = 99 | (49 << 14);
        let mut vp8l = b"RIFF\0\0\0\0WEBPVP8L\x05\0\0\0\x2F".to_vec();
        vp8l.extend_from_slice(&bits.to_le_bytes());
        let header = read_header(&mut Cursor::new(&vp8l), vp8l.len() as u64).expect("vp8l");
        assert_eq!(
            (header.kind, header.width, header.height),
            (Kind::WebP, 100, 50)
        );

        // VP8X canvas of 20000 × 20000 is 400 megapixels: refused from the header alone.
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0A\0\0\0\x08\0\0\0".to_vec();
        vp8x.extend_from_slice(&19_999u32.to_le_bytes()[..3]);
        vp8x.extend_from_slice(&19_999u32.to_le_bytes()[..3]);
        let refused = read_header(&mut Cursor::new(&vp8x), vp8x.len() as u64);
        assert!(
            matches!(refused, Err(Fault::TooManyPixels(20_000, 20_000))),
            "{refused:?}"
        );
    }

    #[test]
    fn orientation_swaps_sides_only_for_quarter_turns() {
        let swapped: Vec<u8> = (1..=8)
            .filter(|&n| {
                let o = Orientation::from_exif(n).expect("valid orientation");
                oriented_size(3, 2, o) == (2, 3)
            })
            .collect();
        assert_eq!(swapped, [5, 6, 7, 8]);
    }

    #[test]
    fn compositing_over_white_rounds_correctly() {
        assert_eq!(over_white_8(10, 255), 10);
        assert_eq!(over_white_8(10, 0), 255);
        assert_eq!(over_white_8(0, 128), 127); // 255 × 127/255 = 127
        assert_eq!(over_white_16(0, 0), 255);
        assert_eq!(over_white_16(257 * 40, 65_535), 40);
        assert_eq!(over_white_16(0, 32_768), 127); // 255 × 0.49999 = 127.49
    }

    #[test]
    fn flattening_in_place_keeps_every_pixel() {
        let rgba = image::RgbaImage::from_fn(5, 3, |x, y| {
            image::Rgba([
                x as u8 * 40,
                y as u8 * 80,
                200,
                if (x + y) % 2 == 0 { 255 } else { 0 },
            ])
        });
        let rgb = flatten_rgba8(rgba.clone()).expect("sizes match");
        assert_eq!(rgb.dimensions(), (5, 3));
        for (x, y, p) in rgb.enumerate_pixels() {
            let src = rgba.get_pixel(x, y).0;
            let expected = if src[3] == 255 {
                [src[0], src[1], src[2]]
            } else {
                [255; 3]
            };
            assert_eq!(p.0, expected, "pixel {x},{y}");
        }
    }
}
