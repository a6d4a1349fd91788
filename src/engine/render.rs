//! From photo + project to pixels: the one path every output takes (screen preview and export).

use std::sync::Arc;

use image::RgbImage;

use crate::engine::composite::{DotStyle, Pass, Skin, View, composite, resample};
use crate::engine::geometry::Mask;
use crate::engine::hair::{HairMask, HairSettings, detect_hair};
use crate::engine::optics::{self, SkinOptics};
use crate::engine::pattern::{self, Candidate, Candidates, DensityAt};
use crate::engine::pigment::Stage;
use crate::engine::project::{Layer, Project, ScalpView};
use crate::engine::rng::{mix, unit_of};
use crate::engine::skin::{SkinTone, sample_auto};

/// Size of a density-map cell in mm: fine enough for soft brush edges, coarse enough to be quick.
const FIELD_CELL_MM: f64 = 0.5;

/// A layer's density (dots/cm²) over the photo: its setting times its region and hairline coverage.
pub struct DensityField {
    density: f32,
    mask: Arc<Mask>,
}

impl DensityAt for DensityField {
    fn density_at(&self, x: f32, y: f32) -> f32 {
        self.density * self.mask.sample(x, y)
    }
}

impl DensityField {
    /// Rasterises `layer`'s geometry for a `width` × `height` photo at `px_per_mm`.
    pub fn new(layer: &Layer, width: u32, height: u32, px_per_mm: f64) -> Self {
        let cell = (FIELD_CELL_MM * px_per_mm).max(1.0) as f32;
        let ppm = px_per_mm as f32;
        let mut mask = layer.region.rasterise(width, height, ppm, cell);
        if let Some(scar_area) = layer.scar.as_ref().and_then(|s| s.region()) {
            mask.multiply(&scar_area.rasterise(width, height, ppm, cell));
        }
        if let Some(hairline) = &layer.hairline {
            hairline.apply(&mut mask, ppm, layer.seed);
        }
        DensityField {
            density: layer.density,
            mask: Arc::new(mask),
        }
    }

    /// A field from an already rasterised mask (see [`FieldCache`]).
    pub fn with_mask(density: f32, mask: Arc<Mask>) -> Self {
        DensityField { density, mask }
    }

    /// The rasterised coverage.
    pub fn mask(&self) -> &Mask {
        &self.mask
    }

    /// The coverage in [0, 1] at a photo position.
    pub fn coverage(&self, x: f32, y: f32) -> f32 {
        self.mask.sample(x, y)
    }
}

/// Caches the ordered candidates of each seed so that slider changes only re-threshold them.
#[derive(Default)]
pub struct PatternCache {
    entries: Vec<(CacheKey, Arc<Candidates>)>,
}

#[derive(Clone, Copy, PartialEq)]
struct CacheKey {
    seed: u64,
    px_per_mm: u64,
    width: u32,
    height: u32,
}

impl PatternCache {
    /// Candidates of `seed` over the photo, including every threshold up to at least `cap`.
    pub fn candidates(
        &mut self,
        seed: u64,
        px_per_mm: f64,
        width: u32,
        height: u32,
        cap: f64,
    ) -> Arc<Candidates> {
        let key = CacheKey {
            seed,
            px_per_mm: px_per_mm.to_bits(),
            width,
            height,
        };
        if let Some((_, c)) = self.entries.iter().find(|(k, c)| *k == key && c.cap >= cap) {
            return c.clone();
        }
        // On a rebuild (the density went past what was cached) leave headroom so that dragging a
        // slider upwards does not rebuild at every step; the first build takes only what is needed.
        let growing = self.entries.iter().any(|(k, _)| *k == key);
        let cap = (cap * if growing { 1.5 } else { 1.05 }).clamp(10.0, pattern::MAX_DENSITY);
        let fresh = Arc::new(pattern::candidates(seed, px_per_mm, width, height, cap));
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, fresh.clone()));
        if self.entries.len() > 8 {
            self.entries.remove(0);
        }
        fresh
    }
}

/// Keeps each layer's rasterised region while only its density, dot size or shade changes.
#[derive(Default)]
pub struct FieldCache {
    entries: Vec<(FieldKey, Arc<Mask>)>,
}

#[derive(Clone, PartialEq)]
struct FieldKey {
    seed: u64,
    region: crate::engine::geometry::Region,
    hairline: Option<crate::engine::geometry::Hairline>,
    scar: Option<crate::engine::geometry::ScarShape>,
    px_per_mm: u64,
    size: (u32, u32),
}

impl FieldCache {
    /// The density field of `layer`, rasterising its geometry only when that changed.
    pub fn field(
        &mut self,
        layer: &Layer,
        width: u32,
        height: u32,
        px_per_mm: f64,
    ) -> DensityField {
        let key = FieldKey {
            seed: layer.seed,
            region: layer.region.clone(),
            hairline: layer.hairline.clone(),
            scar: layer.scar.as_ref().map(|s| s.shape.clone()),
            px_per_mm: px_per_mm.to_bits(),
            size: (width, height),
        };
        if let Some((_, mask)) = self.entries.iter().find(|(k, _)| *k == key) {
            return DensityField::with_mask(layer.density, Arc::clone(mask));
        }
        let field = DensityField::new(layer, width, height, px_per_mm);
        self.entries.push((key, Arc::clone(&field.mask)));
        if self.entries.len() > 8 {
            self.entries.remove(0);
        }
        field
    }
}

/// Works out the visible dots of every visible layer of the project's current view, reusing
/// cached candidates and regions. `hair` is the hair detected in the photo, needed only when a
/// layer keeps its pigment off hair ([`Project::needs_hair`](crate::engine::project::ScalpView)).
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
    let ppm = project.scale.px_per_mm;
    let shown = project.shown_session();
    let layers = &project.layers;
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
            let cap =
                f64::from(layer.density) + below.iter().map(|f| f64::from(f.density)).sum::<f64>();
            let all = patterns.candidates(layer.seed, ppm, width, height, cap);
            let stacked = Stacked { below, own };
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
            (
                index,
                LayerDots {
                    dots,
                    style: style(layer, stage, ppm),
                },
            )
        })
        .collect()
}

/// A layer's density on top of the layers before it in the same pattern.
struct Stacked {
    below: Vec<DensityField>,
    own: DensityField,
}

impl Stacked {
    /// The density already used by earlier layers and the density up to which this layer shows.
    fn range(&self, x: f32, y: f32) -> (f32, f32) {
        let base: f32 = self.below.iter().map(|f| f.density_at(x, y)).sum();
        (base, base + self.own.density_at(x, y))
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

/// The skin optics of a view's photo: from the tone the practitioner sampled, or else read from the
/// photo's skin-coloured pixels; fair skin when the photo shows none.
pub fn skin_optics(view: &ScalpView, photo: &RgbImage) -> SkinOptics {
    let tone = match view.skin {
        Some(rgb) => Some(SkinTone::from_srgb(rgb)),
        None => sample_auto(photo, |_, _| 1.0, None),
    };
    tone.map_or_else(SkinOptics::default, |t| SkinOptics::for_tone(&t))
}

/// Everything needed to draw one view's mock-up: the dots of its layers and the skin they are in.
pub struct Scene {
    pub layers: Vec<LayerDots>,
    pub optics: SkinOptics,
    pub px_per_mm: f64,
    /// The hair detected in the photo (when a layer keeps off hair): pigment under it is hidden.
    pub hair: Option<Arc<HairMask>>,
}

impl Scene {
    /// The scene of `project`'s current view over `photo` (`hair`: the hair detected in it, needed
    /// only when a layer keeps off hair).
    pub fn new(
        project: &Project,
        photo: &RgbImage,
        hair: Option<Arc<HairMask>>,
        cache: &mut PatternCache,
    ) -> Scene {
        let (w, h) = photo.dimensions();
        Scene {
            layers: layer_dots(project, w, h, hair.as_deref(), cache),
            optics: skin_optics(project, photo),
            px_per_mm: project.scale.px_per_mm,
            hair,
        }
    }

    /// A scene with no dots (the photo as it is).
    pub fn empty() -> Scene {
        Scene {
            layers: Vec::new(),
            optics: SkinOptics::default(),
            px_per_mm: 10.0,
            hair: None,
        }
    }

    /// Composites the scene into `image`, which already shows the photo through `view`.
    pub fn draw(&self, image: &mut RgbImage, view: View) {
        let skin = Skin {
            optics: &self.optics,
            px_per_mm: self.px_per_mm,
            hair: self.hair.as_deref(),
        };
        draw_layers(image, view, &self.layers, skin);
    }
}

/// Composites `layers` into `image`, which already shows the photo through `view`.
pub fn draw_layers(image: &mut RgbImage, view: View, layers: &[LayerDots], skin: Skin<'_>) {
    let passes: Vec<Pass<'_>> = layers
        .iter()
        .map(|l| Pass {
            dots: &l.dots,
            style: &l.style,
        })
        .collect();
    composite(image, view, &passes, skin);
}

/// The mock-up at full resolution (the photo is consumed to save a copy).
pub fn render_full(mut photo: RgbImage, scene: &Scene) -> RgbImage {
    scene.draw(&mut photo, View::FULL);
    photo
}

/// The mock-up of the part of `photo` seen through `view`, `width` × `height` pixels.
pub fn render_view(
    photo: &RgbImage,
    view: View,
    width: u32,
    height: u32,
    scene: &Scene,
) -> RgbImage {
    let mut image = resample(photo, view, width, height);
    scene.draw(&mut image, view);
    image
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
    all_shown.layers.iter_mut().for_each(|l| l.visible = true);
    let mut counts = vec![0; project.layers.len()];
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

/// Colour the detected hair is tinted with when shown.
pub const HAIR_TINT: [u8; 3] = [40, 200, 255];

/// Keeps the hair detected in one photo while its detection settings stay the same.
#[derive(Default)]
pub struct HairCache {
    entry: Option<(usize, HairSettings, u64, Arc<HairMask>)>,
}

impl HairCache {
    /// The hair in `photo` (detected again only when the photo, scale or settings changed).
    pub fn get(
        &mut self,
        photo: &Arc<RgbImage>,
        settings: HairSettings,
        px_per_mm: f64,
    ) -> Arc<HairMask> {
        let key = (Arc::as_ptr(photo) as usize, settings, px_per_mm.to_bits());
        if let Some((p, s, ppm, mask)) = &self.entry
            && (*p, *s, *ppm) == key
        {
            return Arc::clone(mask);
        }
        let mask = Arc::new(detect_hair(photo, px_per_mm, &settings));
        self.entry = Some((key.0, key.1, key.2, Arc::clone(&mask)));
        mask
    }
}

/// A finished screen preview: the photo and the mock-up seen through one view.
pub struct Preview {
    pub view: View,
    pub before: RgbImage,
    pub after: RgbImage,
    /// Visible dots per layer, in project order.
    pub counts: Vec<usize>,
}

/// Renders screen previews, keeping what does not change between slider steps: the ordered dots of
/// each seed, each layer's rasterised region, and the shrunk photo for the current view.
#[derive(Default)]
pub struct Previewer {
    /// Tint the hair detected in the photo (for checking the detection of thinning-hair layers).
    pub show_hair: bool,
    patterns: PatternCache,
    fields: FieldCache,
    hair: HairCache,
    before: Option<(View, [u32; 2], usize, RgbImage)>,
    /// The skin optics of the last photo and sampled skin seen.
    optics: Option<(usize, Option<[u8; 3]>, SkinOptics)>,
}

impl Previewer {
    /// The photo and mock-up of `project` through `view`, `size` output pixels.
    pub fn render(
        &mut self,
        project: &Project,
        photo: &Arc<RgbImage>,
        view: View,
        size: [u32; 2],
    ) -> Preview {
        let (w, h) = photo.dimensions();
        let photo_key = Arc::as_ptr(photo) as usize;
        let before = match &self.before {
            Some((v, s, p, img)) if *v == view && *s == size && *p == photo_key => img.clone(),
            _ => {
                let img = resample(photo, view, size[0], size[1]);
                self.before = Some((view, size, photo_key, img.clone()));
                img
            }
        };
        let hair = (project.needs_hair() || self.show_hair)
            .then(|| self.hair.get(photo, project.hair, project.scale.px_per_mm));
        let layers = layer_dots_cached(
            project,
            w,
            h,
            hair.as_deref(),
            &mut self.patterns,
            &mut self.fields,
        );
        let mut counts = vec![0; project.layers.len()];
        for (index, l) in &layers {
            counts[*index] = l.dots.points.len();
        }
        let drawn: Vec<LayerDots> = layers.into_iter().map(|(_, l)| l).collect();
        let optics = match self.optics {
            Some((p, skin, optics)) if p == photo_key && skin == project.skin => optics,
            _ => {
                let optics = skin_optics(project, photo);
                self.optics = Some((photo_key, project.skin, optics));
                optics
            }
        };
        let mut after = before.clone();
        let skin = Skin {
            optics: &optics,
            px_per_mm: project.scale.px_per_mm,
            hair: hair.as_deref().filter(|_| project.needs_hair()),
        };
        draw_layers(&mut after, view, &drawn, skin);
        if self.show_hair
            && let Some(hair) = &hair
        {
            hair.tint(&mut after, view, HAIR_TINT, 0.55);
        }
        Preview {
            view,
            before,
            after,
            counts,
        }
    }
}
