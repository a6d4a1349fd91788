//! Real-world units: photo scale (pixels per millimetre), density (dots per cm²) and spacing.

use serde::{Deserialize, Serialize};

/// An adult iris across (horizontal visible diameter), mm: a calibration anyone can click.
pub const IRIS_MM: f64 = 11.7;

/// Iris diameters a calibration may assume, mm (adults measure about 10.7–13 mm).
pub const IRIS_MM_RANGE: std::ops::RangeInclusive<f64> = 9.0..=14.0;

/// Width of scalp an uncalibrated photo is assumed to span along its long side, in mm.
///
/// A phone held for a consultation photo frames roughly a head's width (about 25 cm).
pub const ASSUMED_SPAN_MM: f64 = 250.0;

/// The photo's scale: how many photo pixels make one millimetre of scalp.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Pixels per millimetre.
    pub px_per_mm: f64,
    /// False until the practitioner measured something of known length in the photo.
    pub calibrated: bool,
}

impl Scale {
    /// A measured scale.
    pub fn calibrated(px_per_mm: f64) -> Self {
        Scale {
            px_per_mm,
            calibrated: true,
        }
    }

    /// The default guess for a photo of this size: its long side spans [`ASSUMED_SPAN_MM`].
    pub fn guess(width: u32, height: u32) -> Self {
        let long = f64::from(width.max(height)).max(1.0);
        Scale {
            px_per_mm: long / ASSUMED_SPAN_MM,
            calibrated: false,
        }
    }

    /// The scale measured by a line of `length_px` photo pixels known to be `length_mm` long.
    pub fn from_measurement(length_px: f64, length_mm: f64) -> Option<Self> {
        let ppm = length_px / length_mm;
        (length_px > 0.0 && length_mm > 0.0 && ppm.is_finite() && valid_px_per_mm(ppm))
            .then(|| Scale::calibrated(ppm))
    }

    /// The scale measured across an iris between its horizontal edges `a` and `b` (photo
    /// pixels), for an iris `iris_mm` across ([`IRIS_MM`] for an adult). None if the points are
    /// not numbers, coincide, or give a scale outside the accepted range.
    pub fn from_iris(a: [f32; 2], b: [f32; 2], iris_mm: f64) -> Option<Self> {
        let px = f64::from(a[0] - b[0]).hypot(f64::from(a[1] - b[1]));
        Scale::from_measurement(px, iris_mm)
    }

    /// Millimetres to pixels.
    pub fn px(&self, mm: f64) -> f64 {
        mm * self.px_per_mm
    }

    /// Pixels to millimetres.
    pub fn mm(&self, px: f64) -> f64 {
        px / self.px_per_mm
    }
}

/// The range of scales Follicle accepts (0.5 to 500 px/mm covers anything from a full head to
/// a dermatoscope).
pub fn valid_px_per_mm(ppm: f64) -> bool {
    (0.5..=500.0).contains(&ppm)
}

/// Dots per cm² to dots per mm².
pub fn per_mm2(dots_per_cm2: f64) -> f64 {
    dots_per_cm2 / 100.0
}

/// Centre distance of a hexagonal packing with `dots_per_mm2` dots per mm², in mm.
///
/// This is the densest possible even spacing; the relative radius ρ of a point set is its smallest
/// distance over this one.
pub fn hex_spacing_mm(dots_per_mm2: f64) -> f64 {
    (2.0 / (3f64.sqrt() * dots_per_mm2)).sqrt()
}

/// Which part of the photo an output image shows: output pixel (u, v) covers photo pixels starting
/// at (x0 + u / scale, y0 + v / scale).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x0: f64,
    pub y0: f64,
    /// Output pixels per photo pixel.
    pub scale: f64,
}

impl View {
    /// The whole photo at full resolution.
    pub const FULL: View = View {
        x0: 0.0,
        y0: 0.0,
        scale: 1.0,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_spacing_matches_packing_density() {
        // A hexagonal packing with spacing a has one point per (√3/2)·a² of area.
        let a = hex_spacing_mm(1.0);
        assert!((3f64.sqrt() / 2.0 * a * a - 1.0).abs() < 1e-12);
        assert!((hex_spacing_mm(per_mm2(100.0)) - 1.0746).abs() < 1e-3);
    }

    #[test]
    fn guess_uses_long_side_and_is_uncalibrated() {
        let s = Scale::guess(4000, 3000);
        assert_eq!(s.px_per_mm, 16.0);
        assert!(!s.calibrated);
        assert!((s.px(2.0) - 32.0).abs() < 1e-12);
        assert!((s.mm(32.0) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn measurement_rejects_nonsense() {
        assert_eq!(
            Scale::from_measurement(100.0, 10.0),
            Some(Scale::calibrated(10.0))
        );
        assert_eq!(Scale::from_measurement(100.0, 0.0), None);
        assert_eq!(Scale::from_measurement(-5.0, 10.0), None);
        assert_eq!(Scale::from_measurement(1e9, 1.0), None);
    }
}
