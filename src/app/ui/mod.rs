//! The panels around the canvas, one file each: they show the [`State`], edit its values in
//! place, and send a [`Command`] for every action.

mod anatomy;
mod canvas_panel;
mod dialogs;
mod export;
mod hairline_style;
mod layer_list;
mod layer_settings;
mod layers;
mod menu;
mod presets;
mod scar;
mod skin;
mod start_screen;
mod status_bar;
mod steps;
mod thinning;
mod tool_bar;
mod typed_path;
mod view_bar;

use egui::Ui;

use super::command::Command;
use super::state::State;
use crate::engine::units::View;

/// Draws the whole window for one frame; the user's actions are added to `sent`. Returns the part
/// of the photo the canvas wants rendered, and at what size.
pub fn show(
    ui: &mut Ui,
    state: &mut State,
    sent: &mut Vec<Command>,
    hold_before: bool,
) -> Option<(View, [u32; 2])> {
    menu::menu_bar(ui, state, sent);
    status_bar::status_bar(ui, state, sent);
    if state.doc.is_some() {
        steps::step_bar(ui, state, sent);
        tool_bar::tool_bar(ui, state, sent);
        view_bar::view_bar(ui, state, sent);
        layers::layers_panel(ui, state, sent);
    }
    let wanted = canvas_panel::central(ui, state, sent, hold_before);
    dialogs::dialogs(ui, state, sent);
    if let Some(typed) = &mut state.typed_path {
        typed_path::typed_path(ui, typed, sent);
    }
    export::export_window(ui.ctx(), state, sent);
    wanted
}
