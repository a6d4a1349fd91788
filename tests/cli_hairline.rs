//! `follicle new --hairline STYLE` on a front view: the hair (the pigment) lies above the line,
//! the forehead below it stays clear, for every style.

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
