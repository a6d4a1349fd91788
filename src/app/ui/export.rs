//! The export window: layout, size, caption, the client's name and date.

use crate::app::command::Command;
use crate::app::state::State;
use crate::engine::export::Layout;

pub(super) fn export_window(ctx: &egui::Context, state: &mut State, sent: &mut Vec<Command>) {
    if !state.export.open {
        return;
    }
    let mut open = true;
    let mut go = false;
    egui::Window::new("Export mock-up")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let State { doc, export, .. } = state;
            let options = &mut export.options;
            egui::Grid::new("export-grid")
                .num_columns(2)
                .spacing([8.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label("Layout");
                    egui::ComboBox::from_id_salt("layout")
                        .selected_text(match options.layout {
                            Layout::After => "After",
                            Layout::SideBySide => "Side by side",
                            Layout::Split => "Split",
                            Layout::ContactSheet => "Contact sheet (every view)",
                        })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut options.layout, Layout::After, "After");
                            ui.selectable_value(
                                &mut options.layout,
                                Layout::SideBySide,
                                "Side by side",
                            );
                            ui.selectable_value(&mut options.layout, Layout::Split, "Split");
                            ui.selectable_value(
                                &mut options.layout,
                                Layout::ContactSheet,
                                "Contact sheet (every view)",
                            );
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let views = doc.as_ref().map_or(1, |d| d.project.views.len());
                    if views > 1 && options.layout != Layout::ContactSheet {
                        ui.label("Views");
                        ui.checkbox(
                            &mut export.all_views,
                            format!("All {views} views, one PNG each"),
                        );
                        ui.end_row();
                    }
                    let label = ui.label("Size");
                    egui::ComboBox::from_id_salt("size")
                        .selected_text(
                            options.max_side.map_or("Full resolution".to_string(), |m| {
                                format!("Longest side {m} px")
                            }),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut options.max_side, None, "Full resolution");
                            for m in [4000, 2048, 1080] {
                                ui.selectable_value(
                                    &mut options.max_side,
                                    Some(m),
                                    format!("Longest side {m} px"),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    ui.label("Caption");
                    ui.checkbox(&mut options.caption, "Caption strip with client and date");
                    ui.end_row();
                    if let Some(doc) = doc.as_mut() {
                        let label = ui.label("Client name");
                        ui.text_edit_singleline(&mut doc.project.client.name)
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("Date");
                        ui.text_edit_singleline(&mut doc.project.client.date)
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                    ui.label("Note");
                    ui.add_enabled(
                        options.caption,
                        egui::Checkbox::new(
                            &mut options.disclaimer,
                            "\"Simulation — results vary\"",
                        ),
                    );
                    ui.end_row();
                });
            ui.add_space(6.0);
            if ui
                .add_enabled(export.progress.is_none(), egui::Button::new("Export…"))
                .clicked()
            {
                go = true;
            }
        });
    if !open {
        sent.push(Command::CloseExportWindow);
    }
    if go {
        sent.push(Command::ExportTo);
    }
}
