//! A view shown on the reduced copy of its photo that an exported mock-up carries (see
//! `docs/PROJECT-FORMAT.md`, "Mock-ups"), because the full photo is not beside the mock-up.
//!
//! Such a view's calibration and geometry are rescaled to the copy's pixels, so the pattern,
//! tools and preview work on it as on any photo. Written to a file, the view goes back to the full
//! photo's pixels and names the full photo, so saving loses nothing of the design.

use std::path::PathBuf;
use std::sync::Arc;

use super::{Project, ScalpView};
use crate::engine::error::{Error, Result};
use crate::engine::geometry::{Point, RegionOp, ScarShape};

/// Where a view's reduced photo came from and how it relates to the full photo.
#[derive(Clone)]
pub struct ReducedCopy {
    /// The mock-up (PNG) that carries the copy.
    pub inside: PathBuf,
    /// The full photo's upright width and height, pixels.
    pub full_size: (u32, u32),
    /// The copy's width and height, pixels.
    pub size: (u32, u32),
    /// The copy as stored (JPEG).
    pub jpeg: Arc<[u8]>,
}

impl ReducedCopy {
    /// Copy pixels per full-photo pixel (below 1).
    pub fn factor(&self) -> f64 {
        f64::from(self.size.0) / f64::from(self.full_size.0.max(1))
    }
}

impl PartialEq for ReducedCopy {
    fn eq(&self, other: &Self) -> bool {
        self.inside == other.inside
            && self.full_size == other.full_size
            && self.size == other.size
            && (Arc::ptr_eq(&self.jpeg, &other.jpeg) || self.jpeg == other.jpeg)
    }
}

impl std::fmt::Debug for ReducedCopy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReducedCopy")
            .field("inside", &self.inside)
            .field("full_size", &self.full_size)
            .field("size", &self.size)
            .field("jpeg_bytes", &self.jpeg.len())
            .finish()
    }
}

impl ScalpView {
    /// Shows this view on `copy`: its scale and every point of its geometry are rescaled to the
    /// copy's pixels.
    pub fn show_reduced(&mut self, copy: ReducedCopy) {
        self.rescale(copy.factor());
        self.reduced = Some(copy);
    }

    /// The view in its full photo's pixels (itself if it is not on a reduced copy).
    pub fn at_full_size(&self) -> ScalpView {
        let mut view = self.clone();
        if let Some(copy) = view.reduced.take() {
            view.rescale(1.0 / copy.factor());
        }
        view
    }

    /// The refusal of an export that would show this view: its full photo is needed.
    pub fn needs_full_photo(&self) -> Result<()> {
        let Some(copy) = &self.reduced else {
            return Ok(());
        };
        let photo = self.photo.file_name().map_or_else(
            || self.photo.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Err(Error::photo(
            &copy.inside,
            format!(
                "the {} view was opened from the reduced copy of its photo inside this mock-up: \
                 put the original photo {photo} beside it to export",
                self.name
            ),
        ))
    }

    /// Multiplies the scale and every point of the geometry by `factor`.
    fn rescale(&mut self, factor: f64) {
        let f = factor as f32;
        let scale = |points: &mut Vec<Point>| {
            for p in points {
                *p = [p[0] * f, p[1] * f];
            }
        };
        self.scale.px_per_mm *= factor;
        if let Some(head) = &mut self.head {
            head.centre = [head.centre[0] * f, head.centre[1] * f];
            head.radii = [head.radii[0] * f, head.radii[1] * f];
        }
        if let Some(face) = &mut self.face {
            face.glabella = [face.glabella[0] * f, face.glabella[1] * f];
            for p in &mut face.eye_corners {
                *p = [p[0] * f, p[1] * f];
            }
        }
        for layer in &mut self.layers {
            for op in &mut layer.region.ops {
                match op {
                    RegionOp::Paint { points, .. }
                    | RegionOp::Erase { points, .. }
                    | RegionOp::Polygon { points, .. }
                    | RegionOp::Cutout { points, .. } => scale(points),
                }
            }
            if let Some(hairline) = &mut layer.hairline {
                scale(&mut hairline.points);
            }
            if let Some(scar) = &mut layer.scar {
                match &mut scar.shape {
                    ScarShape::Region => {}
                    ScarShape::Strip { points, .. } => scale(points),
                    ScarShape::Dots { centres, .. } => scale(centres),
                }
            }
            if let Some(matched) = &mut layer.hair_match {
                matched.at = [matched.at[0] * f, matched.at[1] * f];
            }
        }
    }
}

impl Project {
    /// True if any view is shown on a reduced copy of its photo.
    pub fn has_reduced_views(&self) -> bool {
        self.views.iter().any(|v| v.reduced.is_some())
    }

    /// The project in its full photos' pixels, as it is written to a file.
    pub fn at_full_size(&self) -> Project {
        let mut project = self.clone();
        for view in &mut project.views {
            *view = view.at_full_size();
        }
        project
    }
}
