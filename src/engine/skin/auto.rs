//! The automatic skin sample: bare scalp inside a region, away from shine, shadow and hair, and how
//! sure its Fitzpatrick type is.

use image::RgbImage;

use super::{SkinTone, TYPE_BOUNDARIES_DEG, ita_degrees};
use crate::engine::colour::{from_linear, lab_from_linear, linear_luminance, to_linear};
use crate::engine::hair::HairMask;

/// About this many pixels are looked at, whatever the photo's size.
const AUTO_SAMPLES: f64 = 200_000.0;

/// The photo is split into about this many blocks along its long side; a pixel is compared with
/// the skin of its block and the eight around it.
const BLOCKS: u32 = 8;

/// A pixel darker than this share of the lit skin around it is in shadow (or a hair the mask
/// missed).
const SHADOW: f32 = 0.6;
/// A pixel this much brighter than the median around it and less saturated than this share of the
/// median saturation around is shine (a specular highlight: bright, the colour of the light).
const SHINE_BRIGHT: f32 = 1.1;
const SHINE_GREY: f32 = 0.9;
/// A pixel this much brighter than the median around it is shine whatever its colour.
const GLARE: f32 = 1.8;

/// The luminance band of the usable samples that is averaged, as fractions of them: with shine and
/// shadow taken out, a little above the middle, as shading over the curve of the head only darkens.
const BAND: (f32, f32) = (0.45, 0.8);

/// Usable samples from which a sample counts as large enough to be sure of (fewer lower the
/// confidence, down to none at [`FEW_SAMPLES`]).
const ENOUGH_SAMPLES: f32 = 1500.0;
const FEW_SAMPLES: f32 = 8.0;
/// Spread of ITA° among the samples (robust standard deviation) at which the confidence halves:
/// a sample of one skin under even light spreads a few degrees; skin of two tones, or strong
/// shading, much more.
const HALF_SURE_SPREAD_DEG: f32 = 8.0;
/// Distance of the ITA° from the nearest type boundary beyond which it does not lower the
/// confidence; right on a boundary the confidence halves.
const CLEAR_OF_BOUNDARY_DEG: f32 = 6.0;

/// An automatic skin sample: the tone and how far to trust its type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SkinSample {
    pub tone: SkinTone,
    /// Pixels that were bare, lit skin (after shine, shadow and hair were left out).
    pub samples: usize,
    /// Spread of ITA° among them (robust standard deviation), degrees.
    pub ita_spread_deg: f32,
    /// How sure the Fitzpatrick type is, 0 (a guess) … 1 (sure): from the number of samples, the
    /// spread of their ITA° and how close the ITA° is to a type boundary.
    pub confidence: f32,
}

impl SkinSample {
    /// The confidence in words: "sure", "fairly sure" or "unsure".
    pub fn sureness(&self) -> &'static str {
        match self.confidence {
            c if c >= 0.7 => "sure",
            c if c >= 0.4 => "fairly sure",
            _ => "unsure",
        }
    }

    /// "Type V (brown), fairly sure".
    pub fn summary(&self) -> String {
        format!(
            "Type {} ({}), {}",
            self.tone.fitzpatrick_label(),
            self.tone.description(),
            self.sureness()
        )
    }
}

/// Whether a colour could be skin at all: some chroma (C*ab ≥ 4) with a hue between red-orange
/// and yellow (15° … 95°). Skin of every type sits there, from pale pink to deep brown; a grey
/// backdrop, clothing or a blue cast of light does not, and is left out of the average.
pub(crate) fn skin_like([_, a, b]: [f32; 3]) -> bool {
    let hue = b.atan2(a).to_degrees();
    a.hypot(b) >= 4.0 && (15.0..=95.0).contains(&hue)
}

/// One looked-at pixel.
struct Pixel {
    block: usize,
    luma: f32,
    /// Saturation: C*ab / L*.
    saturation: f32,
    lin: [f32; 3],
    lab: [f32; 3],
}

/// Automatic skin tone over a region: pixels where `weight` (region coverage, 0 … 1, at photo
/// pixel x, y) is at least one half, that are not hair, not clipped and skin-coloured, on a
/// regular subsample of the photo. Each is compared with the median of the pixels around it (its
/// block of the photo): shadow (much darker), shine (brighter and greyer, the colour of the light)
/// and dark strands the hair mask missed are left out. Of what is left, the band between the 45th
/// and 80th percentile of luminance is averaged in linear light. `None` if no pixel qualifies.
pub fn sample_auto(
    photo: &RgbImage,
    weight: impl Fn(u32, u32) -> f32,
    hair: Option<&HairMask>,
) -> Option<SkinSample> {
    let (w, h) = photo.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    let step = ((f64::from(w) * f64::from(h) / AUTO_SAMPLES).sqrt().ceil() as u32).max(1);
    let block_px = (w.max(h) / BLOCKS).max(step * 4).max(1);
    let block_cols = w.div_ceil(block_px) as usize;
    let is_hair = |x: u32, y: u32| {
        hair.is_some_and(|m| {
            // The mask may be on another grid than the photo: compare by position.
            let hx = (f64::from(x) + 0.5) * f64::from(m.width()) / f64::from(w);
            let hy = (f64::from(y) + 0.5) * f64::from(m.height()) / f64::from(h);
            m.is_hair(hx as f32, hy as f32)
        })
    };
    let mut picked: Vec<Pixel> = Vec::new();
    for y in (step / 2..h).step_by(step as usize) {
        for x in (step / 2..w).step_by(step as usize) {
            let p = photo.get_pixel(x, y).0;
            if p.iter().any(|&v| v >= 250) || p.iter().all(|&v| v <= 10) {
                continue;
            }
            if weight(x, y) < 0.5 || is_hair(x, y) {
                continue;
            }
            let lin = p.map(to_linear);
            let lab = lab_from_linear(lin);
            if !skin_like(lab) {
                continue;
            }
            picked.push(Pixel {
                block: (y / block_px) as usize * block_cols + (x / block_px) as usize,
                luma: linear_luminance(lin),
                saturation: lab[1].hypot(lab[2]) / lab[0].max(1.0),
                lin,
                lab,
            });
        }
    }
    if picked.is_empty() {
        return None;
    }
    let usable = without_shine_and_shadow(picked, block_cols, h.div_ceil(block_px) as usize);
    let n = usable.len();
    let lo = ((n as f32 * BAND.0) as usize).min(n - 1);
    let hi = ((n as f32 * BAND.1) as usize).clamp(lo + 1, n);
    let middle = &usable[lo..hi];
    let mut sum = [0.0f64; 3];
    for p in middle {
        for (s, v) in sum.iter_mut().zip(p.lin) {
            *s += f64::from(v);
        }
    }
    let mean = sum.map(|s| (s / middle.len() as f64) as f32);
    let tone = SkinTone::from_srgb(mean.map(from_linear));
    let mut itas: Vec<f32> = usable.iter().map(|p| ita_degrees(p.lab)).collect();
    let spread = robust_spread(&mut itas);
    Some(SkinSample {
        tone,
        samples: n,
        ita_spread_deg: spread,
        confidence: confidence(n, spread, tone.ita_deg),
    })
}

/// The pixels that are neither shadow nor shine compared with the skin around them (their block
/// and the eight around it), sorted by luminance (all of them, should every one look like shine
/// or shadow). Shadow is judged against the upper quartile around (the lit skin nearby, so that a
/// shadow wider than a block still stands out), shine against the median.
fn without_shine_and_shadow(mut picked: Vec<Pixel>, cols: usize, rows: usize) -> Vec<Pixel> {
    let mut lumas = vec![Vec::new(); cols * rows];
    let mut sats = vec![Vec::new(); cols * rows];
    for p in &picked {
        if let (Some(l), Some(s)) = (lumas.get_mut(p.block), sats.get_mut(p.block)) {
            l.push(p.luma);
            s.push(p.saturation);
        }
    }
    let mut all_l: Vec<f32> = picked.iter().map(|p| p.luma).collect();
    let mut all_s: Vec<f32> = picked.iter().map(|p| p.saturation).collect();
    let whole = Local {
        lit: quantile(&mut all_l, 0.75),
        luma: quantile(&mut all_l, 0.5),
        saturation: quantile(&mut all_s, 0.5),
    };
    let local: Vec<Local> = (0..cols * rows)
        .map(|b| {
            let (bx, by) = ((b % cols) as i64, (b / cols) as i64);
            let (mut l, mut s) = (Vec::new(), Vec::new());
            for ny in (by - 1).max(0)..=(by + 1).min(rows as i64 - 1) {
                for nx in (bx - 1).max(0)..=(bx + 1).min(cols as i64 - 1) {
                    let n = ny as usize * cols + nx as usize;
                    l.extend_from_slice(&lumas[n]);
                    s.extend_from_slice(&sats[n]);
                }
            }
            // Too few pixels around to judge by: the whole sample.
            if l.len() < 12 {
                return whole;
            }
            Local {
                lit: quantile(&mut l, 0.75),
                luma: quantile(&mut l, 0.5),
                saturation: quantile(&mut s, 0.5),
            }
        })
        .collect();
    let clear = |p: &Pixel| {
        let around = local.get(p.block).copied().unwrap_or(whole);
        let shadow = p.luma < SHADOW * around.lit;
        let shine = p.luma > GLARE * around.luma
            || (p.luma > SHINE_BRIGHT * around.luma
                && p.saturation < SHINE_GREY * around.saturation);
        !shadow && !shine
    };
    if picked.iter().any(clear) {
        picked.retain(clear);
    }
    picked.sort_by(|a, b| a.luma.total_cmp(&b.luma));
    picked
}

/// What the skin around a pixel is like.
#[derive(Clone, Copy)]
struct Local {
    /// Upper-quartile luminance: the lit skin.
    lit: f32,
    luma: f32,
    saturation: f32,
}

/// The `q` quantile of `values` (reordered), NaN if there are none.
fn quantile(values: &mut [f32], q: f32) -> f32 {
    if values.is_empty() {
        return f32::NAN;
    }
    let at = (((values.len() - 1) as f32) * q).round() as usize;
    *values.select_nth_unstable_by(at, f32::total_cmp).1
}

/// Robust standard deviation: half the distance between the 16th and 84th percentiles.
fn robust_spread(values: &mut [f32]) -> f32 {
    if values.len() < 2 {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    let at = |q: f32| values[((values.len() - 1) as f32 * q).round() as usize];
    (at(0.84) - at(0.16)) / 2.0
}

/// How sure the type is, 0 … 1: the product of what the number of samples, their ITA° spread and
/// the distance to the nearest type boundary allow.
fn confidence(samples: usize, spread_deg: f32, ita_deg: f32) -> f32 {
    let n = samples as f32;
    let by_count =
        ((n / FEW_SAMPLES).max(1.0).ln() / (ENOUGH_SAMPLES / FEW_SAMPLES).ln()).clamp(0.0, 1.0);
    let by_spread = 1.0 / (1.0 + (spread_deg / HALF_SURE_SPREAD_DEG).powi(2));
    let edge = TYPE_BOUNDARIES_DEG
        .iter()
        .map(|b| (ita_deg - b).abs())
        .fold(f32::INFINITY, f32::min);
    let by_edge = 0.5 + 0.5 * (edge / CLEAR_OF_BOUNDARY_DEG).min(1.0);
    (by_count * by_spread * by_edge).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skin_colours_are_skin_like_and_backdrops_are_not() {
        for rgb in [
            [245, 222, 205],
            [235, 210, 205],
            [135, 95, 70],
            [60, 40, 30],
        ] {
            assert!(skin_like(SkinTone::from_srgb(rgb).lab), "{rgb:?}");
        }
        for rgb in [[40, 40, 42], [200, 200, 200], [90, 120, 200], [60, 160, 60]] {
            assert!(!skin_like(SkinTone::from_srgb(rgb).lab), "{rgb:?}");
        }
    }

    #[test]
    fn confidence_falls_with_few_samples_wide_spread_and_a_near_boundary() {
        let sure = confidence(5000, 2.0, -10.0);
        assert!(sure > 0.9, "{sure}");
        assert!(confidence(20, 2.0, -10.0) < 0.4);
        assert!(confidence(5000, 20.0, -10.0) < 0.3);
        assert!(confidence(5000, 2.0, 10.5) < 0.6);
        assert_eq!(confidence(1, 0.0, -10.0), 0.0);
    }
}
