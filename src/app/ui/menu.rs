//! The menu bar: File, Edit and View.

use egui::Ui;

use crate::app::command::{Command, Compare};
use crate::app::state::State;

/// A menu entry for `command`, with its shortcut shown.
fn item(ui: &mut Ui, sent: &mut Vec<Command>, command: Command, enabled: bool) {
    let mut button = egui::Button::new(command.label());
    if let Some(s) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui.add_enabled(enabled, button).clicked() {
        sent.push(command);
        ui.close();
    }
}

pub(super) fn menu_bar(ui: &mut Ui, state: &State, sent: &mut Vec<Command>) {
    let has_doc = state.doc.is_some();
    let (can_undo, can_redo) = state
        .doc
        .as_ref()
        .map_or((false, false), |d| (d.can_undo(), d.can_redo()));
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, sent, Command::OpenPhoto, true);
                item(ui, sent, Command::OpenProject, true);
                item(ui, sent, Command::OpenSample, true);
                ui.menu_button("Recent projects", |ui| {
                    if state.recent.is_empty() {
                        ui.label("None yet");
                    }
                    for path in &state.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            sent.push(Command::Open(path.clone()));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                item(ui, sent, Command::Save, has_doc);
                item(ui, sent, Command::SaveAs, has_doc);
                item(ui, sent, Command::Export, has_doc);
                item(ui, sent, Command::ExportSheet, has_doc);
                ui.separator();
                item(ui, sent, Command::CloseProject, has_doc);
                item(ui, sent, Command::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                item(ui, sent, Command::Undo, can_undo);
                item(ui, sent, Command::Redo, can_redo);
                ui.separator();
                item(ui, sent, Command::AddLayer, has_doc);
                item(ui, sent, Command::RemoveLayer, has_doc);
                item(ui, sent, Command::NewPattern, has_doc);
            });
            ui.menu_button("View", |ui| view_menu(ui, state, sent, has_doc));
        });
    });
}

fn view_menu(ui: &mut Ui, state: &State, sent: &mut Vec<Command>, has_doc: bool) {
    item(ui, sent, Command::ZoomIn, has_doc);
    item(ui, sent, Command::ZoomOut, has_doc);
    item(ui, sent, Command::ZoomFit, has_doc);
    item(ui, sent, Command::Zoom100, has_doc);
    ui.separator();
    let mut treatment = state.canvas.show_treatment;
    let label = format!(
        "{}   ({})",
        Command::ToggleOverlay.label(),
        "O; hold \\ to compare"
    );
    if ui.checkbox(&mut treatment, label).changed() {
        sent.push(Command::ToggleOverlay);
    }
    let mut guides = state.canvas.show_guides;
    let label = format!("{}   (G)", Command::ToggleGuides.label());
    if ui.checkbox(&mut guides, label).changed() {
        sent.push(Command::ToggleGuides);
    }
    for c in Compare::ALL {
        let chosen = state.canvas.compare == c;
        if ui.radio(chosen, Command::SetCompare(c).label()).clicked() {
            if !chosen {
                sent.push(Command::SetCompare(c));
            }
            ui.close();
        }
    }
}
