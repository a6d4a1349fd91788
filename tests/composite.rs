//! Compositing: pigment sits in the skin, and every crop and scale gives the same picture.

use follicle::engine::colour::to_linear;
use follicle::engine::composite::{Pass, Skin, composite, resample};
use follicle::engine::optics::{DotShape, DotStyle, LayerLook, Needle, SkinOptics, dot_style};
use follicle::engine::pattern::{Candidate, Candidates, Uniform, candidates, select};
use follicle::engine::pigment::Stage;
use follicle::engine::units::View;
use image::{Rgb, RgbImage};

/// A healed dot of `dot_mm` (one tip's deposit) at `dilution` on a photo of `ppm` px/mm.
fn style_at(dot_mm: f32, dilution: f32, ppm: f64, needle: Needle) -> DotStyle {
    let look = LayerLook {
        dot_mm,
        dilution,
        size_jitter: 0.15,
        tone_jitter: 0.2,
        shape: DotShape {
            needle,
            ..DotShape::default()
        },
    };
    dot_style(&look, Stage::Healed, ppm, 1.0, 1.0, 7)
}

fn style(dot_mm: f32, dilution: f32) -> DotStyle {
    style_at(dot_mm, dilution, 10.0, Needle::RL1)
}

/// Composites one layer on fair skin optics at `ppm` px/mm.
fn draw(img: &mut RgbImage, view: View, dots: &Candidates, style: &DotStyle, ppm: f64) {
    let skin = Skin {
        optics: &SkinOptics::default(),
        px_per_mm: ppm,
        hair: None,
    };
    composite(img, view, &[Pass { dots, style }], skin);
}

fn skin(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([200 - (x % 7) as u8, 160 - (y % 5) as u8, 135])
    })
}

fn single(x: f32, y: f32) -> Candidates {
    Candidates {
        points: vec![Candidate {
            x,
            y,
            threshold: 0.0,
            key: 1,
        }],
        bands: vec![0, 1],
        band_height: 10_000.0,
        cap: 100.0,
    }
}

/// The darkest pixel (by green) and where it is: the centre of a lone dot, which a practitioner's
/// hand places a little off its pattern position.
fn darkest_at(img: &RgbImage) -> (Rgb<u8>, u32, u32) {
    let mut best = (Rgb([255, 255, 255]), 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if p.0[1] < best.0.0[1] {
            best = (*p, x, y);
        }
    }
    best
}

fn darkest(img: &RgbImage) -> Rgb<u8> {
    darkest_at(img).0
}

fn mean_linear(img: &RgbImage) -> [f64; 3] {
    let mut s = [0.0; 3];
    for p in img.pixels() {
        for (sum, &v) in s.iter_mut().zip(&p.0) {
            *sum += f64::from(to_linear(v));
        }
    }
    s.map(|v| v / f64::from(img.width() * img.height()))
}

#[test]
fn a_dot_darkens_the_skin_in_place_and_keeps_its_hue() {
    for base in [[230u8, 190, 170], [120, 80, 60], [60, 40, 30]] {
        let mut img = RgbImage::from_pixel(61, 61, Rgb(base));
        let default_look = style_at(0.165, 8.0, 10.0, Needle::RL3);
        draw(
            &mut img,
            View::FULL,
            &single(30.5, 30.5),
            &default_look,
            10.0,
        );
        let centre = darkest(&img).0;
        let corner = img.get_pixel(0, 0).0;
        assert_eq!(
            corner, base,
            "pixels outside the dot and its haze are untouched"
        );
        // Darker in every channel, by a similar factor in linear light (pigment under the skin,
        // not paint on it).
        let ratios: Vec<f32> = (0..3)
            .map(|c| to_linear(centre[c]) / to_linear(base[c]))
            .collect();
        assert!(ratios.iter().all(|&r| r < 0.75), "{base:?}: {ratios:?}");
        assert!((ratios[0] - ratios[1]).abs() < 0.2, "{base:?}: {ratios:?}");
        // Red stays the strongest channel over the dot as a whole: the dot takes the skin's
        // hue (only a saturated centre pixel may turn ash-grey, as dense pigment does).
        let darkened: Vec<[u8; 3]> = img
            .pixels()
            .map(|p| p.0)
            .filter(|p| to_linear(p[1]) < 0.9 * to_linear(base[1]))
            .collect();
        assert!(darkened.len() >= 9, "{base:?}: the dot covers pixels");
        let mean = |c: usize| {
            darkened.iter().map(|p| to_linear(p[c])).sum::<f32>() / darkened.len() as f32
        };
        assert!(mean(0) > mean(2), "{base:?}: {} vs {}", mean(0), mean(2));
    }
}

#[test]
fn dots_have_soft_antialiased_edges() {
    let mut img = RgbImage::from_pixel(41, 41, Rgb([220, 180, 160]));
    draw(
        &mut img,
        View::FULL,
        &single(20.5, 20.5),
        &style_at(0.3, 8.0, 30.0, Needle::RL1),
        30.0,
    );
    let (_, cx, cy) = darkest_at(&img);
    let row: Vec<u8> = (0..41).map(|x| img.get_pixel(x, cy).0[1]).collect();
    let distinct: std::collections::BTreeSet<u8> = row.iter().copied().collect();
    assert!(distinct.len() >= 5, "edge has intermediate levels: {row:?}");
    // Monotone from the rim to the centre, on both sides.
    let cx = cx as usize;
    for x in cx.saturating_sub(8)..cx {
        assert!(row[x] + 1 >= row[x + 1], "{row:?}");
    }
    for x in cx..(cx + 8).min(40) {
        assert!(row[x] <= row[x + 1] + 1, "{row:?}");
    }
}

#[test]
fn lighter_dilution_darkens_less() {
    let mut dark = skin(64, 64);
    let mut light = skin(64, 64);
    draw(
        &mut dark,
        View::FULL,
        &single(32.0, 32.0),
        &style(0.3, 6.0),
        10.0,
    );
    draw(
        &mut light,
        View::FULL,
        &single(32.0, 32.0),
        &style(0.3, 20.0),
        10.0,
    );
    assert!(darkest(&dark).0[1] + 15 < darkest(&light).0[1]);
}

#[test]
fn a_crop_is_exactly_the_same_region_of_the_full_image() {
    let photo = skin(600, 400);
    let all = candidates(3, 8.0, 600, 400, 300.0);
    let dots = select(&all, &Uniform(150.0));
    let st = style_at(0.165, 8.0, 8.0, Needle::RL3);
    let mut full = photo.clone();
    draw(&mut full, View::FULL, &dots, &st, 8.0);
    let (x0, y0, w, h) = (137u32, 91u32, 220u32, 170u32);
    let mut crop = image::imageops::crop_imm(&photo, x0, y0, w, h).to_image();
    draw(
        &mut crop,
        View {
            x0: f64::from(x0),
            y0: f64::from(y0),
            scale: 1.0,
        },
        &dots,
        &st,
        8.0,
    );
    assert_eq!(
        crop,
        image::imageops::crop_imm(&full, x0, y0, w, h).to_image()
    );
}

#[test]
fn a_preview_at_any_scale_matches_the_full_image_shrunk() {
    let photo = skin(800, 600);
    let all = candidates(8, 10.0, 800, 600, 300.0);
    let dots = select(&all, &Uniform(200.0));
    // Realistic dots agree within 2 %; huge overlapping ones (0.35 mm deposits) within 6 %.
    for (dot_mm, needle, scale, tolerance) in [
        (0.12f32, Needle::RL1, 0.25f64, 0.02),
        (0.165, Needle::RL3, 0.25, 0.02),
        (0.165, Needle::RL3, 0.5, 0.02),
        (0.35, Needle::RL1, 0.125, 0.06),
    ] {
        let st = style_at(dot_mm, 7.0, 10.0, needle);
        let radius = dot_mm;
        let mut full = photo.clone();
        draw(&mut full, View::FULL, &dots, &st, 10.0);
        let view = View {
            x0: 0.0,
            y0: 0.0,
            scale,
        };
        let (w, h) = ((800.0 * scale) as u32, (600.0 * scale) as u32);
        let shrunk = resample(&full, view, w, h);
        let mut preview = resample(&photo, view, w, h);
        draw(&mut preview, view, &dots, &st, 10.0);
        // Same average darkening (area-preserving coverage) and close pixel by pixel.
        let (a, b) = (mean_linear(&shrunk), mean_linear(&preview));
        for c in 0..3 {
            assert!(
                (a[c] / b[c] - 1.0).abs() < tolerance,
                "radius {radius} scale {scale}: {a:?} vs {b:?}"
            );
        }
        let diff: f64 = shrunk
            .pixels()
            .zip(preview.pixels())
            .map(|(p, q)| f64::from((i16::from(p.0[1]) - i16::from(q.0[1])).abs()))
            .sum::<f64>()
            / f64::from(w * h);
        assert!(
            diff < 300.0 * tolerance,
            "radius {radius} scale {scale}: mean |Δ| {diff}"
        );
    }
}

#[test]
fn compositing_is_deterministic_across_thread_counts() {
    let photo = skin(700, 900);
    let all = candidates(2, 10.0, 700, 900, 300.0);
    let dots = select(&all, &Uniform(250.0));
    let st = style_at(0.165, 8.0, 10.0, Needle::RL3);
    let mut a = photo.clone();
    draw(&mut a, View::FULL, &dots, &st, 10.0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut b = photo.clone();
    pool.install(|| draw(&mut b, View::FULL, &dots, &st, 10.0));
    assert_eq!(a, b);
}

#[test]
fn a_composite_leaves_nothing_behind_for_the_next() {
    // Each thread keeps its buffer of dot darkness between composites: a sparse scene drawn
    // straight after a dense one, on the same thread, must be what it is on a fresh thread.
    let photo = skin(400, 300);
    let all = candidates(4, 10.0, 400, 300, 300.0);
    let (dense, sparse) = (select(&all, &Uniform(300.0)), select(&all, &Uniform(20.0)));
    let st = style_at(0.165, 8.0, 10.0, Needle::RL3);
    let one_thread = || {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool")
    };
    let mut fresh = photo.clone();
    one_thread().install(|| draw(&mut fresh, View::FULL, &sparse, &st, 10.0));
    let mut after = photo.clone();
    one_thread().install(|| {
        draw(&mut photo.clone(), View::FULL, &dense, &st, 10.0);
        draw(&mut after, View::FULL, &sparse, &st, 10.0);
    });
    assert_ne!(fresh, photo, "the sparse dots show");
    assert_eq!(after, fresh);
}

#[test]
fn golden_tiny_mockup() {
    // A 48 × 32 skin patch at 4 px/mm, 200 impressions/cm² of a 3RL 0.30 mm needle at 6:1: the
    // exact pixels are pinned so that any change to the look is a deliberate one.
    let photo = RgbImage::from_pixel(48, 32, Rgb([205, 160, 135]));
    let all = candidates(1, 4.0, 48, 32, 300.0);
    let dots = select(&all, &Uniform(200.0));
    let mut img = photo.clone();
    draw(
        &mut img,
        View::FULL,
        &dots,
        &style_at(0.165, 6.0, 4.0, Needle::RL3),
        4.0,
    );
    let golden_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/tiny-mockup.png");
    if std::env::var_os("FOLLICLE_BLESS").is_some() {
        img.save(&golden_path).expect("write golden");
    }
    let golden = image::open(&golden_path)
        .expect("golden image (run with FOLLICLE_BLESS=1 to create)")
        .to_rgb8();
    assert_eq!(dots.points.len(), 197, "dot count of the golden scene");
    let changed = img
        .pixels()
        .zip(golden.pixels())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 0, "{changed} pixels of the mock-up changed");
}
