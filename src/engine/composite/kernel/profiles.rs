//! The profiles a lobe can take, tabulated once: `exp(−ln 2 · q^β)` for each level of β, with
//! the area, cut-off and second moment of each.

use std::sync::OnceLock;

use super::{
    BETA_CRISP, BETA_LEVELS, BETA_SOFT, CUTOFF, Lobe, MIN_PHOTO_WIDTH_PX, PROFILE_LEN, STEPS,
};
use crate::engine::composite::variate::sin_cos;

pub(super) fn beta(level: usize) -> f32 {
    BETA_SOFT + (BETA_CRISP - BETA_SOFT) * level as f32 / (BETA_LEVELS - 1) as f32
}

/// Where the profile of exponent β falls to [`CUTOFF`]: q such that ln 2 · q^β = −ln CUTOFF.
fn q_cutoff(beta: f32) -> f32 {
    (-CUTOFF.ln() / std::f32::consts::LN_2).powf(1.0 / beta)
}

/// Γ(x) for x > 0 (shifted Stirling series; ample for normalising lobes).
pub(super) fn gamma(x: f64) -> f64 {
    let mut shift = 1.0;
    let mut z = x;
    while z < 8.0 {
        shift *= z;
        z += 1.0;
    }
    let series = 1.0 + 1.0 / (12.0 * z) + 1.0 / (288.0 * z * z) - 139.0 / (51840.0 * z * z * z);
    (2.0 * std::f64::consts::PI / z).sqrt() * (z / std::f64::consts::E).powf(z) * series / shift
}

/// The profile of every β level, sampled in q, and each level's area factor: a lobe of peak p and
/// half-darkness radii a, b carries a darkening of p · a · b · area.
pub(super) struct Profiles {
    /// Each level's profile at steps of 1 / [`STEPS`] in q, out to a little beyond its cut-off;
    /// the rest of the table is zeros, never read.
    pub(super) values: Vec<[f32; PROFILE_LEN]>,
    /// The index of each level's last entry that is read.
    pub(super) last: [u32; BETA_LEVELS],
    pub(super) area: [f32; BETA_LEVELS],
    pub(super) cutoff: [f32; BETA_LEVELS],
    /// Each level's second moment along an axis, in units of the half-darkness radius squared:
    /// a lobe of radii a, b spreads its darkness with variances `moment · a²` and `moment · b²`.
    pub(super) moment: [f32; BETA_LEVELS],
    /// `moment / area` of each level, for matching a merged lobe's peak.
    pub(super) peak_ratio: [f32; BETA_LEVELS],
}

pub(super) fn profiles() -> &'static Profiles {
    static TABLE: OnceLock<Profiles> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut values = Vec::with_capacity(BETA_LEVELS);
        let mut last = [0; BETA_LEVELS];
        let mut area = [0.0; BETA_LEVELS];
        let mut cutoff = [0.0; BETA_LEVELS];
        let mut moment = [0.0; BETA_LEVELS];
        for level in 0..BETA_LEVELS {
            let b = beta(level);
            let qc = q_cutoff(b);
            let n = ((qc * STEPS).ceil() as usize + 2).min(PROFILE_LEN);
            let mut table = [0.0; PROFILE_LEN];
            for (i, v) in table[..n].iter_mut().enumerate() {
                *v = (-std::f32::consts::LN_2 * (i as f32 / STEPS).powf(b)).exp();
            }
            values.push(table);
            last[level] = (n - 2) as u32;
            let b64 = f64::from(b);
            area[level] = (std::f64::consts::PI * gamma(1.0 + 1.0 / b64)
                / std::f64::consts::LN_2.powf(1.0 / b64)) as f32;
            cutoff[level] = qc;
            // E[x²] = E[r²] / 2 for exp(−ln 2 · q^β) with q = r².
            moment[level] = (gamma(2.0 / b64)
                / (2.0 * gamma(1.0 / b64) * std::f64::consts::LN_2.powf(1.0 / b64)))
                as f32;
        }
        let peak_ratio = std::array::from_fn(|k| moment[k] / area[k]);
        Profiles {
            values,
            last,
            area,
            cutoff,
            moment,
            peak_ratio,
        }
    })
}

/// [`Profiles::lobe`] from the shared profiles.
#[cfg(test)]
pub(super) fn lobe(x: f32, y: f32, w: f32, e: f32, theta: f32, level: usize, mass: f32) -> Lobe {
    profiles().lobe(x, y, w, e, theta, level, mass)
}

impl Profiles {
    /// A lobe of darkening `mass` (photo px²), half-darkness width `w` (photo px), aspect `e`,
    /// angle `theta` and profile level, centred at (x, y) photo pixels, at native size.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn lobe(
        &self,
        x: f32,
        y: f32,
        w: f32,
        e: f32,
        theta: f32,
        level: usize,
        mass: f32,
    ) -> Lobe {
        let (sin, cos) = sin_cos(theta);
        let half_min = 0.5 * MIN_PHOTO_WIDTH_PX;
        let root = e.sqrt();
        let (a, b) = (
            (0.5 * w * root).max(half_min),
            (0.5 * w / root).max(half_min),
        );
        Lobe {
            cx: x,
            cy: y,
            a,
            b,
            cos,
            sin,
            peak: mass / (a * b * self.area[level]),
            level,
        }
    }
}

/// The darkness of lobe `l` at (x, y), same units as its centre.
pub(super) fn profile_at(l: &Lobe, x: f32, y: f32, p: &Profiles) -> f32 {
    let (dx, dy) = (x - l.cx, y - l.cy);
    let u = dx * l.cos - dy * l.sin;
    let v = dx * l.sin + dy * l.cos;
    let q = u * u / (l.a * l.a) + v * v / (l.b * l.b);
    if q >= p.cutoff[l.level] {
        return 0.0;
    }
    let t = q * STEPS;
    let i = t as i32 as usize;
    let table = &p.values[l.level];
    l.peak * (table[i] + (table[i + 1] - table[i]) * (t - i as f32))
}
