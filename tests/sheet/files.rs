//! Making and writing the sheet: the same bytes every time, atomic writes, clear one-line
//! errors, and the size and time of the sample project's sheet.

use std::path::Path;

use follicle::engine::error::Error;
use follicle::engine::project::Project;
use follicle::engine::sheet::{sheet_pdf, write_sheet};
use image::RgbImage;

use super::common::snapshot;
use super::{consultation, keep_for_a_look, top_half_project, written};

#[test]
fn the_sheet_is_the_same_every_time() {
    let (project, photos) = consultation();
    let a = sheet_pdf(&project, &photos).expect("sheet");
    let b = sheet_pdf(&project, &photos).expect("sheet");
    assert!(a == b, "two sheets of one project differ");
}

#[test]
fn a_failed_write_is_one_clear_line_and_leaves_everything_intact() {
    let (project, photos) = top_half_project();
    let (dir, existing) = written(&project, &photos, "test-existing.pdf");
    let before = snapshot(dir.path());
    let one_line = |err: Error, wanted: &str| {
        let message = err.to_string();
        assert!(message.contains(wanted), "{message}");
        assert!(!message.contains('\n'), "{message}");
    };

    let missing = dir.path().join("no such folder").join("plan.pdf");
    one_line(
        write_sheet(&project, &photos, &missing).expect_err("missing folder"),
        "does not exist",
    );
    one_line(
        write_sheet(&project, &photos, dir.path()).expect_err("a folder"),
        "is a folder",
    );
    let inside_file = existing.join("plan.pdf");
    one_line(
        write_sheet(&project, &photos, &inside_file).expect_err("in a file"),
        "not a folder",
    );
    // A sheet that cannot be made does not replace the one already there.
    let (other, _) = consultation();
    one_line(
        write_sheet(&other, &photos, &existing).expect_err("a photo short"),
        "one photo per view",
    );

    // A read-only folder (only where permissions apply: not for root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).expect("mkdir");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(locked.join("probe"), b"").is_err() {
            let err =
                write_sheet(&project, &photos, &locked.join("plan.pdf")).expect_err("read-only");
            one_line(err, "cannot save");
            assert!(
                std::fs::read_dir(&locked).expect("list").next().is_none(),
                "left a file"
            );
        } else {
            eprintln!("permissions do not apply here (root): read-only folder not checked");
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        std::fs::remove_dir_all(&locked).expect("clean up");
    }
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a failed write changed the folder"
    );
}

#[test]
fn each_view_needs_its_photo() {
    let (project, mut photos) = consultation();
    photos.pop();
    let err = sheet_pdf(&project, &photos).expect_err("a photo missing");
    assert!(err.to_string().contains("one photo per view"), "{err}");
}

/// The sample project as it ships (its 3000-pixel photo), for the size of a real sheet and the
/// time it takes: `cargo test --test sheet -- --ignored --nocapture`.
#[test]
#[ignore = "renders the full-size sample photo; run by hand"]
fn the_sample_projects_sheet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let mut project = Project::load(&root.join("sample.ron")).expect("sample project");
    project.resolve_photos(&root.join("sample.ron"));
    let photos: Vec<RgbImage> = project
        .views
        .iter()
        .map(|v| follicle::engine::photo::load(&v.photo).expect("sample photo"))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("sample.pdf");
    let start = std::time::Instant::now();
    write_sheet(&project, &photos, &pdf).expect("write the sheet");
    let took = start.elapsed();
    let size = std::fs::metadata(&pdf).expect("sheet").len();
    eprintln!("sample sheet: {size} bytes in {:.2} s", took.as_secs_f64());
    keep_for_a_look(&pdf, "sample-consultation.pdf");
}
