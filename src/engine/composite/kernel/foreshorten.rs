//! Dots on a scalp that turns away from the camera: each mark squeezed along the direction away
//! from the head's centre by cos θ, its width across that direction unchanged.
//!
//! A lobe is an ellipse of the profile's squared radius `q`, so any linear map of the photo
//! turns it into another such ellipse: its covariance `S` becomes `M S Mᵀ` with
//! `M = I − (1 − k) n nᵀ` (k = cos θ along the unit direction n). The peak stays (a deposit seen
//! at a slant blocks as much light at its centre), so a mark carries k of its darkening, which
//! the 1/k more marks per photo area make up: the treated scalp is as dark on average at the
//! rim as at the centre. The lobes' offsets from the dot's centre (the tips of a 3RL group, a
//! merged impression, the hand's wander) are squeezed alike.

use super::merge::principal_axes;
use super::{Lobe, MIN_PHOTO_WIDTH_PX};
use crate::engine::anatomy::Squeeze;

/// Squeezes the lobes of the dot at (x, y) photo pixels (at native size) as `s` says.
#[inline(always)]
pub(super) fn foreshorten(lobes: &mut [Lobe], x: f32, y: f32, s: Squeeze) {
    if s.k >= 1.0 {
        return;
    }
    let f = 1.0 - s.k;
    let (nx, ny) = (s.nx, s.ny);
    // M, symmetric.
    let (mxx, mxy, myy) = (1.0 - f * nx * nx, -f * nx * ny, 1.0 - f * ny * ny);
    let half_min = 0.5 * MIN_PHOTO_WIDTH_PX;
    for l in lobes {
        let along = (l.cx - x) * nx + (l.cy - y) * ny;
        l.cx -= f * along * nx;
        l.cy -= f * along * ny;
        // The lobe's covariance in radius units: a² along (cos, −sin), b² along (sin, cos).
        let (a2, b2) = (l.a * l.a, l.b * l.b);
        let (c2, s2, cs) = (l.cos * l.cos, l.sin * l.sin, l.cos * l.sin);
        let (sxx, syy, sxy) = (a2 * c2 + b2 * s2, a2 * s2 + b2 * c2, cs * (b2 - a2));
        // M S, then (M S) M.
        let (pxx, pxy) = (mxx * sxx + mxy * sxy, mxx * sxy + mxy * syy);
        let (pyx, pyy) = (mxy * sxx + myy * sxy, mxy * sxy + myy * syy);
        let txx = pxx * mxx + pxy * mxy;
        let txy = pxx * mxy + pxy * myy;
        let tyy = pyx * mxy + pyy * myy;
        let (major, minor, cos, sin) = principal_axes(txx, tyy, txy);
        let (mut a, mut b) = (major.sqrt(), minor.sqrt());
        // Narrower than the camera resolves, a lobe is seen widened with its darkness spread.
        if b < half_min {
            l.peak *= b / half_min;
            b = half_min;
        }
        if a < half_min {
            l.peak *= a / half_min;
            a = half_min;
        }
        l.a = a;
        l.b = b;
        l.cos = cos;
        l.sin = sin;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{lobe, profiles};
    use super::*;

    /// Mass and second moments (along x, along y) of one lobe, sampled on a fine grid.
    fn moments(l: &Lobe) -> (f64, f64, f64) {
        let p = profiles();
        let (mut m, mut xx, mut yy) = (0.0f64, 0.0f64, 0.0f64);
        for iy in 0..800 {
            for ix in 0..800 {
                let (x, y) = (ix as f32 * 0.05, iy as f32 * 0.05);
                let d = f64::from(super::super::profile_at(l, x, y, p));
                let (dx, dy) = (f64::from(x - l.cx), f64::from(y - l.cy));
                m += d;
                xx += d * dx * dx;
                yy += d * dy * dy;
            }
        }
        (m, xx / m, yy / m)
    }

    #[test]
    fn a_squeezed_lobe_shrinks_along_the_radius_only() {
        // A round lobe squeezed to 0.6 along x: its x spread falls to 0.6, y unchanged, and its
        // darkening to 0.6 with the same peak.
        let round = lobe(20.0, 20.0, 8.0, 1.0, 0.0, 3, 10.0);
        let mut squeezed = [round];
        let s = Squeeze {
            k: 0.6,
            nx: 1.0,
            ny: 0.0,
        };
        foreshorten(&mut squeezed, 20.0, 20.0, s);
        let (m0, xx0, yy0) = moments(&round);
        let (m1, xx1, yy1) = moments(&squeezed[0]);
        assert!(
            ((xx1 / xx0).sqrt() - 0.6).abs() < 0.01,
            "{}",
            (xx1 / xx0).sqrt()
        );
        assert!(((yy1 / yy0).sqrt() - 1.0).abs() < 0.01);
        assert!((m1 / m0 - 0.6).abs() < 0.01);
        assert!((squeezed[0].peak - round.peak).abs() < 1e-6);
    }

    #[test]
    fn an_oval_lobe_at_a_slant_squeezes_along_the_radius() {
        // An oval lobe at 30°, squeezed to half along 45°: its spread along 45° halves and across
        // it stays.
        let oval = lobe(20.0, 20.0, 8.0, 1.6, 0.5, 4, 10.0);
        let mut squeezed = [oval];
        let r = std::f32::consts::FRAC_1_SQRT_2;
        foreshorten(
            &mut squeezed,
            20.0,
            20.0,
            Squeeze {
                k: 0.5,
                nx: r,
                ny: r,
            },
        );
        let spread = |l: &Lobe, d: [f32; 2]| {
            let p = profiles();
            let (mut m, mut s) = (0.0f64, 0.0f64);
            for iy in 0..800 {
                for ix in 0..800 {
                    let (x, y) = (ix as f32 * 0.05, iy as f32 * 0.05);
                    let v = f64::from(super::super::profile_at(l, x, y, p));
                    let t = f64::from((x - l.cx) * d[0] + (y - l.cy) * d[1]);
                    m += v;
                    s += v * t * t;
                }
            }
            (s / m).sqrt()
        };
        let along = spread(&squeezed[0], [r, r]) / spread(&oval, [r, r]);
        let across = spread(&squeezed[0], [r, -r]) / spread(&oval, [r, -r]);
        assert!((along - 0.5).abs() < 0.02, "{along}");
        assert!((across - 1.0).abs() < 0.02, "{across}");
    }
}
