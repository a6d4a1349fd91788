//! The cores of the dots: each mark is one to six soft elliptical lobes, drawn as darkness into a
//! chunk of output rows.
//!
//! A lobe's profile is `peak · exp(−ln 2 · q^β)` with `q` the squared elliptical radius in units
//! of its half-darkness radii: dark at the centre, half as dark on the ellipse of its half widths,
//! crisp-edged for β ≈ 1.7, soft with long tails for β ≈ 0.7 (a Gaussian at β = 1). Everything that
//! varies from dot to dot (size, darkness, elongation, direction, softness, a small satellite lobe
//! that makes the outline irregular, a merged second impression, the three tips of a 3RL group)
//! comes from the dot's key and the layer's salt, so it is the same at every scale and in every crop
//! and never moves a dot.

use crate::engine::colour::floor_small;
use crate::engine::optics::DotStyle;
use crate::engine::pattern::{Candidate, Candidates};
use crate::engine::rng::mix;

use super::variate::{Spread, normal, quarters, sin_cos, unit};

mod foreshorten;
mod merge;
mod profiles;
mod stamp;

use crate::engine::units::View;
use foreshorten::foreshorten;
#[cfg(test)]
use profiles::lobe;
use profiles::{Profiles, profile_at, profiles};
use stamp::{Clip, Mark, Target, extent, stamp};

/// One layer to composite: its visible dots and how they look.
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    pub dots: &'a Candidates,
    pub style: &'a DotStyle,
}

/// Profile exponents: index 0 is the softest.
const BETA_LEVELS: usize = 8;
const BETA_SOFT: f32 = 0.9;
const BETA_CRISP: f32 = 1.9;
/// A lobe is drawn out to where it falls to this share of its peak.
const CUTOFF: f32 = 0.02;
/// Table steps per unit of q.
const STEPS: f32 = 256.0;
/// Entries in each profile's table: more than the softest profile's cut-off needs (q = 6.8), and
/// a power of two, so that an index masked to it needs no bounds check (which would keep the
/// drawing loop from running on vectors of pixels).
const PROFILE_LEN: usize = 2048;
/// A lobe is never narrower than this many photo pixels at half darkness: a camera's lens and
/// sensor blur a dot below their resolution, so on a low-resolution photo a dot shows as a faint
/// grain, not a black single-pixel speck. Narrower lobes are widened with their darkness spread.
const MIN_PHOTO_WIDTH_PX: f32 = 2.2;
/// Nor narrower than this many output pixels, so that shrunk previews sample every dot.
const MIN_WIDTH_PX: f32 = 1.5;
/// Most lobes one mark has (3 tips, each doubled by a merge).
const MAX_LOBES: usize = 6;
/// Darkest a lobe's centre can be.
const MAX_PEAK: f32 = 0.95;

/// The profile level of a softness (0 crisp … 1 soft), clamped to the levels there are.
fn level_of(softness: f32) -> usize {
    let at = ((1.0 - softness) * (BETA_LEVELS - 1) as f32 + 0.5).max(0.0);
    (floor_small(at.min(BETA_LEVELS as f32)) as usize).min(BETA_LEVELS - 1)
}

/// One elliptical lobe in output pixels.
#[derive(Clone, Copy, Default)]
struct Lobe {
    cx: f32,
    cy: f32,
    /// Half-darkness radii along the long and the short axis.
    a: f32,
    b: f32,
    cos: f32,
    sin: f32,
    peak: f32,
    level: usize,
}

/// A tip's core darkening (photo px²) for a dot of the given size and darkness factors: a
/// Gaussian spot of the style's width and peak.
pub(super) fn tip_mass(style: &DotStyle, size: f32, tone: f32) -> f32 {
    let gaussian_area = std::f32::consts::PI / std::f32::consts::LN_2;
    style.peak * 0.25 * style.width * style.width * gaussian_area * tone * size * size
}

/// The share of a core the photo resolves. A dot narrower than the camera's blur
/// ([`MIN_PHOTO_WIDTH_PX`]) is seen as part of the haze: what the eye sees at that scale is an
/// even grey with a faint grain, not a speck per dot. The rest of the core goes to the haze.
pub(super) fn resolved(style: &DotStyle) -> f32 {
    (style.width / MIN_PHOTO_WIDTH_PX).powi(2).min(1.0)
}

/// How the dots of one style vary in size and darkness (also used by the haze).
#[derive(Clone, Copy)]
pub(super) struct Variation {
    salt: u64,
    size: Spread,
    tone: Spread,
}

impl Variation {
    pub(super) fn of(style: &DotStyle) -> Self {
        Variation {
            salt: style.salt,
            size: Spread::new(style.size_jitter),
            tone: Spread::new(style.tone_jitter),
        }
    }

    /// Dot `c`'s size and darkness factors.
    #[inline]
    pub(super) fn size_and_tone(&self, c: &Candidate) -> (f32, f32) {
        let h = mix(u64::from(c.key) ^ self.salt);
        (self.size.at(mix(h ^ 1)), self.tone.at(mix(h ^ 2)))
    }
}

/// Turns a mark's native lobes into what `view` shows. A mark is never darker than black at its
/// native size (its lobes are scaled down together if their sum would be); then each lobe is seen
/// at the output scale, widened to [`MIN_WIDTH_PX`] with its darkness spread to match. Both steps
/// keep what the mark carries the same at every scale.
#[inline(always)]
fn seen(lobes: &mut [Lobe], view: View, p: &Profiles) {
    let darkest = match lobes {
        // A lone lobe is darkest at its centre (the profile starts at 1).
        [only] => only.peak,
        _ => lobes
            .iter()
            .map(|at| {
                lobes
                    .iter()
                    .map(|l| profile_at(l, at.cx, at.cy, p))
                    .sum::<f32>()
            })
            .fold(0.0f32, f32::max),
    };
    let limit = if darkest > MAX_PEAK {
        MAX_PEAK / darkest
    } else {
        1.0
    };
    let scale = view.scale as f32;
    let half_min = 0.5 * MIN_WIDTH_PX;
    for l in lobes {
        let (ao, bo) = (l.a * scale, l.b * scale);
        let (aw, bw) = (ao.max(half_min), bo.max(half_min));
        l.cx = ((f64::from(l.cx) - view.x0) * view.scale) as f32;
        l.cy = ((f64::from(l.cy) - view.y0) * view.scale) as f32;
        l.peak *= limit * (ao * bo) / (aw * bw);
        l.a = aw;
        l.b = bw;
    }
}

/// The lobes of dot `c` (of size and darkness factors `size`, `tone`) as seen through `view`;
/// returns how many were written.
#[inline(always)]
fn lobes(
    p: &Profiles,
    c: &Candidate,
    style: &DotStyle,
    (size, tone): (f32, f32),
    view: View,
    out: &mut [Lobe; MAX_LOBES],
) -> usize {
    let h = mix(u64::from(c.key) ^ style.salt);
    let w = style.width * size;
    let shape = |k: u64, e_scale: f32| {
        let hk = mix(h ^ k);
        let e = 1.0 + (style.elongation - 1.0) * e_scale * (0.4 + 1.2 * unit(hk));
        // Image y points down: a direction counter-clockwise on screen is a negative angle here.
        let theta = -(style.direction + style.direction_spread * normal(mix(hk ^ 3)));
        let soft = (style.softness + 0.15 * normal(mix(hk ^ 5))).clamp(0.0, 1.0);
        let level = level_of(soft);
        (e, theta, level)
    };
    // The mean tip's darkening (a Gaussian spot of the style's width and peak), with this dot's
    // size and darkness; its softness only changes how that darkening is spread.
    let tip_mass = tip_mass(style, size, tone) * resolved(style);
    let mut n = 0;
    let mut push = |l: Lobe| {
        if n < MAX_LOBES {
            out[n] = l;
            n += 1;
        }
    };
    // A merged mark: two impressions side by side share the dot's darkening.
    let mut impressions = [(0.0f32, 0.0f32, 1.0f32); 2];
    let mut count = 1;
    if unit(mix(h ^ 20)) < style.merge {
        let angle = std::f32::consts::TAU * unit(mix(h ^ 21));
        let d = w * (0.55 + 0.3 * unit(mix(h ^ 22)));
        let (sin, cos) = sin_cos(angle);
        let (dx, dy) = (0.5 * d * cos, 0.5 * d * sin);
        impressions = [(-dx, -dy, 0.55), (dx, dy, 0.45)];
        count = 2;
    }
    let (wx, wy) = (
        style.wander * normal(mix(h ^ 23)),
        style.wander * normal(mix(h ^ 24)),
    );
    // Seen from far enough that the whole impression fits inside the narrowest lobe drawn, its
    // shape does not show: it is drawn as one round lobe with its darkening (each tip's share
    // as below), which is what the widening in `seen` would make of it anyway.
    let far = (0.5 * w * style.elongation.max(1.0).sqrt() + style.tip_spacing) * view.scale as f32
        <= 0.5 * MIN_WIDTH_PX;
    for (k, &(ox, oy, share)) in impressions[..count].iter().enumerate() {
        let (x, y) = (c.x + wx + ox, c.y + wy + oy);
        if far {
            let tips = style.tips.clamp(1, 3);
            let shares: f32 = if tips == 1 {
                1.0
            } else {
                (0..tips)
                    .map(|t| 0.8 + 0.4 * quarters(mix(h ^ (50 + 7 * k as u64 + t as u64)))[2])
                    .sum()
            };
            let level = level_of(style.softness);
            push(p.lobe(x, y, w, 1.0, 0.0, level, tip_mass * share * shares));
        } else if style.tips <= 1 {
            // One tip: a main lobe and a faint satellite off-centre, which makes the outline
            // irregular and the dot slightly lopsided, as pigment spreads unevenly.
            let hs = mix(h ^ (30 + k as u64));
            let sat = 0.18 + 0.17 * unit(hs);
            let angle = std::f32::consts::TAU * unit(mix(hs ^ 1));
            let d = w * (0.22 + 0.2 * unit(mix(hs ^ 2)));
            let mass = tip_mass * share;
            let (sin, cos) = sin_cos(angle);
            let (e0, theta0, level0) = shape(10, 1.0);
            let group = [
                p.lobe(x, y, w, e0, theta0, level0, mass * (1.0 - sat)),
                p.lobe(
                    x + d * cos,
                    y + d * sin,
                    w * 0.7,
                    e0,
                    theta0,
                    level0,
                    mass * sat,
                ),
            ];
            push_group(&group, p, &mut push);
        } else {
            // A 3RL group: three tips on a small triangle, each a little different.
            let turn = std::f32::consts::TAU * unit(mix(h ^ (40 + k as u64)));
            let r = style.tip_spacing / 3f32.sqrt();
            let mut group = [Lobe::default(); 3];
            let tips = style.tips.min(3);
            for (t, slot) in group.iter_mut().enumerate().take(tips) {
                // The tips never land exactly on a triangle: each sits nearer or farther, a little
                // off its corner, and takes its own share of pigment.
                let ht = mix(h ^ (50 + 7 * k as u64 + t as u64));
                let [u_angle, u_out, u_jitter, u_width] = quarters(ht);
                let angle = turn + std::f32::consts::TAU * t as f32 / 3.0 + 0.45 * (u_angle - 0.5);
                let out = r * (0.6 + 0.8 * u_out);
                let jitter = 0.8 + 0.4 * u_jitter;
                let (e, theta, level) = shape(60 + t as u64, 0.8);
                let (sin, cos) = sin_cos(angle);
                *slot = p.lobe(
                    x + out * cos,
                    y + out * sin,
                    w * (0.9 + 0.2 * u_width),
                    e,
                    theta,
                    level,
                    tip_mass * share * jitter,
                );
            }
            push_group(&group[..tips], p, &mut push);
        }
    }
    if let Some(surface) = &style.surface {
        foreshorten(&mut out[..n], c.x, c.y, surface.squeeze(c.x, c.y));
    }
    seen(&mut out[..n], view, p);
    n
}

/// Pushes a group of lobes (one impression's tips, or a tip and its satellite): as one lobe when
/// they overlap closely enough to be one blot, each on its own otherwise.
#[inline(always)]
fn push_group(group: &[Lobe], p: &Profiles, push: &mut impl FnMut(Lobe)) {
    match merge::merged(group, p) {
        Some(l) => push(l),
        None => group.iter().for_each(|&l| push(l)),
    }
}

/// How far (photo px) the lobes of a dot of `style` can reach from the dot's centre: a part that
/// grows with the dot's size factor and a part that does not.
#[derive(Clone, Copy)]
struct Reach {
    per_size: f32,
    fixed: f32,
    /// The largest size factor a dot can have (its log-normal is cut at two σ, well below this).
    largest: f32,
}

impl Reach {
    fn of(style: &DotStyle) -> Self {
        let p = profiles();
        let widest = style.width * style.elongation.max(1.0).sqrt();
        let radius = 0.5 * widest * p.cutoff[0].sqrt();
        // However small the dot, a lobe is at least the camera's blur wide.
        let floor = 0.5 * MIN_PHOTO_WIDTH_PX * p.cutoff[0].sqrt();
        Reach {
            per_size: radius + widest * 0.9,
            fixed: style.tip_spacing + 4.0 * style.wander + floor,
            largest: 1.0 + 4.0 * style.size_jitter,
        }
    }

    /// The reach of a dot of size factor `size`.
    #[inline(always)]
    fn at(self, size: f32) -> f32 {
        self.per_size * size + self.fixed
    }
}

/// Darkens `cores` (one value per pixel of output rows `row0 .. row0 + rows`, `width` wide) by
/// the dots of `pass`. The lobes of one mark add up (they are one deposit, and so a mark carries the
/// same darkening however finely it is drawn); separate marks combine like layered filters, each
/// pixel's darkness becoming 1 − (1 − d)(1 − d_mark).
#[inline(always)]
pub(super) fn draw(
    cores: &mut [f32],
    width: u32,
    row0: usize,
    rows: usize,
    view: View,
    pass: &Pass<'_>,
) {
    let dots = pass.dots;
    let style = pass.style;
    if dots.points.is_empty() || style.peak <= 0.0 {
        return;
    }
    // The chunk in photo pixels, and the widest margin around it any dot can reach into it from
    // (a lobe widened to the output's narrowest is within two output pixels more).
    let reach = Reach::of(style);
    let slack = 2.0 / view.scale;
    let margin = f64::from(reach.at(reach.largest)) + slack;
    let (top0, bottom0) = (
        view.y0 + row0 as f64 / view.scale,
        view.y0 + (row0 + rows) as f64 / view.scale,
    );
    let (left0, right0) = (view.x0, view.x0 + f64::from(width) / view.scale);
    let (top, bottom, left, right) = (
        top0 - margin,
        bottom0 + margin,
        left0 - margin,
        right0 + margin,
    );
    let bh = f64::from(dots.band_height);
    let first = (top / bh).floor().max(0.0) as usize;
    let last = ((bottom / bh).floor().max(0.0) as usize).min(dots.band_count().saturating_sub(1));
    let p = profiles();
    let variation = Variation::of(style);
    let mut lobe_buf = [Lobe::default(); MAX_LOBES];
    let mut mark = Mark::default();
    for k in first..=last.max(first) {
        if k >= dots.band_count() {
            break;
        }
        for c in dots.band(k) {
            let (x, y) = (f64::from(c.x), f64::from(c.y));
            if y < top || y > bottom || x < left || x > right {
                continue;
            }
            // Most dots in the margin reach less far than the largest could: their setup is
            // the costly part, so they are passed over on their own reach first.
            let (size, tone) = variation.size_and_tone(c);
            let m = f64::from(reach.at(size)) + slack;
            if y + m < top0 || y - m > bottom0 || x + m < left0 || x - m > right0 {
                continue;
            }
            let n = lobes(p, c, style, (size, tone), view, &mut lobe_buf);
            let clip = Clip {
                width: i64::from(width),
                row0: row0 as i64,
                rows: rows as i64,
            };
            if n == 1 {
                // A mark of one lobe goes straight into the chunk.
                let (x0, x1, y0, y1) = extent(&lobe_buf[0], p);
                let bounds = (
                    x0.max(0),
                    x1.min(clip.width - 1),
                    y0.max(clip.row0),
                    y1.min(clip.row0 + clip.rows - 1),
                );
                let target = Target {
                    cells: cores,
                    x0: 0,
                    y0: clip.row0,
                    cols: width as usize,
                };
                // `seen` keeps a lone lobe's peak within MAX_PEAK.
                stamp(&lobe_buf[0], p, target, bounds, |cell, d| {
                    *cell += d - *cell * d;
                });
            } else if mark.start(&lobe_buf[..n], p, clip) {
                for l in &lobe_buf[..n] {
                    mark.add(l, p);
                }
                mark.combine_into(cores, width as usize, row0);
            }
        }
    }
}

#[cfg(test)]
mod tests;
