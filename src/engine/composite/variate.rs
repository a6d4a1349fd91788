//! Cheap deterministic variates for the variation of every dot.
//!
//! A composite draws half a million dots or more, each with a dozen random numbers and a few angles.
//! The libm transcendental functions cost more than everything else a dot needs, so the variates
//! here avoid them: a normal is the sum of four uniforms cut from one hash (Irwin–Hall, scaled to
//! unit variance: within ±3.46, close enough to a bell for visual jitter), and sine and cosine
//! come from short polynomials (error below 2 · 10⁻⁵). Both depend only on the
//! hash and the angle, so they are the same on every machine, in every crop and at every scale.

use std::f32::consts::TAU;

/// Uniform in [0, 1) from the top 24 bits of a hash.
#[inline]
pub(super) fn unit(h: u64) -> f32 {
    // 24 bits, converted as a signed 32-bit number (one instruction; a u64's takes several).
    (h >> 40) as i32 as f32 / (1u64 << 24) as f32
}

/// Four uniforms in [0, 1) from the four 16-bit quarters of a hash, for variation that needs
/// several numbers but not fine steps.
#[inline]
pub(super) fn quarters(h: u64) -> [f32; 4] {
    std::array::from_fn(|k| ((h >> (16 * k)) & 0xFFFF) as i32 as f32 / 65_536.0)
}

/// Approximately standard normal from a hash: four 16-bit uniforms summed, centred and scaled to
/// unit variance.
#[inline]
pub(super) fn normal(h: u64) -> f32 {
    let sum = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
    // Each uniform has variance 1/12, so the sum of four has 1/3.
    const SCALE: f32 = 1.732_050_8 / 65_536.0;
    (sum as i32 as f32 - 2.0 * 65_535.0) * SCALE
}

/// A log-normal factor of mean 1 and coefficient of variation `cv`, kept within a factor of about
/// 2.3 either way (no impression is many times darker or larger than its neighbours).
#[derive(Clone, Copy)]
pub(super) struct Spread {
    /// The log-normal's σ, and the shift σ²/2 that keeps the mean at 1.
    sigma: f32,
    shift: f32,
}

impl Spread {
    pub(super) fn new(cv: f32) -> Self {
        let s2 = if cv > 0.0 { (1.0 + cv * cv).ln() } else { 0.0 };
        Spread {
            sigma: s2.sqrt(),
            shift: 0.5 * s2,
        }
    }

    /// The factor for hash `h`.
    #[inline]
    pub(super) fn at(self, h: u64) -> f32 {
        if self.sigma <= 0.0 {
            return 1.0;
        }
        (self.sigma * normal(h).clamp(-2.0, 2.0) - self.shift).exp()
    }
}

/// Sine and cosine of `angle` (radians; any angle a dot's variation makes, |angle| < 10⁶).
///
/// Reduced to a whole number of turns plus a remainder by the add-and-subtract rounding of
/// floats, then computed for half the remainder (within ±π/2) by Taylor polynomials and doubled:
/// no table, no branch and no float-to-integer conversion, which is what a dot's setup spends
/// most on otherwise.
#[inline]
pub(super) fn sin_cos(angle: f32) -> (f32, f32) {
    // Adding and subtracting 1.5 · 2²³ rounds a float of magnitude below 2²² to an integer.
    const ROUND: f32 = 12_582_912.0;
    let turns = angle * (1.0 / TAU);
    let nearest = (turns + ROUND) - ROUND;
    let h = (turns - nearest) * std::f32::consts::PI;
    let h2 = h * h;
    let s = h
        * (1.0
            + h2 * (-1.0 / 6.0
                + h2 * (1.0 / 120.0 + h2 * (-1.0 / 5040.0 + h2 * (1.0 / 362_880.0)))));
    let c = 1.0
        + h2 * (-0.5
            + h2 * (1.0 / 24.0
                + h2 * (-1.0 / 720.0 + h2 * (1.0 / 40_320.0 - h2 * (1.0 / 3_628_800.0)))));
    (2.0 * s * c, c * c - s * s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::mix;

    #[test]
    fn sine_and_cosine_match_libm() {
        let mut worst = 0.0f32;
        for k in -2000..2000 {
            let a = k as f32 * 0.013_7;
            let (s, c) = sin_cos(a);
            worst = worst.max((s - a.sin()).abs()).max((c - a.cos()).abs());
        }
        assert!(worst < 2e-5, "worst error {worst}");
    }

    #[test]
    fn normals_have_zero_mean_unit_variance_and_a_bell_shape() {
        let n = 200_000;
        let values: Vec<f32> = (0..n).map(|i| normal(mix(i))).collect();
        let mean = values.iter().sum::<f32>() / n as f32;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n as f32;
        let within_one = values.iter().filter(|v| v.abs() < 1.0).count() as f32 / n as f32;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        // A true normal has 68.3 % within one standard deviation.
        assert!(
            (within_one - 0.683).abs() < 0.02,
            "within one: {within_one}"
        );
    }

    #[test]
    fn spreads_have_mean_one_and_the_asked_variation() {
        let n = 100_000;
        let spread = Spread::new(0.3);
        let values: Vec<f32> = (0..n).map(|i| spread.at(mix(i ^ 99))).collect();
        let mean = values.iter().sum::<f32>() / n as f32;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / n as f32).sqrt();
        assert!((mean - 1.0).abs() < 0.02, "mean {mean}");
        assert!((sd / mean - 0.3).abs() < 0.04, "cv {}", sd / mean);
    }
}
