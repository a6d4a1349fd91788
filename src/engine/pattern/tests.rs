use super::*;

fn pts(c: &Candidates) -> Vec<(f64, f64)> {
    c.points
        .iter()
        .map(|p| (f64::from(p.x), f64::from(p.y)))
        .collect()
}

#[test]
fn uniform_density_is_accurate_and_even() {
    // 10 px/mm over 120 × 80 mm.
    let seed: u64 = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let all = candidates(seed, 10.0, 1200, 800, MAX_DENSITY);
    let mut bad = Vec::new();
    for d in [15.0, 30.0, 60.0, 100.0, 200.0, 300.0, 400.0] {
        let sel = select(&all, &Uniform(d as f32));
        let area_cm2 = 12.0 * 8.0;
        let per_cm2 = sel.points.len() as f64 / area_cm2;
        let rho = relative_radius(&pts(&sel), 1200.0 * 800.0).unwrap_or(0.0);
        eprintln!("d={d} got {per_cm2:.1}/cm² rho={rho:.3}");
        bad.extend(
            ((per_cm2 / d - 1.0).abs() >= 0.03).then(|| format!("density {per_cm2} for {d}")),
        );
        bad.extend((rho < 0.7).then(|| format!("rho {rho} at {d}")));
    }
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn debug_zones() {
    let set = tile_set(1);
    let all = candidates(1, 10.0, 2400, 2400, MAX_DENSITY);
    let s = set.size;
    for d in [30.0f32, 100.0, 300.0] {
        let sel = select(&all, &Uniform(d));
        let (mut ni, mut ns, mut nj) = (0, 0, 0);
        for p in &sel.points {
            let x = (f64::from(p.x) / 10.0) % s;
            let y = (f64::from(p.y) / 10.0) % s;
            let nx = x.min(s - x);
            let ny = y.min(s - y);
            if nx < set.junction && ny < set.junction {
                nj += 1
            } else if nx < set.seam || ny < set.seam {
                ns += 1
            } else {
                ni += 1
            }
        }
        let j_area = 4.0 * set.junction * set.junction;
        let s_area = 4.0 * set.seam * (s - 2.0 * set.junction);
        let i_area = s * s - j_area - s_area;
        let patches = (240.0 / s) * (240.0 / s);
        eprintln!(
            "d={d} size={s:.2} w={:.2} J={:.2} interior {:.1} seam {:.1} junction {:.1}",
            set.seam,
            set.junction,
            ni as f64 / (i_area * patches) * 100.0,
            ns as f64 / (s_area * patches) * 100.0,
            nj as f64 / (j_area * patches) * 100.0
        );
    }
    eprintln!(
        "levels {} cum last {:.1}",
        set.levels.count(),
        set.cumulative_density.last().unwrap() * 100.0
    );
    let t = std::time::Instant::now();
    let _ = build_tile_set(99);
    eprintln!("build {:?}", t.elapsed());
}

#[test]
fn debug_profile() {
    let set = tile_set(1);
    let all = candidates(1, 10.0, 2600, 2600, MAX_DENSITY);
    let s = set.size;
    let n = (260.0 / s).floor();
    for d in [100.0f32] {
        let sel = select(&all, &Uniform(d));
        let mut bins = vec![0usize; 30];
        for p in &sel.points {
            let (x, y) = (f64::from(p.x) / 10.0, f64::from(p.y) / 10.0);
            if x >= n * s || y >= n * s {
                continue;
            }
            let (x, y) = (x % s, y % s);
            let e = x.min(s - x).min(y.min(s - y));
            let b = (e / 0.5) as usize;
            if b < 30 {
                bins[b] += 1;
            }
        }
        for (b, c) in bins.iter().enumerate() {
            let e0 = b as f64 * 0.5;
            let e1 = e0 + 0.5;
            // area of ring between Chebyshev distances e0..e1 from the square's edge.
            let a = (s - 2.0 * e0).powi(2) - (s - 2.0 * e1).powi(2);
            eprint!("{:.1}:{:.0} ", e0, *c as f64 / (a * n * n) * 100.0);
        }
        eprintln!();
    }
}
