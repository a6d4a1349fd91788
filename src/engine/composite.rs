//! Compositing dots into the photo: one function for every output, at any crop and any scale.
//!
//! A dot darkens the pixels it covers in linear light: each channel is multiplied by
//! `1 − c·(1 − T)`, where `c` is the fraction of the pixel the dot covers and `T` the dot's
//! transmittance. Coverage is area-preserving at every scale (a dot smaller than a pixel spreads its
//! area over the pixels around it), so a screen preview looks like the full-size export shrunk.

use std::sync::OnceLock;

use image::RgbImage;
use rayon::prelude::*;

use crate::engine::pattern::{Candidate, Candidates};
use crate::engine::rng::mix;

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

/// How one layer's dots look, in photo pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotStyle {
    /// Mean dot radius in photo pixels.
    pub radius: f32,
    /// Edge softness as a fraction of the radius.
    pub softness: f32,
    /// Pigment scattered around the core (light diffusing in the dermis), as a fraction of the
    /// core's covered area, spread over [`HALO_REACH`] core radii.
    pub halo: f32,
    /// Absorbance per linear channel at full coverage.
    pub absorbance: [f32; 3],
    /// Relative spread of dot diameters (0.2 = ±20 %).
    pub size_jitter: f32,
    /// Relative spread of dot darkness.
    pub tone_jitter: f32,
    /// Extra salt for per-dot variation (the layer's seed), so two layers never vary alike.
    pub salt: u64,
    /// What the halo absorbs per linear channel at full coverage, when it is not the pigment:
    /// a fresh dot's faint redness (irritated skin absorbs green and blue, not red).
    pub halo_tint: Option<[f32; 3]>,
}

/// Radius of the halo around a dot, in core radii.
pub const HALO_REACH: f32 = 2.2;

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

/// A dot resolved for drawing: centre and radius in output pixels, transmittance per channel.
struct Splat {
    cx: f32,
    cy: f32,
    radius: f32,
    soft: f32,
    halo: f32,
    keep: [f32; 3],
    halo_keep: [f32; 3],
    /// The halo is a ring around the core (redness) rather than pigment spreading from it.
    ring: bool,
}

fn resolve(c: &Candidate, style: &DotStyle, view: View) -> Splat {
    let h = mix(u64::from(c.key) ^ style.salt);
    let u_size = ((h & 0xFFFF) as f32 / 65535.0) * 2.0 - 1.0;
    let u_tone = (((h >> 16) & 0xFFFF) as f32 / 65535.0) * 2.0 - 1.0;
    let scale = view.scale as f32;
    let radius = style.radius * (1.0 + style.size_jitter * u_size).max(0.2) * scale;
    let strength = (1.0 + style.tone_jitter * u_tone).max(0.0);
    Splat {
        cx: ((f64::from(c.x) - view.x0) * view.scale) as f32,
        cy: ((f64::from(c.y) - view.y0) * view.scale) as f32,
        radius,
        soft: (radius * style.softness).max(1.0),
        halo: style.halo,
        keep: style.absorbance.map(|a| 1.0 - (-a * strength).exp()),
        ring: style.halo_tint.is_some(),
        halo_keep: style
            .halo_tint
            .unwrap_or_else(|| style.absorbance.map(|a| 1.0 - (-a * strength).exp())),
    }
}

/// Darkens `pixel` (RGB bytes) by a dot's core and halo coverage, the core absorbing `keep` and
/// the halo `halo_keep` (1 − T) per channel; the two layers multiply.
#[inline]
fn darken(pixel: &mut [u8], core: f32, halo: f32, keep: &[f32; 3], halo_keep: &[f32; 3]) {
    for ((v, k), hk) in pixel.iter_mut().zip(keep).zip(halo_keep) {
        let l = to_linear(*v) * (1.0 - core * k) * (1.0 - halo * hk);
        *v = from_linear(l);
    }
}

/// Where a dot's coverage goes: straight into the pixels (full size and larger, where dots that
/// overlap multiply like layered pigment) or summed first (shrunk previews, where several separate
/// dots share a pixel and their covered areas add up).
///
/// In a shrunk preview, cores of different dots never overlap inside a pixel (their covered areas
/// add up), while halos overlap freely (their transmittances multiply): the two are kept apart.
enum Target<'a> {
    Pixels(&'a mut [u8]),
    Sum {
        cores: &'a mut [f32],
        halos: &'a mut [f32],
    },
}

/// Draws one dot into `target`, which holds output rows `row0..` of an image `width` pixels wide.
fn draw(target: &mut Target<'_>, row0: i64, width: u32, height: i64, s: &Splat) {
    let w = i64::from(width);
    let row_count = match target {
        Target::Pixels(rows) => rows.len() as i64 / (w * 3),
        Target::Sum { cores, .. } => cores.len() as i64 / (w * 3),
    };
    let mut put = |x: i64, y: i64, core: f32, halo: f32| {
        if core + halo < 1e-4 || x < 0 || x >= w || y < row0 || y >= row0 + row_count || y >= height
        {
            return;
        }
        let i = (((y - row0) * w + x) * 3) as usize;
        let (core, halo) = (core.min(1.0), halo.min(1.0));
        match target {
            Target::Pixels(rows) => darken(&mut rows[i..i + 3], core, halo, &s.keep, &s.halo_keep),
            Target::Sum { cores, halos } => {
                for ch in 0..3 {
                    cores[i + ch] += core * s.keep[ch];
                    halos[i + ch] += (1.0 - halo * s.halo_keep[ch]).max(1e-6).ln();
                }
            }
        }
    };
    let core_area = std::f32::consts::PI * s.radius * s.radius;
    let area = core_area * (1.0 + s.halo);
    let halo_radius = s.radius * HALO_REACH;
    if halo_radius < 0.75 {
        // Smaller than a pixel: spread its area bilinearly over the four nearest pixel centres.
        let (fx, fy) = (s.cx - 0.5, s.cy - 0.5);
        let (ix, iy) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - ix, fy - iy);
        let (ix, iy) = (ix as i64, iy as i64);
        put(ix, iy, area * (1.0 - tx) * (1.0 - ty), 0.0);
        put(ix + 1, iy, area * tx * (1.0 - ty), 0.0);
        put(ix, iy + 1, area * (1.0 - tx) * ty, 0.0);
        put(ix + 1, iy + 1, area * tx * ty, 0.0);
        return;
    }
    // A core disc with a soft rim, plus a faint halo falling to nothing at HALO_REACH radii; each
    // part scaled so that its total coverage equals its area, whatever the pixel grid.
    let reach = halo_radius.max(s.radius + s.soft);
    // Pixels whose centres lie within reach.
    let (x0, x1) = (
        (s.cx - reach - 0.5).ceil() as i64,
        (s.cx + reach - 0.5).floor() as i64,
    );
    let (y0, y1) = (
        (s.cy - reach - 0.5).ceil() as i64,
        (s.cy + reach - 0.5).floor() as i64,
    );
    if x1 < x0 || y1 < y0 {
        return;
    }
    let core_soft = s.soft.max(0.5);
    let profile = |x: i64, y: i64| {
        let (dx, dy) = (x as f32 + 0.5 - s.cx, y as f32 + 0.5 - s.cy);
        let d = (dx * dx + dy * dy).sqrt();
        let core = ((s.radius - d) / core_soft + 0.5).clamp(0.0, 1.0);
        // The halo, strongest at the centre, fades out by HALO_REACH radii; it darkens as its own
        // layer, so together with the core the dot still fades monotonically to its rim.
        let t = (1.0 - d / halo_radius).max(0.0);
        // Redness peaks around the rim of the dot and fades outwards.
        let halo = if s.ring { 4.0 * t * (1.0 - t) } else { t * t };
        (core, halo)
    };
    // Weights are computed once, summed for normalisation, then applied.
    let w = (x1 - x0 + 1) as usize;
    let count = w * (y1 - y0 + 1) as usize;
    let mut stack = [(0.0f32, 0.0f32); 256];
    let mut heap = Vec::new();
    let weights: &mut [(f32, f32)] = if count <= stack.len() {
        &mut stack[..count]
    } else {
        heap.resize(count, (0.0, 0.0));
        &mut heap
    };
    let (mut core_total, mut halo_total) = (0.0, 0.0);
    for (k, slot) in weights.iter_mut().enumerate() {
        let (x, y) = (x0 + (k % w) as i64, y0 + (k / w) as i64);
        let (c, h) = profile(x, y);
        core_total += c;
        halo_total += h;
        *slot = (c, h);
    }
    let core_norm = if core_total > 0.0 {
        core_area / core_total
    } else {
        0.0
    };
    let halo_norm = if halo_total > 0.0 {
        core_area * s.halo / halo_total
    } else {
        0.0
    };
    for (k, &(c, h)) in weights.iter().enumerate() {
        let (x, y) = (x0 + (k % w) as i64, y0 + (k / w) as i64);
        if y >= row0 {
            put(x, y, c * core_norm, h * halo_norm);
        }
    }
}

/// Draws `dots` into `rows` (output rows `row0..`), summing coverage first when shrinking.
fn draw_all<'a>(
    rows: &mut [u8],
    row0: i64,
    width: u32,
    height: i64,
    dots: impl Iterator<Item = &'a Candidate>,
    style: &DotStyle,
    view: View,
) {
    if view.scale >= 1.0 {
        let mut target = Target::Pixels(rows);
        for c in dots {
            draw(&mut target, row0, width, height, &resolve(c, style, view));
        }
        return;
    }
    let mut cores = vec![0.0f32; rows.len()];
    let mut halos = vec![0.0f32; rows.len()];
    let mut target = Target::Sum {
        cores: &mut cores,
        halos: &mut halos,
    };
    for c in dots {
        draw(&mut target, row0, width, height, &resolve(c, style, view));
    }
    for ((v, core), halo) in rows.iter_mut().zip(&cores).zip(&halos) {
        if *core > 0.0 || *halo < 0.0 {
            *v = from_linear(to_linear(*v) * (1.0 - core.min(1.0)) * halo.exp());
        }
    }
}

/// Composites `dots` drawn in `style` into `image`, which shows the photo through `view`.
///
/// Dots are applied band by band (alternating halves in parallel); the order in which any one pixel
/// receives its dots is fixed, so the result does not depend on threads, and a crop of the photo
/// gets exactly the pixels of the same region of the full image.
pub fn composite(image: &mut RgbImage, view: View, dots: &Candidates, style: &DotStyle) {
    let (width, height) = image.dimensions();
    let stride = width as usize * 3;
    let band_out = f64::from(dots.band_height) * view.scale;
    let reach = style.radius * (1.0 + style.size_jitter) * (1.0 + style.softness).max(HALO_REACH);
    let margin = (f64::from(reach) * view.scale + 3.0).ceil();
    let buffer: &mut [u8] = image;
    let bands = dots.band_count();
    // Rows each band may touch, in output pixels.
    let span = |k: usize| -> (i64, i64) {
        let top = (k as f64 * f64::from(dots.band_height) - view.y0) * view.scale;
        let lo = ((top - margin).floor() as i64).clamp(0, i64::from(height));
        let hi = ((top + band_out + margin).ceil() as i64).clamp(0, i64::from(height));
        (lo, hi)
    };
    let parallel = band_out > 2.0 * margin + 2.0;
    let h = i64::from(height);
    for phase in 0..2 {
        if !parallel {
            let dots_of_phase = (phase..bands).step_by(2).flat_map(|k| dots.band(k).iter());
            draw_all(buffer, 0, width, h, dots_of_phase, style, view);
            continue;
        }
        // Bands of one parity never share rows, so each gets its own slice of the image.
        let mut jobs: Vec<(usize, i64, &mut [u8])> = Vec::new();
        let mut rest: &mut [u8] = &mut *buffer;
        let mut consumed: i64 = 0;
        for k in (phase..bands).step_by(2) {
            let (lo, hi) = span(k);
            if hi <= lo || lo < consumed {
                continue;
            }
            let taken = std::mem::take(&mut rest);
            let (_, tail) = taken.split_at_mut((lo - consumed) as usize * stride);
            let (mine, tail) = tail.split_at_mut((hi - lo) as usize * stride);
            rest = tail;
            consumed = hi;
            jobs.push((k, lo, mine));
        }
        jobs.into_par_iter().for_each(|(k, lo, rows)| {
            draw_all(rows, lo, width, h, dots.band(k).iter(), style, view);
        });
    }
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
