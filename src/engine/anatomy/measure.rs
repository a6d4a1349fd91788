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
/// silhouette's standard deviations. A front or side view's silhouette runs on into the neck and
/// shoulders: the head is taken to end at the neck, the narrowest row below the point where the
/// silhouette first narrows to less than four fifths of its width above. None when the photo has
/// no backdrop to find the head against.
pub fn suggest_head(photo: &RgbImage) -> Option<HeadShape> {
    let outline = find_head(photo)?;
    let rows = spans(&outline, photo.height());
    let head = ellipse_of_rows(&rows[..head_end(&rows)])?;
    head.check_on_photo(photo.width(), photo.height()).ok()?;
    Some(head)
}

/// Rows scanned across a silhouette.
const ROWS: u32 = 240;

/// The silhouette `polygon` scanned in rows across a photo `height` pixels high: for each row
/// that crosses it, its y and the leftmost and rightmost x inside.
fn spans(polygon: &[Point], height: u32) -> Vec<(f32, f32, f32)> {
    let step = (height as f32 / ROWS as f32).max(1.0);
    let mut rows = Vec::new();
    let mut y = step / 2.0;
    while y < height as f32 {
        let mut ends: Option<(f32, f32)> = None;
        for (k, p) in polygon.iter().enumerate() {
            let q = polygon[(k + 1) % polygon.len()];
            if (p[1] <= y) == (q[1] <= y) {
                continue;
            }
            let x = p[0] + (y - p[1]) / (q[1] - p[1]) * (q[0] - p[0]);
            ends = Some(ends.map_or((x, x), |(a, b)| (a.min(x), b.max(x))));
        }
        if let Some((a, b)) = ends.filter(|(a, b)| b > a) {
            rows.push((y, a, b));
        }
        y += step;
    }
    rows
}

/// How many of the silhouette's `rows` (from the top) are the head: up to the neck, if the
/// silhouette narrows to a neck and widens again below it; all of them otherwise.
fn head_end(rows: &[(f32, f32, f32)]) -> usize {
    let width = |k: usize| rows[k].2 - rows[k].1;
    let mut widest = 0.0f32;
    let mut narrowing = None;
    for k in 0..rows.len() {
        widest = widest.max(width(k));
        if width(k) < 0.8 * widest {
            narrowing = Some(k);
            break;
        }
    }
    let Some(start) = narrowing else {
        return rows.len();
    };
    // The narrowest row from there on, before the silhouette grows past its head's width.
    let mut neck = start;
    for k in start..rows.len() {
        if width(k) > widest {
            break;
        }
        if width(k) < width(neck) {
            neck = k;
        }
    }
    neck + 1
}

/// The axis-aligned ellipse with the area moments of the silhouette's `rows` (y, left, right).
fn ellipse_of_rows(rows: &[(f32, f32, f32)]) -> Option<HeadShape> {
    let (mut area, mut sx, mut sy, mut sxx, mut syy) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for &(y, a, b) in rows {
        let (y, a, b) = (f64::from(y), f64::from(a), f64::from(b));
        let w = b - a;
        area += w;
        sx += (b * b - a * a) / 2.0;
        sxx += (b * b * b - a * a * a) / 3.0;
        sy += w * y;
        syy += w * y * y;
    }
    if area < 1.0 {
        return None;
    }
    let (cx, cy) = (sx / area, sy / area);
    let var_x = sxx / area - cx * cx;
    let var_y = syy / area - cy * cy;
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
        let rows = spans(&outline, 600);
        assert_eq!(head_end(&rows), rows.len(), "no neck");
        let head = ellipse_of_rows(&rows).expect("an ellipse");
        assert!((head.centre[0] - cx).abs() < 0.5 && (head.centre[1] - cy).abs() < 0.5);
        assert!((head.radii[0] - rx).abs() < 1.0, "{:?}", head.radii);
        assert!((head.radii[1] - ry).abs() < 1.5, "{:?}", head.radii);
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
    fn a_head_on_shoulders_ends_at_the_neck() {
        // A head (centre 320, 200; radii 120 × 150), its neck and the shoulders of a dark shirt
        // running off the bottom of the photo, on a pale wall.
        let photo = RgbImage::from_fn(640, 520, |x, y| {
            let (fx, fy) = (x as f32, y as f32);
            let (dx, dy) = ((fx - 320.0) / 120.0, (fy - 200.0) / 150.0);
            if dx * dx + dy * dy < 1.0 || ((270.0..370.0).contains(&fx) && fy > 300.0) {
                image::Rgb([205, 160, 135])
            } else if fy > 410.0 && (60.0..580.0).contains(&fx) {
                image::Rgb([30, 30, 35])
            } else {
                image::Rgb([225, 225, 220])
            }
        });
        let head = suggest_head(&photo).expect("a head");
        assert!((head.centre[0] - 320.0).abs() < 6.0, "{head:?}");
        assert!((head.centre[1] - 200.0).abs() < 15.0, "{head:?}");
        assert!((head.radii[0] / 120.0 - 1.0).abs() < 0.1, "{head:?}");
        assert!((head.radii[1] / 150.0 - 1.0).abs() < 0.12, "{head:?}");
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
