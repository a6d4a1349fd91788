//! A scar layer's section: the scar's shape, how it takes pigment, and matching its shade.

use egui::{RichText, Ui};

use crate::app::command::{Command, Tool};
use crate::app::document::Document;
use crate::engine::geometry::{SCAR_RETENTION_RANGE, Scar, ScarShape};

pub(super) fn scar_section(ui: &mut Ui, doc: &mut Document, sent: &mut Vec<Command>) {
    ui.label(RichText::new("Scar").strong());
    let active = doc.active_layer;
    let Some(layer) = doc.project.view_mut().layers.get_mut(active) else {
        return;
    };
    let scar = layer
        .scar
        .get_or_insert_with(|| Scar::new(ScarShape::Region));
    let shape_before = std::mem::discriminant(&scar.shape);
    let label = ui.label("Shape");
    let current = scar_kind(&scar.shape);
    egui::ComboBox::from_id_salt("scar-shape")
        .selected_text(current)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(
                    matches!(scar.shape, ScarShape::Region),
                    scar_kind(&ScarShape::Region),
                )
                .clicked()
            {
                scar.shape = ScarShape::Region;
            }
            if ui
                .selectable_label(
                    matches!(scar.shape, ScarShape::Strip { .. }),
                    "a strip (FUT)",
                )
                .clicked()
                && !matches!(scar.shape, ScarShape::Strip { .. })
            {
                scar.shape = ScarShape::Strip {
                    points: Vec::new(),
                    width_mm: 3.0,
                    widths_mm: Vec::new(),
                };
            }
            if ui
                .selectable_label(
                    matches!(scar.shape, ScarShape::Dots { .. }),
                    "round scars (FUE)",
                )
                .clicked()
                && !matches!(scar.shape, ScarShape::Dots { .. })
            {
                scar.shape = ScarShape::Dots {
                    centres: Vec::new(),
                    diameter_mm: 1.0,
                };
            }
        })
        .response
        .labelled_by(label.id);
    shape_settings(ui, &mut scar.shape);
    ui.add(egui::Slider::new(&mut scar.retention, SCAR_RETENTION_RANGE).text("Pigment retention"))
        .on_hover_text("Scar tissue keeps less pigment than healthy scalp");
    ui.add(egui::Slider::new(&mut scar.unevenness, 0.0..=1.0).text("Unevenness"))
        .on_hover_text("How patchy the retention is");
    let camouflage = ui
        .checkbox(&mut scar.camouflage, "Camouflage the scar")
        .on_hover_text(
            "Over the scar: more dots of a deeper shade, so that it reads as the treated scalp \
             around it; the dots follow the direction of the dots around",
        )
        .changed();
    // A new shape or camouflage is its own undo step; sliders are recorded when they settle.
    if std::mem::discriminant(&scar.shape) != shape_before || camouflage {
        doc.commit();
    }
    ui.horizontal(|ui| {
        if ui.button("Scar tool (R)").clicked() {
            sent.push(Command::SetTool(Tool::Scar));
        }
        if ui
            .button("Match shade to skin")
            .on_hover_text("Darken the ink so dots in the scar match the dots around it")
            .clicked()
        {
            sent.push(Command::MatchScarShade);
        }
    });
}

/// The settings of the scar's shape: a strip's width, the round scars' diameter.
fn shape_settings(ui: &mut Ui, shape: &mut ScarShape) {
    match shape {
        ScarShape::Region => {
            ui.label(RichText::new("The painted region is scar tissue.").weak());
        }
        ScarShape::Strip {
            points,
            width_mm,
            widths_mm,
        } => {
            let mut varies = !widths_mm.is_empty();
            if ui
                .checkbox(&mut varies, "Width varies along the scar")
                .on_hover_text("Set the strip's width at each of its points")
                .changed()
            {
                if varies {
                    *widths_mm = vec![*width_mm; points.len()];
                } else {
                    // One width again: the widest, so that no part of the scar is left out.
                    *width_mm = widths_mm.iter().copied().fold(*width_mm, f32::max);
                    widths_mm.clear();
                }
            }
            if widths_mm.is_empty() {
                ui.add(egui::Slider::new(width_mm, 0.5..=15.0).text("Strip width (mm)"));
            } else {
                // One per point, in the order they were clicked (the Scar tool keeps them so).
                for (k, w) in widths_mm.iter_mut().enumerate() {
                    let text = format!("Width at point {} (mm)", k + 1);
                    ui.add(egui::Slider::new(w, 0.5..=15.0).text(text));
                }
            }
            ui.label(
                RichText::new(format!(
                    "{} points: click along the scar with the Scar tool (R).",
                    points.len()
                ))
                .weak(),
            );
        }
        ScarShape::Dots {
            centres,
            diameter_mm,
        } => {
            ui.add(egui::Slider::new(diameter_mm, 0.5..=3.0).text("Scar diameter (mm)"));
            ui.label(
                RichText::new(format!(
                    "{} scars: click each one with the Scar tool (R).",
                    centres.len()
                ))
                .weak(),
            );
        }
    }
}

/// How a scar shape is named in the panel.
fn scar_kind(shape: &ScarShape) -> &'static str {
    match shape {
        ScarShape::Region => "the layer's region",
        ScarShape::Strip { .. } => "a strip (FUT)",
        ScarShape::Dots { .. } => "round scars (FUE)",
    }
}
