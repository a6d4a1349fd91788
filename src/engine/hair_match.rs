//! "Match hair": set a layer so that treated bare scalp reads like the client's own shaved hair.
//!
//! Practitioners match the treatment to the client's shaved stubble. The practitioner points at
//! stubble; a disc of about 5 mm around it is sampled, and its mean colour is what that hair looks
//! like from conversational distance. The layer's needle, density, shade and variation are then
//! chosen so that the renderer itself, on the client's bare skin, gives that colour: each candidate
//! is rendered on a small patch of the skin's colour and measured, so the match holds for the look
//! the client will actually see.

use image::{Rgb, RgbImage};

use crate::engine::colour::{from_linear, linear_luminance, to_linear};
use crate::engine::optics::{Needle, deposit_mm};
use crate::engine::pigment::DILUTION_RANGE;
use crate::engine::project::{HairMatch, Layer, Project};
use crate::engine::render::{PatternCache, Scene};
use crate::engine::skin::SkinTone;
use crate::engine::units::Scale;

/// Radius of the sampled disc, mm.
pub const SAMPLE_RADIUS_MM: f64 = 2.5;

/// Why a match could not be made.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MatchError {
    #[error("the point {0:.0}, {1:.0} is outside the photo")]
    Outside(f32, f32),
    #[error(
        "the spot clicked is not darker than the client's bare skin; click on their shaved stubble"
    )]
    NotHair,
}

/// The disc's mean linear colour and the share of it covered by hair darker than the skin.
fn sample_disc(photo: &RgbImage, x: f32, y: f32, radius: f32, skin_lum: f32) -> ([f32; 3], f32) {
    let (w, h) = photo.dimensions();
    let r = radius.max(1.0);
    let (x0, x1) = (
        (x - r).floor().max(0.0) as u32,
        ((x + r).ceil() as u32).min(w),
    );
    let (y0, y1) = (
        (y - r).floor().max(0.0) as u32,
        ((y + r).ceil() as u32).min(h),
    );
    let mut sum = [0.0f64; 3];
    let (mut n, mut dark) = (0.0f64, 0.0f64);
    for py in y0..y1 {
        for px in x0..x1 {
            let (dx, dy) = (px as f32 + 0.5 - x, py as f32 + 0.5 - y);
            if dx * dx + dy * dy > r * r {
                continue;
            }
            let lin = photo.get_pixel(px, py).0.map(to_linear);
            for (s, v) in sum.iter_mut().zip(lin) {
                *s += f64::from(v);
            }
            n += 1.0;
            if linear_luminance(lin) < 0.6 * skin_lum {
                dark += 1.0;
            }
        }
    }
    let n = n.max(1.0);
    (sum.map(|s| (s / n) as f32), (dark / n) as f32)
}

/// Hair covering more of the skin than this is longer than stubble.
const LONG_HAIR_COVER: f32 = 0.55;
/// Darkest shaved look matched for longer hair: its luminance at most this far below the skin's.
const SHAVED_LOOK_GAP: f32 = 0.45;

/// The mean linear colour of bare `skin` treated by `layer`: rendered on an 18 × 18 mm patch and
/// measured over its central 12 × 12 mm (at the patch's edges the haze of the dots beyond is
/// missing).
fn treated_colour(skin: [u8; 3], layer: &Layer, cache: &mut PatternCache) -> [f32; 3] {
    const PPM: f64 = 8.0;
    const SIDE: u32 = 144;
    const MARGIN: u32 = 24;
    let patch = RgbImage::from_pixel(SIDE, SIDE, Rgb(skin));
    let mut project = Project::new("patch".into(), Scale::calibrated(PPM), layer.seed);
    project.view_mut().skin = Some(skin);
    let mut l = layer.clone();
    l.region = Default::default();
    l.hairline = None;
    l.avoid_hair = false;
    l.scar = None;
    l.visible = true;
    l.session = 1;
    project.view_mut().layers = vec![l];
    let mut after = patch;
    // An 18 mm patch is far inside any photo's dot budget: the scene is always made.
    if let Ok(scene) = Scene::new(&project, &after, None, cache) {
        scene.draw(&mut after, crate::engine::units::View::FULL);
    }
    let mut sum = [0.0f64; 3];
    for y in MARGIN..SIDE - MARGIN {
        for x in MARGIN..SIDE - MARGIN {
            for (s, v) in sum.iter_mut().zip(after.get_pixel(x, y).0) {
                *s += f64::from(to_linear(v));
            }
        }
    }
    let n = f64::from((SIDE - 2 * MARGIN) * (SIDE - 2 * MARGIN));
    sum.map(|s| (s / n) as f32)
}

/// Distance between two linear colours, weighted like luminance but keeping hue.
fn colour_distance(a: [f32; 3], b: [f32; 3]) -> f32 {
    let la = linear_luminance(a).max(1e-4);
    let lb = linear_luminance(b).max(1e-4);
    let lum = (la / lb).ln();
    let hue: f32 = (0..3)
        .map(|c| ((a[c] / la).max(1e-4).ln() - (b[c] / lb).max(1e-4).ln()).powi(2))
        .sum();
    lum * lum + 0.25 * hue
}

/// Matches `layer` to the hair at photo pixel `at` of `photo` (scale `px_per_mm`), on the client's
/// bare skin `skin`: sets its needle, dot size, density, shade and variation, and says what it did.
pub fn match_hair(
    photo: &RgbImage,
    at: [f32; 2],
    px_per_mm: f64,
    skin: &SkinTone,
    layer: &mut Layer,
) -> Result<HairMatch, MatchError> {
    let (w, h) = photo.dimensions();
    if !(at[0] >= 0.0 && at[1] >= 0.0 && at[0] < w as f32 && at[1] < h as f32) {
        return Err(MatchError::Outside(at[0], at[1]));
    }
    let skin_lin = skin.srgb.map(to_linear);
    let skin_lum = linear_luminance(skin_lin);
    let radius = (SAMPLE_RADIUS_MM * px_per_mm) as f32;
    let (mut target, cover) = sample_disc(photo, at[0], at[1], radius, skin_lum);
    if linear_luminance(target) > 0.97 * skin_lum {
        return Err(MatchError::NotHair);
    }
    let mut note = None;
    if cover > LONG_HAIR_COVER {
        // Longer hair hides the skin; shaved, the same hair shows skin between its stubs. SMP
        // imitates the shaved look: aim at a shade no darker than shaved stubble reads.
        let floor = (1.0 - SHAVED_LOOK_GAP) * skin_lum;
        let lum = linear_luminance(target);
        if lum < floor {
            let k = floor / lum.max(1e-4);
            target = target.map(|v| (v * k).min(1.0));
        }
        note = Some(
            "This is longer hair than stubble: SMP imitates shaved hair, so the match is to its \
             shaved look."
                .to_string(),
        );
    }
    // Candidates practitioners use: bold 3RL for density zones, finer 1RL for a soft shadow; a
    // usual range of densities. For each, the dilution that gives the hair's luminance is found
    // by bisection (more water, lighter), then the closest colour wins, nearer 100/cm² on a tie.
    let mut cache = PatternCache::default();
    let mut best: Option<(f32, Layer, [f32; 3])> = None;
    let target_lum = linear_luminance(target);
    for (needle, needle_mm) in [
        (Needle::RL3, 0.30),
        (Needle::RL3, 0.35),
        (Needle::RL1, 0.25),
    ] {
        for density in [60.0f32, 80.0, 100.0, 120.0, 140.0] {
            let mut l = layer.clone();
            l.shape.needle = needle;
            l.dot_mm = deposit_mm(needle_mm);
            l.density = density;
            let (mut lo, mut hi) = (*DILUTION_RANGE.start(), *DILUTION_RANGE.end());
            for _ in 0..12 {
                let mid = (lo * hi).sqrt();
                l.dilution = mid;
                if linear_luminance(treated_colour(skin.srgb, &l, &mut cache)) > target_lum {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            // The pigment's ash cast never matches a hair's hue exactly: around the shade that
            // matches its brightness, take the one whose colour is nearest.
            let matched = (lo * hi).sqrt();
            for step in [0.7f32, 0.85, 1.0, 1.2, 1.45] {
                l.dilution = (matched * step).clamp(*DILUTION_RANGE.start(), *DILUTION_RANGE.end());
                let colour = treated_colour(skin.srgb, &l, &mut cache);
                // Among near matches, prefer what practitioners use: about 100/cm², 6:1–16:1.
                let unusual_shade = (6.0 - l.dilution).max(l.dilution - 16.0).max(0.0);
                let score = colour_distance(colour, target)
                    * (1.0 + 0.02 * ((density - 100.0) / 20.0).abs() + 0.02 * unusual_shade);
                if best.as_ref().is_none_or(|(s, _, _)| score < *s) {
                    best = Some((score, l.clone(), colour));
                }
            }
        }
    }
    let Some((_, chosen, colour)) = best else {
        return Err(MatchError::NotHair);
    };
    layer.shape.needle = chosen.shape.needle;
    layer.dot_mm = chosen.dot_mm;
    layer.density = chosen.density;
    layer.dilution = chosen.dilution;
    // Stubble varies hair to hair: keep a natural spread of sizes and darkness.
    layer.size_jitter = layer.size_jitter.max(0.2);
    layer.tone_jitter = layer.tone_jitter.clamp(0.3, 0.45);
    Ok(HairMatch {
        at,
        hair: target.map(from_linear),
        skin: skin.srgb,
        result: colour.map(from_linear),
        note,
    })
}
