//! The edits both shells make to a project, with the rules of the trade: new seeds, layers, views
//! and sessions, hairline styles, and the measurements that set a layer from the photo (the skin
//! tone, a scar's shade, the client's own hair).

use std::path::Path;

use image::RgbImage;

use crate::engine::anatomy::{GuideError, hairline_from_guides};
use crate::engine::geometry::{Point, Scar};
use crate::engine::hair::{HairSettings, detect_hair};
use crate::engine::hair_match::{MatchError, match_hair};
use crate::engine::optics::matching_dilution;
use crate::engine::project::{
    Layer, LayerKind, MAX_LAYERS, MAX_SESSIONS, MAX_VIEWS, Project, ScalpView,
};
use crate::engine::render::DensityField;
use crate::engine::rng;
use crate::engine::skin::{SkinSample, SkinTone, sample_auto, sample_point};
use crate::engine::styles::{self, Frame, HairlineStyle, Side};
use crate::engine::units::Scale;

/// Seeds have at most nine digits, so that a practitioner can read and type one.
pub const SEED_LIMIT: u64 = 1_000_000_000;

/// An edit the project's rules do not allow; the message says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("A project keeps at least one layer; hide it instead.")]
    LastLayer,
    #[error("A project keeps at least one view.")]
    LastView,
    #[error("That photo is already a view of this project.")]
    SamePhoto,
    #[error("That is already the last session a plan can have.")]
    LastSession,
    #[error("That half of the hairline has no points to copy.")]
    NothingToMirror,
    #[error("A view holds at most {MAX_LAYERS} layers; remove one first.")]
    TooManyLayers,
    #[error("A project holds at most {MAX_VIEWS} views; remove one first.")]
    TooManyViews,
}

/// The pattern seed made from `key`: the same key always gives the same seed.
pub fn seed_from(key: u64) -> u64 {
    rng::mix(key) % SEED_LIMIT
}

/// A seed unlikely to have been used before (from the clock and the process), for a new project
/// made without one.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    seed_from(nanos ^ u64::from(std::process::id()))
}

/// A new project for the `width` × `height` photo at `path`, whose scale is a guess until it is
/// calibrated. The photo path is absolute; it is made relative when the project is saved.
pub fn project_for_photo(path: &Path, width: u32, height: u32) -> Project {
    let seed =
        seed_from(u64::from(width) ^ (u64::from(height) << 20) ^ path.as_os_str().len() as u64);
    Project::new(
        std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
        Scale::guess(width, height),
        seed,
    )
}

/// Adds a layer over the whole photo, with a pattern of its own, to the current view; returns
/// its index.
pub fn add_layer(project: &mut Project) -> Result<usize, EditError> {
    let layers = &mut project.view_mut().layers;
    if layers.len() >= MAX_LAYERS {
        return Err(EditError::TooManyLayers);
    }
    let seed = seed_from(layers.iter().map(|l| l.seed).fold(17, u64::wrapping_add));
    layers.push(Layer::whole(&format!("Layer {}", layers.len() + 1), seed));
    Ok(layers.len() - 1)
}

/// Removes layer `index` of the current view (a view keeps at least one).
pub fn remove_layer(project: &mut Project, index: usize) -> Result<(), EditError> {
    let layers = &mut project.view_mut().layers;
    if layers.len() <= 1 {
        return Err(EditError::LastLayer);
    }
    if index < layers.len() {
        layers.remove(index);
    }
    Ok(())
}

/// Gives `layer` another arrangement of dots.
pub fn new_pattern(layer: &mut Layer) {
    layer.seed = seed_from(layer.seed);
}

/// Adds the photo at `path` as one more view, named with the first standard name still free, and
/// shows it. Its scale is a placeholder until the photo is read ([`fit_new_photo`]) and
/// calibrated; it detects hair and knows the skin as the current view does. Returns its name.
pub fn add_view_of_photo(project: &mut Project, path: &Path) -> Result<String, EditError> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if project.views.iter().any(|v| v.photo == path) {
        return Err(EditError::SamePhoto);
    }
    if project.views.len() >= MAX_VIEWS {
        return Err(EditError::TooManyViews);
    }
    let name = project.free_view_name();
    let seed = seed_from(path.as_os_str().len() as u64 ^ project.views.len() as u64);
    let mut view = ScalpView::new(&name, path, Scale::guess(3000, 2000), seed);
    view.hair = project.view().hair;
    view.skin = project.view().skin;
    project.views.push(view);
    project.current = project.views.len() - 1;
    Ok(name)
}

/// Once the photo at `path` is read (`width` × `height`), the views of it that were added before
/// get the scale guessed from its size, unless they are calibrated.
pub fn fit_new_photo(project: &mut Project, path: &Path, width: u32, height: u32) {
    for view in &mut project.views {
        if view.photo == path && !view.scale.calibrated {
            view.scale = Scale::guess(width, height);
        }
    }
}

/// Removes the current view (a project keeps at least one) and shows the one before; returns the
/// removed view's name.
pub fn remove_view(project: &mut Project) -> Result<String, EditError> {
    if project.views.len() <= 1 {
        return Err(EditError::LastView);
    }
    let index = project.current.min(project.views.len() - 1);
    let name = project.views.remove(index).name;
    project.current = index.saturating_sub(1);
    Ok(name)
}

/// Adds the next treatment session over layer `index`'s zone: it continues the latest session of
/// the same pattern (its dots fill the gaps), and the project then shows every session. Returns
/// the new layer's index and its session.
pub fn add_session(project: &mut Project, index: usize) -> Result<(usize, u32), EditError> {
    let layers = &project.view().layers;
    let Some(layer) = layers.get(index) else {
        return Err(EditError::LastSession);
    };
    if layer.session >= MAX_SESSIONS {
        return Err(EditError::LastSession);
    }
    if layers.len() >= MAX_LAYERS {
        return Err(EditError::TooManyLayers);
    }
    let latest = layers
        .iter()
        .filter(|l| l.seed == layer.seed)
        .max_by_key(|l| l.session)
        .unwrap_or(layer);
    let next = latest.next_session();
    let session = next.session;
    let layers = &mut project.view_mut().layers;
    layers.push(next);
    project.session = None;
    Ok((project.view().layers.len() - 1, session))
}

/// Places a hairline of `style` on `layer` across a `width` × `height` photo at `px_per_mm`,
/// keeping the side its hair is on. A drawn hairline keeps its temple points (its two ends) and,
/// when it has points between them, the height of its middle: the style shapes the line between.
/// Without one the style goes where a front view usually has it. A density layer becomes a
/// hairline layer.
pub fn place_hairline(
    layer: &mut Layer,
    style: HairlineStyle,
    width: u32,
    height: u32,
    px_per_mm: f64,
) {
    let ppm = px_per_mm as f32;
    let drawn = layer.hairline.as_ref().filter(|h| h.points.len() >= 2);
    let flip = layer.hairline.as_ref().is_some_and(|h| h.flip);
    let mut hairline = match drawn {
        Some(h) => {
            let (first, last) = (h.points[0], h.points[h.points.len() - 1]);
            let centre_y = (h.points.len() >= 3)
                .then(|| height_at(&h.polyline(), (first[0] + last[0]) / 2.0))
                .flatten();
            styles::fit(style, (first, last), centre_y, ppm, layer.seed)
        }
        None => styles::preset(
            style,
            Frame::default_for(width, height, px_per_mm),
            layer.seed,
        ),
    };
    hairline.flip = flip;
    layer.hairline = Some(hairline);
    if layer.kind == LayerKind::Density {
        layer.kind = LayerKind::Hairline;
    }
}

/// Places a hairline of `style` on layer `index` of `view`: from the view's face guides when it
/// has them (the mid-frontal point at their height above the brow, the corners over the outer eye
/// corners), else as [`place_hairline`] does on a `width` × `height` photo. Returns the
/// measurements in words ("hairline 8.0 cm above the brow"), empty without guides.
pub fn place_view_hairline(
    view: &mut ScalpView,
    index: usize,
    style: HairlineStyle,
    width: u32,
    height: u32,
) -> Result<Vec<String>, GuideError> {
    let ppm = view.scale.px_per_mm;
    let (face, head) = (view.face, view.head);
    let Some(layer) = view.layers.get_mut(index) else {
        return Ok(Vec::new());
    };
    match face {
        Some(face) => {
            let (mut hairline, placed) =
                hairline_from_guides(style, &face, head.as_ref(), ppm, layer.seed)?;
            hairline.flip = layer.hairline.as_ref().is_some_and(|h| h.flip);
            layer.hairline = Some(hairline);
            if layer.kind == LayerKind::Density {
                layer.kind = LayerKind::Hairline;
            }
            Ok(placed.notes())
        }
        None => {
            place_hairline(layer, style, width, height, ppm);
            Ok(Vec::new())
        }
    }
}

/// The height of polyline `line` where it crosses photo x `x`, if it does.
fn height_at(line: &[Point], x: f32) -> Option<f32> {
    line.windows(2)
        .find(|w| (w[0][0] - x) * (w[1][0] - x) <= 0.0 && (w[1][0] - w[0][0]).abs() > 1e-6)
        .map(|w| {
            let t = (x - w[0][0]) / (w[1][0] - w[0][0]);
            w[0][1] + t * (w[1][1] - w[0][1])
        })
}

/// The side of `layer`'s hairline that photo x `x` is on (its middle found from its temple points).
pub fn hairline_side(layer: &Layer, x: f32, px_per_mm: f64) -> Side {
    let axis = layer
        .hairline
        .as_ref()
        .and_then(|h| Frame::of(h, px_per_mm as f32))
        .map_or(x, |f| f.centre_x);
    if x < axis { Side::Left } else { Side::Right }
}

/// Copies the `keep` half of `layer`'s hairline onto the other half (with a little natural
/// asymmetry), on a photo `width` pixels wide. Without a hairline nothing changes.
pub fn mirror_hairline(
    layer: &mut Layer,
    keep: Side,
    width: u32,
    px_per_mm: f64,
) -> Result<(), EditError> {
    let Some(hairline) = &layer.hairline else {
        return Ok(());
    };
    let ppm = px_per_mm as f32;
    let axis = Frame::of(hairline, ppm).map_or(width as f32 / 2.0, |f| f.centre_x);
    let mirrored =
        styles::mirror(hairline, axis, keep, ppm, layer.seed).ok_or(EditError::NothingToMirror)?;
    layer.hairline = Some(mirrored);
    Ok(())
}

/// The skin tone around photo position `at` (a disc about 1.2 mm across), or None off the photo.
pub fn sample_skin_at(photo: &RgbImage, at: [f32; 2], px_per_mm: f64) -> Option<SkinTone> {
    let [x, y] = at;
    if x < 0.0 || y < 0.0 {
        return None;
    }
    let radius = (0.6 * px_per_mm).round().max(1.0) as u32;
    sample_point(photo, x as u32, y as u32, radius)
}

/// The skin tone over `layer`'s region of `photo`, hair, shine and shadow left out, with how sure
/// its type is (None where no clear skin shows). Detecting the hair takes a moment on a large
/// photo.
pub fn sample_skin(
    photo: &RgbImage,
    layer: &Layer,
    px_per_mm: f64,
    hair: &HairSettings,
) -> Option<SkinSample> {
    let (w, h) = photo.dimensions();
    let field = DensityField::new(layer, w, h, px_per_mm);
    let hair = detect_hair(photo, px_per_mm, hair);
    sample_auto(
        photo,
        |x, y| field.coverage(x as f32, y as f32),
        Some(&hair),
    )
}

/// Working out the shade of a scar layer whose dots should match the dots around the scar.
pub struct ScarShade {
    /// The scar layer without its hairline fade: the scar's own area.
    area: Layer,
    scar: Scar,
    reference: f32,
    hair: HairSettings,
    skin: Option<[u8; 3]>,
    px_per_mm: f64,
}

impl ScarShade {
    /// For layer `index` of `view`; None unless it is a scar layer. The dots to match are those of
    /// the first visible layer that is not a scar (else the layer's own shade).
    pub fn of(view: &ScalpView, index: usize) -> Option<ScarShade> {
        let layer = view.layers.get(index)?;
        let scar = layer.scar.clone()?;
        let reference = view
            .layers
            .iter()
            .find(|l| l.visible && l.scar.is_none() && l.density > 0.0)
            .map_or(layer.dilution, |l| l.dilution);
        Some(ScarShade {
            area: Layer {
                hairline: None,
                ..layer.clone()
            },
            scar,
            reference,
            hair: view.hair,
            skin: view.skin,
            px_per_mm: view.scale.px_per_mm,
        })
    }

    /// The shade of the dots around the scar that the scar's dots should match.
    pub fn reference(&self) -> f32 {
        self.reference
    }

    /// The scar layer's dilution, from the skin seen in and around the scar on `photo` (the
    /// sampled skin, if any, stands for the skin around it); None where too little clear skin
    /// shows. Detecting the hair takes a moment on a large photo.
    pub fn measure(&self, photo: &RgbImage) -> Option<f32> {
        let (w, h) = photo.dimensions();
        let field = DensityField::new(&self.area, w, h, self.px_per_mm);
        let hair = detect_hair(photo, self.px_per_mm, &self.hair);
        let coverage = |x: u32, y: u32| field.coverage(x as f32, y as f32);
        let inside = sample_auto(photo, coverage, Some(&hair))?.tone;
        let around = match self.skin {
            Some(rgb) => SkinTone::from_srgb(rgb),
            None => sample_auto(photo, |x, y| 1.0 - coverage(x, y), Some(&hair))?.tone,
        };
        Some(matching_dilution(
            self.reference,
            self.scar.retention,
            around.luminance(),
            inside.luminance(),
        ))
    }
}

/// Why a layer could not be matched to the client's hair.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum HairMatchError {
    /// No skin was sampled and none could be found in the photo.
    #[error("no clear skin found to match the hair on")]
    NoSkin,
    #[error(transparent)]
    Match(#[from] MatchError),
}

/// `layer` set to read like the client's hair at photo position `at` on their bare skin: the skin
/// sampled (`skin`), or else the photo's clear skin. The result remembers what it matched.
/// Rendering the candidates takes a moment.
pub fn match_layer_to_hair(
    photo: &RgbImage,
    at: [f32; 2],
    px_per_mm: f64,
    skin: Option<[u8; 3]>,
    layer: &Layer,
) -> Result<Layer, HairMatchError> {
    let skin = match skin {
        Some(rgb) => SkinTone::from_srgb(rgb),
        None => {
            sample_auto(photo, |_, _| 1.0, None)
                .ok_or(HairMatchError::NoSkin)?
                .tone
        }
    };
    let mut matched = layer.clone();
    let found = match_hair(photo, at, px_per_mm, &skin, &mut matched)?;
    matched.hair_match = Some(found);
    Ok(matched)
}
