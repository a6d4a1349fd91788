//! Which dots of each layer show: the pattern thresholded by the layer's density field, sessions
//! continuing one another, hair and scar tissue taken out.

use crate::engine::anatomy::Surface;
use crate::engine::hair::HairMask;
use crate::engine::optics::{self, DotStyle};
use crate::engine::pattern::{self, Candidate, Candidates, DensityAt};
use crate::engine::pigment::Stage;
use crate::engine::project::{Layer, Project};
use crate::engine::rng::{mix, unit_of};

use super::cache::{DensityField, FieldCache, PatternCache};

/// Works out the visible dots of every visible layer of the project's current view, reusing
/// cached candidates and regions. `hair` is the hair detected in the photo, needed only when a
/// layer keeps its pigment off hair ([`Project::needs_hair`](crate::engine::project::ScalpView::needs_hair)).
///
/// Sessions: layers after the shown session are left out. Layers that share a seed continue one
/// pattern in session order, so a later session's dots are the next ones in the blue-noise order:
/// they fill the gaps between the earlier dots instead of landing on them.
pub fn layer_dots_cached(
    project: &Project,
    width: u32,
    height: u32,
    hair: Option<&HairMask>,
    patterns: &mut PatternCache,
    fields: &mut FieldCache,
) -> Vec<(usize, LayerDots)> {
    let view = project.view();
    let ppm = view.scale.px_per_mm;
    let surface = view.head.map(|h| h.surface(ppm));
    let shown = project.shown_session();
    let layers = &view.layers;
    // Each layer's place in its pattern: (session, index) order among layers sharing its seed.
    let earlier = |index: usize| -> Vec<usize> {
        let me = &layers[index];
        (0..layers.len())
            .filter(|&k| {
                let other = &layers[k];
                other.seed == me.seed && (other.session, k) < (me.session, index)
            })
            .collect()
    };
    (0..layers.len())
        .filter(|&index| {
            let l = &layers[index];
            l.visible && l.density > 0.0 && l.session <= shown
        })
        .map(|index| {
            let layer = &layers[index];
            let below: Vec<DensityField> = earlier(index)
                .into_iter()
                .map(|k| fields.field(&layers[k], width, height, ppm))
                .collect();
            let own = fields.field(layer, width, height, ppm);
            let set =
                f64::from(layer.density) + below.iter().map(|f| f64::from(f.density)).sum::<f64>();
            // On a head the photo shows up to 1 / cos θ more dots per cm² towards the rim.
            let cap = surface.map_or(set, |s| set * f64::from(s.max_density_factor()));
            let all = patterns.candidates(layer.seed, ppm, width, height, cap);
            let stacked = Stacked {
                below,
                own,
                surface,
            };
            let mut dots = select_between(&all, &stacked);
            let avoid = if layer.avoid_hair { hair } else { None };
            if avoid.is_some() || layer.scar.is_some() {
                retain(&mut dots, |c| {
                    if avoid.is_some_and(|h| h.is_hair(c.x, c.y)) {
                        return false;
                    }
                    match &layer.scar {
                        Some(scar) => {
                            let r = scar.retention_at(c.x, c.y, ppm as f32, layer.seed);
                            // Kept with probability r / √retention; the survivors carry √retention
                            // of the pigment (see `style`), so the scar keeps r on average.
                            let keep = r / scar.retention.max(1e-3).sqrt();
                            unit_of(mix(u64::from(c.key) ^ 0x5CA2_7155)) < f64::from(keep)
                        }
                        None => true,
                    }
                });
            }
            let stage = if layer.session < shown && project.stage == Stage::Fresh {
                // The day after session n, the earlier sessions' dots have long healed.
                Stage::Healed
            } else {
                project.stage
            };
            let mut style = style(layer, stage, ppm);
            style.surface = surface;
            (index, LayerDots { dots, style })
        })
        .collect()
}

/// A layer's density on top of the layers before it in the same pattern, as the photo shows it.
struct Stacked {
    below: Vec<DensityField>,
    own: DensityField,
    /// The head the scalp is on: its density (per cm² of scalp) shows 1 / cos θ denser in the
    /// photo where the scalp turns away, and stops just past the outline.
    surface: Option<Surface>,
}

impl Stacked {
    /// The density already used by earlier layers and the density up to which this layer shows,
    /// per cm² of photo at the scale of the head's centre. The pattern's candidates end at
    /// [`pattern::MAX_DENSITY`], so a density the head raises beyond that shows as that.
    fn range(&self, x: f32, y: f32) -> (f32, f32) {
        let base: f32 = self.below.iter().map(|f| f.density_at(x, y)).sum();
        let top = base + self.own.density_at(x, y);
        match &self.surface {
            None => (base, top),
            Some(s) => {
                let m = s.density_factor(x, y);
                (base * m, top * m)
            }
        }
    }
}

/// The candidates whose threshold lies above the earlier layers' density and within this one's.
fn select_between(all: &Candidates, stacked: &Stacked) -> Candidates {
    struct Top<'a>(&'a Stacked);
    impl DensityAt for Top<'_> {
        fn density_at(&self, x: f32, y: f32) -> f32 {
            self.0.range(x, y).1
        }
    }
    let mut dots = pattern::select(all, &Top(stacked));
    if !stacked.below.is_empty() {
        retain(&mut dots, |c| c.threshold > stacked.range(c.x, c.y).0);
    }
    dots
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
) -> Vec<LayerDots> {
    layer_dots_cached(
        project,
        width,
        height,
        hair,
        cache,
        &mut FieldCache::default(),
    )
    .into_iter()
    .map(|(_, dots)| dots)
    .collect()
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
/// session; 0 at zero density), in layer order.
pub fn dot_counts(
    project: &Project,
    width: u32,
    height: u32,
    hair: Option<&HairMask>,
    cache: &mut PatternCache,
) -> Vec<usize> {
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
        cache,
        &mut FieldCache::default(),
    ) {
        counts[index] = layer.dots.points.len();
    }
    counts
}
