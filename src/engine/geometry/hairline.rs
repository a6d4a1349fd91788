//! A hairline: sparse at the front, full behind, with an irregular ("broken") edge.

use serde::{Deserialize, Serialize};

use super::mask::Mask;
use super::near::{Near, Point, open_segments};
use super::noise::{smoothstep, value_noise};

/// A hairline: a smooth curve through control points across the forehead, from one temple to the
/// other. Hair (full density) lies above the curve, towards the top of the photo, whichever way it
/// was drawn (as on a front view); `flip` puts it on the other side for photos taken from other
/// angles. A line drawn straight up or down has its hair on the left of the direction of travel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hairline {
    pub points: Vec<Point>,
    /// Width of the fade from the front edge to full density, in mm.
    pub fade_mm: f32,
    /// 0 = a clean, even edge; 1 = a strongly broken, scattered edge.
    pub irregularity: f32,
    #[serde(default)]
    pub flip: bool,
}

impl Hairline {
    /// The smooth curve through the control points (Catmull–Rom), as a polyline.
    pub fn polyline(&self) -> Vec<Point> {
        let p = &self.points;
        if p.len() < 3 {
            return p.clone();
        }
        let mut out = Vec::with_capacity(p.len() * 16);
        for i in 0..p.len() - 1 {
            let p0 = p[i.saturating_sub(1)];
            let (p1, p2) = (p[i], p[i + 1]);
            let p3 = p[(i + 2).min(p.len() - 1)];
            for s in 0..16 {
                let t = s as f32 / 16.0;
                let (t2, t3) = (t * t, t * t * t);
                let f = |a: f32, b: f32, c: f32, d: f32| {
                    0.5 * (2.0 * b
                        + (c - a) * t
                        + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                        + (3.0 * b - a - 3.0 * c + d) * t3)
                };
                out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
            }
        }
        out.push(p[p.len() - 1]);
        out
    }
}
/// Share of the full density that reaches ahead of a fully broken hairline as stray dots.
const STRAY_SHARE: f32 = 0.25;
/// How far ahead of the line stray dots thin out (e-folding distance), mm.
const STRAY_REACH_MM: f32 = 2.0;

/// The unit vector from `a` to `b` (across, left to right, when they coincide).
fn chord(a: Point, b: Point) -> [f32; 2] {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-3 {
        [1.0, 0.0]
    } else {
        [dx / len, dy / len]
    }
}

impl Hairline {
    /// The unit vector (photo pixels) from the line towards its hair: up the photo on a front
    /// view, down when flipped. None without two points.
    pub fn towards_hair(&self) -> Option<[f32; 2]> {
        let (first, last) = (self.points.first()?, self.points.last()?);
        (self.points.len() >= 2).then(|| self.hair_direction(chord(*first, *last)))
    }

    /// The unit vector from the line towards the hair, for a line running along `along`: up the
    /// photo unless flipped.
    fn hair_direction(&self, along: [f32; 2]) -> [f32; 2] {
        // Left of travel in a y-down image.
        let mut n = [along[1], -along[0]];
        if n[1] > 0.0 {
            n = [-n[0], -n[1]];
        }
        if self.flip { [-n[0], -n[1]] } else { n }
    }

    /// Multiplies `mask` by the hairline's density profile: 0 in front of the edge, rising over the
    /// fade width to 1 behind it; the edge wanders by up to about the fade width when irregular.
    pub fn apply(&self, mask: &mut Mask, px_per_mm: f32, seed: u64) {
        let line = self.polyline();
        if line.len() < 2 {
            return;
        }
        let fade = (self.fade_mm * px_per_mm).max(1.0);
        let wander = self.irregularity.clamp(0.0, 1.0) * fade;
        // The line continues straight past its temple ends, along the line from one to the other,
        // far enough to leave the photo; the region behind it is closed far away on the hair side.
        // Extending along the end tangents instead would fold the region under temple ends that
        // come down at the sides, putting the pigment on the forehead.
        let extent = (mask.cols + mask.rows) as f32 * mask.cell * 2.0 + fade + wander;
        let (first, last) = (line[0], line[line.len() - 1]);
        let along = chord(first, last);
        let towards_hair = self.hair_direction(along);
        let start = [first[0] - along[0] * extent, first[1] - along[1] * extent];
        let end = [last[0] + along[0] * extent, last[1] + along[1] * extent];
        let mut path = vec![start];
        path.extend_from_slice(&line);
        path.push(end);
        let mut outline: Vec<[f64; 2]> = path
            .iter()
            .map(|p| [f64::from(p[0]), f64::from(p[1])])
            .collect();
        for p in [end, start] {
            outline.push([
                f64::from(p[0] + towards_hair[0] * extent),
                f64::from(p[1] + towards_hair[1] * extent),
            ]);
        }

        // Isolated stray dots ahead of the line, as in real hairlines: a few per cm² within a
        // few millimetres of the front, more on a broken edge.
        let stray = STRAY_SHARE * self.irregularity.clamp(0.0, 1.0);
        let stray_reach = STRAY_REACH_MM * px_per_mm;
        let reach = fade + wander + mask.cell + if stray > 0.0 { 4.0 * stray_reach } else { 0.0 };
        let segments = open_segments(&path);
        let whole = Near::whole(mask, &segments, reach);
        whole.for_each_signed_centres(mask, &outline, |s, x, y, v| {
            let t = if s.is_finite() {
                // Two octaves of noise: a slow wave along the line and fine breaks in it.
                let noise = 0.65 * value_noise(seed, x, y, fade * 1.5)
                    + 0.35 * value_noise(seed ^ 0x5EED, x, y, fade * 0.4);
                (s + wander * noise) / fade
            } else {
                s
            };
            let edge = smoothstep(t);
            let ahead = if t < 0.0 {
                stray * (t * fade / stray_reach).exp()
            } else {
                stray
            };
            *v *= edge + (1.0 - edge) * ahead;
        });
    }
}
