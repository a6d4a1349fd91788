//! The app icon, drawn from the same dots.

use image::{Rgba, RgbaImage};

use super::maths::*;
use super::{purpose, rng};

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
