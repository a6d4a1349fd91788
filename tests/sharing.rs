//! Mock-ups made for sending: the format follows the output's name, a JPEG is small and carries
//! nothing but the picture, and a PNG names its photo by file name only.

mod common;

use common::{follicle, mean, read_png, write_photo};
use follicle::engine::export::{SHARE_LONG_SIDE, embedded_project};

/// A 2600 × 1700 photo and a project on it, in a fresh folder.
fn consultation() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "client.png", 2600, 1700);
    follicle(
        dir.path(),
        &["new", "client.png", "-o", "p.ron", "--px-per-mm", "8"],
    )
    .expect_ok();
    dir
}

fn jpeg_segments(bytes: &[u8]) -> Vec<u8> {
    // The markers of the segments before the image data (each FF xx with a length).
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        at += 2 + len;
    }
    markers
}

#[test]
fn a_jpg_output_is_a_small_jpeg_with_nothing_inside() {
    let dir = consultation();
    follicle(
        dir.path(),
        &["render", "p.ron", "-o", "mockup.jpg", "--plain"],
    )
    .expect_ok();
    let bytes = std::fs::read(dir.path().join("mockup.jpg")).expect("the JPEG");
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF], "JPEG signature");
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg)
        .expect("decodes as JPEG")
        .to_rgb8();
    // The long side for sending by default (the photo is larger), the aspect kept.
    assert_eq!(image.width(), SHARE_LONG_SIDE);
    assert_eq!(
        image.height(),
        (1700.0 * 2048.0 / 2600.0_f64).round() as u32
    );
    // No EXIF/XMP (APP1), no comment, no project text anywhere.
    let markers = jpeg_segments(&bytes);
    assert!(markers.contains(&0xDA), "{markers:x?}");
    assert!(
        !markers.contains(&0xE1) && !markers.contains(&0xFE),
        "{markers:x?}"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("version") && !text.contains("client.png"));
    assert!(bytes.len() < 3_000_000, "{} bytes", bytes.len());
    // The same picture as the PNG export, scaled: similar brightness.
    follicle(
        dir.path(),
        &[
            "render",
            "p.ron",
            "-o",
            "full.png",
            "--plain",
            "--max-side",
            "2048",
        ],
    )
    .expect_ok();
    let png = read_png(&dir.path().join("full.png"));
    assert_eq!(png.dimensions(), image.dimensions());
    assert!((mean(&png) - mean(&image)).abs() < 2.0);
}

#[test]
fn max_side_sets_the_size_of_a_jpeg_and_every_view_keeps_the_format() {
    let dir = consultation();
    follicle(
        dir.path(),
        &["render", "p.ron", "-o", "small.jpeg", "--max-side", "800"],
    )
    .expect_ok();
    let image = image::open(dir.path().join("small.jpeg"))
        .expect("a JPEG")
        .to_rgb8();
    assert_eq!(image.width().max(image.height()), 800);
    write_photo(dir.path(), "top.png", 900, 700);
    follicle(
        dir.path(),
        &["add-view", "p.ron", "top.png", "--name", "Top"],
    )
    .expect_ok();
    follicle(
        dir.path(),
        &["render", "p.ron", "-o", "set.jpg", "--all-views"],
    )
    .expect_ok();
    for name in ["set-front.jpg", "set-top.jpg"] {
        let bytes = std::fs::read(dir.path().join(name)).expect(name);
        assert_eq!(&bytes[..2], &[0xFF, 0xD8], "{name}");
    }
    assert!(!dir.path().join("set-front.png").exists());
}

#[test]
fn a_png_names_its_photo_without_folders_and_reopens_beside_it() {
    let dir = consultation();
    std::fs::create_dir_all(dir.path().join("Clients/Jane")).expect("mkdir");
    follicle(
        dir.path(),
        &[
            "render",
            "p.ron",
            "-o",
            "Clients/Jane/mockup.png",
            "--max-side",
            "600",
        ],
    )
    .expect_ok();
    let out = dir.path().join("Clients/Jane/mockup.png");
    let text = embedded_project(&out).expect("PNG").expect("a project");
    assert!(text.contains("\"client.png\""), "{text}");
    assert!(!text.contains(".."), "{text}");
    // Moved to another folder with its photo, it opens and renders as the consultation.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&out, elsewhere.path().join("mockup.png")).expect("copy");
    std::fs::copy(
        dir.path().join("client.png"),
        elsewhere.path().join("client.png"),
    )
    .expect("copy");
    follicle(
        elsewhere.path(),
        &[
            "render",
            "mockup.png",
            "-o",
            "again.png",
            "--max-side",
            "600",
        ],
    )
    .expect_ok();
    assert_eq!(
        read_png(&elsewhere.path().join("again.png")).as_raw(),
        read_png(&out).as_raw()
    );
}

#[test]
fn the_consultation_sheet_is_a_pdf_from_the_command_line() {
    let dir = consultation();
    follicle(
        dir.path(),
        &["render", "p.ron", "--layout", "sheet", "-o", "plan.pdf"],
    )
    .expect_ok();
    let pdf = std::fs::read(dir.path().join("plan.pdf")).expect("the sheet");
    assert!(pdf.starts_with(b"%PDF-"));
    // A .pdf output is the sheet whatever the layout says.
    follicle(dir.path(), &["render", "p.ron", "-o", "also.pdf"]).expect_ok();
    assert!(
        std::fs::read(dir.path().join("also.pdf"))
            .expect("the sheet")
            .starts_with(b"%PDF-")
    );
    // The sheet layout into a PNG name: one clear line, nothing written.
    let run = follicle(
        dir.path(),
        &["render", "p.ron", "--layout", "sheet", "-o", "plan.png"],
    );
    assert!(!run.ok());
    assert!(
        run.stderr.contains("PDF") && run.stderr.trim().lines().count() == 1,
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("plan.png").exists());
}

#[test]
fn an_export_never_replaces_the_project_or_writes_one_file_twice() {
    let dir = consultation();
    let before = std::fs::read(dir.path().join("p.ron")).expect("project");
    // Even with --force, the project itself is not an output.
    let run = follicle(dir.path(), &["render", "p.ron", "-o", "p.ron", "--force"]);
    assert!(
        !run.ok() && run.stderr.contains("project file"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("p.ron")).expect("project"),
        before
    );
    // Two views whose names differ only in punctuation would share one file: refused before
    // anything is written.
    write_photo(dir.path(), "other.png", 500, 400);
    follicle(
        dir.path(),
        &["add-view", "p.ron", "other.png", "--name", "Front!"],
    )
    .expect_ok();
    let run = follicle(
        dir.path(),
        &["render", "p.ron", "-o", "set.png", "--all-views"],
    );
    assert!(
        !run.ok() && run.stderr.contains("two views"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("set-front.png").exists());
}

#[test]
#[cfg(unix)]
fn new_files_follow_the_umask_and_replaced_files_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "client.png", 300, 200);
    let bin = env!("CARGO_BIN_EXE_follicle");
    let run = |umask: &str, args: &str| {
        let status = std::process::Command::new("sh")
            .current_dir(dir.path())
            .arg("-c")
            .arg(format!("umask {umask} && '{bin}' {args}"))
            .status()
            .expect("sh runs");
        assert!(status.success(), "{args}");
    };
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .expect(name)
            .permissions()
            .mode()
            & 0o777
    };
    // A practitioner who keeps client files private gets private files.
    run("077", "new client.png -o private.ron --px-per-mm 8");
    run("077", "render private.ron -o private.png --plain");
    assert_eq!(mode("private.ron"), 0o600);
    assert_eq!(mode("private.png"), 0o600);
    // The usual umask gives the usual permissions.
    run("022", "new client.png -o shared.ron --px-per-mm 8");
    assert_eq!(mode("shared.ron"), 0o644);
    // Saving over a file keeps its permissions, whatever the umask now.
    run("022", "new client.png -o private.ron --px-per-mm 8 --force");
    assert_eq!(mode("private.ron"), 0o600);
}
