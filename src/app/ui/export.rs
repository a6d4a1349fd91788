//! The export window: layout, size, caption, the client's name and date.

use crate::app::command::Command;
use crate::app::state::State;
use crate::engine::export::{Format, Layout, SHARE_LONG_SIDE};

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
                    layout_choice(ui, &mut options.layout);
                    let sheet = options.layout == Layout::Sheet;
                    if !sheet {
                        format_choice(ui, &mut export.format);
                    }
                    let views = doc.as_ref().map_or(1, |d| d.project.views.len());
                    if views > 1 && !sheet && options.layout != Layout::ContactSheet {
                        ui.label("Views");
                        ui.checkbox(
                            &mut export.all_views,
                            format!("All {views} views, one PNG each"),
                        );
                        ui.end_row();
                    }
                    if !sheet {
                        size_choice(ui, &mut options.max_side, export.format);
                        ui.label("Caption");
                        ui.checkbox(&mut options.caption, "Caption strip with client and date");
                        ui.end_row();
                    }
                    if let Some(doc) = doc.as_mut() {
                        let label = ui.label("Client name");
                        ui.text_edit_singleline(&mut doc.project.client.name)
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                    let label = ui.label("Date");
                    ui.text_edit_singleline(&mut export.date)
                        .labelled_by(label.id);
                    ui.end_row();
                    ui.label("Note");
                    ui.add_enabled(
                        options.caption && !sheet,
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

/// The layouts a mock-up can have, with their names.
const LAYOUTS: [(Layout, &str); 5] = [
    (Layout::After, "After"),
    (Layout::SideBySide, "Side by side"),
    (Layout::Split, "Split"),
    (Layout::ContactSheet, "Contact sheet (every view)"),
    (Layout::Sheet, "Consultation sheet (PDF to print or send)"),
];

/// The layout row of the export grid.
fn layout_choice(ui: &mut egui::Ui, layout: &mut Layout) {
    let label = ui.label("Layout");
    let name = LAYOUTS
        .iter()
        .find(|(l, _)| l == layout)
        .map_or("", |(_, name)| name);
    egui::ComboBox::from_id_salt("layout")
        .selected_text(name)
        .show_ui(ui, |ui| {
            for (value, name) in LAYOUTS {
                ui.selectable_value(layout, value, name);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}

/// The file-type row of the export grid.
fn format_choice(ui: &mut egui::Ui, format: &mut Format) {
    let label = ui.label("File type");
    ui.vertical(|ui| {
        ui.radio_value(
            format,
            Format::Png,
            "PNG — full quality, reopens as the consultation",
        );
        ui.radio_value(
            format,
            Format::Jpeg,
            "JPEG — to send to the client (small, nothing else inside)",
        );
    })
    .response
    .labelled_by(label.id);
    ui.end_row();
}

/// The size row of the export grid: full resolution (a JPEG: the size for sending) or a longest
/// side in pixels.
fn size_choice(ui: &mut egui::Ui, max_side: &mut Option<u32>, format: Format) {
    let name = |m: Option<u32>| match (m, format) {
        (Some(m), _) => format!("Longest side {m} px"),
        (None, Format::Png | Format::Pdf) => "Full resolution".to_string(),
        (None, Format::Jpeg) => format!("Longest side {SHARE_LONG_SIDE} px (for sending)"),
    };
    let label = ui.label("Size");
    egui::ComboBox::from_id_salt("size")
        .selected_text(name(*max_side))
        .show_ui(ui, |ui| {
            for m in [None, Some(4000), Some(2048), Some(1080)] {
                ui.selectable_value(max_side, m, name(m));
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
}
