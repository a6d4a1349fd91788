//! Screen previews for the app: the photo and the mock-up through the canvas' view, keeping what
//! does not change between two frames.

use std::sync::Arc;

use image::RgbImage;

use crate::engine::composite::{Skin, resample};
use crate::engine::error::Result;
use crate::engine::geometry::{Scar, ScarShape};
use crate::engine::hair::HairMask;
use crate::engine::optics::SkinOptics;
use crate::engine::project::Project;
use crate::engine::units::View;

use super::cache::{FieldCache, HairCache, PatternCache};
use super::camouflage::ScarLight;
use super::dots::{LayerDots, layer_dots_cached};
use super::scene::{draw_layers, skin_optics};

/// Colour the detected hair is tinted with when shown.
pub const HAIR_TINT: [u8; 3] = [40, 200, 255];

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
    /// How light the scars are on the last photo, for the scar geometry it was measured for.
    light: Option<(usize, Vec<Option<Scar>>, ScarLight)>,
}

impl Previewer {
    /// How light the view's scars are on `photo`, measured again only when the photo, the skin
    /// or a scar's geometry changed.
    fn light(
        &mut self,
        project: &Project,
        photo: &Arc<RgbImage>,
        hair: Option<&HairMask>,
        optics: &SkinOptics,
    ) -> ScarLight {
        let photo_key = Arc::as_ptr(photo) as usize;
        let view = project.view();
        // The region counts too: a region scar is the layer's region.
        let scars: Vec<Option<Scar>> = view
            .layers
            .iter()
            .map(|l| {
                l.scar.as_ref().map(|s| Scar {
                    retention: 0.0,
                    unevenness: 0.0,
                    ..s.clone()
                })
            })
            .collect();
        let regions_same = |k: &Vec<Option<Scar>>| k == &scars;
        if let Some((p, key, light)) = &self.light
            && *p == photo_key
            && regions_same(key)
            && !view.layers.iter().any(|l| {
                l.scar
                    .as_ref()
                    .is_some_and(|s| matches!(s.shape, ScarShape::Region))
            })
        {
            return light.clone();
        }
        let light = ScarLight::measure(project, photo, hair, optics);
        self.light = Some((photo_key, scars, light.clone()));
        light
    }

    /// The photo through `view` (`size` output pixels), kept while the view and photo stay.
    fn before(&mut self, photo: &Arc<RgbImage>, view: View, size: [u32; 2]) -> RgbImage {
        let photo_key = Arc::as_ptr(photo) as usize;
        match &self.before {
            Some((v, s, p, img)) if *v == view && *s == size && *p == photo_key => img.clone(),
            _ => {
                let img = resample(photo, view, size[0], size[1]);
                self.before = Some((view, size, photo_key, img.clone()));
                img
            }
        }
    }

    /// The photo alone through `view`, before and after alike, with no dots counted for the
    /// `layers` layers: what the screen shows when a view's dots cannot be placed.
    pub fn photo_only(
        &mut self,
        photo: &Arc<RgbImage>,
        view: View,
        size: [u32; 2],
        layers: usize,
    ) -> Preview {
        let before = self.before(photo, view, size);
        Preview {
            view,
            after: before.clone(),
            before,
            counts: vec![0; layers],
        }
    }

    /// The photo and mock-up of `project` through `view`, `size` output pixels. Fails, drawing
    /// nothing, when the view's dots would exceed the photo's budget
    /// ([`check_scale`](super::check_scale)); [`Previewer::photo_only`] then shows the photo.
    pub fn render(
        &mut self,
        project: &Project,
        photo: &Arc<RgbImage>,
        view: View,
        size: [u32; 2],
    ) -> Result<Preview> {
        let (w, h) = photo.dimensions();
        let shown = project.view();
        let photo_key = Arc::as_ptr(photo) as usize;
        let before = self.before(photo, view, size);
        let hair = (shown.needs_hair() || self.show_hair)
            .then(|| self.hair.get(photo, shown.hair, shown.scale.px_per_mm));
        let optics = match self.optics {
            Some((p, skin, optics)) if p == photo_key && skin == shown.skin => optics,
            _ => {
                let optics = skin_optics(shown, photo);
                self.optics = Some((photo_key, shown.skin, optics));
                self.light = None;
                optics
            }
        };
        let light = self.light(
            project,
            photo,
            hair.as_deref().filter(|_| shown.needs_hair()),
            &optics,
        );
        let layers = layer_dots_cached(
            project,
            w,
            h,
            hair.as_deref(),
            &light,
            &mut self.patterns,
            &mut self.fields,
        )?;
        let mut counts = vec![0; shown.layers.len()];
        for (index, l) in &layers {
            counts[*index] = l.dots.points.len();
        }
        let drawn: Vec<LayerDots> = layers.into_iter().map(|(_, l)| l).collect();
        let mut after = before.clone();
        let skin = Skin {
            optics: &optics,
            px_per_mm: shown.scale.px_per_mm,
            hair: hair.as_deref().filter(|_| shown.needs_hair()),
        };
        draw_layers(&mut after, view, &drawn, skin);
        if self.show_hair
            && let Some(hair) = &hair
        {
            hair.tint(&mut after, view, HAIR_TINT, 0.55);
        }
        Ok(Preview {
            view,
            before,
            after,
            counts,
        })
    }
}
