//! Overlapping lobes drawn as one.
//!
//! The three tips of a 3RL group sit closer together than their own width, and a single tip's
//! satellite mostly inside the tip: at any scale the camera and the eye see one blot. Such a group
//! is drawn as one lobe that carries the group's darkening and spreads it as the group does (the
//! same centre and the same second moments, so the same size, elongation and direction), and the
//! same darkness at its centre (through the profile's softness). That is a third of the work for a 3RL dot and a plainer result for no
//! visible difference. Groups that spread wider than that stay separate lobes.

use super::{BETA_LEVELS, Lobe, Profiles};

/// Lobes whose centres all lie within this share of the group's narrowest half-darkness radius
/// of the group's centre are drawn as one.
const MERGE_OFFSET: f32 = 0.5;

/// The principal axes of a covariance (`sxx`, `syy`, `sxy`): the variances along the major
/// and the minor axis and the major axis' direction as a lobe stores it (the long axis points
/// along (cos θ, −sin θ)).
#[inline(always)]
pub(super) fn principal_axes(sxx: f32, syy: f32, sxy: f32) -> (f32, f32, f32, f32) {
    let mean = 0.5 * (sxx + syy);
    let d = (0.25 * (sxx - syy).powi(2) + sxy * sxy).sqrt();
    let (major, minor) = (mean + d, (mean - d).max(1e-6));
    // The major axis, from whichever form of the eigenvector is better conditioned.
    let (ex, ey) = if sxx >= syy {
        (major - syy, sxy)
    } else {
        (sxy, major - sxx)
    };
    let norm = (ex * ex + ey * ey).sqrt();
    let (cos, sin) = if norm > 1e-12 {
        let inv = 1.0 / norm;
        (ex * inv, -ey * inv)
    } else {
        (1.0, 0.0)
    };
    (major, minor, cos, sin)
}

/// The darkening lobe `l` carries (peak times its area).
fn mass(l: &Lobe, p: &Profiles) -> f32 {
    l.peak * l.a * l.b * p.area[l.level]
}

/// One lobe for `group`, or None when its lobes lie too far apart to be one blot (or it carries
/// nothing). A group of one is itself.
#[inline(always)]
pub(super) fn merged(group: &[Lobe], p: &Profiles) -> Option<Lobe> {
    match group {
        [] => return None,
        [only] => return Some(*only),
        _ => {}
    }
    let total: f32 = group.iter().map(|l| mass(l, p)).sum();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let (mut mx, mut my, mut level) = (0.0f32, 0.0f32, 0.0f32);
    for l in group {
        let w = mass(l, p) / total;
        mx += w * l.cx;
        my += w * l.cy;
        level += w * l.level as f32;
    }
    let narrowest = group.iter().map(|l| l.b.min(l.a)).fold(f32::MAX, f32::min);
    let limit = (MERGE_OFFSET * narrowest).powi(2);
    if group
        .iter()
        .any(|l| (l.cx - mx).powi(2) + (l.cy - my).powi(2) > limit)
    {
        return None;
    }
    // The group's covariance: each lobe's own (its axes u = (cos, −sin) and v = (sin, cos)) plus
    // the spread of the centres.
    let (mut sxx, mut syy, mut sxy) = (0.0f32, 0.0f32, 0.0f32);
    for l in group {
        let w = mass(l, p) / total;
        let m = p.moment[l.level];
        let (a2, b2) = (m * l.a * l.a, m * l.b * l.b);
        let (c2, s2, cs) = (l.cos * l.cos, l.sin * l.sin, l.cos * l.sin);
        let (dx, dy) = (l.cx - mx, l.cy - my);
        sxx += w * (a2 * c2 + b2 * s2 + dx * dx);
        syy += w * (a2 * s2 + b2 * c2 + dy * dy);
        sxy += w * (cs * (b2 - a2) + dx * dy);
    }
    let mean_level = ((level + 0.5) as usize).min(BETA_LEVELS - 1);
    let (major, minor, cos, sin) = principal_axes(sxx, syy, sxy);
    // The profile whose peak is nearest the group's own darkness at its centre: a group of
    // offset tips is flatter on top than one tip of its size, so it takes a crisper profile.
    let centre: f32 = group.iter().map(|l| super::profile_at(l, mx, my, p)).sum();
    // For the group's spread, a lobe of level L has a·b = √(major·minor) / moment_L and so a
    // peak of total · moment_L / (√(major·minor) · area_L): the level whose moment_L / area_L is
    // nearest centre · √(major·minor) / total.
    let (root_major, root_minor) = (major.sqrt(), minor.sqrt());
    let spread = root_major * root_minor;
    let wanted = centre * spread / total;
    let mut level = mean_level;
    let mut best = f32::MAX;
    for (k, &ratio) in p.peak_ratio.iter().enumerate() {
        let miss = (ratio - wanted).abs();
        if miss < best {
            (best, level) = (miss, k);
        }
    }
    let to_radius = 1.0 / p.moment[level].sqrt();
    let (a, b) = (root_major * to_radius, root_minor * to_radius);
    let peak = total * p.peak_ratio[level] / spread;
    Some(Lobe {
        cx: mx,
        cy: my,
        a,
        b,
        cos,
        sin,
        peak,
        level,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{lobe, profiles};
    use super::*;

    /// Mass, centre and second moments of a set of lobes, measured by sampling them on a grid.
    fn measured(lobes: &[Lobe]) -> [f32; 6] {
        let p = profiles();
        let (mut m, mut sx, mut sy) = (0.0f64, 0.0f64, 0.0f64);
        let mut pts = Vec::new();
        for iy in 0..400 {
            for ix in 0..400 {
                let (x, y) = (ix as f32 * 0.1, iy as f32 * 0.1);
                let d: f32 = lobes
                    .iter()
                    .map(|l| super::super::profile_at(l, x, y, p))
                    .sum();
                let d = f64::from(d) * 0.01;
                m += d;
                sx += d * f64::from(x);
                sy += d * f64::from(y);
                pts.push((x, y, d));
            }
        }
        let (cx, cy) = (sx / m, sy / m);
        let (mut xx, mut yy, mut xy) = (0.0, 0.0, 0.0);
        for (x, y, d) in pts {
            let (dx, dy) = (f64::from(x) - cx, f64::from(y) - cy);
            xx += d * dx * dx;
            yy += d * dy * dy;
            xy += d * dx * dy;
        }
        [m, cx, cy, xx / m, yy / m, xy / m].map(|v| v as f32)
    }

    #[test]
    fn a_merged_group_keeps_the_groups_darkening_centre_and_spread() {
        let p = profiles();
        let group = [
            lobe(20.0, 20.0, 6.0, 1.3, 0.3, 3, 2.0),
            lobe(20.6, 19.7, 5.5, 1.1, 1.2, 4, 1.5),
            lobe(19.6, 20.5, 6.4, 1.4, -0.4, 2, 1.8),
        ];
        let one = merged(&group, p).expect("close tips merge");
        let (want, got) = (measured(&group), measured(&[one]));
        for (k, (w, g)) in want.iter().zip(&got).enumerate() {
            let tolerance = if k == 0 {
                0.04 * w.abs()
            } else {
                0.08 * w.abs().max(1.0)
            };
            assert!((w - g).abs() <= tolerance, "figure {k}: {g} vs {w}");
        }
    }

    #[test]
    fn lobes_far_apart_stay_separate() {
        let p = profiles();
        let group = [
            lobe(20.0, 20.0, 4.0, 1.0, 0.0, 3, 1.0),
            lobe(24.0, 20.0, 4.0, 1.0, 0.0, 3, 1.0),
        ];
        assert!(merged(&group, p).is_none());
        assert!(merged(&group[..1], p).is_some());
    }
}
