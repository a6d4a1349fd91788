//! Region geometry in photo coordinates (pixels of the upright photo), rasterised at render time.
//!
//! A layer's region is a sequence of paint and erase operations (brush strokes and polygons with soft
//! edges) over a start that is either the whole photo or nothing. A hairline shapes the density
//! further: sparse at the front, full behind, with an irregular ("broken") edge.

use serde::{Deserialize, Serialize};

use crate::engine::rng::{hash, unit_of};

/// A point in photo pixels.
pub type Point = [f32; 2];

/// Where a layer puts dots before the hairline fade is applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// Start from the whole photo (true) or from nothing (false).
    pub whole: bool,
    /// Operations applied in order.
    #[serde(default)]
    pub ops: Vec<RegionOp>,
}

impl Default for Region {
    fn default() -> Self {
        Region {
            whole: true,
            ops: Vec::new(),
        }
    }
}

/// One edit of a region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RegionOp {
    /// A brush stroke through `points`, `radius_mm` wide on each side, fading over `softness`
    /// (0 = hard edge, 1 = fades over the whole radius).
    Paint {
        points: Vec<Point>,
        radius_mm: f32,
        softness: f32,
    },
    /// The same, removing coverage.
    Erase {
        points: Vec<Point>,
        radius_mm: f32,
        softness: f32,
    },
    /// A closed polygon, with a soft edge `feather_mm` wide (half inside, half outside).
    Polygon { points: Vec<Point>, feather_mm: f32 },
    /// A polygon that removes coverage.
    Cutout { points: Vec<Point>, feather_mm: f32 },
}

/// A hairline: a smooth curve through control points across the forehead, left to right as seen
/// in the photo. Hair (full density) lies on the left of the direction of travel, i.e. above the
/// curve for a front view; `flip` swaps sides for photos taken from other angles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hairline {
    pub points: Vec<Point>,
    /// Width of the fade from the front edge to full density, in mm.
    pub fade_mm: f32,
    /// 0 = a clean, even edge; 1 = a strongly broken, scattered edge.
    pub irregularity: f32,
    #[serde(default)]
    pub flip: bool,
}

impl Hairline {
    /// The smooth curve through the control points (Catmull–Rom), as a polyline.
    pub fn polyline(&self) -> Vec<Point> {
        let p = &self.points;
        if p.len() < 3 {
            return p.clone();
        }
        let mut out = Vec::with_capacity(p.len() * 16);
        for i in 0..p.len() - 1 {
            let p0 = p[i.saturating_sub(1)];
            let (p1, p2) = (p[i], p[i + 1]);
            let p3 = p[(i + 2).min(p.len() - 1)];
            for s in 0..16 {
                let t = s as f32 / 16.0;
                let (t2, t3) = (t * t, t * t * t);
                let f = |a: f32, b: f32, c: f32, d: f32| {
                    0.5 * (2.0 * b
                        + (c - a) * t
                        + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                        + (3.0 * b - a - 3.0 * c + d) * t3)
                };
                out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
            }
        }
        out.push(p[p.len() - 1]);
        out
    }
}

/// A coverage raster in [0, 1] over the photo, `cell` photo pixels per cell.
#[derive(Clone, Debug)]
pub struct Mask {
    pub cols: usize,
    pub rows: usize,
    pub cell: f32,
    pub values: Vec<f32>,
}

impl Mask {
    /// A mask for a `width` × `height` photo with cells of `cell` pixels, filled with `value`.
    pub fn new(width: u32, height: u32, cell: f32, value: f32) -> Self {
        let cols = (width as f32 / cell).ceil() as usize + 1;
        let rows = (height as f32 / cell).ceil() as usize + 1;
        Mask {
            cols,
            rows,
            cell,
            values: vec![value; cols * rows],
        }
    }

    /// Bilinear sample at photo position (x, y); cell centres sit at integer multiples of `cell`.
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let fx = (x / self.cell).clamp(0.0, (self.cols - 1) as f32);
        let fy = (y / self.cell).clamp(0.0, (self.rows - 1) as f32);
        let (ix, iy) = (
            (fx as usize).min(self.cols - 2),
            (fy as usize).min(self.rows - 2),
        );
        let (tx, ty) = (fx - ix as f32, fy - iy as f32);
        let at = |cx: usize, cy: usize| self.values[cy * self.cols + cx];
        let top = at(ix, iy) * (1.0 - tx) + at(ix + 1, iy) * tx;
        let bottom = at(ix, iy + 1) * (1.0 - tx) + at(ix + 1, iy + 1) * tx;
        top * (1.0 - ty) + bottom * ty
    }

    /// Position of cell (cx, cy) in photo pixels.
    fn centre(&self, cx: usize, cy: usize) -> (f32, f32) {
        (cx as f32 * self.cell, cy as f32 * self.cell)
    }
}

/// Distance from (x, y) to the segment a–b.
fn segment_distance(x: f32, y: f32, a: Point, b: Point) -> f32 {
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

fn smoothstep(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

fn bounds(points: &[Point]) -> (f32, f32, f32, f32) {
    points.iter().fold(
        (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
        |(a, b, c, d), p| (a.min(p[0]), b.min(p[1]), c.max(p[0]), d.max(p[1])),
    )
}

/// Coverage of a stroke at distance `d` from its centre line.
fn stroke_coverage(d: f32, radius: f32, softness: f32) -> f32 {
    let soft = (radius * softness.clamp(0.0, 1.0)).max(0.5);
    smoothstep((radius - d) / soft + 0.5)
}

impl Region {
    /// Rasterises the region at `px_per_mm` into a mask with `cell`-pixel cells.
    pub fn rasterise(&self, width: u32, height: u32, px_per_mm: f32, cell: f32) -> Mask {
        let mut mask = Mask::new(width, height, cell, if self.whole { 1.0 } else { 0.0 });
        for op in &self.ops {
            match op {
                RegionOp::Paint {
                    points,
                    radius_mm,
                    softness,
                }
                | RegionOp::Erase {
                    points,
                    radius_mm,
                    softness,
                } => {
                    if points.is_empty() {
                        continue;
                    }
                    let erase = matches!(op, RegionOp::Erase { .. });
                    let radius = radius_mm * px_per_mm;
                    let segments = open_segments(points);
                    let reach = radius + (radius * softness.clamp(0.0, 1.0)).max(0.5) + cell;
                    let near = Near::new(&mask, &segments, reach);
                    near.for_each(&mut mask, |_, d, v| {
                        let c = d.map_or(0.0, |d| stroke_coverage(d, radius, *softness));
                        *v = if erase { v.min(1.0 - c) } else { v.max(c) };
                    });
                }
                RegionOp::Polygon { points, feather_mm }
                | RegionOp::Cutout { points, feather_mm } => {
                    if points.len() < 3 {
                        continue;
                    }
                    let cut = matches!(op, RegionOp::Cutout { .. });
                    let feather = (feather_mm * px_per_mm).max(0.5);
                    let outline: Vec<[f64; 2]> = points
                        .iter()
                        .map(|p| [f64::from(p[0]), f64::from(p[1])])
                        .collect();
                    let segments = closed_segments(points);
                    let near = Near::new(&mask, &segments, feather + cell);
                    near.for_each_signed(&mut mask, &outline, |s, v| {
                        let c = smoothstep(s / feather + 0.5);
                        *v = if cut { v.min(1.0 - c) } else { v.max(c) };
                    });
                }
            }
        }
        mask
    }
}

fn open_segments(points: &[Point]) -> Vec<(Point, Point)> {
    if points.len() == 1 {
        vec![(points[0], points[0])]
    } else {
        points.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

fn closed_segments(points: &[Point]) -> Vec<(Point, Point)> {
    (0..points.len())
        .map(|i| (points[i], points[(i + 1) % points.len()]))
        .collect()
}

/// The distance to the nearest of some segments, for the mask cells within `reach` of them: each
/// segment visits only the cells around itself, so long strokes and large shapes stay cheap.
struct Near {
    c0: usize,
    r0: usize,
    cols: usize,
    rows: usize,
    dist: Vec<f32>,
}

impl Near {
    fn new(mask: &Mask, segments: &[(Point, Point)], reach: f32) -> Self {
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
    fn for_each(&self, mask: &mut Mask, mut f: impl FnMut(usize, Option<f32>, &mut f32)) {
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
    fn for_each_signed(
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

/// Share of the full density that reaches ahead of a fully broken hairline as stray dots.
const STRAY_SHARE: f32 = 0.25;
/// How far ahead of the line stray dots thin out (e-folding distance), mm.
const STRAY_REACH_MM: f32 = 2.0;

/// Smooth 2D value noise in [-1, 1] with features about `scale` pixels across.
fn value_noise(seed: u64, x: f32, y: f32, scale: f32) -> f32 {
    let (fx, fy) = (x / scale, y / scale);
    let (ix, iy) = (fx.floor(), fy.floor());
    let (tx, ty) = (smoothstep(fx - ix), smoothstep(fy - iy));
    let corner = |dx: i64, dy: i64| {
        (unit_of(hash(&[
            seed,
            (ix as i64 + dx) as u64,
            (iy as i64 + dy) as u64,
        ])) * 2.0
            - 1.0) as f32
    };
    let top = corner(0, 0) * (1.0 - tx) + corner(1, 0) * tx;
    let bottom = corner(0, 1) * (1.0 - tx) + corner(1, 1) * tx;
    top * (1.0 - ty) + bottom * ty
}

impl Hairline {
    /// Multiplies `mask` by the hairline's density profile: 0 in front of the edge, rising over the
    /// fade width to 1 behind it; the edge wanders by up to about the fade width when irregular.
    pub fn apply(&self, mask: &mut Mask, px_per_mm: f32, seed: u64) {
        let line = self.polyline();
        if line.len() < 2 {
            return;
        }
        let fade = (self.fade_mm * px_per_mm).max(1.0);
        let wander = self.irregularity.clamp(0.0, 1.0) * fade;
        let side = if self.flip { -1.0 } else { 1.0 };
        // The line continues straight past its ends, far enough to leave the photo.
        let extent = (mask.cols + mask.rows) as f32 * mask.cell * 2.0 + fade + wander;
        let unit = |a: Point, b: Point| {
            let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
            let len = (dx * dx + dy * dy).sqrt().max(1e-6);
            [dx / len, dy / len]
        };
        let (first, last) = (line[0], line[line.len() - 1]);
        let out_start = unit(first, line[1]);
        let out_end = unit(last, line[line.len() - 2]);
        let start = [
            first[0] + out_start[0] * extent,
            first[1] + out_start[1] * extent,
        ];
        let end = [last[0] + out_end[0] * extent, last[1] + out_end[1] * extent];
        let mut path = vec![start];
        path.extend_from_slice(&line);
        path.push(end);
        // Close the region behind the line (to the left of travel in a y-down image) far away.
        let behind = |t: [f32; 2]| [side * t[1], side * -t[0]];
        let n_start = behind([-out_start[0], -out_start[1]]);
        let n_end = behind([out_end[0], out_end[1]]);
        let mut outline: Vec<[f64; 2]> = path
            .iter()
            .map(|p| [f64::from(p[0]), f64::from(p[1])])
            .collect();
        outline.push([
            f64::from(end[0] + n_end[0] * extent),
            f64::from(end[1] + n_end[1] * extent),
        ]);
        outline.push([
            f64::from(start[0] + n_start[0] * extent),
            f64::from(start[1] + n_start[1] * extent),
        ]);

        // Isolated stray dots ahead of the line, as in real hairlines: a few per cm² within a
        // few millimetres of the front, more on a broken edge.
        let stray = STRAY_SHARE * self.irregularity.clamp(0.0, 1.0);
        let stray_reach = STRAY_REACH_MM * px_per_mm;
        let reach = fade + wander + mask.cell + if stray > 0.0 { 4.0 * stray_reach } else { 0.0 };
        let segments = open_segments(&path);
        let whole = Near::whole(mask, &segments, reach);
        whole.for_each_signed_centres(mask, &outline, |s, x, y, v| {
            let t = if s.is_finite() {
                // Two octaves of noise: a slow wave along the line and fine breaks in it.
                let noise = 0.65 * value_noise(seed, x, y, fade * 1.5)
                    + 0.35 * value_noise(seed ^ 0x5EED, x, y, fade * 0.4);
                (s + wander * noise) / fade
            } else {
                s
            };
            let edge = smoothstep(t);
            let ahead = if t < 0.0 {
                stray * (t * fade / stray_reach).exp()
            } else {
                stray
            };
            *v *= edge + (1.0 - edge) * ahead;
        });
    }
}

/// Scar tissue under a layer: where it is and how it takes pigment.
///
/// Scar tissue holds pigment less well than healthy scalp and unevenly (DOMAIN: "scar tissue takes
/// pigment unevenly"): dots in it come out lighter, and in patches some do not take at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scar {
    pub shape: ScarShape,
    /// Pigment the tissue keeps compared with healthy scalp (0.2–1).
    #[serde(default = "default_retention")]
    pub retention: f32,
    /// How patchy the retention is (0 = even, 1 = very patchy).
    #[serde(default = "default_unevenness")]
    pub unevenness: f32,
}

fn default_retention() -> f32 {
    0.65
}
fn default_unevenness() -> f32 {
    0.5
}

/// The shape of a scar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ScarShape {
    /// The layer's own region is scar tissue (e.g. a donor area peppered with FUE scars).
    Region,
    /// A linear strip scar (FUT): a line through `points`, `width_mm` wide.
    Strip { points: Vec<Point>, width_mm: f32 },
    /// Small round scars (FUE), each `diameter_mm` across.
    Dots {
        centres: Vec<Point>,
        diameter_mm: f32,
    },
}

/// Scar retention and sizes Follicle accepts.
pub const SCAR_RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.2..=1.0;
pub const SCAR_WIDTH_RANGE_MM: std::ops::RangeInclusive<f32> = 0.3..=30.0;

impl Scar {
    /// A scar of `shape` with the usual retention.
    pub fn new(shape: ScarShape) -> Self {
        Scar {
            shape,
            retention: default_retention(),
            unevenness: default_unevenness(),
        }
    }

    /// Checks the settings.
    pub fn validate(&self) -> Result<(), String> {
        if !SCAR_RETENTION_RANGE.contains(&self.retention)
            || !(0.0..=1.0).contains(&self.unevenness)
        {
            return Err("scar retention must be 0.2–1 and unevenness 0–1".into());
        }
        let size = match &self.shape {
            ScarShape::Region => return Ok(()),
            ScarShape::Strip { width_mm, .. } => *width_mm,
            ScarShape::Dots { diameter_mm, .. } => *diameter_mm,
        };
        if !SCAR_WIDTH_RANGE_MM.contains(&size) {
            return Err(format!("scar width {size} mm is outside 0.3–30 mm"));
        }
        Ok(())
    }

    /// The scar's own area as a region (None when the layer's region is the scar).
    pub fn region(&self) -> Option<Region> {
        let ops = match &self.shape {
            ScarShape::Region => return None,
            ScarShape::Strip { points, width_mm } => vec![RegionOp::Paint {
                points: points.clone(),
                radius_mm: width_mm / 2.0,
                softness: 0.35,
            }],
            ScarShape::Dots {
                centres,
                diameter_mm,
            } => centres
                .iter()
                .map(|c| RegionOp::Paint {
                    points: vec![*c],
                    radius_mm: diameter_mm / 2.0,
                    softness: 0.4,
                })
                .collect(),
        };
        Some(Region { whole: false, ops })
    }

    /// Pigment kept at photo position (x, y) in [0, 1]: the retention, lowered in patches about
    /// 2 mm across by the unevenness.
    pub fn retention_at(&self, x: f32, y: f32, px_per_mm: f32, seed: u64) -> f32 {
        let patch = value_noise(seed ^ 0x5CA2, x, y, 2.0 * px_per_mm) * 0.5 + 0.5;
        let fine = value_noise(seed ^ 0x5CA3, x, y, 0.6 * px_per_mm) * 0.5 + 0.5;
        let loss = self.unevenness.clamp(0.0, 1.0) * (0.7 * patch + 0.3 * fine);
        (self.retention * (1.0 - loss)).clamp(0.0, 1.0)
    }
}

impl Mask {
    /// Multiplies this mask by `other` cell by cell (both made for the same photo and cell size).
    pub fn multiply(&mut self, other: &Mask) {
        if self.values.len() == other.values.len() {
            self.values
                .iter_mut()
                .zip(&other.values)
                .for_each(|(v, o)| *v *= o);
        }
    }

    /// Fraction of the mask's cells with coverage above one half.
    pub fn covered_fraction(&self) -> f32 {
        let n = self.values.iter().filter(|&&v| v > 0.5).count();
        n as f32 / self.values.len().max(1) as f32
    }
}

impl Near {
    /// Like [`Near::new`], but covering the whole mask (the hairline shapes every cell).
    fn whole(mask: &Mask, segments: &[(Point, Point)], reach: f32) -> Self {
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
    fn for_each_signed_centres(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(mask: &Mask, x: f32, y: f32) -> f32 {
        mask.sample(x, y)
    }

    #[test]
    fn strokes_paint_and_erase_with_soft_edges() {
        let region = Region {
            whole: false,
            ops: vec![
                RegionOp::Paint {
                    points: vec![[100.0, 100.0], [300.0, 100.0]],
                    radius_mm: 2.0,
                    softness: 0.5,
                },
                RegionOp::Erase {
                    points: vec![[200.0, 100.0]],
                    radius_mm: 1.0,
                    softness: 0.0,
                },
            ],
        };
        // 10 px/mm: the stroke is 20 px wide on each side, the eraser 10 px.
        let mask = region.rasterise(400, 200, 10.0, 2.0);
        assert!(at(&mask, 150.0, 100.0) > 0.99);
        let edge = at(&mask, 150.0, 120.0);
        assert!(edge > 0.2 && edge < 0.8, "soft edge: {edge}");
        assert!(at(&mask, 150.0, 130.0) < 0.01, "outside the stroke");
        assert!(at(&mask, 200.0, 100.0) < 0.01, "erased");
        assert!(
            at(&mask, 250.0, 100.0) > 0.99,
            "the rest of the stroke stays"
        );
    }

    #[test]
    fn polygons_fill_inside_and_cutouts_remove() {
        let square = vec![[50.0, 50.0], [250.0, 50.0], [250.0, 150.0], [50.0, 150.0]];
        let hole = vec![[120.0, 80.0], [180.0, 80.0], [180.0, 120.0], [120.0, 120.0]];
        let region = Region {
            whole: false,
            ops: vec![
                RegionOp::Polygon {
                    points: square,
                    feather_mm: 1.0,
                },
                RegionOp::Cutout {
                    points: hole,
                    feather_mm: 0.0,
                },
            ],
        };
        let mask = region.rasterise(300, 200, 10.0, 2.0);
        assert!(at(&mask, 80.0, 100.0) > 0.99);
        assert!(at(&mask, 20.0, 100.0) < 0.01);
        assert!(
            (at(&mask, 50.0, 100.0) - 0.5).abs() < 0.15,
            "feathered edge is half covered"
        );
        assert!(at(&mask, 150.0, 100.0) < 0.01, "cut out");
    }

    #[test]
    fn hairline_is_empty_in_front_and_full_behind_with_a_fade() {
        let hairline = Hairline {
            points: vec![[0.0, 100.0], [200.0, 100.0], [400.0, 100.0]],
            fade_mm: 5.0,
            irregularity: 0.0,
            flip: false,
        };
        let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
        hairline.apply(&mut mask, 10.0, 1);
        assert!(
            at(&mask, 200.0, 180.0) < 0.01,
            "in front (below) of the hairline"
        );
        assert!(at(&mask, 200.0, 20.0) > 0.99, "behind (above)");
        let mid = at(&mask, 200.0, 75.0);
        assert!(
            mid > 0.2 && mid < 0.8,
            "half way through the 50 px fade: {mid}"
        );
        assert!(
            at(&mask, 200.0, 90.0) < at(&mask, 200.0, 60.0),
            "rises towards the back"
        );

        let flipped = Hairline {
            flip: true,
            ..hairline.clone()
        };
        let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
        flipped.apply(&mut mask, 10.0, 1);
        assert!(
            at(&mask, 200.0, 180.0) > 0.99 && at(&mask, 200.0, 20.0) < 0.01,
            "flip swaps the sides"
        );
    }

    #[test]
    fn an_irregular_hairline_wanders_but_keeps_its_sides() {
        let hairline = Hairline {
            points: vec![[0.0, 100.0], [400.0, 100.0]],
            fade_mm: 4.0,
            irregularity: 1.0,
            flip: false,
        };
        let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
        hairline.apply(&mut mask, 10.0, 7);
        let row: Vec<f32> = (0..40).map(|i| at(&mask, i as f32 * 10.0, 80.0)).collect();
        let spread = row.iter().cloned().fold(f32::MIN, f32::max)
            - row.iter().cloned().fold(f32::MAX, f32::min);
        assert!(spread > 0.3, "the edge wanders along the line: {row:?}");
        // Far ahead only the last stray dots remain; behind, full density.
        assert!(at(&mask, 200.0, 195.0) < 0.03 && at(&mask, 200.0, 5.0) > 0.99);
    }

    #[test]
    fn stray_dots_reach_a_little_ahead_of_a_broken_hairline_only() {
        let line = |irregularity| Hairline {
            points: vec![[0.0, 100.0], [400.0, 100.0]],
            fade_mm: 4.0,
            irregularity,
            flip: false,
        };
        let ahead = |h: &Hairline, y: f32| {
            let mut mask = Region::default().rasterise(400, 300, 10.0, 2.0);
            h.apply(&mut mask, 10.0, 3);
            (0..40)
                .map(|i| at(&mask, i as f32 * 10.0 + 5.0, y))
                .sum::<f32>()
                / 40.0
        };
        let clean = line(0.0);
        let broken = line(0.8);
        // 2 mm ahead of the line: strays on a broken edge, nothing on a clean one.
        assert!(ahead(&clean, 120.0 + 40.0) < 1e-3);
        let near = ahead(&broken, 160.0);
        assert!((0.01..0.2).contains(&near), "{near}");
        // 15 mm ahead they are gone.
        assert!(ahead(&broken, 290.0) < 0.005);
    }
}
