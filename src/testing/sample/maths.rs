//! Small maths helpers and value noise for the synthetic photos.

use rayon::prelude::*;

use super::{Rgbf, purpose, rng};

// Small maths helpers
// ---------------------------------------------------------------------------------------------

pub(super) fn smoothstep(e0: f64, e1: f64, x: f64) -> f64 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

pub(super) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

pub(super) fn lerp3(a: Rgbf, b: Rgbf, t: f64) -> Rgbf {
    [
        lerp(a[0], b[0], t),
        lerp(a[1], b[1], t),
        lerp(a[2], b[2], t),
    ]
}

pub(super) fn scale3(a: Rgbf, k: f64) -> Rgbf {
    [a[0] * k, a[1] * k, a[2] * k]
}

pub(super) fn dot3(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub(super) fn normalize3(a: [f64; 3]) -> [f64; 3] {
    let len = dot3(a, a).sqrt();
    if len > 1e-12 {
        scale3(a, 1.0 / len)
    } else {
        [0.0, 0.0, 1.0]
    }
}

/// Turns a 2D vector by `angle` radians.
pub(super) fn rotate(v: [f64; 2], angle: f64) -> [f64; 2] {
    let (s, c) = (angle.sin(), angle.cos());
    [c * v[0] - s * v[1], s * v[0] + c * v[1]]
}

/// sRGB byte to the working linear space (gamma 2).
pub(super) fn to_linear(c: u8) -> f64 {
    let v = f64::from(c) / 255.0;
    v * v
}

/// Working linear space to an sRGB value in [0, 1] (gamma 2), before quantisation.
pub(super) fn to_display(lin: f64) -> f64 {
    lin.max(0.0).sqrt()
}

/// Rounds a display value in [0, 1] to a byte.
pub(super) fn quantise(v: f64) -> u8 {
    (v * 255.0 + 0.5).clamp(0.0, 255.0) as u8
}

/// An approximately normal value (mean 0, standard deviation 1) from one hash: the sum of its four
/// 16-bit quarters (Irwin–Hall), rescaled.
pub(super) fn gauss_of(h: u64) -> f64 {
    let sum: f64 = (0..4).map(|i| ((h >> (16 * i)) & 0xFFFF) as f64).sum();
    (sum / 65535.0 - 2.0) * (3.0f64).sqrt()
}

/// A soft highlight compression above `knee`, so specular peaks roll off instead of clipping flat.
pub(super) fn shoulder(x: f64) -> f64 {
    pub(super) const KNEE: f64 = 0.72;
    pub(super) const ROOM: f64 = 1.0 - KNEE;
    if x <= KNEE {
        x
    } else {
        KNEE + ROOM * (1.0 - (-(x - KNEE) / ROOM).exp())
    }
}

// ---------------------------------------------------------------------------------------------
// Value noise
// ---------------------------------------------------------------------------------------------

/// Smooth value noise in [-1, 1]: random values on a square lattice (spacing `cell` pixels),
/// interpolated with smoothstep weights. The lattice may be rotated against the image, which hides
/// the axis-aligned look of value noise in broad, low-frequency layers.
pub(super) struct Lattice {
    pub(super) inv_cell: f64,
    pub(super) nx: usize,
    pub(super) ny: usize,
    /// Cosine and sine of the rotation, and the offset that keeps rotated coordinates positive.
    pub(super) rot: [f64; 4],
    pub(super) vals: Vec<f32>,
}

impl Lattice {
    pub(super) fn new(seed: u64, layer: u64, width: f64, height: f64, cell: f64) -> Self {
        Lattice::rotated(seed, layer, width, height, cell, 0.0)
    }

    pub(super) fn rotated(
        seed: u64,
        layer: u64,
        width: f64,
        height: f64,
        cell: f64,
        angle: f64,
    ) -> Self {
        let cell = cell.max(0.75);
        let (sin, cos) = if angle == 0.0 {
            (0.0, 1.0)
        } else {
            (angle.sin(), angle.cos())
        };
        let corners = [(0.0, 0.0), (width, 0.0), (0.0, height), (width, height)]
            .map(|(x, y)| (cos * x - sin * y, sin * x + cos * y));
        let min_x = corners.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
        let max_x = corners
            .iter()
            .map(|c| c.0)
            .fold(f64::NEG_INFINITY, f64::max);
        let min_y = corners.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
        let max_y = corners
            .iter()
            .map(|c| c.1)
            .fold(f64::NEG_INFINITY, f64::max);
        let nx = ((max_x - min_x) / cell) as usize + 3;
        let ny = ((max_y - min_y) / cell) as usize + 3;
        let vals = (0..nx * ny)
            .map(|i| rng::signed_of(rng::hash(&[seed, purpose::LATTICE, layer, i as u64])) as f32)
            .collect();
        Lattice {
            inv_cell: 1.0 / cell,
            nx,
            ny,
            rot: [cos, sin, -min_x, -min_y],
            vals,
        }
    }

    pub(super) fn at(&self, x: f64, y: f64) -> f64 {
        let [cos, sin, ox, oy] = self.rot;
        let (x, y) = (cos * x - sin * y + ox, sin * x + cos * y + oy);
        let gx = (x * self.inv_cell).max(0.0);
        let gy = (y * self.inv_cell).max(0.0);
        let ix = (gx as usize).min(self.nx - 2);
        let iy = (gy as usize).min(self.ny - 2);
        let fx = (gx - ix as f64).min(1.0);
        let fy = (gy - iy as f64).min(1.0);
        let sx = fx * fx * (3.0 - 2.0 * fx);
        let sy = fy * fy * (3.0 - 2.0 * fy);
        let i = iy * self.nx + ix;
        let v = &self.vals;
        let top = lerp(f64::from(v[i]), f64::from(v[i + 1]), sx);
        let bottom = lerp(f64::from(v[i + self.nx]), f64::from(v[i + self.nx + 1]), sx);
        lerp(top, bottom, sy)
    }
}

/// A few rotated octaves of value noise, summed with weights (roughly in [-1, 1]).
pub(super) struct Fbm(Vec<(Lattice, f64)>);

impl Fbm {
    /// `octaves` layers from spacing `cell` down by halves, weights falling by `gain`.
    pub(super) fn new(
        seed: u64,
        layer: u64,
        width: f64,
        height: f64,
        cell: f64,
        octaves: u32,
        gain: f64,
    ) -> Self {
        let (mut weight, mut total, mut size) = (1.0, 0.0, cell);
        let mut layers = Vec::new();
        for o in 0..octaves {
            let angle = 0.5 + 1.3 * f64::from(o);
            let lattice =
                Lattice::rotated(seed, layer * 16 + u64::from(o), width, height, size, angle);
            layers.push((lattice, weight));
            total += weight;
            weight *= gain;
            size *= 0.5;
        }
        Fbm(layers.into_iter().map(|(l, w)| (l, w / total)).collect())
    }

    pub(super) fn at(&self, x: f64, y: f64) -> f64 {
        self.0.iter().map(|(l, w)| w * l.at(x, y)).sum()
    }
}

/// Indices of the channels of [`Smooth`].
pub(super) mod ch {
    pub const TONE: usize = 0;
    pub const REDNESS: usize = 1;
    pub const MID: usize = 2;
    pub const OIL: usize = 3;
    pub const PATCH: usize = 4;
    pub const SWIRL: usize = 5;
    pub const BACKDROP: usize = 6;
    pub const COUNT: usize = 7;
}

/// Slowly varying noise layers, evaluated once on a coarse grid and interpolated bilinearly: far
/// cheaper than summing every octave at every pixel, and indistinguishable for broad features.
pub(super) struct Smooth {
    pub(super) inv_step: f64,
    pub(super) nx: usize,
    pub(super) ny: usize,
    pub(super) data: Vec<[f32; ch::COUNT]>,
}

impl Smooth {
    pub(super) fn new(layers: &[Fbm; ch::COUNT], width: f64, height: f64, step: f64) -> Self {
        let nx = (width / step) as usize + 3;
        let ny = (height / step) as usize + 3;
        let rows: Vec<Vec<[f32; ch::COUNT]>> = (0..ny)
            .into_par_iter()
            .map(|j| {
                (0..nx)
                    .map(|i| {
                        let (x, y) = (i as f64 * step, j as f64 * step);
                        layers.each_ref().map(|l| l.at(x, y) as f32)
                    })
                    .collect()
            })
            .collect();
        Smooth {
            inv_step: 1.0 / step,
            nx,
            ny,
            data: rows.concat(),
        }
    }

    pub(super) fn at(&self, x: f64, y: f64) -> [f64; ch::COUNT] {
        let gx = (x * self.inv_step).max(0.0);
        let gy = (y * self.inv_step).max(0.0);
        let ix = (gx as usize).min(self.nx - 2);
        let iy = (gy as usize).min(self.ny - 2);
        let fx = (gx - ix as f64).min(1.0);
        let fy = (gy - iy as f64).min(1.0);
        let i = iy * self.nx + ix;
        let d = &self.data;
        let (a, b, c, e) = (&d[i], &d[i + 1], &d[i + self.nx], &d[i + self.nx + 1]);
        std::array::from_fn(|k| {
            let top = lerp(f64::from(a[k]), f64::from(b[k]), fx);
            let bottom = lerp(f64::from(c[k]), f64::from(e[k]), fx);
            lerp(top, bottom, fy)
        })
    }
}

/// Cubic Hermite interpolation through `points` (sorted by x), with finite-difference tangents;
/// constant beyond the ends.
pub(super) fn hermite(points: &[(f64, f64)], x: f64) -> f64 {
    let n = points.len();
    if n == 0 {
        return 0.0;
    }
    if x <= points[0].0 {
        return points[0].1;
    }
    if x >= points[n - 1].0 {
        return points[n - 1].1;
    }
    let i = points
        .iter()
        .rposition(|p| p.0 <= x)
        .unwrap_or(0)
        .min(n - 2);
    let tangent = |k: usize| {
        let (a, b) = (k.saturating_sub(1), (k + 1).min(n - 1));
        (points[b].1 - points[a].1) / (points[b].0 - points[a].0)
    };
    let (x0, y0) = points[i];
    let (x1, y1) = points[i + 1];
    let h = x1 - x0;
    let t = (x - x0) / h;
    let (t2, t3) = (t * t, t * t * t);
    (2.0 * t3 - 3.0 * t2 + 1.0) * y0
        + (t3 - 2.0 * t2 + t) * h * tangent(i)
        + (-2.0 * t3 + 3.0 * t2) * y1
        + (t3 - t2) * h * tangent(i + 1)
}
