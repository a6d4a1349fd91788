//! Tests of the parent module.

use super::profiles::{beta, gamma};
use super::*;

#[test]
fn gamma_is_accurate_where_lobes_need_it() {
    for (x, g) in [
        (1.0, 1.0),
        (2.0, 1.0),
        (1.5, 0.886_226_9),
        (2.5, 1.329_340_4),
    ] {
        assert!((gamma(x) - g).abs() < 1e-6, "Γ({x}) = {}", gamma(x));
    }
}

#[test]
fn a_gaussian_lobe_carries_its_darkening_at_any_scale() {
    // Sum of the drawn darkness (small peak, so combining does not saturate) equals the mass.
    let p = profiles();
    let level = (0..BETA_LEVELS)
        .min_by(|&a, &b| (beta(a) - 1.0).abs().total_cmp(&(beta(b) - 1.0).abs()))
        .unwrap_or(0);
    for (w, scale) in [(6.0f32, 1.0f64), (6.0, 0.25), (2.0, 0.3)] {
        let view = View {
            x0: 0.0,
            y0: 0.0,
            scale,
        };
        let mass = 0.01 * 0.25 * w * w * p.area[level];
        let mut l = [lobe(40.0, 40.0, w, 1.3, 0.4, level, mass)];
        seen(&mut l, view, profiles());
        let l = l[0];
        let mut cores = vec![0.0f32; 100 * 100];
        let mut mark = Mark::default();
        let clip = Clip {
            width: 100,
            row0: 0,
            rows: 100,
        };
        assert!(mark.start(&[l], p, clip));
        mark.add(&l, p);
        mark.combine_into(&mut cores, 100, 0);
        let drawn: f32 = cores.iter().sum::<f32>() / (scale * scale) as f32;
        assert!(
            (drawn / mass - 1.0).abs() < 0.04,
            "w {w} scale {scale}: {drawn} vs {mass}"
        );
    }
}
