//! Region geometry in photo coordinates (pixels of the upright photo), rasterised at render time.
//!
//! A layer's region is a sequence of paint and erase operations (brush strokes and polygons with soft
//! edges) over a start that is either the whole photo or nothing. A hairline shapes the density
//! further: sparse at the front, full behind, with an irregular ("broken") edge.

mod hairline;
mod mask;
mod near;
mod noise;
mod region;
mod scar;
#[cfg(test)]
mod tests;

pub use hairline::Hairline;
pub use mask::Mask;
pub use near::{MAX_POINTS, Point, check_points};
pub use region::{Region, RegionOp};
pub use scar::{SCAR_RETENTION_RANGE, SCAR_WIDTH_RANGE_MM, Scar, ScarShape};
