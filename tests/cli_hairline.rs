//! Where `follicle new` puts the dots: with `--hairline STYLE` on a front view the hair (the
//! pigment) lies above the line and the forehead stays clear, for every style; with
//! `--region scalp` the head is covered and the backdrop is not.

mod common;

use std::path::Path;

use common::{follicle, read_png};
use follicle::engine::project::Project;

/// A front view: 200 × 160 mm at 5 px/mm.
const WIDTH: u32 = 1000;
const HEIGHT: u32 = 800;
const PPM: f32 = 5.0;

fn new_and_render(dir: &Path, name: &str, extra: &[&str]) -> image::RgbImage {
    let project = format!("{name}.ron");
    let mut args = vec![
        "new",
        "photo.png",
        "-o",
        &project,
        "--px-per-mm",
        "5",
        "--seed",
        "11",
    ];
    args.extend_from_slice(extra);
    follicle(dir, &args).expect_ok();
    let png = format!("{name}.png");
    follicle(dir, &["render", &project, "-o", &png, "--plain"]).expect_ok();
    read_png(&dir.join(png))
}

/// The height of `line` (a polyline) at photo x `x`, if the line spans it.
fn y_at(line: &[[f32; 2]], x: f32) -> Option<f32> {
    line.windows(2)
        .find(|w| (w[0][0] - x) * (w[1][0] - x) <= 0.0 && w[0][0] != w[1][0])
        .map(|w| {
            let t = (x - w[0][0]) / (w[1][0] - w[0][0]);
            w[0][1] + t * (w[1][1] - w[0][1])
        })
}

fn luma(p: &image::Rgb<u8>) -> f64 {
    0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])
}

#[test]
fn every_style_puts_the_hair_above_the_line_on_a_front_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    common::skin(WIDTH, HEIGHT, 7)
        .save(d.join("photo.png"))
        .expect("photo");
    let photo = read_png(&d.join("photo.png"));
    let full = new_and_render(d, "full", &[]);
    for style in ["natural", "straight", "widows-peak", "broken", "female"] {
        let styled = new_and_render(d, style, &["--hairline", style]);
        let project = Project::load(&d.join(format!("{style}.ron"))).expect("project");
        let hairline = project.view().layers[0]
            .hairline
            .clone()
            .expect("a hairline");
        let line = hairline.polyline();
        let (x0, x1) = line
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[0]), b.max(p[0])));
        // Well behind the fade (it wanders by up to the fade width) and well ahead of the strays.
        let behind = hairline.fade_mm * (1.0 + hairline.irregularity) * PPM + 3.0 * PPM;
        let ahead = 4.0 * PPM;
        // Darkening of the styled and the full-photo layer, summed above and below the line.
        let (mut above, mut above_full, mut below, mut below_full) = (0.0, 0.0, 0.0, 0.0);
        for x in (x0.ceil() as u32)..(x1.floor() as u32) {
            let Some(y_line) = y_at(&line, x as f32) else {
                continue;
            };
            for y in 0..HEIGHT {
                let yf = y as f32;
                let base = luma(photo.get_pixel(x, y));
                let dark = base - luma(styled.get_pixel(x, y));
                let dark_full = base - luma(full.get_pixel(x, y));
                if yf < y_line - behind {
                    above += dark;
                    above_full += dark_full;
                } else if yf > y_line + ahead {
                    below += dark;
                    below_full += dark_full;
                }
            }
        }
        assert!(
            above_full > 0.0 && below_full > 0.0,
            "{style}: nothing measured"
        );
        let (share_above, share_below) = (above / above_full, below / below_full);
        println!("{style}: above {share_above:.3}, below {share_below:.3}");
        assert!(
            share_above >= 0.8,
            "{style}: only {share_above:.3} of full coverage above the line"
        );
        assert!(
            share_below <= 0.05,
            "{style}: {share_below:.3} of full coverage below the line"
        );
    }
}

fn inside(points: &[[f32; 2]], x: f32, y: f32) -> bool {
    let mut inside = false;
    for i in 0..points.len() {
        let (a, b) = (points[i], points[(i + 1) % points.len()]);
        if (a[1] > y) != (b[1] > y) && x < a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]) {
            inside = !inside;
        }
    }
    inside
}

#[test]
fn region_scalp_covers_the_head_and_not_the_backdrop() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    std::fs::copy(sample.join("sample-scalp.jpg"), d.join("photo.jpg")).expect("copy");
    // The head's outline, traced by hand in the sample project.
    let traced = Project::load(&sample.join("sample.ron")).expect("sample project");
    let Some(follicle::engine::geometry::RegionOp::Polygon { points: head, .. }) =
        traced.view().layers[0].region.ops.first().cloned()
    else {
        panic!("the sample's region is its head outline");
    };
    let render = |name: &str, extra: &[&str]| {
        let project = format!("{name}.ron");
        let mut args = vec!["new", "photo.jpg", "-o", &project, "--px-per-mm", "12"];
        args.extend_from_slice(&["--seed", "4"]);
        args.extend_from_slice(extra);
        follicle(d, &args).expect_ok();
        let png = format!("{name}.png");
        follicle(d, &["render", &project, "-o", &png, "--plain"]).expect_ok();
        read_png(&d.join(png))
    };
    let photo = image::open(d.join("photo.jpg")).expect("photo").to_rgb8();
    let whole = render("whole", &[]);
    let scalp = render("scalp", &["--region", "scalp"]);
    // Well inside the outline is head, well outside it backdrop (40 px = 3.3 mm either way).
    let margin = 40.0;
    let around = |x: f32, y: f32, want: bool| {
        [
            (0.0, 0.0),
            (margin, 0.0),
            (-margin, 0.0),
            (0.0, margin),
            (0.0, -margin),
        ]
        .iter()
        .all(|(dx, dy)| inside(&head, x + dx, y + dy) == want)
    };
    let (mut head_dark, mut head_full, mut back_dark, mut back_full) = (0.0, 0.0, 0.0, 0.0);
    for y in (0..photo.height()).step_by(3) {
        for x in (0..photo.width()).step_by(3) {
            let (xf, yf) = (x as f32, y as f32);
            let base = luma(photo.get_pixel(x, y));
            let dark = base - luma(scalp.get_pixel(x, y));
            let full = base - luma(whole.get_pixel(x, y));
            if around(xf, yf, true) {
                head_dark += dark;
                head_full += full;
            } else if around(xf, yf, false) {
                back_dark += dark;
                back_full += full;
            }
        }
    }
    let (on_head, on_backdrop) = (head_dark / head_full, back_dark / back_full);
    println!("scalp region: head {on_head:.3}, backdrop {on_backdrop:.3} of the whole photo's");
    assert!(on_head >= 0.8, "the head keeps only {on_head:.3}");
    assert!(on_backdrop <= 0.05, "the backdrop gets {on_backdrop:.3}");

    // A close-up with no backdrop is refused, naming the photo.
    common::skin(400, 300, 7)
        .save(d.join("close.png"))
        .expect("photo");
    let run = follicle(d, &["new", "close.png", "-o", "c.ron", "--region", "scalp"]);
    assert!(!run.ok() && run.stderr.contains("close.png"), "{run:?}");
}
