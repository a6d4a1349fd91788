//! The active layer's own settings: name, kind, density, needle, shade, dot variation, seed,
//! region and hairline.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::engine::optics::{self, NEEDLE_MM_RANGE, Needle};
use crate::engine::pattern::MAX_DENSITY;
use crate::engine::pigment::{format_dilution, parse_dilution};
use crate::engine::project::{HairMatch, Layer, LayerKind};

/// Name, kind, density, needle, shade, dot variation, the hair it was matched to, and its seed.
pub(super) fn settings(ui: &mut Ui, layer: &mut Layer, sent: &mut Vec<Command>) {
    egui::Grid::new("layer-settings")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let name = ui.label("Name");
            ui.text_edit_singleline(&mut layer.name)
                .labelled_by(name.id);
            ui.end_row();
            let label = ui.label("Kind");
            let mut kind = layer.kind;
            egui::ComboBox::from_id_salt("kind")
                .selected_text(format!("{:?}", layer.kind))
                .show_ui(ui, |ui| {
                    for k in [LayerKind::Density, LayerKind::Hairline, LayerKind::Scar] {
                        ui.selectable_value(&mut kind, k, format!("{k:?}"));
                    }
                })
                .response
                .labelled_by(label.id);
            if kind != layer.kind {
                layer.set_kind(kind);
            }
            ui.end_row();
        });
    ui.add(
        egui::Slider::new(&mut layer.density, 0.0..=MAX_DENSITY as f32)
            .text("Density (impressions/cm²)"),
    )
    .on_hover_text(
        "Natural scalp has about 80 follicles per cm²; a full shaved look takes about 100 \
         impressions.",
    );
    needle_settings(ui, layer);
    let mut dilution = layer.dilution;
    let r = ui.add(
        egui::Slider::new(&mut dilution, 4.0..=24.0)
            .custom_formatter(|v, _| format_dilution(v as f32))
            // What the field shows ("10:1") is what it takes back, as is a plain "10".
            .custom_parser(|text| parse_dilution(text).map(f64::from))
            .text("Shade (water:pigment)"),
    );
    if r.changed() {
        layer.dilution = dilution;
    }
    r.on_hover_text("6:1 is dark, 20:1 light. Fair skin and light hair need more dilution.");
    dot_variation(ui, layer);
    if let Some(m) = &layer.hair_match {
        hair_match_swatch(ui, m);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Seed");
        ui.add(egui::DragValue::new(&mut layer.seed).range(0..=999_999_999))
            .labelled_by(label.id);
        if ui
            .button(Command::NewPattern.label())
            .on_hover_text("A different arrangement of dots (N)")
            .clicked()
        {
            sent.push(Command::NewPattern);
        }
    });
}

/// Where the layer puts dots.
pub(super) fn region(ui: &mut Ui, sent: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Region").strong());
    ui.horizontal(|ui| {
        if ui
            .button(Command::FillScalp.label())
            .on_hover_text("Cover the head (skin and hair), not the backdrop behind it")
            .clicked()
        {
            sent.push(Command::FillScalp);
        }
        for command in [Command::FillRegion, Command::ClearRegion] {
            if ui.button(command.label()).clicked() {
                sent.push(command);
            }
        }
    });
    ui.label(RichText::new("Paint with the Brush (B), remove with the Eraser (E).").weak());
}

/// The layer's hairline: its fade, edge and hair side.
pub(super) fn hairline(ui: &mut Ui, layer: &mut Layer, sent: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Hairline").strong());
    match &mut layer.hairline {
        Some(h) => {
            ui.add(egui::Slider::new(&mut h.fade_mm, 0.0..=30.0).text("Fade width (mm)"))
                .on_hover_text("Sparse at the front, full behind: a few mm looks natural.");
            ui.add(egui::Slider::new(&mut h.irregularity, 0.0..=1.0).text("Irregularity"))
                .on_hover_text("0: a clean edge; higher: a broken, scattered edge.");
            ui.checkbox(&mut h.flip, "Hair on the other side");
            ui.label(format!(
                "{} points (the end points are the temple points)",
                h.points.len()
            ));
            if ui.button(Command::RemoveHairline.label()).clicked() {
                sent.push(Command::RemoveHairline);
            }
        }
        None => {
            ui.label(
                RichText::new(
                    "Choose the Hairline tool (H) and click across the forehead, temple to temple.",
                )
                .weak(),
            );
        }
    }
}

/// Needle configuration and diameter; the healed spot follows from the optical model.
fn needle_settings(ui: &mut Ui, layer: &mut Layer) {
    ui.horizontal(|ui| {
        let label = ui.label("Needle");
        egui::ComboBox::from_id_salt("needle")
            .selected_text(layer.shape.needle.label())
            .show_ui(ui, |ui| {
                for n in Needle::ALL {
                    ui.selectable_value(&mut layer.shape.needle, n, n.label());
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(
                "1RL: a single point, for soft hairline fronts. 3RL: three points, bolder, for \
                 density zones.",
            );
    });
    let mut needle = optics::needle_mm(layer.dot_mm);
    let r = ui.add(
        egui::Slider::new(
            &mut needle,
            *NEEDLE_MM_RANGE.start()..=*NEEDLE_MM_RANGE.end(),
        )
        .fixed_decimals(2)
        .text("Needle (mm)"),
    );
    if r.changed() {
        layer.dot_mm = optics::deposit_mm(needle);
    }
    r.on_hover_text("SMP needles are 0.18–0.35 mm; the healed deposit is about half as wide.");
    ui.label(
        RichText::new(format!(
            "Healed spot as a camera sees it: about {:.2} mm",
            optics::apparent_spot_mm(layer.shape.needle, layer.dot_mm)
        ))
        .weak(),
    );
}

/// How the dots vary from one to the next (folded: the defaults match healed SMP).
fn dot_variation(ui: &mut Ui, layer: &mut Layer) {
    egui::CollapsingHeader::new("Dot variation").show(ui, |ui| {
        ui.add(egui::Slider::new(&mut layer.size_jitter, 0.0..=0.6).text("Size variation"));
        ui.add(egui::Slider::new(&mut layer.tone_jitter, 0.0..=0.8).text("Darkness variation"))
            .on_hover_text("Healed SMP varies a lot from dot to dot (about 0.4).");
        let shape = &mut layer.shape;
        ui.add(egui::Slider::new(&mut shape.elongation, 1.0..=2.0).text("Elongation"))
            .on_hover_text(
                "Length to width: 1 is round; dots on scalp facing the camera reach about 1.4.",
            );
        ui.add(egui::Slider::new(&mut shape.direction_deg, -90.0..=90.0).text("Direction (°)"))
            .on_hover_text(
                "The dots' long axis in the photo, like the stubble's direction (90 = up).",
            );
        ui.add(
            egui::Slider::new(&mut shape.direction_spread_deg, 0.0..=90.0)
                .text("Direction spread (°)"),
        );
        ui.add(egui::Slider::new(&mut shape.softness, 0.0..=1.0).text("Edge softness"));
        ui.add(egui::Slider::new(&mut shape.merge, 0.0..=0.5).text("Merged impressions"))
            .on_hover_text("Share of marks where two impressions ran together.");
    });
}

/// What "Match hair" found: the client's hair, the bare skin and the treated skin side by side.
fn hair_match_swatch(ui: &mut Ui, m: &HairMatch) {
    ui.horizontal(|ui| {
        for (rgb, label) in [
            (m.hair, "Hair"),
            (m.skin, "Bare skin"),
            (m.result, "Treated"),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 22.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 3.0, egui::Color32::from_rgb(rgb[0], rgb[1], rgb[2]));
            ui.label(label);
        }
    });
    if let Some(note) = &m.note {
        ui.label(RichText::new(note).weak());
    }
}
