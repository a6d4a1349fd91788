//! Procedurally generated sample images: no real person's photo, nothing downloaded.
//!
//! [`scalp_photo`] paints a believable phone photo of a shaved head with a receding (Norwood 3)
//! hairline, for demos and tests; [`skin_patch`] a plain patch of skin; [`app_icon`] the icon.
//!
//! Everything is computed in `f64` from the seed with the stateless hashes of [`rng`] (and only
//! basic arithmetic, `sqrt`, `exp`, `sin` and `cos`), so the same arguments give the same bytes on
//! every machine. The photo is rendered in bands of rows in parallel; each band depends only on its
//! own inputs, so the thread schedule cannot change the result.
//!
//! Colours are handled in a simple linear space with gamma 2 (`linear = srgb²`): close enough to
//! sRGB for a synthetic photo, and exact with nothing but `sqrt`.
//!
//! The photo is built like a real one: a 3D head (an ellipsoid dome that narrows towards the
//! forehead) lit by a warm key light from the upper left, a cool fill and an ambient term, with a
//! wrap term per channel for the reddish terminator of skin and a two-lobe specular sheen. Skin
//! albedo varies at several scales and carries pores; hair grows in follicular units whose density
//! ramps up irregularly behind the hairline. The head is freshly shaved: each hair is a stub cut a
//! few tenths of a millimetre above the skin (mostly its cut cross-section, with a little length
//! where it leaves the skin at a slant), projected from 3D, over the dark core of its shaft just
//! under the skin and the soft blue-grey shadow of its follicle. Depth of field, vignetting and
//! sensor noise finish it.

mod icon;
mod marks;
mod maths;
mod scene;
mod shading;
#[cfg(test)]
mod tests;

use image::RgbImage;
use rayon::prelude::*;

use crate::engine::rng;

pub use icon::app_icon;
use marks::{Spot, apply_spot, buckets};
use maths::{Lattice, gauss_of, quantise, scale3, to_display, to_linear};
use scene::Scene;

/// Scale of the generated sample photo, pixels per millimetre (so a 3000-px-wide photo spans 250 mm).
pub const SAMPLE_PX_PER_MM: f64 = 12.0;

/// Width of the photo, in pixels, at which the scale is exactly [`SAMPLE_PX_PER_MM`].
pub(super) const REFERENCE_WIDTH: f64 = 3000.0;

/// Rows rendered together by one parallel task.
pub(super) const BAND: usize = 16;

/// Chance of a follicular-unit candidate in a 0.7 mm cell where hair is at full density, before
/// the spacing thins them (about 80 units per cm² of skin are left).
pub(super) const FU_CANDIDATE: f64 = 0.48;

/// Smallest distance between follicular units on skin facing the camera, mm.
pub(super) const FU_SPACING_MM: f64 = 0.45;

/// Hash purposes, so that different uses of one seed are independent.
pub(super) mod purpose {
    pub const LATTICE: u64 = 0x5A31_0001;
    pub const SHAPE: u64 = 0x5A31_0002;
    pub const FOLLICLE: u64 = 0x5A31_0003;
    pub const PORE: u64 = 0x5A31_0004;
    pub const BLEMISH: u64 = 0x5A31_0005;
    pub const SENSOR: u64 = 0x5A31_0006;
    pub const ICON: u64 = 0x5A31_0007;
}

pub(super) type Rgbf = [f64; 3];

/// Renders `img` band by band in parallel with `band(index, bytes)`.
fn render_bands(img: &mut RgbImage, band: impl Fn(usize, &mut [u8]) + Sync) {
    let row_bytes = img.width() as usize * 3;
    if row_bytes == 0 || img.height() == 0 {
        return;
    }
    let buf: &mut [u8] = img;
    buf.par_chunks_mut(row_bytes * BAND)
        .enumerate()
        .for_each(|(i, chunk)| band(i, chunk));
}

/// A believable photo of a man's head seen from the front-top, as a phone photographs it for an SMP
/// consultation: shaved/buzz-cut head with a receding (Norwood 3) hairline.
pub fn scalp_photo(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut img = RgbImage::new(width, height);
    if width == 0 || height == 0 {
        return img;
    }
    let scene = Scene::new(width, height, seed);
    render_bands(&mut img, |band, out| scene.render_band(band, out));
    img
}

/// A plain synthetic skin patch (uniform-ish skin with faint pores/noise, no hair): for tests.
pub fn skin_patch(width: u32, height: u32, rgb: [u8; 3], seed: u64) -> RgbImage {
    let mut img = RgbImage::new(width, height);
    if width == 0 || height == 0 {
        return img;
    }
    let (w, h) = (f64::from(width), f64::from(height));
    let s = SAMPLE_PX_PER_MM;
    let low = Lattice::new(seed, 31, w, h, 9.0 * s);
    let mid = Lattice::new(seed, 32, w, h, 2.0 * s);
    let fine = Lattice::new(seed, 33, w, h, 0.35 * s);
    let base = rgb.map(to_linear);
    let cell = 0.55 * s;
    let cols = (w / cell).ceil() as u64 + 1;
    let rows = (h / cell).ceil() as u64 + 1;
    let pores: Vec<Spot> = (0..rows)
        .flat_map(|j| (0..cols).map(move |i| (i, j)))
        .map(|(i, j)| {
            let r = |k: u64| rng::unit_of(rng::hash(&[seed, purpose::PORE, i, j, k]));
            let strength = 0.04 + 0.1 * r(2) * r(2);
            let radius = (0.07 + 0.07 * r(3)) * s * 1.8;
            let (x, y) = ((i as f64 + r(0)) * cell, (j as f64 + r(1)) * cell);
            Spot::conserving(x, y, radius, scale3([0.8, 1.0, 1.0], strength), 0.0, 0.8)
        })
        .collect();
    let pore_bands = buckets(pores.iter().map(Spot::rows), height as usize);
    let width = width as usize;
    render_bands(&mut img, |band, out| {
        let y0 = band * BAND;
        let nrows = out.len() / (3 * width);
        let mut alb = vec![[0.0; 3]; nrows * width];
        let mut unused = vec![1.0; nrows * width];
        for r in 0..nrows {
            let y = (y0 + r) as f64 + 0.5;
            for c in 0..width {
                let x = c as f64 + 0.5;
                let bright =
                    1.0 + 0.025 * low.at(x, y) + 0.012 * mid.at(x, y) + 0.015 * fine.at(x, y);
                let red = 0.02 * mid.at(y, x);
                alb[r * width + c] = [
                    base[0] * bright * (1.0 + red),
                    base[1] * bright * (1.0 - red),
                    base[2] * bright,
                ];
            }
        }
        for &k in &pore_bands[band] {
            apply_spot(&pores[k as usize], width, y0, nrows, &mut alb, &mut unused);
        }
        for (i, px) in alb.iter().enumerate() {
            let key = ((y0 + i / width) * width + i % width) as u64;
            let h1 = rng::mix(seed ^ rng::mix(key ^ purpose::SENSOR));
            let grain = gauss_of(h1) * 1.2 / 255.0;
            for ch in 0..3 {
                let chroma = gauss_of(rng::mix(h1 ^ (ch as u64 + 1))) * 0.5 / 255.0;
                out[3 * i + ch] = quantise(to_display(px[ch]) + grain + chroma);
            }
        }
    });
    img
}
