//! Compositing dots into the photo: one function for every output, at any crop and any scale.
//!
//! The optical model is in [`crate::engine::optics`]; here it becomes pixels. For every output
//! pixel the compositor gathers, in linear light:
//! * the darkness of the dot cores over it (`kernel.rs`): soft, slightly oval, irregular spots,
//!   combined like layered filters (`1 − Π(1 − dᵢ)`);
//! * the darkness of the haze (`haze.rs`): every dot's spread, summed on a grid fixed to the photo
//!   and blurred by the skin's scattering;
//! * the photo's shine (`shine.rs`), which stays on top: only the light that entered the skin is
//!   darkened.
//!
//! A dot's darkening is area-preserving at every scale (a dot narrower than 1.5 output pixels is
//! widened with its peak lowered to match), so a screen preview looks like the full-size export
//! shrunk. Each pixel receives its dots in a fixed order (layer, band, dot), so the result does not
//! depend on threads, and a crop of the photo gets exactly the pixels of the same region of the
//! full image.

mod haze;
mod kernel;
mod shine;

use std::sync::OnceLock;

use image::RgbImage;
use rayon::prelude::*;

use crate::engine::hair::HairMask;
use crate::engine::optics::SkinOptics;
use crate::engine::pattern::Candidates;

pub use shine::specular;

/// Which part of the photo an output image shows: output pixel (u, v) covers photo pixels starting
/// at (x0 + u / scale, y0 + v / scale).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x0: f64,
    pub y0: f64,
    /// Output pixels per photo pixel.
    pub scale: f64,
}

impl View {
    /// The whole photo at full resolution.
    pub const FULL: View = View {
        x0: 0.0,
        y0: 0.0,
        scale: 1.0,
    };
}

/// How one layer's dots look, in photo pixels (made from a layer by [`crate::engine::optics`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotStyle {
    /// Width at half darkness of the mean dot (one needle tip), photo pixels.
    pub width: f32,
    /// Darkness (0 … 1, red) at the centre of a lone mean tip's core.
    pub peak: f32,
    /// Needle tips per impression (1 for 1RL, 3 for 3RL).
    pub tips: usize,
    /// Distance between the tips of one impression, photo pixels.
    pub tip_spacing: f32,
    /// Spread of dot widths (coefficient of variation).
    pub size_jitter: f32,
    /// Spread of dot darkness (coefficient of variation).
    pub tone_jitter: f32,
    /// Mean length/width ratio of a dot.
    pub elongation: f32,
    /// Direction of the long axis, radians counter-clockwise from the photo's x axis.
    pub direction: f32,
    /// Spread of directions, radians.
    pub direction_spread: f32,
    /// Mean edge softness, 0 (crisp) … 1 (very soft).
    pub softness: f32,
    /// Share of marks made of two merged impressions.
    pub merge: f32,
    /// How far a hand places a mark off its pattern position (standard deviation, photo pixels):
    /// the pattern is evenly spread, a practitioner's placement is not quite.
    pub wander: f32,
    /// Darkening carried by each dot's haze, photo px² of fully darkened skin.
    pub haze: f32,
    /// Redness around each fresh dot, photo px² of fully reddened skin (0 once healed).
    pub redness: f32,
    /// Extra salt for per-dot variation (the layer's seed), so two layers never vary alike.
    pub salt: u64,
}

/// One layer to composite: its visible dots and how they look.
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    pub dots: &'a Candidates,
    pub style: &'a DotStyle,
}

/// sRGB to linear, for every 8-bit value.
fn to_linear_table() -> &'static [f32; 256] {
    static TABLE: OnceLock<[f32; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            let c = i as f32 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
    })
}

const FROM_LINEAR_STEPS: usize = 16384;

/// Linear to sRGB 8-bit, sampled finely enough to be exact to a level near black.
fn from_linear_table() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=FROM_LINEAR_STEPS)
            .map(|i| {
                let l = i as f32 / FROM_LINEAR_STEPS as f32;
                let s = if l <= 0.003_130_8 {
                    l * 12.92
                } else {
                    1.055 * l.powf(1.0 / 2.4) - 0.055
                };
                (s * 255.0).round().clamp(0.0, 255.0) as u8
            })
            .collect()
    })
}

/// Weights of linear R, G and B in luminance (Rec. 709).
pub const LUMA_WEIGHTS: [f32; 3] = [0.2126, 0.7152, 0.0722];

/// Luminance of a colour in linear light.
pub fn linear_luminance(c: [f32; 3]) -> f32 {
    LUMA_WEIGHTS[0] * c[0] + LUMA_WEIGHTS[1] * c[1] + LUMA_WEIGHTS[2] * c[2]
}

/// sRGB byte to linear.
pub fn to_linear(v: u8) -> f32 {
    to_linear_table()[v as usize]
}

/// Linear to sRGB byte.
pub fn from_linear(l: f32) -> u8 {
    from_linear_table()[(l.clamp(0.0, 1.0) * FROM_LINEAR_STEPS as f32 + 0.5) as usize]
}

/// Output rows composited together: at least this many, and at least [`CHUNK_MM`] of the photo.
const CHUNK_ROWS: usize = 48;
const CHUNK_MM: f64 = 6.0;

/// The skin the dots are composited into.
#[derive(Clone, Copy)]
pub struct Skin<'a> {
    pub optics: &'a SkinOptics,
    /// The photo's scale, for the haze's reach.
    pub px_per_mm: f64,
    /// Existing hair, when it was detected: pigment under it does not show.
    pub hair: Option<&'a HairMask>,
}

/// Composites every layer in `passes` into `image`, which shows the photo through `view`.
pub fn composite(image: &mut RgbImage, view: View, passes: &[Pass<'_>], skin: Skin<'_>) {
    let Skin {
        optics,
        px_per_mm,
        hair,
    } = skin;
    let (width, height) = image.dimensions();
    if width == 0 || height == 0 || passes.iter().all(|p| p.dots.points.is_empty()) {
        return;
    }
    let haze = haze::Field::build(passes, view, width, height, px_per_mm);
    let shine = shine::Shine::new(optics, hair);
    let stride = width as usize * 3;
    let rows = CHUNK_ROWS.max((CHUNK_MM * px_per_mm * view.scale).ceil() as usize);
    let buffer: &mut [u8] = image;
    buffer
        .par_chunks_mut(stride * rows)
        .enumerate()
        .for_each(|(n, pixels)| {
            let row0 = n * rows;
            let count = pixels.len() / stride;
            let mut cores = vec![0.0f32; count * width as usize];
            for pass in passes {
                kernel::draw(&mut cores, width, row0, count, view, pass);
            }
            shine.apply(pixels, &cores, width, row0, view, &haze);
        });
}

/// The part of `photo` seen through `view`, `width` × `height` output pixels: averaged in linear
/// light when shrinking, nearest pixel when enlarging.
pub fn resample(photo: &RgbImage, view: View, width: u32, height: u32) -> RgbImage {
    let (pw, ph) = photo.dimensions();
    let mut out = RgbImage::new(width, height);
    let step = 1.0 / view.scale;
    let stride = width as usize * 3;
    let buffer: &mut [u8] = &mut out;
    buffer
        .par_chunks_mut(stride.max(1))
        .enumerate()
        .for_each(|(v, row)| {
            let y_start = view.y0 + v as f64 * step;
            let ya = (y_start.floor().max(0.0) as u32).min(ph.saturating_sub(1));
            let yb = (((y_start + step).ceil() as u32).max(ya + 1)).min(ph);
            for u in 0..width as usize {
                let x_start = view.x0 + u as f64 * step;
                let xa = (x_start.floor().max(0.0) as u32).min(pw.saturating_sub(1));
                let xb = (((x_start + step).ceil() as u32).max(xa + 1)).min(pw);
                let pixel = &mut row[u * 3..u * 3 + 3];
                if step <= 1.0 || (xb - xa == 1 && yb - ya == 1) {
                    pixel.copy_from_slice(&photo.get_pixel(xa, ya).0);
                    continue;
                }
                let mut sum = [0.0f32; 3];
                for y in ya..yb {
                    for x in xa..xb {
                        let p = photo.get_pixel(x, y).0;
                        for ch in 0..3 {
                            sum[ch] += to_linear(p[ch]);
                        }
                    }
                }
                let n = ((xb - xa) * (yb - ya)) as f32;
                for ch in 0..3 {
                    pixel[ch] = from_linear(sum[ch] / n);
                }
            }
        });
    out
}
