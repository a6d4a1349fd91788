//! Text on mock-ups: the labels over the pictures and the caption strip with the client's name,
//! the date and the disclaimer, in the font bundled with the program.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::RgbImage;

use crate::engine::project::Project;

/// The note every mock-up carries unless the practitioner turns it off.
pub const DISCLAIMER: &str = "Simulation — results vary";

pub(super) fn caption_height(width: u32, height: u32) -> u32 {
    ((width.max(height) as f32 * 0.04) as u32).clamp(28, 220)
}

/// The caption font, bundled with the program (None only if the bundled bytes were damaged, in
/// which case captions lose their text rather than the export failing).
fn font() -> Option<FontRef<'static>> {
    FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT)
        .or_else(|_| FontRef::try_from_slice(epaint_default_fonts::HACK_REGULAR))
        .ok()
}

pub(super) fn text_width(text: &str, size: f32) -> f32 {
    let Some(font) = font() else { return 0.0 };
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for ch in text.chars() {
        let id = font.glyph_id(ch);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Draws `text` with its baseline at `baseline`, blending `colour` by glyph coverage.
fn draw_text(image: &mut RgbImage, text: &str, x: f32, baseline: f32, size: f32, colour: [u8; 3]) {
    let Some(font) = font() else { return };
    let scaled = font.as_scaled(PxScale::from(size));
    let mut pen = x;
    let mut previous = None;
    let (w, h) = image.dimensions();
    for ch in text.chars() {
        let id = font.glyph_id(ch);
        if let Some(p) = previous {
            pen += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(size), ab_glyph::point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, c| {
                let (px, py) = (
                    b.min.x as i64 + i64::from(gx),
                    b.min.y as i64 + i64::from(gy),
                );
                if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                    let p = image.get_pixel_mut(px as u32, py as u32);
                    for (v, &ink) in p.0.iter_mut().zip(&colour) {
                        *v = (f32::from(*v) * (1.0 - c) + f32::from(ink) * c).round() as u8;
                    }
                }
            });
        }
        pen += scaled.h_advance(id);
        previous = Some(id);
    }
}

/// A label readable on any photo: dark halo, light text.
pub(super) fn label(image: &mut RgbImage, text: &str, x: f32, baseline: f32, size: f32) {
    let halo = (size / 14.0).max(1.0);
    for (dx, dy) in [(-halo, 0.0), (halo, 0.0), (0.0, -halo), (0.0, halo)] {
        draw_text(image, text, x + dx, baseline + dy, size, [20, 20, 20]);
    }
    draw_text(image, text, x, baseline, size, [250, 250, 250]);
}

pub(super) fn draw_caption(
    image: &mut RgbImage,
    top: u32,
    strip: u32,
    project: &Project,
    disclaimer: bool,
) {
    let width = image.width() as f32;
    let size = strip as f32 * 0.42;
    let baseline = top as f32 + strip as f32 * 0.65;
    let pad = size * 0.8;
    let mut left = String::new();
    if !project.client.name.trim().is_empty() {
        left.push_str(project.client.name.trim());
    }
    if !project.client.date.trim().is_empty() {
        if !left.is_empty() {
            left.push_str("  ·  ");
        }
        left.push_str(project.client.date.trim());
    }
    if left.is_empty() {
        left.push_str("Scalp micropigmentation preview");
    }
    draw_text(image, &left, pad, baseline, size, [40, 40, 40]);
    if disclaimer {
        let w = text_width(DISCLAIMER, size);
        draw_text(
            image,
            DISCLAIMER,
            (width - w - pad).max(pad),
            baseline,
            size,
            [110, 40, 40],
        );
    }
}
