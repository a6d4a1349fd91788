//! The status bar: the photo's size and scale, dots per layer, zoom, export progress, messages.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::state::State;

pub(super) fn status_bar(ui: &mut Ui, state: &State, sent: &mut Vec<Command>) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(doc) = &state.doc {
                let view = doc.project.view();
                let s = view.scale;
                ui.label(format!("{} × {} px", doc.photo.width(), doc.photo.height()));
                if let Some(copy) = &view.reduced {
                    let text = format!(
                        "reduced copy (the photo is {} × {} px)",
                        copy.full_size.0, copy.full_size.1
                    );
                    ui.label(RichText::new(text).color(ui.visuals().warn_fg_color))
                        .on_hover_text(
                            "The photo is not beside the mock-up this was opened from, so the \
                             copy kept inside the mock-up is shown. Put the original photo beside \
                             the mock-up and open it again to export.",
                        );
                }
                ui.separator();
                if s.calibrated {
                    ui.label(format!("{:.2} px/mm", s.px_per_mm));
                } else {
                    let text = format!("uncalibrated (assumed {:.1} px/mm)", s.px_per_mm);
                    ui.label(RichText::new(text).color(ui.visuals().warn_fg_color))
                        .on_hover_text(
                            "Sizes and densities are only right once the photo is calibrated: \
                             use the Calibrate tool (C) on something of known length.",
                        );
                }
                ui.separator();
                let dots: Vec<String> = view
                    .layers
                    .iter()
                    .zip(&state.counts)
                    .map(|(l, n)| format!("{}: {n} dots", l.name))
                    .collect();
                ui.label(dots.join(", "));
                ui.separator();
                ui.label(format!("Zoom {:.0} %", state.canvas.zoom_percent()));
                ui.separator();
            }
            if let Some((fraction, stage)) = state.export.progress {
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .text(stage)
                        .desired_width(160.0),
                );
                if ui.button(Command::CancelExport.label()).clicked() {
                    sent.push(Command::CancelExport);
                }
            }
            if let Some(m) = &state.message {
                let colour = if m.error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                // A long message is cut to the bar's width; all of it shows on hover.
                ui.add(egui::Label::new(RichText::new(&m.text).color(colour)).truncate());
            }
        });
    });
}
