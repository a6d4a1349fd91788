//! Modal dialogs: restoring after a crash, unsaved changes, a missing photo, calibration.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::state::State;
use crate::engine::units::{IRIS_MM, IRIS_MM_RANGE, Scale};

pub(super) fn dialogs(ui: &mut Ui, state: &mut State, sent: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    if let Some(offer) = &state.restore {
        egui::Modal::new(egui::Id::unique("restore-after-crash")).show(&ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Restore the consultation?");
            ui.label(format!(
                "Follicle closed unexpectedly. Restore the consultation for {} from {}?",
                offer.who, offer.when
            ));
            ui.label(
                RichText::new(format!(
                    "Its last changes were not saved. Restore opens them as unsaved changes; \
                     Discard keeps a copy in {}.",
                    offer.kept_in.display()
                ))
                .weak(),
            );
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                for command in [Command::RestoreRecovered, Command::DiscardRecovered] {
                    if ui.button(command.label()).clicked() {
                        sent.push(command);
                    }
                }
            });
        });
        return;
    }
    if state.confirm.is_some() {
        let name = state.doc.as_ref().map_or(String::new(), |d| d.name());
        egui::Modal::new(egui::Id::unique("unsaved")).show(&ctx, |ui| {
            ui.heading("Save changes?");
            ui.label(format!("\"{name}\" has changes that are not saved."));
            ui.horizontal(|ui| {
                for command in [
                    Command::SaveChanges,
                    Command::DiscardChanges,
                    Command::KeepEditing,
                ] {
                    if ui.button(command.label()).clicked() {
                        sent.push(command);
                    }
                }
            });
        });
    }
    if let Some(missing) = &state.missing {
        egui::Modal::new(egui::Id::unique("missing-photo")).show(&ctx, |ui| {
            ui.heading("Where is the photo?");
            ui.label(format!(
                "The photo of {} could not be opened:",
                missing.source.display()
            ));
            ui.label(RichText::new(&missing.problem).weak());
            ui.label("If it was moved or renamed, show Follicle where it is now.");
            ui.horizontal(|ui| {
                // Keep `missing` until a photo is chosen; the picker's answer takes it.
                for command in [Command::LocatePhoto, Command::ForgetMissingPhoto] {
                    if ui.button(command.label()).clicked() {
                        sent.push(command);
                    }
                }
            });
        });
    }
    if let Some((px, text)) = &mut state.calibration {
        calibration(&ctx, *px, (text, &mut state.iris_mm), sent);
    }
}

/// Asks how long the calibration line of `px` photo pixels is.
fn calibration(
    ctx: &egui::Context,
    px: f64,
    (text, iris_mm): (&mut String, &mut f64),
    sent: &mut Vec<Command>,
) {
    egui::Modal::new(egui::Id::unique("calibrate")).show(ctx, |ui| {
        ui.heading("Calibrate");
        ui.label(format!(
            "The line is {px:.0} photo pixels long. How long is it in reality?"
        ));
        ui.horizontal(|ui| {
            let label = ui.label("Length (mm)");
            let r = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .hint_text("e.g. 20")
                        .desired_width(80.0),
                )
                .labelled_by(label.id);
            // The length takes the keys, unless the iris diameter was clicked for typing.
            if ui.memory(|m| m.focused().is_none()) {
                r.request_focus();
            }
        });
        let parsed = text
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(|mm| Scale::from_measurement(px, mm));
        if !text.trim().is_empty() && parsed.is_none() {
            ui.label(
                RichText::new("Type a length in millimetres (gives 0.5–500 px/mm).")
                    .color(ui.visuals().error_fg_color),
            );
        }
        ui.horizontal(|ui| {
            ui.label("Iris diameter");
            ui.add(
                egui::DragValue::new(iris_mm)
                    .range(IRIS_MM_RANGE)
                    .speed(0.05)
                    .fixed_decimals(1)
                    .suffix(" mm"),
            )
            .on_hover_text("The client's visible iris, edge to edge, if known");
        });
        ui.horizontal(|ui| {
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui
                .add_enabled(parsed.is_some(), egui::Button::new("Set scale"))
                .clicked()
                || (enter && parsed.is_some())
            {
                sent.extend(parsed.map(Command::SetScale));
            }
            if let Some(iris) = Scale::from_measurement(px, *iris_mm)
                && ui
                    .button(format!("Iris ({iris_mm:.1} mm)"))
                    .on_hover_text(format!(
                        "The line crosses the client's iris, edge to edge: an adult iris is \
                         about {IRIS_MM} mm (set the diameter below if it was measured)"
                    ))
                    .clicked()
            {
                sent.push(Command::SetScale(iris));
            }
            if ui.button(Command::CancelCalibration.label()).clicked() {
                sent.push(Command::CancelCalibration);
            }
        });
    });
}
