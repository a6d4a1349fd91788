//! A first consultation as a new user does it, on a 1366 × 768 screen: from the start screen with
//! the sample *photo* (opened as a photo), through scale, hairline and look, to an exported split
//! mock-up, counting every click, key and drag.
#![cfg(feature = "gui")]

#[path = "common/app.rs"]
mod app_common;
use app_common::{project_of, screen, settle};

use std::path::{Path, PathBuf};

use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use follicle::app::{FollicleApp, Options};
use follicle::testing::ScriptedPicker;

/// The app, with every input the test gives it counted.
struct Counted {
    h: Harness<'static, FollicleApp>,
    inputs: u32,
}

impl Counted {
    fn click(&mut self, label: &str) {
        self.h.get_by_label_contains(label).click();
        self.inputs += 1;
        settle(&mut self.h);
    }

    fn click_photo(&mut self, x: f32, y: f32) {
        let p = screen(&self.h, x, y);
        self.h.hover_at(p);
        self.h.run_steps(1);
        self.h.drag_at(p);
        self.h.run_steps(1);
        self.h.drop_at(p);
        self.h.run_steps(2);
        self.inputs += 1;
        settle(&mut self.h);
    }

    fn drag_photo(&mut self, from: [f32; 2], to: [f32; 2]) {
        let (a, b): (Pos2, Pos2) = (
            screen(&self.h, from[0], from[1]),
            screen(&self.h, to[0], to[1]),
        );
        self.h.hover_at(a);
        self.h.run_steps(2);
        self.h.drag_at(a);
        self.h.run_steps(2);
        for t in 1..=6 {
            self.h.hover_at(a + (b - a) * (t as f32 / 6.0));
            self.h.run_steps(1);
        }
        self.h.drop_at(b);
        self.h.run_steps(3);
        self.inputs += 1;
        settle(&mut self.h);
    }
}

fn sample_photo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-scalp.jpg")
}

#[test]
fn a_first_consultation_takes_at_most_fifteen_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("mock-up.png");
    let picker = ScriptedPicker::new([Some(sample_photo()), Some(out.clone())]);
    let h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(1000)
        .build_eframe(move |cc| {
            FollicleApp::new(
                cc,
                Options {
                    file: None,
                    picker: Box::new(picker),
                    presets_dir: Some(std::env::temp_dir().join("follicle-tests-no-presets")),
                    consultations_dir: None,
                    autosave: None,
                },
            )
        });
    let mut app = Counted { h, inputs: 0 };
    app.h.run();

    // Photo: the sample photo, as a new photo.
    app.click("Open a photo…");
    let doc = app.h.state().document().expect("the photo opened");
    assert_eq!(doc.photo.width(), 3000);
    assert!(
        doc.path.is_none(),
        "a new consultation, not the sample project"
    );
    // Scale: a line 140 px long across something 11.7 mm wide (the sample is 12 px/mm).
    app.click("2 Scale");
    app.drag_photo([1400.0, 1700.0], [1540.4, 1700.0]);
    app.click("Iris (11.7 mm)");
    let scale = project_of(&app.h).view().scale;
    assert!(
        scale.calibrated && (scale.px_per_mm - 12.0).abs() < 1.0,
        "{scale:?}"
    );
    // Hairline: temple, middle, temple, then a style (the tool is already the hairline's).
    for (x, y) in [(200.0, 1400.0), (1500.0, 1150.0), (2800.0, 1400.0)] {
        app.click_photo(x, y);
    }
    app.click("Natural / soft");
    let hairline = project_of(&app.h).view().layers[0]
        .hairline
        .clone()
        .expect("a hairline");
    assert!(hairline.points.len() > 3);
    // Look, compare, export.
    app.click("Full shaved look");
    app.click("5 Compare");
    app.click("6 Export");
    app.click("Export…");

    println!("inputs: {}", app.inputs);
    assert!(app.inputs <= 15, "{} inputs", app.inputs);
    let message = app.h.state().status().expect("a message").text.clone();
    assert!(message.contains("Exported"), "{message}");
    // A split mock-up: the photo as it is on the left, the treatment on the right.
    let png = image::open(&out).expect("the mock-up").to_rgb8();
    assert_eq!(png.width(), 3000, "one photo, split");
    let photo = image::open(sample_photo()).expect("photo").to_rgb8();
    let darkening = |x0: u32| {
        let (mut sum, mut n) = (0.0, 0.0);
        for y in (500..1000).step_by(4) {
            for x in (x0..x0 + 600).step_by(4) {
                let (a, b) = (photo.get_pixel(x, y), png.get_pixel(x, y));
                sum += f64::from(a[1]) - f64::from(b[1]);
                n += 1.0;
            }
        }
        sum / n
    };
    let (left, right) = (darkening(400), darkening(2000));
    assert!(left.abs() < 1.0, "before half unchanged: {left:.2}");
    assert!(
        right > 5.0,
        "after half darker above the hairline: {right:.2}"
    );
}
