//! The tool bar: the canvas tools, the brush, and how before and after are shown.

use egui::Ui;

use crate::app::command::{Command, Compare, Tool};
use crate::app::state::State;

use super::anatomy::anatomy_controls;

pub(super) fn tool_bar(ui: &mut Ui, state: &mut State, sent: &mut Vec<Command>) {
    egui::Panel::top("tools").show(ui, |ui| {
        // Wraps onto a second row on narrow screens (1366 px with the brush settings showing)
        // rather than cutting off the comparison controls.
        ui.horizontal_wrapped(|ui| {
            for tool in Tool::ALL {
                let text = format!(
                    "{} ({})",
                    tool.label(),
                    Command::SetTool(tool)
                        .shortcut()
                        .map(|s| ui.ctx().format_shortcut(&s))
                        .unwrap_or_default()
                );
                if ui
                    .selectable_label(state.tool == tool, text)
                    .on_hover_text(tool.help())
                    .clicked()
                {
                    sent.push(Command::SetTool(tool));
                }
            }
            // The tools fill the first row at 1366 px; a tool's settings start the second, whole.
            ui.end_row();
            if matches!(state.tool, Tool::Brush | Tool::Eraser) {
                let brush = &mut state.brush;
                ui.add(
                    egui::Slider::new(&mut brush.radius_mm, 0.5..=60.0)
                        .logarithmic(true)
                        .text("Brush size (mm)"),
                )
                .on_hover_text("Radius of the brush; [ and ] change it");
                ui.add(egui::Slider::new(&mut brush.softness, 0.0..=1.0).text("Softness"));
            }
            anatomy_controls(ui, state, sent);
            ui.separator();
            for c in Compare::ALL {
                let chosen = state.canvas.compare == c;
                if ui
                    .selectable_label(chosen, Command::SetCompare(c).label())
                    .clicked()
                    && !chosen
                {
                    sent.push(Command::SetCompare(c));
                }
            }
            let mut treatment = state.canvas.show_treatment;
            if ui
                .checkbox(&mut treatment, Command::ToggleOverlay.label())
                .on_hover_text("Show the dots (O); hold \\ to see the photo as it is")
                .changed()
            {
                sent.push(Command::ToggleOverlay);
            }
            let mut guides = state.canvas.show_guides;
            if ui
                .checkbox(&mut guides, Command::ToggleGuides.label())
                .on_hover_text("Show the hairline and scar outlines (G)")
                .changed()
            {
                sent.push(Command::ToggleGuides);
            }
        });
    });
}
