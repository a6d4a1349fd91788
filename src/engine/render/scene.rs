//! A scene: the dots of one view's layers with the skin they are in, drawn at any crop and scale.

use std::sync::Arc;

use image::RgbImage;

use crate::engine::composite::{Pass, Skin, composite, resample};
use crate::engine::error::Result;
use crate::engine::hair::{HairMask, detect_hair};
use crate::engine::optics::SkinOptics;
use crate::engine::project::{Project, ScalpView};
use crate::engine::skin::{SkinTone, sample_auto};
use crate::engine::units::View;

use super::cache::{FieldCache, PatternCache};
use super::camouflage::ScarLight;
use super::dots::{LayerDots, layer_dots_cached};

/// The skin optics of a view's photo: from the tone the practitioner sampled, or else read from the
/// photo's skin-coloured pixels; fair skin when the photo shows none.
pub fn skin_optics(view: &ScalpView, photo: &RgbImage) -> SkinOptics {
    let tone = match view.skin {
        Some(rgb) => Some(SkinTone::from_srgb(rgb)),
        None => sample_auto(photo, |_, _| 1.0, None).map(|s| s.tone),
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
    /// only when a layer keeps off hair). Fails when the dots would exceed the photo's budget
    /// ([`check_scale`](super::check_scale)).
    pub fn new(
        project: &Project,
        photo: &RgbImage,
        hair: Option<Arc<HairMask>>,
        cache: &mut PatternCache,
    ) -> Result<Scene> {
        let (w, h) = photo.dimensions();
        let optics = skin_optics(project.view(), photo);
        let light = ScarLight::measure(project, photo, hair.as_deref(), &optics);
        let layers = layer_dots_cached(
            project,
            w,
            h,
            hair.as_deref(),
            &light,
            cache,
            &mut FieldCache::default(),
        )?;
        Ok(Scene {
            layers: layers.into_iter().map(|(_, l)| l).collect(),
            optics,
            px_per_mm: project.view().scale.px_per_mm,
            hair,
        })
    }

    /// The scene of `project`'s current view over `photo`, with the hair detected in the photo
    /// when a layer keeps off hair (as every export draws it).
    pub fn for_photo(project: &Project, photo: &RgbImage) -> Result<Scene> {
        let view = project.view();
        let hair = view
            .needs_hair()
            .then(|| Arc::new(detect_hair(photo, view.scale.px_per_mm, &view.hair)));
        Scene::new(project, photo, hair, &mut PatternCache::default())
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
