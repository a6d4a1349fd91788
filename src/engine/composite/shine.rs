//! Shine stays on top: light reflected at the skin's surface never met the pigment.
//!
//! A pixel of skin is modelled, after the dichromatic reflection model, as its diffuse colour (the
//! skin's own hue, which the pigment darkens) plus a neutral specular part (the light's colour,
//! which it does not). With the skin's diffuse blue/red ratio `k` known, the specular part of a
//! pixel is what makes it bluer than skin: `s = (B − k·R) / (1 − k)`. Only pixels about as bright as
//! the skin or brighter are considered, so grey hair, shadows and a dark backdrop stay as they are.
//! Pixels that are not skin at all (a grey backdrop, a white wall) take no pigment.

use super::haze::Field;
use crate::engine::colour::{linear_luminance, linear_lut, srgb_index, srgb_lut};
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
    Specular::new(optics).at(lin)
}

/// The specular estimate's constants for one skin, so that a loop over pixels only does
/// arithmetic (and the compiler can run it on several pixels at once).
#[derive(Clone, Copy)]
struct Specular {
    /// The diffuse blue/red ratio, with tolerance; 0 when the skin's hue is unknown (no shine).
    k: f32,
    inv_one_minus_k: f32,
    lo: f32,
    inv_span: f32,
}

impl Specular {
    fn new(optics: &SkinOptics) -> Self {
        let k = optics
            .blue_red
            .map_or(0.0, |ratio| (ratio * HUE_TOLERANCE).min(0.9));
        let (lo, hi) = (0.6 * optics.luminance, 0.95 * optics.luminance);
        Specular {
            k,
            inv_one_minus_k: if optics.blue_red.is_some() {
                1.0 / (1.0 - k)
            } else {
                0.0
            },
            lo,
            inv_span: 1.0 / (hi - lo).max(1e-6),
        }
    }

    #[inline]
    fn at(self, [r, g, b]: [f32; 3]) -> f32 {
        let s = ((b - self.k * r) * self.inv_one_minus_k).max(0.0);
        let t = ((linear_luminance([r, g, b]) - self.lo) * self.inv_span).clamp(0.0, 1.0);
        let gate = t * t * (3.0 - 2.0 * t);
        (s * gate).min(0.95 * r.min(g).min(b))
    }
}

/// How much a pixel's diffuse colour (linear) looks like skin, 0 … 1: skin of every type is
/// warm, red above blue by a fair share; a grey or cool backdrop, clothing or a wall is not, and
/// pigment in the scalp never darkens it. The head's outline then stays the head's.
#[inline]
fn skin_likeness([r, g, b]: [f32; 3]) -> f32 {
    let warmth = (r - b) / r.max(1e-5);
    let t = ((warmth - 0.08) * (1.0 / 0.17)).clamp(0.0, 1.0);
    let skin = t * t * (3.0 - 2.0 * t);
    if r > 1e-5 && g <= r * 1.05 { skin } else { 0.0 }
}

/// Applies the gathered darkness to the photo's pixels.
pub(super) struct Shine<'a> {
    optics: SkinOptics,
    hair: Option<&'a HairMask>,
}

/// Pixels worked on together: few enough that every array of a segment stays in the nearest
/// cache while it goes through the passes.
const SEGMENT: usize = 256;

/// One segment of an output row in linear light, a channel per array, with what darkens each
/// pixel.
struct Segment {
    lin: [[f32; SEGMENT]; 3],
    /// 1 where a pixel takes pigment, 0 where it stays as it is.
    takes: [f32; SEGMENT],
    /// The result's places in the sRGB table, a channel per array.
    code: [[u32; SEGMENT]; 3],
}

impl<'a> Shine<'a> {
    pub(super) fn new(optics: &SkinOptics, hair: Option<&'a HairMask>) -> Self {
        Shine {
            optics: *optics,
            hair,
        }
    }

    /// Darkens `pixels` (RGB rows from output row `row0`, `width` wide) by the core darkness in
    /// `cores` and the haze, keeping each pixel's shine. Each row goes by segments through
    /// passes: the bytes to linear light, the optics on whole arrays (no branches, so several
    /// pixels run at once), and back to bytes where a pixel took pigment. `cores` is left all
    /// zeros, ready for the next chunk (clearing each segment as it is used costs less than a
    /// pass over the whole buffer).
    #[inline(always)]
    pub(super) fn apply(
        &self,
        pixels: &mut [u8],
        cores: &mut [f32],
        width: u32,
        row0: usize,
        view: View,
        haze: &Field,
    ) {
        let w = width as usize;
        let (linear, srgb) = (linear_lut(), srgb_lut());
        let (mut dark, mut red) = (vec![0.0f32; w], vec![0.0f32; w]);
        let mut seg = Segment {
            lin: [[0.0; SEGMENT]; 3],
            takes: [0.0; SEGMENT],
            code: [[0; SEGMENT]; 3],
        };
        let columns = haze.columns(view, w);
        for (r, bytes) in pixels.chunks_exact_mut(w * 3).enumerate() {
            if !haze.row(view, row0 + r, &columns, &mut dark, &mut red) {
                dark.fill(0.0);
                red.fill(0.0);
            }
            let cores = &mut cores[r * w..(r + 1) * w];
            for x0 in (0..w).step_by(SEGMENT) {
                let n = SEGMENT.min(w - x0);
                let span = x0..x0 + n;
                let bytes = &mut bytes[3 * x0..3 * (x0 + n)];
                let [lr, lg, lb] = &mut seg.lin;
                for ((p, r), (g, b)) in bytes
                    .chunks_exact(3)
                    .zip(lr.iter_mut())
                    .zip(lg.iter_mut().zip(lb.iter_mut()))
                {
                    (*r, *g, *b) = (
                        linear[p[0] as usize],
                        linear[p[1] as usize],
                        linear[p[2] as usize],
                    );
                }
                let light = Light {
                    cores: &cores[span.clone()],
                    dark: &dark[span.clone()],
                    red: &red[span],
                };
                self.darken(&mut seg, n, light);
                cores[x0..x0 + n].fill(0.0);
                self.under_hair(&mut seg.takes[..n], view, (x0, row0 + r));
                let [cr, cg, cb] = &seg.code;
                for ((p, &takes), ((&r, &g), &b)) in bytes
                    .chunks_exact_mut(3)
                    .zip(&seg.takes)
                    .zip(cr.iter().zip(cg).zip(cb))
                {
                    if takes > 0.0 {
                        p[0] = srgb[r as usize];
                        p[1] = srgb[g as usize];
                        p[2] = srgb[b as usize];
                    }
                }
            }
        }
    }

    /// Where hair lies over the skin, what is under it does not show: those pixels of a segment
    /// take no pigment. `at` is the segment's first output column and its row.
    #[inline(always)]
    fn under_hair(&self, takes: &mut [f32], view: View, at: (usize, usize)) {
        if let Some(mask) = self.hair {
            let y = (view.y0 + (at.1 as f64 + 0.5) / view.scale) as f32;
            let step = (1.0 / view.scale) as f32;
            let base = (view.x0 + (at.0 as f64 + 0.5) / view.scale) as f32;
            for (x, t) in takes.iter_mut().enumerate() {
                if *t > 0.0 && mask.is_hair(base + x as f32 * step, y) {
                    *t = 0.0;
                }
            }
        }
    }

    /// The optics on the first `n` pixels of a segment: only the light that entered the skin is
    /// darkened.
    #[inline(always)]
    fn darken(&self, seg: &mut Segment, n: usize, light: Light<'_>) {
        let spec = Specular::new(&self.optics);
        let v = self.optics.visibility;
        let [lr, lg, lb] = &mut seg.lin;
        let items = lr[..n]
            .iter_mut()
            .zip(lg[..n].iter_mut())
            .zip(lb[..n].iter_mut())
            .zip(light.cores)
            .zip(light.dark.iter().zip(light.red))
            .zip(seg.takes[..n].iter_mut());
        for (((((r, g), b), &dc), (&dh, &red)), takes) in items {
            let lin = [*r, *g, *b];
            let s = spec.at(lin);
            let skin = v * skin_likeness([lin[0] - s, lin[1] - s, lin[2] - s]);
            // A pixel takes pigment where it is skin and some darkness reaches it.
            let reached = dc > 0.0 || dh > 1e-5 || red > 0.0;
            *takes = if skin > 0.0 && reached { 1.0 } else { 0.0 };
            let mut out = [0.0f32; 3];
            for ch in 0..3 {
                // Thin haze takes mostly red; where it is dense it takes every colour.
                let haze_weight = HAZE_WEIGHTS[ch] + (1.0 - HAZE_WEIGHTS[ch]) * dh;
                let t = (1.0 - skin * CORE_WEIGHTS[ch] * dc)
                    * (1.0 - skin * haze_weight * dh)
                    * (1.0 - RED_TINT[ch] * red);
                out[ch] = s + (lin[ch] - s) * t;
            }
            (*r, *g, *b) = (out[0], out[1], out[2]);
        }
        for (code, lin) in seg.code.iter_mut().zip(&seg.lin) {
            for (c, &l) in code[..n].iter_mut().zip(&lin[..n]) {
                *c = srgb_index(l);
            }
        }
    }
}

/// What reaches a segment's pixels: the dots' cores, the haze and the fresh redness.
#[derive(Clone, Copy)]
struct Light<'a> {
    cores: &'a [f32],
    dark: &'a [f32],
    red: &'a [f32],
}
