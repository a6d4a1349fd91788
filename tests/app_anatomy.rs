//! The desktop app for the client's real head, driven as a practitioner would: the head ellipse
//! dragged around the head (and found from the photo), the face guides clicked in turn with the
//! hairline placed from them, hairline points snapping to their landmarks, and the iris tool.
#![cfg(feature = "gui")]

#[path = "common/app.rs"]
mod app_common;
use app_common::{click_at, drag, project_of, screen, settle};

use std::path::PathBuf;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use follicle::app::command::Command;
use follicle::app::{FollicleApp, Options};
use follicle::engine::anatomy::{FaceGuides, HeadShape, hairline_height, view_guides};
use follicle::engine::project::{LayerKind, Project};
use follicle::engine::units::Scale;
use follicle::testing::ScriptedPicker;

/// A 800 × 600 photo: a skin-coloured head (an ellipse centred at 400, 330, radii 230 × 260) on
/// a plain grey wall; a project on it at 5 px/mm.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let photo = image::RgbImage::from_fn(800, 600, |x, y| {
        let (dx, dy) = ((x as f32 - 400.0) / 230.0, (y as f32 - 330.0) / 260.0);
        let grain = ((x * 7 + y * 13) % 5) as u8;
        if dx * dx + dy * dy < 1.0 {
            image::Rgb([200 + grain, 158 + grain, 132 + grain])
        } else {
            image::Rgb([72 + grain, 74 + grain, 78 + grain])
        }
    });
    photo.save(dir.path().join("front.png")).expect("photo");
    let mut project = Project::new(PathBuf::from("front.png"), Scale::calibrated(5.0), 7);
    project.view_mut().layers[0].density = 60.0;
    let file = dir.path().join("consult.ron");
    project.save(&file).expect("project");
    (dir, file)
}

fn app(file: PathBuf) -> Harness<'static, FollicleApp> {
    let mut harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(1000)
        .build_eframe(move |cc| {
            FollicleApp::new(
                cc,
                Options {
                    file: Some(file),
                    picker: Box::new(ScriptedPicker::new(Vec::new())),
                    presets_dir: Some(std::env::temp_dir().join("follicle-tests-no-presets")),
                    consultations_dir: None,
                    autosave: None,
                },
            )
        });
    settle(&mut harness);
    harness
}

fn click(h: &mut Harness<'static, FollicleApp>, label: &str) {
    h.get_by_label_contains(label).click();
    settle(h);
}

/// Clicks the button labelled `label` (a status message may repeat the words).
fn press(h: &mut Harness<'static, FollicleApp>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    settle(h);
}

fn click_photo(h: &mut Harness<'static, FollicleApp>, x: f32, y: f32) {
    let p = screen(h, x, y);
    click_at(h, p);
    settle(h);
}

fn drag_photo(h: &mut Harness<'static, FollicleApp>, from: [f32; 2], to: [f32; 2]) {
    let (a, b) = (screen(h, from[0], from[1]), screen(h, to[0], to[1]));
    drag(h, a, b);
    settle(h);
}

fn close(a: f32, b: f32, within: f32) -> bool {
    (a - b).abs() <= within
}

#[test]
fn the_head_ellipse_is_dragged_around_the_head_and_adjusted_by_its_handles() {
    let (_dir, file) = fixture();
    let mut h = app(file);
    click(&mut h, "Head shape (D)");
    assert!(
        project_of(&h).view().head.is_none(),
        "choosing the tool changes nothing"
    );
    drag_photo(&mut h, [170.0, 70.0], [630.0, 590.0]);
    let head = project_of(&h).view().head.expect("an ellipse");
    // A screen point is about 0.7 photo pixels at this zoom: within a few pixels.
    assert!(
        close(head.centre[0], 400.0, 4.0) && close(head.centre[1], 330.0, 4.0),
        "{head:?}"
    );
    assert!(
        close(head.radii[0], 230.0, 4.0) && close(head.radii[1], 260.0, 4.0),
        "{head:?}"
    );
    // The right handle widens it; the centre handle moves it.
    let right = head.centre[0] + head.radii[0];
    drag_photo(
        &mut h,
        [right, head.centre[1]],
        [right + 40.0, head.centre[1] + 3.0],
    );
    let wider = project_of(&h).view().head.expect("an ellipse");
    assert!(
        close(wider.radii[0], head.radii[0] + 40.0, 4.0),
        "{wider:?}"
    );
    assert!(close(wider.radii[1], head.radii[1], 0.01), "{wider:?}");
    drag_photo(
        &mut h,
        wider.centre,
        [wider.centre[0] - 30.0, wider.centre[1]],
    );
    let moved = project_of(&h).view().head.expect("an ellipse");
    assert!(
        close(moved.centre[0], wider.centre[0] - 30.0, 4.0),
        "{moved:?}"
    );
    assert_eq!(moved.radii, wider.radii);
    // Each drag is one undo step.
    h.state_mut().send(Command::Undo);
    settle(&mut h);
    assert_eq!(project_of(&h).view().head, Some(wider));
    click(&mut h, "Remove head shape");
    assert!(project_of(&h).view().head.is_none());
    // Or found from the photo: the head against the plain wall.
    click(&mut h, "Find the head");
    let found = project_of(&h).view().head.expect("found against the wall");
    assert!(
        close(found.centre[0], 400.0, 12.0) && close(found.centre[1], 330.0, 15.0),
        "{found:?}"
    );
    assert!((found.radii[0] / 230.0 - 1.0).abs() < 0.08, "{found:?}");
    // The photo's bottom edge cuts the head off at 600: the fitted ellipse is a little short.
    assert!((found.radii[1] / 260.0 - 1.0).abs() < 0.15, "{found:?}");
}

#[test]
fn face_guides_are_clicked_in_turn_and_place_the_hairline() {
    let (_dir, file) = fixture();
    let mut h = app(file);
    click(&mut h, "Face guides (F)");
    // Glabella, then the outer eye corners: the canvas asks for each in turn.
    assert!(
        h.query_by_label_contains("click the point between the brows")
            .is_some()
    );
    click_photo(&mut h, 400.0, 520.0);
    assert!(
        h.query_by_label_contains("outer corner of one eye")
            .is_some()
    );
    assert!(
        project_of(&h).view().face.is_none(),
        "not until all three are in"
    );
    click_photo(&mut h, 300.0, 530.0);
    click_photo(&mut h, 500.0, 530.0);
    let face = project_of(&h).view().face.expect("face guides");
    assert!(close(face.glabella[0], 400.0, 2.0) && close(face.glabella[1], 520.0, 2.0));
    assert_eq!(face.hairline_height_mm, 80.0);

    // A style now goes where the guides say: its middle 80 mm (400 px at 5 px/mm) above the brow.
    press(&mut h, "Natural / soft");
    let project = project_of(&h);
    let layer = &project.view().layers[0];
    assert_eq!(layer.kind, LayerKind::Hairline);
    let hairline = layer.hairline.as_ref().expect("a hairline");
    let height = hairline_height(project.view(), hairline).expect("crosses the midline");
    assert!(close(height.mm, 80.0, 0.5), "{height:?}");
    let message = h.state().status().expect("a message").text.clone();
    assert!(message.contains("8.0 cm above the brow"), "{message}");

    // Dragging the glabella 10 px down and placing again lowers the whole hairline with it.
    drag_photo(&mut h, [400.0, 520.0], [400.0, 530.0]);
    press(&mut h, "Natural / soft");
    let project = project_of(&h);
    let lower = project.view().layers[0]
        .hairline
        .clone()
        .expect("a hairline");
    let moved = hairline_height(project.view(), &lower).expect("crosses");
    assert!(
        close(moved.at[1], height.at[1] + 10.0, 1.5),
        "{moved:?} vs {height:?}"
    );

    // Hairline points snap to the guides' landmarks: a click near the mid-frontal point lands on it.
    click(&mut h, "Remove hairline");
    click(&mut h, "Hairline (H)");
    let mid = [moved.at[0], moved.at[1]];
    click_photo(&mut h, mid[0] + 4.0, mid[1] - 3.0);
    let snapped = project_of(&h).view().layers[0]
        .hairline
        .clone()
        .expect("a point");
    let p = snapped.points[0];
    assert!(
        close(p[0], mid[0], 0.01) && close(p[1], mid[1], 0.01),
        "{p:?} vs {mid:?}"
    );
    // Far from any landmark a click stays where it was made.
    click_photo(&mut h, 250.0, 250.0);
    let points = project_of(&h).view().layers[0]
        .hairline
        .clone()
        .expect("points")
        .points;
    assert!(
        points
            .iter()
            .any(|q| close(q[0], 250.0, 1.5) && close(q[1], 250.0, 1.5)),
        "{points:?}"
    );

    click(&mut h, "Face guides (F)");
    click(&mut h, "Remove face guides");
    assert!(project_of(&h).view().face.is_none());
}

#[test]
fn with_a_head_shape_the_guides_place_temple_peaks_that_hairline_points_snap_to() {
    let (_dir, file) = fixture();
    let mut project = Project::load(&file).expect("project");
    project.view_mut().head = Some(HeadShape {
        centre: [400.0, 420.0],
        radii: [380.0, 520.0],
    });
    project.view_mut().face = Some(FaceGuides {
        glabella: [400.0, 560.0],
        eye_corners: [[330.0, 570.0], [470.0, 570.0]],
        hairline_height_mm: 80.0,
    });
    project.save(&file).expect("saved");
    let mut h = app(file);
    let placed = view_guides(project_of(&h).view(), None)
        .expect("guides")
        .expect("placed");
    let peaks = placed.temple_peaks.expect("a head shape places them");
    assert!(peaks.iter().all(|p| !p.out_of_view), "{peaks:?}");
    // A click beside the left peak lands on it; one beside the right peak, on that.
    click(&mut h, "Hairline (H)");
    for peak in peaks {
        click_photo(&mut h, peak.at[0] + 3.0, peak.at[1] - 4.0);
    }
    let points = project_of(&h).view().layers[0]
        .hairline
        .clone()
        .expect("points")
        .points;
    for peak in peaks {
        assert!(
            points
                .iter()
                .any(|q| close(q[0], peak.at[0], 0.01) && close(q[1], peak.at[1], 0.01)),
            "{points:?} vs {peak:?}"
        );
    }
}

#[test]
fn the_iris_tool_uses_the_diameter_set() {
    let (_dir, file) = fixture();
    let mut h = app(file);
    click(&mut h, "Calibrate (C)");
    // A line 61 px long across an iris.
    drag_photo(&mut h, [300.0, 530.0], [361.0, 530.0]);
    let px = h.state().calibration_px().expect("the dialog asks");
    assert!(close(px as f32, 61.0, 2.0), "{px}");
    click(&mut h, "Iris (11.7 mm)");
    let scale = project_of(&h).view().scale;
    assert!((scale.px_per_mm - px / 11.7).abs() < 1e-6, "{scale:?}");
    // A measured iris of 12.2 mm: typed into the dialog, the button follows it.
    drag_photo(&mut h, [300.0, 530.0], [361.0, 530.0]);
    let px = h.state().calibration_px().expect("the dialog asks");
    let diameter = h.get_by_value("11.7 mm");
    diameter.click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(1);
    h.event(egui::Event::Text("12.2".into()));
    h.run_steps(2);
    h.key_press(egui::Key::Tab);
    h.run_steps(2);
    click(&mut h, "Iris (12.2 mm)");
    let scale = project_of(&h).view().scale;
    assert!((scale.px_per_mm - px / 12.2).abs() < 1e-6, "{scale:?}");
}
