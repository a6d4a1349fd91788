//! The client's skin tone, read from the photo.
//!
//! The tone is classified by the Individual Typology Angle, ITA° = atan((L* − 50) / b*) in degrees,
//! from CIELAB (D65), and mapped to a Fitzpatrick type with the usual bands. From a phone photo
//! under unknown light this is a rough estimate, a starting point for the practitioner, never a
//! diagnosis. What the tone means for the shade and dot size is in [`crate::engine::advice`].

use image::RgbImage;
use serde::{Deserialize, Serialize};

use crate::engine::colour::{from_linear, lab_from_linear, linear_luminance, to_linear};
use crate::engine::hair::HairMask;

/// A skin colour and what it suggests.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkinTone {
    /// The colour as sampled.
    pub srgb: [u8; 3],
    /// CIELAB (D65): L*, a*, b*.
    pub lab: [f32; 3],
    /// Individual Typology Angle in degrees (higher is lighter).
    pub ita_deg: f32,
    /// Estimated Fitzpatrick type, 1 ..= 6, from the ITA.
    pub fitzpatrick: u8,
}

impl SkinTone {
    /// The tone of an sRGB skin colour.
    pub fn from_srgb(rgb: [u8; 3]) -> Self {
        let lab = lab_from_linear(rgb.map(to_linear));
        let ita_deg = ita_degrees(lab);
        SkinTone {
            srgb: rgb,
            lab,
            ita_deg,
            fitzpatrick: fitzpatrick_from_ita(ita_deg),
        }
    }

    /// The Fitzpatrick type as a Roman numeral, "I" … "VI".
    pub fn fitzpatrick_label(&self) -> &'static str {
        match self.fitzpatrick {
            0 | 1 => "I",
            2 => "II",
            3 => "III",
            4 => "IV",
            5 => "V",
            _ => "VI",
        }
    }

    /// The ITA category in words: "very light", "light", "intermediate", "tan", "brown", "dark".
    pub fn description(&self) -> &'static str {
        match self.fitzpatrick {
            0 | 1 => "very light",
            2 => "light",
            3 => "intermediate",
            4 => "tan",
            5 => "brown",
            _ => "dark",
        }
    }

    pub(crate) fn linear(&self) -> [f32; 3] {
        self.srgb.map(to_linear)
    }

    /// Luminance of the skin colour in linear light.
    pub fn luminance(&self) -> f32 {
        linear_luminance(self.linear())
    }
}

/// ITA° of a CIELAB colour. Skin has b* > 0; a colour with b* ≤ 0 is taken at the limit (±90°).
pub fn ita_degrees([l, _, b]: [f32; 3]) -> f32 {
    ((l - 50.0) / b.max(1e-3)).atan().to_degrees()
}

/// Fitzpatrick type from the ITA bands: > 55° very light (I), 41–55° light (II), 28–41°
/// intermediate (III), 10–28° tan (IV), −30–10° brown (V), < −30° dark (VI).
fn fitzpatrick_from_ita(ita: f32) -> u8 {
    match ita {
        a if a > 55.0 => 1,
        a if a > 41.0 => 2,
        a if a > 28.0 => 3,
        a if a > 10.0 => 4,
        a if a > -30.0 => 5,
        _ => 6,
    }
}

/// Eyedropper: the skin tone in a disc of `radius_px` around photo pixel (x, y), as the median of
/// each channel (a stray hair or pore in the disc does not shift it). `None` outside the photo.
pub fn sample_point(photo: &RgbImage, x: u32, y: u32, radius_px: u32) -> Option<SkinTone> {
    let (w, h) = photo.dimensions();
    if x >= w || y >= h {
        return None;
    }
    let r = radius_px.min(256);
    let r2 = u64::from(r) * u64::from(r);
    let mut channels: [Vec<u8>; 3] = Default::default();
    for py in y.saturating_sub(r)..=(y.saturating_add(r)).min(h - 1) {
        for px in x.saturating_sub(r)..=(x.saturating_add(r)).min(w - 1) {
            let (dx, dy) = (u64::from(px.abs_diff(x)), u64::from(py.abs_diff(y)));
            if dx * dx + dy * dy <= r2 {
                for (c, v) in channels.iter_mut().zip(photo.get_pixel(px, py).0) {
                    c.push(v);
                }
            }
        }
    }
    let median = |c: &mut Vec<u8>| {
        let mid = c.len() / 2;
        *c.select_nth_unstable(mid).1
    };
    let [r, g, b] = &mut channels;
    Some(SkinTone::from_srgb([median(r), median(g), median(b)]))
}

/// The luminance band of skin samples [`sample_auto`] averages, as fractions of the samples.
const LIT_BAND: (f32, f32) = (0.5, 0.85);

/// About this many pixels are looked at by [`sample_auto`], whatever the photo's size.
const AUTO_SAMPLES: f64 = 200_000.0;

/// Whether a colour could be skin at all: some chroma (C*ab ≥ 4) with a hue between red-orange
/// and yellow (15° … 95°). Skin of every type sits there, from pale pink to deep brown; a grey
/// backdrop, clothing or a blue cast of light does not, and is left out of the average.
fn skin_like([_, a, b]: [f32; 3]) -> bool {
    let hue = b.atan2(a).to_degrees();
    a.hypot(b) >= 4.0 && (15.0..=95.0).contains(&hue)
}

/// Automatic skin tone over a region: pixels where `weight` (region coverage, 0 … 1, at photo
/// pixel x, y) is at least one half, that are not hair, not clipped and skin-coloured, on a
/// regular subsample of the photo. Of those, the band between the 50th and 85th percentile of
/// luminance is averaged in linear light: shading over the curve of the head, shadows and any hair
/// the mask missed only darken, so the skin's own colour is in the brighter half, below the sheen
/// and highlights. `None` if no pixel qualifies.
pub fn sample_auto(
    photo: &RgbImage,
    weight: impl Fn(u32, u32) -> f32,
    hair: Option<&HairMask>,
) -> Option<SkinTone> {
    let (w, h) = photo.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    let step = ((f64::from(w) * f64::from(h) / AUTO_SAMPLES).sqrt().ceil() as u32).max(1);
    let is_hair = |x: u32, y: u32| {
        hair.is_some_and(|m| {
            // The mask may be on another grid than the photo: compare by position.
            let hx = (f64::from(x) + 0.5) * f64::from(m.width()) / f64::from(w);
            let hy = (f64::from(y) + 0.5) * f64::from(m.height()) / f64::from(h);
            m.is_hair(hx as f32, hy as f32)
        })
    };
    let mut picked: Vec<(f32, [f32; 3])> = Vec::new();
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
            if !skin_like(lab_from_linear(lin)) {
                continue;
            }
            let luma = linear_luminance(lin);
            picked.push((luma, lin));
        }
    }
    if picked.is_empty() {
        return None;
    }
    picked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = picked.len();
    let lo = ((n as f32 * LIT_BAND.0) as usize).min(n - 1);
    let hi = ((n as f32 * LIT_BAND.1) as usize).clamp(lo + 1, n);
    let middle = &picked[lo..hi];
    let mut sum = [0.0f64; 3];
    for (_, lin) in middle {
        for (s, v) in sum.iter_mut().zip(lin) {
            *s += f64::from(*v);
        }
    }
    let mean = sum.map(|s| (s / middle.len() as f64) as f32);
    Some(SkinTone::from_srgb(mean.map(from_linear)))
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
}
