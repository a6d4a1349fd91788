//! What rendering keeps between frames: each seed's ordered candidates, each layer's rasterised
//! region, the hair detected in a photo.

use std::sync::Arc;

use image::RgbImage;

use crate::engine::geometry::{Hairline, Mask, Region, ScarShape};
use crate::engine::hair::{HairMask, HairSettings, detect_hair};
use crate::engine::pattern::{self, Candidates, DensityAt};
use crate::engine::project::Layer;

/// Size of a density-map cell in mm: fine enough for soft brush edges, coarse enough to be quick.
const FIELD_CELL_MM: f64 = 0.5;
/// The most cells a density map has (8 MB): on a photo at a coarse scale the cells grow instead.
const MAX_FIELD_CELLS: f64 = 2_000_000.0;
/// The most candidates the pattern cache keeps (about 190 MB) beyond the one last made.
const MAX_CACHED_CANDIDATES: usize = 12_000_000;

/// A layer's density (dots/cm²) over the photo: its setting times its region and hairline coverage.
pub struct DensityField {
    pub(super) density: f32,
    pub(super) mask: Arc<Mask>,
}

impl DensityAt for DensityField {
    fn density_at(&self, x: f32, y: f32) -> f32 {
        self.density * self.mask.sample(x, y)
    }
}

impl DensityField {
    /// Rasterises `layer`'s geometry for a `width` × `height` photo at `px_per_mm`.
    pub fn new(layer: &Layer, width: u32, height: u32, px_per_mm: f64) -> Self {
        let fewest = (f64::from(width) * f64::from(height) / MAX_FIELD_CELLS).sqrt();
        let cell = (FIELD_CELL_MM * px_per_mm).max(fewest).max(1.0) as f32;
        let ppm = px_per_mm as f32;
        let mut mask = layer.region.rasterise(width, height, ppm, cell);
        if let Some(scar_area) = layer
            .scar
            .as_ref()
            .and_then(|s| s.area(width, height, ppm, cell, 0.0))
        {
            mask.multiply(&scar_area);
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
        let cached = |entries: &[(CacheKey, Arc<Candidates>)]| -> usize {
            entries.iter().map(|(_, c)| c.points.len()).sum()
        };
        while self.entries.len() > 8
            || (self.entries.len() > 1 && cached(&self.entries) > MAX_CACHED_CANDIDATES)
        {
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
    region: Region,
    hairline: Option<Hairline>,
    scar: Option<ScarShape>,
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
