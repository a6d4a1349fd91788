//! Where a layer puts dots: brush strokes and polygons with soft edges, over the whole photo or
//! nothing.

use serde::{Deserialize, Serialize};

use super::mask::Mask;
use super::near::{Near, Point, check_points, closed_segments, open_segments};
use super::noise::smoothstep;

/// Widest brush radius or polygon feather, mm.
const MAX_WIDTH_MM: f32 = 500.0;

/// Where a layer puts dots before the hairline fade is applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Start from the whole photo (true) or from nothing (false).
    pub whole: bool,
    /// Operations applied in order.
    #[serde(default)]
    pub ops: Vec<RegionOp>,
}

impl Default for Region {
    fn default() -> Self {
        Region {
            whole: true,
            ops: Vec::new(),
        }
    }
}

/// One edit of a region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RegionOp {
    /// A brush stroke through `points`, `radius_mm` wide on each side, fading over `softness`
    /// (0 = hard edge, 1 = fades over the whole radius).
    Paint {
        points: Vec<Point>,
        radius_mm: f32,
        softness: f32,
    },
    /// The same, removing coverage.
    Erase {
        points: Vec<Point>,
        radius_mm: f32,
        softness: f32,
    },
    /// A closed polygon, with a soft edge `feather_mm` wide (half inside, half outside).
    Polygon { points: Vec<Point>, feather_mm: f32 },
    /// A polygon that removes coverage.
    Cutout { points: Vec<Point>, feather_mm: f32 },
}

/// Coverage of a stroke at distance `d` from its centre line.
pub(super) fn stroke_coverage(d: f32, radius: f32, softness: f32) -> f32 {
    let soft = (radius * softness.clamp(0.0, 1.0)).max(0.5);
    smoothstep((radius - d) / soft + 0.5)
}
impl Region {
    /// Checks every operation: points on the photo, radii and feathers in range.
    pub fn validate(&self) -> Result<(), String> {
        for (i, op) in self.ops.iter().enumerate() {
            let n = i + 1;
            let (points, width, soft, what) = match op {
                RegionOp::Paint {
                    points,
                    radius_mm,
                    softness,
                } => (points, *radius_mm, *softness, "brush stroke"),
                RegionOp::Erase {
                    points,
                    radius_mm,
                    softness,
                } => (points, *radius_mm, *softness, "eraser stroke"),
                RegionOp::Polygon { points, feather_mm } => (points, *feather_mm, 0.0, "polygon"),
                RegionOp::Cutout { points, feather_mm } => (points, *feather_mm, 0.0, "cut-out"),
            };
            check_points(points, &format!("region {what} {n}"))?;
            if !(0.0..=MAX_WIDTH_MM).contains(&width) {
                return Err(format!(
                    "region {what} {n}: width {width} mm is outside 0–{MAX_WIDTH_MM} mm"
                ));
            }
            if !(0.0..=1.0).contains(&soft) {
                return Err(format!("region {what} {n}: softness {soft} is outside 0–1"));
            }
        }
        Ok(())
    }

    /// Rasterises the region at `px_per_mm` into a mask with `cell`-pixel cells.
    pub fn rasterise(&self, width: u32, height: u32, px_per_mm: f32, cell: f32) -> Mask {
        let mut mask = Mask::new(width, height, cell, if self.whole { 1.0 } else { 0.0 });
        for op in &self.ops {
            match op {
                RegionOp::Paint {
                    points,
                    radius_mm,
                    softness,
                }
                | RegionOp::Erase {
                    points,
                    radius_mm,
                    softness,
                } => {
                    if points.is_empty() {
                        continue;
                    }
                    let erase = matches!(op, RegionOp::Erase { .. });
                    let radius = radius_mm * px_per_mm;
                    let segments = open_segments(points);
                    let reach = radius + (radius * softness.clamp(0.0, 1.0)).max(0.5) + cell;
                    let near = Near::new(&mask, &segments, reach);
                    near.for_each(&mut mask, |_, d, v| {
                        let c = d.map_or(0.0, |d| stroke_coverage(d, radius, *softness));
                        *v = if erase { v.min(1.0 - c) } else { v.max(c) };
                    });
                }
                RegionOp::Polygon { points, feather_mm }
                | RegionOp::Cutout { points, feather_mm } => {
                    if points.len() < 3 {
                        continue;
                    }
                    let cut = matches!(op, RegionOp::Cutout { .. });
                    let feather = (feather_mm * px_per_mm).max(0.5);
                    let outline: Vec<[f64; 2]> = points
                        .iter()
                        .map(|p| [f64::from(p[0]), f64::from(p[1])])
                        .collect();
                    let segments = closed_segments(points);
                    let near = Near::new(&mask, &segments, feather + cell);
                    near.for_each_signed(&mut mask, &outline, |s, v| {
                        let c = smoothstep(s / feather + 0.5);
                        *v = if cut { v.min(1.0 - c) } else { v.max(c) };
                    });
                }
            }
        }
        mask
    }
}
