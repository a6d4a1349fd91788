//! The layouts of a mock-up: after, side by side, split, with a caption strip.

use std::path::{Path, PathBuf};

use image::{GenericImageView, Rgb, RgbImage};
use serde::{Deserialize, Serialize};

use super::caption::{caption_height, draw_caption, label, text_width};
use crate::engine::composite::resample;
use crate::engine::files::file_slug;
use crate::engine::project::Project;
use crate::engine::render::{Scene, render_full};
use crate::engine::units::View;

/// How before and after are arranged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum Layout {
    /// The mock-up alone.
    #[default]
    After,
    /// Before on the left, after on the right.
    SideBySide,
    /// One photo, before on its left half and after on its right half.
    Split,
    /// Every view of the consultation: a row of before and after per view, on one sheet.
    ContactSheet,
    /// The consultation sheet: a PDF to print or send, with the plan in practitioner terms, each
    /// view's before and after, the healing timeline and room for notes and signatures.
    Sheet,
}

/// What to put around the picture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportOptions {
    pub layout: Layout,
    /// Longest side of the whole image in pixels (None: full resolution).
    pub max_side: Option<u32>,
    /// Caption strip with client, date and note (false: the picture only).
    pub caption: bool,
    /// The "Simulation — results vary" note in the caption.
    pub disclaimer: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            layout: Layout::After,
            max_side: None,
            caption: true,
            disclaimer: true,
        }
    }
}

/// Space between two pictures, pixels at full size.
pub(super) const GAP: u32 = 8;

/// The gap between `panels` pictures at `scale`, pixels.
fn gap_px(panels: u32, scale: f64) -> u32 {
    if panels == 2 {
        (f64::from(GAP) * scale.max(0.25)).round() as u32
    } else {
        0
    }
}

/// The scale at which `panels` pictures of a `pw` × `ph` photo, the gap and the caption strip fit
/// the longest side the options ask for (1 when there is no limit or all fits at full size).
fn fit_scale(pw: u32, ph: u32, panels: u32, options: &ExportOptions) -> f64 {
    let full_width = pw * panels + gap_px(panels, 1.0);
    let Some(m) = options.max_side.filter(|&m| m > 0) else {
        return 1.0;
    };
    let mut scale = (f64::from(m) / f64::from(full_width.max(ph))).min(1.0);
    // The gap and the caption strip count towards the longest side too: shrink until all fits.
    for _ in 0..8 {
        let (w, h) = scaled_size(pw, ph, scale);
        let gap = gap_px(panels, scale);
        let strip = if options.caption {
            caption_height(w * panels + gap, h)
        } else {
            0
        };
        let longest = (w * panels + gap).max(h + strip);
        if longest <= m {
            break;
        }
        scale *= f64::from(m) / f64::from(longest);
    }
    scale
}

/// Lays out before and after for `photo` with the dots of `scene`.
pub fn compose(
    photo: RgbImage,
    scene: &Scene,
    project: &Project,
    options: &ExportOptions,
) -> RgbImage {
    let (pw, ph) = photo.dimensions();
    let panels = if matches!(options.layout, Layout::SideBySide | Layout::ContactSheet) {
        2
    } else {
        1
    };
    let scale = fit_scale(pw, ph, panels, options);
    if scale >= 1.0 && options.layout == Layout::After && !options.caption {
        // The mock-up alone at full size composites in place: no second copy of a large photo.
        return render_full(photo, scene);
    }
    let (w, h) = scaled_size(pw, ph, scale);
    let view = View {
        x0: 0.0,
        y0: 0.0,
        scale,
    };
    // One working picture: first the photo (copied where "before" shows), then composited in place
    // into "after". At full size that keeps the photo and the output canvas as the only big buffers.
    let mut picture = if scale < 1.0 {
        resample(&photo, view, w, h)
    } else {
        photo
    };
    let gap = gap_px(panels, scale);
    let body_width = w * panels + gap;
    let strip = if options.caption {
        caption_height(body_width, h)
    } else {
        0
    };
    let mut out = RgbImage::from_pixel(body_width, h + strip, Rgb([250, 250, 248]));
    let half = w / 2;
    match options.layout {
        Layout::After | Layout::Sheet => {}
        Layout::SideBySide | Layout::ContactSheet => {
            image::imageops::replace(&mut out, &picture, 0, 0);
        }
        Layout::Split => image::imageops::replace(&mut out, &*picture.view(0, 0, half, h), 0, 0),
    }
    scene.draw(&mut picture, view);
    match options.layout {
        Layout::After | Layout::Sheet => image::imageops::replace(&mut out, &picture, 0, 0),
        Layout::SideBySide | Layout::ContactSheet => {
            image::imageops::replace(&mut out, &picture, i64::from(w + gap), 0);
        }
        Layout::Split => {
            image::imageops::replace(
                &mut out,
                &*picture.view(half, 0, w - half, h),
                i64::from(half),
                0,
            );
            let line = (w / 800).max(2);
            for y in 0..h {
                for x in half.saturating_sub(line / 2)..(half + line / 2 + 1).min(w) {
                    out.put_pixel(x, y, Rgb([255, 255, 255]));
                }
            }
        }
    }
    drop(picture);
    if options.caption {
        let size = (h as f32 * 0.035).clamp(12.0, 96.0);
        let (margin, baseline) = (size * 0.6, size * 1.4);
        let after_x = match options.layout {
            Layout::After | Layout::Sheet => None,
            Layout::SideBySide | Layout::ContactSheet => Some((w + gap) as f32 + margin),
            Layout::Split => Some(w as f32 - text_width("After", size) - margin),
        };
        if let Some(x) = after_x {
            label(&mut out, "Before", margin, baseline, size);
            label(&mut out, "After", x, baseline, size);
        }
        draw_caption(&mut out, h, strip, project, options.disclaimer);
    }
    out
}

/// A `width` × `height` image scaled by `scale`, rounded, at least one pixel each way.
pub(super) fn scaled_size(width: u32, height: u32, scale: f64) -> (u32, u32) {
    (
        ((f64::from(width) * scale).round() as u32).max(1),
        ((f64::from(height) * scale).round() as u32).max(1),
    )
}

/// The file for view `name` when every view is exported: `OUT-<name>.png` beside `OUT.png` (or
/// `.jpg` beside a JPEG).
pub fn view_file(output: &Path, name: &str) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mock-up".into());
    let tag = file_slug(name).unwrap_or_else(|| "view".into());
    let ext = super::png::Format::of(output).extension();
    output.with_file_name(format!("{stem}-{tag}.{ext}"))
}
