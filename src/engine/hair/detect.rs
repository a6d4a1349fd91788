//! The detector: strands by their shape, dark marks against the skin around them, dense dark
//! hair against the shaded skin beside it.

use image::RgbImage;
use rayon::prelude::*;

use super::background::{Grid, Luma, block_sums, box_means, dilate, skin_envelope};
use super::strands::{WorkingScale, find_strands};
use super::{HairMask, HairSettings};

/// Half-width of the box the local background is averaged over, in mm.
const BACKGROUND_RADIUS_MM: f64 = 0.75;

/// How fast the skin's level may fall with distance before a darker area counts as something
/// other than shading (natural-log units per mm: 0.15 is 14 % per mm). Shading over a head falls
/// from lit skin to a temple at under half of that rate (to a fifth of the light over 30 mm or
/// more); a mass of dense hair begins within a hair's width.
const SHADING_FALL_PER_MM: f64 = 0.15;

/// Smallest darkening (linear luminance) that can count as a dark mark or dense hair: below it lies sensor
/// noise in near-black parts of the photo.
const MIN_DARKENING: f32 = 0.002;

/// Finds existing hair in `photo` (scale `px_per_mm`): see the module documentation.
pub fn detect_hair(photo: &RgbImage, px_per_mm: f64, settings: &HairSettings) -> HairMask {
    let (w, h) = photo.dimensions();
    let (width, height) = (w as usize, h as usize);
    if width == 0 || height == 0 {
        return HairMask::empty(w, h);
    }
    let px_per_mm = if px_per_mm.is_finite() && px_per_mm > 0.0 {
        px_per_mm
    } else {
        1.0
    };
    let scale = WorkingScale::new(width, height, px_per_mm);
    let strands = find_strands(photo, &scale, &settings.strand_thresholds());
    let Skin { local, shaded } = skin_levels(photo, px_per_mm, settings);
    let (contrast, dense) = (settings.contrast(), settings.dense());
    let luma = Luma::new();

    let mut data = vec![false; width * height];
    let raw: &[u8] = photo.as_raw();
    let f = scale.factor;
    data.par_chunks_mut(width)
        .zip(raw.par_chunks(width * 3))
        .enumerate()
        .for_each(|(y, (out, row))| {
            let (around, level) = (local.row(y), shaded.row(y));
            let on_strand = &strands[(y / f) * scale.width..(y / f + 1) * scale.width];
            for (x, (o, p)) in out.iter_mut().zip(row.chunks_exact(3)).enumerate() {
                let l = luma.of(p);
                let (b, s) = (local.at(&around, x), shaded.at(&level, x));
                *o = on_strand[x / f]
                    || (l < b * (1.0 - contrast) && b - l > MIN_DARKENING)
                    || (l < s * dense && s - l > MIN_DARKENING);
            }
        });

    let clearance = f64::from(settings.clearance_mm).max(0.0) * px_per_mm;
    let data = if clearance.is_finite() {
        dilate(&data, width, height, clearance)
    } else {
        data
    };
    HairMask::from_data(w, h, data)
}

/// The skin around each pixel, in linear luminance.
struct Skin {
    /// The local background: a box mean 1.5 mm wide, a second time without the pixels darker
    /// than the first (between dense hairs, the skin between them).
    local: Grid,
    /// Its upper envelope, falling no faster than shading does ([`skin_envelope`]): the skin's
    /// level under the photo's lighting, also inside a patch of dense hair.
    shaded: Grid,
}

/// The skin levels of `photo`.
fn skin_levels(photo: &RgbImage, px_per_mm: f64, settings: &HairSettings) -> Skin {
    let (width, height) = (photo.width() as usize, photo.height() as usize);
    let luma = Luma::new();
    let contrast = settings.contrast();

    // Blocks a third of the background radius wide; the box spans the radius on each side.
    let radius_px = (BACKGROUND_RADIUS_MM * px_per_mm).max(2.0);
    let cell = ((radius_px / 3.0).round() as usize).clamp(1, 64);
    let reach = ((radius_px / cell as f64).round() as usize).max(1);
    let cols = width.div_ceil(cell);
    let rows = height.div_ceil(cell);

    // First background: every pixel.
    let plain = box_means(
        &block_sums(photo, &luma, cell, cols, None),
        cols,
        rows,
        reach,
    );
    let plain: Vec<f32> = plain.into_iter().map(|m| m.unwrap_or(0.0)).collect();
    let first = Grid::new(width, cols, rows, cell, plain.clone());

    // Second background: without the pixels the first one found dark; never below the first.
    let clean = box_means(
        &block_sums(photo, &luma, cell, cols, Some((&first, contrast))),
        cols,
        rows,
        reach,
    );
    let background: Vec<f32> = clean
        .into_iter()
        .zip(&plain)
        .map(|(c, &p)| c.map_or(p, |c| c.max(p)))
        .collect();
    let fall = (SHADING_FALL_PER_MM * cell as f64 / px_per_mm) as f32;
    let envelope = skin_envelope(&background, cols, rows, fall);
    Skin {
        local: Grid::new(width, cols, rows, cell, background),
        shaded: Grid::new(width, cols, rows, cell, envelope),
    }
}
