//! The contact sheet: every view's before and after on one image.

use image::{Rgb, RgbImage};

use super::caption::{caption_height, draw_caption, label};
use super::layout::{ExportOptions, GAP, scaled_size};
use crate::engine::composite::resample;
use crate::engine::project::Project;
use crate::engine::render::Scene;
use crate::engine::units::View;

/// Height of each row of a contact sheet, in pixels (photos smaller than this keep their size).
pub const SHEET_ROW_HEIGHT: u32 = 900;

/// One view's before and after, shrunk for a contact sheet.
pub struct SheetRow {
    pub name: String,
    pub before: RgbImage,
    pub after: RgbImage,
}

/// The row of a contact sheet for the view `name`: its photo and mock-up at [`SHEET_ROW_HEIGHT`].
pub fn sheet_row(name: &str, photo: &RgbImage, scene: &Scene) -> SheetRow {
    let (pw, ph) = photo.dimensions();
    let scale = (f64::from(SHEET_ROW_HEIGHT) / f64::from(ph.max(1))).min(1.0);
    let (w, h) = scaled_size(pw, ph, scale);
    let view = View {
        x0: 0.0,
        y0: 0.0,
        scale,
    };
    let before = resample(photo, view, w, h);
    let mut after = before.clone();
    scene.draw(&mut after, view);
    SheetRow {
        name: name.to_string(),
        before,
        after,
    }
}

/// Every view's before and after on one sheet, one row per view, with the usual caption strip.
pub fn contact_sheet(rows: &[SheetRow], project: &Project, options: &ExportOptions) -> RgbImage {
    let gap = GAP * 2;
    let width = rows
        .iter()
        .map(|r| r.before.width() + r.after.width() + gap)
        .max()
        .unwrap_or(1)
        .max(1);
    let body: u32 = rows
        .iter()
        .map(|r| r.before.height() + gap)
        .sum::<u32>()
        .max(1);
    let mut sheet = RgbImage::from_pixel(width, body, Rgb([250, 250, 248]));
    let mut top = 0u32;
    for row in rows {
        let h = row.before.height();
        image::imageops::replace(&mut sheet, &row.before, 0, i64::from(top));
        image::imageops::replace(
            &mut sheet,
            &row.after,
            i64::from(row.before.width() + gap),
            i64::from(top),
        );
        if options.caption {
            let size = (h as f32 * 0.045).clamp(12.0, 48.0);
            let (margin, baseline) = (size * 0.6, top as f32 + size * 1.4);
            label(
                &mut sheet,
                &format!("{} · before", row.name),
                margin,
                baseline,
                size,
            );
            let x = (row.before.width() + gap) as f32 + margin;
            label(
                &mut sheet,
                &format!("{} · after", row.name),
                x,
                baseline,
                size,
            );
        }
        top += h + gap;
    }
    let sheet = match options.max_side {
        Some(m) if m > 0 && width.max(body) > m.saturating_sub(caption_height(width, body)) => {
            // The caption strip counts towards the longest side too: shrink until all fits.
            let size = |scale: f64| scaled_size(width, body, scale);
            let mut scale = f64::from(m) / f64::from(width.max(body));
            for _ in 0..8 {
                let (w, h) = size(scale);
                let strip = if options.caption {
                    caption_height(w, h)
                } else {
                    0
                };
                let longest = w.max(h + strip);
                if longest <= m {
                    break;
                }
                scale *= f64::from(m) / f64::from(longest);
            }
            let (w, h) = size(scale);
            let view = View {
                x0: 0.0,
                y0: 0.0,
                scale,
            };
            resample(&sheet, view, w, h)
        }
        _ => sheet,
    };
    if !options.caption {
        return sheet;
    }
    let (w, h) = sheet.dimensions();
    let strip = caption_height(w, h);
    let mut out = RgbImage::from_pixel(w, h + strip, Rgb([250, 250, 248]));
    image::imageops::replace(&mut out, &sheet, 0, 0);
    draw_caption(&mut out, h, strip, project, options.disclaimer);
    out
}
