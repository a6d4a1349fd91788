//! The tool bar's controls for the head shape and the face guides.

use egui::Ui;

use crate::app::canvas::FACE_PROMPTS;
use crate::app::command::{Command, Tool};
use crate::app::state::State;
use crate::engine::anatomy::HAIRLINE_HEIGHT_RANGE_MM;

/// The head shape's and the face guides' controls, when their tool is chosen.
pub(super) fn anatomy_controls(ui: &mut Ui, state: &mut State, sent: &mut Vec<Command>) {
    let clicked = state.canvas.face_clicks();
    let Some(doc) = state.doc.as_mut() else {
        return;
    };
    let view = doc.project.view_mut();
    match state.tool {
        Tool::Head => {
            if ui
                .button(Command::FindHead.label())
                .on_hover_text("Fit the ellipse to the head's outline against the backdrop")
                .clicked()
            {
                sent.push(Command::FindHead);
            }
            if view.head.is_some() {
                if ui.button(Command::RemoveHead.label()).clicked() {
                    sent.push(Command::RemoveHead);
                }
            } else {
                ui.label("Drag around the head");
            }
        }
        Tool::Face => match view.face.as_mut() {
            Some(face) => {
                ui.add(
                    egui::Slider::new(&mut face.hairline_height_mm, HAIRLINE_HEIGHT_RANGE_MM)
                        .step_by(1.0)
                        .text("Hairline above the brow (mm)"),
                )
                .on_hover_text(
                    "Where the middle of the hairline goes: about 80 mm (four fingers); higher \
                     is more conservative. Then choose a hairline style.",
                );
                if ui.button(Command::RemoveFaceGuides.label()).clicked() {
                    sent.push(Command::RemoveFaceGuides);
                }
            }
            None => {
                ui.label(FACE_PROMPTS.get(clicked).copied().unwrap_or_default());
            }
        },
        _ => {}
    }
}
