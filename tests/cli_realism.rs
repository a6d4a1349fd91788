//! The command line for the kinds of work, sessions, presets and several views per consultation,
//! run as a real process in throw-away folders.

mod common;

use std::path::Path;

use common::{
    H, Run, W, assert_clean_failure, crop, follicle, mean, read_png, snapshot, write_photo,
};
use image::{Rgb, RgbImage};
use tempfile::TempDir;

fn run(dir: &Path, args: &[&str]) -> Run {
    follicle(dir, args)
}

fn info(dir: &Path, project: &str) -> serde_json::Value {
    let out = run(dir, &["info", project]).expect_ok();
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout))
}

fn fails(dir: &Path, args: &[&str], names: &str) -> Run {
    let before = snapshot(dir);
    let out = run(dir, args);
    assert_clean_failure(&out, names, dir, &before);
    out
}

fn folder_with_photo() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "photo.png", W, H);
    dir
}

fn new(dir: &Path, out: &str, extra: &[&str]) {
    let mut args = vec![
        "new",
        "photo.png",
        "-o",
        out,
        "--px-per-mm",
        "8",
        "--seed",
        "5",
    ];
    args.extend_from_slice(extra);
    run(dir, &args).expect_ok();
}

fn render(dir: &Path, project: &str, out: &str, extra: &[&str]) -> RgbImage {
    let mut args = vec!["render", project, "-o", out, "--plain"];
    args.extend_from_slice(extra);
    run(dir, &args).expect_ok();
    read_png(&dir.join(out))
}

#[test]
fn modes_set_up_the_first_layer() {
    let dir = folder_with_photo();
    let d = dir.path();
    new(d, "full.ron", &[]);
    new(d, "thin.ron", &["--mode", "thinning"]);
    new(d, "scar.ron", &["--mode", "scar"]);
    let full = info(d, "full.ron");
    assert_eq!(full["layers"][0]["avoid_hair"], false);
    assert_eq!(full["layers"][0]["density_per_cm2"], 100.0);
    let thin = info(d, "thin.ron");
    assert_eq!(thin["layers"][0]["avoid_hair"], true);
    assert_eq!(thin["layers"][0]["kind"], "density");
    let scar = info(d, "scar.ron");
    assert_eq!(scar["layers"][0]["kind"], "scar");
    assert_eq!(scar["layers"][0]["scar"]["shape"], "region");
    assert!(
        scar["layers"][0]["scar"]["retention"]
            .as_f64()
            .expect("retention")
            < 1.0
    );
    // Explicit settings win over the mode's.
    new(
        d,
        "thin2.ron",
        &["--mode", "thinning", "--density", "70", "--force"],
    );
    assert_eq!(info(d, "thin2.ron")["layers"][0]["density_per_cm2"], 70.0);
}

#[test]
fn thinning_mode_keeps_dots_off_the_hair_in_the_photo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // Skin with dark vertical hairs every 12 px.
    let mut photo = common::skin(W, H, 3);
    for y in 0..H {
        for x in (0..W).filter(|x| x % 12 < 2) {
            photo.put_pixel(x, y, Rgb([40, 30, 25]));
        }
    }
    photo.save(d.join("photo.png")).expect("save photo");
    new(
        d,
        "full.ron",
        &["--density", "150", "--dot-mm", "0.25", "--shade", "6:1"],
    );
    new(
        d,
        "thin.ron",
        &[
            "--mode",
            "thinning",
            "--density",
            "150",
            "--dot-mm",
            "0.25",
            "--shade",
            "6:1",
        ],
    );
    let full_dots = info(d, "full.ron")["layers"][0]["dots"]
        .as_u64()
        .expect("dots");
    let thin_dots = info(d, "thin.ron")["layers"][0]["dots"]
        .as_u64()
        .expect("dots");
    // The hairs (1/6 of the photo, plus clearance) take their share of dots away, no more.
    let share = thin_dots as f64 / full_dots as f64;
    assert!((0.45..0.85).contains(&share), "{thin_dots} of {full_dots}");
    let out = render(d, "thin.ron", "thin.png", &[]);
    // Hair pixels stay as they were; the scalp between them darkens.
    let (mut hair_change, mut hair_n, mut skin_change, mut skin_n) = (0.0, 0, 0.0, 0);
    for (x, y, p) in out.enumerate_pixels() {
        let q = photo.get_pixel(x, y);
        let change = f64::from(q[1]) - f64::from(p[1]);
        if x % 12 < 2 {
            hair_change += change;
            hair_n += 1;
        } else if x % 12 >= 4 && x % 12 <= 9 {
            skin_change += change;
            skin_n += 1;
        }
    }
    let (hair_change, skin_change) = (hair_change / hair_n as f64, skin_change / skin_n as f64);
    assert!(skin_change > 1.0, "scalp darkened by {skin_change}");
    assert!(
        hair_change < 0.1 * skin_change,
        "hair {hair_change} vs scalp {skin_change}"
    );
}

#[test]
fn a_strip_scar_gets_dots_only_along_its_line() {
    let dir = folder_with_photo();
    let d = dir.path();
    new(
        d,
        "scar.ron",
        &[
            "--mode",
            "scar",
            "--scar-line",
            "20,150 380,150",
            "--scar-width",
            "6",
            "--dot-mm",
            "0.3",
            "--shade",
            "6:1",
        ],
    );
    let project = info(d, "scar.ron");
    assert_eq!(project["layers"][0]["scar"]["shape"], "strip");
    assert!(project["layers"][0]["dots"].as_u64().expect("dots") > 10);
    let photo = read_png(&d.join("photo.png"));
    let out = render(d, "scar.ron", "scar.png", &[]);
    // Far from the strip (6 mm wide = 48 px at 8 px/mm) nothing changes; along it, it darkens.
    let band = |img: &RgbImage, y: u32, h: u32| crop(img, 30, y, 340, h);
    assert_eq!(band(&out, 0, 100), band(&photo, 0, 100));
    assert_eq!(band(&out, 200, 100), band(&photo, 200, 100));
    assert!(mean(&band(&out, 135, 30)) < mean(&band(&photo, 135, 30)) - 1.0);
    // FUE dots, and the mistakes people make writing points.
    new(
        d,
        "fue.ron",
        &[
            "--mode",
            "scar",
            "--scar-dots",
            "100,100;300,200",
            "--scar-dot-mm",
            "3",
        ],
    );
    assert_eq!(info(d, "fue.ron")["layers"][0]["scar"]["shape"], "dots");
    fails(
        d,
        &[
            "new",
            "photo.png",
            "-o",
            "x.ron",
            "--mode",
            "scar",
            "--scar-line",
            "1,2 3",
        ],
        "--scar-line",
    );
    fails(
        d,
        &["new", "photo.png", "-o", "x.ron", "--scar-line", "1,2 3,4"],
        "--mode scar",
    );
}

#[test]
fn a_strip_scar_may_vary_in_width_along_its_line() {
    let dir = folder_with_photo();
    let d = dir.path();
    // A strip whose width varies along its line, camouflaged by default.
    new(
        d,
        "wide.ron",
        &[
            "--mode",
            "scar",
            "--scar-line",
            "20,150 200,150 380,150",
            "--scar-widths",
            "3 8 5",
        ],
    );
    let wide = &info(d, "wide.ron")["layers"][0]["scar"];
    assert_eq!(wide["widest_mm"], 8.0);
    assert_eq!(wide["camouflage"], true);
    fails(
        d,
        &[
            "new",
            "photo.png",
            "-o",
            "x.ron",
            "--mode",
            "scar",
            "--scar-line",
            "1,2 3,4 5,6",
            "--scar-widths",
            "3 8",
        ],
        "3 points but 2 widths",
    );
    fails(
        d,
        &[
            "new",
            "photo.png",
            "-o",
            "x.ron",
            "--mode",
            "scar",
            "--scar-line",
            "1,2 3,4",
            "--scar-widths",
            "3 wide",
        ],
        "--scar-widths",
    );
}

#[test]
fn sessions_build_up_density_and_render_after_each() {
    let dir = folder_with_photo();
    let d = dir.path();
    new(
        d,
        "plan.ron",
        &[
            "--sessions",
            "3",
            "--density",
            "150",
            "--dot-mm",
            "0.3",
            "--shade",
            "6:1",
        ],
    );
    let plan = info(d, "plan.ron");
    assert_eq!(plan["sessions"], 3);
    let layers = plan["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 3);
    let total: f64 = layers
        .iter()
        .map(|l| l["density_per_cm2"].as_f64().expect("density"))
        .sum();
    assert!((total - 150.0).abs() < 0.01, "{total}");
    for (k, l) in layers.iter().enumerate() {
        assert_eq!(l["session"], k as u64 + 1);
    }
    let photo = read_png(&d.join("photo.png"));
    let means: Vec<f64> = (1..=3)
        .map(|s| {
            mean(&render(
                d,
                "plan.ron",
                &format!("s{s}.png"),
                &["--session", &s.to_string()],
            ))
        })
        .collect();
    assert!(
        mean(&photo) > means[0] && means[0] > means[1] && means[1] > means[2],
        "{means:?}"
    );
    // Without --session the result after the last session is shown.
    let last = render(d, "plan.ron", "last.png", &[]);
    assert_eq!(last, read_png(&d.join("s3.png")));
    fails(
        d,
        &["render", "plan.ron", "-o", "x.png", "--session", "4"],
        "--session 4",
    );
}

#[test]
fn presets_are_listed_and_used() {
    let dir = folder_with_photo();
    let d = dir.path();
    let list = run(d, &["presets"]).expect_ok();
    for slug in [
        "shaved-look",
        "soft-hairline",
        "female-hairline",
        "thinning-density",
        "scar-camouflage",
    ] {
        assert!(
            list.stdout.contains(slug),
            "{slug} missing: {}",
            list.stdout
        );
    }
    new(d, "soft.ron", &["--preset", "soft-hairline"]);
    let soft = info(d, "soft.ron");
    assert_eq!(soft["layers"][0]["has_hairline"], true);
    assert_eq!(soft["layers"][0]["kind"], "hairline");
    assert_eq!(soft["layers"][0]["shade"], "6:1");
    assert_eq!(soft["layers"][0]["needle"], "1RL");
    // A preset saved by the practitioner is found too.
    let saved = d.join(".follicle-settings/presets");
    std::fs::create_dir_all(&saved).expect("folder");
    std::fs::write(
        saved.join("my-crown.ron"),
        "(name: \"My crown\", kind: Density, density: 77.0, dot_mm: 0.11, dilution: 15.0)",
    )
    .expect("write preset");
    assert!(run(d, &["presets"]).expect_ok().stdout.contains("my-crown"));
    new(d, "mine.ron", &["--preset", "my crown"]);
    assert_eq!(info(d, "mine.ron")["layers"][0]["density_per_cm2"], 77.0);
    fails(
        d,
        &["new", "photo.png", "-o", "x.ron", "--preset", "nonsense"],
        "nonsense",
    );
}

#[test]
fn several_views_export_one_by_one_and_on_a_contact_sheet() {
    let dir = folder_with_photo();
    let d = dir.path();
    write_photo(d, "crown.png", 300, 300);
    new(d, "p.ron", &["--dot-mm", "0.3", "--shade", "6:1"]);
    run(
        d,
        &[
            "add-view",
            "p.ron",
            "crown.png",
            "--name",
            "Crown",
            "--px-per-mm",
            "10",
            "--mode",
            "thinning",
        ],
    )
    .expect_ok();
    let project = info(d, "p.ron");
    let views = project["views"].as_array().expect("views");
    assert_eq!(views.len(), 2);
    assert_eq!(views[1]["name"], "Crown");
    assert_eq!(views[1]["photo"]["width"], 300);
    assert_eq!(views[1]["scale"]["px_per_mm"], 10.0);
    assert!(
        Path::new(&d.join("p.ron.bak")).exists(),
        "add-view keeps a backup"
    );
    fails(
        d,
        &["add-view", "p.ron", "crown.png", "--name", "crown"],
        "Crown",
    );

    // One PNG per view.
    run(
        d,
        &["render", "p.ron", "-o", "out.png", "--all-views", "--plain"],
    )
    .expect_ok();
    let front = read_png(&d.join("out-front.png"));
    let crown = read_png(&d.join("out-crown.png"));
    assert_eq!(front.dimensions(), (W, H));
    assert_eq!(crown.dimensions(), (300, 300));
    // One view by name or number.
    assert_eq!(render(d, "p.ron", "c.png", &["--view", "crown"]), crown);
    assert_eq!(render(d, "p.ron", "c2.png", &["--view", "2"]), crown);
    fails(
        d,
        &["render", "p.ron", "-o", "x.png", "--view", "Top"],
        "Front, Crown",
    );

    // The contact sheet: a row of before | after per view, then the caption.
    run(
        d,
        &[
            "render",
            "p.ron",
            "-o",
            "sheet.png",
            "--layout",
            "contact-sheet",
        ],
    )
    .expect_ok();
    let sheet = read_png(&d.join("sheet.png"));
    assert!(
        sheet.width() >= 2 * W && sheet.width() < 2 * W + 40,
        "{}",
        sheet.width()
    );
    assert!(sheet.height() > H + 300, "{}", sheet.height());
    // The first row's "after" half is darker than its "before" half (the photo).
    let before = crop(&sheet, 20, 60, W - 40, H - 80);
    let after = crop(&sheet, sheet.width() - W + 20, 60, W - 40, H - 80);
    assert!(mean(&after) < mean(&before) - 1.0);
    // The sheet reopens as the whole project, both views included.
    let reopened = info(d, "sheet.png");
    assert_eq!(reopened["views"].as_array().map(Vec::len), Some(2));
}

#[test]
fn info_reports_skin_tone_and_advice_and_new_places_a_hairline_style() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // Very fair skin and a very dark shade: the advice warns.
    image::RgbImage::from_pixel(W, H, Rgb([236, 206, 190]))
        .save(d.join("photo.png"))
        .expect("photo");
    new(d, "dark.ron", &["--shade", "3:1", "--hairline", "female"]);
    let view = &info(d, "dark.ron")["views"][0];
    assert_eq!(view["skin"]["sampled"], false);
    assert_eq!(view["skin"]["fitzpatrick"], "I");
    // A plain photo of one skin: the automatic sample is sure of it.
    let confidence = view["skin"]["confidence"].as_f64().expect("a confidence");
    assert!(confidence > 0.7, "{view}");
    assert_eq!(view["skin"]["summary"], "Type I (very light), sure");
    let advice = view["layers"][0]["advice"].as_array().expect("advice");
    assert!(!advice.is_empty(), "{view}");
    assert!(
        advice
            .iter()
            .any(|a| a.as_str().is_some_and(|t| t.contains(':'))),
        "{advice:?}"
    );
    assert_eq!(view["layers"][0]["has_hairline"], true);
    assert_eq!(view["layers"][0]["kind"], "hairline");
    // A light shade on the same skin: nothing to warn about.
    new(d, "light.ron", &["--shade", "18:1"]);
    let advice = info(d, "light.ron")["views"][0]["layers"][0]["advice"].clone();
    assert_eq!(advice.as_array().map(Vec::len), Some(0), "{advice}");
    fails(
        d,
        &["new", "photo.png", "-o", "x.ron", "--hairline", "bouffant"],
        "bouffant",
    );
}

#[test]
fn contact_sheet_fits_max_side_caption_included() {
    let dir = folder_with_photo();
    let d = dir.path();
    write_photo(d, "top.png", 500, 400);
    new(d, "p.ron", &[]);
    run(d, &["add-view", "p.ron", "top.png", "--name", "Top"]).expect_ok();
    for max in ["300", "700"] {
        let out = format!("sheet-{max}.png");
        run(
            d,
            &[
                "render",
                "p.ron",
                "-o",
                &out,
                "--layout",
                "contact-sheet",
                "--max-side",
                max,
            ],
        )
        .expect_ok();
        let sheet = read_png(&d.join(&out));
        let max: u32 = max.parse().expect("number");
        assert!(
            sheet.width().max(sheet.height()) <= max,
            "{:?}",
            sheet.dimensions()
        );
        assert!(
            sheet.width().max(sheet.height()) >= max - 2,
            "{:?}",
            sheet.dimensions()
        );
    }
}

#[test]
fn a_missing_view_photo_stops_before_anything_is_written() {
    let dir = folder_with_photo();
    let d = dir.path();
    write_photo(d, "top.png", 200, 200);
    new(d, "p.ron", &[]);
    run(d, &["add-view", "p.ron", "top.png", "--name", "Top"]).expect_ok();
    std::fs::remove_file(d.join("top.png")).expect("remove");
    fails(
        d,
        &["render", "p.ron", "-o", "out.png", "--all-views"],
        "top.png",
    );
    fails(
        d,
        &[
            "render",
            "p.ron",
            "-o",
            "sheet.png",
            "--layout",
            "contact-sheet",
        ],
        "top.png",
    );
    // The front view alone still renders.
    run(
        d,
        &["render", "p.ron", "-o", "front.png", "--view", "front"],
    )
    .expect_ok();
}
