//! A few pictures of the app, rendered by the real renderer (software Vulkan without a GPU), so that
//! layout regressions show up as image differences. `UPDATE_SNAPSHOTS=1` accepts new pictures.
#![cfg(feature = "gui")]

#[path = "common/app.rs"]
mod app_common;
use app_common::settle;

use std::path::PathBuf;

use egui_kittest::Harness;
use follicle::app::command::{Command, Compare};
use follicle::app::{FollicleApp, Options};
use follicle::engine::project::Project;
use follicle::engine::units::Scale;
use follicle::testing::ScriptedPicker;
use follicle::testing::sample::skin_patch;

fn harness(file: Option<PathBuf>) -> Harness<'static, FollicleApp> {
    Harness::builder()
        .with_size([960.0, 600.0])
        .build_eframe(move |cc| {
            FollicleApp::new(
                cc,
                Options {
                    file,
                    picker: Box::new(ScriptedPicker::new([])),
                    // No saved presets: the pictures must not depend on the machine.
                    presets_dir: Some(std::env::temp_dir().join("follicle-tests-no-presets")),
                    consultations_dir: None,
                    autosave: None,
                },
            )
        })
}

#[test]
fn start_screen() {
    let mut h = harness(None);
    h.run();
    h.remove_cursor();
    h.snapshot("start_screen");
}

#[test]
fn split_before_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    skin_patch(480, 320, [198, 156, 132], 5)
        .save(dir.path().join("p.png"))
        .expect("photo");
    let mut project = Project::new(PathBuf::from("p.png"), Scale::calibrated(4.0), 9);
    project.view_mut().layers[0].density = 250.0;
    project.view_mut().layers[0].dot_mm = 0.35;
    project.view_mut().layers[0].dilution = 6.0;
    project.save(&dir.path().join("p.ron")).expect("project");
    let mut h = harness(Some(dir.path().join("p.ron")));
    settle(&mut h);
    h.state_mut().send(Command::SetCompare(Compare::Split));
    h.run();
    settle(&mut h);
    h.remove_cursor();
    // The status message names a temporary folder: keep it out of the picture.
    h.mask(egui::Rect::from_min_max(
        egui::pos2(400.0, 570.0),
        egui::pos2(960.0, 600.0),
    ));
    h.snapshot("split_before_after");
}

/// Every item of the tool bar, by its label.
const TOOL_BAR: [&str; 17] = [
    "Pan (V)",
    "Brush (B)",
    "Eraser (E)",
    "Hairline (H)",
    "Scar (R)",
    "Skin sample (K)",
    "Match hair (M)",
    "Calibrate (C)",
    "Head shape (D)",
    "Face guides (F)",
    "Brush size (mm)",
    "Softness",
    "After only",
    "Split before/after",
    "Side by side",
    "Show treatment",
    "Show guides",
];

#[test]
fn the_whole_tool_bar_fits_a_1366_by_768_screen_with_the_brush() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().expect("temp dir");
    skin_patch(900, 600, [198, 156, 132], 5)
        .save(dir.path().join("p.png"))
        .expect("photo");
    let project = Project::new(PathBuf::from("p.png"), Scale::calibrated(4.0), 9);
    project.save(&dir.path().join("p.ron")).expect("project");
    let mut h = harness(Some(dir.path().join("p.ron")));
    h.set_size(egui::vec2(1366.0, 768.0));
    settle(&mut h);
    h.get_by_label("Brush (B)").click();
    h.run();
    settle(&mut h);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 768.0));
    for label in TOOL_BAR {
        let rect = if label == "Brush size (mm)" || label == "Softness" {
            // The slider and the text after it, whole.
            let slider = h.get_by_role_and_label(egui::accesskit::Role::Slider, label);
            let text = h.get_by_role_and_label(egui::accesskit::Role::Label, label);
            slider.rect().union(text.rect())
        } else {
            h.get_by_label(label).rect()
        };
        assert!(
            rect.width() > 4.0 && screen.contains_rect(rect),
            "{label} is cut off: {rect:?}"
        );
    }
    // The hairline styles and presets come first in the layer panel: no scrolling at 768 px.
    let above_status = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 735.0));
    for label in [
        "Natural / soft",
        "Female (rounded)",
        "Full shaved look",
        "Density for thinning hair",
    ] {
        let rect = h.get_by_label(label).rect();
        assert!(
            above_status.contains_rect(rect),
            "{label} needs scrolling: {rect:?}"
        );
    }
    h.remove_cursor();
    h.mask(egui::Rect::from_min_max(
        egui::pos2(410.0, 740.0),
        egui::pos2(1366.0, 768.0),
    ));
    h.snapshot("tool_bar_1366_brush");
}
