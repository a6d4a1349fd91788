//! The default scar camouflage: over a scar, a scar layer places as many dots, of a shade as deep,
//! as make the treated scar read at viewing size as the treated scalp around it.
//!
//! Scar tissue is lighter than the scalp around it and keeps less pigment, so practitioners put
//! more density and a slightly deeper shade over it. Here the scar's lightness is measured on the
//! photo ([`ScarLight`]: bare skin in the scar against bare skin in a ring around it), the
//! darkening the other layers give around the scar and inside it is worked out from their
//! settings, and the scar layer is given the shade that makes a dot in the scar as dark as a dot of
//! its own shade on the scalp around, then the density that closes the rest of the gap
//! ([`camouflaged`]). Its dots take the direction of the dots around, as stubble there lies.

use image::RgbImage;

use crate::engine::geometry::{Mask, Point, Scar, ScarShape};
use crate::engine::hair::HairMask;
use crate::engine::optics::{
    CORE_WEIGHTS, HAZE_WEIGHTS, SkinOptics, darkening_mm2, matching_dilution, stage_haze_share,
};
use crate::engine::pattern::{DensityAt, MAX_DENSITY};
use crate::engine::project::{Layer, Project, ScalpView};
use crate::engine::skin::sample_auto;

use super::cache::{DensityField, FieldCache};

/// How far around a strip or round scar its surroundings are looked at, mm beyond its edge.
const RING_MM: f32 = 6.0;
/// Cells of the masks the scar's zones are told by, mm.
const CELL_MM: f64 = 0.5;
/// About this many probe points are looked at over the photo.
const PROBES: f64 = 120_000.0;
/// The lightness measured is held to this range (a scar is rarely more than twice as light).
const LIFT_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// How much lighter each scar is than the scalp around it, read from a view's photo. The default
/// has nothing measured: every scar as light as the scalp around it, on fair skin.
#[derive(Clone, Debug, PartialEq)]
pub struct ScarLight {
    /// (layer index, the scar's bare-skin luminance over the surroundings', the surroundings'
    /// skin colour in linear light).
    scars: Vec<(usize, f32, [f32; 3])>,
    /// How well the client's skin shows pigment (1 on fair skin).
    visibility: f32,
}

impl Default for ScarLight {
    fn default() -> Self {
        ScarLight {
            scars: Vec::new(),
            visibility: 1.0,
        }
    }
}

impl ScarLight {
    /// Measures every camouflaged scar of `project`'s current view on its `photo`: bare skin (no
    /// hair, shine or shadow) in the scar against bare skin around it. `optics` are the skin's.
    pub fn measure(
        project: &Project,
        photo: &RgbImage,
        hair: Option<&HairMask>,
        optics: &SkinOptics,
    ) -> ScarLight {
        let view = project.view();
        let (w, h) = photo.dimensions();
        let ppm = view.scale.px_per_mm;
        let scars = view
            .layers
            .iter()
            .enumerate()
            .filter(|(_, l)| l.scar.as_ref().is_some_and(|s| s.camouflage))
            .filter_map(|(index, layer)| {
                let field = DensityField::new(layer, w, h, ppm);
                let zones = Zones::new(layer, field.mask(), w, h, ppm)?;
                let inside = sample_auto(photo, |x, y| zones.weight_in(x, y), hair)?;
                let around = sample_auto(photo, |x, y| zones.weight_around(x, y), hair)?;
                let lift = inside.tone.luminance() / around.tone.luminance().max(1e-4);
                Some((
                    index,
                    lift.clamp(*LIFT_RANGE.start(), *LIFT_RANGE.end()),
                    around.tone.linear(),
                ))
            })
            .collect();
        ScarLight {
            scars,
            visibility: optics.visibility,
        }
    }

    /// The measured lightness of layer `index`'s scar and the skin around it (none measured: as
    /// light as the scalp around, of a mid skin colour).
    fn of(&self, index: usize) -> (f32, [f32; 3]) {
        self.scars
            .iter()
            .find(|(i, ..)| *i == index)
            .map_or((1.0, [0.45, 0.3, 0.22]), |(_, lift, skin)| (*lift, *skin))
    }
}

/// Where a scar is and where the scalp around it is, on masks of the photo.
struct Zones<'a> {
    /// The layer's coverage (its region, the scar's area and any hairline).
    field: &'a Mask,
    /// The scar's area and the ring around it (None for a region scar: the rest of the photo).
    area: Option<(Mask, Mask)>,
}

impl<'a> Zones<'a> {
    fn new(layer: &Layer, field: &'a Mask, w: u32, h: u32, ppm: f64) -> Option<Self> {
        let scar = layer.scar.as_ref()?;
        let cell = (CELL_MM * ppm).max(1.0) as f32;
        let ppm = ppm as f32;
        let area = match scar.shape {
            ScarShape::Region => None,
            _ => Some((
                scar.area(w, h, ppm, cell, 0.0)?,
                scar.area(w, h, ppm, cell, RING_MM)?,
            )),
        };
        Some(Zones { field, area })
    }

    fn inside(&self, x: f32, y: f32) -> bool {
        self.field.sample(x, y) >= 0.5
    }

    fn around(&self, x: f32, y: f32) -> bool {
        match &self.area {
            Some((scar, ring)) => scar.sample(x, y) < 0.02 && ring.sample(x, y) >= 0.5,
            None => self.field.sample(x, y) < 0.02,
        }
    }

    /// The scar's core, clear of its soft edge, where its own lightness shows.
    fn weight_in(&self, x: u32, y: u32) -> f32 {
        let (x, y) = (x as f32 + 0.5, y as f32 + 0.5);
        let scar = self
            .area
            .as_ref()
            .map_or(1.0, |(scar, _)| scar.sample(x, y));
        f32::from(u8::from(self.field.sample(x, y) >= 0.5 && scar >= 0.9))
    }

    fn weight_around(&self, x: u32, y: u32) -> f32 {
        f32::from(u8::from(self.around(x as f32 + 0.5, y as f32 + 0.5)))
    }

    /// Probe points in the scar and around it, on a regular grid.
    fn probes(&self, w: u32, h: u32, ppm: f64) -> (Vec<Point>, Vec<Point>) {
        let step = (CELL_MM * ppm)
            .max((f64::from(w) * f64::from(h) / PROBES).sqrt())
            .max(1.0) as f32;
        let (mut inside, mut around) = (Vec::new(), Vec::new());
        let mut y = step / 2.0;
        while y < h as f32 {
            let mut x = step / 2.0;
            while x < w as f32 {
                if self.inside(x, y) {
                    inside.push([x, y]);
                } else if self.around(x, y) {
                    around.push([x, y]);
                }
                x += step;
            }
            y += step;
        }
        (inside, around)
    }
}

/// Layer `index` of `project`'s current view as the default camouflage draws it: over its scar,
/// the density and shade that make the treated scar as bright at viewing size as the treated scalp
/// around it, and the dots' direction of the first other layer drawn there. None when the layer
/// has no camouflaged scar, or no part of it shows.
pub(super) fn camouflaged(
    project: &Project,
    index: usize,
    light: &ScarLight,
    fields: &mut FieldCache,
    (w, h): (u32, u32),
) -> Option<Layer> {
    let view = project.view();
    let layer = view.layers.get(index)?;
    let scar = layer.scar.as_ref().filter(|s| s.camouflage)?;
    let ppm = view.scale.px_per_mm;
    let field = fields.field(layer, w, h, ppm);
    let zones = Zones::new(layer, field.mask(), w, h, ppm)?;
    let (inside, around) = zones.probes(w, h, ppm);
    if inside.is_empty() {
        return None;
    }
    let stage = project.stage;
    let kept = scar.retention.max(1e-3).sqrt();
    let survive = survival(scar, &inside, ppm as f32, layer.seed);
    let others = surroundings(project, index);
    // The darkening (mm² of fully darkened skin per mm²) the other layers give around and inside.
    let mut darkening = |points: &[Point]| -> f32 {
        others
            .iter()
            .map(|l| {
                let field = fields.field(l, w, h, ppm);
                let per_dot = darkening_mm2(l.shape.needle, l.dot_mm, l.dilution, stage, 1.0);
                mean(points, |p| field.density_at(p[0], p[1])) / 100.0 * per_dot
            })
            .sum()
    };
    let (target, under) = if others.is_empty() {
        // Nothing around: the layer's own settings are the treatment the scar should read as.
        let own = darkening_mm2(layer.shape.needle, layer.dot_mm, layer.dilution, stage, 1.0);
        (layer.density / 100.0 * own, 0.0)
    } else {
        (darkening(&around), darkening(&inside))
    };
    let (lift, skin) = light.of(index);
    let optics = Optics {
        skin,
        visibility: light.visibility.clamp(0.05, 1.0),
        haze: stage_haze_share(stage),
    };
    let needed = optics.extra_darkening(target, under, lift);
    let dilution = matching_dilution(layer.dilution, scar.retention, 1.0, lift);
    let per_dot = darkening_mm2(layer.shape.needle, layer.dot_mm, dilution, stage, kept);
    let density = (100.0 * needed / (survive * per_dot).max(1e-6)).clamp(0.0, MAX_DENSITY as f32);
    let mut out = Layer {
        density,
        dilution,
        ..layer.clone()
    };
    if let Some(around) = others.first() {
        out.shape.direction_deg = around.shape.direction_deg;
        out.shape.direction_spread_deg = around.shape.direction_spread_deg;
        out.shape.elongation = around.shape.elongation;
    }
    Some(out)
}

/// The other layers whose dots lie around and over layer `index`'s scar: shown, with dots, and no
/// scar of their own.
fn surroundings(project: &Project, index: usize) -> Vec<Layer> {
    let view: &ScalpView = project.view();
    let shown = project.shown_session();
    view.layers
        .iter()
        .enumerate()
        .filter(|(k, l)| {
            *k != index && l.visible && l.density > 0.0 && l.session <= shown && l.scar.is_none()
        })
        .map(|(_, l)| l.clone())
        .collect()
}

/// The share of the layer's dots that take in the scar (see `keep_off_hair_and_scar`).
fn survival(scar: &Scar, inside: &[Point], ppm: f32, seed: u64) -> f32 {
    let root = scar.retention.max(1e-3).sqrt();
    mean(inside, |p| {
        (scar.retention_at(p[0], p[1], ppm, seed) / root).min(1.0)
    })
    .max(0.02)
}

fn mean(points: &[Point], f: impl Fn(Point) -> f32) -> f32 {
    if points.is_empty() {
        return 0.0;
    }
    points.iter().map(|&p| f64::from(f(p))).sum::<f64>() as f32 / points.len() as f32
}

/// What the compositor makes of darkening spread evenly over skin, at viewing size.
struct Optics {
    /// The skin's colour, linear.
    skin: [f32; 3],
    visibility: f32,
    /// Share of the darkening in the haze rather than the cores.
    haze: f32,
}

impl Optics {
    /// Luminance of the skin under `d` mm² of fully darkened skin per mm², relative to the bare
    /// skin: the cores (scattered spots, `1 − e^−d` of the area on average) and the haze (the
    /// compositor's `1 − e^−d`, thin haze taking mostly red), per channel.
    fn remaining(&self, d: f32) -> f32 {
        let core = 1.0 - (-d * (1.0 - self.haze)).exp();
        let dh = 1.0 - (-d * self.haze).exp();
        let v = self.visibility;
        let mut out = 0.0;
        let mut bare = 0.0;
        for (ch, weight) in [0.2126f32, 0.7152, 0.0722].into_iter().enumerate() {
            let haze_weight = HAZE_WEIGHTS[ch] + (1.0 - HAZE_WEIGHTS[ch]) * dh;
            let t = (1.0 - v * CORE_WEIGHTS[ch] * core) * (1.0 - v * haze_weight * dh);
            out += weight * self.skin[ch] * t;
            bare += weight * self.skin[ch];
        }
        out / bare.max(1e-6)
    }

    /// The darkening to add over a scar `lift` times as light as the scalp around it, already
    /// darkened by `under`, so that it ends as bright as the scalp around under `target`.
    fn extra_darkening(&self, target: f32, under: f32, lift: f32) -> f32 {
        let goal = self.remaining(target) / lift.max(1e-3);
        if self.remaining(under) <= goal {
            return 0.0;
        }
        let (mut lo, mut hi) = (0.0f32, 30.0f32);
        if self.remaining(under + hi) > goal {
            return hi;
        }
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if self.remaining(under + mid) > goal {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::colour::{linear_luminance, to_linear};

    #[test]
    fn a_lighter_scar_needs_more_darkening_and_an_even_one_none() {
        let optics = Optics {
            skin: [0.6, 0.4, 0.3].map(|v: f32| to_linear((v * 255.0) as u8)),
            visibility: 1.0,
            haze: 0.82,
        };
        assert_eq!(optics.extra_darkening(0.5, 0.5, 1.0), 0.0);
        let light = optics.extra_darkening(0.5, 0.5, 1.5);
        assert!(light > 0.2, "{light}");
        let lum = |d| optics.remaining(d);
        assert!((1.5 * lum(0.5 + light) - lum(0.5)).abs() < 1e-3);
        // Nothing under the scar yet: it needs the surroundings' darkening and more.
        assert!(optics.extra_darkening(0.5, 0.0, 1.5) > light + 0.4);
        assert!(linear_luminance(optics.skin) > 0.0);
    }
}
