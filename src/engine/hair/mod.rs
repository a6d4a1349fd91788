//! Existing hair in a scalp photo, so that thinning-hair mode puts dots only on visible scalp.
//!
//! A hair is recognised by its **shape**, not by being dark: single hairs are lines 0.04–0.12 mm
//! wide and millimetres long, dark brown or black, but also grey, blond or white, darker or
//! lighter than the skin or about as bright and of another colour. The skin changes slowly:
//! shading over the curve of the head, a sheen, mottling over millimetres, round pores.
//!
//! 1. **Strands** (`strands.rs`): on a working grid where a hair is one to three pixels wide, in
//!    log luminance, log red/blue and log green/blue (where lighting cancels: colourless hair
//!    stands out from warm skin in the first ratio, yellow blond from pink skin in the second),
//!    a pixel is on a strand when the second derivatives there are elongated (a
//!    line, not a pore) and it differs from the skin on *both* sides across the line (not an edge,
//!    not a gradient) by more than a threshold and more than a multiple of the noise
//!    and texture at a hair's scale around it. The sensitivity lowers both (in luminance 12 % at
//!    0, 3 % at 1, 6 and 3 times the texture; in the colour ratios, where skin has less texture,
//!    8 % and 4 %, 4.5 and 2.5 times).
//! 2. **Dark marks**: a pixel darker than the local background (a box mean 1.5 mm wide, a
//!    second time without the pixels the first found dark) by more than a fraction (42 % at
//!    sensitivity 0, 10 % at 1): stubble and hairs too thick or blurred for the strand filter.
//!    Pores and sensor noise stay below about 15 %. The box follows shading, so shading is not
//!    a mark.
//! 3. **Dense hair**: inside a mass of dark hair no skin is left in the box to compare with, and
//!    the strands merge. A pixel is hair there when it is far darker (10–30 % by the
//!    sensitivity) than the *shaded* skin around it: the local background raised to an envelope
//!    that may fall only 14 % per mm. Shading over a head falls more slowly, so a shaded temple
//!    keeps its own level and is not hair; a patch of dense hair begins within a hair's width,
//!    so the skin beside it sets its level.
//! 4. **Clearance**: the mask grows by a disc of [`HairSettings::clearance_mm`], so pigment stays
//!    off the soft edges of hairs.
//!
//! The result only takes dots out: the dots are chosen first, from the layer's pattern and
//! density, and those on hair are hidden one by one, so the dots between hairs stay where they
//! are whatever the detection finds (`render::dots`).
//!
//! Limits: any thin line counts, so a wrinkle, a scratch, a thin vein or a pencil line is hair
//! too, and hairs crossing one another (where the curvature is no longer elongated) may leave a
//! pixel or two; a mass of dark hair is found more than about 10 mm in from its edge only where
//! its strands show; a near-black backdrop, a mole or a scab beside skin reads as dense hair. Chroma
//! in JPEG photos is stored at half resolution, so colourless hair finer than two pixels shows
//! less in the red/blue channel than on the synthetic test photos. The treatment region decides
//! where dots may go; the hair mask only takes hairs out of it.

use image::{Rgb, RgbImage, Rgba, RgbaImage};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::engine::units::View;

mod background;
mod detect;
mod strands;

pub use detect::detect_hair;
use strands::StrandThresholds;

/// Relative darkening against the first local background that leaves a pixel out of the
/// second (the skin between hairs), at sensitivity 0 and 1.
const CONTRAST_AT_ZERO: f32 = 0.42;
const CONTRAST_AT_ONE: f32 = 0.10;

/// Luminance, as a fraction of the shaded skin around it, below which a pixel is dense hair, at
/// sensitivity 0 and 1.
const DENSE_AT_ZERO: f32 = 0.10;
const DENSE_AT_ONE: f32 = 0.30;

/// Least difference of a strand from the skin on both sides of it (log units: 0.12 is about
/// 12 %), at sensitivity 0 and 1, in luminance and in the colour ratios. Real skin's texture
/// (pores, fine lines, a JPEG's blocks) lies mostly in luminance, so the colour ratios can be
/// read more finely: that is where pale blond and grey hair differ from the skin.
const STRAND_AT_ZERO: f32 = 0.12;
const STRAND_AT_ONE: f32 = 0.03;
const CHROMA_STRAND_AT_ZERO: f32 = 0.08;
const CHROMA_STRAND_AT_ONE: f32 = 0.04;

/// How many times its noise a strand's difference must be, at sensitivity 0 and 1, in
/// luminance and in the colour ratios.
const NOISE_AT_ZERO: f32 = 6.0;
const NOISE_AT_ONE: f32 = 3.0;
const CHROMA_NOISE_AT_ZERO: f32 = 4.5;
const CHROMA_NOISE_AT_ONE: f32 = 2.5;

/// Largest clearance, in photo pixels (beyond this a "clearance" hides the scalp itself).
const MAX_CLEARANCE_PX: f64 = 250.0;

/// How hair is detected.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HairSettings {
    /// 0 … 1: higher finds fainter and finer hair (and, at the top, some skin texture).
    pub sensitivity: f32,
    /// Margin kept clear around each detected hair, in mm.
    pub clearance_mm: f32,
}

impl Default for HairSettings {
    fn default() -> Self {
        HairSettings {
            sensitivity: 0.5,
            clearance_mm: 0.05,
        }
    }
}

impl HairSettings {
    /// The sensitivity, clamped to 0 … 1 (0.5 if it is not a number).
    fn sensitivity(&self) -> f32 {
        if self.sensitivity.is_nan() {
            0.5
        } else {
            self.sensitivity.clamp(0.0, 1.0)
        }
    }

    /// `at_zero` at sensitivity 0 to `at_one` at 1, linearly.
    fn by_sensitivity(&self, at_zero: f32, at_one: f32) -> f32 {
        at_zero + (at_one - at_zero) * self.sensitivity()
    }

    /// Relative darkening against the first background that leaves a pixel out of the second.
    fn contrast(&self) -> f32 {
        self.by_sensitivity(CONTRAST_AT_ZERO, CONTRAST_AT_ONE)
    }

    /// Fraction of the shaded skin around it below which a pixel is dense hair.
    fn dense(&self) -> f32 {
        self.by_sensitivity(DENSE_AT_ZERO, DENSE_AT_ONE)
    }

    /// What makes a strand.
    fn strand_thresholds(&self) -> StrandThresholds {
        StrandThresholds {
            luminance: self.by_sensitivity(STRAND_AT_ZERO, STRAND_AT_ONE),
            luminance_noise: self.by_sensitivity(NOISE_AT_ZERO, NOISE_AT_ONE),
            chroma: self.by_sensitivity(CHROMA_STRAND_AT_ZERO, CHROMA_STRAND_AT_ONE),
            chroma_noise: self.by_sensitivity(CHROMA_NOISE_AT_ZERO, CHROMA_NOISE_AT_ONE),
        }
    }
}

/// Where hair was found: one flag per photo pixel.
#[derive(Clone, PartialEq, Eq)]
pub struct HairMask {
    width: u32,
    height: u32,
    /// Row-major, true for hair (including the clearance around it).
    data: Vec<bool>,
    hair_pixels: usize,
}

impl std::fmt::Debug for HairMask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HairMask")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("hair_fraction", &self.hair_fraction())
            .finish()
    }
}

impl HairMask {
    /// A mask of the given size with no hair.
    pub fn empty(width: u32, height: u32) -> Self {
        HairMask {
            width,
            height,
            data: vec![false; width as usize * height as usize],
            hair_pixels: 0,
        }
    }

    pub(super) fn from_data(width: u32, height: u32, data: Vec<bool>) -> Self {
        let hair_pixels = data.par_iter().filter(|&&h| h).count();
        HairMask {
            width,
            height,
            data,
            hair_pixels,
        }
    }

    /// Width in photo pixels (the mask is at the photo's full resolution).
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in photo pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Whether the photo point (x, y) is on hair; pixel (i, j) covers [i, i+1) × [j, j+1).
    /// Points outside the photo are not.
    pub fn is_hair(&self, x: f32, y: f32) -> bool {
        if !(x >= 0.0 && y >= 0.0) {
            return false;
        }
        let (ix, iy) = (x as usize, y as usize);
        if ix >= self.width as usize || iy >= self.height as usize {
            return false;
        }
        self.data[iy * self.width as usize + ix]
    }

    /// Fraction of the photo detected as hair (0 for an empty photo).
    pub fn hair_fraction(&self) -> f32 {
        if self.data.is_empty() {
            0.0
        } else {
            (self.hair_pixels as f64 / self.data.len() as f64) as f32
        }
    }

    /// Fraction of the photo rectangle [x0, x1) × [y0, y1) (clipped to the photo) detected as hair.
    pub fn fraction_in(&self, x0: u32, y0: u32, x1: u32, y1: u32) -> f32 {
        let (x1, y1) = (x1.min(self.width) as usize, y1.min(self.height) as usize);
        let (x0, y0) = (x0 as usize, y0 as usize);
        if x0 >= x1 || y0 >= y1 {
            return 0.0;
        }
        let w = self.width as usize;
        let hair: usize = (y0..y1)
            .map(|y| {
                self.data[y * w + x0..y * w + x1]
                    .iter()
                    .filter(|&&h| h)
                    .count()
            })
            .sum();
        (hair as f64 / ((x1 - x0) * (y1 - y0)) as f64) as f32
    }

    /// How much of output pixel (u, v) of `view` is hair, 0 … 1: one sample per output pixel when
    /// zoomed in, up to 4 × 4 when the view shrinks the photo.
    fn coverage(&self, view: View, u: u32, v: u32) -> f32 {
        let n = if view.scale >= 1.0 {
            1
        } else {
            (1.0 / view.scale).ceil().clamp(1.0, 4.0) as u32
        };
        let mut hits = 0;
        for j in 0..n {
            let y = view.y0 + (f64::from(v) + (f64::from(j) + 0.5) / f64::from(n)) / view.scale;
            for i in 0..n {
                let x = view.x0 + (f64::from(u) + (f64::from(i) + 0.5) / f64::from(n)) / view.scale;
                hits += u32::from(self.is_hair(x as f32, y as f32));
            }
        }
        hits as f32 / (n * n) as f32
    }

    /// What was detected, for the app to lay over its view of the photo: a `width` × `height`
    /// image of the photo through `view` (as [`crate::engine::composite`] uses it), `colour` over
    /// hair (its alpha scaled by how much of each output pixel is hair), transparent elsewhere.
    pub fn overlay(&self, view: View, width: u32, height: u32, colour: [u8; 4]) -> RgbaImage {
        let mut out = RgbaImage::new(width, height);
        if width == 0 || !(view.scale.is_finite() && view.scale > 0.0) {
            return out;
        }
        let [r, g, b, a] = colour;
        let row_bytes = width as usize * 4;
        let buf: &mut [u8] = &mut out;
        buf.par_chunks_mut(row_bytes)
            .enumerate()
            .for_each(|(v, row)| {
                for (u, px) in row.chunks_exact_mut(4).enumerate() {
                    let c = self.coverage(view, u as u32, v as u32);
                    if c > 0.0 {
                        let alpha = (f32::from(a) * c).round() as u8;
                        px.copy_from_slice(&Rgba([r, g, b, alpha]).0);
                    }
                }
            });
        out
    }

    /// Tints `image` (the photo through `view`) in place where hair was found: each pixel moves
    /// towards `colour` by `strength` (0 … 1) times its hair coverage.
    pub fn tint(&self, image: &mut RgbImage, view: View, colour: [u8; 3], strength: f32) {
        let width = image.width() as usize;
        let strength = if strength.is_nan() {
            0.0
        } else {
            strength.clamp(0.0, 1.0)
        };
        if width == 0 || strength == 0.0 || !(view.scale.is_finite() && view.scale > 0.0) {
            return;
        }
        let buf: &mut [u8] = image;
        buf.par_chunks_mut(width * 3)
            .enumerate()
            .for_each(|(v, row)| {
                for (u, px) in row.chunks_exact_mut(3).enumerate() {
                    let k = strength * self.coverage(view, u as u32, v as u32);
                    if k > 0.0 {
                        let Rgb(tinted) = Rgb([0, 1, 2].map(|c| {
                            let (from, to) = (f32::from(px[c]), f32::from(colour[c]));
                            (from + (to - from) * k).round() as u8
                        }));
                        px.copy_from_slice(&tinted);
                    }
                }
            });
    }
}

#[cfg(test)]
mod tests;
