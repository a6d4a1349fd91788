//! The consultation sheet (PDF), read back with poppler-utils: `pdftoppm` rasterises its pages to
//! check the pictures, `pdftotext` checks that the plan says what the project holds and
//! `pdffonts` that its font travels with it. Set `FOLLICLE_SHEET_OUT` to a folder to keep the
//! sheets written here for a look.

#[path = "../common/mod.rs"]
mod common;
mod files;
mod pictures;
mod plan;

use std::path::{Path, PathBuf};

use follicle::engine::geometry::{Region, RegionOp, Scar, ScarShape};
use follicle::engine::presets;
use follicle::engine::project::{Client, Layer, Project, ScalpView};
use follicle::engine::render::{PatternCache, ScarLight, dot_counts, skin_optics};
use follicle::engine::sheet::write_sheet;
use follicle::engine::styles::Frame;
use follicle::engine::units::Scale;
use follicle::testing::sample;
use image::RgbImage;

pub const CLIENT: &str = "Jordan Example";
pub const DATE: &str = "2026-11-25";
/// Rasterising resolution: A4 is 413 × 585 pixels.
pub const DPI: u32 = 50;

/// Two views: a front with a soft hairline and a density zone split into three sessions, and a
/// crown with a whole-photo density layer and a strip scar under its own camouflage layer
/// (session 2).
pub fn consultation() -> (Project, Vec<RgbImage>) {
    let (fw, fh) = (720, 480);
    let front_ppm = sample::SAMPLE_PX_PER_MM * f64::from(fw) / 3000.0;
    let mut project = Project::new("front.jpg".into(), Scale::calibrated(front_ppm), 11);
    project.client = Client {
        name: CLIENT.into(),
        date: DATE.into(),
    };
    let mut hairline = Layer::whole("Soft front", 12);
    presets::find("soft-hairline", &[])
        .expect("built-in preset")
        .apply(&mut hairline, Some(Frame::default_for(fw, fh, front_ppm)));
    let mut layers = vec![hairline];
    layers.extend(Layer::split_into_sessions(&Layer::whole("Density", 13), 3));
    project.views[0].layers = layers;

    let mut crown = ScalpView::new("Crown", "crown.jpg".into(), Scale::calibrated(8.0), 21);
    let mut scar = Layer::whole("Donor scar", 22);
    presets::find("scar-camouflage", &[])
        .expect("built-in preset")
        .apply(&mut scar, None);
    scar.scar = Some(Scar::new(ScarShape::Strip {
        points: vec![[40.0, 150.0], [200.0, 140.0], [360.0, 150.0]],
        width_mm: 3.0,
        widths_mm: Vec::new(),
    }));
    scar.session = 2;
    crown.layers.push(scar);
    project.views.push(crown);

    // The donor scar is lighter than the scalp around it (3 mm at 8 px/mm): the camouflage darkens
    // it to match.
    let mut crown = common::skin(400, 300, 5);
    for (x, y, p) in crown.enumerate_pixels_mut() {
        let along = if x < 200 {
            150.0 - 10.0 * x.saturating_sub(40) as f32 / 160.0
        } else {
            140.0 + 10.0 * (x - 200) as f32 / 160.0
        };
        if (40..=360).contains(&x) && (y as f32 - along).abs() < 11.0 {
            *p = image::Rgb(p.0.map(|v| (f32::from(v) * 1.2).min(255.0) as u8));
        }
    }
    let photos = vec![sample::scalp_photo(fw, fh, 3), crown];
    (project, photos)
}

/// Dots of each layer of view `i`, as the renderer counts them.
pub fn counts(project: &Project, photos: &[RgbImage], i: usize) -> Vec<usize> {
    let (w, h) = photos[i].dimensions();
    let view = project.with_view(i);
    let optics = skin_optics(view.view(), &photos[i]);
    dot_counts(
        &view,
        w,
        h,
        None,
        &ScarLight::measure(&view, &photos[i], None, &optics),
        &mut PatternCache::default(),
    )
    .expect("the dots fit the budget")
}

pub fn keep_for_a_look(pdf: &Path, name: &str) {
    if let Some(dir) = std::env::var_os("FOLLICLE_SHEET_OUT") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create FOLLICLE_SHEET_OUT");
        std::fs::copy(pdf, dir.join(name)).expect("copy the sheet");
    }
}

/// Writes the sheet of `project` into a new temporary folder: (folder, PDF path).
pub fn written(project: &Project, photos: &[RgbImage], name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("plan.pdf");
    write_sheet(project, photos, &pdf).expect("write the sheet");
    keep_for_a_look(&pdf, name);
    (dir, pdf)
}

/// One view whose only layer covers the top half of the photo.
pub fn top_half_project() -> (Project, Vec<RgbImage>) {
    let (w, h) = (common::W, common::H);
    let mut project = Project::new("top.jpg".into(), Scale::calibrated(common::PX_PER_MM), 5);
    project.views[0].layers[0].region = Region {
        whole: false,
        ops: vec![RegionOp::Polygon {
            points: vec![
                [0.0, 0.0],
                [w as f32, 0.0],
                [w as f32, h as f32 / 2.0],
                [0.0, h as f32 / 2.0],
            ],
            feather_mm: 0.0,
        }],
    };
    (project, vec![common::skin(w, h, 9)])
}
