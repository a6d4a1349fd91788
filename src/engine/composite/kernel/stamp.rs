//! Drawing lobes into grids of pixels: one lobe straight into a chunk of output rows, or the lobes
//! of one mark into the mark's own box, then combined with the chunk.

use super::{Lobe, MAX_PEAK, PROFILE_LEN, Profiles, STEPS};
use crate::engine::colour::floor_small;

/// A grid of cells a lobe is drawn into: `cols` wide, its first cell at output pixel (x0, y0).
pub(super) struct Target<'a> {
    pub(super) cells: &'a mut [f32],
    pub(super) x0: i64,
    pub(super) y0: i64,
    pub(super) cols: usize,
}

/// Draws lobe `l` into `target` within `bounds` (x0, x1, y0, y1, inclusive output pixels, inside
/// the target), combining each pixel's darkness with `op`. Every row of the bounds is visited in
/// whole blocks of [`LANES`] pixels, each pixel from its own `q` and nothing drawn where `q` is
/// past the cut-off: no branch depends on the lobe's outline, so the compiler runs a block's
/// arithmetic on a vector of pixels at once. A block may reach past the bounds (never past the
/// target's row): its pixels there take no darkness, which `op` leaves as they are.
#[inline(always)]
pub(super) fn stamp(
    l: &Lobe,
    p: &Profiles,
    target: Target<'_>,
    bounds: (i64, i64, i64, i64),
    op: impl Fn(&mut f32, f32),
) {
    let (bx0, bx1, y0, y1) = bounds;
    if bx1 < bx0 || y1 < y0 {
        return;
    }
    let qc = p.cutoff[l.level];
    let table = &p.values[l.level];
    let last = p.last[l.level];
    let (ia2, ib2) = (1.0 / (l.a * l.a), 1.0 / (l.b * l.b));
    // q = qa·dx² + 2·qb·dy·dx + qy·dy², from u = dx·cos − dy·sin and v = dx·sin + dy·cos.
    let qa = l.cos * l.cos * ia2 + l.sin * l.sin * ib2;
    let qb = l.cos * l.sin * (ib2 - ia2);
    let qy = l.sin * l.sin * ia2 + l.cos * l.cos * ib2;
    let width = (bx1 - bx0 + 1) as usize;
    let left = (bx0 - target.x0) as usize;
    // Whole blocks where the target's row has room for them; else the last block is cut short.
    let span = width.next_multiple_of(LANES).min(target.cols - left);
    let dx0 = bx0 as f32 + 0.5 - l.cx;
    for y in y0..=y1 {
        let dy = y as f32 + 0.5 - l.cy;
        let (b2, c) = (2.0 * qb * dy, qy * dy * dy);
        let first = (y - target.y0) as usize * target.cols + left;
        let cells = &mut target.cells[first..first + span];
        for (block, cells) in cells.chunks_mut(LANES).enumerate() {
            let at = (block * LANES) as i32;
            let start = dx0 + at as f32;
            let mut d = [0.0f32; LANES];
            for (k, d) in d.iter_mut().enumerate() {
                let dx = start + OFFSETS[k];
                let q = (qa * dx + b2) * dx + c;
                // The table is fine enough (1/256 of q) for the nearest entry.
                let i = floor_small(q.max(0.0).min(qc) * STEPS + 0.5).min(last);
                let inside = q < qc && at + (k as i32) < width as i32;
                *d = l.peak * table[i as usize & (PROFILE_LEN - 1)] * f32::from(u8::from(inside));
            }
            for (cell, &d) in cells.iter_mut().zip(&d) {
                op(cell, d);
            }
        }
    }
}

/// Pixels of a row worked out together (a vector of eight with AVX2).
const LANES: usize = 8;
/// Each pixel's place in its block.
const OFFSETS: [f32; LANES] = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];

/// The output pixels a chunk covers.
#[derive(Clone, Copy)]
pub(super) struct Clip {
    pub(super) width: i64,
    pub(super) row0: i64,
    pub(super) rows: i64,
}

/// One mark's darkness over its bounding box, summed from its lobes.
#[derive(Default)]
pub(super) struct Mark {
    x0: i64,
    y0: i64,
    cols: usize,
    rows: usize,
    values: Vec<f32>,
}

/// A lobe's extent in output pixels: (x0, x1, y0, y1), inclusive.
#[inline(always)]
pub(super) fn extent(l: &Lobe, p: &Profiles) -> (i64, i64, i64, i64) {
    let r = p.cutoff[l.level].sqrt();
    let (c2, s2) = (l.cos * l.cos, l.sin * l.sin);
    let ex = r * (l.a * l.a * c2 + l.b * l.b * s2).sqrt();
    let ey = r * (l.a * l.a * s2 + l.b * l.b * c2).sqrt();
    (
        -floor_i(-(l.cx - ex - 0.5)),
        floor_i(l.cx + ex - 0.5),
        -floor_i(-(l.cy - ey - 0.5)),
        floor_i(l.cy + ey - 0.5),
    )
}

/// ⌊v⌋ without a libm call (the default x86-64 target has no rounding instruction).
#[inline]
fn floor_i(v: f32) -> i64 {
    // Pixel coordinates fit an i32, whose conversion is cheaper than an i64's.
    let t = v as i32;
    i64::from(if (t as f32) > v { t - 1 } else { t })
}

impl Mark {
    /// Sizes the mark's box to its lobes, clipped to the chunk; false if nothing shows.
    #[inline(always)]
    pub(super) fn start(&mut self, lobes: &[Lobe], p: &Profiles, clip: Clip) -> bool {
        let (mut x0, mut x1, mut y0, mut y1) = (i64::MAX, i64::MIN, i64::MAX, i64::MIN);
        for l in lobes {
            let (a, b, c, d) = extent(l, p);
            (x0, x1, y0, y1) = (x0.min(a), x1.max(b), y0.min(c), y1.max(d));
        }
        let (x0, x1) = (x0.max(0), x1.min(clip.width - 1));
        let (y0, y1) = (y0.max(clip.row0), y1.min(clip.row0 + clip.rows - 1));
        if x1 < x0 || y1 < y0 {
            return false;
        }
        self.x0 = x0;
        self.y0 = y0;
        self.cols = (x1 - x0 + 1) as usize;
        self.rows = (y1 - y0 + 1) as usize;
        self.values.clear();
        self.values.resize(self.cols * self.rows, 0.0);
        true
    }

    /// Adds one lobe's darkness.
    #[inline(always)]
    pub(super) fn add(&mut self, l: &Lobe, p: &Profiles) {
        let (ex0, ex1, ey0, ey1) = extent(l, p);
        let bounds = (
            ex0.max(self.x0),
            ex1.min(self.x0 + self.cols as i64 - 1),
            ey0.max(self.y0),
            ey1.min(self.y0 + self.rows as i64 - 1),
        );
        let target = Target {
            cells: &mut self.values,
            x0: self.x0,
            y0: self.y0,
            cols: self.cols,
        };
        stamp(l, p, target, bounds, |cell, d| *cell += d);
    }

    /// Combines the mark with the darkness already in `cores`.
    #[inline(always)]
    pub(super) fn combine_into(&self, cores: &mut [f32], width: usize, row0: usize) {
        for r in 0..self.rows {
            let out = (self.y0 as usize + r - row0) * width + self.x0 as usize;
            let src = &self.values[r * self.cols..(r + 1) * self.cols];
            for (cell, &d) in cores[out..out + self.cols].iter_mut().zip(src) {
                let d = d.min(MAX_PEAK);
                *cell += d - *cell * d;
            }
        }
    }
}
