//! The step bar: Photo › Scale › Hairline › Look › Compare › Export, the usual path of a
//! consultation, each step a button that jumps there, marked once done. (The default fonts have
//! no arrows or ticks.)

use egui::{RichText, Ui};

use crate::app::command::{Command, Step};
use crate::app::state::State;

pub(super) fn step_bar(ui: &mut Ui, state: &State, sent: &mut Vec<Command>) {
    egui::Panel::top("steps").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for (n, step) in Step::ALL.into_iter().enumerate() {
                if n > 0 {
                    ui.label(RichText::new("›").weak());
                }
                let done = state.step_done(step);
                let text = format!(
                    "{} {}{}",
                    n + 1,
                    step.label(),
                    if done { " (done)" } else { "" }
                );
                let current = state.step == step;
                let text = if current {
                    RichText::new(text).strong()
                } else {
                    RichText::new(text)
                };
                let enabled = step == Step::Photo || state.doc.is_some();
                if ui
                    .add_enabled(enabled, egui::Button::selectable(current, text))
                    .on_hover_text(step.hint())
                    .clicked()
                {
                    sent.push(Command::GoTo(step));
                }
            }
        });
    });
}
