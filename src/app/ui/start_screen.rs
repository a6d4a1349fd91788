//! The start screen: open a photo or a project, a recent project, or try the sample.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::state::State;

/// One recent project: a small picture of its photo, the client and date, and the file.
fn recent_card(ui: &mut Ui, state: &State, path: &std::path::Path, sent: &mut Vec<Command>) {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let card = state.recent_cards.card(path);
    let text = match card {
        Some(c) if c.date.is_empty() => format!("{} ({file})", c.client),
        Some(c) => format!("{} · {} ({file})", c.client, c.date),
        None => file,
    };
    ui.horizontal(|ui| {
        // Centre the row under the buttons: a fixed width, the picture first.
        ui.add_space(((ui.available_width() - 420.0) / 2.0).max(0.0));
        match card.and_then(|c| c.picture.as_ref()) {
            Some(picture) => {
                ui.add(egui::Image::new(picture).max_size(egui::vec2(72.0, 48.0)));
            }
            None => {
                ui.allocate_space(egui::vec2(72.0, 48.0));
            }
        }
        let r = ui
            .add_enabled(path.exists(), egui::Link::new(text))
            .on_hover_text(path.display().to_string());
        if r.clicked() {
            sent.push(Command::Open(path.to_path_buf()));
        }
    });
}

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
                recent_card(ui, state, path, sent);
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
