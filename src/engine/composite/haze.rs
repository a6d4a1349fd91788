//! The haze: the grey every healed dot spreads into the skin around it, summed over all dots.
//!
//! Each dot's haze darkening is put on a grid fixed to the photo (cells a quarter millimetre
//! across, or coarser for very small outputs), and the grid is blurred by the skin's scattering
//! ([`HAZE_SIGMA_MM`]). The haze follows the dots: it fades with a hairline, it is thin where the
//! dots are sparse, and in a crop it is exactly what it is in the whole photo (a cell depends only
//! on the dots around it, visited in a fixed order).

use rayon::prelude::*;

use super::kernel::Pass;
use super::kernel::{resolved, size_and_tone, tip_mass};
use crate::engine::optics::HAZE_SIGMA_MM;
use crate::engine::units::View;

/// Finest grid cell, mm.
const CELL_MM: f64 = 0.25;

/// The haze darkness and the fresh redness over the part of the photo an output shows.
pub(super) struct Field {
    /// Photo pixels per cell.
    cell_px: f64,
    /// Index of the first cell (in cells from the photo's origin).
    first: (i64, i64),
    cols: usize,
    rows: usize,
    /// Darkness density (dimensionless) at each cell centre, row by row.
    haze: Vec<f32>,
    /// Redness density, when any layer is fresh.
    red: Option<Vec<f32>>,
}

impl Field {
    /// The haze of every pass seen through `view` (`width` × `height` output pixels).
    pub(super) fn build(
        passes: &[Pass<'_>],
        view: View,
        width: u32,
        height: u32,
        px_per_mm: f64,
    ) -> Field {
        let px_out_mm = 1.0 / (px_per_mm * view.scale);
        // Cells stay aligned to one photo grid: a quarter millimetre, doubled while an output pixel
        // spans more than two cells.
        let mut cell_mm = CELL_MM;
        while cell_mm * 2.0 < px_out_mm * 0.5 {
            cell_mm *= 2.0;
        }
        // A pixel averages what it covers: blur as much more as it spans.
        let sigma_mm = (f64::from(HAZE_SIGMA_MM).powi(2) + (0.3 * px_out_mm).powi(2)).sqrt();
        let cell_px = cell_mm * px_per_mm;
        let radius = (3.0 * sigma_mm / cell_mm).ceil() as i64;
        let extra = radius + 2;
        let to_cell = |p: f64| (p / cell_px).floor() as i64;
        let (x_end, y_end) = (
            view.x0 + f64::from(width) / view.scale,
            view.y0 + f64::from(height) / view.scale,
        );
        let first = (to_cell(view.x0) - extra, to_cell(view.y0) - extra);
        let last = (to_cell(x_end) + extra, to_cell(y_end) + extra);
        let cols = (last.0 - first.0 + 1).max(1) as usize;
        let rows = (last.1 - first.1 + 1).max(1) as usize;
        let fresh = passes.iter().any(|p| p.style.redness > 0.0);
        let mut haze = vec![0.0f32; cols * rows];
        let mut red = fresh.then(|| vec![0.0f32; cols * rows]);
        let cell_area_mm2 = (cell_mm * cell_mm) as f32;
        let to_mm2 = 1.0 / (px_per_mm * px_per_mm) as f32;
        for pass in passes {
            let style = pass.style;
            if style.haze <= 0.0 && style.redness <= 0.0 {
                continue;
            }
            for c in &pass.dots.points {
                let Some((at, tx, ty)) =
                    locate(f64::from(c.x), f64::from(c.y), cell_px, first, cols, rows)
                else {
                    continue;
                };
                let (size, tone) = size_and_tone(c, style);
                // Spreads even out darkness differences between dots: the haze varies less than the cores.
                let spread = tone.sqrt() * size * to_mm2 / cell_area_mm2;
                // The part of a core too fine for the photo to resolve greys the skin instead.
                let unresolved =
                    tip_mass(style, size, tone) * style.tips as f32 * (1.0 - resolved(style));
                let (mass, redness) = (
                    style.haze * spread + unresolved * to_mm2 / cell_area_mm2,
                    style.redness * spread,
                );
                let weights = [
                    (at, (1.0 - tx) * (1.0 - ty)),
                    (at + 1, tx * (1.0 - ty)),
                    (at + cols, (1.0 - tx) * ty),
                    (at + cols + 1, tx * ty),
                ];
                for (i, w) in weights {
                    haze[i] += mass * w;
                    if let Some(r) = red.as_mut() {
                        r[i] += redness * w;
                    }
                }
            }
        }
        let kernel = gaussian(sigma_mm / cell_mm, radius);
        let haze = blur(&haze, cols, rows, &kernel);
        let red = red.map(|r| blur(&r, cols, rows, &kernel));
        Field {
            cell_px,
            first,
            cols,
            rows,
            haze,
            red,
        }
    }

    /// Haze darkness (0 … 1) and redness at photo position (x, y), in photo pixels.
    #[inline]
    pub(super) fn at(&self, x: f64, y: f64) -> (f32, f32) {
        let Some((at, tx, ty)) = locate(x, y, self.cell_px, self.first, self.cols, self.rows)
        else {
            return (0.0, 0.0);
        };
        let lerp = |g: &[f32]| {
            let top = g[at] + (g[at + 1] - g[at]) * tx;
            let bottom = g[at + self.cols] + (g[at + self.cols + 1] - g[at + self.cols]) * tx;
            top + (bottom - top) * ty
        };
        let density = lerp(&self.haze);
        // Overlapping spreads combine like layered filters.
        let darkness = 1.0 - (-density.max(0.0)).exp();
        let red = self.red.as_deref().map_or(0.0, |r| lerp(r).clamp(0.0, 1.0));
        (darkness, red)
    }
}

/// The grid cell whose centre is at or before photo position (x, y) and the position's fraction
/// towards the next centres, or None outside the grid. Fractions come from the absolute cell
/// coordinates, so every grid that holds a position gives it the same weights.
fn locate(
    x: f64,
    y: f64,
    cell_px: f64,
    first: (i64, i64),
    cols: usize,
    rows: usize,
) -> Option<(usize, f32, f32)> {
    let (gx, gy) = (x / cell_px - 0.5, y / cell_px - 0.5);
    let (cx, cy) = (gx.floor(), gy.floor());
    let (ix, iy) = (cx as i64 - first.0, cy as i64 - first.1);
    if ix < 0 || iy < 0 || ix as usize + 1 >= cols || iy as usize + 1 >= rows {
        return None;
    }
    Some((
        iy as usize * cols + ix as usize,
        (gx - cx) as f32,
        (gy - cy) as f32,
    ))
}

/// A normalised Gaussian of `sigma` cells, `radius` cells each side.
fn gaussian(sigma: f64, radius: i64) -> Vec<f32> {
    let raw: Vec<f64> = (-radius..=radius)
        .map(|k| (-0.5 * (k as f64 / sigma.max(1e-3)).powi(2)).exp())
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter().map(|v| (v / total) as f32).collect()
}

/// Separable blur of a `cols` × `rows` grid (cells beyond the edge count as empty).
fn blur(grid: &[f32], cols: usize, rows: usize, kernel: &[f32]) -> Vec<f32> {
    let r = kernel.len() / 2;
    let mut across = vec![0.0f32; grid.len()];
    across
        .par_chunks_mut(cols)
        .zip(grid.par_chunks(cols))
        .for_each(|(out, row)| {
            for (x, o) in out.iter_mut().enumerate() {
                let mut sum = 0.0;
                for (k, w) in kernel.iter().enumerate() {
                    let xi = x as i64 + k as i64 - r as i64;
                    if xi >= 0 && (xi as usize) < cols {
                        sum += w * row[xi as usize];
                    }
                }
                *o = sum;
            }
        });
    let mut out = vec![0.0f32; grid.len()];
    out.par_chunks_mut(cols).enumerate().for_each(|(y, row)| {
        for (k, w) in kernel.iter().enumerate() {
            let yi = y as i64 + k as i64 - r as i64;
            if yi < 0 || yi as usize >= rows {
                continue;
            }
            let src = &across[yi as usize * cols..(yi as usize + 1) * cols];
            for (o, s) in row.iter_mut().zip(src) {
                *o += w * s;
            }
        }
    });
    out
}
