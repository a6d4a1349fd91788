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
