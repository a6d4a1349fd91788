//! From photo + project to pixels: the one path every output takes (screen preview and export).

use std::sync::Arc;

use image::RgbImage;

use crate::engine::composite::{DotStyle, View, composite, resample};
use crate::engine::geometry::Mask;
use crate::engine::pattern::{self, Candidates, DensityAt};
use crate::engine::pigment::{Stage, absorbance};
use crate::engine::project::{Layer, Project};

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

/// Works out the visible dots of every visible layer, reusing cached candidates and regions.
pub fn layer_dots_cached(
    project: &Project,
    width: u32,
    height: u32,
    patterns: &mut PatternCache,
    fields: &mut FieldCache,
) -> Vec<(usize, LayerDots)> {
    let ppm = project.scale.px_per_mm;
    project
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.visible && l.density > 0.0)
        .map(|(index, layer)| {
            let field = fields.field(layer, width, height, ppm);
            let all = patterns.candidates(layer.seed, ppm, width, height, f64::from(layer.density));
            (
                index,
                LayerDots {
                    dots: pattern::select(&all, &field),
                    style: style(layer, project.stage, ppm),
                },
            )
        })
        .collect()
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
    cache: &mut PatternCache,
) -> Vec<LayerDots> {
    layer_dots_cached(project, width, height, cache, &mut FieldCache::default())
        .into_iter()
        .map(|(_, dots)| dots)
        .collect()
}

/// How `layer`'s dots look at `stage` on a photo of `px_per_mm`.
pub fn style(layer: &Layer, stage: Stage, px_per_mm: f64) -> DotStyle {
    DotStyle {
        radius: (f64::from(layer.dot_mm * stage.size_factor()) * px_per_mm / 2.0) as f32,
        softness: stage.softness(),
        halo: stage.halo(),
        absorbance: absorbance(layer.dilution, stage),
        size_jitter: layer.size_jitter,
        tone_jitter: layer.tone_jitter,
        salt: layer.seed,
    }
}

/// Composites all layers into `image`, which already shows the photo through `view`.
pub fn draw_layers(image: &mut RgbImage, view: View, layers: &[LayerDots]) {
    for layer in layers {
        composite(image, view, &layer.dots, &layer.style);
    }
}

/// The mock-up at full resolution (the photo is consumed to save a copy).
pub fn render_full(mut photo: RgbImage, layers: &[LayerDots]) -> RgbImage {
    draw_layers(&mut photo, View::FULL, layers);
    photo
}

/// The mock-up of the part of `photo` seen through `view`, `width` × `height` pixels.
pub fn render_view(
    photo: &RgbImage,
    view: View,
    width: u32,
    height: u32,
    layers: &[LayerDots],
) -> RgbImage {
    let mut image = resample(photo, view, width, height);
    draw_layers(&mut image, view, layers);
    image
}

/// Number of dots each layer places (shown or hidden; 0 at zero density), in project order.
pub fn dot_counts(
    project: &Project,
    width: u32,
    height: u32,
    cache: &mut PatternCache,
) -> Vec<usize> {
    let mut all_shown = project.clone();
    all_shown.layers.iter_mut().for_each(|l| l.visible = true);
    let mut counts = vec![0; project.layers.len()];
    for (index, layer) in
        layer_dots_cached(&all_shown, width, height, cache, &mut FieldCache::default())
    {
        counts[index] = layer.dots.points.len();
    }
    counts
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
    patterns: PatternCache,
    fields: FieldCache,
    before: Option<(View, [u32; 2], usize, RgbImage)>,
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
        let layers = layer_dots_cached(project, w, h, &mut self.patterns, &mut self.fields);
        let mut counts = vec![0; project.layers.len()];
        for (index, l) in &layers {
            counts[*index] = l.dots.points.len();
        }
        let drawn: Vec<LayerDots> = layers.into_iter().map(|(_, l)| l).collect();
        let mut after = before.clone();
        draw_layers(&mut after, view, &drawn);
        Preview {
            view,
            before,
            after,
            counts,
        }
    }
}
