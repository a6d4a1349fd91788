//! The client's real head: its outline in the photo (the scalp turning away from the camera
//! towards the rim), the face's landmarks that place a hairline, and the iris that gives the
//! photo's scale. The model and its measured figures are in `docs/ANATOMY.md`.

mod guides;
mod head;
mod measure;
mod profile;

pub use guides::{
    DEFAULT_HAIRLINE_HEIGHT_MM, FaceGuides, GuideError, GuidePoints, HAIRLINE_HEIGHT_RANGE_MM,
    TEMPLE_DESCENT_DEG, TEMPLE_PEAK_MM, TemplePeak, hairline_from_guides, place_guides,
};
pub use head::{COS_FLOOR, HeadShape, MIN_RADIUS_PX, OUTLINE_FUZZ_MM, Squeeze, Surface};
pub use measure::{HairlineHeight, hairline_height, suggest_head};
pub use profile::{Walk, scalp_length_mm, walk};

use crate::engine::project::ScalpView;
use crate::engine::styles::HairlineStyle;

/// Where `view`'s face guides put the hairline's landmarks (the corners level with the middle
/// unless a style is given), or None without guides.
pub fn view_guides(
    view: &ScalpView,
    style: Option<HairlineStyle>,
) -> Option<Result<GuidePoints, GuideError>> {
    let guides = view.face.as_ref()?;
    Some(place_guides(
        guides,
        view.head.as_ref(),
        view.scale.px_per_mm,
        style,
    ))
}
