//! Finding the head against the backdrop, so that a new photo's region covers the client's head
//! (skin and hair) and not the wall behind it. The hairline then keeps the forehead free.
//!
//! The backdrop is what the photo's edges show: the colour most of the left, right and top edges
//! share. Everything reached from the edges through pixels of about that colour is backdrop; the
//! rest is the head. A photo whose edges do not agree on a colour, or whose middle looks like its
//! edges (a close-up of the scalp), has no backdrop to find.

use image::RgbImage;

use crate::engine::geometry::{Point, Region, RegionOp};

/// Long side of the working copy, pixels: the outline needs no more.
const WORK_SIDE: u32 = 240;
/// How far (RGB levels, median) the photo's edges may stray from their common colour for it to
/// count as a backdrop.
const MAX_EDGE_SPREAD: f32 = 40.0;
/// Softness of the region's edge, mm.
pub const SCALP_FEATHER_MM: f32 = 2.0;

/// The region of `photo` where the head is: a soft-edged polygon around it, or None when the
/// photo shows no backdrop to tell it from.
pub fn scalp_region(photo: &RgbImage) -> Option<Region> {
    let points = find_head(photo)?;
    Some(Region {
        whole: false,
        ops: vec![RegionOp::Polygon {
            points,
            feather_mm: SCALP_FEATHER_MM,
        }],
    })
}

/// The outline of the head in `photo` (photo pixels), or None without a backdrop.
pub fn find_head(photo: &RgbImage) -> Option<Vec<Point>> {
    let (w, h) = photo.dimensions();
    if w < 8 || h < 8 {
        return None;
    }
    let f = (w.max(h) as f32 / WORK_SIDE as f32).max(1.0);
    let (sw, sh) = (
        ((w as f32 / f).round() as u32).max(8),
        ((h as f32 / f).round() as u32).max(8),
    );
    let small = image::imageops::thumbnail(photo, sw, sh);
    let head = head_mask(&small)?;
    let (sw, sh) = small.dimensions();
    let scale = [w as f32 / sw as f32, h as f32 / sh as f32];
    Some(outline(&head, sw as usize, sh as usize, scale))
}

/// Which pixels of the working copy are head (true) rather than backdrop, if there is a backdrop.
fn head_mask(small: &RgbImage) -> Option<Vec<bool>> {
    let (w, h) = (small.width() as usize, small.height() as usize);
    let at = |x: usize, y: usize| {
        let p = small.get_pixel(x as u32, y as u32).0;
        [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
    };
    // The edges' colour: left, right and top (the bottom is often the face or shoulders).
    let mut ring: Vec<[f32; 3]> = Vec::new();
    for y in 0..h {
        ring.extend([at(0, y), at(1, y), at(w - 1, y), at(w - 2, y)]);
    }
    for x in 0..w {
        ring.extend([at(x, 0), at(x, 1)]);
    }
    let backdrop: [f32; 3] = std::array::from_fn(|c| median(ring.iter().map(|p| p[c]).collect()));
    let dist = |p: [f32; 3]| {
        let d: f32 = (0..3).map(|c| (p[c] - backdrop[c]).powi(2)).sum();
        d.sqrt()
    };
    // How far the backdrop itself strays from its colour (grain, a gentle gradient): the median,
    // as the head may reach the edges too.
    let ring_spread = median(ring.iter().map(|&p| dist(p)).collect());
    let centre: Vec<f32> = (h * 3 / 10..h * 7 / 10)
        .flat_map(|y| (w * 3 / 10..w * 7 / 10).map(move |x| (x, y)))
        .map(|(x, y)| dist(at(x, y)))
        .collect();
    let centre_distance = median(centre);
    // Edges that agree, and a middle that stands out from them. A real wall is lit unevenly and
    // shoulders reach the lower sides, so the edges stray by up to about 35 levels from their
    // median on studio photos; the head must stand out by well over that.
    if ring_spread > MAX_EDGE_SPREAD || centre_distance < (2.0 * ring_spread).max(30.0) {
        return None;
    }
    // Backdrop is what stays near its colour; the head's shadowed sides, darker than its middle,
    // still stand out from it.
    let threshold = (4.0 * ring_spread)
        .max(15.0)
        .min((ring_spread + centre_distance) / 2.0);
    let backdrop_like: Vec<bool> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| dist(at(x, y)) < threshold)
        .collect();
    let reached = flood_from_edges(&backdrop_like, w, h);
    let head: Vec<bool> = reached.iter().map(|r| !r).collect();
    let share = head.iter().filter(|&&v| v).count() as f32 / head.len() as f32;
    (0.1..0.97).contains(&share).then_some(head)
}

/// The pixels reached from the image's edges through `open` pixels (4-connected).
fn flood_from_edges(open: &[bool], w: usize, h: usize) -> Vec<bool> {
    let mut reached = vec![false; w * h];
    let mut stack: Vec<usize> = Vec::new();
    let edges = (0..w)
        .flat_map(|x| [x, (h - 1) * w + x])
        .chain((0..h).flat_map(|y| [y * w, y * w + w - 1]));
    for i in edges {
        if open[i] && !reached[i] {
            reached[i] = true;
            stack.push(i);
        }
    }
    while let Some(i) = stack.pop() {
        let (x, y) = (i % w, i / w);
        let mut visit = |j: usize| {
            if open[j] && !reached[j] {
                reached[j] = true;
                stack.push(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < w {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - w);
        }
        if y + 1 < h {
            visit(i + w);
        }
    }
    reached
}

/// The outline of `head` (a `w` × `h` mask) in photo pixels (`scale` per mask pixel): down its
/// left side row by row, then up its right side. A head is wider in the middle than at the top,
/// so each row's leftmost and rightmost head pixels trace it; rows that reach the bottom edge
/// carry the outline to the photo's bottom.
fn outline(head: &[bool], w: usize, h: usize, scale: [f32; 2]) -> Vec<Point> {
    let spans: Vec<(usize, usize, usize)> = (0..h)
        .filter_map(|y| {
            let row = &head[y * w..(y + 1) * w];
            let x0 = row.iter().position(|&v| v)?;
            let x1 = row.iter().rposition(|&v| v)?;
            Some((y, x0, x1))
        })
        .collect();
    let to_photo = |x: f32, y: f32| [x * scale[0], y * scale[1]];
    let edge_x = |x: usize, right: bool| {
        if right {
            if x + 1 >= w { w as f32 } else { x as f32 + 1.0 }
        } else if x == 0 {
            0.0
        } else {
            x as f32
        }
    };
    let row_y = |y: usize, last: bool| {
        if last && y + 1 >= h {
            h as f32
        } else {
            y as f32 + 0.5
        }
    };
    let n = spans.len();
    let mut points = Vec::with_capacity(2 * n + 2);
    if let Some(&(y, x0, x1)) = spans.first() {
        // A flat top edge, half a pixel above the first row.
        points.push(to_photo(edge_x(x1, true), y as f32));
        points.push(to_photo(edge_x(x0, false), y as f32));
    }
    for (k, &(y, x0, _)) in spans.iter().enumerate() {
        points.push(to_photo(edge_x(x0, false), row_y(y, k + 1 == n)));
    }
    for (k, &(y, _, x1)) in spans.iter().enumerate().rev() {
        points.push(to_photo(edge_x(x1, true), row_y(y, k + 1 == n)));
    }
    points
}

fn median(mut values: Vec<f32>) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    values[values.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A head (an ellipse of skin over a rectangle of shoulders) on a grey wall.
    fn portrait(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let (dx, dy) = (
                (x as f32 - w as f32 / 2.0) / (w as f32 * 0.3),
                (y as f32 - h as f32 * 0.55) / (h as f32 * 0.45),
            );
            if dx * dx + dy * dy < 1.0 {
                Rgb([205, 160, 135])
            } else {
                Rgb([70, 72, 75])
            }
        })
    }

    fn inside(points: &[Point], x: f32, y: f32) -> bool {
        let mut inside = false;
        for i in 0..points.len() {
            let (a, b) = (points[i], points[(i + 1) % points.len()]);
            if (a[1] > y) != (b[1] > y) && x < a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0]) {
                inside = !inside;
            }
        }
        inside
    }

    #[test]
    fn the_head_is_found_against_a_plain_backdrop() {
        let photo = portrait(900, 600);
        let head = find_head(&photo).expect("a head");
        assert!(inside(&head, 450.0, 330.0), "middle of the head");
        assert!(inside(&head, 450.0, 60.0), "top of the head");
        assert!(!inside(&head, 60.0, 60.0), "the wall top left");
        assert!(!inside(&head, 860.0, 300.0), "the wall on the right");
        assert!(!inside(&head, 450.0, 15.0), "above the head");
    }

    #[test]
    fn a_studio_wall_lit_unevenly_with_shoulders_at_the_sides_is_a_backdrop() {
        // A light wall darkening by 50 levels from the top left to the bottom right, a head, and
        // a grey shirt reaching both lower sides (as on a real consultation photo).
        let (w, h) = (600u32, 800u32);
        let photo = RgbImage::from_fn(w, h, |x, y| {
            let (dx, dy) = ((x as f32 - 300.0) / 190.0, (y as f32 - 420.0) / 330.0);
            if dx * dx + dy * dy < 1.0 {
                Rgb([205, 160, 135])
            } else if y > 680 {
                Rgb([130, 130, 132])
            } else {
                let shade = (50.0 * (x as f32 / w as f32 + y as f32 / h as f32) / 2.0) as u8;
                Rgb([225 - shade, 225 - shade, 220 - shade])
            }
        });
        let head = find_head(&photo).expect("a head against the wall");
        assert!(inside(&head, 300.0, 300.0), "middle of the head");
        assert!(inside(&head, 300.0, 110.0), "top of the head");
        assert!(!inside(&head, 40.0, 40.0), "the light corner of the wall");
        assert!(!inside(&head, 560.0, 560.0), "the dark side of the wall");
    }

    #[test]
    fn a_close_up_has_no_backdrop() {
        // Skin edge to edge, a little mottled.
        let skin = RgbImage::from_fn(400, 300, |x, y| {
            let v = ((x * 7 + y * 13) % 11) as u8;
            Rgb([200 + v, 160 + v, 140 + v])
        });
        assert!(find_head(&skin).is_none());
        assert!(scalp_region(&RgbImage::from_pixel(300, 200, Rgb([90, 90, 90]))).is_none());
    }
}
