//! PNG mock-ups for the client: layouts, a caption strip, and the project embedded in the file so an
//! exported mock-up can be opened again as a project.

use std::io::{BufWriter, Write};
use std::path::Path;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GenericImageView, Rgb, RgbImage};
use serde::{Deserialize, Serialize};

use crate::engine::composite::View;
use crate::engine::composite::resample;
use crate::engine::error::{Error, Result, describe_io};
use crate::engine::project::Project;
use crate::engine::render::Scene;

/// PNG text keyword under which the project is embedded.
pub const PROJECT_KEYWORD: &str = "follicle:project";

/// The note every mock-up carries unless the practitioner turns it off.
pub const DISCLAIMER: &str = "Simulation — results vary";

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
}

/// What to put around the picture.
#[derive(Clone, Debug, PartialEq)]
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

const GAP: u32 = 8;

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
    let full_width = pw * panels + if panels == 2 { GAP } else { 0 };
    let mut scale = match options.max_side {
        Some(m) if m > 0 && full_width.max(ph) > m => f64::from(m) / f64::from(full_width.max(ph)),
        _ => 1.0,
    };
    // The gap and the caption strip count towards the longest side too: shrink until all fits.
    if let Some(m) = options.max_side.filter(|&m| m > 0) {
        for _ in 0..8 {
            let (w, h) = scaled_size(pw, ph, scale);
            let gap = if panels == 2 {
                (f64::from(GAP) * scale.max(0.25)).round() as u32
            } else {
                0
            };
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
    let gap = if panels == 2 {
        (f64::from(GAP) * scale.max(0.25)).round() as u32
    } else {
        0
    };
    let body_width = w * panels + gap;
    let strip = if options.caption {
        caption_height(body_width, h)
    } else {
        0
    };
    let mut out = RgbImage::from_pixel(body_width, h + strip, Rgb([250, 250, 248]));
    let half = w / 2;
    match options.layout {
        Layout::After => {}
        Layout::SideBySide | Layout::ContactSheet => {
            image::imageops::replace(&mut out, &picture, 0, 0)
        }
        Layout::Split => image::imageops::replace(&mut out, &*picture.view(0, 0, half, h), 0, 0),
    }
    scene.draw(&mut picture, view);
    match options.layout {
        Layout::After => image::imageops::replace(&mut out, &picture, 0, 0),
        Layout::SideBySide | Layout::ContactSheet => {
            image::imageops::replace(&mut out, &picture, i64::from(w + gap), 0)
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
            Layout::After => None,
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
fn scaled_size(width: u32, height: u32, scale: f64) -> (u32, u32) {
    (
        ((f64::from(width) * scale).round() as u32).max(1),
        ((f64::from(height) * scale).round() as u32).max(1),
    )
}

/// The file for view `name` when every view is exported: OUT-<name>.png beside OUT.png.
pub fn view_file(output: &Path, name: &str) -> std::path::PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mock-up".into());
    let tag = crate::engine::project::file_slug(name).unwrap_or_else(|| "view".into());
    output.with_file_name(format!("{stem}-{tag}.png"))
}

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

fn caption_height(width: u32, height: u32) -> u32 {
    ((width.max(height) as f32 * 0.04) as u32).clamp(28, 220)
}

/// The caption font, bundled with the program (None only if the bundled bytes were damaged, in
/// which case captions lose their text rather than the export failing).
fn font() -> Option<FontRef<'static>> {
    FontRef::try_from_slice(epaint_default_fonts::UBUNTU_LIGHT)
        .or_else(|_| FontRef::try_from_slice(epaint_default_fonts::HACK_REGULAR))
        .ok()
}

fn text_width(text: &str, size: f32) -> f32 {
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
fn label(image: &mut RgbImage, text: &str, x: f32, baseline: f32, size: f32) {
    let halo = (size / 14.0).max(1.0);
    for (dx, dy) in [(-halo, 0.0), (halo, 0.0), (0.0, -halo), (0.0, halo)] {
        draw_text(image, text, x + dx, baseline + dy, size, [20, 20, 20]);
    }
    draw_text(image, text, x, baseline, size, [250, 250, 250]);
}

fn draw_caption(image: &mut RgbImage, top: u32, strip: u32, project: &Project, disclaimer: bool) {
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

/// Writes `image` as a PNG at `out` (atomically: all or nothing), embedding `project` with its photo
/// paths made relative to the PNG's folder. The project's photo paths must be where the photos
/// really are (see [`Project::resolve_photos`]).
pub fn write_png(image: &RgbImage, out: &Path, project: &Project) -> Result<()> {
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let embedded = project.relative_to(folder);
    let text = embedded.try_to_ron().map_err(|e| {
        Error::write(
            out,
            format!(
                "cannot write: the photo's path cannot be stored ({e}); rename the photo or its folder"
            ),
        )
    })?;
    write_atomic_stream(out, |w| {
        let mut encoder = png::Encoder::new(w, image.width(), image.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder
            .add_itxt_chunk(PROJECT_KEYWORD.to_string(), text)
            .map_err(|e| e.to_string())?;
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(image.as_raw())
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())
    })
}

/// Streams into a temporary file beside `path`, then renames it into place. Nothing is left behind
/// on failure, and an existing file at `path` stays untouched until the new one is complete.
pub fn write_atomic_stream(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut std::fs::File>) -> std::result::Result<(), String>,
) -> Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |e: std::io::Error| Error::write(path, format!("cannot write: {}", describe_io(&e)));
    if path.is_dir() {
        return Err(Error::write(path, "is a folder"));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".follicle-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(io)?;
    {
        let mut buffered = BufWriter::with_capacity(1 << 20, temp.as_file_mut());
        write(&mut buffered).map_err(|m| Error::write(path, format!("cannot write: {m}")))?;
        buffered.flush().map_err(io)?;
    }
    temp.as_file().sync_all().map_err(io)?;
    readable_by_others(temp.as_file());
    temp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// The project embedded in an exported PNG, if any.
pub fn embedded_project(png_path: &Path) -> Result<Option<String>> {
    let file =
        std::fs::File::open(png_path).map_err(|e| Error::project(png_path, describe_io(&e)))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_ignore_text_chunk(false);
    let reader = decoder
        .read_info()
        .map_err(|e| Error::project(png_path, format!("not a readable PNG ({e})")))?;
    for chunk in &reader.info().utf8_text {
        if chunk.keyword == PROJECT_KEYWORD {
            let text = chunk
                .get_text()
                .map_err(|_| Error::project(png_path, "the embedded project is damaged"))?;
            return Ok(Some(text));
        }
    }
    Ok(None)
}

/// Temporary files are private (0600); a saved document should have the usual permissions.
pub(crate) fn readable_by_others(file: &std::fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// The project in `path`: a `.ron` or `.follicle` project file, or an exported mock-up PNG that
/// embeds one.
/// `Ok(None)` for any other file (a photo, say); an unreadable or damaged project is an error.
pub fn project_in(path: &Path) -> Result<Option<Project>> {
    if crate::engine::project::is_project_path(path) {
        return Project::load(path).map(Some);
    }
    if !is_png(path) {
        return Ok(None);
    }
    match embedded_project(path)? {
        Some(text) => Project::from_ron(&text, path).map(Some),
        None => Ok(None),
    }
}

/// True if `path` starts with the PNG signature (only those 8 bytes are read).
pub fn is_png(path: &Path) -> bool {
    let mut signature = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut signature))
        .is_ok()
        && signature == *b"\x89PNG\r\n\x1a\n"
}
