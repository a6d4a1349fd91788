//! Scar tissue under a layer: where it is and how it takes pigment.

use serde::{Deserialize, Serialize};

use super::near::Point;
use super::noise::value_noise;
use super::region::{Region, RegionOp};

/// Scar tissue under a layer: where it is and how it takes pigment.
///
/// Scar tissue holds pigment less well than healthy scalp and unevenly (DOMAIN: "scar tissue takes
/// pigment unevenly"): dots in it come out lighter, and in patches some do not take at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scar {
    pub shape: ScarShape,
    /// Pigment the tissue keeps compared with healthy scalp (0.2–1).
    #[serde(default = "default_retention")]
    pub retention: f32,
    /// How patchy the retention is (0 = even, 1 = very patchy).
    #[serde(default = "default_unevenness")]
    pub unevenness: f32,
}

fn default_retention() -> f32 {
    0.65
}
fn default_unevenness() -> f32 {
    0.5
}

/// The shape of a scar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ScarShape {
    /// The layer's own region is scar tissue (e.g. a donor area peppered with FUE scars).
    Region,
    /// A linear strip scar (FUT): a line through `points`, `width_mm` wide.
    Strip { points: Vec<Point>, width_mm: f32 },
    /// Small round scars (FUE), each `diameter_mm` across.
    Dots {
        centres: Vec<Point>,
        diameter_mm: f32,
    },
}

/// Scar retention and sizes Follicle accepts.
pub const SCAR_RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.2..=1.0;
pub const SCAR_WIDTH_RANGE_MM: std::ops::RangeInclusive<f32> = 0.3..=30.0;

impl Scar {
    /// A scar of `shape` with the usual retention.
    pub fn new(shape: ScarShape) -> Self {
        Scar {
            shape,
            retention: default_retention(),
            unevenness: default_unevenness(),
        }
    }

    /// Checks the settings.
    pub fn validate(&self) -> Result<(), String> {
        if !SCAR_RETENTION_RANGE.contains(&self.retention)
            || !(0.0..=1.0).contains(&self.unevenness)
        {
            return Err("scar retention must be 0.2–1 and unevenness 0–1".into());
        }
        match &self.shape {
            ScarShape::Region => {}
            ScarShape::Strip { points, .. } => super::near::check_points(points, "scar line")?,
            ScarShape::Dots { centres, .. } => super::near::check_points(centres, "scar dots")?,
        }
        let size = match &self.shape {
            ScarShape::Region => return Ok(()),
            ScarShape::Strip { width_mm, .. } => *width_mm,
            ScarShape::Dots { diameter_mm, .. } => *diameter_mm,
        };
        if !SCAR_WIDTH_RANGE_MM.contains(&size) {
            return Err(format!("scar width {size} mm is outside 0.3–30 mm"));
        }
        Ok(())
    }

    /// The scar's own area as a region (None when the layer's region is the scar).
    pub fn region(&self) -> Option<Region> {
        let ops = match &self.shape {
            ScarShape::Region => return None,
            ScarShape::Strip { points, width_mm } => vec![RegionOp::Paint {
                points: points.clone(),
                radius_mm: width_mm / 2.0,
                softness: 0.35,
            }],
            ScarShape::Dots {
                centres,
                diameter_mm,
            } => centres
                .iter()
                .map(|c| RegionOp::Paint {
                    points: vec![*c],
                    radius_mm: diameter_mm / 2.0,
                    softness: 0.4,
                })
                .collect(),
        };
        Some(Region { whole: false, ops })
    }

    /// Pigment kept at photo position (x, y) in [0, 1]: the retention, lowered in patches about
    /// 2 mm across by the unevenness.
    pub fn retention_at(&self, x: f32, y: f32, px_per_mm: f32, seed: u64) -> f32 {
        let patch = value_noise(seed ^ 0x5CA2, x, y, 2.0 * px_per_mm) * 0.5 + 0.5;
        let fine = value_noise(seed ^ 0x5CA3, x, y, 0.6 * px_per_mm) * 0.5 + 0.5;
        let loss = self.unevenness.clamp(0.0, 1.0) * (0.7 * patch + 0.3 * fine);
        (self.retention * (1.0 - loss)).clamp(0.0, 1.0)
    }
}
