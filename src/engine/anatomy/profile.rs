//! Lengths along the scalp: a straight line in the photo lifted onto the head's surface.
//!
//! With a head shape, the scalp under a photo line is the lifted surface of
//! [`HeadShape::depth`]: along a line through the centre its profile is a circle whose radius is
//! the ellipse's in that direction, so a millimetre on the scalp near the outline covers less
//! of the photo than one at the centre (by cos θ). The length is that of the lifted line, summed
//! over short chords (a chord sum stays exact to the end, where the profile turns edge-on).
//! Without a head shape the scalp is flat and a length is the straight one in the photo.

use super::head::HeadShape;
use crate::engine::geometry::Point;

/// Photo pixels per step of a lifted line.
const STEP_PX: f64 = 0.25;

/// Why a walk along the scalp stopped short.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Walk {
    /// It started outside the head's outline.
    StartsOutside,
    /// The outline came first: this much of the length (mm) was walked.
    ReachedOutline(f64),
}

fn unit(d: [f64; 2]) -> Option<[f64; 2]> {
    let n = (d[0] * d[0] + d[1] * d[1]).sqrt();
    (n > 1e-9 && n.is_finite()).then(|| [d[0] / n, d[1] / n])
}

fn at(p: [f64; 2]) -> Point {
    [p[0] as f32, p[1] as f32]
}

/// The length of the scalp under the straight photo line from `a` to `b`, mm, for a photo of
/// `px_per_mm` at the head's centre. Parts of the line outside the outline count as flat.
pub fn scalp_length_mm(head: Option<&HeadShape>, a: Point, b: Point, px_per_mm: f64) -> f64 {
    let (a, b) = (a.map(f64::from), b.map(f64::from));
    let d = [b[0] - a[0], b[1] - a[1]];
    let straight = (d[0] * d[0] + d[1] * d[1]).sqrt();
    let (Some(head), Some(dir)) = (head, unit(d)) else {
        return straight / px_per_mm;
    };
    let along = dir.map(|v| v as f32);
    let steps = (straight / STEP_PX).ceil().max(1.0) as usize;
    let h = straight / steps as f64;
    let mut length = 0.0;
    let mut z = head.depth(at(a), along);
    for k in 1..=steps {
        let t = k as f64 * h;
        let next = head.depth(at([a[0] + dir[0] * t, a[1] + dir[1] * t]), along);
        length += (h * h + (next - z) * (next - z)).sqrt();
        z = next;
    }
    length / px_per_mm
}

/// The photo point `mm` millimetres along the scalp from `from` in the photo direction `dir`
/// (which need not be a unit vector). Without a head shape that is a straight step in the photo;
/// with one the walk follows the lifted surface and fails if it starts outside the outline or
/// reaches it first.
pub fn walk(
    head: Option<&HeadShape>,
    from: Point,
    dir: [f32; 2],
    mm: f64,
    px_per_mm: f64,
) -> Result<Point, Walk> {
    let from = from.map(f64::from);
    let Some(dir) = unit(dir.map(f64::from)) else {
        return Ok(at(from));
    };
    let target = mm.max(0.0) * px_per_mm;
    let Some(head) = head else {
        return Ok(at([from[0] + dir[0] * target, from[1] + dir[1] * target]));
    };
    if head.rho(at(from)) >= 1.0 {
        return Err(Walk::StartsOutside);
    }
    let along = dir.map(|v| v as f32);
    let mut walked = 0.0;
    let mut t = 0.0;
    let mut z = head.depth(at(from), along);
    loop {
        let next_t = t + STEP_PX;
        let p = at([from[0] + dir[0] * next_t, from[1] + dir[1] * next_t]);
        let outside = head.rho(p) >= 1.0;
        // Past the outline the surface has come down to the outline's depth, 0.
        let next_z = if outside { 0.0 } else { head.depth(p, along) };
        let chord = (STEP_PX * STEP_PX + (next_z - z) * (next_z - z)).sqrt();
        if outside && walked + chord < target {
            return Err(Walk::ReachedOutline((walked + chord) / px_per_mm));
        }
        if walked + chord >= target {
            // The rest of the way within this chord, in proportion.
            let t_end = t + STEP_PX * (target - walked) / chord.max(1e-12);
            return Ok(at([from[0] + dir[0] * t_end, from[1] + dir[1] * t_end]));
        }
        walked += chord;
        t = next_t;
        z = next_z;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PPM: f64 = 10.0;

    /// A round head of radius 100 mm.
    const ROUND: HeadShape = HeadShape {
        centre: [1500.0, 1500.0],
        radii: [1000.0, 1000.0],
    };

    #[test]
    fn flat_lengths_are_straight() {
        let l = scalp_length_mm(None, [0.0, 0.0], [300.0, 400.0], PPM);
        assert!((l - 50.0).abs() < 1e-9);
        let p = walk(None, [10.0, 10.0], [0.0, -2.0], 8.0, PPM).expect("flat walk");
        assert_eq!(p, [10.0, -70.0]);
    }

    #[test]
    fn on_a_sphere_lengths_are_arcs() {
        // From the centre straight up by 0.6 of the radius: the arc is R · asin(0.6).
        let l = scalp_length_mm(Some(&ROUND), [1500.0, 1500.0], [1500.0, 900.0], PPM);
        let arc = 100.0 * 0.6f64.asin();
        assert!((l - arc).abs() < 0.01 * arc, "{l} vs {arc}");
        // Walking 80 mm up from 20 mm below the centre ends at R · sin(asin(−0.2) + 0.8) above.
        let p = walk(Some(&ROUND), [1500.0, 1700.0], [0.0, -1.0], 80.0, PPM).expect("walk");
        let above = 100.0 * ((-0.2f64).asin() + 0.8).sin();
        let got = (1500.0 - f64::from(p[1])) / PPM;
        assert!((got - above).abs() < 0.005 * above, "{got} vs {above}");
        assert!((p[0] - 1500.0).abs() < 1e-3);
    }

    #[test]
    fn a_walk_past_the_outline_stops_there() {
        match walk(Some(&ROUND), [1500.0, 1500.0], [0.0, -1.0], 200.0, PPM) {
            Err(Walk::ReachedOutline(mm)) => {
                // A quarter of the circumference, 157 mm, is all there is.
                assert!((mm - 157.08).abs() < 2.0, "{mm}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            walk(Some(&ROUND), [0.0, 0.0], [0.0, -1.0], 10.0, PPM),
            Err(Walk::StartsOutside)
        );
    }
}
