//! Recognising the format from the first bytes: the formats Follicle reads, and the ones people
//! send that it does not (HEIC, TIFF, camera RAW, …) so that the message can say what to do.

use image::ImageFormat;

use super::fault::Fault;

/// A supported format, as recognised from its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Jpeg,
    Png,
    WebP,
}

impl Kind {
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::WebP => "WebP",
        }
    }

    pub(super) fn image_format(self) -> ImageFormat {
        match self {
            Kind::Jpeg => ImageFormat::Jpeg,
            Kind::Png => ImageFormat::Png,
            Kind::WebP => ImageFormat::WebP,
        }
    }
}

/// How many leading bytes [`sniff`] looks at (enough for an `ftyp` box's brand list).
pub(super) const SNIFF_LEN: usize = 64;

pub(super) const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// ISO-BMFF brands of HEIC/HEIF still images and sequences (iPhones and many Android phones).
pub(super) const HEIF_BRANDS: &[&[u8; 4]] = &[
    b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
];
/// ISO-BMFF brands of AVIF images and sequences.
pub(super) const AVIF_BRANDS: &[&[u8; 4]] = &[b"avif", b"avis"];

/// Recognises the format from the first bytes of the file.
pub(super) fn sniff(head: &[u8]) -> std::result::Result<Kind, Fault> {
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
pub(super) fn sniff_iso_bmff(head: &[u8]) -> Fault {
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
pub(super) fn sniff_unsupported(head: &[u8]) -> Option<&'static str> {
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
