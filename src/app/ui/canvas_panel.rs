//! The central panel: the start screen, or the canvas with the photo and its mock-up.

use egui::Ui;

use super::start_screen::start_screen;
use crate::app::command::{Command, Tool};
use crate::app::state::State;
use crate::engine::edit;
use crate::engine::units::View;

/// Draws the central panel; returns the part of the photo the canvas wants rendered.
pub(super) fn central(
    ui: &mut Ui,
    state: &mut State,
    sent: &mut Vec<Command>,
    hold_before: bool,
) -> Option<(View, [u32; 2])> {
    egui::CentralPanel::default()
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            if state.doc.is_none() {
                start_screen(ui, state, sent);
                return None;
            }
            let (tool, brush, mirror) = (state.tool, state.brush, state.mirror);
            let doc = state.doc.as_mut()?;
            if !doc.photo_ready() {
                ui.centered_and_justified(|ui| {
                    ui.label(format!("Loading the {} view…", doc.project.view().name));
                });
                return None;
            }
            let out = state.canvas.ui(ui, doc, (tool, brush), hold_before);
            if out.committed {
                doc.commit();
            }
            if let Some(op) = out.stroke {
                sent.push(Command::Stroke(op));
            }
            if let Some(at) = out.sampled {
                sent.push(if tool == Tool::MatchHair {
                    Command::MatchHair(at)
                } else {
                    Command::SampleSkinAt(at)
                });
            }
            let view = doc.project.view();
            if let Some(x) = out.hairline_edited_x
                && mirror
                && let Some(layer) = view.layers.get(doc.active_layer)
            {
                let side = edit::hairline_side(layer, x, view.scale.px_per_mm);
                sent.push(Command::MirrorHairline(side));
            }
            if let Some(px) = out.measured_px {
                sent.push(Command::Measured(px));
            }
            out.wanted
        })
        .inner
}
