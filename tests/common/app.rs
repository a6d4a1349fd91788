//! Helpers for driving the desktop app in tests.

use std::time::Duration;

use egui_kittest::Harness;
use follicle::app::FollicleApp;

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
