//! The synthetic head: its shape, lighting and noise layers.

use super::marks::*;
use super::maths::*;
use super::{REFERENCE_WIDTH, Rgbf, SAMPLE_PX_PER_MM, purpose, rng};

/// The hairline (fraction of the height, from the top) against the horizontal head coordinate
/// `u` (−1 … 1 across the head), for the right half; mirrored, perturbed per side.
/// A Norwood 3: a rounded central forelock, deep temple recessions, side hair coming down.
pub(super) const HAIRLINE: [(f64, f64); 11] = [
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
pub(super) struct Surf {
    /// Unit normal (x right, y down, z towards the camera).
    pub(super) n: [f64; 3],
    /// Signed distance to the silhouette in pixels, positive inside.
    pub(super) dist: f64,
}

/// Value-noise layers used across the photo.
pub(super) struct Noises {
    /// Broad layers: tone, redness, mid-scale mottling, oiliness, hair patchiness, hair swirl,
    /// backdrop (see [`ch`]).
    pub(super) smooth: Smooth,
    pub(super) blotch: Lattice,
    pub(super) fine: Lattice,
    pub(super) micro: Lattice,
    pub(super) edge_a: Fbm,
    pub(super) edge_b: Lattice,
}

pub(super) struct Scene {
    pub(super) seed: u64,
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) w: f64,
    pub(super) h: f64,
    /// Pixels per millimetre.
    pub(super) s: f64,
    pub(super) cx: f64,
    pub(super) cy: f64,
    pub(super) rx: f64,
    pub(super) ry: f64,
    /// y (pixels) of the front hairline at each column centre.
    pub(super) hairline: Vec<f64>,
    /// `1 / sqrt(1 + slope²)` of the hairline at each column: turns vertical distances into
    /// distances across the line.
    pub(super) across: Vec<f64>,
    /// 0 … 1: how close each column is to a temple recession (where the hairline is most diffuse).
    pub(super) temple: Vec<f64>,
    /// Crown thinning: centre x, y and radius in pixels.
    pub(super) crown: [f64; 3],
    /// Faint forehead lines: height at the centre (pixels) and strength.
    pub(super) creases: Vec<[f64; 2]>,
    pub(super) skin: Rgbf,
    pub(super) key: [f64; 3],
    pub(super) fill: [f64; 3],
    pub(super) half: [f64; 3],
    pub(super) noise: Noises,
    pub(super) spots: Vec<Spot>,
    pub(super) hairs: Vec<Hair>,
    pub(super) spot_bands: Vec<Vec<u32>>,
    pub(super) hair_bands: Vec<Vec<u32>>,
}

impl Scene {
    pub(super) fn new(width: u32, height: u32, seed: u64) -> Scene {
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

        let hairline = hairline_rows(seed, width, [w, h, s, cx, rx]);
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
    pub(super) fn surface(&self, x: f64, y: f64) -> Surf {
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
    pub(super) fn hair_field(&self, x: f64, y: f64, broad: &[f64; ch::COUNT]) -> (f64, f64) {
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
    pub(super) fn irradiance(&self, n: [f64; 3]) -> Rgbf {
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
    pub(super) fn sheen(&self, n: [f64; 3]) -> f64 {
        let ndh = dot3(n, self.half);
        let t = 1.0 - ndh;
        0.06 * (-t * 20.0).exp() + 0.3 * (-t * 180.0).exp()
    }

    /// Depth-of-field blur (half-width, pixels) at row `y`: the crown, farther away, is softer.
    pub(super) fn blur_at(&self, y: f64) -> f64 {
        let defocus = (0.15 + 1.1 * smoothstep(0.5 * self.h, 0.0, y)) * self.s / SAMPLE_PX_PER_MM;
        (0.5 + defocus).max(0.5)
    }
}

/// The hairline's row in every column of a `width`-pixel photo (`w`, `h` its size, `s` pixels per
/// mm, `cx`, `rx` the head's centre and half width).
fn hairline_rows(seed: u64, width: u32, [w, h, s, cx, rx]: [f64; 5]) -> Vec<f64> {
    let shape = |k: u64| rng::signed_of(rng::hash(&[seed, purpose::SHAPE, k]));
    let mm = |v: f64| (v * s).max(0.75);
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
    (0..width as usize)
        .map(|col| {
            let x = col as f64 + 0.5;
            let u = (x - cx) / rx;
            h * hermite(&points, u) + s * (2.2 * wobble_a.at(x, 0.0) + 0.8 * wobble_b.at(x, 0.0))
        })
        .collect()
}
