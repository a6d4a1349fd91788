//! The consultation sheet: a PDF plan the clinic hands to the client, with each view's before and
//! after, the design in practitioner terms (zones, needles, shades, dots), the sessions and their
//! interval, the healing timeline with aftercare basics, and room for the practitioner, clinic,
//! price, notes and signatures (the project holds none of those). Every page carries the
//! "Simulation — results vary" note.
//!
//! The sheet is made from the project and its photos, already loaded by the caller: apart from
//! writing the PDF (atomically, like every other output) this module does no file I/O.
//!
//! `layout` flows text and tables onto A4 pages as plain marks (measured with the font in
//! `measure`), `plan` words the design, `sections` says what goes where and `pdf` turns the marks
//! into a PDF (with `krilla`, which embeds the bundled font subset to the glyphs used).

mod layout;
mod measure;
mod pdf;
mod plan;
mod sections;

use std::path::Path;
use std::sync::Arc;

use image::RgbImage;

use crate::engine::composite::resample;
use crate::engine::error::{Error, Result};
use crate::engine::files::{Mode, write_atomic};
use crate::engine::hair::detect_hair;
use crate::engine::pigment::Stage;
use crate::engine::project::Project;
use crate::engine::render::{PatternCache, ScarLight, Scene, dot_counts, render_view};
use crate::engine::units::View;

pub use plan::{INTERVAL, needle_label, thousands};
pub use sections::TITLE_TEXT;

/// Longest side of each before or after picture in the sheet, pixels: about 470 dpi at the size
/// printed, sharp on paper and when zoomed on screen, while a sheet of several views stays a few
/// megabytes.
pub const MAX_PICTURE_SIDE: u32 = 1600;

/// JPEG quality of the pictures: no visible loss at print size, a tenth of the size of PNG.
const JPEG_QUALITY: u8 = 85;

/// Writes the consultation sheet of `project` to `out` (see [`sheet_pdf`]), atomically: a failed
/// write leaves no file behind and any older file at `out` untouched.
pub fn write_sheet(project: &Project, photos: &[RgbImage], out: &Path) -> Result<()> {
    write_sheet_as(project, photos, out, Mode::Write)
}

/// [`write_sheet`], writing the file as `mode` says ([`Mode::Create`]: only if no file of that
/// name is there when it is written).
pub fn write_sheet_as(
    project: &Project,
    photos: &[RgbImage],
    out: &Path,
    mode: Mode,
) -> Result<()> {
    // Check the destination before the rendering, which takes a while on real photos.
    if out.is_dir() {
        return Err(Error::write(
            out,
            "is a folder; choose a file name for the sheet",
        ));
    }
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder.is_dir()
    {
        let why = if folder.exists() {
            "is a file, not a folder"
        } else {
            "does not exist"
        };
        return Err(Error::write(
            out,
            format!("cannot save: the folder {} {why}", folder.display()),
        ));
    }
    let bytes = sheet_pdf(project, photos)?;
    write_atomic(out, mode, |w| {
        w.write_all(&bytes).map_err(|e| e.to_string())
    })
}

/// The consultation sheet of `project` as PDF bytes. `photos` holds each view's photo in view
/// order, upright and at full size (the layers are drawn in its pixel coordinates).
///
/// The pictures show the healed result after every session, whatever stage or session the
/// project currently shows: the sheet is the plan, and its healing section explains the fresh
/// look. Hidden layers are left out of both the pictures and the tables.
pub fn sheet_pdf(project: &Project, photos: &[RgbImage]) -> Result<Vec<u8>> {
    project.validate().map_err(Error::Invalid)?;
    if photos.len() != project.views.len() {
        return Err(Error::Invalid(format!(
            "the consultation sheet needs one photo per view ({} views, {} photos)",
            project.views.len(),
            photos.len()
        )));
    }
    let mut plan_project = project.clone();
    plan_project.stage = Stage::Healed;
    plan_project.session = None;

    let mut jpegs = Vec::with_capacity(2 * photos.len());
    let mut sizes = Vec::with_capacity(photos.len());
    let mut counts = Vec::with_capacity(photos.len());
    let mut cache = PatternCache::default();
    for (i, photo) in photos.iter().enumerate() {
        let view = plan_project.with_view(i);
        let (w, h) = photo.dimensions();
        if w == 0 || h == 0 {
            return Err(Error::Invalid(format!(
                "view \"{}\": the photo is empty",
                view.view().name
            )));
        }
        // Thinning-hair layers keep off the client's hair, as in every other render.
        let hair = view.view().needs_hair().then(|| {
            Arc::new(detect_hair(
                photo,
                view.view().scale.px_per_mm,
                &view.view().hair,
            ))
        });
        let scene = Scene::new(&view, photo, hair.clone(), &mut cache)?;
        let light = ScarLight::measure(&view, photo, hair.as_deref(), &scene.optics);
        counts.push(dot_counts(
            &view,
            w,
            h,
            hair.as_deref(),
            &light,
            &mut cache,
        )?);
        let scale = (f64::from(MAX_PICTURE_SIDE) / f64::from(w.max(h))).min(1.0);
        let (pw, ph) = (
            ((f64::from(w) * scale).round() as u32).max(1),
            ((f64::from(h) * scale).round() as u32).max(1),
        );
        let window = View {
            x0: 0.0,
            y0: 0.0,
            scale,
        };
        jpegs.push(jpeg(&resample(photo, window, pw, ph))?);
        jpegs.push(jpeg(&render_view(photo, window, pw, ph, &scene))?);
        sizes.push(sections::PictureSize {
            width: pw,
            height: ph,
        });
    }

    let plans: Vec<plan::ViewPlan> = project
        .views
        .iter()
        .zip(&counts)
        .map(|(v, c)| plan::view_plan(v, c))
        .collect();
    let paired: Vec<_> = project.views.iter().zip(counts).collect();
    let sessions = plan::sessions(&paired);

    let flow = lay_out(project, &plans, &sizes, &sessions);
    let client: Vec<&str> = [
        "Follicle consultation plan",
        project.client.name.trim(),
        project.client.date.trim(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect();
    let title = match project.client.name.trim() {
        "" => TITLE_TEXT.to_string(),
        name => format!("{TITLE_TEXT} — {name}"),
    };
    pdf::write(
        &flow.pages,
        &pdf::Parts {
            title,
            footer: client.join(" · "),
            jpegs: &jpegs,
        },
    )
}

/// Every section on its pages: the pictures on their own (the page a client looks at first), then
/// the plan.
fn lay_out(
    project: &Project,
    plans: &[plan::ViewPlan],
    sizes: &[sections::PictureSize],
    sessions: &[plan::Session],
) -> layout::Flow {
    let mut flow = layout::Flow::new();
    sections::header(&mut flow, project);
    sections::pictures(&mut flow, plans, sizes, sessions.len() as u32);
    flow.new_page();
    sections::design(&mut flow, plans);
    sections::sessions(&mut flow, sessions);
    sections::healing(&mut flow);
    sections::notes_and_signatures(&mut flow, project);
    flow
}

fn jpeg(image: &RgbImage) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(image)
        .map_err(|e| {
            Error::Invalid(format!(
                "cannot make the consultation sheet: a picture could not be encoded ({e})"
            ))
        })?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::layout::{CONTENT_BOTTOM, Flow, MARGIN, Mark, PAGE_WIDTH};
    use super::measure::Measure;
    use super::plan::{ViewPlan, sessions, view_plan};
    use super::sections::{PictureSize, pictures};
    use super::*;
    use crate::engine::project::Client;
    use crate::engine::units::Scale;

    #[test]
    fn everything_stays_inside_the_margins() {
        let mut project = Project::new("front.jpg".into(), Scale::calibrated(8.0), 1);
        project.client = Client {
            name: "A client with a rather long name".into(),
            date: "2026-11-25".into(),
        };
        let base = project.views[0].layers[0].clone();
        project.views[0].layers = crate::engine::project::Layer::split_into_sessions(&base, 4);
        let counts = vec![123_456; 4];
        let plans = vec![view_plan(&project.views[0], &counts)];
        let plan = sessions(&[(&project.views[0], counts)]);
        let sizes = [PictureSize {
            width: 3000,
            height: 2000,
        }];
        let flow = lay_out(&project, &plans, &sizes, &plan);
        let measure = Measure::new();
        let (left, right) = (MARGIN - 0.01, PAGE_WIDTH - MARGIN + 0.01);
        for mark in flow.pages.iter().flatten() {
            let (x0, x1, y) = match mark {
                Mark::Text {
                    x, y, size, text, ..
                } => (*x, x + measure.width(text, *size), *y),
                Mark::Line { from, to, .. } => (from[0].min(to[0]), from[0].max(to[0]), to[1]),
                Mark::Rect { x, y, w, h, .. } => (*x, x + w, y + h),
                Mark::Circle { cx, cy, r, .. } => (cx - r, cx + r, cy + r),
                Mark::Image { x, y, w, h, .. } => (*x, x + w, y + h),
            };
            assert!(x0 >= left && x1 <= right && y <= CONTENT_BOTTOM, "{mark:?}");
        }
    }

    #[test]
    fn pictures_of_any_shape_keep_it_and_stay_on_the_page() {
        let shapes = [
            (3000, 2000),
            (1000, 3000),
            (4000, 400),
            (2000, 2000),
            (600, 800),
        ];
        let sizes: Vec<PictureSize> = shapes
            .iter()
            .map(|&(width, height)| PictureSize { width, height })
            .collect();
        let plans: Vec<ViewPlan> = (0..shapes.len())
            .map(|k| ViewPlan {
                name: format!("View {k}"),
                zones: Vec::new(),
                calibrated: true,
            })
            .collect();
        let mut flow = Flow::new();
        pictures(&mut flow, &plans, &sizes, 3);
        assert!(flow.pages.len() >= 2, "five views need more than a page");
        let mut indices = Vec::new();
        for page in &flow.pages {
            for mark in page {
                if let Mark::Image { index, x, y, w, h } = *mark {
                    assert!(
                        x >= MARGIN - 0.01 && x + w <= PAGE_WIDTH - MARGIN + 0.01,
                        "{mark:?}"
                    );
                    assert!(y >= 0.0 && y + h <= CONTENT_BOTTOM, "{mark:?}");
                    let (pw, ph) = shapes[index / 2];
                    let shape = pw as f32 / ph as f32;
                    assert!(
                        (w / h - shape).abs() < 0.01 * shape,
                        "{mark:?} is not {pw} × {ph}"
                    );
                    indices.push(index);
                }
            }
        }
        // Before and after of every view, in order.
        assert_eq!(indices, (0..2 * shapes.len()).collect::<Vec<_>>());
    }
}
