//! The desktop app for the realism features, driven by labels as a practitioner would: views,
//! sessions, hairline styles and mirroring, presets, thinning hair, scars, skin tone and the
//! contact sheet.
#![cfg(feature = "gui")]

#[path = "common/app.rs"]
mod app_common;
use app_common::{click_at, drag, project_of, screen, settle};

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use follicle::app::command::Command;
use follicle::app::dialogs::Purpose;
use follicle::app::{FollicleApp, Options};
use follicle::engine::geometry::{Scar, ScarShape};
use follicle::engine::project::{LayerKind, Project};
use follicle::engine::units::Scale;
use follicle::testing::ScriptedPicker;
use follicle::testing::sample::skin_patch;

const SKIN: [u8; 3] = [200, 160, 135];

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        skin_patch(600, 400, SKIN, 3)
            .save(dir.path().join("client.png"))
            .expect("photo");
        skin_patch(300, 300, SKIN, 4)
            .save(dir.path().join("crown.png"))
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
    fx: &Fixture,
    answers: Vec<Option<PathBuf>>,
) -> (
    Harness<'static, FollicleApp>,
    std::sync::Arc<std::sync::Mutex<Vec<Purpose>>>,
) {
    let picker = ScriptedPicker::new(answers);
    let asked = picker.asked.clone();
    let file = fx.at("consult.ron");
    let presets = fx.at("settings/presets");
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(1000)
        .build_eframe(move |cc| {
            FollicleApp::new(
                cc,
                Options {
                    file: Some(file),
                    picker: Box::new(picker),
                    presets_dir: Some(presets),
                    consultations_dir: None,
                    autosave: None,
                },
            )
        });
    settle(&mut harness);
    (harness, asked)
}

fn photo_size(h: &Harness<'static, FollicleApp>) -> (u32, u32) {
    h.state().document().expect("doc").photo.dimensions()
}

fn send(h: &mut Harness<'static, FollicleApp>, command: Command) {
    h.state_mut().send(command);
    settle(h);
}

#[test]
fn views_switch_photos_save_and_export_as_a_contact_sheet() {
    let fx = Fixture::new();
    let (mut h, asked) = app(
        &fx,
        vec![Some(fx.at("crown.png")), Some(fx.at("sheet.png"))],
    );
    assert_eq!(photo_size(&h), (600, 400));

    h.get_by_label("Add view…").click();
    settle(&mut h);
    assert_eq!(asked.lock().expect("lock")[0], Purpose::AddViewPhoto);
    let project = project_of(&h);
    assert_eq!(project.views.len(), 2);
    assert_eq!(project.current, 1);
    assert_eq!(project.view().name, "Top", "the next free standard name");
    assert_eq!(
        photo_size(&h),
        (300, 300),
        "the canvas shows the new view's photo"
    );
    // Its scale is the guess for its own photo size until calibrated.
    assert!(!project.view().scale.calibrated);
    assert!((project.view().scale.px_per_mm - 300.0 / 250.0).abs() < 1e-9);
    assert!(h.state().dot_counts()[0] > 0);

    // Back to the front view by its label; undo returns to the new view, photo and all.
    h.get_by_label("Front").click();
    settle(&mut h);
    assert_eq!(project_of(&h).current, 0);
    assert_eq!(photo_size(&h), (600, 400));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(project_of(&h).current, 1);
    assert_eq!(photo_size(&h), (300, 300));

    // Saved, each view keeps its photo relative to the project.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    let saved = Project::load(&fx.at("consult.ron")).expect("saved");
    assert_eq!(saved.views.len(), 2);
    assert_eq!(saved.views[0].photo, PathBuf::from("client.png"));
    assert_eq!(saved.views[1].photo, PathBuf::from("crown.png"));

    // A contact sheet of both views through the export dialog.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Layout").click();
    h.run();
    h.get_by_label("Contact sheet (every view)").click();
    h.run();
    h.get_by_label("Export…").click();
    settle(&mut h);
    let sheet = image::open(fx.at("sheet.png")).expect("sheet").to_rgb8();
    // Rows at photo size (both are under the row height): 600 wide twice, two rows.
    assert!(
        sheet.width() >= 1200 && sheet.width() < 1260,
        "{}",
        sheet.width()
    );
    assert!(sheet.height() > 700, "{}", sheet.height());
    let text = follicle::engine::export::embedded_project(&fx.at("sheet.png"))
        .expect("read")
        .expect("embedded");
    let embedded = Project::from_ron(&text, &fx.at("sheet.png")).expect("parses");
    assert_eq!(embedded.views.len(), 2);
}

#[test]
fn sessions_hairline_styles_mirroring_and_presets() {
    let fx = Fixture::new();
    let (mut h, _) = app(&fx, vec![]);
    let full = h.state().dot_counts()[0];

    // A second session continues the pattern; showing session 1 hides its dots.
    h.get_by_label("Add next session").click();
    settle(&mut h);
    let p = project_of(&h);
    assert_eq!(p.view().layers.len(), 2);
    assert_eq!(p.view().layers[1].session, 2);
    assert_eq!(p.view().layers[1].seed, p.view().layers[0].seed);
    let counts = h.state().dot_counts().to_vec();
    assert_eq!(counts[0], full);
    assert!(counts[1] > 0 && counts[1] < full, "{counts:?}");
    send(&mut h, Command::ShowSession(Some(1)));
    assert_eq!(h.state().dot_counts()[1], 0);
    assert_eq!(h.state().dot_counts()[0], full);
    send(&mut h, Command::ShowSession(None));

    // Hairline styles: a widow's peak is lowest in the middle.
    h.get_by_label("Widow's peak").click();
    settle(&mut h);
    let layer = project_of(&h).view().layers[1].clone();
    assert_eq!(layer.kind, LayerKind::Hairline);
    let hairline = layer.hairline.expect("a hairline");
    let lowest = hairline
        .points
        .iter()
        .max_by(|a, b| a[1].total_cmp(&b[1]).then(b[0].total_cmp(&a[0])))
        .copied()
        .expect("points");
    let middle = hairline.points[hairline.points.len() / 2];
    assert!((middle[0] - 300.0).abs() < 20.0, "{middle:?}");
    assert!(
        hairline
            .points
            .iter()
            .filter(|p| (p[0] - 300.0).abs() < 150.0)
            .all(|p| p[1] <= middle[1] + 1e-3),
        "{lowest:?}"
    );

    // Mirror: the right half becomes the left half's reflection, within natural asymmetry.
    h.get_by_label("Mirror left to right").click();
    settle(&mut h);
    let m = project_of(&h).view().layers[1]
        .hairline
        .clone()
        .expect("hairline");
    let n = m.points.len();
    let ppm = 6.0;
    for k in 0..n / 2 {
        let (a, b) = (m.points[k], m.points[n - 1 - k]);
        assert!((a[1] - b[1]).abs() <= 1.5 * ppm + 1e-3, "{a:?} vs {b:?}");
    }

    // Mirror while editing: a point dragged on the left side moves its mirror image on the right.
    h.get_by_label("Mirror while editing").click();
    h.run();
    h.key_press(Key::H);
    h.run();
    let m = project_of(&h).view().layers[1]
        .hairline
        .clone()
        .expect("hairline");
    let left = m.points[1];
    let (from, to) = (
        screen(&h, left[0], left[1]),
        screen(&h, left[0], left[1] - 40.0),
    );
    drag(&mut h, from, to);
    settle(&mut h);
    let edited = project_of(&h).view().layers[1]
        .hairline
        .clone()
        .expect("hairline");
    let n = edited.points.len();
    let (moved, mirrored) = (edited.points[1], edited.points[n - 2]);
    assert!((moved[1] - (left[1] - 40.0)).abs() < 4.0, "{moved:?}");
    assert!(
        (mirrored[1] - moved[1]).abs() <= 1.5 * ppm + 1e-3,
        "{mirrored:?} vs {moved:?}"
    );

    // Presets: a built-in one by its button, then the layer saved as the practitioner's own.
    // Applied with session 2 selected, it sets the design: session 1 takes the preset, session 2
    // follows from it as "Add next session" makes it.
    h.get_by_label("Density for thinning hair").scroll_to_me();
    h.run();
    h.get_by_label("Density for thinning hair").click();
    settle(&mut h);
    let p = project_of(&h);
    let (one, two) = (&p.view().layers[0], &p.view().layers[1]);
    assert!(one.avoid_hair && two.avoid_hair);
    assert_eq!(one.density, 110.0);
    assert!(
        two.density < one.density,
        "{} then {}",
        one.density,
        two.density
    );
    assert_eq!(one.hairline, two.hairline, "the sessions keep one hairline");
    send(&mut h, Command::SavePreset("Crown mix".into()));
    let file = fx.at("settings/presets/crown-mix.ron");
    assert!(file.exists(), "preset file written");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(text.contains("avoid_hair: true"), "{text}");
    // It is offered as a button, in this app and the next one.
    assert!(h.query_by_label("Crown mix").is_some());
    drop(h);
    let (h2, _) = app(&fx, vec![]);
    assert!(h2.query_by_label("Crown mix").is_some());
}

#[test]
fn thinning_scar_and_skin_tools() {
    let fx = Fixture::new();
    let (mut h, _) = app(&fx, vec![]);

    // Thinning hair: the checkbox sets the layer, the hair view toggles.
    h.get_by_label("Thinning hair: keep dots off existing hair")
        .click();
    settle(&mut h);
    assert!(project_of(&h).view().layers[0].avoid_hair);
    h.get_by_label("Show detected hair").click();
    settle(&mut h);

    // Skin sample tool: a click on the photo samples the skin there.
    h.key_press(Key::K);
    h.run();
    let p = screen(&h, 300.0, 200.0);
    click_at(&mut h, p);
    settle(&mut h);
    let skin = project_of(&h).view().skin.expect("sampled");
    for c in 0..3 {
        assert!(
            (i32::from(skin[c]) - i32::from(SKIN[c])).abs() < 25,
            "{skin:?}"
        );
    }
    assert!(
        h.query_all_by_label_contains("Fitzpatrick").count() >= 2,
        "status and panel"
    );

    // A scar layer: the Scar tool draws a strip along clicks.
    if let Some(doc) = h.state_mut().document_mut() {
        let layer = &mut doc.project.view_mut().layers[0];
        layer.kind = LayerKind::Scar;
        layer.scar = Some(Scar::new(ScarShape::Region));
        layer.avoid_hair = false;
        doc.commit();
    }
    h.run();
    h.key_press(Key::R);
    h.run();
    for (x, y) in [(100.0, 200.0), (500.0, 220.0)] {
        let p = screen(&h, x, y);
        click_at(&mut h, p);
    }
    settle(&mut h);
    let scar = project_of(&h).view().layers[0].scar.clone().expect("scar");
    let ScarShape::Strip { points, .. } = &scar.shape else {
        panic!("not a strip: {scar:?}")
    };
    assert_eq!(points.len(), 2, "{points:?}");
    assert!((points[0][0] - 100.0).abs() < 6.0 && (points[1][1] - 220.0).abs() < 6.0);
    let dots = h.state().dot_counts()[0];
    assert!(dots > 0);
    // A strip whose width varies: one width per point, each set on its own.
    h.get_by_label("Width varies along the scar").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::Slider, "Width at point 2 (mm)")
        .set_value_accesskit(12.0);
    settle(&mut h);
    let (width_mm, widths_mm) = strip_widths(&h);
    assert_eq!(widths_mm, vec![width_mm, 12.0]);
    let wider = h.state().dot_counts()[0];
    assert!(
        wider > dots,
        "a wider end takes more dots: {dots} → {wider}"
    );
    // Back to one width: the widest, so that none of the scar is left out.
    h.get_by_label("Width varies along the scar").click();
    settle(&mut h);
    let (width_mm, widths_mm) = strip_widths(&h);
    assert!(
        widths_mm.is_empty() && width_mm == 12.0,
        "{width_mm} {widths_mm:?}"
    );
    // Match shade: scar tissue keeps less pigment, so the ink gets darker (less water).
    let before = project_of(&h).view().layers[0].dilution;
    h.get_by_label("Match shade to skin").click();
    settle(&mut h);
    let after = project_of(&h).view().layers[0].dilution;
    assert!(after < before, "{before} → {after}");
}

/// The first layer's strip scar: its width and its widths along the line.
fn strip_widths(h: &Harness<'static, FollicleApp>) -> (f32, Vec<f32>) {
    let scar = project_of(h).view().layers[0].scar.clone().expect("scar");
    match scar.shape {
        ScarShape::Strip {
            width_mm,
            widths_mm,
            ..
        } => (width_mm, widths_mm),
        shape => panic!("not a strip: {shape:?}"),
    }
}
