//! Scar camouflage measured on rendered pixels: a synthetic scalp with a lighter strip scar whose
//! width varies along its line, treated with the full shaved look and the scar camouflage preset,
//! seen at viewing size (blurred as from arm's length).

use follicle::engine::colour::to_linear;
use follicle::engine::geometry::{RegionOp, Scar, ScarShape};
use follicle::engine::optics::SkinOptics;
use follicle::engine::presets::find;
use follicle::engine::project::{Layer, Project};
use follicle::engine::render::{
    FieldCache, PatternCache, ScarLight, Scene, layer_dots_cached, render_full,
};
use follicle::engine::units::Scale;
use follicle::testing::sample::skin_patch;
use image::{Rgb, RgbImage};

const PPM: f64 = 10.0;
const W: u32 = 640;
const H: u32 = 400;
/// The strip scar: a line across the photo, 3 mm wide at its left end, 8 mm in the middle and
/// 5 mm at its right end.
const LINE: [[f32; 2]; 3] = [[40.0, 200.0], [320.0, 190.0], [600.0, 210.0]];
const WIDTHS: [f32; 3] = [3.0, 8.0, 5.0];
/// How much brighter the scar is than the scalp (sRGB values).
const LIGHTER: f32 = 1.2;
/// Viewing size: a Gaussian of this σ, mm (what a viewer at arm's length resolves).
const VIEW_SIGMA_MM: f64 = 1.25;

/// Distance from (x, y) to the scar line and the scar's half width there, pixels.
fn to_line(x: f32, y: f32) -> (f32, f32) {
    let mut best = (f32::MAX, 0.0);
    for i in 1..LINE.len() {
        let (a, b) = (LINE[i - 1], LINE[i]);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let t = (((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        let d = ((a[0] + t * dx - x).powi(2) + (a[1] + t * dy - y).powi(2)).sqrt();
        if d < best.0 {
            let half = (WIDTHS[i - 1] + (WIDTHS[i] - WIDTHS[i - 1]) * t) / 2.0 * PPM as f32;
            best = (d, half);
        }
    }
    best
}

/// A textured scalp of colour `skin` with the lighter strip scar (its edge soft over 1 mm).
fn scarred_scalp(skin: [u8; 3]) -> RgbImage {
    let mut img = skin_patch(W, H, skin, 11);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (d, half) = to_line(x as f32 + 0.5, y as f32 + 0.5);
        let inside = ((half - d) / PPM as f32 + 0.5).clamp(0.0, 1.0);
        let gain = 1.0 + (LIGHTER - 1.0) * inside;
        *p = Rgb(p.0.map(|v| (f32::from(v) * gain).round().min(255.0) as u8));
    }
    img
}

fn strip() -> ScarShape {
    ScarShape::Strip {
        points: LINE.to_vec(),
        width_mm: 5.0,
        widths_mm: WIDTHS.to_vec(),
    }
}

/// How the scalp around the scar is treated.
#[derive(Clone, Copy, Debug)]
enum Around {
    /// The full shaved look over the whole photo, scar included; the scar layer on top.
    Over,
    /// The full shaved look around the scar only (erased along the strip, 0.5 mm beyond its
    /// edge); the scar layer alone over it.
    CutOut,
}

/// The full shaved look (its dots leaning at 60°) and the scar camouflage preset over the strip.
fn treated(camouflage: bool, around: Around) -> Project {
    let mut p = Project::new("scalp.png".into(), Scale::calibrated(PPM), 1);
    let mut base = Layer::whole("Shaved look", 5);
    find("shaved-look", &[])
        .expect("built in")
        .apply(&mut base, None);
    base.shape.direction_deg = 60.0;
    if let Around::CutOut = around {
        // Short erasures whose radius follows the strip's width.
        for i in 1..LINE.len() {
            let (a, b) = (LINE[i - 1], LINE[i]);
            for k in 0..20 {
                let (t0, t1) = (k as f32 / 20.0, (k + 1) as f32 / 20.0);
                let at = |t: f32| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
                let half = (WIDTHS[i - 1] + (WIDTHS[i] - WIDTHS[i - 1]) * (t0 + t1) / 2.0) / 2.0;
                base.region.ops.push(RegionOp::Erase {
                    points: vec![at(t0), at(t1)],
                    radius_mm: half + 0.5,
                    softness: 0.2,
                });
            }
        }
    }
    let mut scar = Layer::whole("Scar", 9);
    find("scar-camouflage", &[])
        .expect("built in")
        .apply(&mut scar, None);
    scar.scar = Some(Scar {
        camouflage,
        ..Scar::new(strip())
    });
    p.view_mut().layers = vec![base, scar];
    p
}

/// The image in linear light blurred by a Gaussian of `sigma` pixels (separable), as luminance.
fn viewing_luminance(img: &RgbImage, sigma: f64) -> Vec<f32> {
    let (w, h) = (img.width() as usize, img.height() as usize);
    let lum: Vec<f32> = img
        .pixels()
        .map(|p| 0.2126 * to_linear(p[0]) + 0.7152 * to_linear(p[1]) + 0.0722 * to_linear(p[2]))
        .collect();
    let r = (3.0 * sigma).ceil() as i64;
    let kernel: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f64 / (2.0 * sigma * sigma)).exp() as f32)
        .collect();
    let pass = |src: &[f32], horizontal: bool| -> Vec<f32> {
        let mut out = vec![0.0f32; w * h];
        for y in 0..h {
            for x in 0..w {
                let (mut sum, mut weight) = (0.0, 0.0);
                for (k, kv) in kernel.iter().enumerate() {
                    let o = k as i64 - r;
                    let (sx, sy) = if horizontal {
                        (x as i64 + o, y as i64)
                    } else {
                        (x as i64, y as i64 + o)
                    };
                    if sx < 0 || sy < 0 || sx >= w as i64 || sy >= h as i64 {
                        continue;
                    }
                    sum += kv * src[sy as usize * w + sx as usize];
                    weight += kv;
                }
                out[y * w + x] = sum / weight;
            }
        }
        out
    };
    pass(&pass(&lum, true), false)
}

/// sRGB brightness (0 … 1) of a linear luminance.
fn brightness(l: f32) -> f32 {
    if l <= 0.003_130_8 {
        12.92 * l
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    }
}

/// How much brighter the scar is than the scalp around it at viewing size (sRGB), over the part
/// of the line between `x0` and `x1`: the scar's core (within its half width less 1 mm) against a
/// band from 3 to 8 mm beyond its edge.
fn gap(img: &RgbImage, x0: u32, x1: u32) -> f32 {
    let blurred = viewing_luminance(img, VIEW_SIGMA_MM * PPM);
    let mm = PPM as f32;
    let (mut scar, mut ns, mut around, mut na) = (0.0f64, 0, 0.0f64, 0);
    for y in 0..H {
        for x in x0..x1 {
            let (d, half) = to_line(x as f32 + 0.5, y as f32 + 0.5);
            let b = f64::from(brightness(blurred[(y * W + x) as usize]));
            if d <= (half - mm).max(0.5 * mm) {
                scar += b;
                ns += 1;
            } else if d >= half + 3.0 * mm && d <= half + 8.0 * mm {
                around += b;
                na += 1;
            }
        }
    }
    assert!(
        ns > 100 && na > 100,
        "{ns} scar and {na} surrounding pixels"
    );
    ((scar / f64::from(ns)) / (around / f64::from(na)) - 1.0) as f32
}

fn render(project: &Project, photo: &RgbImage) -> RgbImage {
    let scene = Scene::new(project, photo, None, &mut PatternCache::default())
        .expect("the dots fit the budget");
    render_full(photo.clone(), &scene)
}

#[test]
fn camouflage_closes_a_lighter_strip_scar_to_within_five_percent_at_viewing_size() {
    for (name, skin) in [("fair", [200, 160, 135]), ("brown", [150, 105, 80])] {
        let photo = scarred_scalp(skin);
        let untreated = gap(&photo, 60, 580);
        for around in [Around::Over, Around::CutOut] {
            let before = gap(&render(&treated(false, around), &photo), 60, 580);
            let after_image = render(&treated(true, around), &photo);
            let after = gap(&after_image, 60, 580);
            // Along the line: the narrow left, the wide middle and the right.
            let parts = [
                gap(&after_image, 60, 200),
                gap(&after_image, 250, 390),
                gap(&after_image, 450, 580),
            ];
            println!(
                "{name} skin, shaved look {around:?}: scar brighter than the scalp around by \
                 {:.1} % untreated, {:.1} % with the scar layer as set (camouflage off), {:.1} % \
                 with the camouflage; along the line {:.1} / {:.1} / {:.1} %",
                untreated * 100.0,
                before * 100.0,
                after * 100.0,
                parts[0] * 100.0,
                parts[1] * 100.0,
                parts[2] * 100.0
            );
            assert!(untreated > 0.12, "{name}: untreated gap {untreated}");
            if let Around::CutOut = around {
                assert!(
                    before > 0.12,
                    "{name}: the old look closed the gap: {before}"
                );
            }
            assert!(after.abs() <= 0.05, "{name} {around:?}: gap {after}");
            for part in parts {
                assert!(
                    part.abs() <= 0.05,
                    "{name} {around:?}: gap {part} along the line"
                );
            }
        }
    }
}

#[test]
fn camouflage_adds_density_and_depth_and_follows_the_dots_around() {
    let photo = scarred_scalp([200, 160, 135]);
    let project = treated(true, Around::CutOut);
    let optics = SkinOptics::default();
    let light = ScarLight::measure(&project, &photo, None, &optics);
    let dots = |light: &ScarLight| {
        layer_dots_cached(
            &project,
            W,
            H,
            None,
            light,
            &mut PatternCache::default(),
            &mut FieldCache::default(),
        )
        .expect("the dots fit the budget")
    };
    let measured = dots(&light);
    let even = dots(&ScarLight::default());
    let (base, scar) = (&measured[0].1, &measured[1].1);
    // The scar's dots lean as the shaved look's do.
    assert!((scar.style.direction - base.style.direction).abs() < 1e-6);
    assert!((scar.style.direction - 60f32.to_radians()).abs() < 1e-6);
    // Over a scar measured lighter than the scalp, more dots than over one taken as even.
    let (lit, flat) = (scar.dots.points.len(), even[1].1.dots.points.len());
    assert!(
        lit > flat + 50,
        "{lit} dots over the lighter scar, {flat} over an even one"
    );
    // Dots follow the strip's width along the line: some reach past 2 mm from the line in the
    // 8 mm middle, none past 2.5 mm at the 3 mm left end.
    let reach = |x0: f32, x1: f32| {
        scar.dots
            .points
            .iter()
            .filter(|c| (x0..x1).contains(&c.x))
            .map(|c| to_line(c.x, c.y).0 / PPM as f32)
            .fold(0.0f32, f32::max)
    };
    assert!(reach(280.0, 360.0) > 3.0, "{}", reach(280.0, 360.0));
    assert!(reach(40.0, 70.0) < 2.5, "{}", reach(40.0, 70.0));
}

#[test]
fn a_strip_with_widths_saves_and_a_version_4_scar_opens_as_it_drew() {
    let project = treated(true, Around::Over);
    let text = project.to_ron();
    assert!(text.contains("version: 5,"), "{text}");
    assert!(text.contains("widths_mm: [3.0, 8.0, 5.0]"), "{text}");
    let back = Project::from_ron(&text, "p.ron".as_ref()).expect("reads back");
    assert_eq!(back, project);
    // Version 4 wrote neither widths nor the camouflage: the scar opens with one width and draws
    // as it did.
    let v4 = r#"(version: 4, views: [(name: "Front", photo: "a.jpg", scale: (px_per_mm: 10.0, calibrated: true), layers: [(name: "S", kind: Scar, density: 120.0, dot_mm: 0.165, dilution: 7.0, seed: 9, scar: Some((shape: Strip(points: [(10.0, 10.0), (90.0, 12.0)], width_mm: 4.0), retention: 0.6, unevenness: 0.5)))])])"#;
    let old = Project::from_ron(v4, "old.ron".as_ref()).expect("a version 4 project opens");
    let scar = old.view().layers[0].scar.clone().expect("scar");
    assert!(!scar.camouflage);
    assert_eq!(
        scar.shape,
        ScarShape::Strip {
            points: vec![[10.0, 10.0], [90.0, 12.0]],
            width_mm: 4.0,
            widths_mm: Vec::new(),
        }
    );
    assert!(!old.to_ron().contains("widths_mm"));
    // One width per point, or none.
    let mut bad = project.clone();
    if let Some(ScarShape::Strip { widths_mm, .. }) =
        bad.view_mut().layers[1].scar.as_mut().map(|s| &mut s.shape)
    {
        widths_mm.pop();
    }
    let err = Project::from_ron(&bad.to_ron(), "bad.ron".as_ref()).expect_err("refused");
    assert!(err.to_string().contains("3 points but 2 widths"), "{err}");
}
