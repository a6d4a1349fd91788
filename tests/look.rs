//! The after image measured like photographs of real healed SMP (docs/LOOK.md): how much darker and
//! how much more ash the treated scalp is at viewing size, the haze between dots, the dots
//! themselves, shine, low-resolution photos, darker skin and matching the client's hair.

mod common;

use common::look::{Figures, figures, mean_srgb};
use follicle::engine::colour::{from_linear, linear_luminance, to_linear};
use follicle::engine::hair_match::{MatchError, match_hair};
use follicle::engine::optics::{Needle, deposit_mm};
use follicle::engine::project::{Layer, Project};
use follicle::engine::render::{PatternCache, Scene, render_full};
use follicle::engine::rng::{hash, unit_of};
use follicle::engine::skin::{SkinTone, sample_point};
use follicle::engine::units::Scale;
use follicle::testing::sample::skin_patch;
use image::{Rgb, RgbImage};

const FAIR: [u8; 3] = [214, 176, 150];
const BROWN: [u8; 3] = [150, 105, 80];
const DARK: [u8; 3] = [85, 58, 44];
/// Bare scalp on top of the head: pinker than the forehead.
const SCALP: [u8; 3] = [208, 152, 126];

/// `photo` treated by `layer` at `ppm` px/mm (skin read from the photo, as the app does).
fn treat(photo: &RgbImage, layer: Layer, ppm: f64) -> RgbImage {
    let mut project = Project::new("photo.png".into(), Scale::calibrated(ppm), 1);
    project.view_mut().layers = vec![layer];
    let scene = Scene::new(&project, photo, None, &mut PatternCache::default())
        .expect("the dots fit the budget");
    render_full(photo.clone(), &scene)
}

/// A new layer's look (the full shaved look) on a skin patch at 12 px/mm.
fn default_look(rgb: [u8; 3], seed: u64) -> Figures {
    let (w, h) = (600, 480);
    let photo = skin_patch(w, h, rgb, seed);
    let after = treat(&photo, Layer::whole("Density", seed), 12.0);
    figures(&photo, &after, [0, 0, w, h], 12.0)
}

#[test]
fn the_default_shaved_look_darkens_fair_scalp_like_healed_smp() {
    for seed in [2, 9] {
        let f = default_look(FAIR, seed);
        println!("fair seed {seed}: {f:?}");
        // Real healed SMP: about 20 % darker (12–21 % on the clinic pairs measured), red/blue
        // down about 12 %.
        assert!((0.10..=0.30).contains(&f.darkening), "{f:?}");
        assert!((-0.25..=-0.04).contains(&f.red_blue_change), "{f:?}");
        // The skin between dots greys too (photographs: up to about 13 %), less than on average.
        assert!((0.04..=0.16).contains(&f.haze), "{f:?}");
        assert!(f.haze < f.darkening, "{f:?}");
    }
}

#[test]
fn dots_measure_like_healed_smp_at_100_percent() {
    let f = default_look(FAIR, 4);
    println!("{f:?}");
    // Visible dots 75–115 per cm², nearest neighbour 0.7–0.85 mm, irregular spacing (0.21–0.28).
    assert!((75.0..=115.0).contains(&f.dots_per_cm2), "{f:?}");
    assert!((0.7..=0.85).contains(&f.nn_mm), "{f:?}");
    assert!((0.17..=0.3).contains(&f.nn_cv), "{f:?}");
    // About 0.32–0.40 mm at half darkness, slightly oval on scalp facing the camera.
    assert!((0.3..=0.42).contains(&f.spot_mm), "{f:?}");
    assert!((1.08..=1.45).contains(&f.aspect), "{f:?}");
    // Centres 18–45 % darker than the skin around them, varying from dot to dot.
    assert!((0.18..=0.45).contains(&f.centre_contrast), "{f:?}");
    assert!(f.centre_cv >= 0.15, "{f:?}");
}

#[test]
fn brown_and_dark_skin_show_the_dots_less_but_clearly() {
    let fair = default_look(FAIR, 3);
    for rgb in [BROWN, DARK] {
        let f = default_look(rgb, 3);
        println!("{rgb:?}: {f:?}");
        assert!((0.05..=0.30).contains(&f.darkening), "{rgb:?}: {f:?}");
        assert!(f.centre_contrast < fair.centre_contrast, "{rgb:?}: {f:?}");
    }
    let dark = default_look(DARK, 3);
    let brown = default_look(BROWN, 3);
    assert!(dark.centre_contrast < brown.centre_contrast);
}

#[test]
fn elongation_direction_and_variation_follow_the_settings() {
    let (w, h) = (600, 480);
    let photo = skin_patch(w, h, FAIR, 5);
    let measure = |edit: &dyn Fn(&mut Layer)| {
        let mut layer = Layer::whole("Density", 5);
        edit(&mut layer);
        let after = treat(&photo, layer, 12.0);
        figures(&photo, &after, [0, 0, w, h], 12.0)
    };
    let round = measure(&|l| {
        l.shape.elongation = 1.0;
        l.shape.needle = Needle::RL1;
    });
    let oval = measure(&|l| {
        l.shape.elongation = 1.4;
        l.shape.needle = Needle::RL1;
        l.shape.direction_spread_deg = 10.0;
    });
    println!("round {round:?}\noval {oval:?}");
    assert!(oval.aspect > round.aspect + 0.08, "{round:?} {oval:?}");
    // Aligned dots: their long axes gather around the set direction (round ones point anywhere).
    assert!(
        oval.direction_spread_deg < round.direction_spread_deg - 15.0,
        "{round:?} {oval:?}"
    );
    let even = measure(&|l| l.tone_jitter = 0.0);
    let varied = measure(&|l| l.tone_jitter = 0.6);
    println!("even {even:?}\nvaried {varied:?}");
    assert!(
        varied.centre_cv > even.centre_cv + 0.05,
        "{even:?} {varied:?}"
    );
}

/// A skin patch with a broad specular highlight (neutral light added in linear light) centred at
/// (cx, cy); returns the photo.
fn shiny(w: u32, h: u32, cx: f32, cy: f32, radius: f32) -> RgbImage {
    let mut photo = skin_patch(w, h, [200, 160, 135], 7);
    for (x, y, p) in photo.enumerate_pixels_mut() {
        let d2 = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)) / (radius * radius);
        let shine = 0.55 * (-d2).exp();
        for c in 0..3 {
            p.0[c] = from_linear(to_linear(p.0[c]) + shine);
        }
    }
    photo
}

#[test]
fn shine_stays_on_top_of_the_pigment() {
    let (w, h) = (500, 400);
    let photo = shiny(w, h, 250.0, 200.0, 60.0);
    let after = treat(&photo, Layer::whole("Density", 8), 12.0);
    // Relative darkening per pixel, in linear luminance, sorted by the photo's brightness.
    let mut pixels: Vec<(f32, f32)> = photo
        .pixels()
        .zip(after.pixels())
        .map(|(b, a)| {
            let (lb, la) = (
                linear_luminance(b.0.map(to_linear)),
                linear_luminance(a.0.map(to_linear)),
            );
            (lb, 1.0 - la / lb.max(1e-6))
        })
        .collect();
    pixels.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pixels.len();
    let mean = |s: &[(f32, f32)]| s.iter().map(|p| p.1).sum::<f32>() / s.len() as f32;
    let brightest = mean(&pixels[n - n / 100..]);
    let diffuse = mean(&pixels[n * 2 / 10..n * 6 / 10]);
    println!("brightest 1 %: {brightest:.3}, diffusely lit: {diffuse:.3}");
    assert!(
        diffuse > 0.1,
        "the dots darken the diffusely lit scalp: {diffuse}"
    );
    assert!(
        brightest <= 0.5 * diffuse,
        "in the highlight {brightest} vs {diffuse}"
    );
}

#[test]
fn a_low_resolution_photo_shows_haze_and_grain_not_pepper() {
    // 3 px/mm: a 0.35 mm dot is about one pixel.
    let (w, h) = (300, 240);
    let photo = RgbImage::from_pixel(w, h, Rgb(FAIR));
    let after = treat(&photo, Layer::whole("Density", 6), 3.0);
    let skin = linear_luminance(FAIR.map(to_linear));
    // Away from the photo's edges (no dots beyond them to haze them).
    let darkening: Vec<f32> = after
        .enumerate_pixels()
        .filter(|(x, y, _)| (10..w - 10).contains(x) && (10..h - 10).contains(y))
        .map(|(_, _, p)| 1.0 - linear_luminance(p.0.map(to_linear)) / skin)
        .collect();
    let mean = darkening.iter().sum::<f32>() / darkening.len() as f32;
    let darkest = darkening.iter().copied().fold(0.0f32, f32::max);
    let lightest = darkening.iter().copied().fold(1.0f32, f32::min);
    let var = darkening.iter().map(|d| (d - mean).powi(2)).sum::<f32>() / darkening.len() as f32;
    println!(
        "mean {mean:.3} darkest {darkest:.3} lightest {lightest:.3} sd {:.3}",
        var.sqrt()
    );
    // The same overall tone as at full resolution…
    let sharp = treat(
        &RgbImage::from_pixel(w * 4, h * 4, Rgb(FAIR)),
        Layer::whole("Density", 6),
        12.0,
    );
    let shrunk = follicle::engine::composite::resample(
        &sharp,
        follicle::engine::units::View {
            x0: 0.0,
            y0: 0.0,
            scale: 0.25,
        },
        w,
        h,
    );
    let sharp_mean = 1.0
        - linear_luminance(mean_srgb(&shrunk, [0, 0, w, h]).map(|v| to_linear(v.round() as u8)))
            / skin;
    assert!(
        (mean - sharp_mean).abs() < 0.2 * sharp_mean,
        "{mean} vs {sharp_mean} at full resolution"
    );
    // …as a haze with a faint grain: every pixel a little darker, none near black.
    assert!(
        lightest > 0.3 * mean,
        "skin between dots is hazed: {lightest} vs {mean}"
    );
    assert!(
        darkest < 2.5 * mean,
        "no black pepper: {darkest} vs mean {mean}"
    );
    assert!(var.sqrt() > 0.01, "still a grain, not a flat wash");
}

/// Skin with shaved stubble on the left half: short dark stubs (0.14 mm wide, 0.5–0.9 mm long, 110
/// per cm²) and the blue-grey follicle shadows under them; bare on the right.
fn half_stubble(w: u32, h: u32, ppm: f64) -> RgbImage {
    // A bare scalp is pinker than a forehead (photographs: red/blue about 1.6–2.0 in sRGB).
    let mut photo = skin_patch(w, h, SCALP, 11);
    // Dark hair shafts, and under the skin the blue-grey shadow of each follicle (what makes a
    // shaved head look grey from a distance).
    let hair = [46u8, 38, 34].map(to_linear);
    let follicle = [92u8, 96, 106].map(to_linear);
    // Follicles are spread evenly over the scalp: one stub per cell of a jittered grid.
    let cell = ppm / 1.1f64.sqrt();
    let (cols, rows) = (
        (f64::from(w / 2) / cell) as u64,
        (f64::from(h) / cell) as u64,
    );
    for k in 0..cols * rows {
        let r = |i: u64| unit_of(hash(&[11, k, i]));
        let (cx, cy) = (
            ((k % cols) as f64 + r(0)) * cell,
            ((k / cols) as f64 + r(1)) * cell,
        );
        let len = (0.5 + 0.4 * r(2)) * ppm;
        let angle = 1.2 + 0.6 * r(3);
        let half_width = 0.07 * ppm;
        let (dx, dy) = (angle.cos(), -angle.sin());
        let x0 = (cx - len).max(0.0) as u32;
        let y0 = (cy - len).max(0.0) as u32;
        for y in y0..((cy + len) as u32).min(h) {
            for x in x0..((cx + len) as u32).min(w / 2) {
                let (px, py) = (f64::from(x) + 0.5 - cx, f64::from(y) + 0.5 - cy);
                let along = px * dx + py * dy;
                let across = (-px * dy + py * dx).abs();
                let cover = if (0.0..len).contains(&along) {
                    (1.0 - (across - half_width).max(0.0) / 0.8).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                // The follicle shadow under the stub's root, a little wider.
                let root = ((-(px * px + py * py) / (0.22 * ppm).powi(2)).exp() * 0.75) as f32;
                let stub = cover as f32;
                if stub > 0.0 || root > 0.01 {
                    let p = photo.get_pixel_mut(x, y);
                    for c in 0..3 {
                        let skin = to_linear(p.0[c]) * (1.0 - root) + follicle[c] * root;
                        p.0[c] = from_linear(skin * (1.0 - stub) + hair[c] * stub);
                    }
                }
            }
        }
    }
    photo
}

/// Mean linear colour over a rectangle: what the eye sees from a distance.
fn mean_linear(img: &RgbImage, rect: [u32; 4]) -> [f32; 3] {
    let mut sum = [0.0f64; 3];
    for y in rect[1]..rect[3] {
        for x in rect[0]..rect[2] {
            for (s, v) in sum.iter_mut().zip(img.get_pixel(x, y).0) {
                *s += f64::from(to_linear(v));
            }
        }
    }
    let n = f64::from((rect[2] - rect[0]) * (rect[3] - rect[1]));
    sum.map(|s| (s / n) as f32)
}

#[test]
fn matching_the_clients_stubble_makes_bare_scalp_read_like_it() {
    let (w, h, ppm) = (480u32, 360u32, 12.0);
    let photo = half_stubble(w, h, ppm);
    let stubble = mean_linear(&photo, [20, 20, w / 2 - 20, h - 20]);
    let bare = mean_linear(&photo, [w / 2 + 20, 20, w - 20, h - 20]);
    let skin = sample_point(&photo, w * 3 / 4, h / 2, 12).expect("skin");
    let mut layer = Layer::whole("Density", 21);
    let found = match_hair(&photo, [120.0, 180.0], ppm, &skin, &mut layer).expect("match");
    println!(
        "matched {found:?}: {} {:.2} mm {}/cm² {}:1",
        layer.shape.needle.label(),
        layer.dot_mm / 0.55,
        layer.density,
        layer.dilution
    );
    assert!(found.note.is_none(), "stubble is not long hair");
    // Treat the bare half and compare it with the stubble.
    layer.region = follicle::engine::geometry::Region {
        whole: false,
        ops: vec![follicle::engine::geometry::RegionOp::Polygon {
            points: vec![
                [w as f32 / 2.0, 0.0],
                [w as f32, 0.0],
                [w as f32, h as f32],
                [w as f32 / 2.0, h as f32],
            ],
            feather_mm: 0.0,
        }],
    };
    let after = treat(&photo, layer, ppm);
    let rect = [w / 2 + 20, 20, w - 20, h - 20];
    let treated = mean_linear(&after, rect);
    let gap = |a: [f32; 3], b: [f32; 3]| (0..3).map(|c| (a[c] - b[c]).powi(2)).sum::<f32>().sqrt();
    let (before_gap, after_gap) = (gap(bare, stubble), gap(treated, stubble));
    let srgb_rb = |c: [f32; 3]| f32::from(from_linear(c[0])) / f32::from(from_linear(c[2]));
    println!(
        "stubble {stubble:?} (r/b {:.2}) bare {bare:?} ({:.2}) treated {treated:?} ({:.2}): \
         {before_gap:.4} → {after_gap:.4}",
        srgb_rb(stubble),
        srgb_rb(bare),
        srgb_rb(treated)
    );
    assert!(
        after_gap <= 0.25 * before_gap,
        "{after_gap} vs {before_gap}"
    );
    // A dotted texture, not a flat wash: the treated skin varies far more than the bare skin.
    let spread = |img: &RgbImage| {
        let values: Vec<f32> = (rect[1]..rect[3])
            .flat_map(|y| (rect[0]..rect[2]).map(move |x| (x, y)))
            .map(|(x, y)| linear_luminance(img.get_pixel(x, y).0.map(to_linear)))
            .collect();
        let m = values.iter().sum::<f32>() / values.len() as f32;
        (values.iter().map(|v| (v - m).powi(2)).sum::<f32>() / values.len() as f32).sqrt() / m
    };
    assert!(
        spread(&after) > 3.0 * spread(&photo),
        "{} vs {}",
        spread(&after),
        spread(&photo)
    );
}

#[test]
fn matching_bare_skin_or_a_point_outside_is_refused_and_long_hair_is_noted() {
    let (w, h, ppm) = (480u32, 360u32, 12.0);
    let photo = half_stubble(w, h, ppm);
    let skin = sample_point(&photo, w * 3 / 4, h / 2, 12).expect("skin");
    let mut layer = Layer::whole("Density", 21);
    let untouched = layer.clone();
    assert_eq!(
        match_hair(&photo, [400.0, 180.0], ppm, &skin, &mut layer),
        Err(MatchError::NotHair)
    );
    assert!(matches!(
        match_hair(&photo, [-3.0, 900.0], ppm, &skin, &mut layer),
        Err(MatchError::Outside(..))
    ));
    assert_eq!(layer, untouched, "a refused match changes nothing");
    // Long dark hair covering the skin: matched to its shaved look, and said so.
    let mut hairy = photo.clone();
    for y in 100..260 {
        for x in 40..200 {
            hairy.put_pixel(x, y, Rgb([40, 30, 25]));
        }
    }
    let found = match_hair(&hairy, [120.0, 180.0], ppm, &skin, &mut layer).expect("match");
    assert!(
        found.note.as_deref().is_some_and(|n| n.contains("shaved")),
        "{found:?}"
    );
    let hair_lum = linear_luminance(found.hair.map(to_linear));
    assert!(
        hair_lum > linear_luminance([40u8, 30, 25].map(to_linear)) * 2.0,
        "{found:?}"
    );
    let _ = SkinTone::from_srgb(found.skin);
    assert!(layer.dot_mm >= deposit_mm(0.18));
}

#[test]
fn a_whole_scalp_of_treatment_never_visibly_repeats() {
    // 300 × 300 mm of full coverage rendered with the real look at 3 px/mm (viewing size of a
    // large photo), for two seeds: no shift beyond 5 mm correlates above 0.3.
    let ppm = 3.0;
    let n = 900u32;
    for seed in [3, 17] {
        let photo = RgbImage::from_pixel(n, n, Rgb(FAIR));
        let after = treat(&photo, Layer::whole("Density", seed), ppm);
        let luminance: Vec<f32> = after
            .pixels()
            .map(|p| linear_luminance(p.0.map(to_linear)))
            .collect();
        let (peak, at) =
            follicle::engine::pattern::image_autocorrelation_peak(&luminance, n as usize, ppm, 5.0);
        println!("seed {seed}: peak {peak:.3} at {at:?} mm");
        assert!(peak < 0.3, "seed {seed}: {peak} at {at:?} mm");
    }
}
