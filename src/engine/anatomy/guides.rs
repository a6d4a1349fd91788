//! Face guides for placing a hairline: the glabella (the point between the brows), the outer
//! corners of the eyes and the height of the hairline above the glabella.
//!
//! Practitioners place the mid-frontal point of a hairline 70–100 mm above the glabella (about
//! four finger widths, 80 mm, by default) and the frontotemporal corners on the verticals through
//! the outer eye corners. "Above" is square to the line through the two eye corners, so a tilted
//! head gets a tilted hairline. Heights are measured along the scalp when the view has a head
//! shape ([`super::profile`]) and straight in the photo otherwise; widths across the face are
//! taken in the photo.
//!
//! The frontotemporal corners follow the style: each style's corner lies a set depth behind (or
//! in front of) its mid-frontal point (a natural male hairline's corners 14 mm higher for a head of
//! typical width, a female one's 6 mm lower), and that depth is added to the height along the
//! vertical through each outer eye corner, counted from the glabella's level.
//!
//! The temple peaks lie about 50 mm along the temporal hairline from each corner, which runs back
//! round the side of the head and down ([`TEMPLE_PEAK_MM`], [`TEMPLE_DESCENT_DEG`]). Where that
//! is in a frontal photo depends on how the head curves away, so the peaks are placed only on a
//! view with a head shape; often they lie round the side, beyond the photo's outline.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use super::head::HeadShape;
use super::profile::{Walk, scalp_length_mm, walk};
use crate::engine::geometry::{Hairline, Point, check_points};
use crate::engine::styles::{HairlineStyle, TYPICAL_HALF_WIDTH_MM, add_asymmetry};

/// The mid-frontal point's height above the glabella when none is given, mm ("four fingers").
pub const DEFAULT_HAIRLINE_HEIGHT_MM: f32 = 80.0;

/// How far along the temporal hairline the temple peaks lie from the frontotemporal corners, mm.
pub const TEMPLE_PEAK_MM: f32 = 50.0;

/// How steeply the temporal hairline falls as it runs back from a corner, degrees below the
/// eye line (seen from the front it runs outwards round the head and down).
pub const TEMPLE_DESCENT_DEG: f32 = 45.0;

/// Heights a hairline may be placed at above the glabella, mm (practice: 70–100 for men, 50–65
/// for rounded female hairlines).
pub const HAIRLINE_HEIGHT_RANGE_MM: RangeInclusive<f32> = 40.0..=120.0;

fn default_height() -> f32 {
    DEFAULT_HAIRLINE_HEIGHT_MM
}

/// The landmarks of the face in one photo, photo pixels, and the hairline height chosen.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceGuides {
    /// The point between the brows.
    pub glabella: Point,
    /// The outer corners of the two eyes (in either order).
    pub eye_corners: [Point; 2],
    /// The mid-frontal point's height above the glabella, mm.
    #[serde(default = "default_height")]
    pub hairline_height_mm: f32,
}

impl FaceGuides {
    /// Checks the numbers; the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        check_points(&[self.glabella], "face guides: glabella")?;
        check_points(&self.eye_corners, "face guides: eye corners")?;
        let h = self.hairline_height_mm;
        if !HAIRLINE_HEIGHT_RANGE_MM.contains(&h) {
            return Err(format!(
                "face guides: hairline height {h} mm is outside {}–{} mm above the glabella",
                HAIRLINE_HEIGHT_RANGE_MM.start(),
                HAIRLINE_HEIGHT_RANGE_MM.end()
            ));
        }
        let [a, b] = self.eye_corners;
        if (a[0] - b[0]).hypot(a[1] - b[1]) < 1.0 {
            return Err("face guides: the two eye corners are the same point".into());
        }
        Ok(())
    }

    /// Checks that every point lies on a `width` × `height` photo.
    pub fn check_on_photo(&self, width: u32, height: u32) -> Result<(), String> {
        self.validate()?;
        let (w, h) = (width as f32, height as f32);
        let named = [
            ("glabella", self.glabella),
            ("eye corner", self.eye_corners[0]),
            ("eye corner", self.eye_corners[1]),
        ];
        for (what, [x, y]) in named {
            if !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y) {
                return Err(format!(
                    "face guides: {what} ({x}, {y}) is not on the {width} × {height} photo"
                ));
            }
        }
        Ok(())
    }
}

/// Why guides cannot place a hairline.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GuideError {
    #[error("the view has no face guides (glabella and eye corners)")]
    NoGuides,
    #[error("the glabella must lie between the two outer eye corners")]
    GlabellaNotBetweenEyes,
    #[error(
        "the glabella is outside the head ellipse: draw the ellipse around the whole head, face \
         included"
    )]
    GlabellaOutsideHead,
    #[error(
        "the {what} {wanted:.0} mm above the brow lies beyond the head's outline in this photo \
         (the scalp there turns away after {reached:.0} mm): lower the hairline height or check \
         the head ellipse"
    )]
    BeyondOutline {
        what: &'static str,
        wanted: f32,
        reached: f32,
    },
}

/// Where the guides put the hairline's landmarks, with their measurements.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GuidePoints {
    pub glabella: Point,
    /// The outer eye corners, the left one (as seen in the photo) first.
    pub eye_corners: [Point; 2],
    /// "Up the face" in the photo: the unit vector square to the line through the eye corners.
    pub up: [f32; 2],
    /// The middle of the hairline.
    pub mid_frontal: Point,
    /// The frontotemporal corners above the left and the right outer eye corner.
    pub corners: [Point; 2],
    /// The mid-frontal point above the glabella, mm, as measured back (along the scalp when
    /// `along_scalp`, else straight in the photo).
    pub height_mm: f32,
    /// Each corner above the glabella's level, mm, measured the same way.
    pub corner_heights_mm: [f32; 2],
    pub along_scalp: bool,
    /// The temple peaks beyond the left and the right corner, on a view with a head shape.
    pub temple_peaks: Option<[TemplePeak; 2]>,
}

/// Where a temple peak is seen in the photo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TemplePeak {
    /// The peak, or where the temporal hairline leaves the view on its way to it.
    pub at: Point,
    /// The peak lies round the side of the head, beyond the head's outline in this photo.
    pub out_of_view: bool,
}

impl GuidePoints {
    /// The measurements in words, for the app and the consultation sheet: "hairline 8.0 cm
    /// above the brow (along the scalp)", "temple corners 9.4 and 9.4 cm above the brow, over
    /// the outer eye corners".
    pub fn notes(&self) -> Vec<String> {
        let how = if self.along_scalp {
            " (along the scalp)"
        } else {
            ""
        };
        let mut notes = vec![
            format!(
                "hairline {:.1} cm above the brow{how}",
                self.height_mm / 10.0
            ),
            format!(
                "temple corners {:.1} and {:.1} cm above the brow, over the outer eye corners",
                self.corner_heights_mm[0] / 10.0,
                self.corner_heights_mm[1] / 10.0
            ),
        ];
        if let Some(peaks) = self.temple_peaks {
            let seen = peaks.iter().filter(|p| !p.out_of_view).count();
            let where_ = match seen {
                2 => "",
                1 => " (one round the side, beyond this photo)",
                _ => " (round the side of the head, beyond this photo)",
            };
            notes.push(format!(
                "temple peaks {:.0} cm along from the corners, back and down{where_}",
                TEMPLE_PEAK_MM / 10.0
            ));
        }
        notes
    }
}

/// The face's frame in the photo: the glabella, the unit vector along the eye line (left to
/// right) and up the face, and where the outer eye corners lie along the eye line from the
/// glabella (pixels; negative on the left).
struct Face {
    g: [f32; 2],
    e: [f32; 2],
    up: [f32; 2],
    left: f32,
    right: f32,
    eyes: [Point; 2],
}

impl Face {
    fn of(guides: &FaceGuides) -> Result<Face, GuideError> {
        let [a, b] = guides.eye_corners;
        let (l, r) = if (a[0], a[1]) <= (b[0], b[1]) {
            (a, b)
        } else {
            (b, a)
        };
        let (dx, dy) = (r[0] - l[0], r[1] - l[1]);
        let n = dx.hypot(dy).max(1e-6);
        let e = [dx / n, dy / n];
        let g = guides.glabella;
        let along = |p: Point| (p[0] - g[0]) * e[0] + (p[1] - g[1]) * e[1];
        let (left, right) = (along(l), along(r));
        if left >= 0.0 || right <= 0.0 {
            return Err(GuideError::GlabellaNotBetweenEyes);
        }
        Ok(Face {
            g,
            e,
            // Hair lies on the left of travel along the eye line: up the face.
            up: [e[1], -e[0]],
            left,
            right,
            eyes: [l, r],
        })
    }

    /// The point `u` pixels along the eye line from the glabella, at the glabella's level.
    fn foot(&self, u: f32) -> Point {
        [self.g[0] + u * self.e[0], self.g[1] + u * self.e[1]]
    }
}

/// The style's control points as (fraction of the half width, height above the glabella in mm)
/// for a hairline `height_mm` high, the left half, the middle and the right half; and the
/// indices of the left corner, the middle and the right corner.
fn controls(style: HairlineStyle, height_mm: f32, scale: f32) -> (Vec<(f32, f32)>, [usize; 3]) {
    let half = style.half_shape();
    let centre = half[half.len() - 1].1;
    let shape: Vec<(f32, f32)> = half
        .iter()
        .copied()
        .chain(half.iter().rev().skip(1).map(|&(fx, d)| (-fx, d)))
        .map(|(fx, d)| (fx, height_mm - (d - centre) * scale))
        .collect();
    let last = shape.len() - 1;
    (shape, [1, half.len() - 1, last - 1])
}

/// How the style's depths scale with this face: as [`crate::engine::styles::preset`] scales
/// them with the head's width, the half width being the eye corners' distance from the midline
/// over the style's corner fraction.
fn depth_scale(face: &Face, style: HairlineStyle, px_per_mm: f64) -> f32 {
    let corner = style.half_shape()[1].0.abs().max(0.1);
    let half_width_mm = 0.5 * (face.right - face.left) / corner / px_per_mm as f32;
    (half_width_mm / TYPICAL_HALF_WIDTH_MM).clamp(0.25, 2.0)
}

/// A landmark `mm` above the glabella's level at `u` along the eye line.
fn landmark(
    face: &Face,
    head: Option<&HeadShape>,
    u: f32,
    mm: f32,
    px_per_mm: f64,
    what: &'static str,
) -> Result<Point, GuideError> {
    walk(head, face.foot(u), face.up, f64::from(mm), px_per_mm).map_err(|w| match w {
        Walk::StartsOutside => GuideError::GlabellaOutsideHead,
        Walk::ReachedOutline(reached) => GuideError::BeyondOutline {
            what,
            wanted: mm,
            reached: reached as f32,
        },
    })
}

/// Where `guides` put the hairline's landmarks on a photo of `px_per_mm` (at the head's centre
/// when `head` is given). The corners take the depth of `style`'s corners (level with the
/// mid-frontal point without a style).
pub fn place_guides(
    guides: &FaceGuides,
    head: Option<&HeadShape>,
    px_per_mm: f64,
    style: Option<HairlineStyle>,
) -> Result<GuidePoints, GuideError> {
    let face = Face::of(guides)?;
    if head.is_some_and(|h| h.rho(face.g) >= 1.0) {
        return Err(GuideError::GlabellaOutsideHead);
    }
    let height = guides.hairline_height_mm;
    let corner_height = style.map_or([height; 2], |s| {
        let (shape, [left, _, right]) = controls(s, height, depth_scale(&face, s, px_per_mm));
        [shape[left].1, shape[right].1]
    });
    let mid_frontal = landmark(&face, head, 0.0, height, px_per_mm, "hairline")?;
    let mut corners = [[0.0; 2]; 2];
    for (k, u) in [face.left, face.right].into_iter().enumerate() {
        corners[k] = landmark(&face, head, u, corner_height[k], px_per_mm, "temple corner")?;
    }
    let measure = |a: Point, b: Point| scalp_length_mm(head, a, b, px_per_mm) as f32;
    let temple_peaks = head.map(|h| {
        [0, 1].map(|k| {
            let outward = if k == 0 { -1.0 } else { 1.0 };
            temple_peak(&face, h, corners[k], outward, px_per_mm)
        })
    });
    Ok(GuidePoints {
        glabella: face.g,
        eye_corners: face.eyes,
        up: face.up,
        mid_frontal,
        corners,
        height_mm: measure(face.g, mid_frontal),
        corner_heights_mm: [
            measure(face.foot(face.left), corners[0]),
            measure(face.foot(face.right), corners[1]),
        ],
        along_scalp: head.is_some(),
        temple_peaks,
    })
}

/// The temple peak [`TEMPLE_PEAK_MM`] along the scalp from `corner`, outwards (`outward` is -1
/// on the left, 1 on the right) and down at [`TEMPLE_DESCENT_DEG`]; where the walk meets the
/// outline first, the point there, out of view.
fn temple_peak(
    face: &Face,
    head: &HeadShape,
    corner: Point,
    outward: f32,
    px_per_mm: f64,
) -> TemplePeak {
    let (sin, cos) = TEMPLE_DESCENT_DEG.to_radians().sin_cos();
    let dir = [
        outward * face.e[0] * cos - face.up[0] * sin,
        outward * face.e[1] * cos - face.up[1] * sin,
    ];
    let mm = f64::from(TEMPLE_PEAK_MM);
    match walk(Some(head), corner, dir, mm, px_per_mm) {
        Ok(at) => TemplePeak {
            at,
            out_of_view: false,
        },
        Err(Walk::ReachedOutline(reached)) => TemplePeak {
            // Just short of the outline, where the scalp is still seen.
            at: walk(Some(head), corner, dir, (reached - 0.5).max(0.0), px_per_mm)
                .unwrap_or(corner),
            out_of_view: true,
        },
        Err(Walk::StartsOutside) => TemplePeak {
            at: corner,
            out_of_view: true,
        },
    }
}

/// A hairline of `style` fitted through the landmarks `guides` give (see [`place_guides`]): its
/// mid-frontal point and frontotemporal corners exactly there, the style's shape in between,
/// each of its points at the style's depth above the glabella's level, and the style's natural
/// asymmetry (from `seed`) on the other points of its right half.
pub fn hairline_from_guides(
    style: HairlineStyle,
    guides: &FaceGuides,
    head: Option<&HeadShape>,
    px_per_mm: f64,
    seed: u64,
) -> Result<(Hairline, GuidePoints), GuideError> {
    let placed = place_guides(guides, head, px_per_mm, Some(style))?;
    let face = Face::of(guides)?;
    let (shape, landmarks) = controls(
        style,
        guides.hairline_height_mm,
        depth_scale(&face, style, px_per_mm),
    );
    let corner = style.half_shape()[1].0.abs().max(0.1);
    let mut points = Vec::with_capacity(shape.len());
    for (k, &(fx, mm)) in shape.iter().enumerate() {
        let half = if fx < 0.0 { -face.left } else { face.right };
        let u = fx * half / corner;
        let p = if k == landmarks[0] {
            placed.corners[0]
        } else if k == landmarks[1] {
            placed.mid_frontal
        } else if k == landmarks[2] {
            placed.corners[1]
        } else {
            // Beyond the outline the point stops at it; off the head it steps straight.
            match walk(head, face.foot(u), face.up, f64::from(mm), px_per_mm) {
                Ok(p) => p,
                Err(Walk::ReachedOutline(reached)) => {
                    walk(head, face.foot(u), face.up, reached, px_per_mm)
                        .unwrap_or_else(|_| face.foot(u))
                }
                Err(Walk::StartsOutside) => {
                    walk(None, face.foot(u), face.up, f64::from(mm), px_per_mm)
                        .unwrap_or_else(|_| face.foot(u))
                }
            }
        };
        points.push(p);
    }
    let (fade_mm, irregularity) = style.edge();
    let mut hairline = Hairline {
        points,
        fade_mm,
        irregularity,
        flip: false,
    };
    let last = shape.len() - 1;
    add_asymmetry(
        &mut hairline,
        placed.mid_frontal[0],
        px_per_mm as f32,
        seed,
        landmarks[1] + 1,
        last,
    );
    // The landmarks stay exactly where the guides put them.
    hairline.points[landmarks[2]] = placed.corners[1];
    Ok((hairline, placed))
}

#[cfg(test)]
mod tests;
