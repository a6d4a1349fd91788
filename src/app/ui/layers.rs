//! The layer panel on the right: the layers of the current view, then for the active layer what
//! a consultation needs in its order (the hairline style, presets, then the settings), the
//! region, sessions and the client's skin.

use egui::Ui;

use super::{hairline_style, layer_list, layer_settings, presets, scar, skin, thinning};
use crate::app::command::Command;
use crate::app::state::State;
use crate::engine::project::LayerKind;

pub(super) fn layers_panel(ui: &mut Ui, state: &mut State, sent: &mut Vec<Command>) {
    let State {
        doc,
        presets: saved,
        mirror,
        show_hair,
        ..
    } = state;
    egui::Panel::right("layers")
        .resizable(true)
        .default_size(300.0)
        .min_size(250.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let Some(doc) = doc.as_mut() else { return };
                ui.heading("Layers");
                layer_list::list(ui, doc, sent);
                let count = doc.project.view().layers.len();
                let active = doc.active_layer.min(count.saturating_sub(1));
                // In the order of a consultation: the hairline, then the look, then the rest.
                let Some(layer) = doc.project.view().layers.get(active) else {
                    return;
                };
                let (kind, has_hairline) = (layer.kind, layer.hairline.is_some());
                if kind == LayerKind::Scar {
                    ui.separator();
                    scar::scar_section(ui, doc, sent);
                }
                hairline_style::styles(ui, has_hairline, mirror, sent);
                let Some(layer) = doc.project.view_mut().layers.get_mut(active) else {
                    return;
                };
                layer_settings::hairline(ui, layer, sent);
                presets::presets_section(ui, saved, sent);
                ui.separator();
                layer_settings::settings(ui, layer, sent);
                layer_settings::region(ui, sent);
                thinning::session_and_hair(ui, doc, *show_hair, sent);
                skin::skin_section(ui, doc, sent);
            });
        });
}
