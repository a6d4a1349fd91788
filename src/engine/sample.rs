//! Procedurally generated sample images: no real person's photo, nothing downloaded.
//!
//! [`scalp_photo`] paints a believable phone photo of a shaved head with a receding (Norwood 3)
//! hairline, for demos and tests; [`skin_patch`] a plain patch of skin; [`app_icon`] the icon.
//!
//! Everything is computed in `f64` from the seed with the stateless hashes of [`rng`] (and only
//! basic arithmetic, `sqrt`, `exp`, `sin` and `cos`), so the same arguments give the same bytes on
//! every machine. The photo is rendered in bands of rows in parallel; each band depends only on its
//! own inputs, so the thread schedule cannot change the result.
//!
//! Colours are handled in a simple linear space with gamma 2 (`linear = srgb²`): close enough to
//! sRGB for a synthetic photo, and exact with nothing but `sqrt`.
//!
//! The photo is built like a real one: a 3D head (an ellipsoid dome that narrows towards the
//! forehead) lit by a warm key light from the upper left, a cool fill and an ambient term, with a
//! wrap term per channel for the reddish terminator of skin and a two-lobe specular sheen. Skin
//! albedo varies at several scales and carries pores; hair grows in follicular units whose density
//! ramps up irregularly behind the hairline. The head is freshly shaved: each hair is a stub cut a
//! few tenths of a millimetre above the skin (mostly its cut cross-section, with a little length
//! where it leaves the skin at a slant), projected from 3D, over the dark core of its shaft just
//! under the skin and the soft blue-grey shadow of its follicle. Depth of field, vignetting and
//! sensor noise finish it.

use image::{RgbImage, Rgba, RgbaImage};
use rayon::prelude::*;

use crate::engine::rng;

/// Scale of the generated sample photo, pixels per millimetre (so a 3000-px-wide photo spans 250 mm).
pub const SAMPLE_PX_PER_MM: f64 = 12.0;

/// Width of the photo, in pixels, at which the scale is exactly [`SAMPLE_PX_PER_MM`].
const REFERENCE_WIDTH: f64 = 3000.0;

/// Rows rendered together by one parallel task.
const BAND: usize = 16;

/// Chance of a follicular-unit candidate in a 0.7 mm cell where hair is at full density, before
/// the spacing thins them (about 80 units per cm² of skin are left).
const FU_CANDIDATE: f64 = 0.48;

/// Smallest distance between follicular units on skin facing the camera, mm.
const FU_SPACING_MM: f64 = 0.45;

/// Hash purposes, so that different uses of one seed are independent.
mod purpose {
    pub const LATTICE: u64 = 0x5A31_0001;
    pub const SHAPE: u64 = 0x5A31_0002;
    pub const FOLLICLE: u64 = 0x5A31_0003;
    pub const PORE: u64 = 0x5A31_0004;
    pub const BLEMISH: u64 = 0x5A31_0005;
    pub const SENSOR: u64 = 0x5A31_0006;
    pub const ICON: u64 = 0x5A31_0007;
}

type Rgbf = [f64; 3];

// ---------------------------------------------------------------------------------------------
// Small maths helpers
// ---------------------------------------------------------------------------------------------

fn smoothstep(e0: f64, e1: f64, x: f64) -> f64 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

fn lerp3(a: Rgbf, b: Rgbf, t: f64) -> Rgbf {
    [
        lerp(a[0], b[0], t),
        lerp(a[1], b[1], t),
        lerp(a[2], b[2], t),
    ]
}

fn scale3(a: Rgbf, k: f64) -> Rgbf {
    [a[0] * k, a[1] * k, a[2] * k]
}

fn dot3(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn normalize3(a: [f64; 3]) -> [f64; 3] {
    let len = dot3(a, a).sqrt();
    if len > 1e-12 {
        scale3(a, 1.0 / len)
    } else {
        [0.0, 0.0, 1.0]
    }
}

/// Turns a 2D vector by `angle` radians.
fn rotate(v: [f64; 2], angle: f64) -> [f64; 2] {
    let (s, c) = (angle.sin(), angle.cos());
    [c * v[0] - s * v[1], s * v[0] + c * v[1]]
}

/// sRGB byte to the working linear space (gamma 2).
fn to_linear(c: u8) -> f64 {
    let v = f64::from(c) / 255.0;
    v * v
}

/// Working linear space to an sRGB value in [0, 1] (gamma 2), before quantisation.
fn to_display(lin: f64) -> f64 {
    lin.max(0.0).sqrt()
}

/// Rounds a display value in [0, 1] to a byte.
fn quantise(v: f64) -> u8 {
    (v * 255.0 + 0.5).clamp(0.0, 255.0) as u8
}

/// An approximately normal value (mean 0, standard deviation 1) from one hash: the sum of its four
/// 16-bit quarters (Irwin–Hall), rescaled.
fn gauss_of(h: u64) -> f64 {
    let sum: f64 = (0..4).map(|i| ((h >> (16 * i)) & 0xFFFF) as f64).sum();
    (sum / 65535.0 - 2.0) * (3.0f64).sqrt()
}

/// A soft highlight compression above `knee`, so specular peaks roll off instead of clipping flat.
fn shoulder(x: f64) -> f64 {
    const KNEE: f64 = 0.72;
    const ROOM: f64 = 1.0 - KNEE;
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
struct Lattice {
    inv_cell: f64,
    nx: usize,
    ny: usize,
    /// Cosine and sine of the rotation, and the offset that keeps rotated coordinates positive.
    rot: [f64; 4],
    vals: Vec<f32>,
}

impl Lattice {
    fn new(seed: u64, layer: u64, width: f64, height: f64, cell: f64) -> Self {
        Lattice::rotated(seed, layer, width, height, cell, 0.0)
    }

    fn rotated(seed: u64, layer: u64, width: f64, height: f64, cell: f64, angle: f64) -> Self {
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

    fn at(&self, x: f64, y: f64) -> f64 {
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
struct Fbm(Vec<(Lattice, f64)>);

impl Fbm {
    /// `octaves` layers from spacing `cell` down by halves, weights falling by `gain`.
    fn new(
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

    fn at(&self, x: f64, y: f64) -> f64 {
        self.0.iter().map(|(l, w)| w * l.at(x, y)).sum()
    }
}

/// Indices of the channels of [`Smooth`].
mod ch {
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
struct Smooth {
    inv_step: f64,
    nx: usize,
    ny: usize,
    data: Vec<[f32; ch::COUNT]>,
}

impl Smooth {
    fn new(layers: &[Fbm; ch::COUNT], width: f64, height: f64, step: f64) -> Self {
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

    fn at(&self, x: f64, y: f64) -> [f64; ch::COUNT] {
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
fn hermite(points: &[(f64, f64)], x: f64) -> f64 {
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

// ---------------------------------------------------------------------------------------------
// Marks: small features splatted into a band
// ---------------------------------------------------------------------------------------------

/// A soft round spot that multiplies the skin albedo by `1 - k·f` and the sheen by `1 - spec·f`,
/// where `f` falls from 1 at the centre to 0 at radius `r` (pores, follicle shadows, blemishes).
struct Spot {
    x: f64,
    y: f64,
    r: f64,
    k: Rgbf,
    spec: f64,
}

impl Spot {
    /// A spot of nominal radius `r`, widened to at least `min_r` pixels with its strength reduced
    /// so that it darkens the same area in total (small images stay faithful on average).
    fn conserving(x: f64, y: f64, r: f64, k: Rgbf, spec: f64, min_r: f64) -> Spot {
        let wide = r.max(min_r);
        let keep = (r / wide) * (r / wide);
        Spot {
            x,
            y,
            r: wide,
            k: scale3(k, keep),
            spec: spec * keep,
        }
    }

    fn rows(&self) -> (f64, f64) {
        (self.y - self.r, self.y + self.r)
    }
}

/// A hair stub: a tapered stroke from `a` (the root, where it leaves the skin) to `b` (the cut tip),
/// already shaded, seen through a box blur of half-width `blur` pixels (anti-aliasing plus depth of
/// field).
struct Hair {
    a: [f64; 2],
    b: [f64; 2],
    hw_root: f64,
    hw_tip: f64,
    blur: f64,
    root: Rgbf,
    tip: Rgbf,
    opacity: f64,
}

impl Hair {
    fn reach(&self) -> f64 {
        self.hw_root.max(self.hw_tip) + self.blur
    }

    fn rows(&self) -> (f64, f64) {
        let r = self.reach();
        (self.a[1].min(self.b[1]) - r, self.a[1].max(self.b[1]) + r)
    }
}

/// For each band, the indices of the items whose row span `[lo, hi]` touches it.
fn buckets(spans: impl Iterator<Item = (f64, f64)>, height: usize) -> Vec<Vec<u32>> {
    let bands = height.div_ceil(BAND);
    let mut out = vec![Vec::new(); bands];
    for (i, (lo, hi)) in spans.enumerate() {
        if hi < 0.0 || lo >= height as f64 || bands == 0 {
            continue;
        }
        let first = (lo.max(0.0) as usize) / BAND;
        let last = ((hi.max(0.0) as usize) / BAND).min(bands - 1);
        for band in out.iter_mut().take(last + 1).skip(first) {
            band.push(i as u32);
        }
    }
    out
}

/// The pixel rectangle (clipped to a band of `rows` rows starting at `y0`, `width` wide) that a
/// mark centred on `[x0, x1] × [ya, yb]` can touch.
fn clip(
    x0: f64,
    x1: f64,
    ya: f64,
    yb: f64,
    width: usize,
    y0: usize,
    rows: usize,
) -> Option<[usize; 4]> {
    let left = x0.floor().max(0.0) as usize;
    let right = (x1.ceil().max(0.0) as usize).min(width);
    let top = (ya.floor().max(y0 as f64) as usize).max(y0);
    let bottom = (yb.ceil().max(0.0) as usize).min(y0 + rows);
    (left < right && top < bottom).then_some([left, right, top, bottom])
}

fn apply_spot(
    spot: &Spot,
    width: usize,
    y0: usize,
    rows: usize,
    alb: &mut [Rgbf],
    sheen: &mut [f64],
) {
    let Some([left, right, top, bottom]) = clip(
        spot.x - spot.r,
        spot.x + spot.r,
        spot.y - spot.r,
        spot.y + spot.r,
        width,
        y0,
        rows,
    ) else {
        return;
    };
    let inv_r2 = 1.0 / (spot.r * spot.r);
    for py in top..bottom {
        let dy = py as f64 + 0.5 - spot.y;
        let row = (py - y0) * width;
        for px in left..right {
            let dx = px as f64 + 0.5 - spot.x;
            let q = 1.0 - (dx * dx + dy * dy) * inv_r2;
            if q <= 0.0 {
                continue;
            }
            let f = q * q;
            let i = row + px;
            for (c, k) in alb[i].iter_mut().zip(spot.k) {
                *c *= 1.0 - k * f;
            }
            sheen[i] *= 1.0 - spot.spec * f;
        }
    }
}

fn apply_hair(hair: &Hair, width: usize, y0: usize, rows: usize, col: &mut [Rgbf]) {
    let reach = hair.reach();
    let [ax, ay] = hair.a;
    let [bx, by] = hair.b;
    let Some([left, right, top, bottom]) = clip(
        ax.min(bx) - reach,
        ax.max(bx) + reach,
        ay.min(by) - reach,
        ay.max(by) + reach,
        width,
        y0,
        rows,
    ) else {
        return;
    };
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let inv_len2 = if len2 > 1e-9 { 1.0 / len2 } else { 0.0 };
    let inv_2b = 0.5 / hair.blur;
    for py in top..bottom {
        let cy = py as f64 + 0.5;
        let row = (py - y0) * width;
        for px in left..right {
            let cx = px as f64 + 0.5;
            let t = (((cx - ax) * dx + (cy - ay) * dy) * inv_len2).clamp(0.0, 1.0);
            let (ex, ey) = (cx - ax - t * dx, cy - ay - t * dy);
            let d = (ex * ex + ey * ey).sqrt();
            let hw = lerp(hair.hw_root, hair.hw_tip, t);
            // Overlap of the blur box [d - b, d + b] with the stroke's cross-section [-hw, hw].
            let overlap = (d + hair.blur).min(hw) - (d - hair.blur).max(-hw);
            if overlap <= 0.0 {
                continue;
            }
            let a = hair.opacity * (overlap * inv_2b).min(1.0);
            let c = lerp3(hair.root, hair.tip, t);
            let p = &mut col[row + px];
            *p = lerp3(*p, c, a);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The scalp photo
// ---------------------------------------------------------------------------------------------

/// The hairline (fraction of the height, from the top) against the horizontal head coordinate
/// `u` (−1 … 1 across the head), for the right half; mirrored, perturbed per side.
/// A Norwood 3: a rounded central forelock, deep temple recessions, side hair coming down.
const HAIRLINE: [(f64, f64); 11] = [
    (0.0, 0.58),
    (0.12, 0.575),
    (0.25, 0.55),
    (0.38, 0.49),
    (0.50, 0.415),
    (0.60, 0.395),
    (0.70, 0.45),
    (0.80, 0.56),
    (0.90, 0.76),
    (1.0, 1.05),
    (1.2, 1.7),
];

/// The surface of the head under one pixel.
#[derive(Clone, Copy)]
struct Surf {
    /// Unit normal (x right, y down, z towards the camera).
    n: [f64; 3],
    /// Signed distance to the silhouette in pixels, positive inside.
    dist: f64,
}

/// Value-noise layers used across the photo.
struct Noises {
    /// Broad layers: tone, redness, mid-scale mottling, oiliness, hair patchiness, hair swirl,
    /// backdrop (see [`ch`]).
    smooth: Smooth,
    blotch: Lattice,
    fine: Lattice,
    micro: Lattice,
    edge_a: Fbm,
    edge_b: Lattice,
}

struct Scene {
    seed: u64,
    width: usize,
    height: usize,
    w: f64,
    h: f64,
    /// Pixels per millimetre.
    s: f64,
    cx: f64,
    cy: f64,
    rx: f64,
    ry: f64,
    /// y (pixels) of the front hairline at each column centre.
    hairline: Vec<f64>,
    /// `1 / sqrt(1 + slope²)` of the hairline at each column: turns vertical distances into
    /// distances across the line.
    across: Vec<f64>,
    /// 0 … 1: how close each column is to a temple recession (where the hairline is most diffuse).
    temple: Vec<f64>,
    /// Crown thinning: centre x, y and radius in pixels.
    crown: [f64; 3],
    /// Faint forehead lines: height at the centre (pixels) and strength.
    creases: Vec<[f64; 2]>,
    skin: Rgbf,
    key: [f64; 3],
    fill: [f64; 3],
    half: [f64; 3],
    noise: Noises,
    spots: Vec<Spot>,
    hairs: Vec<Hair>,
    spot_bands: Vec<Vec<u32>>,
    hair_bands: Vec<Vec<u32>>,
}

impl Scene {
    fn new(width: u32, height: u32, seed: u64) -> Scene {
        let (w, h) = (f64::from(width), f64::from(height));
        let s = SAMPLE_PX_PER_MM * w / REFERENCE_WIDTH;
        let mm = |v: f64| (v * s).max(0.75);
        let lat = |layer: u64, cell: f64| Lattice::new(seed, layer, w, h, cell);
        let fbm =
            |layer: u64, cell: f64, octaves: u32| Fbm::new(seed, layer, w, h, cell, octaves, 0.55);
        let broad = [
            fbm(1, 0.3 * w, 2),   // ch::TONE
            fbm(2, 0.2 * w, 2),   // ch::REDNESS
            fbm(3, mm(16.0), 2),  // ch::MID
            fbm(6, mm(24.0), 2),  // ch::OIL
            fbm(9, mm(14.0), 2),  // ch::PATCH
            fbm(10, mm(40.0), 2), // ch::SWIRL
            fbm(11, 0.3 * w, 2),  // ch::BACKDROP
        ];
        let noise = Noises {
            smooth: Smooth::new(&broad, w, h, mm(1.0).max(1.0)),
            blotch: lat(4, mm(4.0)),
            fine: lat(5, mm(0.35)),
            micro: lat(12, mm(0.14)),
            edge_a: fbm(7, mm(9.0), 2),
            edge_b: lat(8, mm(2.0)),
        };
        let shape = |k: u64| rng::signed_of(rng::hash(&[seed, purpose::SHAPE, k]));

        let cx = w * (0.5 + 0.012 * shape(1));
        let cy = h * (0.6 + 0.01 * shape(2));
        let rx = w * (0.52 + 0.008 * shape(3));
        let ry = h * 0.58;

        // The hairline: control points mirrored to both sides, each side perturbed on its own.
        let mut points: Vec<(f64, f64)> = Vec::with_capacity(2 * HAIRLINE.len());
        for (side, sign) in [(0u64, -1.0), (1u64, 1.0)] {
            for (k, &(u, y)) in HAIRLINE
                .iter()
                .enumerate()
                .skip(if side == 0 { 1 } else { 0 })
            {
                let ku = 100 + side * 50 + k as u64;
                let du = if k == 0 { 0.0 } else { 0.02 * shape(ku) };
                let dy = if k == 0 { 0.0 } else { 0.014 * shape(ku + 20) };
                points.push((sign * (u + du), y + dy));
            }
        }
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let wobble_a = Lattice::new(seed, 20, w, 1.0, mm(16.0));
        let wobble_b = Lattice::new(seed, 21, w, 1.0, mm(4.5));
        let hairline: Vec<f64> = (0..width as usize)
            .map(|col| {
                let x = col as f64 + 0.5;
                let u = (x - cx) / rx;
                h * hermite(&points, u)
                    + s * (2.2 * wobble_a.at(x, 0.0) + 0.8 * wobble_b.at(x, 0.0))
            })
            .collect();
        let n = hairline.len();
        let across = (0..n)
            .map(|i| {
                let (a, b) = (i.saturating_sub(1), (i + 1).min(n - 1));
                let slope = if b > a {
                    (hairline[b] - hairline[a]) / (b - a) as f64
                } else {
                    0.0
                };
                1.0 / (1.0 + slope * slope).sqrt()
            })
            .collect();
        let temple = (0..n)
            .map(|col| {
                let u = ((col as f64 + 0.5 - cx) / rx).abs();
                let z = (u - 0.6) / 0.15;
                (-z * z).exp()
            })
            .collect();
        let crown = [cx + w * 0.05 * (1.0 + 0.4 * shape(4)), h * 0.13, w * 0.17];
        let creases = (0..3u64)
            .map(|k| {
                let at = h * (0.79 + 0.075 * k as f64 + 0.012 * shape(40 + k));
                [at, 0.035 + 0.012 * shape(50 + k)]
            })
            .collect();

        // Light-medium skin, lit; a little variation per seed.
        let tone = 1.0 + 0.04 * shape(5);
        let skin = [
            to_linear(205) * tone * (1.0 + 0.02 * shape(6)),
            to_linear(160) * tone,
            to_linear(135) * tone * (1.0 + 0.03 * shape(7)),
        ];
        let key = normalize3([-0.6, -0.25, 0.76]);
        let fill = normalize3([0.78, 0.05, 0.62]);
        let half = normalize3([key[0], key[1], key[2] + 1.0]);

        let mut scene = Scene {
            seed,
            width: width as usize,
            height: height as usize,
            w,
            h,
            s,
            cx,
            cy,
            rx,
            ry,
            hairline,
            across,
            temple,
            crown,
            creases,
            skin,
            key,
            fill,
            half,
            noise,
            spots: Vec::new(),
            hairs: Vec::new(),
            spot_bands: Vec::new(),
            hair_bands: Vec::new(),
        };
        let (mut spots, hairs) = scene.follicles();
        spots.extend(scene.pores());
        spots.extend(scene.blemishes());
        scene.spot_bands = buckets(spots.iter().map(Spot::rows), scene.height);
        scene.hair_bands = buckets(hairs.iter().map(Hair::rows), scene.height);
        scene.spots = spots;
        scene.hairs = hairs;
        scene
    }

    /// The head: an ellipsoid dome above `cy`; below it the vertical coordinate saturates, so the
    /// forehead tilts gently away and the outline narrows towards the temples.
    fn surface(&self, x: f64, y: f64) -> Surf {
        const TILT: f64 = 0.4;
        let u = (x - self.cx) / self.rx;
        let dy = y - self.cy;
        let (v, dv) = if dy <= 0.0 {
            (dy / self.ry, 1.0 / self.ry)
        } else {
            let e = (-dy / (TILT * self.ry)).exp();
            (TILT * (1.0 - e), e / self.ry)
        };
        let r2 = u * u + v * v;
        let (gx, gy) = (2.0 * u / self.rx, 2.0 * v * dv);
        let grad = (gx * gx + gy * gy).sqrt().max(1e-12);
        let dist = (1.0 - r2) / grad;
        let n = if r2 < 1.0 {
            [u, v, (1.0 - r2).sqrt()]
        } else {
            scale3([u, v, 0.0], 1.0 / r2.sqrt())
        };
        Surf { n, dist }
    }

    /// Hair density (0 … 1) at a point: an irregular ramp behind the hairline, wider at the
    /// temples, thinned at the crown, patchy throughout. Also a "halo" (0 … 1) reaching a little
    /// ahead of the line, where miniaturised follicles still shade the skin.
    fn hair_field(&self, x: f64, y: f64, broad: &[f64; ch::COUNT]) -> (f64, f64) {
        let col = (x.max(0.0) as usize).min(self.width.saturating_sub(1));
        let (Some(&line), Some(&across), Some(&temple)) = (
            self.hairline.get(col),
            self.across.get(col),
            self.temple.get(col),
        ) else {
            return (0.0, 0.0);
        };
        const EDGE_A: f64 = 4.5;
        const EDGE_B: f64 = 2.2;
        let nz = &self.noise;
        let depth = (line - y) * across / self.s;
        let ramp = 12.0 + 12.0 * temple;
        // Far ahead of the line or far behind it the edge noise cannot matter: skip it.
        let reach = 2.0 * (EDGE_A + EDGE_B);
        let (front, halo) = if depth < -9.0 - 0.75 * reach {
            return (0.0, 0.0);
        } else if depth > ramp + reach {
            (1.0, 1.0)
        } else {
            let edge = EDGE_A * nz.edge_a.at(x, y) + EDGE_B * nz.edge_b.at(x, y);
            let front = smoothstep(-2.0, ramp, depth + edge * (1.0 + temple));
            // A few strays ahead of the line.
            let front = front.max(0.05 * smoothstep(-9.0, -1.0, depth + 1.5 * edge));
            (front, smoothstep(-9.0, 3.0, depth + 1.5 * edge))
        };
        let [kx, ky, kr] = self.crown;
        let (qx, qy) = ((x - kx) / kr, (y - ky) / (0.75 * kr));
        let q = qx * qx + qy * qy;
        let crown = if q < 16.0 {
            1.0 - 0.42 * (-q).exp() * (1.0 + 0.5 * broad[ch::MID])
        } else {
            1.0
        };
        let patch = 1.0 + 0.2 * broad[ch::PATCH];
        ((front * crown * patch).clamp(0.0, 1.0), halo)
    }

    /// Diffuse light reaching the skin with normal `n`, per channel.
    fn irradiance(&self, n: [f64; 3]) -> Rgbf {
        const WRAP: Rgbf = [0.24, 0.13, 0.09];
        const KEY: Rgbf = [0.98, 0.93, 0.86];
        const FILL: Rgbf = [0.1, 0.105, 0.112];
        let ndl = dot3(n, self.key);
        let ndf = dot3(n, self.fill).max(0.0);
        let sky = 0.07 * (0.75 + 0.25 * (0.5 - 0.5 * n[1]));
        let occlusion = 0.3 + 0.7 * smoothstep(0.0, 0.6, n[2]);
        let mut out = [0.0; 3];
        for c in 0..3 {
            let wrapped = ((ndl + WRAP[c]) / (1.0 + WRAP[c])).max(0.0);
            out[c] = (KEY[c] * wrapped + FILL[c] * ndf + sky) * occlusion;
        }
        out
    }

    /// Specular sheen of oily skin: a broad and a tight lobe.
    fn sheen(&self, n: [f64; 3]) -> f64 {
        let ndh = dot3(n, self.half);
        let t = 1.0 - ndh;
        0.06 * (-t * 20.0).exp() + 0.3 * (-t * 180.0).exp()
    }

    /// Depth-of-field blur (half-width, pixels) at row `y`: the crown, farther away, is softer.
    fn blur_at(&self, y: f64) -> f64 {
        let defocus = (0.15 + 1.1 * smoothstep(0.5 * self.h, 0.0, y)) * self.s / SAMPLE_PX_PER_MM;
        (0.5 + defocus).max(0.5)
    }

    /// Follicular units: the blue-grey shadows of follicles under the skin and the hair stubs.
    ///
    /// Candidates sit on a jittered grid of 0.7 mm cells, each kept with a chance that follows
    /// the hair density (times `1 / nz`, so the density stays per area of skin where the head
    /// turns away and the image squeezes it). Follicles keep a little apart, as on a real scalp:
    /// of two candidates closer than [`FU_SPACING_MM`] only the one with the higher priority hash
    /// stays (a stateless hard-core thinning). Where hair is full that leaves about 80 units per
    /// cm² of skin (1–3 hairs each), fairly even; where it is sparse, near the hairline and at the
    /// crown, the thinning seldom bites and the units scatter at random.
    fn follicles(&self) -> (Vec<Spot>, Vec<Hair>) {
        #[derive(Clone, Copy)]
        struct Candidate {
            x: f64,
            y: f64,
            surf: Surf,
            d: f64,
            priority: f64,
        }
        let s = self.s;
        let cell = 0.7 * s;
        let cols = (self.w / cell).ceil() as u64 + 1;
        let rows = (self.h / cell).ceil() as u64 + 1;
        let seed = self.seed;
        let unit =
            |i: u64, j: u64, k: u64| rng::unit_of(rng::hash(&[seed, purpose::FOLLICLE, i, j, k]));
        let candidates: Vec<Vec<Option<Candidate>>> = (0..rows)
            .into_par_iter()
            .map(|j| {
                (0..cols)
                    .map(|i| {
                        let r = |k: u64| unit(i, j, k);
                        let x = (i as f64 + r(0)) * cell;
                        let y = (j as f64 + r(1)) * cell;
                        let surf = self.surface(x, y);
                        if surf.dist < 0.5 {
                            return None;
                        }
                        let d = self.hair_field(x, y, &self.noise.smooth.at(x, y)).0;
                        let nz = surf.n[2].max(0.3);
                        let p = (FU_CANDIDATE * d / nz).min(1.0) * smoothstep(0.5, 3.0, surf.dist);
                        (r(2) < p).then_some(Candidate {
                            x,
                            y,
                            surf,
                            d,
                            priority: r(9),
                        })
                    })
                    .collect()
            })
            .collect();
        let per_row: Vec<(Vec<Spot>, Vec<Hair>)> = (0..rows as usize)
            .into_par_iter()
            .map(|j| {
                let mut spots = Vec::new();
                let mut hairs = Vec::new();
                for i in 0..cols as usize {
                    let Some(c) = candidates[j][i] else {
                        continue;
                    };
                    // Image distance: the spacing shrinks where the skin is foreshortened.
                    let min = FU_SPACING_MM * s * c.surf.n[2].max(0.3).sqrt();
                    let crowded = (j.saturating_sub(1)..(j + 2).min(rows as usize)).any(|jj| {
                        (i.saturating_sub(1)..(i + 2).min(cols as usize)).any(|ii| {
                            candidates[jj][ii].is_some_and(|o| {
                                let (dx, dy) = (o.x - c.x, o.y - c.y);
                                (ii, jj) != (i, j)
                                    && o.priority > c.priority
                                    && dx * dx + dy * dy < min * min
                            })
                        })
                    });
                    if crowded {
                        continue;
                    }
                    let r = |k: u64| unit(i as u64, j as u64, k);
                    self.follicular_unit([c.x, c.y], c.surf, c.d, &r, &mut spots, &mut hairs);
                }
                (spots, hairs)
            })
            .collect();
        let mut spots = Vec::new();
        let mut hairs = Vec::new();
        for (s, h) in per_row {
            spots.extend(s);
            hairs.extend(h);
        }
        (spots, hairs)
    }

    /// One follicular unit at `[x, y]` (hair density `d`, random values from `r`), freshly shaved:
    /// one to three hairs cut a few tenths of a millimetre above the skin. Each shows as a dark
    /// stub (mostly its cut cross-section, with a little length where it leaves the skin at a
    /// slant) over the dark core of its shaft just under the skin; the unit's follicle, deeper,
    /// shows as a soft blue-grey shadow about 0.3 mm wide.
    fn follicular_unit(
        &self,
        [x, y]: [f64; 2],
        surf: Surf,
        d: f64,
        r: &dyn Fn(u64) -> f64,
        spots: &mut Vec<Spot>,
        hairs: &mut Vec<Hair>,
    ) {
        let s = self.s;
        let n = surf.n;
        // Growth direction in the image: back (up) and outward, turned by a slow swirl.
        let out = normalize3([x - self.cx, y - (self.cy + 0.65 * self.ry), 0.0]);
        let turn = 0.45 * self.noise.smooth.at(x, y)[ch::SWIRL] + 0.35 * (2.0 * r(3) - 1.0);
        let base = rotate([out[0], out[1]], turn);
        // Hairs per unit: fewer at the sparse front.
        let count = 1 + usize::from(r(4) < 0.6 * d) + usize::from(r(5) < 0.28 * d * d);
        // Hairs at the sparse front are miniaturised: finer, lighter, shallower.
        let vigour = 0.45 + 0.55 * d.sqrt();
        // The follicle under the skin: a soft shadow a little behind the exit point, where the
        // shafts run down into the scalp. Blue-grey: red light reaches down to the pigment and
        // is absorbed there, while the skin above scatters blue back before it gets that far.
        let [bc, bs] = base;
        let strength = (0.55 + 0.35 * r(6)) * (0.5 + 0.5 * vigour) * (0.85 + 0.15 * count as f64);
        spots.push(Spot::conserving(
            x - 0.15 * s * bc,
            y - 0.15 * s * bs,
            (0.26 + 0.08 * r(7)) * s,
            scale3([0.34, 0.28, 0.17], strength),
            0.4,
            0.9,
        ));
        let blur = self.blur_at(y);
        let irr = self.irradiance(n);
        let shine = self.sheen(n);
        for m in 0..count as u64 {
            let k = 10 + 12 * m;
            let [gx, gy] = rotate(base, 0.3 * (2.0 * r(k) - 1.0));
            let g = [gx, gy, 0.0];
            let gn = dot3(g, n);
            let t = normalize3([g[0] - gn * n[0], g[1] - gn * n[1], g[2] - gn * n[2]]);
            // Exit angle from the normal: hairs leave the scalp 30–70° over.
            let cos_a = 0.35 + 0.5 * r(k + 1);
            let sin_a = (1.0 - cos_a * cos_a).sqrt();
            let dir3 = [
                cos_a * n[0] + sin_a * t[0],
                cos_a * n[1] + sin_a * t[1],
                cos_a * n[2] + sin_a * t[2],
            ];
            // Cut 0.05–0.45 mm above the skin, most of them short; seen along the slant, the
            // image shows the cut end plus a little of the shaft.
            let length =
                (0.05 + 0.28 * r(k + 2) * r(k + 2) + 0.12 * r(k + 3)) * s * (0.6 + 0.4 * vigour);
            // The hairs of a unit leave the skin through one opening.
            let ax = x + 0.03 * s * (2.0 * r(k + 4) - 1.0);
            let ay = y + 0.03 * s * (2.0 * r(k + 5) - 1.0);
            // Shafts 0.06–0.1 mm thick at full vigour.
            let hw_root = (0.03 + 0.02 * r(k + 6)) * s * (0.6 + 0.4 * vigour);
            // The shaft under the skin, seen through it, runs back from the exit point down into
            // the scalp: dark grey where it is shallow, fainter, softer and bluer as it goes deeper,
            // lost from sight about 0.2 mm down (at most 0.5 mm along the skin). Three soft spots
            // along it make a short shadow 0.2–0.35 mm wide.
            let core = (0.3 + 0.2 * r(k + 10)) * vigour;
            let reach = (0.22 / cos_a).min(0.5) * s;
            let widen = 1.0 + 0.3 * r(k + 11);
            for (along, radius, fade, k_rgb) in [
                (0.0, 0.18, 1.0, [0.62, 0.58, 0.5]),
                (0.5, 0.22, 0.7, [0.55, 0.5, 0.38]),
                (1.0, 0.26, 0.45, [0.48, 0.42, 0.28]),
            ] {
                spots.push(Spot::conserving(
                    ax - along * reach * dir3[0],
                    ay - along * reach * dir3[1],
                    radius * widen * s,
                    scale3(k_rgb, core * fade),
                    0.6 * fade,
                    0.9,
                ));
            }
            // Mostly dark brown, varying; now and then a grey one.
            let grey = r(k + 7) < 0.025;
            let albedo = if grey {
                [0.2, 0.19, 0.18]
            } else {
                [0.042, 0.032, 0.027]
            };
            let dark = 0.55 + 0.85 * r(k + 8);
            let root = [
                albedo[0] * dark * irr[0] + 0.2 * shine,
                albedo[1] * dark * irr[1] + 0.2 * shine,
                albedo[2] * dark * irr[2] + 0.2 * shine,
            ];
            // The blunt cut end catches a little more of the light.
            let tip = lerp3(scale3(root, 1.15), [0.09, 0.085, 0.08], 0.1);
            hairs.push(Hair {
                a: [ax, ay],
                b: [ax + dir3[0] * length, ay + dir3[1] * length],
                hw_root,
                hw_tip: 0.9 * hw_root,
                blur,
                root,
                tip,
                opacity: (0.5 + 0.2 * r(k + 9)) * (0.6 + 0.4 * vigour),
            });
        }
    }

    /// Pores all over the skin: faint dark dots, most visible on the bare forehead.
    fn pores(&self) -> Vec<Spot> {
        let s = self.s;
        let cell = 0.55 * s;
        let cols = (self.w / cell).ceil() as u64 + 1;
        let rows = (self.h / cell).ceil() as u64 + 1;
        let seed = self.seed;
        let per_row: Vec<Vec<Spot>> = (0..rows)
            .into_par_iter()
            .map(|j| {
                let mut out = Vec::new();
                for i in 0..cols {
                    let r = |k: u64| rng::unit_of(rng::hash(&[seed, purpose::PORE, i, j, k]));
                    let x = (i as f64 + r(0)) * cell;
                    let y = (j as f64 + r(1)) * cell;
                    if self.surface(x, y).dist < 1.0 {
                        continue;
                    }
                    let d = self.hair_field(x, y, &self.noise.smooth.at(x, y)).0;
                    let strength = (0.04 + 0.11 * r(2) * r(2)) * (1.0 - 0.6 * d);
                    let radius = (0.07 + 0.07 * r(3)) * s * 1.8;
                    out.push(Spot::conserving(
                        x,
                        y,
                        radius,
                        scale3([0.8, 1.0, 1.0], strength),
                        0.8,
                        0.8,
                    ));
                }
                out
            })
            .collect();
        per_row.into_iter().flatten().collect()
    }

    /// A few moles and shaving irritations on the skin.
    fn blemishes(&self) -> Vec<Spot> {
        let s = self.s;
        let mut stream = rng::Stream::new(self.seed, purpose::BLEMISH);
        let mut out = Vec::new();
        for i in 0..40 {
            let x = self.w * (0.1 + 0.8 * stream.unit());
            let y = self.h * (0.05 + 0.93 * stream.unit());
            let (size, strength) = (stream.unit(), stream.unit());
            if self.surface(x, y).dist < 4.0 * s {
                continue;
            }
            let spot = if i < 3 {
                // A mole: small, soft, brown.
                let k = scale3([0.35, 0.48, 0.55], 0.5 + 0.4 * strength);
                Spot::conserving(x, y, (0.5 + 0.6 * size) * s, k, 0.2, 0.8)
            } else {
                // A shaving irritation: a small reddish bump.
                let k = scale3([-0.02, 0.14, 0.12], 0.4 + 0.6 * strength);
                Spot::conserving(x, y, (0.35 + 0.4 * size) * s, k, 0.0, 0.8)
            };
            out.push(spot);
        }
        out
    }

    fn backdrop(&self, x: f64, y: f64, broad: &[f64; ch::COUNT]) -> Rgbf {
        let (q, t) = (x / self.w, y / self.h);
        let g = 0.014 + 0.02 * (1.0 - t) * (1.0 - 0.55 * q) + 0.004 * broad[ch::BACKDROP];
        [g * 1.05, g, g * 0.93]
    }

    /// Brightness factor of the forehead lines at a pixel: a soft dark furrow with a faint lit
    /// ridge above it, fading out towards the temples.
    fn crease(&self, x: f64, y: f64) -> f64 {
        let u = (x - self.cx) / self.rx;
        let fade = smoothstep(0.6, 0.2, u.abs());
        if fade <= 0.0 {
            return 1.0;
        }
        let width = (1.1 * self.s).max(0.7);
        let mut k = 1.0;
        for &[at, strength] in &self.creases {
            let line = at + 0.12 * self.h * u * u;
            // The wobble below moves the line by at most 2.5 mm.
            if (y - line).abs() > 8.0 * width + 2.5 * self.s {
                continue;
            }
            let wave = self.noise.smooth.at(x, at);
            let line = line + 2.5 * self.s * wave[ch::SWIRL];
            let dy = (y - line) / width;
            if dy.abs() > 8.0 {
                continue;
            }
            let along = smoothstep(
                -0.35,
                0.45,
                wave[ch::MID] + 0.25 * self.noise.blotch.at(x, at),
            );
            let amp = strength * fade * along;
            let ridge = (dy + 1.8) / 1.4;
            k *= 1.0 - amp * (-dy * dy).exp() + 0.4 * amp * (-ridge * ridge).exp();
        }
        k
    }

    /// Albedo and sheen strength of the bare skin at a pixel (before pores and follicles).
    fn skin_at(
        &self,
        x: f64,
        y: f64,
        (d, halo): (f64, f64),
        broad: &[f64; ch::COUNT],
    ) -> (Rgbf, f64) {
        let nz = &self.noise;
        let fine = nz.fine.at(x, y);
        let micro = nz.micro.at(x, y);
        let bright =
            (1.0 + 0.09 * broad[ch::TONE] + 0.05 * broad[ch::MID] + 0.03 * fine + 0.015 * micro)
                * if d < 0.05 { self.crease(x, y) } else { 1.0 };
        // Redness: blotches add red; the other way, the skin only turns a little more yellow.
        let red = 1.3 * broad[ch::REDNESS] + 0.4 * nz.blotch.at(x, y);
        let red = if red > 0.0 { red } else { 0.35 * red };
        // Dense hair under the skin gives a shaved scalp its blue-grey cast.
        let under = d.max(0.15 * halo);
        let tint = [1.0 - 0.32 * under, 1.0 - 0.18 * under, 1.0 - 0.08 * under];
        let alb = [
            self.skin[0] * bright * (1.0 + 0.07 * red) * tint[0],
            self.skin[1] * bright * (1.0 - 0.05 * red) * tint[1],
            self.skin[2] * bright * (1.0 - 0.04 * red) * tint[2],
        ];
        let oil = 0.65 + 0.35 * broad[ch::OIL];
        let texture = (1.0 + 0.45 * fine + 0.55 * micro).max(0.0);
        let sheen = oil * texture * (1.0 - 0.65 * d);
        (alb, sheen)
    }

    fn render_band(&self, band: usize, out: &mut [u8]) {
        let width = self.width;
        let y0 = band * BAND;
        let rows = out.len() / (3 * width);
        let count = rows * width;
        let mut alb = vec![[0.0; 3]; count];
        let mut sheen = vec![0.0; count];
        let mut surf = vec![
            Surf {
                n: [0.0, 0.0, 1.0],
                dist: 0.0
            };
            count
        ];

        for r in 0..rows {
            let y = (y0 + r) as f64 + 0.5;
            for c in 0..width {
                let x = c as f64 + 0.5;
                let i = r * width + c;
                surf[i] = self.surface(x, y);
                if surf[i].dist > -2.0 {
                    let broad = self.noise.smooth.at(x, y);
                    let field = self.hair_field(x, y, &broad);
                    (alb[i], sheen[i]) = self.skin_at(x, y, field, &broad);
                }
            }
        }
        for &k in &self.spot_bands[band] {
            apply_spot(
                &self.spots[k as usize],
                width,
                y0,
                rows,
                &mut alb,
                &mut sheen,
            );
        }

        // Shade, and set the head against the backdrop.
        let edge = (self.s / SAMPLE_PX_PER_MM).max(0.6);
        let mut col = vec![[0.0; 3]; count];
        for r in 0..rows {
            let y = (y0 + r) as f64 + 0.5;
            for c in 0..width {
                let x = c as f64 + 0.5;
                let i = r * width + c;
                let s = surf[i];
                let alpha = smoothstep(-edge, edge, s.dist);
                let back = if alpha < 1.0 {
                    self.backdrop(x, y, &self.noise.smooth.at(x, y))
                } else {
                    [0.0; 3]
                };
                col[i] = if alpha <= 0.0 {
                    back
                } else {
                    let irr = self.irradiance(s.n);
                    let spec = self.sheen(s.n) * sheen[i];
                    let lit = [
                        alb[i][0] * irr[0] + spec,
                        alb[i][1] * irr[1] + spec * 0.98,
                        alb[i][2] * irr[2] + spec * 0.94,
                    ];
                    lerp3(back, lit, alpha)
                };
            }
        }
        for &k in &self.hair_bands[band] {
            apply_hair(&self.hairs[k as usize], width, y0, rows, &mut col);
        }

        // The camera: vignetting, highlight roll-off, gamma, sensor noise.
        for r in 0..rows {
            let py = y0 + r;
            let ty = (py as f64 + 0.5) / self.h - 0.5;
            for c in 0..width {
                let tx = (c as f64 + 0.5) / self.w - 0.5;
                let vignette = 1.0 - 0.55 * (tx * tx + ty * ty);
                let i = r * width + c;
                let key = (py * width + c) as u64;
                let h1 = rng::mix(self.seed ^ rng::mix(key ^ purpose::SENSOR));
                let h2 = rng::mix(h1 ^ purpose::SENSOR);
                let disp = col[i].map(|v| to_display(shoulder(v * vignette)));
                let luma = 0.3 * disp[0] + 0.59 * disp[1] + 0.11 * disp[2];
                let grain = gauss_of(h1) * (1.1 + 2.4 * (1.0 - luma)) / 255.0;
                for ch in 0..3 {
                    let chroma = gauss_of(rng::mix(h2 ^ ch as u64)) * 0.8 / 255.0;
                    out[3 * i + ch] = quantise(disp[ch] + grain + chroma);
                }
            }
        }
    }
}

/// Renders `img` band by band in parallel with `band(index, bytes)`.
fn render_bands(img: &mut RgbImage, band: impl Fn(usize, &mut [u8]) + Sync) {
    let row_bytes = img.width() as usize * 3;
    if row_bytes == 0 || img.height() == 0 {
        return;
    }
    let buf: &mut [u8] = img;
    buf.par_chunks_mut(row_bytes * BAND)
        .enumerate()
        .for_each(|(i, chunk)| band(i, chunk));
}

/// A believable photo of a man's head seen from the front-top, as a phone photographs it for an SMP
/// consultation: shaved/buzz-cut head with a receding (Norwood 3) hairline.
pub fn scalp_photo(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut img = RgbImage::new(width, height);
    if width == 0 || height == 0 {
        return img;
    }
    let scene = Scene::new(width, height, seed);
    render_bands(&mut img, |band, out| scene.render_band(band, out));
    img
}

/// A plain synthetic skin patch (uniform-ish skin with faint pores/noise, no hair): for tests.
pub fn skin_patch(width: u32, height: u32, rgb: [u8; 3], seed: u64) -> RgbImage {
    let mut img = RgbImage::new(width, height);
    if width == 0 || height == 0 {
        return img;
    }
    let (w, h) = (f64::from(width), f64::from(height));
    let s = SAMPLE_PX_PER_MM;
    let low = Lattice::new(seed, 31, w, h, 9.0 * s);
    let mid = Lattice::new(seed, 32, w, h, 2.0 * s);
    let fine = Lattice::new(seed, 33, w, h, 0.35 * s);
    let base = rgb.map(to_linear);
    let cell = 0.55 * s;
    let cols = (w / cell).ceil() as u64 + 1;
    let rows = (h / cell).ceil() as u64 + 1;
    let pores: Vec<Spot> = (0..rows)
        .flat_map(|j| (0..cols).map(move |i| (i, j)))
        .map(|(i, j)| {
            let r = |k: u64| rng::unit_of(rng::hash(&[seed, purpose::PORE, i, j, k]));
            let strength = 0.04 + 0.1 * r(2) * r(2);
            let radius = (0.07 + 0.07 * r(3)) * s * 1.8;
            let (x, y) = ((i as f64 + r(0)) * cell, (j as f64 + r(1)) * cell);
            Spot::conserving(x, y, radius, scale3([0.8, 1.0, 1.0], strength), 0.0, 0.8)
        })
        .collect();
    let pore_bands = buckets(pores.iter().map(Spot::rows), height as usize);
    let width = width as usize;
    render_bands(&mut img, |band, out| {
        let y0 = band * BAND;
        let nrows = out.len() / (3 * width);
        let mut alb = vec![[0.0; 3]; nrows * width];
        let mut unused = vec![1.0; nrows * width];
        for r in 0..nrows {
            let y = (y0 + r) as f64 + 0.5;
            for c in 0..width {
                let x = c as f64 + 0.5;
                let bright =
                    1.0 + 0.025 * low.at(x, y) + 0.012 * mid.at(x, y) + 0.015 * fine.at(x, y);
                let red = 0.02 * mid.at(y, x);
                alb[r * width + c] = [
                    base[0] * bright * (1.0 + red),
                    base[1] * bright * (1.0 - red),
                    base[2] * bright,
                ];
            }
        }
        for &k in &pore_bands[band] {
            apply_spot(&pores[k as usize], width, y0, nrows, &mut alb, &mut unused);
        }
        for (i, px) in alb.iter().enumerate() {
            let key = ((y0 + i / width) * width + i % width) as u64;
            let h1 = rng::mix(seed ^ rng::mix(key ^ purpose::SENSOR));
            let grain = gauss_of(h1) * 1.2 / 255.0;
            for ch in 0..3 {
                let chroma = gauss_of(rng::mix(h1 ^ (ch as u64 + 1))) * 0.5 / 255.0;
                out[3 * i + ch] = quantise(to_display(px[ch]) + grain + chroma);
            }
        }
    });
    img
}

/// The app icon: a stylised scalp/hairline of dots, transparent background, size×size.
pub fn app_icon(size: u32) -> RgbaImage {
    const SUB: usize = 4;
    const SPACING: f64 = 0.05;
    const ROW: f64 = SPACING * 0.866;
    const HEAD: (f64, f64, f64) = (0.5, 0.5, 0.46);
    let n = f64::from(size);
    let (hx, hy, hr) = HEAD;
    // The M-shaped hairline in icon coordinates (y down), against u = (x - hx) / hr.
    let hairline = |u: f64| {
        let a = u.abs();
        let z = (a - 0.5) / 0.17;
        0.6 - 0.17 * (-z * z).exp() + 0.55 * smoothstep(0.72, 1.05, a) - 0.03 * a
    };
    // The dots of a jittered hexagonal grid, growing with depth behind the hairline and thinning
    // out towards it, none cut by the rim: (x, y, radius), radius 0 for no dot.
    let cols = (1.0 / SPACING) as i64 + 3;
    let rows = (1.0 / ROW) as i64 + 3;
    let dots: Vec<[f64; 3]> = (0..rows)
        .flat_map(|j| (0..cols).map(move |i| (i, j)))
        .map(|(i, j)| {
            let h = rng::hash(&[purpose::ICON, i as u64, j as u64]);
            let off = if j % 2 == 1 { 0.5 * SPACING } else { 0.0 };
            let x = i as f64 * SPACING + off + 0.12 * SPACING * rng::signed_of(h);
            let y = j as f64 * ROW + 0.12 * SPACING * rng::signed_of(rng::mix(h));
            let grow = smoothstep(-0.015, 0.16, hairline((x - hx) / hr) - y);
            let radius = SPACING * (0.13 + 0.2 * grow);
            let inside = ((x - hx) * (x - hx) + (y - hy) * (y - hy)).sqrt() + radius < hr - 0.012;
            let keep = grow > 0.0 && rng::unit_of(rng::mix(h ^ 7)) < 0.35 + 1.2 * grow;
            [x, y, if keep && inside { radius } else { 0.0 }]
        })
        .collect();
    let dot_at = |px: f64, py: f64| -> f64 {
        let j0 = (py / ROW) as i64;
        let mut best: f64 = 0.0;
        for j in (j0 - 1).max(0)..=(j0 + 1).min(rows - 1) {
            let i0 = (px / SPACING) as i64;
            for i in (i0 - 1).max(0)..=(i0 + 1).min(cols - 1) {
                let [x, y, radius] = dots[(j * cols + i) as usize];
                if radius > 0.0 {
                    let d = ((px - x) * (px - x) + (py - y) * (py - y)).sqrt();
                    best = best.max(((radius - d) * n + 0.5).clamp(0.0, 1.0));
                }
            }
        }
        best
    };
    let skin = [to_linear(232), to_linear(186), to_linear(158)];
    let ink = [to_linear(46), to_linear(39), to_linear(37)];
    let mut img = RgbaImage::new(size, size);
    for (x, y, pixel) in img.enumerate_pixels_mut() {
        let mut acc = [0.0f64; 4];
        for sy in 0..SUB {
            for sx in 0..SUB {
                let px = (f64::from(x) + (sx as f64 + 0.5) / SUB as f64) / n;
                let py = (f64::from(y) + (sy as f64 + 0.5) / SUB as f64) / n;
                let (dx, dy) = (px - hx, py - hy);
                let r = (dx * dx + dy * dy).sqrt();
                if r > hr {
                    continue;
                }
                // Skin, lit from the upper left, darker towards the rim.
                let light = 0.5 + 0.5 * ((-dx * 0.55 - dy * 0.8) / hr);
                let rim = smoothstep(hr, hr * 0.7, r);
                let shade = (0.7 + 0.3 * light) * (0.72 + 0.28 * rim);
                let c = lerp3(scale3(skin, shade), ink, dot_at(px, py));
                for ch in 0..3 {
                    acc[ch] += c[ch];
                }
                acc[3] += 1.0;
            }
        }
        let alpha = acc[3] / (SUB * SUB) as f64;
        *pixel = if alpha <= 0.0 {
            Rgba([0, 0, 0, 0])
        } else {
            let c = [0, 1, 2].map(|ch| quantise(to_display(acc[ch] / acc[3])));
            Rgba([c[0], c[1], c[2], quantise(alpha)])
        };
    }
    img
}

/// Mean and standard deviation of the luminance (0 … 255) over a rectangle of `img`.
#[cfg(test)]
fn luma_stats(img: &RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) -> (f64, f64) {
    let mut sum = 0.0;
    let mut sum2 = 0.0;
    let mut n = 0.0;
    for y in y0..y1 {
        for x in x0..x1 {
            let image::Rgb([r, g, b]) = *img.get_pixel(x, y);
            let l = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
            sum += l;
            sum2 += l * l;
            n += 1.0;
        }
    }
    let mean = sum / n;
    (mean, (sum2 / n - mean * mean).max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_as_asked() {
        let photo = scalp_photo(300, 200, 1);
        assert_eq!(photo.dimensions(), (300, 200));
        assert_eq!(
            skin_patch(64, 48, [200, 150, 130], 1).dimensions(),
            (64, 48)
        );
        let icon = app_icon(64);
        assert_eq!(icon.dimensions(), (64, 64));
        assert_eq!(scalp_photo(0, 10, 1).dimensions(), (0, 10));
        assert_eq!(scalp_photo(1, 1, 1).dimensions(), (1, 1));
        assert_eq!(scalp_photo(37, 503, 1).dimensions(), (37, 503));
    }

    #[test]
    fn photo_is_deterministic_per_seed() {
        let a = scalp_photo(300, 200, 7);
        let b = scalp_photo(300, 200, 7);
        let c = scalp_photo(300, 200, 8);
        assert_eq!(a.as_raw(), b.as_raw());
        assert_ne!(a.as_raw(), c.as_raw());
        assert_eq!(
            skin_patch(50, 40, [200, 150, 130], 3),
            skin_patch(50, 40, [200, 150, 130], 3)
        );
        assert_ne!(
            skin_patch(50, 40, [200, 150, 130], 3),
            skin_patch(50, 40, [200, 150, 130], 4)
        );
        assert_eq!(app_icon(32), app_icon(32));
    }

    #[test]
    fn hair_is_darker_than_forehead() {
        for (w, h) in [(300, 200), (900, 600)] {
            for seed in [1, 2, 3] {
                let img = scalp_photo(w, h, seed);
                let hair = luma_stats(&img, w * 2 / 5, h / 8, w * 3 / 5, h / 4).0;
                let forehead = luma_stats(&img, w * 2 / 5, h * 4 / 5, w * 3 / 5, h * 19 / 20).0;
                assert!(
                    hair + 8.0 < forehead,
                    "{w}x{h} seed {seed}: hair {hair} forehead {forehead}"
                );
            }
        }
    }

    #[test]
    fn photo_is_not_flat() {
        let img = scalp_photo(300, 200, 1);
        let (mean, std) = luma_stats(&img, 0, 0, 300, 200);
        assert!(std > 25.0, "std {std}");
        assert!((60.0..200.0).contains(&mean), "mean {mean}");
        // Even the bare forehead has texture and noise.
        let (_, local) = luma_stats(&img, 130, 165, 170, 190);
        assert!(local > 0.8, "forehead std {local}");
    }

    #[test]
    fn skin_patch_is_near_its_colour_and_textured() {
        let rgb = [205, 160, 135];
        let img = skin_patch(120, 90, rgb, 5);
        for (ch, want) in rgb.into_iter().enumerate() {
            let mean = img.pixels().map(|p| f64::from(p.0[ch])).sum::<f64>() / (120.0 * 90.0);
            assert!((mean - f64::from(want)).abs() < 6.0, "channel {ch}: {mean}");
        }
        let (_, std) = luma_stats(&img, 0, 0, 120, 90);
        assert!(std > 0.5 && std < 12.0, "std {std}");
    }

    #[test]
    fn icon_is_transparent_outside_and_opaque_inside() {
        let icon = app_icon(128);
        assert_eq!(icon.get_pixel(0, 0).0[3], 0);
        assert_eq!(icon.get_pixel(127, 127).0[3], 0);
        assert_eq!(icon.get_pixel(64, 64).0[3], 255);
        // Dots at the top, bare skin lower down.
        let dark = |y0: u32, y1: u32| {
            let mut n = 0;
            for y in y0..y1 {
                for x in 44..84 {
                    if icon.get_pixel(x, y).0[0] < 120 {
                        n += 1;
                    }
                }
            }
            n
        };
        assert!(dark(20, 50) > 5 * dark(90, 110).max(1));
    }
}
