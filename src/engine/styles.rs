//! Hairline styles and mirror editing.
//!
//! A style is a shape (offsets from a straight line across the forehead, in mm) plus a fade and an
//! irregularity, after the styles practitioners design (DOMAIN: natural/soft, straight edge-up,
//! widow's peak, broken/scattered, and female hairlines that are rounded with no temple
//! recession). Every style gets a little left/right asymmetry (up to about 1.5 mm), because a
//! perfectly symmetric hairline looks drawn.

use serde::{Deserialize, Serialize};

use crate::engine::geometry::{Hairline, Point};
use crate::engine::rng::{hash, unit_of};

/// A hairline style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum HairlineStyle {
    /// Soft, natural: a gentle curve with receded temple corners and a wide fade.
    Natural,
    /// A crisp "edge-up": nearly straight across, narrow fade.
    Straight,
    /// A V-shaped point at the centre of the forehead.
    WidowsPeak,
    /// Broken, scattered edge: a wide fade with strong irregularity.
    Broken,
    /// Female: a rounded arc without temple recession.
    Female,
}

impl HairlineStyle {
    pub const ALL: [HairlineStyle; 5] = [
        HairlineStyle::Natural,
        HairlineStyle::Straight,
        HairlineStyle::WidowsPeak,
        HairlineStyle::Broken,
        HairlineStyle::Female,
    ];

    pub fn label(self) -> &'static str {
        match self {
            HairlineStyle::Natural => "Natural / soft",
            HairlineStyle::Straight => "Straight (edge-up)",
            HairlineStyle::WidowsPeak => "Widow's peak",
            HairlineStyle::Broken => "Broken / scattered",
            HairlineStyle::Female => "Female (rounded)",
        }
    }

    /// Control points as (fraction of the half width from the centre, mm behind (−) or in front
    /// of (+) the centre of the hairline), left half including the centre; mirrored for the right.
    pub(crate) fn half_shape(self) -> &'static [(f32, f32)] {
        match self {
            // Temple points come down at the sides; the corners above them recede.
            HairlineStyle::Natural | HairlineStyle::Broken => &[
                (-1.0, 12.0),
                (-0.82, -14.0),
                (-0.6, -9.0),
                (-0.3, -2.5),
                (0.0, 0.0),
            ],
            HairlineStyle::Straight => &[(-1.0, 8.0), (-0.86, -5.0), (-0.5, -0.5), (0.0, 0.0)],
            HairlineStyle::WidowsPeak => &[
                (-1.0, 10.0),
                (-0.8, -12.0),
                (-0.5, -6.0),
                (-0.18, -1.0),
                (0.0, 7.0),
            ],
            HairlineStyle::Female => &[
                (-1.0, 18.0),
                (-0.85, 6.0),
                (-0.6, 0.5),
                (-0.3, -0.5),
                (0.0, 0.0),
            ],
        }
    }

    /// Fade width (mm) and irregularity of the style.
    pub fn edge(self) -> (f32, f32) {
        match self {
            HairlineStyle::Natural => (9.5, 0.45),
            HairlineStyle::Straight => (3.0, 0.1),
            HairlineStyle::WidowsPeak => (6.0, 0.35),
            HairlineStyle::Broken => (12.0, 0.9),
            HairlineStyle::Female => (7.0, 0.5),
        }
    }
}

/// Where a hairline sits in a photo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Horizontal centre of the face, photo pixels.
    pub centre_x: f32,
    /// Height of the hairline's centre, photo pixels.
    pub front_y: f32,
    /// Centre to temple point, photo pixels.
    pub half_width: f32,
    pub px_per_mm: f32,
}

/// Typical distance from the centre of the forehead to a temple point, mm.
pub const TYPICAL_HALF_WIDTH_MM: f32 = 65.0;

/// Most left/right difference a style leaves in, mm (DOMAIN: up to ~2 mm looks natural).
pub const NATURAL_ASYMMETRY_MM: f32 = 1.5;

impl Frame {
    /// The usual place for a front view of a `width` × `height` photo: centred, a third down.
    pub fn default_for(width: u32, height: u32, px_per_mm: f64) -> Self {
        let ppm = px_per_mm as f32;
        let (w, h) = (width as f32, height as f32);
        Frame {
            centre_x: w / 2.0,
            front_y: h * 0.36,
            half_width: (TYPICAL_HALF_WIDTH_MM * ppm).min(w * 0.45).max(1.0),
            px_per_mm: ppm,
        }
    }

    /// The frame of an existing hairline: its horizontal extent and the height at its middle.
    pub fn of(hairline: &Hairline, px_per_mm: f32) -> Option<Self> {
        let p = &hairline.points;
        if p.len() < 2 {
            return None;
        }
        let (x0, x1) = p
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), q| (a.min(q[0]), b.max(q[0])));
        let centre_x = (x0 + x1) / 2.0;
        let mid = p
            .iter()
            .min_by(|a, b| (a[0] - centre_x).abs().total_cmp(&(b[0] - centre_x).abs()))?;
        Some(Frame {
            centre_x,
            front_y: mid[1],
            half_width: ((x1 - x0) / 2.0).max(1.0),
            px_per_mm,
        })
    }
}

/// A hairline of `style` placed in `frame`, with natural asymmetry drawn from `seed`.
pub fn preset(style: HairlineStyle, frame: Frame, seed: u64) -> Hairline {
    let typical = TYPICAL_HALF_WIDTH_MM * frame.px_per_mm.max(1e-3);
    let depth = frame.px_per_mm * (frame.half_width / typical).clamp(0.25, 2.0);
    let y = frame.front_y + style.half_shape()[0].1 * depth;
    let temples = (
        [frame.centre_x - frame.half_width, y],
        [frame.centre_x + frame.half_width, y],
    );
    let half = style.half_shape();
    let centre_y = frame.front_y + half[half.len() - 1].1 * depth;
    fit(style, temples, Some(centre_y), frame.px_per_mm, seed)
}

/// A hairline of `style` fitted to the temple points the practitioner drew: it runs from one to
/// the other exactly, its middle at height `centre_y` when given (else where the style puts it),
/// with the style's shape in between and natural asymmetry drawn from `seed`. The style's depths
/// (in mm for a head of typical width) scale with the distance between the temples.
pub fn fit(
    style: HairlineStyle,
    temples: (Point, Point),
    centre_y: Option<f32>,
    px_per_mm: f32,
    seed: u64,
) -> Hairline {
    let (left, right) = if temples.0[0] <= temples.1[0] {
        temples
    } else {
        (temples.1, temples.0)
    };
    let (dx, dy) = (right[0] - left[0], right[1] - left[1]);
    let span = (dx * dx + dy * dy).sqrt().max(1.0);
    // Towards the face (down the photo), square to the line between the temples.
    let front = [-dy / span, dx / span];
    let typical = 2.0 * TYPICAL_HALF_WIDTH_MM * px_per_mm.max(1e-3);
    let depth = px_per_mm * (span / typical).clamp(0.25, 2.0);
    let half = style.half_shape();
    let temple_dy = half[0].1;
    let shape: Vec<(f32, f32)> = half
        .iter()
        .copied()
        .chain(half.iter().rev().skip(1).map(|&(fx, d)| (-fx, d)))
        .collect();
    // How far the centre must move to land on `centre_y`; the temples stay where they are.
    let centre_dy = half[half.len() - 1].1;
    let mid_y = (left[1] + right[1]) / 2.0 + (centre_dy - temple_dy) * depth * front[1];
    let lift = centre_y.map_or(0.0, |y| y - mid_y);
    let mut points: Vec<Point> = shape
        .iter()
        .map(|&(fx, d)| {
            let t = (fx + 1.0) / 2.0;
            let off = (d - temple_dy) * depth;
            [
                left[0] + dx * t + front[0] * off,
                left[1] + dy * t + front[1] * off + lift * (1.0 - fx.abs()),
            ]
        })
        .collect();
    let last = points.len() - 1;
    points[0] = left;
    points[last] = right;
    let (fade_mm, irregularity) = style.edge();
    let mut hairline = Hairline {
        points,
        fade_mm,
        irregularity,
        flip: false,
    };
    let axis = (left[0] + right[0]) / 2.0;
    add_asymmetry(&mut hairline, axis, px_per_mm, seed, half.len(), last);
    hairline
}

fn reflect(p: Point, axis_x: f32) -> Point {
    [2.0 * axis_x - p[0], p[1]]
}

/// Nudges the points right of the centre (from index `from`, before index `to`: the drawn temple
/// point stays) by up to [`NATURAL_ASYMMETRY_MM`], so the two sides differ a little.
pub(crate) fn add_asymmetry(
    h: &mut Hairline,
    axis_x: f32,
    px_per_mm: f32,
    seed: u64,
    from: usize,
    to: usize,
) {
    let reach = NATURAL_ASYMMETRY_MM * px_per_mm;
    for (k, p) in h.points.iter_mut().enumerate().take(to).skip(from) {
        if (p[0] - axis_x).abs() < 0.5 {
            continue;
        }
        let dy = (unit_of(hash(&[seed, 0xA5E1, k as u64])) as f32 * 2.0 - 1.0) * reach;
        let dx = (unit_of(hash(&[seed, 0xA5E2, k as u64])) as f32 * 2.0 - 1.0) * reach * 0.5;
        p[0] += dx;
        p[1] += dy;
    }
}

/// Which half of a hairline is the model when mirroring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The half left of the axis (as seen in the photo) is kept and copied to the right.
    Left,
    Right,
}

/// The hairline with one half replaced by the mirror image of the other around the vertical line
/// `axis_x`, plus a little natural asymmetry from `seed`. None if the model half has no points.
pub fn mirror(
    hairline: &Hairline,
    axis_x: f32,
    keep: Side,
    px_per_mm: f32,
    seed: u64,
) -> Option<Hairline> {
    let on_kept_side = |p: &Point| match keep {
        Side::Left => p[0] < axis_x,
        Side::Right => p[0] > axis_x,
    };
    let mut kept: Vec<Point> = hairline
        .points
        .iter()
        .copied()
        .filter(|p| on_kept_side(p))
        .collect();
    if kept.is_empty() {
        return None;
    }
    // Keep the hairline's direction (left to right as drawn) so the hair stays on the same side.
    kept.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let centre = hairline
        .points
        .iter()
        .find(|p| (p[0] - axis_x).abs() < 0.5)
        .copied();
    let mirrored: Vec<Point> = kept.iter().rev().map(|&p| reflect(p, axis_x)).collect();
    // Both halves are in ascending x: the reflection of the reversed model half is ascending too.
    let mut points = Vec::with_capacity(kept.len() * 2 + 1);
    let (first, second) = match keep {
        Side::Left => (&kept, &mirrored),
        Side::Right => (&mirrored, &kept),
    };
    points.extend(first);
    points.extend(centre);
    points.extend(second);
    let flipped_direction = hairline
        .points
        .first()
        .zip(hairline.points.last())
        .is_some_and(|(a, b)| a[0] > b[0]);
    if flipped_direction {
        points.reverse();
    }
    let mut out = Hairline {
        points,
        ..hairline.clone()
    };
    // Nudge the copied half only.
    let copied: Vec<usize> = out
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| !on_kept_side(p) && (p[0] - axis_x).abs() >= 0.5)
        .map(|(k, _)| k)
        .collect();
    let reach = NATURAL_ASYMMETRY_MM * px_per_mm;
    for k in copied {
        let p = &mut out.points[k];
        p[0] += (unit_of(hash(&[seed, 0xA5E2, k as u64])) as f32 * 2.0 - 1.0) * reach * 0.5;
        p[1] += (unit_of(hash(&[seed, 0xA5E1, k as u64])) as f32 * 2.0 - 1.0) * reach;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PPM: f32 = 10.0;

    fn frame() -> Frame {
        Frame {
            centre_x: 1000.0,
            front_y: 500.0,
            half_width: 650.0,
            px_per_mm: PPM,
        }
    }

    fn y_at_x(h: &Hairline, x: f32) -> f32 {
        let line = h.polyline();
        line.windows(2)
            .find(|w| (w[0][0] - x) * (w[1][0] - x) <= 0.0)
            .map(|w| {
                let t = (x - w[0][0]) / (w[1][0] - w[0][0]).max(1e-6);
                w[0][1] + t * (w[1][1] - w[0][1])
            })
            .unwrap_or(f32::NAN)
    }

    #[test]
    fn styles_have_their_characteristic_shapes() {
        let f = frame();
        let natural = preset(HairlineStyle::Natural, f, 1);
        let female = preset(HairlineStyle::Female, f, 1);
        let peak = preset(HairlineStyle::WidowsPeak, f, 1);
        let straight = preset(HairlineStyle::Straight, f, 1);
        // Temple corners (0.8 of the half width out): receded (higher in the photo) for the male
        // natural style, not receded for the female style.
        let corner_x = f.centre_x - 0.8 * f.half_width;
        assert!(y_at_x(&natural, corner_x) < f.front_y - 8.0 * PPM);
        assert!(y_at_x(&female, corner_x) > f.front_y);
        // Widow's peak: the centre is lower than a little to each side.
        let centre = y_at_x(&peak, f.centre_x);
        assert!(centre > y_at_x(&peak, f.centre_x - 0.25 * f.half_width) + 3.0 * PPM);
        // Straight: across the middle 80 % the line stays within 5 mm of level.
        for k in -4..=4 {
            let x = f.centre_x + k as f32 * 0.1 * f.half_width;
            assert!((y_at_x(&straight, x) - f.front_y).abs() < 5.0 * PPM, "{k}");
        }
        // Fades and irregularity follow the style.
        assert!(preset(HairlineStyle::Broken, f, 1).irregularity > natural.irregularity);
        assert!(straight.fade_mm < natural.fade_mm);
    }

    #[test]
    fn styles_are_nearly_but_not_exactly_symmetric() {
        let f = frame();
        for style in HairlineStyle::ALL {
            let h = preset(style, f, 7);
            let n = h.points.len();
            let mut largest = 0.0f32;
            for k in 0..n / 2 {
                let (a, b) = (h.points[k], h.points[n - 1 - k]);
                let dy = (a[1] - b[1]).abs();
                let dx = ((f.centre_x - a[0]) - (b[0] - f.centre_x)).abs();
                largest = largest.max(dy.max(dx));
            }
            assert!(largest > 0.05 * PPM, "{style:?} is perfectly symmetric");
            assert!(
                largest <= NATURAL_ASYMMETRY_MM * PPM + 1e-3,
                "{style:?}: {largest}"
            );
            // Left to right, so the hair is above the line.
            assert!(h.points.windows(2).all(|w| w[0][0] < w[1][0]), "{style:?}");
        }
    }

    #[test]
    fn mirroring_copies_one_side_with_small_asymmetry() {
        let h = Hairline {
            points: vec![
                [100.0, 300.0],
                [300.0, 150.0],
                [500.0, 200.0],
                [800.0, 400.0],
            ],
            fade_mm: 6.0,
            irregularity: 0.3,
            flip: false,
        };
        let m = mirror(&h, 500.0, Side::Left, PPM, 3).expect("has a left side");
        // Left half kept exactly, centre kept, right half the reflection within 1.5 mm.
        assert_eq!(m.points[0], [100.0, 300.0]);
        assert_eq!(m.points[1], [300.0, 150.0]);
        assert_eq!(m.points[2], [500.0, 200.0]);
        assert_eq!(m.points.len(), 5);
        for (copy, model) in [(3, [700.0, 150.0]), (4, [900.0, 300.0])] {
            let p = m.points[copy];
            assert!((p[0] - model[0]).abs() <= 0.75 * PPM + 1e-3);
            assert!((p[1] - model[1]).abs() <= NATURAL_ASYMMETRY_MM * PPM + 1e-3);
        }
        assert_eq!(m.fade_mm, 6.0);
        let r = mirror(&h, 500.0, Side::Right, PPM, 3).expect("has a right side");
        assert_eq!(r.points.last(), Some(&[800.0, 400.0]));
        assert!(r.points.windows(2).all(|w| w[0][0] < w[1][0]));
        assert!((r.points[0][0] - 200.0).abs() <= 0.75 * PPM + 1e-3);
        assert!(mirror(&h, 0.0, Side::Left, PPM, 3).is_none());
    }

    #[test]
    fn a_style_fits_the_drawn_temple_points() {
        let (left, right) = ([300.0, 620.0], [1500.0, 600.0]);
        for style in HairlineStyle::ALL {
            let h = fit(style, (right, left), Some(450.0), PPM, 5);
            assert_eq!(h.points.first(), Some(&left), "{style:?}");
            assert_eq!(h.points.last(), Some(&right), "{style:?}");
            let centre = y_at_x(&h, 900.0);
            // The centre lands where asked (within the style's own asymmetry).
            assert!((centre - 450.0).abs() < 2.0 * PPM, "{style:?}: {centre}");
            assert!(h.points.windows(2).all(|w| w[0][0] < w[1][0]), "{style:?}");
        }
        // Without a centre the style sets the depth: the middle sits above the temples.
        let h = fit(HairlineStyle::Natural, (left, right), None, PPM, 5);
        assert!(y_at_x(&h, 900.0) < 600.0);
    }

    #[test]
    fn frame_of_a_hairline_recovers_its_placement() {
        let f = frame();
        let h = preset(HairlineStyle::Straight, f, 2);
        let g = Frame::of(&h, PPM).expect("frame");
        assert!((g.centre_x - f.centre_x).abs() < 1.0 * PPM);
        assert!((g.front_y - f.front_y).abs() < 2.0 * PPM);
        assert!((g.half_width - f.half_width).abs() < 1.0 * PPM);
    }
}
