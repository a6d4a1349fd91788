use std::io;

use super::fault::*;
use super::header::*;
use super::pixels::*;
use super::sniff::*;
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
fn colour_sampled_more_finely_than_brightness_is_a_rare_variant() {
    // A frame of 16 × 16 whose components are sampled `sampling` (across × 16 + down) each.
    let frame = |sampling: [u8; 3]| {
        let mut sof = vec![8, 0, 16, 0, 16, 3];
        for (id, s) in (1..).zip(sampling) {
            sof.extend_from_slice(&[id, s, 0]);
        }
        let mut bytes = jpeg_with_segments(&[(0xC0, &sof), (0xDA, &[1, 1, 0, 0, 63, 0])]);
        bytes.extend_from_slice(&[0x12, 0x34, 0xFF, 0xD9]);
        inspect(&bytes)
    };
    // Brightness at least as fine as colour, as every camera writes: 4:4:4, 4:2:0, 4:2:2.
    for sampling in [[0x11, 0x11, 0x11], [0x22, 0x11, 0x11], [0x21, 0x11, 0x11]] {
        assert!(frame(sampling).is_ok(), "{sampling:x?}");
    }
    // Colour finer than brightness made the decoder panic (a fuzzing find): refused before it.
    for sampling in [[0x11, 0x11, 0x22], [0x11, 0x24, 0x11], [0x21, 0x12, 0x11]] {
        assert!(
            matches!(frame(sampling), Err(Fault::Variant("JPEG"))),
            "{sampling:x?}"
        );
    }
    // A sampling factor of 0 or over 4 is not JPEG at all.
    for sampling in [[0x01, 0x11, 0x11], [0x51, 0x11, 0x11]] {
        assert!(
            matches!(frame(sampling), Err(Fault::Damaged)),
            "{sampling:x?}"
        );
    }
}

#[test]
fn ycck_declared_after_a_grey_frame_is_damaged() {
    // Adobe's segment: "Adobe", version 100, two flag words, then the colour transform.
    let adobe = |transform: u8| -> Vec<u8> {
        let mut payload = b"Adobe\0\x64\0\0\0\0".to_vec();
        payload.push(transform);
        payload
    };
    let with = |segments: &[(u8, &[u8])]| {
        let mut bytes = jpeg_with_segments(segments);
        bytes.extend_from_slice(&[0x12, 0x34, 0xFF, 0xD9]);
        inspect(&bytes)
    };
    let grey: &[u8] = &[8, 0, 16, 0, 16, 1, 1, 0x11, 0];
    let colour: &[u8] = &[
        8, 0, 16, 0, 16, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0,
    ];
    let scan: &[u8] = &[1, 1, 0, 0, 63, 0];
    let ycck = adobe(2);
    // YCCK after a one-component frame made the decoder index past its components (a fuzzing
    // find): refused before it.
    assert!(matches!(
        with(&[(0xC2, grey), (0xEE, &ycck), (0xDA, scan)]),
        Err(Fault::Damaged)
    ));
    // Where real files put it, or on the four components it describes, it is fine.
    assert!(with(&[(0xEE, &ycck), (0xC2, grey), (0xDA, scan)]).is_ok());
    assert!(with(&[(0xC2, colour), (0xEE, &ycck), (0xDA, scan)]).is_ok());
    // Other transforms after a grey frame leave the decoder safe.
    assert!(with(&[(0xC2, grey), (0xEE, &adobe(1)), (0xDA, scan)]).is_ok());
    // Between the scans of a progressive file, too.
    let mut between = jpeg_with_segments(&[(0xC2, grey), (0xDA, scan)]);
    between.extend_from_slice(&[0x12, 0x34]);
    between.extend_from_slice(&jpeg_with_segments(&[(0xEE, &ycck), (0xDA, scan)])[2..]);
    between.extend_from_slice(&[0x56, 0xFF, 0xD9]);
    assert!(matches!(inspect(&between), Err(Fault::Damaged)));
    let mut fine = jpeg_with_segments(&[(0xC2, colour), (0xDA, scan)]);
    fine.extend_from_slice(&jpeg_with_segments(&[(0xEE, &ycck), (0xDA, scan)])[2..]);
    fine.extend_from_slice(&[0x56, 0xFF, 0xD9]);
    assert!(inspect(&fine).is_ok());
    // The inputs the fuzzer found are refused before the decoder sees them.
    let found =
        include_bytes!("../../../tests/fuzz/regressions/photo/progressive-decoder-panic.jpg");
    assert!(matches!(inspect(found), Err(Fault::Damaged)));
    // Hidden where this walk sees a comment's payload, the decoder still finds it.
    let in_comment = jpeg_with_segments(&[
        (0xC2, grey),
        (0xFE, &[&[0xFF, 0xEE, 0, 14], &ycck[..]].concat()),
        (0xDA, scan),
    ]);
    let mut in_comment = in_comment;
    in_comment.extend_from_slice(&[0x12, 0x34, 0xFF, 0xD9]);
    assert!(matches!(inspect(&in_comment), Err(Fault::Damaged)));
    let found = include_bytes!("../../../tests/fuzz/regressions/photo/ycck-inside-a-comment.jpg");
    assert!(matches!(inspect(found), Err(Fault::Damaged)));
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
