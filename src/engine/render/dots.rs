//! Which dots of each layer show: the pattern thresholded by the layer's density field, sessions
//! continuing one another, hair and scar tissue taken out.

use rayon::prelude::*;

use crate::engine::anatomy::Surface;
use crate::engine::error::Result;
use crate::engine::hair::HairMask;
use crate::engine::optics::{self, DotStyle};
use crate::engine::pattern::{Candidate, Candidates, DensityAt};
use crate::engine::pigment::Stage;
use crate::engine::project::{Layer, Project};
use crate::engine::rng::{mix, unit_of};

use super::budget;
use super::cache::{DensityField, FieldCache, PatternCache};
use super::camouflage::{ScarLight, camouflaged};

/// Works out the visible dots of every visible layer of the project's current view, reusing
/// cached candidates and regions. `hair` is the hair detected in the photo, needed only when a
/// layer keeps its pigment off hair ([`Project::needs_hair`](crate::engine::project::ScalpView::needs_hair)).
///
/// Sessions: layers after the shown session are left out. Layers that share a seed continue one
/// pattern in session order, so a later session's dots are the next ones in the blue-noise order:
/// they fill the gaps between the earlier dots instead of landing on them. Each such group is
/// worked out in one sweep, so the work grows with the number of layers, not with its square.
///
/// Scar layers with the default camouflage get, over their scar, the density and shade that make
/// the treated scar read as the scalp around it (`light`: how light each scar is on the photo; see
/// [`ScarLight`]).
///
/// Fails, placing nothing, when the view's scale or its layers together would place more dots
/// than the photo's budget allows ([`check_scale`](super::check_scale), [`dot_budget`](super::dot_budget)).
pub fn layer_dots_cached(
    project: &Project,
    width: u32,
    height: u32,
    hair: Option<&HairMask>,
    light: &ScarLight,
    patterns: &mut PatternCache,
    fields: &mut FieldCache,
) -> Result<Vec<(usize, LayerDots)>> {
    let view = project.view();
    let ppm = view.scale.px_per_mm;
    budget::check_scale(&view.name, ppm, width, height)?;
    let surface = view.head.map(|h| h.surface(ppm));
    let shown = project.shown_session();
    let wanted = |index: usize| {
        let l = &view.layers[index];
        l.visible && l.density > 0.0 && l.session <= shown
    };
    // Camouflaged scar layers as they are drawn; the others as they are.
    let layers: Vec<std::borrow::Cow<'_, Layer>> = (0..view.layers.len())
        .map(|k| match wanted(k) {
            true => camouflaged(project, k, light, fields, (width, height)).map_or(
                std::borrow::Cow::Borrowed(&view.layers[k]),
                std::borrow::Cow::Owned,
            ),
            false => std::borrow::Cow::Borrowed(&view.layers[k]),
        })
        .collect();
    let mut order: Vec<usize> = (0..layers.len()).collect();
    order.sort_by_key(|&k| (layers[k].seed, layers[k].session, k));
    let mut out = Vec::new();
    let mut total = 0;
    for group in order.chunk_by(|&a, &b| layers[a].seed == layers[b].seed) {
        // The layers after the last one shown change nothing that is drawn.
        let Some(last) = group.iter().rposition(|&k| wanted(k)) else {
            continue;
        };
        let group = &group[..=last];
        let set: f64 = group.iter().map(|&k| f64::from(layers[k].density)).sum();
        // On a head the photo shows up to 1 / cos θ more dots per cm² towards the rim.
        let cap = surface.map_or(set, |s| set * f64::from(s.max_density_factor()));
        let all = patterns.candidates(layers[group[0]].seed, ppm, width, height, cap);
        // The density the group's earlier layers reach at each candidate.
        let mut reached = vec![0f32; all.points.len()];
        for (place, &index) in group.iter().enumerate() {
            let layer = &layers[index];
            if layer.density <= 0.0 {
                continue;
            }
            let field = fields.field(layer, width, height, ppm);
            let Some(mut dots) = advance(
                &all,
                &mut reached,
                &field,
                surface.as_ref(),
                place == 0,
                wanted(index),
            ) else {
                continue;
            };
            keep_off_hair_and_scar(
                &mut dots,
                layer,
                layer.avoid_hair.then_some(hair).flatten(),
                ppm,
            );
            total += dots.points.len();
            budget::check_total(&view.name, total, width, height)?;
            let stage = if layer.session < shown && project.stage == Stage::Fresh {
                // The day after session n, the earlier sessions' dots have long healed.
                Stage::Healed
            } else {
                project.stage
            };
            let mut style = style(layer, stage, ppm);
            style.surface = surface;
            out.push((index, LayerDots { dots, style }));
        }
    }
    out.sort_by_key(|(index, _)| *index);
    Ok(out)
}

/// Adds one layer's density to what its group's earlier layers reached at each candidate; returns
/// the candidates whose threshold falls in what it adds (when `keep`), band structure intact.
/// The first layer of a group also takes candidates where it reaches exactly their threshold
/// from zero, as a lone layer does ([`pattern::select`]).
///
/// On a head (`surface`) a density per cm² of scalp shows 1 / cos θ denser in the photo where the
/// scalp turns away, and stops just past the outline; the candidates end at
/// [`pattern::MAX_DENSITY`], so a density the head raises beyond that shows as that.
fn advance(
    all: &Candidates,
    reached: &mut [f32],
    field: &DensityField,
    surface: Option<&Surface>,
    first: bool,
    keep: bool,
) -> Option<Candidates> {
    let mut slices = Vec::with_capacity(all.band_count());
    let mut rest = reached;
    for k in 0..all.band_count() {
        let (band, after) = rest.split_at_mut(all.bands[k + 1] - all.bands[k]);
        slices.push(band);
        rest = after;
    }
    let per_band: Vec<Vec<Candidate>> = slices
        .into_par_iter()
        .enumerate()
        .map(|(k, reached)| {
            let mut kept = Vec::new();
            for (c, r) in all.band(k).iter().zip(reached.iter_mut()) {
                let below = *r;
                let on_head = surface.map_or(1.0, |s| s.density_factor(c.x, c.y));
                *r = below + field.density_at(c.x, c.y) * on_head;
                if keep && c.threshold <= *r && (first || c.threshold > below) {
                    kept.push(*c);
                }
            }
            kept
        })
        .collect();
    keep.then(|| all.with_bands(per_band))
}

/// Takes out the dots on detected hair (`hair`, when the layer keeps off it) and thins them over
/// the layer's scar as the scar's tissue takes pigment.
fn keep_off_hair_and_scar(dots: &mut Candidates, layer: &Layer, hair: Option<&HairMask>, ppm: f64) {
    if hair.is_none() && layer.scar.is_none() {
        return;
    }
    retain(dots, |c| {
        if hair.is_some_and(|h| h.is_hair(c.x, c.y)) {
            return false;
        }
        match &layer.scar {
            Some(scar) => {
                let r = scar.retention_at(c.x, c.y, ppm as f32, layer.seed);
                // Kept with probability r / √retention; the survivors carry √retention of the
                // pigment (see `style`), so the scar keeps r on average.
                let keep = r / scar.retention.max(1e-3).sqrt();
                unit_of(mix(u64::from(c.key) ^ 0x5CA2_7155)) < f64::from(keep)
            }
            None => true,
        }
    });
}

/// Keeps the dots for which `keep` holds, band structure intact.
fn retain(dots: &mut Candidates, keep: impl Fn(&Candidate) -> bool) {
    let mut points = Vec::with_capacity(dots.points.len());
    let mut bands = Vec::with_capacity(dots.bands.len());
    bands.push(0);
    for k in 0..dots.band_count() {
        points.extend(dots.band(k).iter().filter(|c| keep(c)).copied());
        bands.push(points.len());
    }
    dots.points = points;
    dots.bands = bands;
}

/// A layer's visible dots and how to draw them.
pub struct LayerDots {
    pub dots: Candidates,
    pub style: DotStyle,
}

/// Works out the visible dots of every visible layer.
pub fn layer_dots(
    project: &Project,
    width: u32,
    height: u32,
    hair: Option<&HairMask>,
    cache: &mut PatternCache,
) -> Result<Vec<LayerDots>> {
    let layers = layer_dots_cached(
        project,
        width,
        height,
        hair,
        &ScarLight::default(),
        cache,
        &mut FieldCache::default(),
    )?;
    Ok(layers.into_iter().map(|(_, dots)| dots).collect())
}

/// How `layer`'s dots look at `stage` on a photo of `px_per_mm`.
pub fn style(layer: &Layer, stage: Stage, px_per_mm: f64) -> DotStyle {
    // Dots of later sessions differ slightly (another day, another needle): a touch larger.
    let session_size = 1.0 + 0.04 * (layer.session.saturating_sub(1)) as f32;
    let mut look = layer.look();
    let mut strength = 1.0;
    if let Some(scar) = &layer.scar {
        strength = scar.retention.sqrt();
        look.tone_jitter = look.tone_jitter.max(0.15 + 0.35 * scar.unevenness);
    }
    let salt = layer.seed ^ u64::from(layer.session - 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    optics::dot_style(&look, stage, px_per_mm, strength, session_size, salt)
}

/// Number of dots each layer of the current view places (shown or hidden, whatever the shown
/// session; 0 at zero density), in layer order; `light` as for [`layer_dots_cached`].
pub fn dot_counts(
    project: &Project,
    width: u32,
    height: u32,
    hair: Option<&HairMask>,
    light: &ScarLight,
    cache: &mut PatternCache,
) -> Result<Vec<usize>> {
    let mut all_shown = project.clone();
    all_shown.session = None;
    all_shown
        .view_mut()
        .layers
        .iter_mut()
        .for_each(|l| l.visible = true);
    let mut counts = vec![0; project.view().layers.len()];
    for (index, layer) in layer_dots_cached(
        &all_shown,
        width,
        height,
        hair,
        light,
        cache,
        &mut FieldCache::default(),
    )? {
        counts[index] = layer.dots.points.len();
    }
    Ok(counts)
}
