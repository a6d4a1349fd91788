//! Points, segments and distances: the distance from each mask cell to the nearest of some
//! segments, for the cells near them.

use super::mask::Mask;

/// A point in photo pixels.
pub type Point = [f32; 2];

/// Most points one stroke, polygon, hairline or scar may have.
pub const MAX_POINTS: usize = 100_000;
/// Farthest a point may lie from the photo's origin, pixels (far beyond any photo).
const MAX_COORD: f32 = 1.0e6;

/// Checks a shape's points: finite, within reach of the photo, and not too many; the message
/// names `what`.
pub fn check_points(points: &[Point], what: &str) -> Result<(), String> {
    if points.len() > MAX_POINTS {
        return Err(format!(
            "{what} has {} points; at most {MAX_POINTS} are allowed",
            points.len()
        ));
    }
    match points
        .iter()
        .position(|p| !p.iter().all(|v| v.is_finite() && v.abs() <= MAX_COORD))
    {
        Some(i) => Err(format!(
            "{what}: point {} ({}, {}) is not a position on the photo",
            i + 1,
            points[i][0],
            points[i][1]
        )),
        None => Ok(()),
    }
}

/// Distance from (x, y) to the segment a–b.
pub(super) fn segment_distance(x: f32, y: f32, a: Point, b: Point) -> f32 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((x - a[0]) * dx + (y - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (px, py) = (a[0] + t * dx - x, a[1] + t * dy - y);
    (px * px + py * py).sqrt()
}

pub(super) fn bounds(points: &[Point]) -> (f32, f32, f32, f32) {
    points.iter().fold(
        (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
        |(a, b, c, d), p| (a.min(p[0]), b.min(p[1]), c.max(p[0]), d.max(p[1])),
    )
}

pub(super) fn open_segments(points: &[Point]) -> Vec<(Point, Point)> {
    if points.len() == 1 {
        vec![(points[0], points[0])]
    } else {
        points.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

pub(super) fn closed_segments(points: &[Point]) -> Vec<(Point, Point)> {
    (0..points.len())
        .map(|i| (points[i], points[(i + 1) % points.len()]))
        .collect()
}

/// The distance to the nearest of some segments, for the mask cells within `reach` of them: each
/// segment visits only the cells around itself, so long strokes and large shapes stay cheap.
pub(super) struct Near {
    c0: usize,
    r0: usize,
    cols: usize,
    rows: usize,
    dist: Vec<f32>,
}

impl Near {
    pub(super) fn new(mask: &Mask, segments: &[(Point, Point)], reach: f32) -> Self {
        let all: Vec<Point> = segments.iter().flat_map(|&(a, b)| [a, b]).collect();
        let (x0, y0, x1, y1) = bounds(&all);
        let clamp_col = |x: f32| ((x / mask.cell).floor().max(0.0) as usize).min(mask.cols - 1);
        let clamp_row = |y: f32| ((y / mask.cell).floor().max(0.0) as usize).min(mask.rows - 1);
        let (c0, c1) = (clamp_col(x0 - reach), clamp_col(x1 + reach + mask.cell));
        let (r0, r1) = (clamp_row(y0 - reach), clamp_row(y1 + reach + mask.cell));
        let (cols, rows) = (c1 - c0 + 1, r1 - r0 + 1);
        let mut dist = vec![f32::INFINITY; cols * rows];
        for &(a, b) in segments {
            let (sx0, sy0, sx1, sy1) = (
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[0].max(b[0]),
                a[1].max(b[1]),
            );
            let (ca, cb) = (
                clamp_col(sx0 - reach).max(c0),
                clamp_col(sx1 + reach + mask.cell).min(c1),
            );
            let (ra, rb) = (
                clamp_row(sy0 - reach).max(r0),
                clamp_row(sy1 + reach + mask.cell).min(r1),
            );
            if sx1 + reach < 0.0 || sy1 + reach < 0.0 {
                continue;
            }
            for cy in ra..=rb {
                for cx in ca..=cb {
                    let (x, y) = mask.centre(cx, cy);
                    let d = segment_distance(x, y, a, b);
                    let slot = &mut dist[(cy - r0) * cols + (cx - c0)];
                    if d < *slot && d <= reach {
                        *slot = d;
                    }
                }
            }
        }
        Near {
            c0,
            r0,
            cols,
            rows,
            dist,
        }
    }

    /// Calls `f(index, distance within reach, value)` for every mask cell of the covered box.
    pub(super) fn for_each(
        &self,
        mask: &mut Mask,
        mut f: impl FnMut(usize, Option<f32>, &mut f32),
    ) {
        for row in 0..self.rows {
            for col in 0..self.cols {
                let d = self.dist[row * self.cols + col];
                let index = (self.r0 + row) * mask.cols + self.c0 + col;
                f(index, d.is_finite().then_some(d), &mut mask.values[index]);
            }
        }
    }

    /// Calls `f(signed distance, value)` for every cell of the covered box: positive inside the
    /// closed `outline`, ±infinity beyond reach. Inside is decided by scanlines (even–odd).
    pub(super) fn for_each_signed(
        &self,
        mask: &mut Mask,
        outline: &[[f64; 2]],
        mut f: impl FnMut(f32, &mut f32),
    ) {
        let mut crossings: Vec<f64> = Vec::new();
        for row in 0..self.rows {
            let y = f64::from(mask.centre(0, self.r0 + row).1);
            crossings.clear();
            for i in 0..outline.len() {
                let (a, b) = (outline[i], outline[(i + 1) % outline.len()]);
                if (a[1] > y) != (b[1] > y) {
                    crossings.push(a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
                }
            }
            crossings.sort_by(f64::total_cmp);
            let mut next = 0;
            let mut inside = false;
            for col in 0..self.cols {
                let x = f64::from(mask.centre(self.c0 + col, 0).0);
                while next < crossings.len() && crossings[next] <= x {
                    inside = !inside;
                    next += 1;
                }
                let d = self.dist[row * self.cols + col];
                let s = if inside { d } else { -d };
                let index = (self.r0 + row) * mask.cols + self.c0 + col;
                f(s, &mut mask.values[index]);
            }
        }
    }
}

impl Near {
    /// Like [`Near::new`], but covering the whole mask (the hairline shapes every cell).
    pub(super) fn whole(mask: &Mask, segments: &[(Point, Point)], reach: f32) -> Self {
        let mut near = Near::new(mask, segments, reach);
        if near.c0 != 0 || near.r0 != 0 || near.cols != mask.cols || near.rows != mask.rows {
            let mut dist = vec![f32::INFINITY; mask.cols * mask.rows];
            for row in 0..near.rows {
                let from = row * near.cols;
                let to = (near.r0 + row) * mask.cols + near.c0;
                dist[to..to + near.cols].copy_from_slice(&near.dist[from..from + near.cols]);
            }
            near = Near {
                c0: 0,
                r0: 0,
                cols: mask.cols,
                rows: mask.rows,
                dist,
            };
        }
        near
    }

    /// [`Near::for_each_signed`] with the cell centre passed along.
    pub(super) fn for_each_signed_centres(
        &self,
        mask: &mut Mask,
        outline: &[[f64; 2]],
        mut f: impl FnMut(f32, f32, f32, &mut f32),
    ) {
        let (c0, r0, cols, cell) = (self.c0, self.r0, self.cols, mask.cell);
        let mut k = 0usize;
        self.for_each_signed(mask, outline, |s, v| {
            let (col, row) = (k % cols, k / cols);
            k += 1;
            f(s, (c0 + col) as f32 * cell, (r0 + row) as f32 * cell, v);
        });
    }
}
