//! Measuring what was drawn against the client's anatomy: how high a hairline sits above the
//! brow, and a first head ellipse found from the photo's silhouette.

use image::RgbImage;

use super::guides::place_guides;
use super::head::{HeadShape, MIN_RADIUS_PX};
use super::profile::scalp_length_mm;
use crate::engine::geometry::{Hairline, Point};
use crate::engine::project::ScalpView;
use crate::engine::scalp::find_head;

/// A hairline's height above the brow, as drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HairlineHeight {
    /// From the glabella to where the hairline crosses the face's midline, mm.
    pub mm: f32,
    /// Where it crosses, photo pixels.
    pub at: Point,
    /// Measured along the scalp (the view has a head shape), else straight in the photo.
    pub along_scalp: bool,
}

impl HairlineHeight {
    /// In words, for the canvas and the consultation sheet: "hairline 8.2 cm above the brow".
    pub fn words(&self) -> String {
        let how = if self.along_scalp {
            " (along the scalp)"
        } else {
            ""
        };
        format!("hairline {:.1} cm above the brow{how}", self.mm / 10.0)
    }
}

/// How high `hairline` sits above the brow in `view`: from the glabella up the face's midline
/// (square to the eye line) to where the hairline first crosses it. None without face guides,
/// when they are inconsistent, or when the hairline does not cross the midline above the brow.
pub fn hairline_height(view: &ScalpView, hairline: &Hairline) -> Option<HairlineHeight> {
    let guides = view.face.as_ref()?;
    let placed = place_guides(guides, None, view.scale.px_per_mm, None).ok()?;
    let g = placed.glabella;
    let up = placed.up;
    // The midline as a ray g + t·up; the polyline's segments as a + s·(b − a).
    let line = hairline.polyline();
    let mut nearest: Option<f32> = None;
    for pair in line.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let d = [b[0] - a[0], b[1] - a[1]];
        let denom = up[0] * d[1] - up[1] * d[0];
        if denom.abs() < 1e-9 {
            continue;
        }
        let w = [a[0] - g[0], a[1] - g[1]];
        let t = (w[0] * d[1] - w[1] * d[0]) / denom;
        let s = (w[0] * up[1] - w[1] * up[0]) / denom;
        if (0.0..=1.0).contains(&s) && t > 0.0 && nearest.is_none_or(|n| t < n) {
            nearest = Some(t);
        }
    }
    let t = nearest?;
    let at = [g[0] + t * up[0], g[1] + t * up[1]];
    let head = view.head.as_ref();
    let mm = scalp_length_mm(head, g, at, view.scale.px_per_mm) as f32;
    Some(HairlineHeight {
        mm,
        at,
        along_scalp: head.is_some(),
    })
}

/// A first head ellipse for `photo`: the ellipse with the same area, centre and spread along x
/// and y as the head's silhouette against a plain backdrop ([`find_head`]). For a filled ellipse
/// the spread along an axis is a quarter of its radius squared, so the radii are twice the
/// silhouette's standard deviations. None when the photo has no backdrop to find the head
/// against. On a front view whose silhouette runs on into neck and shoulders the ellipse comes
/// out too tall and needs its handles dragged.
pub fn suggest_head(photo: &RgbImage) -> Option<HeadShape> {
    let outline = find_head(photo)?;
    let head = ellipse_of_polygon(&outline)?;
    head.check_on_photo(photo.width(), photo.height()).ok()?;
    Some(head)
}

/// The axis-aligned ellipse with `polygon`'s area moments (Green's theorem over its edges).
fn ellipse_of_polygon(polygon: &[Point]) -> Option<HeadShape> {
    if polygon.len() < 3 {
        return None;
    }
    let (mut area, mut sx, mut sy, mut sxx, mut syy) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for (k, p) in polygon.iter().enumerate() {
        let q = polygon[(k + 1) % polygon.len()];
        let (x0, y0, x1, y1) = (
            f64::from(p[0]),
            f64::from(p[1]),
            f64::from(q[0]),
            f64::from(q[1]),
        );
        let cross = x0 * y1 - x1 * y0;
        area += cross;
        sx += (x0 + x1) * cross;
        sy += (y0 + y1) * cross;
        sxx += (x0 * x0 + x0 * x1 + x1 * x1) * cross;
        syy += (y0 * y0 + y0 * y1 + y1 * y1) * cross;
    }
    area /= 2.0;
    if area.abs() < 1.0 {
        return None;
    }
    let (cx, cy) = (sx / (6.0 * area), sy / (6.0 * area));
    let var_x = sxx / (12.0 * area) - cx * cx;
    let var_y = syy / (12.0 * area) - cy * cy;
    let radii = [2.0 * var_x.max(0.0).sqrt(), 2.0 * var_y.max(0.0).sqrt()];
    if radii.iter().any(|&r| r < f64::from(MIN_RADIUS_PX)) {
        return None;
    }
    Some(HeadShape {
        centre: [cx as f32, cy as f32],
        radii: radii.map(|r| r as f32),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::anatomy::FaceGuides;
    use crate::engine::project::Project;
    use crate::engine::units::Scale;

    #[test]
    fn an_ellipse_outline_gives_back_its_ellipse() {
        let (cx, cy, rx, ry) = (300.0f32, 220.0f32, 150.0f32, 180.0f32);
        let outline: Vec<Point> = (0..720)
            .map(|k| {
                let a = k as f32 / 720.0 * std::f32::consts::TAU;
                [cx + rx * a.cos(), cy + ry * a.sin()]
            })
            .collect();
        let head = ellipse_of_polygon(&outline).expect("an ellipse");
        assert!((head.centre[0] - cx).abs() < 0.5 && (head.centre[1] - cy).abs() < 0.5);
        assert!((head.radii[0] - rx).abs() < 0.5, "{:?}", head.radii);
        assert!((head.radii[1] - ry).abs() < 0.5, "{:?}", head.radii);
    }

    #[test]
    fn a_head_on_a_plain_backdrop_is_found() {
        // A skin-coloured ellipse (centre 320, 260; radii 170 × 200) on a grey wall.
        let photo = RgbImage::from_fn(640, 520, |x, y| {
            let (dx, dy) = ((x as f32 - 320.0) / 170.0, (y as f32 - 260.0) / 200.0);
            if dx * dx + dy * dy < 1.0 {
                image::Rgb([205, 160, 135])
            } else {
                image::Rgb([70, 72, 75])
            }
        });
        let head = suggest_head(&photo).expect("a head");
        assert!((head.centre[0] - 320.0).abs() < 6.0, "{head:?}");
        assert!((head.centre[1] - 260.0).abs() < 6.0, "{head:?}");
        assert!((head.radii[0] - 170.0).abs() / 170.0 < 0.05, "{head:?}");
        assert!((head.radii[1] - 200.0).abs() / 200.0 < 0.05, "{head:?}");
        // A close-up of skin has no backdrop: nothing to suggest.
        let skin = RgbImage::from_pixel(200, 200, image::Rgb([205, 160, 135]));
        assert!(suggest_head(&skin).is_none());
    }

    #[test]
    fn a_drawn_hairline_is_measured_up_the_midline() {
        let mut project = Project::new("front.png".into(), Scale::calibrated(5.0), 1);
        let view = project.view_mut();
        view.face = Some(FaceGuides {
            glabella: [300.0, 500.0],
            eye_corners: [[200.0, 510.0], [400.0, 510.0]],
            hairline_height_mm: 80.0,
        });
        // Eye line slopes nowhere: up is straight up; a flat line 400 px (80 mm) above.
        let line = Hairline {
            points: vec![[150.0, 100.0], [450.0, 100.0]],
            fade_mm: 6.0,
            irregularity: 0.4,
            flip: false,
        };
        let flat = hairline_height(view, &line).expect("crosses");
        assert!(
            (flat.mm - 80.0).abs() < 0.5 && !flat.along_scalp,
            "{flat:?}"
        );
        assert!((flat.at[0] - 300.0).abs() < 0.5 && (flat.at[1] - 100.0).abs() < 0.5);
        assert_eq!(flat.words(), "hairline 8.0 cm above the brow");
        // On a head the same photo distance is more scalp (the forehead turns away).
        view.head = Some(HeadShape {
            centre: [300.0, 300.0],
            radii: [300.0, 320.0],
        });
        let round = hairline_height(view, &line).expect("crosses");
        assert!(round.along_scalp && round.mm > flat.mm + 1.0, "{round:?}");
        // A line that stays to one side never crosses the midline.
        let aside = Hairline {
            points: vec![[320.0, 100.0], [450.0, 120.0]],
            ..line
        };
        assert!(hairline_height(view, &aside).is_none());
        view.face = None;
        assert!(hairline_height(view, &line).is_none());
    }
}
