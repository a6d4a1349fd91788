//! Prints what the built-in presets' mock-ups measure on synthetic skin (fair, brown, dark) against
//! photographs of healed SMP (docs/LOOK.md), and writes before/after crops for looking at.
//!
//! `cargo run --release --example look_figures [OUT_FOLDER]`

#[path = "../tests/common/look.rs"]
mod look;

use std::path::PathBuf;

use follicle::engine::presets::built_in;
use follicle::engine::project::Project;
use follicle::engine::render::{PatternCache, Scene, render_full};
use follicle::engine::units::Scale;
use follicle::testing::sample::skin_patch;

fn main() {
    let out = std::env::args().nth(1).map(PathBuf::from);
    let ppm = 12.0;
    let (w, h) = (600u32, 480u32);
    let skins = [
        ("fair", [214u8, 176, 150]),
        ("brown", [150, 105, 80]),
        ("dark", [85, 58, 44]),
    ];
    println!(
        "{:<22} {:<6} {:>6} {:>7} {:>6} {:>6} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6}",
        "preset",
        "skin",
        "dark%",
        "r/b%",
        "haze%",
        "dots",
        "nn",
        "nnCV",
        "spot",
        "asp",
        "ctr%",
        "ctrCV"
    );
    for preset in built_in() {
        for (name, rgb) in skins {
            let photo = skin_patch(w, h, rgb, 3);
            let mut project = Project::new("patch.png".into(), Scale::calibrated(ppm), 11);
            preset.apply(&mut project.view_mut().layers[0], None);
            project.view_mut().layers[0].hairline = None;
            project.view_mut().layers[0].avoid_hair = false;
            let scene = Scene::new(&project, &photo, None, &mut PatternCache::default())
                .expect("a skin patch is within the dot budget");
            let after = render_full(photo.clone(), &scene);
            let f = look::figures(&photo, &after, [0, 0, w, h], ppm);
            println!(
                "{:<22} {:<6} {:>6.1} {:>7.1} {:>6.1} {:>6.0} {:>5.2} {:>5.2} {:>5.2} {:>5.2} {:>6.1} {:>6.2}",
                preset.name,
                name,
                100.0 * f.darkening,
                100.0 * f.red_blue_change,
                100.0 * f.haze,
                f.dots_per_cm2,
                f.nn_mm,
                f.nn_cv,
                f.spot_mm,
                f.aspect,
                100.0 * f.centre_contrast,
                f.centre_cv
            );
            if let Some(dir) = &out {
                let _ = std::fs::create_dir_all(dir);
                let slug = follicle::engine::files::file_slug(&preset.name).unwrap_or_default();
                let pair = side_by_side(&photo, &after);
                let _ = pair.save(dir.join(format!("{slug}-{name}.png")));
            }
        }
    }
}

fn side_by_side(a: &image::RgbImage, b: &image::RgbImage) -> image::RgbImage {
    let mut out = image::RgbImage::new(a.width() * 2 + 8, a.height());
    image::imageops::replace(&mut out, a, 0, 0);
    image::imageops::replace(&mut out, b, i64::from(a.width() + 8), 0);
    out
}
