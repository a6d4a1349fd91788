//! Realism measured on rendered pixels: healing stages, sessions, thinning hair and scars.

use std::sync::Arc;

use follicle::engine::colour::to_linear;
use follicle::engine::geometry::{Scar, ScarShape};
use follicle::engine::hair::{HairMask, detect_hair};
use follicle::engine::optics::SkinOptics;
use follicle::engine::pigment::Stage;
use follicle::engine::project::{Layer, Project};
use follicle::engine::render::{
    LayerDots, PatternCache, Previewer, Scene, layer_dots, render_full,
};
use follicle::engine::units::{Scale, View};
use image::{Rgb, RgbImage};

const SKIN: [u8; 3] = [214, 176, 150];
const PPM: f64 = 20.0;
const W: u32 = 600;
const H: u32 = 400;

fn plain_skin() -> RgbImage {
    RgbImage::from_pixel(W, H, Rgb(SKIN))
}

fn project(layers: Vec<Layer>) -> Project {
    let mut p = Project::new("skin.png".into(), Scale::calibrated(PPM), 1);
    p.view_mut().layers = layers;
    p
}

fn layer(seed: u64, density: f32) -> Layer {
    Layer {
        density,
        dot_mm: 0.15,
        dilution: 8.0,
        size_jitter: 0.0,
        tone_jitter: 0.0,
        ..Layer::whole("Test", seed)
    }
}

fn render(project: &Project, photo: &RgbImage) -> RgbImage {
    let dots = layer_dots(project, W, H, None, &mut PatternCache::default())
        .expect("the dots fit the budget");
    draw(photo, dots)
}

/// The layers' dots composited on fair skin.
fn draw(photo: &RgbImage, layers: Vec<LayerDots>) -> RgbImage {
    draw_over_hair(photo, layers, None)
}

/// The same, with the hair found in the photo lying over the skin.
fn draw_over_hair(
    photo: &RgbImage,
    layers: Vec<LayerDots>,
    hair: Option<Arc<HairMask>>,
) -> RgbImage {
    let scene = Scene {
        layers,
        optics: SkinOptics::default(),
        px_per_mm: PPM,
        hair,
    };
    render_full(photo.clone(), &scene)
}

fn luminance(p: &Rgb<u8>) -> f32 {
    0.2126 * to_linear(p[0]) + 0.7152 * to_linear(p[1]) + 0.0722 * to_linear(p[2])
}

/// Total light taken away from the skin (linear luminance summed over pixels).
fn darkness(image: &RgbImage, photo: &RgbImage) -> f64 {
    image
        .pixels()
        .zip(photo.pixels())
        .map(|(a, b)| f64::from((luminance(b) - luminance(a)).max(0.0)))
        .sum()
}

/// Pixels that read as a dot: at least 25 % darker than the skin.
fn dot_pixels(image: &RgbImage) -> usize {
    let skin = luminance(&Rgb(SKIN));
    image
        .pixels()
        .filter(|p| luminance(p) < 0.75 * skin)
        .count()
}

fn dot_count(project: &Project) -> usize {
    layer_dots(project, W, H, None, &mut PatternCache::default())
        .expect("the dots fit the budget")
        .iter()
        .map(|l| l.dots.points.len())
        .sum()
}

#[test]
fn healed_dots_are_smaller_and_lighter_than_fresh_and_aged_lighter_still() {
    let photo = plain_skin();
    let mut p = project(vec![layer(3, 60.0)]);
    let mut measure = |stage| {
        p.stage = stage;
        let image = render(&p, &photo);
        (dot_pixels(&image), darkness(&image, &photo))
    };
    let (fresh_px, fresh_dark) = measure(Stage::Fresh);
    let (healed_px, healed_dark) = measure(Stage::Healed);
    let (aged_px, aged_dark) = measure(Stage::Aged);
    // Same dots in every stage; a healed deposit is about 0.6× the fresh diameter, and on the day
    // the deposits are near black with the skin around them reddened: much more of the skin
    // reads dark than once healed.
    let area_ratio = healed_px as f64 / fresh_px as f64;
    assert!(
        (0.1..0.6).contains(&area_ratio),
        "healed/fresh dark area {area_ratio:.2} ({healed_px} / {fresh_px})"
    );
    assert!(
        healed_dark < 0.6 * fresh_dark,
        "{healed_dark} vs {fresh_dark}"
    );
    assert!(
        aged_dark < 0.85 * healed_dark,
        "{aged_dark} vs {healed_dark}"
    );
    assert!(aged_px < healed_px, "{aged_px} vs {healed_px}");
}

#[test]
fn fresh_dots_have_a_faint_redness_around_them() {
    let photo = plain_skin();
    let mut p = project(vec![layer(3, 40.0)]);
    let dots =
        layer_dots(&p, W, H, None, &mut PatternCache::default()).expect("the dots fit the budget");
    let centres: Vec<(f32, f32)> = dots[0].dots.points.iter().map(|c| (c.x, c.y)).collect();
    let ring_ratio = |image: &RgbImage| {
        // Red over green in a ring 1.5–3 fresh radii from each centre (outside the core).
        let r = (0.15 / 0.6 * PPM / 2.0) as f32;
        let (mut red, mut green) = (0.0f64, 0.0f64);
        for &(cx, cy) in &centres {
            for dy in -8i32..=8 {
                for dx in -8i32..=8 {
                    let d = ((dx * dx + dy * dy) as f32).sqrt();
                    let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                    if d < 1.2 * r
                        || d > 2.2 * r
                        || x < 0
                        || y < 0
                        || x >= W as i32
                        || y >= H as i32
                    {
                        continue;
                    }
                    let px = image.get_pixel(x as u32, y as u32);
                    red += f64::from(to_linear(px[0]));
                    green += f64::from(to_linear(px[1]));
                }
            }
        }
        red / green
    };
    let skin_ratio = f64::from(to_linear(SKIN[0])) / f64::from(to_linear(SKIN[1]));
    p.stage = Stage::Fresh;
    let fresh = ring_ratio(&render(&p, &photo));
    p.stage = Stage::Healed;
    let healed = ring_ratio(&render(&p, &photo));
    assert!(
        fresh > skin_ratio * 1.03,
        "fresh ring R/G {fresh:.3}, skin {skin_ratio:.3}"
    );
    assert!(
        fresh > healed * 1.03,
        "fresh {fresh:.3} vs healed {healed:.3}"
    );
    // Faint: still skin, not a red blotch.
    assert!(fresh < skin_ratio * 1.4, "fresh ring R/G {fresh:.3}");
}

#[test]
fn later_sessions_fill_the_gaps_between_earlier_dots() {
    let first = layer(9, 50.0);
    let mut second = first.next_session();
    second.density = 40.0;
    let p = project(vec![first.clone(), second.clone()]);
    let dots =
        layer_dots(&p, W, H, None, &mut PatternCache::default()).expect("the dots fit the budget");
    let (a, b) = (&dots[0].dots.points, &dots[1].dots.points);
    let area_cm2 = f64::from(W) * f64::from(H) / (PPM * PPM) / 100.0;
    assert!(
        (a.len() as f64 / area_cm2 - 50.0).abs() < 50.0 * 0.08,
        "{}",
        a.len()
    );
    assert!(
        (b.len() as f64 / area_cm2 - 40.0).abs() < 40.0 * 0.1,
        "{}",
        b.len()
    );
    // Together they are the 90/cm² pattern: no session-2 dot sits on or next to a session-1 dot
    // (closer than 0.6 of the 90/cm² hexagonal spacing).
    let spacing_px = (2.0 / (3f64.sqrt() * 0.9)).sqrt() * PPM;
    for q in b {
        for p in a {
            let d = f64::from(((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt());
            assert!(d > 0.6 * spacing_px, "session dots {d:.1} px apart");
        }
    }
    // After session 1 only the first layer shows; the second session is darker per dot.
    let mut after_one = p.clone();
    after_one.session = Some(1);
    assert_eq!(dot_count(&after_one), a.len());
    assert!(dots[1].style.peak > dots[0].style.peak);
    // A plan split into 3 sessions keeps the total density and starts lighter.
    let plan = Layer::split_into_sessions(&layer(4, 120.0), 3);
    let total: f32 = plan.iter().map(|l| l.density).sum();
    assert!((total - 120.0).abs() < 1e-3);
    assert!(plan[0].dilution > plan[1].dilution && plan[1].dilution >= plan[2].dilution);
    assert!(plan[0].density > plan[1].density && plan[1].density > plan[2].density);
    let mut counts = Vec::new();
    for s in 1..=3 {
        let mut q = project(plan.clone());
        q.session = Some(s);
        counts.push(dot_count(&q));
    }
    assert!(counts[0] < counts[1] && counts[1] < counts[2], "{counts:?}");
}

#[test]
fn fresh_stage_after_a_later_session_shows_earlier_sessions_healed() {
    let first = layer(9, 50.0);
    let second = first.next_session();
    let mut p = project(vec![first, second]);
    p.stage = Stage::Fresh;
    let dots =
        layer_dots(&p, W, H, None, &mut PatternCache::default()).expect("the dots fit the budget");
    assert!(dots[1].style.width > dots[0].style.width * 1.15);
    assert!(dots[1].style.redness > 0.0 && dots[0].style.redness == 0.0);
}

/// Skin with dark vertical hairs 2 px wide every 14 px.
fn hairy_photo() -> (RgbImage, Vec<bool>) {
    let mut img = plain_skin();
    let mut hair = vec![false; (W * H) as usize];
    for y in 0..H {
        for x in 0..W {
            let wave = ((f64::from(y) / 37.0).sin() * 2.0) as i64;
            if (i64::from(x) + wave).rem_euclid(14) < 2 {
                img.put_pixel(x, y, Rgb([45, 32, 25]));
                hair[(y * W + x) as usize] = true;
            }
        }
    }
    (img, hair)
}

#[test]
fn thinning_mode_keeps_pigment_off_hair_and_dots_the_scalp_between() {
    let (photo, truth) = hairy_photo();
    let mut thinning = layer(5, 120.0);
    thinning.avoid_hair = true;
    let p = project(vec![thinning.clone()]);
    let hair = detect_hair(&photo, PPM, &p.view().hair);
    let dots = layer_dots(&p, W, H, Some(&hair), &mut PatternCache::default())
        .expect("the dots fit the budget");
    let kept = dots[0].dots.points.len();
    let out = draw_over_hair(&photo, dots, Some(Arc::new(hair.clone())));
    // Pigment per pixel on hair vs on scalp.
    let (mut on_hair, mut n_hair, mut on_skin, mut n_skin) = (0.0f64, 0usize, 0.0f64, 0usize);
    for (i, (a, b)) in out.pixels().zip(photo.pixels()).enumerate() {
        let loss = f64::from((luminance(b) - luminance(a)).max(0.0) / luminance(b).max(1e-4));
        if truth[i] {
            on_hair += loss;
            n_hair += 1;
        } else {
            on_skin += loss;
            n_skin += 1;
        }
    }
    let (hair_mean, skin_mean) = (on_hair / n_hair as f64, on_skin / n_skin as f64);
    assert!(
        skin_mean > 0.01,
        "scalp got too little pigment: {skin_mean}"
    );
    assert!(
        hair_mean < 0.1 * skin_mean,
        "hair {hair_mean} vs scalp {skin_mean}"
    );
    // The same layer without hair avoidance darkens hair and scalp alike.
    let full = project(vec![Layer {
        avoid_hair: false,
        ..thinning
    }]);
    let all = layer_dots(&full, W, H, None, &mut PatternCache::default())
        .expect("the dots fit the budget");
    let total = all[0].dots.points.len();
    let free = truth.iter().filter(|h| !**h).count() as f64 / truth.len() as f64;
    // The scalp between the hairs keeps its dots: the kept share is near the free share (the
    // clearance around each hair takes a little more).
    let share = kept as f64 / total as f64;
    assert!(
        share > free * 0.7 && share < free + 0.02,
        "kept {share:.2}, free {free:.2}"
    );
    // The app's previewer detects hair itself and gives the same count.
    let mut previewer = Previewer::default();
    let preview = previewer
        .render(&p, &Arc::new(photo), View::FULL, [W, H])
        .expect("the dots fit the budget");
    assert_eq!(preview.counts, vec![kept]);
}

#[test]
fn strip_and_dot_scars_follow_their_geometry_and_take_less_pigment() {
    let photo = plain_skin();
    let strip = ScarShape::Strip {
        points: vec![[50.0, 200.0], [550.0, 220.0]],
        width_mm: 4.0,
        widths_mm: Vec::new(),
    };
    let scar_layer = |shape: ScarShape, retention: f32| Layer {
        scar: Some(Scar {
            shape,
            retention,
            unevenness: 0.5,
            camouflage: false,
        }),
        ..layer(8, 150.0)
    };
    let p = project(vec![scar_layer(strip.clone(), 0.6)]);
    let dots =
        layer_dots(&p, W, H, None, &mut PatternCache::default()).expect("the dots fit the budget");
    let points = &dots[0].dots.points;
    assert!(points.len() > 50, "{}", points.len());
    let half = (4.0 / 2.0 * PPM) as f32;
    for c in points {
        // Distance to the line from (50, 200) to (550, 220).
        let (dx, dy) = (500.0f32, 20.0f32);
        let t = (((c.x - 50.0) * dx + (c.y - 200.0) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        let d = ((50.0 + t * dx - c.x).powi(2) + (200.0 + t * dy - c.y).powi(2)).sqrt();
        assert!(
            d <= half + 0.6 * PPM as f32,
            "dot {d:.1} px from the scar line"
        );
    }
    // Lower retention: fewer and lighter dots than full retention on the same strip.
    let full = project(vec![scar_layer(strip, 1.0)]);
    let out_low = render(&p, &photo);
    let out_full = render(&full, &photo);
    assert!(darkness(&out_low, &photo) < 0.75 * darkness(&out_full, &photo));
    // FUE dot scars: dots only in the small discs.
    let centres = vec![[100.0, 100.0], [300.0, 250.0], [480.0, 90.0]];
    let fue = project(vec![scar_layer(
        ScarShape::Dots {
            centres: centres.clone(),
            diameter_mm: 2.0,
        },
        0.8,
    )]);
    let dots = layer_dots(&fue, W, H, None, &mut PatternCache::default())
        .expect("the dots fit the budget");
    assert!(!dots[0].dots.points.is_empty());
    for c in &dots[0].dots.points {
        let near = centres
            .iter()
            .map(|p| ((p[0] - c.x).powi(2) + (p[1] - c.y).powi(2)).sqrt())
            .fold(f32::MAX, f32::min);
        assert!(near <= 1.0 * PPM as f32 + 0.6 * PPM as f32, "{near}");
    }
}

#[test]
fn healed_dots_keep_unevenly_while_fresh_ones_are_even() {
    // Jitter off in the layer: any spread in dot darkness comes from the stage.
    let photo = plain_skin();
    let mut p = project(vec![layer(3, 30.0)]);
    let mut spread = |stage| {
        p.stage = stage;
        let dots = layer_dots(&p, W, H, None, &mut PatternCache::default())
            .expect("the dots fit the budget");
        let centres = dots[0].dots.points.clone();
        let image = draw(&photo, dots);
        // The darkest pixel at each dot (placed by hand within a few pixels of its pattern
        // position), relative to the skin.
        let depth: Vec<f64> = centres
            .iter()
            .filter(|c| c.x > 9.0 && c.y > 9.0 && c.x < (W - 9) as f32 && c.y < (H - 9) as f32)
            .map(|c| {
                let mut darkest = f32::MAX;
                for dy in -8..=8 {
                    for dx in -8..=8 {
                        let px =
                            image.get_pixel((c.x as i32 + dx) as u32, (c.y as i32 + dy) as u32);
                        darkest = darkest.min(luminance(px));
                    }
                }
                f64::from(1.0 - darkest / luminance(&Rgb(SKIN)))
            })
            .collect();
        let mean = depth.iter().sum::<f64>() / depth.len() as f64;
        let var = depth.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / depth.len() as f64;
        var.sqrt() / mean
    };
    let fresh = spread(Stage::Fresh);
    let healed = spread(Stage::Healed);
    let aged = spread(Stage::Aged);
    assert!(
        healed > fresh + 0.02,
        "healed {healed:.3} vs fresh {fresh:.3}"
    );
    assert!(aged > fresh + 0.02, "aged {aged:.3} vs fresh {fresh:.3}");
}
