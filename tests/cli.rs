//! The `follicle` command line, run as a real process in throw-away folders.
//!
//! Every test works in its own `tempfile::tempdir()` with synthetic photos written by the test, and
//! runs the binary with that folder as its working directory, so paths in messages are the short
//! relative ones given on the command line.

mod common;

use std::path::{Path, PathBuf};

use common::{
    AREA_CM2, H, PX_PER_MM, Run, W, assert_clean_failure, assert_one_line, crop, follicle,
    jpeg_bytes, mean, mean_abs_diff, read_png, s, snapshot, write_photo,
};
use follicle::engine::export::embedded_project;
use follicle::engine::pigment::Stage;
use follicle::engine::project::{CURRENT_VERSION, Project};
use image::RgbImage;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Set-up

/// A folder with `photo.png` (W × H skin) and `p.ron`, a project with clearly visible dots.
struct Case {
    dir: TempDir,
}

impl Case {
    fn new() -> Self {
        let case = Case::empty();
        write_photo(case.path(), "photo.png", W, H);
        case.run(&[
            "new",
            "photo.png",
            "-o",
            "p.ron",
            "--px-per-mm",
            "8",
            "--density",
            "150",
            "--dot-mm",
            "0.3",
            "--shade",
            "6:1",
            "--seed",
            "11",
        ])
        .expect_ok();
        case
    }

    fn empty() -> Self {
        Case {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn at(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Run {
        follicle(self.path(), args)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.at(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, bytes).expect("write file");
        path
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.at(name)).expect("read file")
    }

    /// Runs `args`, which must fail cleanly with a message naming `names`, changing nothing.
    fn fails(&self, args: &[&str], names: &str) -> Run {
        let before = snapshot(self.path());
        let run = self.run(args);
        assert_clean_failure(&run, names, self.path(), &before);
        run
    }

    /// Renders `p.ron` with extra `args` to `out` and decodes the result.
    fn render(&self, out: &str, args: &[&str]) -> RgbImage {
        let mut all = vec!["render", "p.ron", "-o", out];
        all.extend_from_slice(args);
        self.run(&all).expect_ok();
        read_png(&self.at(out))
    }

    fn photo(&self) -> RgbImage {
        read_png(&self.at("photo.png"))
    }

    fn info(&self, project: &str) -> serde_json::Value {
        let run = self.run(&["info", project]).expect_ok();
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("info is not JSON ({e}): {}", run.stdout))
    }
}

/// A tiny deterministic stream of junk bytes.
fn junk(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as u8
        })
        .collect()
}

/// The numbers written in `text` (runs of digits).
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// --help, --version

#[test]
fn help_lists_the_subcommands_and_options() {
    let case = Case::empty();
    let run = case.run(&["--help"]).expect_ok();
    for word in ["new", "render", "info"] {
        assert!(
            run.stdout.contains(word),
            "--help lacks {word}: {}",
            run.stdout
        );
    }
    let run = case.run(&["render", "--help"]).expect_ok();
    for word in ["--layout", "--plain", "--max-side", "--stage", "--force"] {
        assert!(run.stdout.contains(word), "render --help lacks {word}");
    }
    let run = case.run(&["new", "--help"]).expect_ok();
    for word in [
        "--px-per-mm",
        "--density",
        "--dot-mm",
        "--shade",
        "--seed",
        "--force",
    ] {
        assert!(run.stdout.contains(word), "new --help lacks {word}");
    }
    assert!(snapshot(case.path()).is_empty(), "--help wrote files");
}

#[test]
fn version_prints_the_package_version() {
    let case = Case::empty();
    let run = case.run(&["--version"]).expect_ok();
    assert_eq!(
        run.stdout.trim(),
        format!("follicle {}", env!("CARGO_PKG_VERSION"))
    );
}

// ---------------------------------------------------------------------------------------------
// new

#[test]
fn new_writes_a_project_with_the_given_settings() {
    let case = Case::empty();
    write_photo(case.path(), "photo.png", W, H);
    case.run(&[
        "new",
        "photo.png",
        "-o",
        "client.ron",
        "--px-per-mm",
        "8",
        "--density",
        "120",
        "--dot-mm",
        "0.2",
        "--shade",
        "12:2",
        "--seed",
        "4242",
    ])
    .expect_ok();
    let path = case.at("client.ron");
    let project = Project::load(&path).expect("the new project loads");
    assert_eq!(project.version, CURRENT_VERSION);
    assert_eq!(project.view().photo, PathBuf::from("photo.png"));
    assert_eq!(project.view().photo_path(&path), case.at("photo.png"));
    assert_eq!(project.view().scale.px_per_mm, 8.0);
    assert!(project.view().scale.calibrated);
    assert_eq!(project.stage, Stage::Healed);
    assert_eq!(project.view().layers.len(), 1);
    let layer = &project.view().layers[0];
    assert_eq!(layer.density, 120.0);
    assert_eq!(layer.dot_mm, 0.2);
    assert_eq!(layer.dilution, 6.0);
    assert_eq!(layer.seed, 4242);
    assert!(layer.visible);
    assert!(layer.region.whole && layer.region.ops.is_empty());
    assert!(layer.hairline.is_none());
}

#[test]
fn new_stores_the_photo_relative_to_the_project_folder() {
    let case = Case::empty();
    std::fs::create_dir_all(case.at("photos")).expect("mkdir");
    std::fs::create_dir_all(case.at("projects/2026")).expect("mkdir");
    write_photo(&case.at("photos"), "client.png", W, H);
    // Relative arguments.
    case.run(&[
        "new",
        "photos/client.png",
        "-o",
        "projects/2026/a.ron",
        "--seed",
        "1",
    ])
    .expect_ok();
    let a = Project::load(&case.at("projects/2026/a.ron")).expect("load");
    assert_eq!(a.view().photo, PathBuf::from("../../photos/client.png"));
    assert!(
        a.view()
            .photo_path(&case.at("projects/2026/a.ron"))
            .is_file()
    );
    // Absolute arguments are stored relative too, so the folder can be moved as a whole.
    let photo = case.at("photos/client.png");
    let out = case.at("projects/b.ron");
    case.run(&["new", s(&photo), "-o", s(&out), "--seed", "1"])
        .expect_ok();
    let b = Project::load(&out).expect("load");
    assert_eq!(b.view().photo, PathBuf::from("../photos/client.png"));
    // Default settings and a guessed, uncalibrated scale (long side spans 250 mm).
    assert!(!b.view().scale.calibrated);
    assert!((b.view().scale.px_per_mm - f64::from(W) / 250.0).abs() < 1e-9);
    assert_eq!(b.view().layers[0].seed, 1);
    assert_eq!(
        b.view().layers[0].density,
        follicle::engine::project::DEFAULT_DENSITY
    );
}

#[test]
fn new_without_a_seed_picks_one() {
    let case = Case::empty();
    write_photo(case.path(), "photo.png", W, H);
    case.run(&["new", "photo.png", "-o", "a.ron"]).expect_ok();
    case.run(&["new", "photo.png", "-o", "b.ron"]).expect_ok();
    let a = Project::load(&case.at("a.ron")).expect("load");
    let b = Project::load(&case.at("b.ron")).expect("load");
    assert_eq!((a.view().layers.len(), b.view().layers.len()), (1, 1));
    assert_ne!(
        a.view().layers[0].seed,
        b.view().layers[0].seed,
        "each project gets its own pattern"
    );
}

#[test]
fn new_refuses_an_existing_file_unless_forced() {
    let case = Case::new();
    let old = case.read("p.ron");
    let run = case.fails(
        &["new", "photo.png", "-o", "p.ron", "--density", "50"],
        "p.ron",
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(case.read("p.ron"), old);

    case.run(&[
        "new",
        "photo.png",
        "-o",
        "p.ron",
        "--density",
        "50",
        "--force",
    ])
    .expect_ok();
    let project = Project::load(&case.at("p.ron")).expect("load");
    assert_eq!(project.view().layers[0].density, 50.0);
    assert_eq!(
        std::fs::read(case.at("p.ron.bak")).expect("backup kept"),
        old
    );
}

#[test]
fn new_never_writes_over_the_photo() {
    let case = Case::new();
    let photo = case.read("photo.png");
    case.fails(
        &["new", "photo.png", "-o", "photo.png", "--force"],
        "photo.png",
    );
    case.fails(
        &["new", "photo.png", "-o", "./photo.png", "--force"],
        "photo.png",
    );
    assert_eq!(case.read("photo.png"), photo);
}

// ---------------------------------------------------------------------------------------------
// render: sizes and layouts

#[test]
fn render_sizes_for_each_layout() {
    let case = Case::new();

    let after = case.render("after.png", &[]);
    assert_eq!(after.width(), W);
    assert!(
        after.height() > H,
        "after has a caption strip below the photo"
    );

    let plain = case.render("after-plain.png", &["--plain"]);
    assert_eq!(plain.dimensions(), (W, H));

    let sbs = case.render("sbs.png", &["--layout", "side-by-side"]);
    assert!(sbs.width() > 2 * W, "two panels and a gap: {}", sbs.width());
    assert!(sbs.height() > H);

    let sbs_plain = case.render("sbs-plain.png", &["--layout", "side-by-side", "--plain"]);
    assert!(sbs_plain.width() > 2 * W);
    assert_eq!(sbs_plain.height(), H);
    assert_eq!(sbs_plain.width(), sbs.width());

    let split = case.render("split.png", &["--layout", "split"]);
    assert_eq!(split.width(), W);
    assert_eq!(split.height(), after.height());

    let split_plain = case.render("split-plain.png", &["--layout", "split", "--plain"]);
    assert_eq!(split_plain.dimensions(), (W, H));
}

#[test]
fn max_side_bounds_the_whole_image() {
    let case = Case::new();
    // A portrait photo too, where the caption strip adds to the longest side.
    write_photo(case.path(), "portrait.png", 240, 320);
    case.run(&[
        "new",
        "portrait.png",
        "-o",
        "portrait.ron",
        "--px-per-mm",
        "8",
        "--seed",
        "3",
    ])
    .expect_ok();
    for project in ["p.ron", "portrait.ron"] {
        for layout in ["after", "side-by-side", "split"] {
            for plain in [false, true] {
                for max in [320u32, 200, 64] {
                    let max_text = max.to_string();
                    let mut args = vec![
                        "render",
                        project,
                        "-o",
                        "small.png",
                        "--force",
                        "--layout",
                        layout,
                        "--max-side",
                        &max_text,
                    ];
                    if plain {
                        args.push("--plain");
                    }
                    case.run(&args).expect_ok();
                    let image = read_png(&case.at("small.png"));
                    let (w, h) = image.dimensions();
                    assert!(
                        w.max(h) <= max,
                        "{project} {layout} plain={plain} --max-side {max}: {w}×{h}"
                    );
                    assert!(
                        w.max(h) >= max * 3 / 4,
                        "{project} {layout} plain={plain} --max-side {max}: {w}×{h} needlessly small"
                    );
                }
            }
        }
    }
    // A limit larger than the image changes nothing.
    let full = case.render("big.png", &["--plain", "--max-side", "5000"]);
    assert_eq!(full.dimensions(), (W, H));
}

#[test]
fn after_is_the_photo_darkened_by_dots() {
    let case = Case::new();
    let photo = case.photo();
    let after = case.render("after.png", &["--plain"]);
    let (m_photo, m_after) = (mean(&photo), mean(&after));
    assert!(
        m_after < m_photo - 2.0,
        "pigment should darken: photo {m_photo:.2}, after {m_after:.2}"
    );
    // Pigment only ever absorbs light: no pixel gets brighter (beyond rounding).
    let brighter = photo
        .as_raw()
        .iter()
        .zip(after.as_raw())
        .filter(|(p, a)| **a > p.saturating_add(1))
        .count();
    assert_eq!(brighter, 0, "pixels brighter than the photo");
    // The dots are spread over the whole photo (one layer covers it all).
    for (x, y) in [(0, 0), (W / 2, 0), (0, H / 2), (W / 2, H / 2)] {
        let (p, a) = (
            crop(&photo, x, y, W / 2, H / 2),
            crop(&after, x, y, W / 2, H / 2),
        );
        assert!(mean(&a) < mean(&p) - 1.0, "quadrant at {x},{y} has no dots");
    }
    // The captioned version has the same picture above its strip.
    let captioned = case.render("captioned.png", &[]);
    assert_eq!(crop(&captioned, 0, 0, W, H), after);
}

#[test]
fn side_by_side_shows_the_photo_then_the_mock_up() {
    let case = Case::new();
    let photo = case.photo();
    let after = case.render("after.png", &["--plain"]);

    let sbs = case.render("sbs.png", &["--layout", "side-by-side", "--plain"]);
    let gap = sbs.width() - 2 * W;
    assert_eq!(crop(&sbs, 0, 0, W, H), photo, "before panel is the photo");
    assert_eq!(
        crop(&sbs, W + gap, 0, W, H),
        after,
        "after panel is the mock-up"
    );

    // With labels, the before panel is the photo except where "Before" is written.
    let labelled = case.render("sbs-labelled.png", &["--layout", "side-by-side"]);
    let before = crop(&labelled, 0, 0, W, H);
    assert!(mean_abs_diff(&before, &photo) < 1.5);
    assert_eq!(
        crop(&before, 0, H / 2, W, H / 2),
        crop(&photo, 0, H / 2, W, H / 2)
    );
    assert!(mean(&crop(&labelled, W + gap, H / 2, W, H / 2)) < mean(&photo) - 2.0);
}

#[test]
fn split_shows_before_on_the_left_and_after_on_the_right() {
    let case = Case::new();
    let photo = case.photo();
    let after = case.render("after.png", &["--plain"]);
    let split = case.render("split.png", &["--layout", "split", "--plain"]);
    let half = W / 2;
    assert_eq!(
        crop(&split, 0, 0, half - 2, H),
        crop(&photo, 0, 0, half - 2, H)
    );
    assert_eq!(
        crop(&split, half + 2, 0, half - 2, H),
        crop(&after, half + 2, 0, half - 2, H)
    );
}

#[test]
fn rendering_is_deterministic() {
    let case = Case::new();
    for layout in ["after", "side-by-side", "split"] {
        let a = case.render(&format!("{layout}-1.png"), &["--layout", layout]);
        let b = case.render(&format!("{layout}-2.png"), &["--layout", layout]);
        assert_eq!(a.as_raw(), b.as_raw(), "{layout} differs between runs");
    }
    // A different seed gives a different pattern (so the comparison above means something).
    case.run(&[
        "new",
        "photo.png",
        "-o",
        "other.ron",
        "--px-per-mm",
        "8",
        "--density",
        "150",
        "--dot-mm",
        "0.3",
        "--shade",
        "6:1",
        "--seed",
        "12",
    ])
    .expect_ok();
    case.run(&["render", "other.ron", "-o", "other.png"])
        .expect_ok();
    assert_ne!(
        read_png(&case.at("other.png")).as_raw(),
        read_png(&case.at("after-1.png")).as_raw()
    );
}

#[test]
fn stage_changes_darkness() {
    let case = Case::new();
    let photo = mean(&case.photo());
    let fresh = mean(&case.render("fresh.png", &["--plain", "--stage", "fresh"]));
    let healed = mean(&case.render("healed.png", &["--plain", "--stage", "healed"]));
    let aged = mean(&case.render("aged.png", &["--plain", "--stage", "aged"]));
    let default = mean(&case.render("default.png", &["--plain"]));
    assert_eq!(
        default, healed,
        "the project's stage (healed) is the default"
    );
    assert!(
        fresh < healed - 0.5 && healed < aged - 0.5 && aged < photo,
        "fresh {fresh:.2} < healed {healed:.2} < aged {aged:.2} < photo {photo:.2}"
    );
    // The stage shown is stored in the exported mock-up.
    let text = embedded_project(&case.at("fresh.png"))
        .expect("readable PNG")
        .expect("embedded project");
    let embedded = Project::from_ron(&text, &case.at("fresh.png")).expect("parses");
    assert_eq!(embedded.stage, Stage::Fresh);
}

// ---------------------------------------------------------------------------------------------
// render: from an exported PNG

#[test]
fn exported_png_reopens_as_the_same_project() {
    let case = Case::empty();
    std::fs::create_dir_all(case.at("photos")).expect("mkdir");
    std::fs::create_dir_all(case.at("projects")).expect("mkdir");
    std::fs::create_dir_all(case.at("exports/2026")).expect("mkdir");
    std::fs::create_dir_all(case.at("again")).expect("mkdir");
    write_photo(&case.at("photos"), "client.png", W, H);
    case.run(&[
        "new",
        "photos/client.png",
        "-o",
        "projects/p.ron",
        "--px-per-mm",
        "8",
        "--density",
        "150",
        "--dot-mm",
        "0.3",
        "--seed",
        "5",
    ])
    .expect_ok();
    for layout in ["after", "side-by-side", "split"] {
        let export = format!("exports/2026/{layout}.png");
        case.run(&[
            "render",
            "projects/p.ron",
            "-o",
            &export,
            "--layout",
            layout,
        ])
        .expect_ok();
        // The embedded project names the photo by file name only: no folder of the
        // practitioner's travels with a mock-up.
        let text = embedded_project(&case.at(&export))
            .expect("readable PNG")
            .expect("embedded project");
        assert!(!text.contains("photos/"), "{text}");
        let embedded = Project::from_ron(&text, &case.at(&export)).expect("parses");
        assert_eq!(embedded.view().photo, PathBuf::from("client.png"));
        let original = Project::load(&case.at("projects/p.ron")).expect("load");
        assert_eq!(embedded.view().layers, original.view().layers);
        assert_eq!(embedded.view().scale, original.view().scale);

        // Away from its photo, the mock-up says what it needs, and writes nothing.
        let again = format!("again/{layout}.png");
        if !case.at("exports/2026/client.png").exists() {
            let run = case.run(&["render", &export, "-o", &again, "--layout", layout]);
            assert!(
                run.code != Some(0) && run.stderr.contains("client.png"),
                "{run:?}"
            );
            assert!(!case.at(&again).exists());
            // With the photo beside it, rendered again into yet another folder: same pixels.
            std::fs::copy(
                case.at("photos/client.png"),
                case.at("exports/2026/client.png"),
            )
            .expect("copy the photo beside the mock-up");
        }
        case.run(&["render", &export, "-o", &again, "--layout", layout])
            .expect_ok();
        assert_eq!(
            read_png(&case.at(&again)).as_raw(),
            read_png(&case.at(&export)).as_raw(),
            "{layout}"
        );
    }
    // From another working directory, with the photo resolved against the PNG's folder.
    let run = follicle(
        &case.at("exports/2026"),
        &["render", "after.png", "-o", "../../again/from-cwd.png"],
    )
    .expect_ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(
        read_png(&case.at("again/from-cwd.png")).as_raw(),
        read_png(&case.at("exports/2026/after.png")).as_raw()
    );
    // info reads an exported PNG too.
    let from_png = case.info("exports/2026/after.png");
    let from_ron = case.info("projects/p.ron");
    assert_eq!(from_png["layers"][0]["dots"], from_ron["layers"][0]["dots"]);
    assert_eq!(from_png["photo"]["width"], W);
    assert!(
        from_png["photo"]["path"]
            .as_str()
            .expect("photo path")
            .ends_with("client.png")
    );
}

#[test]
fn render_overwrites_only_with_force() {
    let case = Case::new();
    case.write("out.png", b"the practitioner's earlier export");
    let run = case.fails(&["render", "p.ron", "-o", "out.png"], "out.png");
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    case.run(&["render", "p.ron", "-o", "out.png", "--force"])
        .expect_ok();
    assert_eq!(read_png(&case.at("out.png")).width(), W);
    let leftovers: Vec<_> = snapshot(case.path())
        .into_keys()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn render_never_writes_over_the_photo() {
    let case = Case::new();
    let photo_abs = case.at("photo.png");
    for out in ["photo.png", "./photo.png", s(&photo_abs)] {
        case.fails(&["render", "p.ron", "-o", out, "--force"], "photo.png");
    }
    // Also when the project comes from an exported PNG.
    case.run(&["render", "p.ron", "-o", "out.png"]).expect_ok();
    case.fails(
        &["render", "out.png", "-o", "photo.png", "--force"],
        "photo.png",
    );
}

// ---------------------------------------------------------------------------------------------
// info

#[test]
fn info_prints_json() {
    let case = Case::new();
    let info = case.info("p.ron");
    assert_eq!(info["photo"]["width"], W);
    assert_eq!(info["photo"]["height"], H);
    assert!(
        info["photo"]["path"]
            .as_str()
            .expect("photo path")
            .ends_with("photo.png")
    );
    assert_eq!(info["scale"]["px_per_mm"], PX_PER_MM);
    assert_eq!(info["scale"]["calibrated"], true);
    assert_eq!(info["version"], CURRENT_VERSION);
    assert_eq!(info["stage"], "healed");
    let layers = info["layers"].as_array().expect("layers array");
    assert_eq!(layers.len(), 1);
    let layer = &layers[0];
    assert_eq!(layer["density_per_cm2"], 150.0);
    assert!((layer["dot_mm"].as_f64().expect("dot_mm") - 0.3).abs() < 1e-6);
    assert_eq!(layer["shade"], "6:1");
    assert_eq!(layer["seed"], 11);
    assert_eq!(layer["visible"], true);
    assert!(layer["dots"].as_u64().expect("dots") > 0);
}

#[test]
fn dot_count_follows_density_and_area() {
    let case = Case::empty();
    write_photo(case.path(), "photo.png", W, H);
    let mut counts = Vec::new();
    for density in [50u32, 150] {
        let name = format!("d{density}.ron");
        let d = density.to_string();
        case.run(&[
            "new",
            "photo.png",
            "-o",
            &name,
            "--px-per-mm",
            "8",
            "--density",
            &d,
            "--seed",
            "77",
        ])
        .expect_ok();
        let info = case.info(&name);
        let dots = info["layers"][0]["dots"].as_u64().expect("dots") as f64;
        let expected = f64::from(density) * AREA_CM2;
        assert!(
            (dots - expected).abs() <= 0.03 * expected,
            "{density}/cm² over {AREA_CM2} cm²: {dots} dots, expected about {expected}"
        );
        counts.push(dots);
    }
    assert!(counts[1] > counts[0] * 2.5, "{counts:?}");
    // The same area at another scale holds the same number of dots.
    write_photo(case.path(), "big.png", 2 * W, 2 * H);
    case.run(&[
        "new",
        "big.png",
        "-o",
        "big.ron",
        "--px-per-mm",
        "16",
        "--density",
        "150",
        "--seed",
        "77",
    ])
    .expect_ok();
    let dots = case.info("big.ron")["layers"][0]["dots"]
        .as_u64()
        .expect("dots") as f64;
    assert!(
        (dots - 150.0 * AREA_CM2).abs() <= 0.03 * 150.0 * AREA_CM2,
        "{dots}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad photos

#[test]
fn missing_photo() {
    let case = Case::empty();
    case.fails(&["new", "nowhere.jpg", "-o", "p.ron"], "nowhere.jpg");
}

#[test]
fn corrupt_photo() {
    let case = Case::empty();
    case.write("garbage.jpg", &junk(5000, 1));
    case.fails(&["new", "garbage.jpg", "-o", "p.ron"], "garbage.jpg");
    // JPEG markers followed by junk.
    let mut fake = vec![0xFF, 0xD8, 0xFF, 0xE0];
    fake.extend(junk(5000, 2));
    case.write("fake.jpg", &fake);
    case.fails(&["new", "fake.jpg", "-o", "p.ron"], "fake.jpg");
    case.write("empty.jpg", b"");
    case.fails(&["new", "empty.jpg", "-o", "p.ron"], "empty.jpg");
}

#[test]
fn truncated_jpeg() {
    let case = Case::empty();
    let bytes = jpeg_bytes(W, H);
    case.write("whole.jpg", &bytes);
    case.run(&["new", "whole.jpg", "-o", "whole.ron"])
        .expect_ok();
    case.write("cut.jpg", &bytes[..bytes.len() / 2]);
    case.fails(&["new", "cut.jpg", "-o", "p.ron"], "cut.jpg");
    // A project whose photo was cut off later fails at render time the same way.
    std::fs::write(case.at("whole.jpg"), &bytes[..bytes.len() / 2]).expect("truncate");
    case.fails(&["render", "whole.ron", "-o", "out.png"], "whole.jpg");
}

#[test]
fn heic_photo() {
    let case = Case::empty();
    let real = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scalp-rotated.heic"),
    )
    .expect("fixture");
    case.write("IMG_0001.HEIC", &real);
    if cfg!(feature = "heic") {
        // An iPhone photo, upright: a project and a mock-up straight from it.
        case.run(&["new", "IMG_0001.HEIC", "-o", "p.ron"])
            .expect_ok();
        case.run(&["render", "p.ron", "-o", "m.png", "--plain"])
            .expect_ok();
        assert_eq!(read_png(&case.at("m.png")).dimensions(), (400, 600));
    } else {
        let run = case.fails(&["new", "IMG_0001.HEIC", "-o", "p.ron"], "IMG_0001.HEIC");
        assert!(run.stderr.contains("HEIC"), "{}", run.stderr);
    }
    // Just the brand, under a misleading name.
    let mut bytes = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic".to_vec();
    bytes.extend(junk(2000, 3));
    case.write("photo.jpg", &bytes);
    let run = case.fails(&["new", "photo.jpg", "-o", "q.ron"], "photo.jpg");
    if !cfg!(feature = "heic") {
        assert!(run.stderr.contains("HEIC"), "{}", run.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Bad projects

#[test]
fn missing_project() {
    let case = Case::new();
    case.fails(&["render", "nowhere.ron", "-o", "out.png"], "nowhere.ron");
    case.fails(&["info", "nowhere.ron"], "nowhere.ron");
}

#[test]
fn broken_projects() {
    let case = Case::new();
    let good = String::from_utf8(case.read("p.ron")).expect("text");
    let broken = [
        (
            "garbage.ron",
            "this is not a project at all {{{".to_string(),
        ),
        (
            "binary.ron",
            String::from_utf8_lossy(&junk(300, 9)).into_owned(),
        ),
        ("cut.ron", good[..good.len() / 2].to_string()),
        (
            "types.ron",
            good.replace("density: 150.0", "density: \"lots\""),
        ),
        ("layers.ron", {
            let start = good.find("layers:").expect("layers field");
            format!("{}layers: 5,\n)", &good[..start])
        }),
        ("empty.ron", String::new()),
    ];
    for (name, text) in &broken {
        assert_ne!(text, &good);
        case.write(name, text.as_bytes());
        case.fails(&["render", name, "-o", "out.png"], name);
        case.fails(&["info", name], name);
    }
    // Valid RON, invalid settings: the message names the setting.
    case.write(
        "dense.ron",
        good.replace("density: 150.0", "density: 1000.0").as_bytes(),
    );
    let run = case.fails(&["render", "dense.ron", "-o", "out.png"], "dense.ron");
    assert!(run.stderr.contains("density"), "{}", run.stderr);
}

#[test]
fn project_from_a_newer_version() {
    let case = Case::new();
    let good = String::from_utf8(case.read("p.ron")).expect("text");
    let newer = good.replace(
        &format!("version: {CURRENT_VERSION},"),
        "version: 99,\n    hologram: (depth: 3),",
    );
    assert_ne!(newer, good);
    case.write("newer.ron", newer.as_bytes());
    for args in [
        &["render", "newer.ron", "-o", "out.png"][..],
        &["info", "newer.ron"][..],
    ] {
        let run = case.fails(args, "newer.ron");
        let message = run.stderr.replace("newer.ron", "");
        let found = numbers(&message);
        assert!(
            found.contains(&"99".to_string()) && found.contains(&CURRENT_VERSION.to_string()),
            "message should name both versions: {}",
            run.stderr
        );
    }
}

#[test]
fn project_whose_photo_is_missing() {
    let case = Case::new();
    std::fs::remove_file(case.at("photo.png")).expect("remove photo");
    case.fails(&["render", "p.ron", "-o", "out.png"], "photo.png");
    case.fails(&["info", "p.ron"], "photo.png");
}

#[test]
fn png_without_a_project() {
    let case = Case::new();
    case.fails(&["render", "photo.png", "-o", "out.png"], "photo.png");
    case.fails(&["info", "photo.png"], "photo.png");
    // A damaged PNG is refused as well.
    let mut bytes = case.read("photo.png");
    bytes.truncate(20);
    case.write("cut.png", &bytes);
    case.fails(&["render", "cut.png", "-o", "out.png"], "cut.png");
}

// ---------------------------------------------------------------------------------------------
// Bad outputs

#[test]
fn output_into_a_missing_folder() {
    let case = Case::new();
    case.fails(
        &["render", "p.ron", "-o", "nowhere/out.png"],
        "nowhere/out.png",
    );
    case.fails(
        &["new", "photo.png", "-o", "nowhere/p.ron"],
        "nowhere/p.ron",
    );
}

#[test]
fn output_that_is_a_folder() {
    let case = Case::new();
    std::fs::create_dir(case.at("folder.png")).expect("mkdir");
    case.write("folder.png/keep.txt", b"keep");
    for force in [false, true] {
        let mut render = vec!["render", "p.ron", "-o", "folder.png"];
        let mut new = vec!["new", "photo.png", "-o", "folder.png"];
        if force {
            render.push("--force");
            new.push("--force");
        }
        case.fails(&render, "folder.png");
        case.fails(&new, "folder.png");
    }
}

#[test]
fn output_in_an_unwritable_place() {
    // Tests run as root, for whom permission bits do not block writing, so the unwritable place
    // is a "folder" that is really a file.
    let case = Case::new();
    case.fails(&["render", "p.ron", "-o", "p.ron/out.png"], "p.ron/out.png");
    case.fails(
        &["render", "p.ron", "-o", "p.ron/out.png", "--force"],
        "p.ron/out.png",
    );
    case.fails(
        &["new", "photo.png", "-o", "photo.png/p.ron"],
        "photo.png/p.ron",
    );
}

// ---------------------------------------------------------------------------------------------
// Bad options

#[test]
fn invalid_shade() {
    let case = Case::new();
    for shade in ["6:0", "abc", "500:1", "0.5:1", "-"] {
        let arg = format!("--shade={shade}");
        let run = case.fails(&["new", "photo.png", "-o", "q.ron", &arg], "--shade");
        assert!(run.stderr.contains(shade), "{}", run.stderr);
    }
}

#[test]
fn settings_out_of_range() {
    let case = Case::new();
    for (arg, names) in [
        ("--density=1000", "density"),
        ("--density=-5", "density"),
        ("--density=NaN", "density"),
        ("--dot-mm=5", "dot size"),
        ("--dot-mm=0", "dot size"),
        ("--px-per-mm=0", "--px-per-mm"),
        ("--px-per-mm=100000", "--px-per-mm"),
    ] {
        case.fails(&["new", "photo.png", "-o", "q.ron", arg], names);
    }
}

#[test]
fn bad_layout_is_refused() {
    let case = Case::new();
    let before = snapshot(case.path());
    let run = case.run(&["render", "p.ron", "-o", "out.png", "--layout", "diagonal"]);
    assert!(run.code.is_some_and(|c| c != 0), "{run:#?}");
    assert!(run.stderr.contains("diagonal"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    for bad in ["panicked", "internal error", "RUST_BACKTRACE"] {
        assert!(!run.stderr.contains(bad), "{}", run.stderr);
    }
    assert_eq!(snapshot(case.path()), before);
}

/// The contract asks for one line on stderr for every failure, including command-line usage
/// errors (clap's own messages span several lines; `main` folds them into one).
#[test]
fn usage_errors_are_one_line() {
    let case = Case::new();
    for (args, names) in [
        (
            &["render", "p.ron", "-o", "out.png", "--layout", "diagonal"][..],
            "diagonal",
        ),
        (
            &["render", "p.ron", "-o", "out.png", "--stage", "wet"][..],
            "wet",
        ),
        (
            &["render", "p.ron", "-o", "out.png", "--max-side", "big"][..],
            "big",
        ),
        (&["render", "p.ron"][..], "--output"),
        (
            &["new", "photo.png", "-o", "q.ron", "--density", "-5"][..],
            "-5",
        ),
    ] {
        let run = case.run(args);
        assert!(run.code.is_some_and(|c| c != 0), "{run:#?}");
        assert_one_line(&run, names);
    }
}

/// A file name that is not valid UTF-8 (possible on Linux, e.g. from an old Latin-1 archive)
/// cannot be stored in a project: `new` must say so instead of writing an empty project, and an
/// export whose embedded project would need such a path is refused rather than written without it.
#[cfg(unix)]
#[test]
fn photo_path_that_is_not_unicode() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let case = Case::empty();
    let latin1 = OsStr::from_bytes(b"caf\xe9");
    let mut photo_name = latin1.to_os_string();
    photo_name.push(".png");
    write_photo(case.path(), "photo.png", W, H);
    std::fs::copy(case.at("photo.png"), case.path().join(&photo_name)).expect("copy photo");
    let before = snapshot(case.path());
    let run = follicle(
        case.path(),
        &[
            OsStr::new("new"),
            &photo_name,
            OsStr::new("-o"),
            OsStr::new("p.ron"),
        ],
    );
    assert_clean_failure(&run, "p.ron", case.path(), &before);

    // A project inside a folder with such a name, exported elsewhere.
    let folder = case.path().join(latin1);
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::create_dir(case.at("exports")).expect("mkdir");
    write_photo(&folder, "photo.png", W, H);
    let run = follicle(
        &folder,
        &["new", "photo.png", "-o", "p.ron", "--px-per-mm", "8"],
    )
    .expect_ok();
    assert!(run.stderr.is_empty());
    follicle(&folder, &["render", "p.ron", "-o", "here.png"]).expect_ok();
    // The mock-up names its photo by file name only, so the folder's name never has to be stored.
    follicle(&folder, &["render", "p.ron", "-o", "../exports/out.png"]).expect_ok();
    let text = embedded_project(&case.at("exports/out.png"))
        .expect("readable PNG")
        .expect("embedded project");
    let embedded = Project::from_ron(&text, &case.at("exports/out.png")).expect("parses");
    assert_eq!(embedded.view().photo, PathBuf::from("photo.png"));
}
