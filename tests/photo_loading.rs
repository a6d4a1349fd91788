//! Loading client photos: orientation, colour layouts, unsupported formats and broken files.
//!
//! Fixtures in tests/fixtures were made once with ImageMagick 6.9 (libjpeg-turbo, libheif,
//! libwebp):
//! - `cmyk_adobe.jpg`: `convert \( -size 8x8 xc:"cmyk(255,0,0,0)" xc:"cmyk(0,255,0,0)" +append \)
//!   \( -size 8x8 xc:"cmyk(0,0,255,0)" xc:"cmyk(0,0,0,128)" +append \) -append -colorspace CMYK
//!   -sampling-factor 1x1 -quality 100 -strip cmyk_adobe.jpg` (Adobe APP14 marker, inverted
//!   YCCK storage, as Photoshop writes CMYK);
//! - `tiny.heic`: `convert -size 16x16 xc:"#c08040" tiny.heic`;
//! - `scalp.heic`: the bundled sample photo scaled to 600 × 400 (`convert -resize 600x400`), as
//!   a phone stores it: `heif-enc -q 80` (libheif 1.15, x265); `scalp-rotated.heic`: the same file
//!   with an `irot` property (90° clockwise, as a phone marks a portrait photo) added by
//!   `tests/fixtures/add_irot.py scalp.heic scalp-rotated.heic 3`; `scalp-grid.heic`: the same
//!   600 × 400 picture stored as iPhones store photos, a `grid` of HEVC tiles (256 × 256 here,
//!   the last ones padded) turned 90° clockwise by `irot`:
//!   `tests/fixtures/make_grid.py scaled.png scalp-grid.heic 256 3` (tiles by `heif-enc -q 80`);
//!   `scalp-10bit.heic`: the same picture in 10-bit HEVC, as phones store HDR photos
//!   (`convert scaled.png PNG48:scaled16.png`, `heif-enc -b 10 -q 80`);
//! - `lossy.webp`: `convert -size 16x16 xc:"rgb(220,40,40)" xc:"rgb(40,40,220)" +append
//!   -define webp:lossless=false -quality 95 lossy.webp`.

use std::path::{Path, PathBuf};

use follicle::Error;
use follicle::engine::photo::{self, MAX_FILE_BYTES};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};

// ---------------------------------------------------------------------------------------------
// Helpers

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The one-line problem text of a photo error (without the path).
fn problem(result: follicle::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::Photo { problem, .. }) => {
            assert!(
                !problem.contains('\n'),
                "message must be one line: {problem:?}"
            );
            problem
        }
        other => panic!("expected a photo error, got {other:?}"),
    }
}

fn assert_mentions(text: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(
            text.contains(fragment),
            "{text:?} should mention {fragment:?}"
        );
    }
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

const RED: [u8; 3] = [230, 20, 20];
const GREEN: [u8; 3] = [20, 200, 40];
const BLUE: [u8; 3] = [30, 30, 220];
const YELLOW: [u8; 3] = [240, 220, 20];
const GREY: [u8; 3] = [128, 128, 128];

/// 48 × 32 test picture, wider than tall, with a distinct 16 × 16 block of colour in each
/// corner (blocks match JPEG's 16 × 16 colour blocks, so JPEG keeps them clean) and grey between.
fn corner_image() -> RgbImage {
    RgbImage::from_fn(48, 32, |x, y| {
        Rgb(match (x < 16, x >= 32, y < 16) {
            (true, _, true) => RED,
            (_, true, true) => GREEN,
            (true, _, false) => BLUE,
            (_, true, false) => YELLOW,
            _ => GREY,
        })
    })
}

/// A picture with plenty of detail (a fixed pseudo-random pattern), so it compresses poorly.
fn noisy_image(width: u32, height: u32) -> RgbImage {
    let mut state = 0x9E37_79B9u32;
    RgbImage::from_fn(width, height, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [r, g, b, _] = state.to_le_bytes();
        Rgb([r, g, b])
    })
}

/// The colour of each corner block in an image: top-left, top-right, bottom-left, bottom-right,
/// sampled at the centre of the 16 × 16 block.
fn corners(image: &RgbImage) -> [[u8; 3]; 4] {
    let (w, h) = image.dimensions();
    let at = |x: u32, y: u32| image.get_pixel(x, y).0;
    [at(8, 8), at(w - 9, 8), at(8, h - 9), at(w - 9, h - 9)]
}

fn assert_colour_near(actual: [u8; 3], expected: [u8; 3], tolerance: u8, what: &str) {
    let close = actual
        .iter()
        .zip(expected)
        .all(|(&a, e)| a.abs_diff(e) <= tolerance);
    assert!(
        close,
        "{what}: got {actual:?}, expected {expected:?} ± {tolerance}"
    );
}

/// Corner colours of the upright picture for each EXIF orientation 1–8, given the stored
/// corners red (TL), green (TR), blue (BL), yellow (BR). Worked out from the EXIF definitions:
/// e.g. 6 means "rotate 90° clockwise to view", so the stored left column becomes the top row.
const EXPECTED_CORNERS: [[[u8; 3]; 4]; 8] = [
    [RED, GREEN, BLUE, YELLOW], // 1: as stored
    [GREEN, RED, YELLOW, BLUE], // 2: mirrored left-right
    [YELLOW, BLUE, GREEN, RED], // 3: rotated 180°
    [BLUE, YELLOW, RED, GREEN], // 4: mirrored top-bottom
    [RED, BLUE, GREEN, YELLOW], // 5: transposed
    [BLUE, RED, YELLOW, GREEN], // 6: rotated 90° clockwise
    [YELLOW, GREEN, BLUE, RED], // 7: transversed
    [GREEN, YELLOW, RED, BLUE], // 8: rotated 90° anticlockwise
];

/// A minimal big-endian TIFF/EXIF block holding only the orientation tag.
fn exif_orientation(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2A\0\0\0\x08".to_vec(); // header, first IFD at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // tag: Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // type: SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padding
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    tiff
}

fn encode_jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 100)
        .encode_image(image)
        .expect("encode JPEG");
    out
}

/// Splices an APP1 Exif segment with the orientation tag in right after the JPEG's SOI marker.
fn jpeg_with_orientation(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let jpeg = encode_jpeg(image);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&exif_orientation(orientation));
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn png_bytes(width: u32, height: u32, data: &[u8], colour: ExtendedColorType) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(data, width, height, colour)
        .expect("encode PNG");
    out
}

fn png_with_orientation(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = PngEncoder::new(&mut out);
    encoder
        .set_exif_metadata(exif_orientation(orientation))
        .expect("PNG carries eXIf");
    let (w, h) = image.dimensions();
    encoder
        .write_image(image.as_raw(), w, h, ExtendedColorType::Rgb8)
        .expect("encode PNG");
    out
}

fn webp_bytes(width: u32, height: u32, data: &[u8], colour: ExtendedColorType) -> Vec<u8> {
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .write_image(data, width, height, colour)
        .expect("encode WebP");
    out
}

fn webp_with_orientation(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = WebPEncoder::new_lossless(&mut out);
    encoder
        .set_exif_metadata(exif_orientation(orientation))
        .expect("WebP carries EXIF");
    let (w, h) = image.dimensions();
    encoder
        .write_image(image.as_raw(), w, h, ExtendedColorType::Rgb8)
        .expect("encode WebP");
    out
}

/// CRC-32 (ISO-HDLC, as PNG uses), bit by bit: slow but obviously right, for a few bytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    chunk
}

// ---------------------------------------------------------------------------------------------
// Orientation

#[test]
fn crc32_helper_matches_known_value() {
    // The standard check value, and the CRC of a real IEND chunk.
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
}

#[test]
fn jpeg_exif_orientations_1_to_8_are_applied() {
    let stored = corner_image();
    let dir = tempfile::tempdir().expect("temp dir");
    for orientation in 1..=8u16 {
        let bytes = jpeg_with_orientation(&stored, orientation);
        let path = write_temp(&dir, &format!("o{orientation}.jpg"), &bytes);
        let upright = photo::load(&path).expect("load oriented JPEG");
        let expected_size = if orientation >= 5 { (32, 48) } else { (48, 32) };
        assert_eq!(
            upright.dimensions(),
            expected_size,
            "orientation {orientation}"
        );
        assert_eq!(photo::upright_size(&path).expect("size"), expected_size);
        let expected = EXPECTED_CORNERS[usize::from(orientation - 1)];
        for (corner, (got, want)) in corners(&upright).into_iter().zip(expected).enumerate() {
            assert_colour_near(
                got,
                want,
                12,
                &format!("orientation {orientation} corner {corner}"),
            );
        }
    }
}

#[test]
fn png_exif_orientations_are_applied_exactly() {
    let stored = corner_image();
    for orientation in 1..=8u16 {
        let bytes = png_with_orientation(&stored, orientation);
        let upright = photo::decode(&bytes, Path::new("o.png")).expect("decode oriented PNG");
        let expected_size = if orientation >= 5 { (32, 48) } else { (48, 32) };
        assert_eq!(
            upright.dimensions(),
            expected_size,
            "orientation {orientation}"
        );
        assert_eq!(
            corners(&upright),
            EXPECTED_CORNERS[usize::from(orientation - 1)],
            "orientation {orientation}"
        );
    }
}

#[test]
fn webp_exif_orientations_are_applied_exactly() {
    // image's lossless WebP encoder writes an extended (VP8X) file with an EXIF chunk.
    let stored = corner_image();
    let dir = tempfile::tempdir().expect("temp dir");
    for orientation in [3u16, 6, 8] {
        let bytes = webp_with_orientation(&stored, orientation);
        let path = write_temp(&dir, &format!("o{orientation}.webp"), &bytes);
        let upright = photo::load(&path).expect("load oriented WebP");
        let expected_size = if orientation >= 5 { (32, 48) } else { (48, 32) };
        assert_eq!(
            upright.dimensions(),
            expected_size,
            "orientation {orientation}"
        );
        assert_eq!(photo::upright_size(&path).expect("size"), expected_size);
        assert_eq!(
            corners(&upright),
            EXPECTED_CORNERS[usize::from(orientation - 1)]
        );
    }
}

#[test]
fn upright_size_swaps_for_orientation_6_and_reads_only_the_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    let jpeg = jpeg_with_orientation(&corner_image(), 6);
    let path = write_temp(&dir, "rotated.jpg", &jpeg);
    assert_eq!(photo::upright_size(&path).expect("size"), (32, 48));

    // Header only: with the scan data cut off, the size is still known (loading is refused).
    let scan = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xDA])
        .expect("SOS present");
    let cut = write_temp(&dir, "cut.jpg", &jpeg[..scan + 40]);
    assert_eq!(
        photo::upright_size(&cut).expect("size of cut file"),
        (32, 48)
    );
    assert_mentions(&problem(photo::load(&cut)), &["incomplete"]);

    let png = png_with_orientation(&corner_image(), 6);
    let path = write_temp(&dir, "rotated.png", &png);
    assert_eq!(photo::upright_size(&path).expect("size"), (32, 48));
    let plain = write_temp(&dir, "plain.png", &png_with_orientation(&corner_image(), 1));
    assert_eq!(photo::upright_size(&plain).expect("size"), (48, 32));
}

// ---------------------------------------------------------------------------------------------
// Colour layouts

#[test]
fn greyscale_jpeg_and_png_become_equal_rgb_channels() {
    let grey =
        image::GrayImage::from_fn(16, 16, |x, _| image::Luma([if x < 8 { 40 } else { 210 }]));
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 100)
        .encode_image(&grey)
        .expect("grey JPEG");
    let rgb = photo::decode(&jpeg, Path::new("grey.jpg")).expect("decode grey JPEG");
    assert_eq!(rgb.dimensions(), (16, 16));
    assert_colour_near(rgb.get_pixel(2, 5).0, [40; 3], 3, "dark half");
    assert_colour_near(rgb.get_pixel(13, 5).0, [210; 3], 3, "light half");

    let png = png_bytes(16, 16, grey.as_raw(), ExtendedColorType::L8);
    let rgb = photo::decode(&png, Path::new("grey.png")).expect("decode grey PNG");
    assert_eq!(rgb.get_pixel(2, 5).0, [40; 3]);
    assert_eq!(rgb.get_pixel(13, 5).0, [210; 3]);
}

#[test]
fn one_bit_greyscale_png_expands_to_black_and_white() {
    // 8 pixels per byte: 0b1010_0000 → white, black, white, black, ...
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 4, 1);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let mut writer = encoder.write_header().expect("1-bit header");
        writer.write_image_data(&[0b1010_0000]).expect("1-bit data");
    }
    let rgb = photo::decode(&png, Path::new("bits.png")).expect("decode 1-bit PNG");
    let row: Vec<[u8; 3]> = rgb.pixels().map(|p| p.0).collect();
    assert_eq!(row, [[255; 3], [0; 3], [255; 3], [0; 3]]);
}

#[test]
fn palette_png_with_transparency_uses_palette_colours_over_white() {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 3, 1);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(vec![200, 10, 20, 5, 100, 250, 0, 0, 0]);
        // Entry 0 opaque, entry 1 opaque, entry 2 (black) fully transparent.
        encoder.set_trns(vec![255, 255, 0]);
        let mut writer = encoder.write_header().expect("palette header");
        writer.write_image_data(&[1, 0, 2]).expect("palette data");
    }
    let rgb = photo::decode(&bytes, Path::new("palette.png")).expect("decode palette PNG");
    let row: Vec<[u8; 3]> = rgb.pixels().map(|p| p.0).collect();
    assert_eq!(row, [[5, 100, 250], [200, 10, 20], [255, 255, 255]]);
}

#[test]
fn sixteen_bit_png_is_scaled_to_8_bits() {
    // Values chosen so that truncating and rounding agree: 257 × k + small → k.
    let samples: [u16; 6] = [
        0,
        65_535,
        257 * 200 + 10,
        257 * 17,
        257 * 99 + 100,
        257 * 128,
    ];
    let data: Vec<u8> = samples.iter().flat_map(|v| v.to_be_bytes()).collect();
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Sixteen);
        let mut writer = encoder.write_header().expect("16-bit header");
        writer.write_image_data(&data).expect("16-bit data");
    }
    let rgb = photo::decode(&bytes, Path::new("deep.png")).expect("decode 16-bit PNG");
    assert_eq!(rgb.get_pixel(0, 0).0, [0, 255, 200]);
    assert_eq!(rgb.get_pixel(1, 0).0, [17, 99, 128]);
}

#[test]
fn sixteen_bit_rgba_and_grey_alpha_png_flatten_over_white() {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, 2, 1);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Sixteen);
        let mut writer = encoder.write_header().expect("header");
        // Opaque (100, 50, 0) × 257, then black at half opacity → about 127.5 grey.
        let px: [u16; 8] = [25_700, 12_850, 0, 65_535, 0, 0, 0, 32_768];
        let data: Vec<u8> = px.iter().flat_map(|v| v.to_be_bytes()).collect();
        writer.write_image_data(&data).expect("data");
    }
    let rgb = photo::decode(&bytes, Path::new("deep-alpha.png")).expect("decode");
    assert_eq!(rgb.get_pixel(0, 0).0, [100, 50, 0]);
    assert_eq!(rgb.get_pixel(1, 0).0, [127, 127, 127]);

    // 8-bit grey + alpha: opaque 60, transparent, half-transparent 0.
    let png = png_bytes(3, 1, &[60, 255, 0, 0, 0, 128], ExtendedColorType::La8);
    let rgb = photo::decode(&png, Path::new("grey-alpha.png")).expect("decode");
    let row: Vec<[u8; 3]> = rgb.pixels().map(|p| p.0).collect();
    assert_eq!(row, [[60; 3], [255; 3], [127; 3]]);
}

#[test]
fn rgba_png_and_webp_flatten_over_white() {
    // Opaque red, fully transparent green, blue at 50 % (128/255) alpha.
    let data = [200, 0, 0, 255, 0, 200, 0, 0, 0, 0, 200, 128];
    // blue channel: (200 × 128 + 255 × 127 + 127) / 255 = 227; others: 255 × 127/255 = 127.
    let expected = [[200, 0, 0], [255, 255, 255], [127, 127, 227]];
    for (name, bytes) in [
        (
            "alpha.png",
            png_bytes(3, 1, &data, ExtendedColorType::Rgba8),
        ),
        (
            "alpha.webp",
            webp_bytes(3, 1, &data, ExtendedColorType::Rgba8),
        ),
    ] {
        let rgb = photo::decode(&bytes, Path::new(name)).expect("decode with alpha");
        let row: Vec<[u8; 3]> = rgb.pixels().map(|p| p.0).collect();
        assert_eq!(row, expected, "{name}");
    }
}

#[test]
fn adobe_cmyk_jpeg_has_correct_not_inverted_colours() {
    let rgb = photo::load(&fixture("cmyk_adobe.jpg")).expect("load CMYK JPEG");
    assert_eq!(rgb.dimensions(), (16, 16));
    // Pure cyan, magenta, yellow and 50 % black; an inverted decode would give red, green,
    // blue and light grey instead.
    assert_colour_near(rgb.get_pixel(4, 4).0, [0, 255, 255], 6, "cyan");
    assert_colour_near(rgb.get_pixel(12, 4).0, [255, 0, 255], 6, "magenta");
    assert_colour_near(rgb.get_pixel(4, 12).0, [255, 255, 0], 6, "yellow");
    assert_colour_near(rgb.get_pixel(12, 12).0, [127, 127, 127], 6, "50% black");
}

#[test]
fn lossy_webp_decodes_with_its_colours() {
    let path = fixture("lossy.webp");
    assert_eq!(photo::upright_size(&path).expect("size"), (32, 16));
    let rgb = photo::load(&path).expect("load lossy WebP");
    assert_eq!(rgb.dimensions(), (32, 16));
    assert_colour_near(rgb.get_pixel(4, 8).0, [220, 40, 40], 16, "red half");
    assert_colour_near(rgb.get_pixel(27, 8).0, [40, 40, 220], 16, "blue half");
}

#[test]
fn plain_rgb_jpeg_png_and_webp_round_trip() {
    let stored = corner_image();
    let png = png_bytes(48, 32, stored.as_raw(), ExtendedColorType::Rgb8);
    assert_eq!(
        photo::decode(&png, Path::new("a.png")).expect("png"),
        stored
    );
    let webp = webp_bytes(48, 32, stored.as_raw(), ExtendedColorType::Rgb8);
    assert_eq!(
        photo::decode(&webp, Path::new("a.webp")).expect("webp"),
        stored
    );
    let jpeg = photo::decode(&encode_jpeg(&stored), Path::new("a.jpg")).expect("jpeg");
    for (got, want) in corners(&jpeg).into_iter().zip([RED, GREEN, BLUE, YELLOW]) {
        assert_colour_near(got, want, 12, "jpeg corner");
    }
}

// ---------------------------------------------------------------------------------------------
// Formats Follicle does not read

#[test]
#[cfg(not(feature = "heic"))]
fn heic_and_avif_are_refused_with_export_advice() {
    let heic = problem(photo::load(&fixture("tiny.heic")));
    assert_mentions(&heic, &["HEIC", "not supported", "JPEG", "Most Compatible"]);
    let size = problem(photo::upright_size(&fixture("tiny.heic")));
    assert_eq!(size, heic);

    let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\0meta";
    assert_mentions(
        &problem(photo::decode(avif, Path::new("a.avif"))),
        &["AVIF", "not supported", "JPEG"],
    );
    // Brands the brief lists, each as a major brand of a hand-made ftyp box.
    for brand in ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"] {
        let mut bytes = b"\0\0\0\x10ftyp".to_vec();
        bytes.extend_from_slice(brand.as_bytes());
        bytes.extend_from_slice(&[0; 12]);
        let text = problem(photo::decode(&bytes, Path::new("x.heic")));
        assert_mentions(&text, &["HEIC", "not supported", "JPEG"]);
    }
}

#[test]
#[cfg(feature = "heic")]
fn heic_photos_open_upright() {
    let tiny = photo::load(&fixture("tiny.heic")).expect("a HEIC");
    assert_eq!(tiny.dimensions(), (16, 16));
    let px = tiny.get_pixel(8, 8).0;
    for (got, want) in px.iter().zip([0xc0, 0x80, 0x40]) {
        assert!((i32::from(*got) - want).abs() <= 6, "{px:?}");
    }
    // A phone-sized photo: the same picture as the sample it was made from.
    let scalp = photo::load(&fixture("scalp.heic")).expect("a HEIC");
    assert_eq!(scalp.dimensions(), (600, 400));
    assert_eq!(
        photo::upright_size(&fixture("scalp.heic")).expect("size"),
        (600, 400)
    );
    let sample = image::open(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-scalp.jpg"))
        .expect("the sample")
        .to_rgb8();
    let mean = |img: &RgbImage| {
        img.pixels()
            .map(|p| f64::from(p.0[0]) + f64::from(p.0[1]) + f64::from(p.0[2]))
            .sum::<f64>()
            / (3.0 * f64::from(img.width() * img.height()))
    };
    assert!(
        (mean(&scalp) - mean(&sample)).abs() < 3.0,
        "{} vs {}",
        mean(&scalp),
        mean(&sample)
    );
    // Marked as turned 90° clockwise: opened upright, pixel for pixel the turned picture.
    let turned = photo::load(&fixture("scalp-rotated.heic")).expect("a HEIC");
    assert_eq!(turned.dimensions(), (400, 600));
    assert_eq!(
        photo::upright_size(&fixture("scalp-rotated.heic")).expect("size"),
        (400, 600)
    );
    assert_eq!(turned, image::imageops::rotate90(&scalp));
    // A grid of tiles, turned, as an iPhone stores a portrait photo: one upright picture, cut to
    // its declared size, the same as the single image (the tiles were encoded separately).
    let grid = photo::load(&fixture("scalp-grid.heic")).expect("a grid HEIC");
    assert_eq!(grid.dimensions(), (400, 600));
    assert_eq!(
        photo::upright_size(&fixture("scalp-grid.heic")).expect("size"),
        (400, 600)
    );
    let difference = mean_abs_difference(&grid, &turned);
    assert!(difference < 3.0, "{difference}");
    // Ten bits per sample come out as the same 8-bit picture.
    let deep = photo::load(&fixture("scalp-10bit.heic")).expect("a 10-bit HEIC");
    let difference = mean_abs_difference(&deep, &scalp);
    assert!(difference < 3.0, "{difference}");
    // From memory too, whatever the file is called.
    let bytes = std::fs::read(fixture("scalp.heic")).expect("fixture");
    assert_eq!(
        photo::decode(&bytes, Path::new("IMG_0001.jpg")).expect("decodes"),
        scalp
    );
}

/// Mean absolute channel difference of two pictures of the same size.
#[cfg(feature = "heic")]
fn mean_abs_difference(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    sum as f64 / a.as_raw().len() as f64
}

/// Real phone photos, which cannot all be shipped with the sources: every `.heic`/`.heif` file in
/// the folder named by `FOLLICLE_PHONE_HEIC_DIR` must open at its upright size. A picture of the
/// same name with `.png` added (`IMG_0001.HEIC.png`), decoded upright by another program, is the
/// reference when it is there: the same size and nearly the same pixels, so a photo turned or
/// mirrored the wrong way fails.
#[test]
#[cfg(feature = "heic")]
fn phone_heic_photos_in_a_folder_open_upright() {
    let Some(dir) = std::env::var_os("FOLLICLE_PHONE_HEIC_DIR") else {
        println!("FOLLICLE_PHONE_HEIC_DIR is not set: no phone HEIC photos checked");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("FOLLICLE_PHONE_HEIC_DIR is a folder")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("heic") || e.eq_ignore_ascii_case("heif"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .heic or .heif file in {dir:?}");
    for path in &files {
        let name = path.display();
        let size = photo::upright_size(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let image = photo::load(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(image.dimensions(), size, "{name}");
        let mut reference = path.clone().into_os_string();
        reference.push(".png");
        let reference = PathBuf::from(reference);
        let checked = if reference.exists() {
            let want = image::open(&reference).expect("the reference").to_rgb8();
            assert_eq!(image.dimensions(), want.dimensions(), "{name}");
            // Compared at a small size: decoders differ in their colour conversion a little.
            let small = |img: &RgbImage| image::imageops::thumbnail(img, 256, 256);
            let difference = mean_abs_difference(&small(&image), &small(&want));
            assert!(
                difference < 6.0,
                "{name}: differs from its reference by {difference}"
            );
            format!("matches its reference (mean difference {difference:.2})")
        } else {
            "no reference beside it".to_string()
        };
        println!("{name}: {} × {}, {checked}", size.0, size.1);
    }
}

#[test]
#[cfg(feature = "heic")]
fn broken_heic_and_avif_get_one_line() {
    // Only the brand: damaged, said in one line.
    let mut bytes = b"\0\0\0\x10ftypheic".to_vec();
    bytes.extend_from_slice(&[0; 12]);
    let text = problem(photo::decode(&bytes, Path::new("x.heic")));
    assert!(text.contains("damaged") && !text.contains('\n'), "{text}");
    // Cut off half-way.
    let whole = std::fs::read(fixture("scalp.heic")).expect("fixture");
    let text = problem(photo::decode(
        &whole[..whole.len() / 2],
        Path::new("cut.heic"),
    ));
    assert!(text.contains("damaged") && !text.contains('\n'), "{text}");
    let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\0meta";
    assert_mentions(
        &problem(photo::decode(avif, Path::new("a.avif"))),
        &["AVIF", "not supported", "JPEG"],
    );
}

#[test]
fn other_image_formats_are_named_and_jpeg_png_webp_suggested() {
    let tiff = b"II*\0\x08\0\0\0\x01\0\x00\x01\x03\0\x01\0\0\0\x01\0\0\0\0\0\0\0".as_slice();
    let bmp =
        b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0".as_slice();
    let gif = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,".as_slice();
    for (bytes, name) in [(tiff, "TIFF"), (bmp, "BMP"), (gif, "GIF")] {
        let text = problem(photo::decode(bytes, Path::new("photo")));
        assert_mentions(&text, &[name, "JPEG, PNG or WebP"]);
    }
}

#[test]
fn random_garbage_is_not_a_photo() {
    // A fixed xorshift sequence: arbitrary bytes, the same on every run.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let text = problem(photo::decode(&garbage, Path::new("noise.jpg")));
    assert_eq!(text, "not a photo Follicle can read (JPEG, PNG or WebP)");
    let text = problem(photo::decode(
        b"plain text, renamed to .png",
        Path::new("a.png"),
    ));
    assert_eq!(text, "not a photo Follicle can read (JPEG, PNG or WebP)");
}

// ---------------------------------------------------------------------------------------------
// Broken and hostile files

#[test]
fn missing_file_folder_and_empty_file_have_clear_messages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nowhere.jpg");
    assert_mentions(&problem(photo::load(&missing)), &["not found"]);
    assert_mentions(&problem(photo::upright_size(&missing)), &["not found"]);

    assert_mentions(&problem(photo::load(dir.path())), &["folder"]);
    assert_mentions(&problem(photo::upright_size(dir.path())), &["folder"]);

    let empty = write_temp(&dir, "empty.jpg", b"");
    assert_mentions(&problem(photo::load(&empty)), &["empty", "0 bytes"]);
    assert_mentions(&problem(photo::decode(b"", &empty)), &["empty"]);

    // The path is part of the full message, so the user knows which file.
    let full = photo::load(&missing).expect_err("missing").to_string();
    assert!(full.starts_with(&missing.display().to_string()), "{full}");
}

#[test]
fn oversized_file_is_refused_from_metadata_without_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.jpg");
    // A sparse file: no disk space used, and reading it would take a long while.
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(MAX_FILE_BYTES + 1).expect("set length");
    drop(file);
    // Only the metadata check knows the size in MB, so this message proves nothing was read
    // (no timing assertion: those are flaky on a busy machine).
    let text = problem(photo::load(&path));
    assert_mentions(&text, &["401 MB", "400 MB"]);
    assert_mentions(&problem(photo::upright_size(&path)), &["400 MB"]);
}

#[test]
fn truncated_jpeg_png_and_webp_are_reported_incomplete() {
    // Busy enough that the pixel data is most of each file, so cutting in half cuts pixels
    // (the JPEG decoder alone would quietly paint the missing half grey).
    let stored = noisy_image(128, 96);
    for (name, bytes, data_start) in [
        ("cut.jpg", encode_jpeg(&stored), b"\xFF\xDA".as_slice()),
        (
            "cut.png",
            png_bytes(128, 96, stored.as_raw(), ExtendedColorType::Rgb8),
            b"IDAT",
        ),
        (
            "cut.webp",
            webp_bytes(128, 96, stored.as_raw(), ExtendedColorType::Rgb8),
            b"VP8L",
        ),
    ] {
        assert!(
            photo::decode(&bytes, Path::new(name)).is_ok(),
            "{name} whole"
        );
        let half = &bytes[..bytes.len() / 2];
        let data = half
            .windows(4.min(data_start.len()))
            .position(|w| w == data_start);
        assert!(
            data.is_some_and(|at| at < half.len() / 2),
            "{name}: cut must be in pixel data"
        );
        let text = problem(photo::decode(half, Path::new(name)));
        assert_mentions(&text, &["incomplete", "copy it again"]);
    }
    // Cut inside the header, too.
    let jpeg = encode_jpeg(&stored);
    assert_mentions(
        &problem(photo::decode(&jpeg[..40], Path::new("x.jpg"))),
        &["incomplete"],
    );
    let png = png_bytes(128, 96, stored.as_raw(), ExtendedColorType::Rgb8);
    assert_mentions(
        &problem(photo::decode(&png[..20], Path::new("x.png"))),
        &["incomplete"],
    );
}

#[test]
fn corrupt_png_data_is_reported_damaged() {
    let stored = corner_image();
    let mut bytes = png_bytes(48, 32, stored.as_raw(), ExtendedColorType::Rgb8);
    // Scribble over the compressed image data (after the 33-byte signature + IHDR), keeping
    // the length: the CRC and deflate stream no longer match.
    let len = bytes.len();
    for byte in &mut bytes[60..len - 20] {
        *byte ^= 0x5A;
    }
    assert_mentions(
        &problem(photo::decode(&bytes, Path::new("bad.png"))),
        &["damaged"],
    );
}

#[test]
fn rare_jpeg_variant_is_named_with_advice() {
    // Relabel the frame as lossless JPEG (SOF3), which the decoder does not implement.
    // (The frame header is FF C0, length (2 bytes), precision, height, width, ...)
    let mut jpeg = encode_jpeg(&corner_image());
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0 present");
    jpeg[sof + 1] = 0xC3;
    let text = problem(photo::decode(&jpeg, Path::new("lossless.jpg")));
    assert_mentions(&text, &["JPEG", "rare variant", "standard JPEG"]);
    // 12-bit samples likewise.
    jpeg[sof + 1] = 0xC1;
    jpeg[sof + 4] = 12;
    let text = problem(photo::decode(&jpeg, Path::new("deep.jpg")));
    assert_mentions(&text, &["rare variant"]);
}

#[test]
fn png_declaring_100000_squared_pixels_is_refused_from_the_header() {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, no interlace
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&png_chunk(b"IHDR", &ihdr));
    // A tiny valid zlib stream (empty stored block) standing in for 30 GB of pixels.
    bytes.extend_from_slice(&png_chunk(
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF],
    ));
    bytes.extend_from_slice(&png_chunk(b"IEND", &[]));

    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_temp(&dir, "bomb.png", &bytes);
    // Only the header check words the refusal as "declares …", so this proves the photo was
    // refused before the decoder allocated anything (no timing assertion: those are flaky).
    let text = problem(photo::load(&path));
    assert_mentions(
        &text,
        &["declares 100000 × 100000 pixels", "150 megapixels"],
    );
    assert_mentions(&problem(photo::upright_size(&path)), &["100000 × 100000"]);
}

#[test]
fn jpeg_and_webp_declaring_too_many_pixels_are_refused() {
    // JPEG: patch the frame header (SOF0) of a real file to claim 60000 × 50000.
    let mut jpeg = encode_jpeg(&corner_image());
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0 present");
    jpeg[sof + 5..sof + 7].copy_from_slice(&50_000u16.to_be_bytes()); // height
    jpeg[sof + 7..sof + 9].copy_from_slice(&60_000u16.to_be_bytes()); // width
    let text = problem(photo::decode(&jpeg, Path::new("bomb.jpg")));
    assert_mentions(&text, &["60000 × 50000", "150 megapixels"]);

    // Lossless WebP: patch the VP8L header to the format's maximum, 16384 × 16384.
    let mut webp = webp_bytes(48, 32, corner_image().as_raw(), ExtendedColorType::Rgb8);
    assert_eq!(&webp[12..16], b"VP8L");
    let mut bits = u32::from_le_bytes([webp[21], webp[22], webp[23], webp[24]]);
    bits = (bits & !0x0FFF_FFFF) | 16_383 | (16_383 << 14);
    webp[21..25].copy_from_slice(&bits.to_le_bytes());
    let text = problem(photo::decode(&webp, Path::new("bomb.webp")));
    assert_mentions(&text, &["16384 × 16384", "150 megapixels"]);
}

#[test]
fn loading_never_modifies_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = jpeg_with_orientation(&corner_image(), 6);
    let path = write_temp(&dir, "client.jpg", &bytes);
    let before = std::fs::metadata(&path).expect("metadata");
    let mtime = before.modified().expect("mtime");

    let image = photo::load(&path).expect("load");
    assert_eq!(image.dimensions(), (32, 48));
    photo::upright_size(&path).expect("size");

    let after = std::fs::metadata(&path).expect("metadata");
    assert_eq!(after.modified().expect("mtime"), mtime);
    assert_eq!(after.len(), before.len());
    assert_eq!(std::fs::read(&path).expect("read back"), bytes);
    // Nothing else (a temp or converted copy) was left next to it.
    let entries = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(entries, 1);
}

#[test]
fn decode_matches_load_for_the_same_bytes() {
    let bytes = jpeg_with_orientation(&corner_image(), 8);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_temp(&dir, "same.jpg", &bytes);
    let from_file = photo::load(&path).expect("load");
    let from_memory = photo::decode(&bytes, &path).expect("decode");
    assert_eq!(from_file, from_memory);
    assert_eq!(from_file.dimensions(), (32, 48));
    // `decode` reads nothing from disk: the path only names the photo in messages.
    let text = problem(photo::decode(b"??", Path::new("/nowhere/client.jpg")));
    assert_eq!(text, "not a photo Follicle can read (JPEG, PNG or WebP)");
}
