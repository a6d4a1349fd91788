//! The photo's contents: follicles, pores, blemishes and how each pixel of a band is shaded.

use super::marks::*;
use super::maths::*;
use super::scene::*;
use rayon::prelude::*;

use super::{BAND, FU_CANDIDATE, FU_SPACING_MM, Rgbf, SAMPLE_PX_PER_MM, purpose, rng};

impl Scene {
    /// Follicular units: the blue-grey shadows of follicles under the skin and the hair stubs.
    pub(super) fn follicles(&self) -> (Vec<Spot>, Vec<Hair>) {
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
    pub(super) fn follicular_unit(
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
    pub(super) fn pores(&self) -> Vec<Spot> {
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
    pub(super) fn blemishes(&self) -> Vec<Spot> {
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

    pub(super) fn backdrop(&self, x: f64, y: f64, broad: &[f64; ch::COUNT]) -> Rgbf {
        let (q, t) = (x / self.w, y / self.h);
        let g = 0.014 + 0.02 * (1.0 - t) * (1.0 - 0.55 * q) + 0.004 * broad[ch::BACKDROP];
        [g * 1.05, g, g * 0.93]
    }

    /// Brightness factor of the forehead lines at a pixel: a soft dark furrow with a faint lit
    /// ridge above it, fading out towards the temples.
    pub(super) fn crease(&self, x: f64, y: f64) -> f64 {
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
    pub(super) fn skin_at(
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

    pub(super) fn render_band(&self, band: usize, out: &mut [u8]) {
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
