//! Strands found by their shape: thin lines, darker or lighter or of another colour than the skin
//! on both sides of them, and elongated.
//!
//! The photo is read at a working scale where a hair is about one to three pixels wide
//! ([`WorkingScale`]), in horizontal strips (so memory stays a few strips whatever the photo's
//! size), and in three channels in which lighting cancels out:
//!
//! - **log luminance**: shading multiplies light, so it adds a constant here; a hair darker (or
//!   lighter) than the skin by a fraction differs by the same amount in the light and in the shade;
//! - **log red/blue**: skin is warm, grey and white hair is colourless, and lighting of one colour
//!   leaves the ratio as it is. Grey hair as bright as the skin stands out here;
//! - **log green/blue**: blond hair is yellow (little blue), pale skin pink (much red): a pale
//!   blond hair close to the skin in brightness and in red/blue differs here by twice as much.
//!
//! In each channel, smoothed by a Gaussian about a hair wide, a pixel is on a strand when
//!
//! 1. the Hessian (second derivatives) is **elongated**: it curves strongly across and little
//!    along (|λ₂| ≤ [`MAX_ANISOTROPY`] |λ₁|); a round pore or a speck curves alike both ways;
//! 2. it differs **from both sides**: the smoothed value a few pixels away on either side across
//!    the line (along the eigenvector of λ₁) is higher, or both are lower, by more than a
//!    threshold. An edge (a hair mass's border, a shadow's) has one side each way; a smooth
//!    gradient differs by nearly nothing over a hair's width;
//! 3. that difference clears the **noise and texture**: the threshold is at least a multiple of
//!    what grain, mottle and a sheen's glints do at a hair's scale in each block of the strip
//!    ([`texture`]), so a shiny or grainy patch needs a clearer line.
//!
//! A pixel beside a centre, across the line, is flagged too while its own value is at least
//! half as far from the side's: a hair wider than a pixel is covered across its width.
//!
//! One scale of smoothing only: hairs blurred to more than about 0.25 mm wide, or short stubs
//! no longer than they are wide, are left to the dark-mark rule, so pale ones of that kind are
//! not found.

use image::RgbImage;
use rayon::prelude::*;

use crate::engine::colour::{LUMA_WEIGHTS, to_linear};

/// Working pixels per mm at or above which the photo is read at a coarser scale.
const WORKING_PX_PER_MM: f64 = 12.0;

/// Smoothing: the Gaussian's σ in mm (about half a hair's width), and at least this many pixels.
const SIGMA_MM: f64 = 0.06;
const MIN_SIGMA_PX: f64 = 0.8;

/// The widest single hair, in mm.
const MAX_HAIR_MM: f64 = 0.12;

/// Largest ratio of the along-line curvature to the across-line curvature.
const MAX_ANISOTROPY: f32 = 0.4;

/// Added to linear values before the logarithm, so near-black noise stays bounded.
const LOG_FLOOR: f32 = 0.004;

/// Rows per strip, and pixels per texture block across.
const STRIP_ROWS: usize = 64;
const NOISE_BLOCK: usize = 64;

/// How the photo maps to the working grid: `factor` × `factor` photo pixels per working pixel.
#[derive(Clone, Copy, Debug)]
pub(super) struct WorkingScale {
    pub factor: usize,
    pub width: usize,
    pub height: usize,
    pub px_per_mm: f64,
}

impl WorkingScale {
    pub(super) fn new(width: usize, height: usize, px_per_mm: f64) -> Self {
        let factor = ((px_per_mm / WORKING_PX_PER_MM).floor() as usize).clamp(1, 16);
        WorkingScale {
            factor,
            width: width.div_ceil(factor),
            height: height.div_ceil(factor),
            px_per_mm: px_per_mm / factor as f64,
        }
    }
}

/// What makes a strand, in log units (0.05 ≈ 5 % darker or lighter).
#[derive(Clone, Copy, Debug)]
pub(super) struct StrandThresholds {
    /// Least difference from both sides in log luminance, and how many times its noise and
    /// texture it must also be.
    pub luminance: f32,
    pub luminance_noise: f32,
    /// The same in the colour ratios (log red/blue, log green/blue).
    pub chroma: f32,
    pub chroma_noise: f32,
}

/// One strip's channels, with `margin` rows above and below its own.
struct Strip {
    rows: usize,
    /// Row-major: log luminance, log red/blue and log green/blue.
    channels: [Vec<f32>; 3],
}

impl Strip {
    fn read(
        photo: &RgbImage,
        scale: &WorkingScale,
        table: &[f32; 256],
        y0: usize,
        y1: usize,
    ) -> Self {
        let (f, width) = (scale.factor, scale.width);
        let (pw, ph) = (photo.width() as usize, photo.height() as usize);
        let raw: &[u8] = photo.as_raw();
        let rows = y1 - y0;
        let mut lum = vec![0.0f32; rows * width];
        let mut chroma = vec![0.0f32; rows * width];
        let mut yellow = vec![0.0f32; rows * width];
        for r in 0..rows {
            let wy = y0 + r;
            let (py0, py1) = (wy * f, ((wy + 1) * f).min(ph));
            for wx in 0..width {
                let (px0, px1) = (wx * f, ((wx + 1) * f).min(pw));
                let mut sum = [0.0f32; 3];
                for py in py0..py1 {
                    let row = &raw[(py * pw + px0) * 3..(py * pw + px1) * 3];
                    for p in row.chunks_exact(3) {
                        for c in 0..3 {
                            sum[c] += table[p[c] as usize];
                        }
                    }
                }
                let n = ((py1 - py0) * (px1 - px0)).max(1) as f32;
                let [red, green, blue] = sum.map(|s| s / n);
                let l = LUMA_WEIGHTS[0] * red + LUMA_WEIGHTS[1] * green + LUMA_WEIGHTS[2] * blue;
                lum[r * width + wx] = (l + LOG_FLOOR).ln();
                chroma[r * width + wx] = ((red + LOG_FLOOR) / (blue + LOG_FLOOR)).ln();
                yellow[r * width + wx] = ((green + LOG_FLOOR) / (blue + LOG_FLOOR)).ln();
            }
        }
        Strip {
            rows,
            channels: [lum, chroma, yellow],
        }
    }
}

/// A Gaussian kernel of deviation `sigma`, radius ⌈3σ⌉, summing to 1.
fn gaussian(sigma: f32) -> Vec<f32> {
    let r = (3.0 * sigma).ceil() as i32;
    let k: Vec<f32> = (-r..=r)
        .map(|i| (-(i * i) as f32 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f32 = k.iter().sum();
    k.into_iter().map(|v| v / sum).collect()
}

/// `values` (`width` × `rows`) smoothed by the separable `kernel`, borders replicated.
fn smooth(values: &[f32], width: usize, rows: usize, kernel: &[f32]) -> Vec<f32> {
    let r = (kernel.len() / 2) as isize;
    let clamp = |i: isize, n: usize| i.clamp(0, n as isize - 1) as usize;
    let mut across = vec![0.0f32; values.len()];
    let span = kernel.len();
    for y in 0..rows {
        let row = &values[y * width..(y + 1) * width];
        let out = &mut across[y * width..(y + 1) * width];
        for (x, o) in out.iter_mut().enumerate() {
            let start = x as isize - r;
            *o = if start >= 0 && start as usize + span <= width {
                // Away from the borders: a plain dot product.
                let window = &row[start as usize..start as usize + span];
                window.iter().zip(kernel).map(|(v, w)| v * w).sum()
            } else {
                kernel
                    .iter()
                    .enumerate()
                    .map(|(k, w)| w * row[clamp(start + k as isize, width)])
                    .sum()
            };
        }
    }
    let mut out = vec![0.0f32; values.len()];
    for y in 0..rows {
        for (k, w) in kernel.iter().enumerate() {
            let src = clamp(y as isize + k as isize - r, rows);
            let (dst, src) = (y * width, src * width);
            for x in 0..width {
                out[dst + x] += w * across[src + x];
            }
        }
    }
    out
}

/// Per block of `NOISE_BLOCK` columns over rows `from .. to` of the smoothed channel `g`: how
/// much the skin's texture and noise alone make a pixel differ from its surroundings at a hair's
/// scale, as the deviation a line's contrast would have there. From the median absolute
/// difference between each pixel and the mean of the four pixels `reach` away: a band-pass at
/// the hair's scale that grain, mottle and a sheen's fine glints raise, and that the few pixels
/// on hairs barely move.
fn texture(g: &[f32], width: usize, from: usize, to: usize, reach: usize) -> Vec<f32> {
    let rows = g.len() / width;
    (0..width.div_ceil(NOISE_BLOCK))
        .map(|b| {
            let (x0, x1) = (b * NOISE_BLOCK, ((b + 1) * NOISE_BLOCK).min(width));
            let mut d = Vec::with_capacity((x1 - x0) * (to - from));
            for y in from.max(reach)..to.min(rows.saturating_sub(reach)) {
                for x in x0.max(reach)..x1.min(width.saturating_sub(reach)) {
                    let i = y * width + x;
                    let (s, row) = (reach, reach * width);
                    let around = g[i - s] + g[i + s] + g[i - row] + g[i + row];
                    d.push((g[i] - 0.25 * around).abs());
                }
            }
            if d.is_empty() {
                return 0.0;
            }
            let k = d.len() / 2;
            // The median absolute value is 0.674 deviations; a line's contrast (the centre less
            // the nearer of two sides) spreads about 1.26 times as much as this difference.
            *d.select_nth_unstable_by(k, f32::total_cmp).1 * (1.26 / 0.674)
        })
        .collect()
}

/// Bilinear sample of `g` (`width` × `rows`), clamped to it.
#[inline]
fn sample(g: &[f32], width: usize, rows: usize, x: f32, y: f32) -> f32 {
    let x = x.clamp(0.0, (width - 1) as f32);
    let y = y.clamp(0.0, (rows - 1) as f32);
    let (x0, y0) = (x as usize, y as usize);
    let (x1, y1) = ((x0 + 1).min(width - 1), (y0 + 1).min(rows - 1));
    let (tx, ty) = (x - x0 as f32, y - y0 as f32);
    let at = |x: usize, y: usize| g[y * width + x];
    let top = at(x0, y0) + (at(x1, y0) - at(x0, y0)) * tx;
    let bottom = at(x0, y1) + (at(x1, y1) - at(x0, y1)) * tx;
    top + (bottom - top) * ty
}

/// A line through a pixel: how far it stands out from both sides (log units), the unit
/// direction across it, and the level of the nearer side.
struct Line {
    contrast: f32,
    across: (f32, f32),
    side: f32,
}

/// Whether pixel (x, y) of the smoothed channel `g` (`width` × `rows`) lies on a line, and how
/// strongly it stands out from both sides `reach` pixels away across it.
#[inline]
fn line_at(g: &[f32], width: usize, rows: usize, x: usize, y: usize, reach: f32) -> Option<Line> {
    if x == 0 || y == 0 || x + 1 >= width || y + 1 >= rows {
        return None;
    }
    let i = y * width + x;
    let c = g[i];
    let hxx = g[i - 1] - 2.0 * c + g[i + 1];
    let hyy = g[i - width] - 2.0 * c + g[i + width];
    let hxy = 0.25 * (g[i + width + 1] - g[i + width - 1] - g[i - width + 1] + g[i - width - 1]);
    let (mean, half) = (
        0.5 * (hxx + hyy),
        (0.25 * (hxx - hyy).powi(2) + hxy * hxy).sqrt(),
    );
    let (big, small) = if mean >= 0.0 {
        (mean + half, mean - half)
    } else {
        (mean - half, mean + half)
    };
    if big == 0.0 || small.abs() > MAX_ANISOTROPY * big.abs() {
        return None;
    }
    // The eigenvector of `big`: across the line.
    let (nx, ny) = if (big - hyy).abs() >= (big - hxx).abs() {
        (big - hyy, hxy)
    } else {
        (hxy, big - hxx)
    };
    let len = (nx * nx + ny * ny).sqrt();
    if len == 0.0 {
        return None;
    }
    let across = (nx / len, ny / len);
    let (dx, dy) = (across.0 * reach, across.1 * reach);
    let (fx, fy) = (x as f32, y as f32);
    let a = sample(g, width, rows, fx + dx, fy + dy);
    let b = sample(g, width, rows, fx - dx, fy - dy);
    let (darker, lighter) = (a.min(b) - c, c - a.max(b));
    let (contrast, side) = if darker >= lighter {
        (darker, a.min(b))
    } else {
        (lighter, a.max(b))
    };
    (contrast > 0.0).then_some(Line {
        contrast,
        across,
        side,
    })
}

/// Flags, beside a line's centre at (x, y) of a strip (`flags` its own rows from row `top` of
/// the unsmoothed channel `raw`), the pixels across it, up to `steps` away, whose own value still
/// differs from the side by half the centre's: a hair wider than a pixel is flagged across its
/// width, a finer one only where it lies.
fn flag_across(
    flags: &mut [bool],
    raw: &[f32],
    width: usize,
    top: usize,
    at: (usize, usize),
    line: &Line,
    steps: usize,
) {
    let (x, y) = at;
    let own = flags.len() / width;
    let centre = raw[(top + y) * width + x] - line.side;
    for sign in [-1.0f32, 1.0] {
        for t in 1..=steps {
            let px = (x as f32 + sign * t as f32 * line.across.0).round();
            let py = (y as f32 + sign * t as f32 * line.across.1).round();
            if px < 0.0 || py < 0.0 || px >= width as f32 || py >= own as f32 {
                break;
            }
            let (px, py) = (px as usize, py as usize);
            let v = raw[(top + py) * width + px] - line.side;
            if v * centre <= 0.0 || v.abs() < 0.5 * centre.abs() {
                break;
            }
            flags[py * width + px] = true;
        }
    }
}

/// Flags the strands of `photo` on the working grid of `scale` (row-major, `scale.width` ×
/// `scale.height`).
pub(super) fn find_strands(
    photo: &RgbImage,
    scale: &WorkingScale,
    thresholds: &StrandThresholds,
) -> Vec<bool> {
    let (width, height) = (scale.width, scale.height);
    let table: [f32; 256] = std::array::from_fn(|v| to_linear(v as u8));
    let sigma = (SIGMA_MM * scale.px_per_mm).max(MIN_SIGMA_PX) as f32;
    let kernel = gaussian(sigma);
    let side = 2.0 * sigma + 0.5;
    let margin = kernel.len() / 2 + side.ceil() as usize + 2;
    // Half the widest hair's width, in working pixels.
    let steps = ((0.5 * MAX_HAIR_MM * scale.px_per_mm).round() as usize).max(1);
    let t = thresholds;
    let minimum = [
        (t.luminance, t.luminance_noise),
        (t.chroma, t.chroma_noise),
        (t.chroma, t.chroma_noise),
    ];
    let mut out = vec![false; width * height];
    out.par_chunks_mut(width * STRIP_ROWS)
        .enumerate()
        .for_each(|(k, flags)| {
            let y0 = k * STRIP_ROWS;
            let own = flags.len() / width;
            let (from, to) = (y0.saturating_sub(margin), (y0 + own + margin).min(height));
            let strip = Strip::read(photo, scale, &table, from, to);
            let (top, rows) = (y0 - from, strip.rows);
            for (channel, &(least, noise)) in strip.channels.iter().zip(&minimum) {
                let g = smooth(channel, width, rows, &kernel);
                let texture = texture(&g, width, top, top + own, side.round() as usize);
                for r in 0..own {
                    for x in 0..width {
                        if flags[r * width + x] {
                            continue;
                        }
                        let Some(line) = line_at(&g, width, rows, x, top + r, side) else {
                            continue;
                        };
                        let n = texture[x / NOISE_BLOCK] * noise;
                        if line.contrast > least.max(n) {
                            flags[r * width + x] = true;
                            flag_across(flags, channel, width, top, (x, r), &line, steps);
                        }
                    }
                }
            }
        });
    out
}
