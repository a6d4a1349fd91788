//! Mock-ups made for sending: the format follows the output's name, a JPEG is small and carries
//! nothing but the picture, and a PNG names its photo by file name only.

mod common;

use std::path::Path;

use common::{
    assert_clean_failure, follicle, mean, mean_abs_diff, read_png, snapshot, write_photo,
};
use follicle::engine::export::{
    COPY_LONG_SIDE, ExportOptions, SHARE_LONG_SIDE, compose, embedded_photos, embedded_project,
};
use follicle::engine::geometry::RegionOp;
use follicle::engine::open::{open_consultation, view_photo};
use follicle::engine::project::Project;
use follicle::engine::render::Scene;

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
    assert!(!text.contains("flPh") && !text.contains("reduced photo"));
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

/// The consultation of [`consultation`] with a polygon zone (the left half of the photo, from
/// x = 200 to 1300) instead of the whole photo, exported as `mockup.png` at full size.
fn zoned_consultation() -> tempfile::TempDir {
    let dir = consultation();
    let path = dir.path().join("p.ron");
    let mut project = Project::load(&path).expect("project");
    let layer = &mut project.view_mut().layers[0];
    layer.region.whole = false;
    layer.region.ops = vec![RegionOp::Polygon {
        points: vec![
            [200.0, 100.0],
            [1300.0, 100.0],
            [1300.0, 1600.0],
            [200.0, 1600.0],
        ],
        feather_mm: 1.0,
    }];
    project.save(&path).expect("save");
    follicle(
        dir.path(),
        &["render", "p.ron", "-o", "mockup.png", "--plain"],
    )
    .expect_ok();
    dir
}

fn info(dir: &Path, file: &str) -> (serde_json::Value, String) {
    let run = follicle(dir, &["info", file]).expect_ok();
    (serde_json::from_str(&run.stdout).expect("JSON"), run.stderr)
}

#[test]
fn a_png_moved_alone_opens_on_its_reduced_photo_with_the_design_in_place() {
    let dir = zoned_consultation();
    // The PNG carries one small JPEG copy of the photo, named by file name only.
    let copies = embedded_photos(&dir.path().join("mockup.png")).expect("copies");
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].name, "client.png");
    assert_eq!(copies[0].full_size, (2600, 1700));
    assert_eq!(copies[0].size.0, COPY_LONG_SIDE);
    assert!(copies[0].jpeg.len() < 1_500_000, "{}", copies[0].jpeg.len());
    // Other PNG readers see the picture as before.
    assert_eq!(
        read_png(&dir.path().join("mockup.png")).dimensions(),
        (2600, 1700)
    );

    let elsewhere = tempfile::tempdir().expect("temp dir");
    let moved = elsewhere.path().join("mockup.png");
    std::fs::copy(dir.path().join("mockup.png"), &moved).expect("copy");
    let (original, quiet) = info(dir.path(), "p.ron");
    assert!(quiet.is_empty(), "{quiet}");
    let (reduced, note) = info(elsewhere.path(), "mockup.png");
    // It says plainly that it shows a reduced copy, and what it needs to export.
    assert!(
        note.contains("reduced copy") && note.contains("client.png"),
        "{note}"
    );
    let photo = &reduced["photo"];
    assert_eq!(photo["width"], COPY_LONG_SIDE);
    assert_eq!(photo["reduced_copy"]["full_width"], 2600);
    assert_eq!(photo["reduced_copy"]["full_height"], 1700);
    assert!(original["photo"]["reduced_copy"].is_null());
    let factor = f64::from(COPY_LONG_SIDE) / 2600.0;
    let ppm = reduced["scale"]["px_per_mm"].as_f64().expect("scale");
    assert!((ppm - 8.0 * factor).abs() < 1e-9, "{ppm}");
    // The same zone in millimetres: the same number of dots, within rounding at the edge.
    let dots = |v: &serde_json::Value| v["layers"][0]["dots"].as_f64().expect("dots");
    let (full, small) = (dots(&original), dots(&reduced));
    assert!(full > 5000.0, "{full}");
    assert!((small - full).abs() / full < 0.01, "{small} vs {full}");

    // Rendered on the copy, the zone is where it was: the same picture as the full render
    // brought to the copy's size.
    let project = open_consultation(&moved).expect("opens");
    let copy = view_photo(project.view()).expect("the copy");
    let scene = Scene::for_photo(&project, &copy).expect("the dots fit the budget");
    let options = ExportOptions {
        caption: false,
        ..ExportOptions::default()
    };
    let on_copy = compose(copy, &scene, &project, &options);
    let full_render = read_png(&dir.path().join("mockup.png"));
    let brought = image::imageops::thumbnail(&full_render, on_copy.width(), on_copy.height());
    let diff = mean_abs_diff(&on_copy, &brought);
    assert!(diff < 4.0, "{diff}");
    let darkening = |image: &image::RgbImage| {
        let k = f64::from(image.width()) / 2600.0;
        let at = |x: f64| (x * k) as u32;
        let inside = common::crop(image, at(400.0), at(300.0), at(700.0), at(1100.0));
        let outside = common::crop(image, at(1700.0), at(300.0), at(700.0), at(1100.0));
        mean(&outside) - mean(&inside)
    };
    let (want, got) = (darkening(&brought), darkening(&on_copy));
    assert!(want > 5.0 && (got - want).abs() < 1.5, "{got} vs {want}");
}

#[test]
fn rendering_from_a_reduced_copy_asks_for_the_photo_and_writes_nothing() {
    let dir = zoned_consultation();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        dir.path().join("mockup.png"),
        elsewhere.path().join("mockup.png"),
    )
    .expect("copy");
    std::fs::write(elsewhere.path().join("taken.png"), b"an earlier file").expect("write");
    let before = snapshot(elsewhere.path());
    for args in [
        &["render", "mockup.png", "-o", "again.png"][..],
        &["render", "mockup.png", "-o", "again.jpg"],
        &["render", "mockup.png", "-o", "plan.pdf"],
        &["render", "mockup.png", "-o", "taken.png", "--force"],
        &["render", "mockup.png", "-o", "mockup.png", "--force"],
    ] {
        let run = follicle(elsewhere.path(), args);
        assert_clean_failure(
            &run,
            "put the original photo client.png beside it to export",
            elsewhere.path(),
            &before,
        );
        assert!(run.stderr.contains("reduced copy"), "{}", run.stderr);
    }
    // With the photo put back beside it, the mock-up renders again as the consultation.
    std::fs::copy(
        dir.path().join("client.png"),
        elsewhere.path().join("client.png"),
    )
    .expect("copy");
    let (back, note) = info(elsewhere.path(), "mockup.png");
    assert!(note.is_empty(), "{note}");
    assert_eq!(back["photo"]["width"], 2600);
    follicle(
        elsewhere.path(),
        &["render", "mockup.png", "-o", "again.png", "--plain"],
    )
    .expect_ok();
    assert_eq!(
        read_png(&elsewhere.path().join("again.png")).as_raw(),
        read_png(&dir.path().join("mockup.png")).as_raw()
    );
}

#[test]
fn a_project_saved_from_a_reduced_copy_keeps_the_full_photo_and_design() {
    let dir = zoned_consultation();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let moved = elsewhere.path().join("mockup.png");
    std::fs::copy(dir.path().join("mockup.png"), &moved).expect("copy");
    let project = open_consultation(&moved).expect("opens");
    assert!(project.has_reduced_views());
    let saved = elsewhere.path().join("saved.ron");
    project
        .relative_to(elsewhere.path())
        .save(&saved)
        .expect("saves");
    let text = std::fs::read_to_string(&saved).expect("text");
    let reread = Project::from_ron(&text, &saved).expect("parses");
    let original = Project::load(&dir.path().join("p.ron")).expect("project");
    assert_eq!(reread.view().photo, Path::new("client.png"));
    assert!((reread.view().scale.px_per_mm - 8.0).abs() < 1e-9);
    let points = |p: &Project| match &p.view().layers[0].region.ops[0] {
        RegionOp::Polygon { points, .. } => points.clone(),
        other => panic!("{other:?}"),
    };
    for (a, b) in points(&reread).iter().zip(points(&original)) {
        assert!(
            (a[0] - b[0]).abs() < 0.01 && (a[1] - b[1]).abs() < 0.01,
            "{a:?} {b:?}"
        );
    }
    // Beside its photo, the saved project renders the design as the original did.
    std::fs::copy(
        dir.path().join("client.png"),
        elsewhere.path().join("client.png"),
    )
    .expect("copy");
    follicle(
        elsewhere.path(),
        &["render", "saved.ron", "-o", "from-saved.png", "--plain"],
    )
    .expect_ok();
    let diff = mean_abs_diff(
        &read_png(&elsewhere.path().join("from-saved.png")),
        &read_png(&dir.path().join("mockup.png")),
    );
    assert!(diff < 0.05, "{diff}");
}

#[test]
fn an_oversized_or_damaged_photo_copy_is_refused_in_one_line() {
    let dir = consultation();
    follicle(
        dir.path(),
        &["render", "p.ron", "-o", "mockup.png", "--max-side", "400"],
    )
    .expect_ok();
    let bytes = std::fs::read(dir.path().join("mockup.png")).expect("PNG");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    // The first chunk after the signature is IHDR (8 + 13 + 4 bytes): insert after it.
    let at = 8 + 25;
    let data = vec![0u8; 9 * 1024 * 1024];
    let mut crc = crc32fast::Hasher::new();
    crc.update(b"flPh");
    crc.update(&data);
    let mut huge = bytes[..at].to_vec();
    huge.extend_from_slice(&(data.len() as u32).to_be_bytes());
    huge.extend_from_slice(b"flPh");
    huge.extend_from_slice(&data);
    huge.extend_from_slice(&crc.finalize().to_be_bytes());
    huge.extend_from_slice(&bytes[at..]);
    std::fs::write(elsewhere.path().join("huge.png"), &huge).expect("write");
    // A copy whose checksum does not match.
    let copy_at = bytes
        .windows(4)
        .position(|w| w == b"flPh")
        .expect("a photo copy");
    let mut damaged = bytes.clone();
    damaged[copy_at + 200] ^= 0x55;
    std::fs::write(elsewhere.path().join("damaged.png"), &damaged).expect("write");
    let before = snapshot(elsewhere.path());
    let run = follicle(elsewhere.path(), &["info", "huge.png"]);
    assert_clean_failure(&run, "more than the 8 MB", elsewhere.path(), &before);
    let run = follicle(elsewhere.path(), &["render", "damaged.png", "-o", "x.png"]);
    assert_clean_failure(&run, "damaged", elsewhere.path(), &before);
    // Beside the photo, the copies are not even read.
    std::fs::copy(
        dir.path().join("client.png"),
        elsewhere.path().join("client.png"),
    )
    .expect("copy");
    let (fine, _) = info(elsewhere.path(), "huge.png");
    assert_eq!(fine["photo"]["width"], 2600);
}
