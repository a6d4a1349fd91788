//! Existing hair in a scalp photo, so that thinning-hair mode puts dots only on visible scalp.
//!
//! Hair on a scalp photo is a dark, fine structure (single hairs 0.04–0.12 mm wide) or, where it
//! grows densely, a dark mass. Skin around it changes slowly: shading over the curve of the head,
//! a sheen, mottling over millimetres. The detector leans on that difference in scale:
//!
//! 1. **Luminance in linear light.** Lighting multiplies linear values, so "darker than the skin
//!    around it by a fraction" means the same thing in a bright highlight and in the shade.
//! 2. **A local background**: the mean luminance over a box about 1.5 mm wide
//!    (`BACKGROUND_RADIUS_MM` each side). That is several hair widths, so a hair barely moves
//!    it, yet far smaller than the shading of a head. It is computed on a coarse grid of blocks
//!    (a third of the radius each) and interpolated: the background is smooth by construction,
//!    and the grid keeps a 24-megapixel photo to a few passes over its pixels and little memory.
//! 3. **A second, cleaner background** that leaves out the pixels the first pass found dark.
//!    Between dense hairs the plain mean is dragged down by the hair itself; the mean of what is
//!    left is the skin between them, against which the hairs stand out again.
//! 4. **Hair** is a pixel darker than its background by more than a fraction set by the
//!    sensitivity (42 % at 0, 10 % at 1; pores and sensor noise stay below about 15 %, a hair
//!    resolved by the camera is darker by half or more), **or** far darker than the photo's skin
//!    tone (10–30 % of it): the inside of a dense dark patch, where no skin is left in the box
//!    for a local comparison. The skin tone is a high percentile of the background over the
//!    photo, which lands on lit skin rather than on hair, shadow or backdrop.
//! 5. **Clearance**: the mask grows by a disc of [`HairSettings::clearance_mm`], so pigment stays
//!    off the soft edges of hairs.
//!
//! Limits: anything dark counts as hair, so a dark backdrop, deep shadow, a mole or a scab is
//! flagged too; the treatment region decides where dots may go, the hair mask only takes hairs out
//! of it. Grey or blond hair that is not darker than the skin is not found.

use image::{Rgb, RgbImage, Rgba, RgbaImage};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::engine::units::View;

mod background;
use background::{Grid, Luma, block_sums, box_means, dilate};

/// Half-width of the box the local background is averaged over, in mm.
const BACKGROUND_RADIUS_MM: f64 = 0.75;

/// Relative darkening that marks hair, at sensitivity 0 and 1.
const CONTRAST_AT_ZERO: f32 = 0.42;
const CONTRAST_AT_ONE: f32 = 0.10;

/// Luminance, as a fraction of the photo's skin tone, below which a pixel is hair whatever its
/// neighbours, at sensitivity 0 and 1.
const DENSE_AT_ZERO: f32 = 0.10;
const DENSE_AT_ONE: f32 = 0.30;

/// Smallest darkening (linear luminance) that can count as hair: below it lies sensor noise in
/// near-black parts of the photo.
const MIN_DARKENING: f32 = 0.002;

/// Percentile of the background luminance taken as the photo's skin tone.
const SKIN_PERCENTILE: f32 = 0.75;

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

    /// Relative darkening against the local background that marks hair.
    fn contrast(&self) -> f32 {
        let s = self.sensitivity();
        CONTRAST_AT_ZERO + (CONTRAST_AT_ONE - CONTRAST_AT_ZERO) * s
    }

    /// Fraction of the skin tone below which a pixel is hair outright.
    fn dense(&self) -> f32 {
        let s = self.sensitivity();
        DENSE_AT_ZERO + (DENSE_AT_ONE - DENSE_AT_ZERO) * s
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

    fn from_data(width: u32, height: u32, data: Vec<bool>) -> Self {
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

/// Finds existing hair in `photo` (scale `px_per_mm`): see the module documentation.
pub fn detect_hair(photo: &RgbImage, px_per_mm: f64, settings: &HairSettings) -> HairMask {
    let (w, h) = photo.dimensions();
    let (width, height) = (w as usize, h as usize);
    if width == 0 || height == 0 {
        return HairMask::empty(w, h);
    }
    let px_per_mm = if px_per_mm.is_finite() && px_per_mm > 0.0 {
        px_per_mm
    } else {
        1.0
    };
    let luma = Luma::new();
    let contrast = settings.contrast();

    // Blocks a third of the background radius wide; the box spans the radius on each side.
    let radius_px = (BACKGROUND_RADIUS_MM * px_per_mm).max(2.0);
    let cell = ((radius_px / 3.0).round() as usize).clamp(1, 64);
    let reach = ((radius_px / cell as f64).round() as usize).max(1);
    let cols = width.div_ceil(cell);
    let rows = height.div_ceil(cell);

    // First background: every pixel.
    let plain = box_means(
        &block_sums(photo, &luma, cell, cols, None),
        cols,
        rows,
        reach,
    );
    let plain: Vec<f32> = plain.into_iter().map(|m| m.unwrap_or(0.0)).collect();
    let first = Grid::new(width, cols, rows, cell, plain.clone());

    // Second background: without the pixels the first one found dark; never below the first.
    let clean = box_means(
        &block_sums(photo, &luma, cell, cols, Some((&first, contrast))),
        cols,
        rows,
        reach,
    );
    let background: Vec<f32> = clean
        .into_iter()
        .zip(&plain)
        .map(|(c, &p)| c.map_or(p, |c| c.max(p)))
        .collect();

    let mut sorted = background.clone();
    let k = ((sorted.len() - 1) as f32 * SKIN_PERCENTILE) as usize;
    let skin = *sorted.select_nth_unstable_by(k, f32::total_cmp).1;
    let dense = skin * settings.dense();
    let grid = Grid::new(width, cols, rows, cell, background);

    let mut data = vec![false; width * height];
    let raw: &[u8] = photo.as_raw();
    data.par_chunks_mut(width)
        .zip(raw.par_chunks(width * 3))
        .enumerate()
        .for_each(|(y, (out, row))| {
            let bg = grid.row(y);
            for (x, (o, p)) in out.iter_mut().zip(row.chunks_exact(3)).enumerate() {
                let l = luma.of(p);
                let b = grid.at(&bg, x);
                *o = (l < b * (1.0 - contrast) && b - l > MIN_DARKENING) || l < dense;
            }
        });

    let clearance = f64::from(settings.clearance_mm).max(0.0) * px_per_mm;
    let data = if clearance.is_finite() {
        dilate(&data, width, height, clearance)
    } else {
        data
    };
    HairMask::from_data(w, h, data)
}

#[cfg(test)]
mod tests;
