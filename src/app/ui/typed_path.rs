//! The path field shown when a file dialog cannot open: type the path, start from a recent
//! folder, or pick one of the completions of what is typed.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::state::TypedPath;

pub(super) fn typed_path(ui: &mut Ui, typed: &mut TypedPath, sent: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    egui::Modal::new(egui::Id::unique("typed-path")).show(&ctx, |ui| {
        ui.set_max_width(560.0);
        ui.heading(typed.purpose.title());
        ui.label("The file dialog could not open here. Type the file's path:");
        let label = ui.label("Path");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut typed.text)
                    .hint_text("/home/you/Clients/photo.jpg")
                    .desired_width(540.0),
            )
            .labelled_by(label.id);
        if field.changed() {
            typed.complete();
        }
        let mut chosen = None;
        if !typed.completions.is_empty() {
            ui.label(RichText::new("In that folder").weak());
            ui.horizontal_wrapped(|ui| {
                for c in &typed.completions {
                    let name = c
                        .trim_end_matches(std::path::MAIN_SEPARATOR)
                        .rsplit(std::path::MAIN_SEPARATOR)
                        .next()
                        .unwrap_or(c);
                    if ui.small_button(name).on_hover_text(c).clicked() {
                        chosen = Some(c.clone());
                    }
                }
            });
        }
        if !typed.folders.is_empty() {
            ui.label(RichText::new("Recent folders").weak());
            ui.horizontal_wrapped(|ui| {
                for f in &typed.folders {
                    let text = format!("{}{}", f.display(), std::path::MAIN_SEPARATOR);
                    if ui.small_button(&text).clicked() {
                        chosen = Some(text);
                    }
                }
            });
        }
        if let Some(text) = chosen {
            typed.text = text;
            typed.complete();
            field.request_focus();
        }
        ui.horizontal(|ui| {
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let ready = typed.path().is_some();
            if ui
                .add_enabled(ready, egui::Button::new(Command::TypedPath.label()))
                .clicked()
                || (enter && ready)
            {
                sent.push(Command::TypedPath);
            }
            if ui.button(Command::CancelTypedPath.label()).clicked() {
                sent.push(Command::CancelTypedPath);
            }
        });
    });
}
