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

    /// Visits every cell within `reach` pixels of the box (x0, y0)–(x1, y1).
    fn for_cells_near(
        &mut self,
        (x0, y0, x1, y1): (f32, f32, f32, f32),
        reach: f32,
        mut f: impl FnMut(f32, f32, &mut f32),
    ) {
        let c0 = (((x0 - reach) / self.cell).floor().max(0.0)) as usize;
        let r0 = (((y0 - reach) / self.cell).floor().max(0.0)) as usize;
        let c1 = (((x1 + reach) / self.cell).ceil().max(0.0) as usize).min(self.cols - 1);
        let r1 = (((y1 + reach) / self.cell).ceil().max(0.0) as usize).min(self.rows - 1);
        for cy in r0..=r1 {
            for cx in c0..=c1 {
                let (x, y) = self.centre(cx, cy);
                let index = cy * self.cols + cx;
                f(x, y, &mut self.values[index]);
            }
        }
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

/// Even-odd point-in-polygon test.
fn inside(points: &[Point], x: f32, y: f32) -> bool {
    let mut inside = false;
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let (a, b) = (points[i], points[j]);
        if (a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0] {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Signed distance to a closed polygon's outline: positive inside.
fn polygon_signed_distance(points: &[Point], x: f32, y: f32) -> f32 {
    let mut d = f32::MAX;
    for i in 0..points.len() {
        d = d.min(segment_distance(
            x,
            y,
            points[i],
            points[(i + 1) % points.len()],
        ));
    }
    if inside(points, x, y) { d } else { -d }
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
                    let segments: Vec<(Point, Point)> = if points.len() == 1 {
                        vec![(points[0], points[0])]
                    } else {
                        points.windows(2).map(|w| (w[0], w[1])).collect()
                    };
                    mask.for_cells_near(bounds(points), radius + cell, |x, y, v| {
                        let d = segments
                            .iter()
                            .map(|&(a, b)| segment_distance(x, y, a, b))
                            .fold(f32::MAX, f32::min);
                        let c = stroke_coverage(d, radius, *softness);
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
                    mask.for_cells_near(bounds(points), feather, |x, y, v| {
                        let c = smoothstep(polygon_signed_distance(points, x, y) / feather + 0.5);
                        *v = if cut { v.min(1.0 - c) } else { v.max(c) };
                    });
                }
            }
        }
        mask
    }
}

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
        let (first, last) = (line[0], line[line.len() - 1]);
        let (n0, n1) = (line[1], line[line.len() - 2]);
        for cy in 0..mask.rows {
            for cx in 0..mask.cols {
                let (x, y) = mask.centre(cx, cy);
                let s = side * signed_distance(&line, first, n0, last, n1, x, y);
                // Two octaves of noise: a slow wave along the line and fine breaks in it.
                let noise = 0.65 * value_noise(seed, x, y, fade * 1.5)
                    + 0.35 * value_noise(seed ^ 0x5EED, x, y, fade * 0.4);
                let t = (s + wander * noise) / fade;
                mask.values[cy * mask.cols + cx] *= smoothstep(t);
            }
        }
    }
}

/// Distance to the open polyline, extended straight beyond its ends, positive on its left (towards
/// the hair for a left-to-right line in a y-down image).
fn signed_distance(
    line: &[Point],
    first: Point,
    second: Point,
    last: Point,
    before_last: Point,
    x: f32,
    y: f32,
) -> f32 {
    let extend = |a: Point, b: Point| {
        // A long ray from a away from b.
        let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        [a[0] + dx / len * 1e6, a[1] + dy / len * 1e6]
    };
    let start = extend(first, second);
    let end = extend(last, before_last);
    let mut best = f32::MAX;
    let mut sign = 1.0;
    let mut consider = |a: Point, b: Point| {
        let d = segment_distance(x, y, a, b);
        if d < best {
            best = d;
            // Cross product of the segment direction with the offset: negative means left in y-down.
            let cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
            sign = if cross < 0.0 { 1.0 } else { -1.0 };
        }
    };
    consider(start, first);
    for w in line.windows(2) {
        consider(w[0], w[1]);
    }
    consider(last, end);
    best * sign
}
