//! The start screen: open a photo or a project, a recent project, or try the sample.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::state::State;

pub(super) fn start_screen(ui: &mut Ui, state: &State, sent: &mut Vec<Command>) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.18);
        ui.heading(RichText::new("Follicle").size(34.0));
        ui.label("Show a client what scalp micropigmentation will look like on their own scalp.");
        ui.add_space(18.0);
        let size = egui::vec2(240.0, 34.0);
        for (text, command) in [
            ("Open a photo…", Command::OpenPhoto),
            ("Open a project…", Command::OpenProject),
            ("Try the sample photo", Command::OpenSample),
        ] {
            if ui.add_sized(size, egui::Button::new(text)).clicked() {
                sent.push(command);
            }
        }
        ui.add_space(8.0);
        ui.label(RichText::new("…or drop a photo or project onto this window.").weak());
        if !state.recent.is_empty() {
            ui.add_space(18.0);
            ui.label(RichText::new("Recent projects").strong());
            for path in &state.recent {
                let exists = path.exists();
                let text = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let r = ui
                    .add_enabled(exists, egui::Link::new(text))
                    .on_hover_text(path.display().to_string());
                if r.clicked() {
                    sent.push(Command::Open(path.clone()));
                }
            }
        }
        ui.add_space(18.0);
        ui.label(
            RichText::new("Everything stays on this computer: photos are never sent anywhere.")
                .weak()
                .small(),
        );
    });
}
