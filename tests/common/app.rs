//! Helpers for driving the desktop app in tests.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::time::Duration;

use egui::Pos2;
use egui_kittest::Harness;
use follicle::app::FollicleApp;
use follicle::engine::project::Project;

/// Steps the app until its background work (opening, previews, exports) is done.
pub fn settle(h: &mut Harness<'static, FollicleApp>) {
    for _ in 0..600 {
        h.step();
        if !h.state().busy() {
            h.run_steps(4);
            if !h.state().busy() {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the app stayed busy");
}

/// The open document's project.
pub fn project_of(h: &Harness<'static, FollicleApp>) -> Project {
    h.state()
        .document()
        .expect("a document is open")
        .project
        .clone()
}

/// Where photo position (x, y) is on screen.
pub fn screen(h: &Harness<'static, FollicleApp>, x: f32, y: f32) -> Pos2 {
    h.state().screen_of(x, y).expect("the canvas was drawn")
}

/// Drags with the primary button from `from` to `to`, in small steps.
pub fn drag(h: &mut Harness<'static, FollicleApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run_steps(2);
    h.drag_at(from);
    h.run_steps(2);
    for t in 1..=6 {
        h.hover_at(from + (to - from) * (t as f32 / 6.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(3);
}

/// A primary click at `p`, pressed and released as a user does.
pub fn click_at(h: &mut Harness<'static, FollicleApp>, p: Pos2) {
    h.hover_at(p);
    h.run_steps(1);
    h.drag_at(p);
    h.run_steps(1);
    h.drop_at(p);
    h.run_steps(2);
}
