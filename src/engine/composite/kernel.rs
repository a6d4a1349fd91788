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

use std::sync::OnceLock;

use crate::engine::optics::DotStyle;
use crate::engine::pattern::{Candidate, Candidates};
use crate::engine::rng::mix;

use super::variate::{Spread, normal, quarters, sin_cos, unit};

mod merge;
use crate::engine::units::View;

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

fn beta(level: usize) -> f32 {
    BETA_SOFT + (BETA_CRISP - BETA_SOFT) * level as f32 / (BETA_LEVELS - 1) as f32
}

/// Where the profile of exponent β falls to [`CUTOFF`]: q such that ln 2 · q^β = −ln CUTOFF.
fn q_cutoff(beta: f32) -> f32 {
    (-CUTOFF.ln() / std::f32::consts::LN_2).powf(1.0 / beta)
}

/// Γ(x) for x > 0 (shifted Stirling series; ample for normalising lobes).
fn gamma(x: f64) -> f64 {
    let mut shift = 1.0;
    let mut z = x;
    while z < 8.0 {
        shift *= z;
        z += 1.0;
    }
    let series = 1.0 + 1.0 / (12.0 * z) + 1.0 / (288.0 * z * z) - 139.0 / (51840.0 * z * z * z);
    (2.0 * std::f64::consts::PI / z).sqrt() * (z / std::f64::consts::E).powf(z) * series / shift
}

/// The profile of every β level, sampled in q, and each level's area factor: a lobe of peak p and
/// half-darkness radii a, b carries a darkening of p · a · b · area.
struct Profiles {
    values: Vec<Vec<f32>>,
    area: [f32; BETA_LEVELS],
    cutoff: [f32; BETA_LEVELS],
    /// Each level's second moment along an axis, in units of the half-darkness radius squared:
    /// a lobe of radii a, b spreads its darkness with variances `moment · a²` and `moment · b²`.
    moment: [f32; BETA_LEVELS],
    /// `moment / area` of each level, for matching a merged lobe's peak.
    peak_ratio: [f32; BETA_LEVELS],
}

fn profiles() -> &'static Profiles {
    static TABLE: OnceLock<Profiles> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut values = Vec::with_capacity(BETA_LEVELS);
        let mut area = [0.0; BETA_LEVELS];
        let mut cutoff = [0.0; BETA_LEVELS];
        let mut moment = [0.0; BETA_LEVELS];
        for level in 0..BETA_LEVELS {
            let b = beta(level);
            let qc = q_cutoff(b);
            let n = (qc * STEPS).ceil() as usize + 2;
            values.push(
                (0..n)
                    .map(|i| (-std::f32::consts::LN_2 * (i as f32 / STEPS).powf(b)).exp())
                    .collect(),
            );
            let b64 = f64::from(b);
            area[level] = (std::f64::consts::PI * gamma(1.0 + 1.0 / b64)
                / std::f64::consts::LN_2.powf(1.0 / b64)) as f32;
            cutoff[level] = qc;
            // E[x²] = E[r²] / 2 for exp(−ln 2 · q^β) with q = r².
            moment[level] = (gamma(2.0 / b64)
                / (2.0 * gamma(1.0 / b64) * std::f64::consts::LN_2.powf(1.0 / b64)))
                as f32;
        }
        let peak_ratio = std::array::from_fn(|k| moment[k] / area[k]);
        Profiles {
            values,
            area,
            cutoff,
            moment,
            peak_ratio,
        }
    })
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

/// A lobe of darkening `mass` (photo px²), half-darkness width `w` (photo px), aspect `e`, angle
/// `theta` and profile level, centred at (x, y) photo pixels, at native size.
#[allow(clippy::too_many_arguments)]
fn lobe(x: f32, y: f32, w: f32, e: f32, theta: f32, level: usize, mass: f32) -> Lobe {
    let p = profiles();
    let (sin, cos) = sin_cos(theta);
    let half_min = 0.5 * MIN_PHOTO_WIDTH_PX;
    let root = e.sqrt();
    let (a, b) = (
        (0.5 * w * root).max(half_min),
        (0.5 * w / root).max(half_min),
    );
    Lobe {
        cx: x,
        cy: y,
        a,
        b,
        cos,
        sin,
        peak: mass / (a * b * p.area[level]),
        level,
    }
}

/// The darkness of lobe `l` at (x, y), same units as its centre.
fn profile_at(l: &Lobe, x: f32, y: f32, p: &Profiles) -> f32 {
    let (dx, dy) = (x - l.cx, y - l.cy);
    let u = dx * l.cos - dy * l.sin;
    let v = dx * l.sin + dy * l.cos;
    let q = u * u / (l.a * l.a) + v * v / (l.b * l.b);
    if q >= p.cutoff[l.level] {
        return 0.0;
    }
    let t = q * STEPS;
    let i = t as usize;
    let table = &p.values[l.level];
    l.peak * (table[i] + (table[i + 1] - table[i]) * (t - i as f32))
}

/// Turns a mark's native lobes into what `view` shows. A mark is never darker than black at its
/// native size (its lobes are scaled down together if their sum would be); then each lobe is seen
/// at the output scale, widened to [`MIN_WIDTH_PX`] with its darkness spread to match. Both steps
/// keep what the mark carries the same at every scale.
fn seen(lobes: &mut [Lobe], view: View) {
    let p = profiles();
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

/// The lobes of dot `c` as seen through `view`; returns how many were written.
fn lobes(
    c: &Candidate,
    style: &DotStyle,
    variation: &Variation,
    view: View,
    out: &mut [Lobe; MAX_LOBES],
) -> usize {
    let h = mix(u64::from(c.key) ^ style.salt);
    let (size, tone) = variation.size_and_tone(c);
    let w = style.width * size;
    let shape = |k: u64, e_scale: f32| {
        let hk = mix(h ^ k);
        let e = 1.0 + (style.elongation - 1.0) * e_scale * (0.4 + 1.2 * unit(hk));
        // Image y points down: a direction counter-clockwise on screen is a negative angle here.
        let theta = -(style.direction + style.direction_spread * normal(mix(hk ^ 3)));
        let soft = (style.softness + 0.15 * normal(mix(hk ^ 5))).clamp(0.0, 1.0);
        let level = (((1.0 - soft) * (BETA_LEVELS - 1) as f32 + 0.5) as usize).min(BETA_LEVELS - 1);
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
    for (k, &(ox, oy, share)) in impressions[..count].iter().enumerate() {
        let (x, y) = (c.x + wx + ox, c.y + wy + oy);
        if style.tips <= 1 {
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
                lobe(x, y, w, e0, theta0, level0, mass * (1.0 - sat)),
                lobe(
                    x + d * cos,
                    y + d * sin,
                    w * 0.7,
                    e0,
                    theta0,
                    level0,
                    mass * sat,
                ),
            ];
            push_group(&group, &mut push);
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
                *slot = lobe(
                    x + out * cos,
                    y + out * sin,
                    w * (0.9 + 0.2 * u_width),
                    e,
                    theta,
                    level,
                    tip_mass * share * jitter,
                );
            }
            push_group(&group[..tips], &mut push);
        }
    }
    seen(&mut out[..n], view);
    n
}

/// Pushes a group of lobes (one impression's tips, or a tip and its satellite): as one lobe when
/// they overlap closely enough to be one blot, each on its own otherwise.
fn push_group(group: &[Lobe], push: &mut impl FnMut(Lobe)) {
    match merge::merged(group, profiles()) {
        Some(l) => push(l),
        None => group.iter().for_each(|&l| push(l)),
    }
}

/// How far (photo px) any lobe of a dot of `style` can reach from the dot's centre.
fn reach(style: &DotStyle) -> f32 {
    let p = profiles();
    let widest = style.width * (1.0 + 4.0 * style.size_jitter) * style.elongation.max(1.0).sqrt();
    let radius = 0.5 * widest * p.cutoff[0].sqrt();
    radius + style.tip_spacing + widest * 0.9 + 4.0 * style.wander
}

/// Darkens `cores` (one value per pixel of output rows `row0 .. row0 + rows`, `width` wide) by
/// the dots of `pass`. The lobes of one mark add up (they are one deposit, and so a mark carries the
/// same darkening however finely it is drawn); separate marks combine like layered filters, each
/// pixel's darkness becoming 1 − (1 − d)(1 − d_mark).
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
    let margin = f64::from(reach(style)) + 2.0 / view.scale;
    let top = view.y0 + row0 as f64 / view.scale - margin;
    let bottom = view.y0 + (row0 + rows) as f64 / view.scale + margin;
    let left = view.x0 - margin;
    let right = view.x0 + f64::from(width) / view.scale + margin;
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
            let n = lobes(c, style, &variation, view, &mut lobe_buf);
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

/// A grid of cells a lobe is drawn into: `cols` wide, its first cell at output pixel (x0, y0).
struct Target<'a> {
    cells: &'a mut [f32],
    x0: i64,
    y0: i64,
    cols: usize,
}

/// Draws lobe `l` into `target` within `bounds` (x0, x1, y0, y1, inclusive output pixels, inside
/// the target), combining each pixel's darkness with `op`. Each row visits only the pixels inside
/// the lobe's cut-off ellipse: `q` is a quadratic in the column, so the span where it stays below
/// the cut-off is solved for directly (a pixel wider each side, then tested per pixel), and `q`
/// is stepped along the row by its differences.
fn stamp(
    l: &Lobe,
    p: &Profiles,
    target: Target<'_>,
    bounds: (i64, i64, i64, i64),
    op: impl Fn(&mut f32, f32),
) {
    let (bx0, bx1, y0, y1) = bounds;
    if bx1 < bx0 {
        return;
    }
    let qc = p.cutoff[l.level];
    let table = &p.values[l.level];
    let last = table.len() - 2;
    let (ia2, ib2) = (1.0 / (l.a * l.a), 1.0 / (l.b * l.b));
    // q = qa·dx² + 2·qb·dy·dx + qy·dy², from u = dx·cos − dy·sin and v = dx·sin + dy·cos.
    let qa = l.cos * l.cos * ia2 + l.sin * l.sin * ib2;
    let qb = l.cos * l.sin * (ib2 - ia2);
    let qy = l.sin * l.sin * ia2 + l.cos * l.cos * ib2;
    let inv_qa = 1.0 / qa;
    let centre = l.cx - 0.5;
    for y in y0..=y1 {
        let dy = y as f32 + 0.5 - l.cy;
        let (b, c) = (qb * dy, qy * dy * dy);
        let disc = b * b - qa * (c - qc);
        if disc <= 0.0 {
            continue;
        }
        let root = disc.sqrt();
        let x0 = floor_i(centre + (-b - root) * inv_qa).max(bx0);
        let x1 = (floor_i(centre + (-b + root) * inv_qa) + 1).min(bx1);
        if x1 < x0 {
            continue;
        }
        let row = (y - target.y0) as usize * target.cols;
        let first = row + (x0 - target.x0) as usize;
        let cells = &mut target.cells[first..=first + (x1 - x0) as usize];
        let dx = x0 as f32 + 0.5 - l.cx;
        let mut q = (qa * dx + 2.0 * b) * dx + c;
        let mut step = qa * (2.0 * dx + 1.0) + 2.0 * b;
        for cell in cells {
            if q < qc {
                // The table is fine enough (1/256 of q) for the nearest entry.
                let i = ((q.max(0.0) * STEPS + 0.5) as usize).min(last);
                op(cell, l.peak * table[i]);
            }
            q += step;
            step += 2.0 * qa;
        }
    }
}

/// The output pixels a chunk covers.
#[derive(Clone, Copy)]
struct Clip {
    width: i64,
    row0: i64,
    rows: i64,
}

/// One mark's darkness over its bounding box, summed from its lobes.
#[derive(Default)]
struct Mark {
    x0: i64,
    y0: i64,
    cols: usize,
    rows: usize,
    values: Vec<f32>,
}

/// A lobe's extent in output pixels: (x0, x1, y0, y1), inclusive.
fn extent(l: &Lobe, p: &Profiles) -> (i64, i64, i64, i64) {
    let r = p.cutoff[l.level].sqrt();
    let (c2, s2) = (l.cos * l.cos, l.sin * l.sin);
    let ex = r * (l.a * l.a * c2 + l.b * l.b * s2).sqrt();
    let ey = r * (l.a * l.a * s2 + l.b * l.b * c2).sqrt();
    (
        -floor_i(-(l.cx - ex - 0.5)),
        floor_i(l.cx + ex - 0.5),
        -floor_i(-(l.cy - ey - 0.5)),
        floor_i(l.cy + ey - 0.5),
    )
}

/// ⌊v⌋ without a libm call (the default x86-64 target has no rounding instruction).
#[inline]
fn floor_i(v: f32) -> i64 {
    let t = v as i64;
    if (t as f32) > v { t - 1 } else { t }
}

impl Mark {
    /// Sizes the mark's box to its lobes, clipped to the chunk; false if nothing shows.
    fn start(&mut self, lobes: &[Lobe], p: &Profiles, clip: Clip) -> bool {
        let (mut x0, mut x1, mut y0, mut y1) = (i64::MAX, i64::MIN, i64::MAX, i64::MIN);
        for l in lobes {
            let (a, b, c, d) = extent(l, p);
            (x0, x1, y0, y1) = (x0.min(a), x1.max(b), y0.min(c), y1.max(d));
        }
        let (x0, x1) = (x0.max(0), x1.min(clip.width - 1));
        let (y0, y1) = (y0.max(clip.row0), y1.min(clip.row0 + clip.rows - 1));
        if x1 < x0 || y1 < y0 {
            return false;
        }
        self.x0 = x0;
        self.y0 = y0;
        self.cols = (x1 - x0 + 1) as usize;
        self.rows = (y1 - y0 + 1) as usize;
        self.values.clear();
        self.values.resize(self.cols * self.rows, 0.0);
        true
    }

    /// Adds one lobe's darkness.
    fn add(&mut self, l: &Lobe, p: &Profiles) {
        let (ex0, ex1, ey0, ey1) = extent(l, p);
        let bounds = (
            ex0.max(self.x0),
            ex1.min(self.x0 + self.cols as i64 - 1),
            ey0.max(self.y0),
            ey1.min(self.y0 + self.rows as i64 - 1),
        );
        let target = Target {
            cells: &mut self.values,
            x0: self.x0,
            y0: self.y0,
            cols: self.cols,
        };
        stamp(l, p, target, bounds, |cell, d| *cell += d);
    }

    /// Combines the mark with the darkness already in `cores`.
    fn combine_into(&self, cores: &mut [f32], width: usize, row0: usize) {
        for r in 0..self.rows {
            let out = (self.y0 as usize + r - row0) * width + self.x0 as usize;
            let src = &self.values[r * self.cols..(r + 1) * self.cols];
            for (cell, &d) in cores[out..out + self.cols].iter_mut().zip(src) {
                let d = d.min(MAX_PEAK);
                *cell += d - *cell * d;
            }
        }
    }
}

#[cfg(test)]
mod tests;
