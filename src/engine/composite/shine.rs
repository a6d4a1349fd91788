//! Shine stays on top: light reflected at the skin's surface never met the pigment.
//!
//! A pixel of skin is modelled, after the dichromatic reflection model, as its diffuse colour (the
//! skin's own hue, which the pigment darkens) plus a neutral specular part (the light's colour,
//! which it does not). With the skin's diffuse blue/red ratio `k` known, the specular part of a
//! pixel is what makes it bluer than skin: `s = (B − k·R) / (1 − k)`. Only pixels about as bright as
//! the skin or brighter are considered, so grey hair, shadows and a dark backdrop stay as they are.
//! Pixels that are not skin at all (a grey backdrop, a white wall) take no pigment.

use super::haze::Field;
use crate::engine::colour::{from_linear, linear_luminance, to_linear};
use crate::engine::hair::HairMask;
use crate::engine::optics::{CORE_WEIGHTS, HAZE_WEIGHTS, SkinOptics};
use crate::engine::units::View;

/// What fresh redness around a dot absorbs per channel (irritated skin absorbs green and blue).
const RED_TINT: [f32; 3] = [0.0, 0.45, 0.4];

/// Skin varies in hue from pixel to pixel: treat skin up to this much bluer than the estimate as
/// diffuse, so only real highlights count as shine.
const HUE_TOLERANCE: f32 = 1.15;

/// The neutral specular part of a pixel (linear RGB), 0 where the pixel is plain skin.
pub fn specular(lin: [f32; 3], optics: &SkinOptics) -> f32 {
    let Some(ratio) = optics.blue_red else {
        return 0.0;
    };
    let k = (ratio * HUE_TOLERANCE).min(0.9);
    let [r, g, b] = lin;
    let s = (b - k * r) / (1.0 - k);
    if s <= 0.0 {
        return 0.0;
    }
    let y = linear_luminance(lin);
    let (lo, hi) = (0.6 * optics.luminance, 0.95 * optics.luminance);
    let t = ((y - lo) / (hi - lo).max(1e-6)).clamp(0.0, 1.0);
    let gate = t * t * (3.0 - 2.0 * t);
    (s * gate).min(0.95 * r.min(g).min(b))
}

/// How much a pixel's diffuse colour (linear) looks like skin, 0 … 1: skin of every type is
/// warm, red above blue by a fair share; a grey or cool backdrop, clothing or a wall is not, and
/// pigment in the scalp never darkens it. The head's outline then stays the head's.
fn skin_likeness([r, g, b]: [f32; 3]) -> f32 {
    if r <= 1e-5 || g > r * 1.05 {
        return 0.0;
    }
    let warmth = (r - b) / r;
    let t = ((warmth - 0.08) / 0.17).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Applies the gathered darkness to the photo's pixels.
pub(super) struct Shine<'a> {
    optics: SkinOptics,
    hair: Option<&'a HairMask>,
}

impl<'a> Shine<'a> {
    pub(super) fn new(optics: &SkinOptics, hair: Option<&'a HairMask>) -> Self {
        Shine {
            optics: *optics,
            hair,
        }
    }

    /// Darkens `pixels` (RGB rows from output row `row0`, `width` wide) by the core darkness in
    /// `cores` and the haze, keeping each pixel's shine.
    pub(super) fn apply(
        &self,
        pixels: &mut [u8],
        cores: &[f32],
        width: u32,
        row0: usize,
        view: View,
        haze: &Field,
    ) {
        let w = width as usize;
        let v = self.optics.visibility;
        for (r, row) in pixels.chunks_exact_mut(w * 3).enumerate() {
            let y = view.y0 + (row0 + r) as f64 / view.scale + 0.5 / view.scale;
            for (x, pixel) in row.chunks_exact_mut(3).enumerate() {
                let dc = cores[r * w + x];
                let px = view.x0 + (x as f64 + 0.5) / view.scale;
                let (dh, red) = haze.at(px, y);
                if dc <= 0.0 && dh <= 1e-5 && red <= 0.0 {
                    continue;
                }
                // Hair lies over the skin: what is under it does not show.
                if self.hair.is_some_and(|m| m.is_hair(px as f32, y as f32)) {
                    continue;
                }
                let lin = [pixel[0], pixel[1], pixel[2]].map(to_linear);
                let s = specular(lin, &self.optics);
                let skin = v * skin_likeness([lin[0] - s, lin[1] - s, lin[2] - s]);
                if skin <= 0.0 {
                    continue;
                }
                for ch in 0..3 {
                    // Thin haze takes mostly red; where it is dense it takes every colour.
                    let haze_weight = HAZE_WEIGHTS[ch] + (1.0 - HAZE_WEIGHTS[ch]) * dh;
                    let t = (1.0 - skin * CORE_WEIGHTS[ch] * dc)
                        * (1.0 - skin * haze_weight * dh)
                        * (1.0 - RED_TINT[ch] * red);
                    pixel[ch] = from_linear(s + (lin[ch] - s) * t);
                }
            }
        }
    }
}
