//! Measurements of a mock-up against its photo, made the way healed SMP was measured on
//! photographs (see docs/LOOK.md): mean darkening and colour shift at viewing size, the haze
//! between dots, and the dots themselves (count, spacing, size, shape, darkness).

#![allow(dead_code)]

use follicle::engine::colour::{linear_luminance, to_linear};
use follicle::engine::composite::resample;
use follicle::engine::units::View;
use image::RgbImage;

/// Viewing size: a head photo fitted to a screen shows about this many pixels per mm.
pub const VIEWING_PX_PER_MM: f64 = 4.0;

/// What a mock-up measures against its photo over a rectangle (photo pixels).
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// 1 − mean sRGB (all channels) after / before, at viewing size.
    pub darkening: f64,
    /// Relative change of the sRGB red/blue ratio of the means, at viewing size (negative: ash).
    pub red_blue_change: f64,
    /// How much darker the skin between dots is (sRGB, 85th percentile of luminance per 1.6 mm
    /// cell, median over cells).
    pub haze: f64,
    /// Dots found per cm².
    pub dots_per_cm2: f64,
    /// Nearest-neighbour distance between dots: mean (mm) and coefficient of variation.
    pub nn_mm: f64,
    pub nn_cv: f64,
    /// Median width of the dots at half darkness (mm, the diameter of a disc of the same area).
    pub spot_mm: f64,
    /// Median length/width ratio of the dots, and the spread of their directions (degrees).
    pub aspect: f64,
    pub direction_spread_deg: f64,
    /// Dot centres: how much darker than the skin around them (sRGB), mean and variation.
    pub centre_contrast: f64,
    pub centre_cv: f64,
}

/// sRGB encoding of a linear value, 0 … 1.
pub fn encode(l: f64) -> f64 {
    if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    }
}

/// Mean sRGB value per channel of `image` over a rectangle.
pub fn mean_srgb(image: &RgbImage, rect: [u32; 4]) -> [f64; 3] {
    let [x0, y0, x1, y1] = rect;
    let mut sum = [0.0; 3];
    for y in y0..y1 {
        for x in x0..x1 {
            let p = image.get_pixel(x, y).0;
            for c in 0..3 {
                sum[c] += f64::from(p[c]);
            }
        }
    }
    let n = f64::from((x1 - x0) * (y1 - y0)).max(1.0);
    sum.map(|s| s / n)
}

/// Mean darkening and red/blue change of `after` against `before` over `rect`, at viewing size.
pub fn darkening(before: &RgbImage, after: &RgbImage, rect: [u32; 4], ppm: f64) -> (f64, f64) {
    let scale = (VIEWING_PX_PER_MM / ppm).min(1.0);
    let shrink = |img: &RgbImage| {
        let view = View {
            x0: f64::from(rect[0]),
            y0: f64::from(rect[1]),
            scale,
        };
        let w = ((f64::from(rect[2] - rect[0]) * scale) as u32).max(1);
        let h = ((f64::from(rect[3] - rect[1]) * scale) as u32).max(1);
        resample(img, view, w, h)
    };
    let (b, a) = (shrink(before), shrink(after));
    let whole = [0, 0, b.width(), b.height()];
    let (mb, ma) = (mean_srgb(&b, whole), mean_srgb(&a, whole));
    let grey = |m: [f64; 3]| (m[0] + m[1] + m[2]) / 3.0;
    (
        1.0 - grey(ma) / grey(mb),
        (ma[0] / ma[2]) / (mb[0] / mb[2]) - 1.0,
    )
}

fn luminance_map(image: &RgbImage, rect: [u32; 4]) -> Vec<f64> {
    let [x0, y0, x1, y1] = rect;
    let mut out = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
    for y in y0..y1 {
        for x in x0..x1 {
            let p = image.get_pixel(x, y).0;
            out.push(f64::from(linear_luminance(p.map(to_linear))));
        }
    }
    out
}

fn percentile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let k = ((values.len() - 1) as f64 * q).round() as usize;
    *values.select_nth_unstable_by(k, f64::total_cmp).1
}

fn median(mut values: Vec<f64>) -> f64 {
    percentile(&mut values, 0.5)
}

fn mean_cv(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt() / mean.abs().max(1e-12))
}

/// Every figure of `after` against `before` over `rect` (photo pixels at `ppm` px/mm).
#[expect(
    clippy::too_many_lines,
    reason = "one measurement per row of the look table, in its order"
)]
pub fn figures(before: &RgbImage, after: &RgbImage, rect: [u32; 4], ppm: f64) -> Figures {
    let (darkening, red_blue_change) = darkening(before, after, rect, ppm);
    let [x0, y0, x1, y1] = rect;
    let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
    let lb = luminance_map(before, rect);
    let la = luminance_map(after, rect);
    // The after/before ratio removes the skin's own texture; smooth it a little (3 × 3).
    let raw: Vec<f64> = la.iter().zip(&lb).map(|(a, b)| a / b.max(1e-6)).collect();
    let mut ratio = raw.clone();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            let mut s = 0.0;
            for dy in 0..3 {
                for dx in 0..3 {
                    s += raw[(y + dy - 1) * w + x + dx - 1];
                }
            }
            ratio[y * w + x] = s / 9.0;
        }
    }
    // Background per cell: the 85th percentile (between dots).
    let cell = ((1.6 * ppm).round() as usize).max(4);
    let (cols, rows) = (w.div_ceil(cell), h.div_ceil(cell));
    let mut background = vec![1.0; cols * rows];
    let mut haze_cells = Vec::new();
    for cy in 0..rows {
        for cx in 0..cols {
            let (mut r, mut a, mut b) = (Vec::new(), Vec::new(), Vec::new());
            for y in cy * cell..((cy + 1) * cell).min(h) {
                for x in cx * cell..((cx + 1) * cell).min(w) {
                    r.push(ratio[y * w + x]);
                    a.push(la[y * w + x]);
                    b.push(lb[y * w + x]);
                }
            }
            background[cy * cols + cx] = percentile(&mut r, 0.85);
            let (pa, pb) = (percentile(&mut a, 0.85), percentile(&mut b, 0.85));
            haze_cells.push(1.0 - encode(pa) / encode(pb).max(1e-9));
        }
    }
    let bg =
        |x: usize, y: usize| background[(y / cell).min(rows - 1) * cols + (x / cell).min(cols - 1)];
    // Dots: local minima of the ratio at least 8 % under the background, 0.3 mm apart.
    let radius = ((0.3 * ppm).round() as i64).max(1);
    let mut centres = Vec::new();
    for y in 0..h as i64 {
        for x in 0..w as i64 {
            let v = ratio[y as usize * w + x as usize];
            if v > 0.92 * bg(x as usize, y as usize) {
                continue;
            }
            let mut lowest = true;
            'scan: for dy in -radius..=radius {
                for dx in -radius..=radius {
                    let (xx, yy) = (x + dx, y + dy);
                    if (dx, dy) == (0, 0) || xx < 0 || yy < 0 || xx >= w as i64 || yy >= h as i64 {
                        continue;
                    }
                    let u = ratio[yy as usize * w + xx as usize];
                    if u < v || (u == v && (dy, dx) < (0, 0)) {
                        lowest = false;
                        break 'scan;
                    }
                }
            }
            if lowest {
                centres.push((x as usize, y as usize));
            }
        }
    }
    // Each dot's half-darkness region, grown from its centre.
    let reach = (0.6 * ppm).ceil() as i64;
    let mut spots = Vec::new();
    let mut aspects = Vec::new();
    let mut angles = Vec::new();
    let mut contrasts = Vec::new();
    for &(cx, cy) in &centres {
        let b = bg(cx, cy);
        let v = ratio[cy * w + cx];
        let half = 0.5 * (b + v);
        let mut stack = vec![(cx as i64, cy as i64)];
        let mut seen = std::collections::HashSet::new();
        seen.insert((cx as i64, cy as i64));
        let (mut n, mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0f64, 0.0, 0.0, 0.0, 0.0, 0.0);
        while let Some((x, y)) = stack.pop() {
            let (dx, dy) = ((x - cx as i64) as f64, (y - cy as i64) as f64);
            n += 1.0;
            sx += dx;
            sy += dy;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
            for (nx, ny) in [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)] {
                if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                    continue;
                }
                if (nx - cx as i64).abs() > reach || (ny - cy as i64).abs() > reach {
                    continue;
                }
                if ratio[ny as usize * w + nx as usize] <= half && seen.insert((nx, ny)) {
                    stack.push((nx, ny));
                }
            }
        }
        spots.push(2.0 * (n / std::f64::consts::PI).sqrt() / ppm);
        let (mx, my) = (sx / n, sy / n);
        let (vxx, vyy, vxy) = (
            sxx / n - mx * mx + 1.0 / 12.0,
            syy / n - my * my + 1.0 / 12.0,
            sxy / n - mx * my,
        );
        let tr = vxx + vyy;
        let det = vxx * vyy - vxy * vxy;
        let disc = (tr * tr / 4.0 - det).max(0.0).sqrt();
        let (l1, l2) = (tr / 2.0 + disc, (tr / 2.0 - disc).max(1e-9));
        if n >= 6.0 {
            aspects.push((l1 / l2).sqrt());
            angles.push(0.5 * (2.0 * vxy).atan2(vxx - vyy));
        }
        let before_lum = lb[cy * w + cx];
        contrasts.push(1.0 - encode(v * before_lum) / encode(b * before_lum).max(1e-9));
    }
    let mm = |p: (usize, usize)| (p.0 as f64 / ppm, p.1 as f64 / ppm);
    let pts: Vec<(f64, f64)> = centres.iter().map(|&p| mm(p)).collect();
    let nn: Vec<f64> = pts
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            pts.iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, b)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
                .min_by(f64::total_cmp)
        })
        .collect();
    let (nn_mm, nn_cv) = mean_cv(&nn);
    let (centre_contrast, centre_cv) = mean_cv(&contrasts);
    // Spread of directions (axial data: doubled angles).
    let (c, s) = angles.iter().fold((0.0, 0.0), |(c, s), a| {
        (c + (2.0 * a).cos(), s + (2.0 * a).sin())
    });
    let resultant = ((c * c + s * s).sqrt() / angles.len().max(1) as f64).clamp(1e-9, 1.0);
    let direction_spread_deg = (0.5 * (-2.0 * resultant.ln()).sqrt()).to_degrees();
    let area_cm2 = (w as f64 / ppm) * (h as f64 / ppm) / 100.0;
    Figures {
        darkening,
        red_blue_change,
        haze: median(haze_cells),
        dots_per_cm2: centres.len() as f64 / area_cm2,
        nn_mm,
        nn_cv,
        spot_mm: median(spots),
        aspect: median(aspects),
        direction_spread_deg,
        centre_contrast,
        centre_cv,
    }
}
