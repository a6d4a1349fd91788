//! The bar above the canvas: which photo (view), which session and which healing stage is shown.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::document::Document;
use crate::app::state::State;
use crate::engine::pigment::Stage;
use crate::engine::project::VIEW_NAMES;

pub(super) fn view_bar(ui: &mut Ui, state: &mut State, sent: &mut Vec<Command>) {
    egui::Panel::top("views").show(ui, |ui| {
        let Some(doc) = state.doc.as_mut() else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            views(ui, doc, sent);
            ui.separator();
            sessions(ui, doc, sent);
            ui.separator();
            stages(ui, doc, sent);
        });
    });
}

/// The views of the project, adding, naming and removing one.
fn views(ui: &mut Ui, doc: &mut Document, sent: &mut Vec<Command>) {
    ui.label(RichText::new("View").strong());
    for (i, view) in doc.project.views.iter().enumerate() {
        if ui
            .selectable_label(doc.project.current == i, &view.name)
            .on_hover_text(view.photo.display().to_string())
            .clicked()
        {
            sent.push(Command::SelectView(i));
        }
    }
    if ui
        .button("Add view…")
        .on_hover_text("Add another photo of this client (top, crown, sides…)")
        .clicked()
    {
        sent.push(Command::AddView);
    }
    let name_label = ui.label("Name");
    let mut name = doc.project.view().name.clone();
    egui::ComboBox::from_id_salt("view-name")
        .selected_text(name.clone())
        .show_ui(ui, |ui| {
            for n in VIEW_NAMES {
                ui.selectable_value(&mut name, n.to_string(), n);
            }
        })
        .response
        .labelled_by(name_label.id);
    if name != doc.project.view().name {
        doc.project.view_mut().name = name;
        doc.commit();
    }
    if doc.project.views.len() > 1 && ui.button("Remove view").clicked() {
        sent.push(Command::RemoveView);
    }
}

/// After which treatment session the result is shown.
fn sessions(ui: &mut Ui, doc: &Document, sent: &mut Vec<Command>) {
    let last = doc.project.last_session();
    let label = ui.label(RichText::new("Show").strong());
    let shown = doc.project.session;
    egui::ComboBox::from_id_salt("session")
        .selected_text(match shown {
            None if last > 1 => format!("After all {last} sessions"),
            None => "After treatment".to_string(),
            Some(s) => format!("After session {s} of {last}"),
        })
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(shown.is_none(), "After all sessions")
                .clicked()
            {
                sent.push(Command::ShowSession(None));
            }
            for s in 1..=last {
                if ui
                    .selectable_label(shown == Some(s), format!("After session {s}"))
                    .clicked()
                {
                    sent.push(Command::ShowSession(Some(s)));
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text("Show how density builds up session by session");
}

/// The healing stage shown.
fn stages(ui: &mut Ui, doc: &Document, sent: &mut Vec<Command>) {
    let label = ui.label(RichText::new("Stage").strong());
    let mut stage = doc.project.stage;
    for s in Stage::ALL {
        ui.selectable_value(&mut stage, s, s.name())
            .labelled_by(label.id)
            .on_hover_text(match s {
                Stage::Fresh => "Day 0: darker, larger dots with a faint redness",
                Stage::Healed => "About a month on: smaller, lighter, softer (the usual result)",
                Stage::Aged => "Years later: lighter and softer still",
            });
    }
    if stage != doc.project.stage {
        sent.push(Command::SetStage(stage));
    }
}
