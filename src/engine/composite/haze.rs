//! The haze: the grey every healed dot spreads into the skin around it, summed over all dots.
//!
//! Each dot's haze darkening is put on a grid fixed to the photo (cells half a millimetre
//! across, or coarser for very small outputs), and the grid is blurred by the skin's scattering
//! ([`HAZE_SIGMA_MM`]). The haze follows the dots: it fades with a hairline, it is thin where the
//! dots are sparse, and in a crop it is exactly what it is in the whole photo (a cell depends only
//! on the dots around it, visited in a fixed order).

use rayon::prelude::*;

use super::kernel::Pass;
use super::kernel::{Variation, resolved, tip_mass};
use super::zeroed;
use crate::engine::optics::HAZE_SIGMA_MM;
use crate::engine::units::View;

/// Grid rows handed to a thread at a time: waking a thread costs more than a few rows' work.
const ROWS_PER_TASK: usize = 64;

/// Finest grid cell, mm.
const CELL_MM: f64 = 0.5;

/// The haze darkness and the fresh redness over the part of the photo an output shows.
pub(super) struct Field {
    /// Photo pixels per cell.
    cell_px: f64,
    /// Index of the first cell (in cells from the photo's origin).
    first: (i64, i64),
    cols: usize,
    rows: usize,
    /// Haze darkness (0 … 1) at each cell centre, row by row: the blurred density `d` of every
    /// dot's spread, overlapping like layered filters (`1 − e^−d`).
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
        // Cells stay aligned to one photo grid: half a millimetre, doubled while an output pixel
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
        let mut haze = zeroed(cols * rows);
        let mut red = fresh.then(|| zeroed(cols * rows));
        let cell_area_mm2 = (cell_mm * cell_mm) as f32;
        let to_mm2 = 1.0 / (px_per_mm * px_per_mm) as f32;
        for pass in passes {
            let style = pass.style;
            if style.haze <= 0.0 && style.redness <= 0.0 {
                continue;
            }
            // Each dot's cell and darkening, worked out on every core; then added to the grid in
            // the dots' order, so the sums are the same whatever the threads.
            let variation = Variation::of(style);
            let unresolved_share = style.tips as f32 * (1.0 - resolved(style));
            let deposits: Vec<Option<Deposit>> = pass
                .dots
                .points
                .par_iter()
                .with_min_len(4096)
                .map(|c| {
                    let (at, tx, ty) =
                        locate(f64::from(c.x), f64::from(c.y), cell_px, first, cols, rows)?;
                    let (size, tone) = variation.size_and_tone(c);
                    // A dot on scalp turning away shows cos θ of its area, haze and all (the
                    // density seen rises as 1 / cos θ, so the skin is as grey on average).
                    let seen = style.surface.map_or(1.0, |s| s.foreshortening(c.x, c.y));
                    // Spreads even out darkness differences between dots: the haze varies less
                    // than the cores.
                    let spread = seen * tone.sqrt() * size * to_mm2 / cell_area_mm2;
                    // The part of a core too fine for the photo to resolve greys the skin instead.
                    let unresolved = seen * tip_mass(style, size, tone) * unresolved_share;
                    Some((
                        at,
                        tx,
                        ty,
                        style.haze * spread + unresolved * to_mm2 / cell_area_mm2,
                        style.redness * spread,
                    ))
                })
                .collect();
            for (at, tx, ty, mass, redness) in deposits.into_iter().flatten() {
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
        let mut haze = blur(&haze, cols, rows, &kernel);
        haze.par_chunks_mut(cols * ROWS_PER_TASK).for_each(|cells| {
            for d in cells {
                *d = 1.0 - (-d.max(0.0)).exp();
            }
        });
        let red = red.map(|r| {
            let mut r = blur(&r, cols, rows, &kernel);
            r.iter_mut().for_each(|v| *v = v.clamp(0.0, 1.0));
            r
        });
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
    #[cfg(test)]
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
        (lerp(&self.haze), self.red.as_deref().map_or(0.0, lerp))
    }

    /// Where each output column of `view` falls in the grid, for [`Field::row`]: the same for
    /// every row, so worked out once.
    #[inline(always)]
    pub(super) fn columns(&self, view: View, width: usize) -> Columns {
        let step = 1.0 / (view.scale * self.cell_px);
        let base = (view.x0 + 0.5 / view.scale) / self.cell_px - 0.5 - self.first.0 as f64;
        let last = self.cols.saturating_sub(1);
        let mut columns = Columns {
            index: Vec::with_capacity(width),
            fraction: Vec::with_capacity(width),
            inside: Vec::with_capacity(width),
        };
        for x in 0..width {
            let gx = base + x as f64 * step;
            let ix = gx as usize;
            let inside = gx >= 0.0 && ix < last;
            columns.index.push(if inside { ix } else { 0 });
            columns
                .fraction
                .push(if inside { (gx - ix as f64) as f32 } else { 0.0 });
            columns.inside.push(if inside { 1.0 } else { 0.0 });
        }
        columns
    }

    /// The haze darkness and redness of output row `v` of `view`, one value per output pixel
    /// (`columns` from [`Field::columns`]): the same as [`Field::at`] at each pixel centre, for a
    /// row at a time. Returns false (and leaves the buffers untouched) where the row is outside
    /// the grid.
    #[inline(always)]
    pub(super) fn row(
        &self,
        view: View,
        v: usize,
        columns: &Columns,
        dark: &mut [f32],
        red: &mut [f32],
    ) -> bool {
        let y = view.y0 + (v as f64 + 0.5) / view.scale;
        let gy = y / self.cell_px - 0.5;
        let cy = gy.floor();
        let iy = cy as i64 - self.first.1;
        if iy < 0 || iy as usize + 1 >= self.rows {
            return false;
        }
        let ty = (gy - cy) as f32;
        let at = iy as usize * self.cols;
        let mut line = Vec::with_capacity(self.cols);
        let across = |g: &[f32], line: &mut Vec<f32>, out: &mut [f32]| {
            line.clear();
            line.extend(
                g[at..at + self.cols]
                    .iter()
                    .zip(&g[at + self.cols..at + 2 * self.cols])
                    .map(|(a, b)| a + (b - a) * ty),
            );
            for (o, ((&ix, &tx), &inside)) in out.iter_mut().zip(
                columns
                    .index
                    .iter()
                    .zip(&columns.fraction)
                    .zip(&columns.inside),
            ) {
                *o = (line[ix] + (line[ix + 1] - line[ix]) * tx) * inside;
            }
        };
        across(&self.haze, &mut line, dark);
        match &self.red {
            Some(r) => across(r, &mut line, red),
            None => red.fill(0.0),
        }
        true
    }
}

/// Output columns' places in a haze grid: the cell before each pixel centre, the fraction
/// towards the next, and 1 inside the grid (0 outside, where the haze is none).
pub(super) struct Columns {
    index: Vec<usize>,
    fraction: Vec<f32>,
    inside: Vec<f32>,
}

/// One dot's share of the grid: its cell, the fractions towards the next cells, and the haze
/// and redness it leaves.
type Deposit = (usize, f32, f32, f32, f32);

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
    let (cx, cy) = (floor(gx), floor(gy));
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

/// ⌊v⌋ for the grid's coordinates, without a call into the maths library (the default x86-64
/// target has no rounding instruction): exact below 2⁶³ in size, which every coordinate is.
#[inline]
fn floor(v: f64) -> f64 {
    let t = v as i64 as f64;
    if t > v { t - 1.0 } else { t }
}

/// A normalised Gaussian of `sigma` cells, `radius` cells each side.
fn gaussian(sigma: f64, radius: i64) -> Vec<f32> {
    let raw: Vec<f64> = (-radius..=radius)
        .map(|k| (-0.5 * (k as f64 / sigma.max(1e-3)).powi(2)).exp())
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter().map(|v| (v / total) as f32).collect()
}

/// Separable blur of a `cols` × `rows` grid (cells beyond the edge count as empty). Both passes
/// add the grid shifted by each tap, weighted, so the inner loops run over whole rows.
fn blur(grid: &[f32], cols: usize, rows: usize, kernel: &[f32]) -> Vec<f32> {
    let r = kernel.len() / 2;
    let mut across = zeroed(grid.len());
    across
        .par_chunks_mut(cols)
        .zip(grid.par_chunks(cols))
        .with_min_len(ROWS_PER_TASK)
        .for_each(|(out, row)| {
            for (k, &w) in kernel.iter().enumerate() {
                // out[x] += w · row[x + k − r] wherever x + k − r is inside the row.
                let (from, to) = (r.saturating_sub(k), (cols + r).saturating_sub(k).min(cols));
                if from >= to {
                    continue;
                }
                let src = &row[from + k - r..to + k - r];
                for (o, s) in out[from..to].iter_mut().zip(src) {
                    *o += w * s;
                }
            }
        });
    let mut out = zeroed(grid.len());
    out.par_chunks_mut(cols)
        .enumerate()
        .with_min_len(ROWS_PER_TASK)
        .for_each(|(y, row)| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::optics::{DotShape, LayerLook, dot_style};
    use crate::engine::pattern::{Uniform, candidates, select};
    use crate::engine::pigment::Stage;

    #[test]
    fn a_row_at_a_time_is_the_haze_at_each_pixel() {
        let look = LayerLook {
            dot_mm: 0.2,
            dilution: 1.0,
            size_jitter: 0.2,
            tone_jitter: 0.3,
            shape: DotShape::default(),
        };
        // Fresh, so the redness grid is there too.
        let style = dot_style(&look, Stage::Fresh, 8.0, 1.0, 1.0, 3);
        let dots = select(&candidates(5, 8.0, 300, 200, 150.0), &Uniform(120.0));
        let passes = [Pass {
            dots: &dots,
            style: &style,
        }];
        for view in [
            View::FULL,
            View {
                x0: 37.25,
                y0: 11.5,
                scale: 0.43,
            },
        ] {
            let (w, h) = (120usize, 70usize);
            let field = Field::build(&passes, view, w as u32, h as u32, 8.0);
            let columns = field.columns(view, w);
            let (mut dark, mut red) = (vec![0.0; w], vec![0.0; w]);
            let mut seen = 0.0f32;
            for v in 0..h {
                assert!(field.row(view, v, &columns, &mut dark, &mut red));
                let y = view.y0 + (v as f64 + 0.5) / view.scale;
                for u in 0..w {
                    let x = view.x0 + (u as f64 + 0.5) / view.scale;
                    let (d, r) = field.at(x, y);
                    assert!(
                        (dark[u] - d).abs() < 1e-5,
                        "haze at ({u}, {v}): {} vs {d}",
                        dark[u]
                    );
                    assert!(
                        (red[u] - r).abs() < 1e-5,
                        "redness at ({u}, {v}): {} vs {r}",
                        red[u]
                    );
                    seen = seen.max(d);
                }
            }
            assert!(seen > 0.02, "the dots leave a haze ({seen})");
        }
    }
}
