//! The desktop app, driven as a practitioner would: menus, sliders, keys and the canvas, found by
//! their labels, with a scripted file picker instead of native dialogs.
#![cfg(feature = "gui")]

#[path = "common/app.rs"]
mod app_common;
use app_common::{click_at, drag, project_of, screen, settle};

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use follicle::app::dialogs::Purpose;
use follicle::app::{FollicleApp, Options};
use follicle::engine::geometry::RegionOp;
use follicle::engine::project::Project;
use follicle::engine::units::Scale;
use follicle::testing::ScriptedPicker;
use follicle::testing::sample::skin_patch;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        skin_patch(600, 400, [200, 160, 135], 3)
            .save(dir.path().join("client.png"))
            .expect("photo");
        let mut project = Project::new(PathBuf::from("client.png"), Scale::calibrated(6.0), 42);
        project.view_mut().layers[0].density = 100.0;
        project.view_mut().layers[0].dot_mm = 0.3;
        project
            .save(&dir.path().join("consult.ron"))
            .expect("project");
        Fixture { dir }
    }

    fn at(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn app(
    file: Option<PathBuf>,
    answers: Vec<Option<PathBuf>>,
) -> (
    Harness<'static, FollicleApp>,
    std::sync::Arc<std::sync::Mutex<Vec<Purpose>>>,
) {
    let picker = ScriptedPicker::new(answers);
    let asked = picker.asked.clone();
    (app_with(file, picker), asked)
}

fn app_with(file: Option<PathBuf>, picker: ScriptedPicker) -> Harness<'static, FollicleApp> {
    app_filing(file, picker, None)
}

/// The app filing new consultations in `consultations` (a folder per client).
fn app_filing(
    file: Option<PathBuf>,
    picker: ScriptedPicker,
    consultations: Option<PathBuf>,
) -> Harness<'static, FollicleApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(1000)
        .build_eframe(move |cc| {
            FollicleApp::new(
                cc,
                Options {
                    file,
                    picker: Box::new(picker),
                    // No saved presets: the pictures must not depend on the machine.
                    presets_dir: Some(std::env::temp_dir().join("follicle-tests-no-presets")),
                    autosave: None,
                    consultations_dir: consultations,
                },
            )
        })
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one consultation from start to finish, step by step"
)]
fn a_whole_consultation() {
    let fx = Fixture::new();
    let (mut h, asked) = app(
        None,
        vec![Some(fx.at("consult.ron")), Some(fx.at("mockup.png"))],
    );
    h.run();

    // Start screen → File › Open project…
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Open project…").click();
    settle(&mut h);
    assert_eq!(asked.lock().expect("lock")[0], Purpose::OpenProject);
    assert_eq!(project_of(&h).view().layers[0].density, 100.0);
    let before_counts = h.state().dot_counts()[0];
    assert!(before_counts > 1000, "dots counted: {before_counts}");

    // Density up: the preview follows, with more dots.
    h.get_by_role_and_label(Role::Slider, "Density (impressions/cm²)")
        .set_value_accesskit(200.0);
    settle(&mut h);
    assert_eq!(project_of(&h).view().layers[0].density, 200.0);
    let after_counts = h.state().dot_counts()[0];
    assert!(
        after_counts as f64 > before_counts as f64 * 1.8,
        "{before_counts} → {after_counts}"
    );
    assert!(h.state().document().expect("doc").is_dirty());

    // Undo brings it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(project_of(&h).view().layers[0].density, 100.0);

    // Paint a stroke with the brush: a region operation in photo coordinates.
    h.get_by_label("Brush (B)").click();
    h.run();
    let (a, b) = (screen(&h, 100.0, 100.0), screen(&h, 400.0, 250.0));
    drag(&mut h, a, b);
    settle(&mut h);
    let ops = project_of(&h).view().layers[0].region.ops.clone();
    let Some(RegionOp::Paint { points, .. }) = ops.last() else {
        panic!("no stroke: {ops:?}")
    };
    let (first, last) = (points[0], points[points.len() - 1]);
    assert!(
        (first[0] - 100.0).abs() < 6.0 && (first[1] - 100.0).abs() < 6.0,
        "{first:?}"
    );
    assert!(
        (last[0] - 400.0).abs() < 6.0 && (last[1] - 250.0).abs() < 6.0,
        "{last:?}"
    );

    // Hairline: three clicks, then drag the middle point down.
    h.get_by_label("Hairline (H)").click();
    h.run();
    for (x, y) in [(80.0, 200.0), (300.0, 150.0), (520.0, 200.0)] {
        let p = screen(&h, x, y);
        click_at(&mut h, p);
    }
    settle(&mut h);
    let hairline = project_of(&h).view().layers[0]
        .hairline
        .clone()
        .expect("a hairline");
    assert_eq!(hairline.points.len(), 3, "{:?}", hairline.points);
    let (from, to) = (screen(&h, 300.0, 150.0), screen(&h, 300.0, 220.0));
    drag(&mut h, from, to);
    settle(&mut h);
    let moved = project_of(&h).view().layers[0]
        .hairline
        .clone()
        .expect("a hairline")
        .points[1];
    assert!(
        (moved[1] - 220.0).abs() < 6.0 && (moved[0] - 300.0).abs() < 6.0,
        "moved to {moved:?}"
    );

    // Save with Ctrl+S: the file now holds the stroke and the hairline, and the title mark goes.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert!(!h.state().document().expect("doc").is_dirty());
    let saved = Project::load(&fx.at("consult.ron")).expect("saved project loads");
    assert_eq!(
        saved.view().layers[0]
            .hairline
            .as_ref()
            .map(|h| h.points.len()),
        Some(3)
    );
    assert_eq!(
        saved.view().photo,
        PathBuf::from("client.png"),
        "photo stays relative"
    );
    assert!(fx.at("consult.ron.bak").exists(), "previous version kept");

    // Export through the dialog: a PNG with the project inside.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export mock-up…").click();
    h.run();
    h.get_by_label("Export…").click();
    settle(&mut h);
    let png = image::open(fx.at("mockup.png"))
        .expect("exported PNG")
        .to_rgb8();
    assert_eq!(png.width(), 600);
    assert!(png.height() > 400, "caption strip below the photo");
    let text = follicle::engine::export::embedded_project(&fx.at("mockup.png"))
        .expect("read")
        .expect("embedded");
    let embedded = Project::from_ron(&text, &fx.at("mockup.png")).expect("parses");
    assert_eq!(
        embedded.view().layers[0]
            .hairline
            .as_ref()
            .map(|h| h.points.len()),
        Some(3)
    );
    assert!(
        h.state()
            .status()
            .is_some_and(|m| m.text.contains("Exported"))
    );

    // Reopen from the command line path: everything is back.
    drop(h);
    let (mut again, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut again);
    let reopened = project_of(&again);
    assert_eq!(reopened.view().layers[0].region.ops.len(), 1);
    assert_eq!(
        reopened.view().layers[0]
            .hairline
            .as_ref()
            .map(|h| h.points.len()),
        Some(3)
    );
}

#[test]
fn unsaved_changes_are_not_lost_silently() {
    let fx = Fixture::new();
    let (mut h, asked) = app(Some(fx.at("consult.ron")), vec![None]);
    settle(&mut h);
    h.get_by_role_and_label(Role::Slider, "Needle (mm)")
        .set_value_accesskit(0.25);
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(
        h.state().asking_to_save(),
        "asks before opening another photo"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().asking_to_save());
    assert!(
        (project_of(&h).view().layers[0].dot_mm - 0.1375).abs() < 1e-4,
        "the edit (a 0.25 mm needle) is still there"
    );
    assert!(
        asked.lock().expect("lock").is_empty(),
        "no dialog opened after Cancel"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("Don't save").click();
    settle(&mut h);
    assert_eq!(
        asked.lock().expect("lock").first(),
        Some(&Purpose::OpenPhoto)
    );
    let on_disk = Project::load(&fx.at("consult.ron")).expect("loads");
    assert_eq!(on_disk.view().layers[0].dot_mm, 0.3, "nothing was written");
}

#[test]
fn a_moved_photo_can_be_located() {
    let fx = Fixture::new();
    std::fs::rename(fx.at("client.png"), fx.at("renamed.png")).expect("move photo");
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![Some(fx.at("renamed.png"))]);
    settle(&mut h);
    assert!(h.state().document().is_none());
    h.get_by_label("Locate photo…").click();
    settle(&mut h);
    let doc = h.state().document().expect("opened after locating");
    assert_eq!(doc.photo_path, fx.at("renamed.png"));
    assert!(doc.is_dirty(), "the new location is an unsaved change");
}

#[test]
fn calibration_sets_the_scale() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    h.get_by_label("Calibrate (C)").click();
    h.run();
    let (a, b) = (screen(&h, 100.0, 300.0), screen(&h, 500.0, 300.0));
    drag(&mut h, a, b);
    h.run();
    h.get_by_label("Length (mm)").type_text("40");
    h.run();
    h.get_by_label("Set scale").click();
    settle(&mut h);
    let scale = project_of(&h).view().scale;
    assert!(scale.calibrated);
    assert!(
        (scale.px_per_mm - 10.0).abs() < 0.3,
        "400 px over 40 mm: {}",
        scale.px_per_mm
    );
}

#[test]
fn bad_files_get_a_message_and_no_document() {
    let fx = Fixture::new();
    std::fs::write(fx.at("broken.jpg"), b"not really a jpeg").expect("write");
    let (mut h, _) = app(Some(fx.at("broken.jpg")), vec![]);
    settle(&mut h);
    assert!(h.state().document().is_none());
    let message = h.state().status().expect("a message");
    assert!(
        message.error && message.text.contains("broken.jpg"),
        "{}",
        message.text
    );
}

#[test]
fn the_sample_opens_from_the_start_screen() {
    let (mut h, _) = app(None, vec![]);
    h.run();
    h.get_by_label("Try the sample photo").click();
    settle(&mut h);
    let doc = h.state().document().expect("sample opened");
    assert_eq!(doc.photo.width(), 3000);
    assert!(h.state().dot_counts()[0] > 0);
}

/// A file dropped on the window, as the windowing layer reports it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_photo_starts_a_new_consultation() {
    let fx = Fixture::new();
    let (mut h, _) = app(None, vec![]);
    h.run();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(fx.at("client.png"))));
    settle(&mut h);
    let doc = h.state().document().expect("the dropped photo opened");
    assert_eq!(doc.photo.dimensions(), (600, 400));
    assert!(doc.path.is_none(), "not saved yet");
    assert!(
        !doc.project.view().scale.calibrated,
        "a new photo starts uncalibrated"
    );
    assert_eq!(doc.project.view().layers.len(), 1);
}

/// The active layer's coverage at photo position (x, y) of the 600 × 400 fixture photo.
fn coverage(h: &Harness<'static, FollicleApp>, layer: usize, x: f32, y: f32) -> f32 {
    let project = project_of(h);
    let view = project.view();
    follicle::engine::render::DensityField::new(&view.layers[layer], 600, 400, view.scale.px_per_mm)
        .coverage(x, y)
}

#[test]
fn a_style_fits_the_drawn_temple_points_and_the_hair_side_flips() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    h.get_by_label("Hairline (H)").click();
    h.run();
    for (x, y) in [(60.0, 262.0), (300.0, 160.0), (540.0, 262.0)] {
        let p = screen(&h, x, y);
        click_at(&mut h, p);
    }
    settle(&mut h);
    h.get_by_label("Natural / soft").click();
    settle(&mut h);
    let hairline = project_of(&h).view().layers[0]
        .hairline
        .clone()
        .expect("a hairline");
    let (first, last) = (
        hairline.points[0],
        hairline.points[hairline.points.len() - 1],
    );
    assert!(
        (first[0] - 60.0).abs() < 6.0 && (first[1] - 262.0).abs() < 6.0,
        "the left temple point stays where it was drawn: {first:?}"
    );
    assert!(
        (last[0] - 540.0).abs() < 6.0 && (last[1] - 262.0).abs() < 6.0,
        "the right temple point stays where it was drawn: {last:?}"
    );
    assert!(hairline.points.len() > 3, "the style shapes the line");
    // Hair above the line on a front view, the forehead clear.
    assert!(coverage(&h, 0, 300.0, 30.0) > 0.9, "above the line");
    assert!(coverage(&h, 0, 300.0, 380.0) < 0.05, "below the line");
    h.get_by_label("Hair on the other side").click();
    settle(&mut h);
    assert!(
        coverage(&h, 0, 300.0, 30.0) < 0.05,
        "flipped: above is clear"
    );
    assert!(
        coverage(&h, 0, 300.0, 380.0) > 0.9,
        "flipped: below is covered"
    );
}

#[test]
fn the_first_brush_stroke_says_what_it_did_and_undo_restores_the_whole_photo() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    let whole = h.state().dot_counts()[0];
    assert!(whole > 1000, "{whole}");
    h.get_by_label("Brush (B)").click();
    h.run();
    let (a, b) = (screen(&h, 100.0, 100.0), screen(&h, 200.0, 120.0));
    drag(&mut h, a, b);
    settle(&mut h);
    let painted = h.state().dot_counts()[0];
    assert!(painted > 0 && painted < whole / 2, "{whole} → {painted}");
    let message = h.state().status().expect("a message").text.clone();
    assert!(
        message.contains("only where you paint") && message.contains("Undo"),
        "{message}"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let region = project_of(&h).view().layers[0].region.clone();
    assert!(region.whole && region.ops.is_empty(), "{region:?}");
    assert_eq!(h.state().dot_counts()[0], whole);
}

#[test]
fn sessions_of_one_design_share_the_eraser_and_the_hairline_style() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    h.get_by_label("Add next session").click();
    settle(&mut h);
    assert_eq!(project_of(&h).view().layers.len(), 2);
    assert_eq!(h.state().document().expect("doc").active_layer, 1);
    h.get_by_label("Eraser (E)").click();
    h.run();
    let (a, b) = (screen(&h, 250.0, 200.0), screen(&h, 350.0, 200.0));
    drag(&mut h, a, b);
    settle(&mut h);
    h.get_by_label("Female (rounded)").click();
    settle(&mut h);
    let project = project_of(&h);
    let (one, two) = (&project.view().layers[0], &project.view().layers[1]);
    assert_eq!(one.region.ops.len(), 1, "session 1 is erased too");
    assert_eq!(one.region, two.region);
    assert!(one.hairline.is_some());
    assert_eq!(one.hairline, two.hairline);
    // Erased where the stroke went, in both sessions.
    assert!(coverage(&h, 0, 300.0, 200.0) < 0.05 && coverage(&h, 1, 300.0, 200.0) < 0.05);
}

#[test]
fn the_shade_field_takes_back_what_it_shows() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    let dilution = f64::from(project_of(&h).view().layers[0].dilution);
    // Click the value to type into it, as a user does.
    let field = h
        .query_all_by_role(Role::SpinButton)
        .find(|n| n.accesskit_node().numeric_value() == Some(dilution))
        .expect("the shade's value field");
    field.click();
    h.run();
    h.input_mut().events.push(egui::Event::Text("5:1".into()));
    h.run();
    h.key_press(Key::Enter);
    settle(&mut h);
    assert_eq!(project_of(&h).view().layers[0].dilution, 5.0);
}

#[test]
fn feedback_follows_what_happened() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("client.png")), vec![]);
    settle(&mut h);
    let status = |h: &Harness<'static, FollicleApp>| {
        h.state()
            .status()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    };
    assert!(status(&h).contains("Set the scale"), "{}", status(&h));
    h.get_by_label("Calibrate (C)").click();
    h.run();
    let (a, b) = (screen(&h, 100.0, 300.0), screen(&h, 500.0, 300.0));
    drag(&mut h, a, b);
    h.run();
    h.get_by_label("Length (mm)").type_text("40");
    h.run();
    h.get_by_label("Set scale").click();
    settle(&mut h);
    assert!(!status(&h).contains("Set the scale"), "{}", status(&h));
    assert!(status(&h).contains("Scale set: 10.0"), "{}", status(&h));

    // Below the fold of the layer panel at this size: scroll to it first.
    h.get_by_label("Full shaved look").scroll_to_me();
    h.run();
    h.get_by_label("Full shaved look").click();
    settle(&mut h);
    assert!(status(&h).contains("applied"), "{}", status(&h));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(status(&h).starts_with("Undid: "), "{}", status(&h));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    assert!(status(&h).starts_with("Redid: "), "{}", status(&h));

    // Holding \ shows the photo, and the caption says so.
    h.get_by_label("Split before/after").click();
    settle(&mut h);
    h.get_by_label("After");
    h.key_down(Key::Backslash);
    h.run_steps(2);
    h.get_by_label("Before (release \\ for after)");
    assert!(h.query_by_label("After").is_none(), "still labelled After");
    h.key_up(Key::Backslash);
    h.run_steps(2);
    h.get_by_label("After");
}

/// How many pixels of `image` inside `rect` (screen points, 1 px per point) look like the
/// hairline guide's yellow.
fn guide_pixels(image: &image::RgbaImage, rect: egui::Rect) -> usize {
    let mut n = 0;
    for y in rect.top() as u32..rect.bottom() as u32 {
        for x in rect.left() as u32..rect.right() as u32 {
            let p = image.get_pixel(x, y);
            if p[0] > 200 && p[1] > 160 && p[2] < 130 {
                n += 1;
            }
        }
    }
    n
}

fn mean_luma(image: &image::RgbaImage, rect: egui::Rect) -> f64 {
    let (mut sum, mut n) = (0.0, 0.0);
    for y in rect.top() as u32..rect.bottom() as u32 {
        for x in rect.left() as u32..rect.right() as u32 {
            let p = image.get_pixel(x, y);
            sum += 0.3 * f64::from(p[0]) + 0.59 * f64::from(p[1]) + 0.11 * f64::from(p[2]);
            n += 1.0;
        }
    }
    sum / n
}

#[test]
fn show_treatment_and_show_guides_are_separate() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    h.get_by_label("Straight (edge-up)").click();
    settle(&mut h);
    let photo = egui::Rect::from_min_max(screen(&h, 10.0, 10.0), screen(&h, 590.0, 390.0));
    let both = h.render().expect("render");
    h.get_by_label("Show guides").click();
    settle(&mut h);
    let no_guides = h.render().expect("render");
    h.get_by_label("Show treatment").click();
    settle(&mut h);
    let neither = h.render().expect("render");
    let (g1, g2) = (guide_pixels(&both, photo), guide_pixels(&no_guides, photo));
    assert!(g1 > 100 && g2 < g1 / 10, "guide pixels {g1} → {g2}");
    // Hiding the guides left the dots; hiding the treatment takes them away.
    let (dots, plain) = (mean_luma(&no_guides, photo), mean_luma(&neither, photo));
    assert!(
        plain > dots + 2.0,
        "with dots {dots:.1}, without {plain:.1}"
    );
    h.get_by_label("Treatment hidden (O shows it)");
}

/// Settings kept in memory, standing in for eframe's settings file.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_string(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

fn export_through_the_window(h: &mut Harness<'static, FollicleApp>, layout: Option<&str>) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export mock-up…").click();
    h.run();
    if let Some(layout) = layout {
        h.get_by_label("Layout").click();
        h.run();
        // The choice in the open list (the tool bar may have a button of the same name).
        h.query_all_by_label(layout)
            .last()
            .expect("the layout in the list")
            .click();
        h.run();
    }
    h.get_by_label("Export…").click();
    settle(h);
}

#[test]
fn exporting_dates_the_mock_up_leaves_the_project_saved_and_is_remembered() {
    let fx = Fixture::new();
    let (mut h, _) = app(
        Some(fx.at("consult.ron")),
        vec![Some(fx.at("first.png")), Some(fx.at("second.png"))],
    );
    settle(&mut h);
    let today = jiff::ZonedDateTime::now().date().to_string();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export mock-up…").click();
    h.run();
    assert_eq!(
        h.get_by_label("Date").value().as_deref(),
        Some(today.as_str())
    );
    export_through_the_window(&mut h, Some("Side by side"));
    assert!(
        !h.state().document().expect("doc").is_dirty(),
        "exporting marked the saved project as changed"
    );
    let text = follicle::engine::export::embedded_project(&fx.at("first.png"))
        .expect("read")
        .expect("embedded");
    let embedded = Project::from_ron(&text, &fx.at("first.png")).expect("parses");
    assert_eq!(embedded.client.date, today, "the mock-up carries the date");
    let first = image::open(fx.at("first.png")).expect("PNG").to_rgb8();
    assert!(first.width() > 1200, "side by side: {}", first.width());

    // The next run of the app starts with the same choices.
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    drop(h);
    let (mut again, _) = app(Some(fx.at("consult.ron")), vec![Some(fx.at("second.png"))]);
    again.state_mut().restore(&storage);
    settle(&mut again);
    export_through_the_window(&mut again, None);
    let second = image::open(fx.at("second.png")).expect("PNG").to_rgb8();
    assert_eq!(
        second.dimensions(),
        first.dimensions(),
        "side by side again"
    );
}

#[test]
fn the_window_starts_maximised_at_a_size_that_fits_a_laptop_and_is_remembered() {
    let options = follicle::app::native_options();
    let size = options.viewport.inner_size.expect("a first size");
    assert!(
        size.x <= 1366.0 && size.y <= 768.0 - 60.0,
        "{size:?} does not fit a 1366 × 768 screen with its title bar and a panel"
    );
    assert!(size.x >= 1200.0, "{size:?}: start large");
    assert_eq!(options.viewport.maximized, Some(true));
    assert!(options.persist_window, "the size is remembered");
}

#[test]
fn a_file_dialog_that_cannot_open_says_so_and_takes_a_typed_path() {
    let fx = Fixture::new();
    let picker = ScriptedPicker::new([]);
    picker.push_unavailable("there is no file-chooser portal and no zenity");
    let mut h = app_with(None, picker);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    settle(&mut h);
    let message = h.state().status().expect("a message").text.clone();
    assert!(
        message.contains("could not open") && message.contains("no zenity"),
        "{message}"
    );
    // Type the folder and the start of the name: the photo is offered.
    let folder = format!("{}{}", fx.dir.path().display(), std::path::MAIN_SEPARATOR);
    h.get_by_label("Path").focus();
    h.run();
    h.get_by_label("Path").type_text(&format!("{folder}cli"));
    h.run();
    h.get_by_label("client.png").click();
    h.run();
    assert_eq!(
        h.get_by_label("Path").value().as_deref(),
        Some(fx.at("client.png").display().to_string().as_str())
    );
    h.get_by_label("Use this file").click();
    settle(&mut h);
    let doc = h.state().document().expect("the typed photo opened");
    assert_eq!(doc.photo.dimensions(), (600, 400));
}

#[test]
fn choosing_the_hairline_tool_changes_nothing() {
    let fx = Fixture::new();
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    h.get_by_label("Hairline (H)").click();
    settle(&mut h);
    let p = screen(&h, 300.0, 200.0);
    h.hover_at(p);
    h.run_steps(3);
    let doc = h.state().document().expect("doc");
    assert!(
        !doc.is_dirty(),
        "choosing a tool marked the project as changed"
    );
    assert!(doc.project.view().layers[0].hairline.is_none());
}

/// A head (an ellipse of skin) on a grey wall, 600 × 400.
fn portrait() -> image::RgbImage {
    image::RgbImage::from_fn(600, 400, |x, y| {
        let (dx, dy) = ((x as f32 - 300.0) / 180.0, (y as f32 - 220.0) / 180.0);
        if dx * dx + dy * dy < 1.0 {
            image::Rgb([205, 160, 135])
        } else {
            image::Rgb([70, 72, 75])
        }
    })
}

#[test]
fn a_new_photo_covers_the_head_and_fill_the_scalp_brings_it_back() {
    let fx = Fixture::new();
    portrait().save(fx.at("portrait.png")).expect("photo");
    let (mut h, _) = app(Some(fx.at("portrait.png")), vec![]);
    settle(&mut h);
    let region = project_of(&h).view().layers[0].region.clone();
    assert!(!region.whole, "a new photo starts on the head: {region:?}");
    assert!(coverage(&h, 0, 300.0, 220.0) > 0.95, "the head");
    assert!(coverage(&h, 0, 20.0, 20.0) < 0.05, "the wall");
    h.get_by_label("Fill whole photo").click();
    settle(&mut h);
    assert!(coverage(&h, 0, 20.0, 20.0) > 0.95, "the whole photo");
    h.get_by_label("Fill the scalp").click();
    settle(&mut h);
    assert!(coverage(&h, 0, 20.0, 20.0) < 0.05, "the wall again");
    assert!(coverage(&h, 0, 300.0, 220.0) > 0.95, "the head again");
    let message = h.state().status().expect("a message").text.clone();
    assert!(message.contains("head"), "{message}");

    // A close-up of skin has no backdrop: it says so and keeps the region.
    let (mut h, _) = app(Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    h.get_by_label("Fill the scalp").click();
    settle(&mut h);
    assert!(project_of(&h).view().layers[0].region.whole);
    let message = h.state().status().expect("a message");
    assert!(
        message.error && message.text.contains("backdrop"),
        "{}",
        message.text
    );
}

#[test]
fn recent_projects_show_the_client_the_date_and_a_picture() {
    let fx = Fixture::new();
    let mut project = Project::load(&fx.at("consult.ron")).expect("project");
    project.client.name = "Ada Lovelace".into();
    project.client.date = "2026-11-25".into();
    project.save(&fx.at("consult.ron")).expect("save");
    let mut storage = MemoryStorage::default();
    eframe::set_value(&mut storage, "recent-projects", &vec![fx.at("consult.ron")]);
    let (mut h, _) = app(None, vec![]);
    h.state_mut().restore(&storage);
    let label = "Ada Lovelace · 2026-11-25 (consult.ron)";
    // The card is read on a worker thread: step until it arrives.
    for _ in 0..300 {
        h.run_steps(1);
        if h.query_by_label(label).is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let link = h.get_by_label(label);
    // Its picture is the photo, shrunk: skin-coloured pixels left of the link.
    let rect = link.rect();
    let image = h.render().expect("render");
    let p = image.get_pixel((rect.left() - 30.0) as u32, rect.center().y as u32);
    assert!(
        p[0] > 150 && p[0] > p[2] + 30,
        "no picture beside the card: {p:?}"
    );
    h.get_by_label(label).click();
    settle(&mut h);
    assert!(h.state().document().is_some(), "the card opens the project");
}

#[test]
fn the_consultation_sheet_and_a_jpeg_to_send_from_the_file_menu() {
    let fx = Fixture::new();
    let (mut h, asked) = app(
        Some(fx.at("consult.ron")),
        vec![Some(fx.at("plan")), Some(fx.at("to-send"))],
    );
    settle(&mut h);
    // File › Export consultation sheet…: the export window is set to the sheet; the name
    // typed without an extension becomes a PDF.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export consultation sheet…")
        .click();
    h.run();
    h.get_by_label("Export…").click();
    settle(&mut h);
    let pdf = std::fs::read(fx.at("plan.pdf")).expect("the sheet");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 20_000, "with its pictures: {} bytes", pdf.len());
    assert!(matches!(
        asked.lock().expect("asked").first(),
        Some(Purpose::Export {
            format: follicle::engine::export::Format::Pdf,
            ..
        })
    ));
    // The mock-up window again, as a JPEG to send.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export mock-up…").click();
    h.run();
    h.get_by_label_contains("JPEG — to send").click();
    h.run();
    h.get_by_label("Export…").click();
    settle(&mut h);
    let jpeg = std::fs::read(fx.at("to-send.jpg")).expect("the JPEG");
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    assert!(!String::from_utf8_lossy(&jpeg).contains("version"));
    assert!(!fx.at("to-send.png").exists());
}

#[test]
fn a_mock_up_moved_without_its_photo_opens_on_the_reduced_copy_and_export_asks_for_the_photo() {
    use follicle::engine::export::{ExportOptions, ExportPlan};
    let dir = tempfile::tempdir().expect("temp dir");
    skin_patch(2400, 1600, [200, 160, 135], 3)
        .save(dir.path().join("client.png"))
        .expect("photo");
    let mut project = Project::new(dir.path().join("client.png"), Scale::calibrated(6.0), 42);
    project.view_mut().layers[0].region.ops = vec![RegionOp::Polygon {
        points: vec![[300.0, 300.0], [1500.0, 300.0], [900.0, 1200.0]],
        feather_mm: 1.0,
    }];
    let mockup = dir.path().join("mockup.png");
    ExportPlan::new(project.clone(), &mockup, ExportOptions::default(), false)
        .run(
            &[],
            &mut |_, _| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .expect("exported");
    let away = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&mockup, away.path().join("mockup.png")).expect("copy");
    let at = |name: &str| away.path().join(name);

    let (mut h, _) = app(
        Some(at("mockup.png")),
        vec![Some(at("again.png")), Some(at("saved.ron"))],
    );
    settle(&mut h);
    let doc = h.state().document().expect("opened on the copy");
    assert_eq!(doc.photo.dimensions(), (1600, 1067));
    let shown = &doc.project;
    assert!((shown.view().scale.px_per_mm - 4.0).abs() < 1e-9);
    let RegionOp::Polygon { points, .. } = &shown.view().layers[0].region.ops[0] else {
        panic!("the polygon");
    };
    assert!((points[1][0] - 1000.0).abs() < 0.01 && (points[2][1] - 800.0).abs() < 0.01);
    let said = h
        .state()
        .status()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(said.contains("reduced copy of client.png"), "{said}");
    assert!(
        h.query_by_label_contains("reduced copy (the photo is 2400 × 1600 px)")
            .is_some()
    );

    // Exporting says what is needed, and writes nothing.
    export_through_the_window(&mut h, None);
    let said = h.state().status().expect("a message");
    assert!(said.error, "{}", said.text);
    assert!(
        said.text
            .contains("put the original photo client.png beside it to export"),
        "{}",
        said.text
    );
    assert!(!at("again.png").exists());

    // Saving keeps the design at the full photo's size, naming the photo.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    let saved = Project::load(&at("saved.ron")).expect("saved");
    assert_eq!(saved.view().photo, PathBuf::from("client.png"));
    assert!((saved.view().scale.px_per_mm - 6.0).abs() < 1e-9);
    let RegionOp::Polygon { points, .. } = &saved.view().layers[0].region.ops[0] else {
        panic!("the polygon");
    };
    assert!((points[1][0] - 1500.0).abs() < 0.01 && (points[2][1] - 1200.0).abs() < 0.01);
}

#[test]
fn a_new_consultation_is_saved_in_its_clients_own_folder() {
    let fx = Fixture::new();
    let root = fx.at("Consultations");
    let client = root.join("Ana Díaz");
    let picker = ScriptedPicker::new(vec![Some(client.join("first visit"))]);
    let asked = picker.asked.clone();
    let mut h = app_filing(Some(fx.at("client.png")), picker, Some(root.clone()));
    settle(&mut h);
    // The client's name, typed where the practitioner types it (the export window).
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export mock-up…").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Client name")
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Client name")
        .type_text("Ana Díaz");
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Save as…").click();
    settle(&mut h);
    assert_eq!(
        asked.lock().expect("asked").first(),
        Some(&Purpose::SaveProject {
            suggested: "client.ron".into(),
            folder: Some(client.clone()),
        }),
        "the save dialog starts in the client's folder"
    );
    assert!(client.is_dir(), "the client's folder was made");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&client)
            .expect("folder")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o700, "only the practitioner's account can read it");
    }
    let saved = Project::load(&client.join("first visit.ron")).expect("saved there");
    assert_eq!(saved.client.name, "Ana Díaz");
}

#[test]
fn a_scale_far_off_shows_the_photo_and_says_what_is_wrong() {
    // 600 × 400 px at 0.5 px/mm would be 1.2 × 0.8 m of scalp: more dots than the photo's
    // budget at the densest setting, so no dots are placed.
    let fx = Fixture::new();
    let mut project = Project::new(PathBuf::from("client.png"), Scale::calibrated(0.5), 42);
    project.view_mut().layers[0].density = 100.0;
    project.save(&fx.at("far.ron")).expect("project");
    let (mut h, _) = app(Some(fx.at("far.ron")), vec![]);
    settle(&mut h);
    assert!(
        h.state().shows_preview(),
        "the photo is shown, not \"Rendering…\""
    );
    assert_eq!(h.state().dot_counts(), &[0]);
    let message = h.state().status().expect("a message");
    assert!(
        message.error
            && message.text.contains("scale looks wrong")
            && message.text.contains("0.50 px/mm"),
        "{}",
        message.text
    );
    // Calibrated again, the dots come back.
    h.state_mut()
        .send(follicle::app::command::Command::SetScale(
            Scale::calibrated(6.0),
        ));
    settle(&mut h);
    assert!(h.state().dot_counts()[0] > 0);
}
