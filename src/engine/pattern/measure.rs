//! Measures of a point set's evenness, for the tests and the performance report.

use std::collections::HashMap;

use crate::engine::units::hex_spacing_mm;

/// Smallest distance between any two points, by a grid search. `None` for fewer than two points.
pub fn min_distance(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let area = ((x1 - x0) * (y1 - y0)).max(1e-9);
    let mut cell = (area / points.len() as f64).sqrt().max(1e-9);
    loop {
        // A 3×3 search finds every pair closer than one cell; widen the cells until one is found.
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        let key = |x: f64, y: f64| (((x - x0) / cell) as i64, ((y - y0) / cell) as i64);
        for (n, &(x, y)) in points.iter().enumerate() {
            grid.entry(key(x, y)).or_default().push(n);
        }
        let mut best = f64::MAX;
        for (&(cx, cy), members) in &grid {
            for gy in cy - 1..=cy + 1 {
                for gx in cx - 1..=cx + 1 {
                    let Some(others) = grid.get(&(gx, gy)) else {
                        continue;
                    };
                    for &a in members {
                        for &b in others {
                            if b > a {
                                let (dx, dy) =
                                    (points[a].0 - points[b].0, points[a].1 - points[b].1);
                                best = best.min((dx * dx + dy * dy).sqrt());
                            }
                        }
                    }
                }
            }
        }
        if best < cell {
            return Some(best);
        }
        cell *= 2.0;
    }
}

/// Relative radius ρ (Lagae & Dutré 2008) of `points` spread over `area` (same units squared):
/// the smallest distance over the spacing of a hexagonal packing with as many points.
pub fn relative_radius(points: &[(f64, f64)], area: f64) -> Option<f64> {
    let d = min_distance(points)?;
    Some(d / hex_spacing_mm(points.len() as f64 / area))
}

/// Counts points in axis-aligned squares quickly: points are bucketed in rows and sorted by x.
pub struct WindowCounter {
    row_height: f64,
    rows: Vec<Vec<(f64, f64)>>,
}

impl WindowCounter {
    /// Indexes `points` (non-negative coordinates) in rows `row_height` high.
    pub fn new(points: &[(f64, f64)], row_height: f64) -> Self {
        let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
        for &(x, y) in points {
            let r = (y / row_height).floor().max(0.0) as usize;
            if rows.len() <= r {
                rows.resize(r + 1, Vec::new());
            }
            rows[r].push((x, y));
        }
        for row in &mut rows {
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        WindowCounter { row_height, rows }
    }

    /// Counts in `windows` squares of side `side` placed at random (from `seed`) inside
    /// `[0, width) × [0, height)`.
    pub fn random_counts(
        &self,
        (width, height): (f64, f64),
        side: f64,
        windows: usize,
        seed: u64,
    ) -> Vec<usize> {
        let mut stream = crate::engine::rng::Stream::new(seed, 0x3137_D0C5);
        (0..windows)
            .map(|_| {
                let x = stream.unit() * (width - side);
                let y = stream.unit() * (height - side);
                self.count(x, y, side)
            })
            .collect()
    }

    /// Points in `[x0, x0 + side) × [y0, y0 + side)`.
    pub fn count(&self, x0: f64, y0: f64, side: f64) -> usize {
        let (x1, y1) = (x0 + side, y0 + side);
        let first = (y0 / self.row_height).floor().max(0.0) as usize;
        let last = ((y1 / self.row_height).floor().max(0.0) as usize).min(self.rows.len());
        let mut n = 0;
        for r in first..=last {
            let Some(row) = self.rows.get(r) else {
                break;
            };
            let a = row.partition_point(|p| p.0 < x0);
            let b = row.partition_point(|p| p.0 < x1);
            let whole = r as f64 * self.row_height >= y0 && (r + 1) as f64 * self.row_height <= y1;
            n += if whole {
                b - a
            } else {
                row[a..b].iter().filter(|p| p.1 >= y0 && p.1 < y1).count()
            };
        }
        n
    }
}

/// How the number of points in a square window varies as the window moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WindowSpread {
    /// Windows counted.
    pub windows: usize,
    /// Points expected per window (density × area).
    pub expected: f64,
    /// Mean count, relative to `expected` (0 = exact).
    pub mean_error: f64,
    /// Standard deviation of the count, relative to `expected`.
    pub sd: f64,
    /// Largest |count − expected|, relative to `expected`.
    pub worst: f64,
}

impl WindowSpread {
    /// Summarises window counts against `expected` points per window.
    pub fn of(counts: &[usize], expected: f64) -> Self {
        let n = counts.len().max(1) as f64;
        let mean = counts.iter().map(|&c| c as f64).sum::<f64>() / n;
        let var = counts
            .iter()
            .map(|&c| (c as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        let worst = counts
            .iter()
            .map(|&c| (c as f64 - expected).abs())
            .fold(0.0, f64::max);
        WindowSpread {
            windows: counts.len(),
            expected,
            mean_error: mean / expected - 1.0,
            sd: var.sqrt() / expected,
            worst: worst / expected,
        }
    }
}

/// A perfect hexagonal lattice with `per_mm2` points per unit area over `[0, width) × [0, height)`,
/// turned by `angle` (radians) and shifted by `offset` (in lattice cells).
pub fn hex_lattice(
    per_mm2: f64,
    (width, height): (f64, f64),
    angle: f64,
    offset: (f64, f64),
) -> Vec<(f64, f64)> {
    let a = hex_spacing_mm(per_mm2);
    let (sin, cos) = angle.sin_cos();
    // Lattice vectors a·(1, 0) and a·(1/2, √3/2), turned.
    let e1 = (a * cos, a * sin);
    let e2 = (
        a * (0.5 * cos - 3f64.sqrt() / 2.0 * sin),
        a * (0.5 * sin + 3f64.sqrt() / 2.0 * cos),
    );
    let reach = ((width * width + height * height).sqrt() / (a * 0.8)).ceil() as i64 + 2;
    let (cx, cy) = (width / 2.0, height / 2.0);
    let mut out = Vec::new();
    for m in -reach..=reach {
        for n in -reach..=reach {
            let (u, v) = (m as f64 + offset.0, n as f64 + offset.1);
            let x = cx + u * e1.0 + v * e2.0;
            let y = cy + u * e1.1 + v * e2.1;
            if x >= 0.0 && y >= 0.0 && x < width && y < height {
                out.push((x, y));
            }
        }
    }
    out
}

/// The strongest repetition of a dot pattern: the largest normalised autocorrelation of its render
/// at any shift longer than `min_shift` (mm), and that shift (mm).
///
/// The eye finds a repeated constellation of dots even where no dot coincides exactly, so this
/// looks at the picture rather than at the points: `points` (mm, within `[0, side)²`) are rendered
/// at `px_per_mm` as luminance 1 − Σ Gaussian blobs of standard deviation `sigma` (mm), the mean
/// is removed, and the autocorrelation over every shift up to half the side along each axis is
/// computed by FFT (zero-padded, so shifts do not wrap). Each shift's sum is divided by its
/// overlap area and by the variance, so 1 means the overlap repeats exactly and blue noise without
/// repetition stays near 0 beyond a dot spacing. Shifts up to half the side keep at least a
/// quarter of the picture in every overlap.
pub fn autocorrelation_peak(
    points: &[(f64, f64)],
    side: f64,
    px_per_mm: f64,
    sigma: f64,
    min_shift: f64,
) -> (f64, (f64, f64)) {
    autocorrelation_peaks(&[points], side, px_per_mm, sigma, min_shift)[0]
}

/// [`autocorrelation_peak`] of several patterns over the same square, two per complex FFT.
pub fn autocorrelation_peaks(
    patterns: &[&[(f64, f64)]],
    side: f64,
    px_per_mm: f64,
    sigma: f64,
    min_shift: f64,
) -> Vec<(f64, (f64, f64))> {
    let n = (side * px_per_mm).round().max(2.0) as usize;
    let images: Vec<(Vec<f64>, f64)> = patterns
        .iter()
        .map(|p| render_centred(p, n, px_per_mm, sigma))
        .collect();
    peaks_of(&images, n, px_per_mm, min_shift)
}

/// The strongest repetition of a square picture (`luminance`, `n` × `n` pixels at `px_per_mm`,
/// row by row) at any shift longer than `min_shift` mm, and that shift: the same measure as
/// [`autocorrelation_peak`], for a rendered mock-up instead of bare points.
pub fn image_autocorrelation_peak(
    luminance: &[f32],
    n: usize,
    px_per_mm: f64,
    min_shift: f64,
) -> (f64, (f64, f64)) {
    let values: Vec<f64> = luminance.iter().map(|&v| f64::from(v)).collect();
    let count = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / count;
    let centred: Vec<f64> = values.iter().map(|v| v - mean).collect();
    let variance = centred.iter().map(|v| v * v).sum::<f64>() / count;
    peaks_of(&[(centred, variance)], n, px_per_mm, min_shift)[0]
}

/// The autocorrelation peaks of mean-free `n` × `n` images (each with its variance), two per FFT.
fn peaks_of(
    images: &[(Vec<f64>, f64)],
    n: usize,
    px_per_mm: f64,
    min_shift: f64,
) -> Vec<(f64, (f64, f64))> {
    let max_shift = n / 2;
    let size = (n + max_shift).next_power_of_two();
    let fft = Fft::new(size);
    let mut out = Vec::with_capacity(images.len());
    let mut buffer = vec![(0.0f64, 0.0f64); size * size];
    for pair in images.chunks(2) {
        buffer.fill((0.0, 0.0));
        let a = &pair[0];
        let b = pair.get(1);
        for y in 0..n {
            for x in 0..n {
                buffer[y * size + x] = (a.0[y * n + x], b.map_or(0.0, |b| b.0[y * n + x]));
            }
        }
        fft.transform_2d(&mut buffer, false);
        // Z = FFT(a + i·b): A(k) = (Z(k) + conj Z(−k)) / 2, B(k) = (Z(k) − conj Z(−k)) / 2i, and the
        // power spectra |A|², |B|² go back as one complex array whose real and imaginary parts are
        // the two autocorrelations.
        let mut power = vec![(0.0f64, 0.0f64); size * size];
        for ky in 0..size {
            for kx in 0..size {
                let z = buffer[ky * size + kx];
                let m = buffer[((size - ky) % size) * size + (size - kx) % size];
                let (ar, ai) = ((z.0 + m.0) / 2.0, (z.1 - m.1) / 2.0);
                let (br, bi) = ((z.1 + m.1) / 2.0, (m.0 - z.0) / 2.0);
                power[ky * size + kx] = (ar * ar + ai * ai, br * br + bi * bi);
            }
        }
        fft.transform_2d(&mut power, true);
        let scale = 1.0 / (size * size) as f64;
        let variances = [a.1, b.map_or(0.0, |b| b.1)];
        for (which, variance) in variances.iter().enumerate().take(pair.len()) {
            let mut best = (f64::MIN, (0.0, 0.0));
            let limit = (min_shift * px_per_mm).powi(2);
            for sy in -(max_shift as isize)..=max_shift as isize {
                for sx in -(max_shift as isize)..=max_shift as isize {
                    if ((sx * sx + sy * sy) as f64) <= limit {
                        continue;
                    }
                    let v = power[sy.rem_euclid(size as isize) as usize * size
                        + sx.rem_euclid(size as isize) as usize];
                    let c = if which == 0 { v.0 } else { v.1 } * scale;
                    let overlap = ((n - sx.unsigned_abs()) * (n - sy.unsigned_abs())) as f64;
                    let r = c / overlap / variance;
                    if r > best.0 {
                        best = (r, (sx as f64 / px_per_mm, sy as f64 / px_per_mm));
                    }
                }
            }
            out.push(best);
        }
    }
    out
}

/// Renders `points` as 1 − Σ blobs on an `n` × `n` grid and removes the mean: the image and its
/// variance.
fn render_centred(points: &[(f64, f64)], n: usize, px_per_mm: f64, sigma: f64) -> (Vec<f64>, f64) {
    let mut image = vec![1.0f64; n * n];
    let s = sigma * px_per_mm;
    let reach = (3.0 * s).ceil() as isize;
    let inv = 1.0 / (2.0 * s * s);
    for &(x, y) in points {
        // Pixel (i, j) covers [i, i + 1) × [j, j + 1); its centre is at i + ½.
        let (px, py) = (x * px_per_mm - 0.5, y * px_per_mm - 0.5);
        let (cx, cy) = (px.round() as isize, py.round() as isize);
        for j in cy - reach..=cy + reach {
            for i in cx - reach..=cx + reach {
                if i < 0 || j < 0 || i >= n as isize || j >= n as isize {
                    continue;
                }
                let d2 = (i as f64 - px).powi(2) + (j as f64 - py).powi(2);
                image[j as usize * n + i as usize] -= (-d2 * inv).exp();
            }
        }
    }
    let mean = image.iter().sum::<f64>() / image.len() as f64;
    image.iter_mut().for_each(|v| *v -= mean);
    let variance = image.iter().map(|v| v * v).sum::<f64>() / image.len() as f64;
    (image, variance)
}

/// An iterative radix-2 FFT of one power-of-two length, applied along rows and columns.
struct Fft {
    size: usize,
    /// e^(−2πik/size) for k < size / 2.
    twiddles: Vec<(f64, f64)>,
}

impl Fft {
    fn new(size: usize) -> Self {
        let twiddles = (0..size / 2)
            .map(|k| {
                let a = -2.0 * std::f64::consts::PI * k as f64 / size as f64;
                (a.cos(), a.sin())
            })
            .collect();
        Fft { size, twiddles }
    }

    /// In place; `inverse` conjugates the twiddles (no 1/n scaling).
    fn transform(&self, data: &mut [(f64, f64)], inverse: bool) {
        let n = self.size;
        let bits = n.trailing_zeros();
        for i in 0..n {
            let j = i.reverse_bits() >> (usize::BITS - bits);
            if j > i {
                data.swap(i, j);
            }
        }
        let mut len = 2;
        while len <= n {
            let step = n / len;
            for start in (0..n).step_by(len) {
                for k in 0..len / 2 {
                    let (wr, wi) = self.twiddles[k * step];
                    let wi = if inverse { -wi } else { wi };
                    let (ur, ui) = data[start + k];
                    let (vr, vi) = data[start + k + len / 2];
                    let (tr, ti) = (vr * wr - vi * wi, vr * wi + vi * wr);
                    data[start + k] = (ur + tr, ui + ti);
                    data[start + k + len / 2] = (ur - tr, ui - ti);
                }
            }
            len *= 2;
        }
    }

    /// Rows, then columns, of a `size` × `size` row-major array.
    fn transform_2d(&self, data: &mut [(f64, f64)], inverse: bool) {
        let n = self.size;
        for row in data.chunks_mut(n) {
            self.transform(row, inverse);
        }
        let mut column = vec![(0.0, 0.0); n];
        for x in 0..n {
            for y in 0..n {
                column[y] = data[y * n + x];
            }
            self.transform(&mut column, inverse);
            for y in 0..n {
                data[y * n + x] = column[y];
            }
        }
    }
}
