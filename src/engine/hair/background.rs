//! The local background of a photo's luminance, on a coarse grid of blocks, and growing a mask.

use image::RgbImage;
use rayon::prelude::*;

use super::MAX_CLEARANCE_PX;
use crate::engine::colour::{LUMA_WEIGHTS, to_linear};

/// Linear luminance of an sRGB pixel, from per-channel tables.
pub(super) struct Luma([[f32; 256]; 3]);

impl Luma {
    pub(super) fn new() -> Self {
        Luma(std::array::from_fn(|c| {
            std::array::from_fn(|v| LUMA_WEIGHTS[c] * to_linear(v as u8))
        }))
    }

    #[inline]
    pub(super) fn of(&self, p: &[u8]) -> f32 {
        self.0[0][p[0] as usize] + self.0[1][p[1] as usize] + self.0[2][p[2] as usize]
    }
}

/// A smooth field over the photo held on a grid of `cell` × `cell` pixel blocks, sampled
/// bilinearly between block centres.
pub(super) struct Grid {
    cols: usize,
    rows: usize,
    cell: usize,
    values: Vec<f32>,
    /// For each photo column: left and right grid column and the weight of the right one.
    xs: Vec<(u32, u32, f32)>,
}

impl Grid {
    pub(super) fn new(
        width: usize,
        cols: usize,
        rows: usize,
        cell: usize,
        values: Vec<f32>,
    ) -> Self {
        let xs = (0..width)
            .map(|x| {
                let (i0, i1, t) = Self::between(x, cell, cols);
                (i0 as u32, i1 as u32, t)
            })
            .collect();
        Grid {
            cols,
            rows,
            cell,
            values,
            xs,
        }
    }

    /// The two grid indices around photo coordinate `p` (a pixel centre) and the weight of the
    /// second.
    pub(super) fn between(p: usize, cell: usize, n: usize) -> (usize, usize, f32) {
        let g = ((p as f32 + 0.5) / cell as f32 - 0.5).max(0.0);
        let i0 = (g as usize).min(n - 1);
        let i1 = (i0 + 1).min(n - 1);
        (i0, i1, (g - i0 as f32).min(1.0))
    }

    /// The grid interpolated to photo row `y`, one value per grid column.
    pub(super) fn row(&self, y: usize) -> Vec<f32> {
        let (j0, j1, t) = Self::between(y, self.cell, self.rows);
        let (a, b) = (
            &self.values[j0 * self.cols..(j0 + 1) * self.cols],
            &self.values[j1 * self.cols..(j1 + 1) * self.cols],
        );
        a.iter().zip(b).map(|(a, b)| a + (b - a) * t).collect()
    }

    /// The value at photo column `x` of a row from [`Grid::row`].
    #[inline]
    pub(super) fn at(&self, row: &[f32], x: usize) -> f32 {
        let (i0, i1, t) = self.xs[x];
        let (a, b) = (row[i0 as usize], row[i1 as usize]);
        a + (b - a) * t
    }
}

/// Sum of luminance and pixel count per block, skipping pixels darker than
/// `background · (1 − contrast)` when a background is given.
pub(super) fn block_sums(
    photo: &RgbImage,
    luma: &Luma,
    cell: usize,
    cols: usize,
    exclude_dark: Option<(&Grid, f32)>,
) -> Vec<[f32; 2]> {
    let width = photo.width() as usize;
    let raw: &[u8] = photo.as_raw();
    raw.par_chunks(width * 3 * cell)
        .enumerate()
        .flat_map_iter(|(band, rows)| {
            let mut sums = vec![[0.0f32; 2]; cols];
            for (k, row) in rows.chunks_exact(width * 3).enumerate() {
                let background = exclude_dark.map(|(grid, c)| (grid, grid.row(band * cell + k), c));
                for (x, p) in row.chunks_exact(3).enumerate() {
                    let l = luma.of(p);
                    if let Some((grid, bg, c)) = &background
                        && l < grid.at(bg, x) * (1.0 - c)
                    {
                        continue;
                    }
                    let s = &mut sums[x / cell];
                    s[0] += l;
                    s[1] += 1.0;
                }
            }
            sums
        })
        .collect()
}

/// Box means over (2·reach + 1)² blocks from per-block sums; `None` where the box holds no pixel.
pub(super) fn box_means(
    sums: &[[f32; 2]],
    cols: usize,
    rows: usize,
    reach: usize,
) -> Vec<Option<f32>> {
    // Summed-area table with a zero row and column in front.
    let stride = cols + 1;
    let mut table = vec![[0.0f64; 2]; stride * (rows + 1)];
    for j in 0..rows {
        let mut run = [0.0f64; 2];
        for i in 0..cols {
            let s = sums[j * cols + i];
            run[0] += f64::from(s[0]);
            run[1] += f64::from(s[1]);
            let above = table[j * stride + i + 1];
            table[(j + 1) * stride + i + 1] = [above[0] + run[0], above[1] + run[1]];
        }
    }
    (0..rows * cols)
        .into_par_iter()
        .map(|k| {
            let (i, j) = (k % cols, k / cols);
            let (i0, i1) = (i.saturating_sub(reach), (i + reach + 1).min(cols));
            let (j0, j1) = (j.saturating_sub(reach), (j + reach + 1).min(rows));
            let at = |i: usize, j: usize| table[j * stride + i];
            let (a, b, c, d) = (at(i1, j1), at(i0, j1), at(i1, j0), at(i0, j0));
            let sum = a[0] - b[0] - c[0] + d[0];
            let count = a[1] - b[1] - c[1] + d[1];
            (count > 0.5).then(|| (sum / count) as f32)
        })
        .collect()
}

/// Grows the mask by a disc of `radius` pixels.
pub(super) fn dilate(data: &[bool], width: usize, height: usize, radius: f64) -> Vec<bool> {
    let reach = radius.min(MAX_CLEARANCE_PX).floor() as usize;
    if reach == 0 {
        return data.to_vec();
    }
    // Per row, horizontal distance to the nearest hair, capped just beyond the reach.
    let cap = (reach + 1) as u8;
    let mut near = vec![cap; data.len()];
    near.par_chunks_mut(width)
        .zip(data.par_chunks(width))
        .for_each(|(out, row)| {
            let mut d = cap;
            for (o, &h) in out.iter_mut().zip(row) {
                d = if h { 0 } else { d.saturating_add(1).min(cap) };
                *o = d;
            }
            let mut d = cap;
            for (o, &h) in out.iter_mut().zip(row).rev() {
                d = if h { 0 } else { d.saturating_add(1).min(cap) };
                *o = (*o).min(d);
            }
        });
    // Half-width of the disc at each vertical offset.
    let r2 = radius * radius;
    let spans: Vec<u8> = (0..=reach)
        .map(|dy| (r2 - (dy * dy) as f64).max(0.0).sqrt().floor() as u8)
        .collect();
    let mut out = vec![false; data.len()];
    out.par_chunks_mut(width).enumerate().for_each(|(y, row)| {
        for yy in y.saturating_sub(reach)..=(y + reach).min(height - 1) {
            let span = spans[yy.abs_diff(y)];
            let src = &near[yy * width..(yy + 1) * width];
            for (o, &d) in row.iter_mut().zip(src) {
                *o |= d <= span;
            }
        }
    });
    out
}

/// The skin's level under the lighting: the highest of `background` (per block, linear) less a
/// fall of `fall` (natural-log units) per block of distance, i.e. an upper envelope that may
/// drop only as fast as shading over a head does. Where the background dips faster (into a
/// mass of dark hair, whose edge is sharp) the envelope stays near the skin beside it; across
/// gradual shading it follows the background itself.
pub(super) fn skin_envelope(background: &[f32], cols: usize, rows: usize, fall: f32) -> Vec<f32> {
    let mut e: Vec<f32> = background.iter().map(|&b| b.max(1e-6).ln()).collect();
    let diagonal = fall * std::f32::consts::SQRT_2;
    // Two chamfer passes: down and right, then up and left.
    for j in 0..rows {
        for i in 0..cols {
            let k = j * cols + i;
            let mut v = e[k];
            if i > 0 {
                v = v.max(e[k - 1] - fall);
            }
            if j > 0 {
                v = v.max(e[k - cols] - fall);
                if i > 0 {
                    v = v.max(e[k - cols - 1] - diagonal);
                }
                if i + 1 < cols {
                    v = v.max(e[k - cols + 1] - diagonal);
                }
            }
            e[k] = v;
        }
    }
    for j in (0..rows).rev() {
        for i in (0..cols).rev() {
            let k = j * cols + i;
            let mut v = e[k];
            if i + 1 < cols {
                v = v.max(e[k + 1] - fall);
            }
            if j + 1 < rows {
                v = v.max(e[k + cols] - fall);
                if i + 1 < cols {
                    v = v.max(e[k + cols + 1] - diagonal);
                }
                if i > 0 {
                    v = v.max(e[k + cols - 1] - diagonal);
                }
            }
            e[k] = v;
        }
    }
    e.into_iter().map(f32::exp).collect()
}
