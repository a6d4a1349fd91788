//! The list of layers: show or hide each, choose the one to work on, reorder, add and remove.

use egui::Ui;

use crate::app::command::Command;
use crate::app::document::Document;

pub(super) fn list(ui: &mut Ui, doc: &mut Document, sent: &mut Vec<Command>) {
    let active = doc.active_layer;
    let layers = &mut doc.project.view_mut().layers;
    let count = layers.len();
    for (i, layer) in layers.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.checkbox(&mut layer.visible, "")
                .on_hover_text("Show this layer");
            if ui.selectable_label(active == i, &layer.name).clicked() {
                sent.push(Command::SelectLayer(i));
            }
            let up = ui
                .add_enabled(i > 0, egui::Button::new("Up").small())
                .on_hover_text("Move up");
            if up.clicked() {
                sent.push(Command::MoveLayer { from: i, to: i - 1 });
            }
            let down = ui
                .add_enabled(i + 1 < count, egui::Button::new("Down").small())
                .on_hover_text("Move down");
            if down.clicked() {
                sent.push(Command::MoveLayer { from: i, to: i + 1 });
            }
        });
    }
    ui.horizontal(|ui| {
        for command in [Command::AddLayer, Command::RemoveLayer] {
            if ui.button(command.label()).clicked() {
                sent.push(command);
            }
        }
    });
}
