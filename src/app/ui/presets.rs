//! Presets: apply a built-in or saved one, or save the active layer's settings as one.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::state::Presets;
use crate::engine::presets;

pub(super) fn presets_section(ui: &mut Ui, saved: &mut Presets, sent: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Presets").strong());
    ui.horizontal_wrapped(|ui| {
        for p in presets::built_in_by_file()
            .iter()
            .map(|(_, p)| p)
            .chain(saved.user.iter())
        {
            if ui
                .button(&p.name)
                .on_hover_text(if p.description.is_empty() {
                    "Your preset"
                } else {
                    &p.description
                })
                .clicked()
            {
                sent.push(Command::ApplyPreset(p.name.clone()));
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Name");
        ui.add(
            egui::TextEdit::singleline(&mut saved.name)
                .hint_text("e.g. Soft temples")
                .desired_width(120.0),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(
                !saved.name.trim().is_empty(),
                egui::Button::new("Save as preset"),
            )
            .on_hover_text("Save this layer's settings to use on other clients")
            .clicked()
        {
            sent.push(Command::SavePreset(saved.name.clone()));
        }
    });
}
