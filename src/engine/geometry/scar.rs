//! Scar tissue under a layer: where it is and how it takes pigment.

use serde::{Deserialize, Serialize};

use super::mask::Mask;
use super::near::{Point, bounds, segment_distance};
use super::noise::value_noise;
use super::region::stroke_coverage;

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
    /// The default camouflage: over the scar the layer places as many dots, of a shade as deep,
    /// as make the treated scar read as the treated scalp around it, its dots following the
    /// direction of the dots around (`render::camouflage`). Off: the layer's density and shade as
    /// set, thinned by the retention (how projects before version 5 drew scars).
    #[serde(default = "default_camouflage")]
    pub camouflage: bool,
}

fn default_camouflage() -> bool {
    true
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
    /// A linear strip scar (FUT): a line through `points`, `width_mm` wide, or `widths_mm[i]` wide
    /// at point i when given (one per point; the width varies linearly between points).
    Strip {
        points: Vec<Point>,
        width_mm: f32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        widths_mm: Vec<f32>,
    },
    /// Small round scars (FUE), each `diameter_mm` across.
    Dots {
        centres: Vec<Point>,
        diameter_mm: f32,
    },
}

impl ScarShape {
    /// Keeps a strip's widths one per point after points were added or removed: a new point takes
    /// the strip's `width_mm`, and widths of removed points go.
    pub fn fit_widths(&mut self) {
        if let ScarShape::Strip {
            points,
            width_mm,
            widths_mm,
        } = self
            && !widths_mm.is_empty()
        {
            widths_mm.resize(points.len(), *width_mm);
        }
    }
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
            camouflage: default_camouflage(),
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
        let sizes: Vec<f32> = match &self.shape {
            ScarShape::Region => return Ok(()),
            ScarShape::Strip {
                points,
                width_mm,
                widths_mm,
            } => {
                if !widths_mm.is_empty() && widths_mm.len() != points.len() {
                    return Err(format!(
                        "scar line has {} points but {} widths (give one width per point, or none)",
                        points.len(),
                        widths_mm.len()
                    ));
                }
                std::iter::once(*width_mm)
                    .chain(widths_mm.iter().copied())
                    .collect()
            }
            ScarShape::Dots { diameter_mm, .. } => vec![*diameter_mm],
        };
        match sizes.iter().find(|s| !SCAR_WIDTH_RANGE_MM.contains(*s)) {
            Some(size) => Err(format!("scar width {size} mm is outside 0.3–30 mm")),
            None => Ok(()),
        }
    }

    /// The scar's own area as coverage on a `width` × `height` photo with `cell`-pixel cells,
    /// widened by `extra_mm` on every side (None when the layer's region is the scar).
    pub fn area(
        &self,
        width: u32,
        height: u32,
        px_per_mm: f32,
        cell: f32,
        extra_mm: f32,
    ) -> Option<Mask> {
        let mut mask = Mask::new(width, height, cell, 0.0);
        match &self.shape {
            ScarShape::Region => return None,
            ScarShape::Strip {
                points,
                width_mm,
                widths_mm,
            } => {
                let radius = |i: usize| widths_mm.get(i).copied().unwrap_or(*width_mm) / 2.0;
                let at = |i: usize| (points[i], (radius(i) + extra_mm) * px_per_mm);
                if points.len() == 1 {
                    tapered(&mut mask, at(0), at(0), STRIP_SOFTNESS);
                }
                for i in 1..points.len() {
                    tapered(&mut mask, at(i - 1), at(i), STRIP_SOFTNESS);
                }
            }
            ScarShape::Dots {
                centres,
                diameter_mm,
            } => {
                let r = (diameter_mm / 2.0 + extra_mm) * px_per_mm;
                for c in centres {
                    tapered(&mut mask, (*c, r), (*c, r), DOT_SOFTNESS);
                }
            }
        }
        Some(mask)
    }

    /// The width of the scar at its widest, mm (None when the layer's region is the scar).
    pub fn widest_mm(&self) -> Option<f32> {
        match &self.shape {
            ScarShape::Region => None,
            ScarShape::Strip {
                width_mm,
                widths_mm,
                ..
            } => Some(widths_mm.iter().copied().fold(*width_mm, f32::max)),
            ScarShape::Dots { diameter_mm, .. } => Some(*diameter_mm),
        }
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

/// How soft the edge of a strip scar's area is (a share of its half width) and of a round scar's.
const STRIP_SOFTNESS: f32 = 0.35;
const DOT_SOFTNESS: f32 = 0.4;

/// Adds to `mask` a stroke from `a` to `b` whose radius (photo pixels) goes linearly from `a`'s to
/// `b`'s, its edge fading over `softness` of the radius.
fn tapered(mask: &mut Mask, (a, ra): (Point, f32), (b, rb): (Point, f32), softness: f32) {
    let reach = ra.max(rb) * (1.0 + softness) + mask.cell + 0.5;
    let (x0, y0, x1, y1) = bounds(&[a, b]);
    let to_cell = |v: f32, n: usize| ((v / mask.cell).floor().max(0.0) as usize).min(n - 1);
    let (c0, c1) = (
        to_cell(x0 - reach, mask.cols),
        to_cell(x1 + reach, mask.cols) + 1,
    );
    let (r0, r1) = (
        to_cell(y0 - reach, mask.rows),
        to_cell(y1 + reach, mask.rows) + 1,
    );
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    for cy in r0..r1.min(mask.rows) {
        for cx in c0..c1.min(mask.cols) {
            let (x, y) = mask.centre(cx, cy);
            let t = if len2 > 0.0 {
                (((x - a[0]) * dx + (y - a[1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let radius = ra + (rb - ra) * t;
            let d = segment_distance(x, y, a, b);
            let c = stroke_coverage(d, radius, softness);
            let v = &mut mask.values[cy * mask.cols + cx];
            *v = v.max(c);
        }
    }
}
