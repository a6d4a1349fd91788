//! The client's skin tone and what it means for the active layer's shade and dot size.

use egui::{Color32, RichText, Ui};

use crate::app::command::{Command, Tool};
use crate::app::document::Document;
use crate::engine::advice::{advise, healed_dot};
use crate::engine::skin::SkinTone;

pub(super) fn skin_section(ui: &mut Ui, doc: &Document, sent: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Skin").strong());
    let view = doc.project.view();
    let Some(layer) = view.layers.get(doc.active_layer) else {
        return;
    };
    match view.skin.map(SkinTone::from_srgb) {
        Some(tone) => {
            ui.horizontal(|ui| {
                swatch(ui, tone.srgb, "Sampled skin");
                swatch(
                    ui,
                    healed_dot(&tone, &layer.look(), layer.density).srgb,
                    "A healed dot of this shade on it",
                );
                // An automatic sample says how sure its type is; one taken by hand is rough.
                let sureness = doc
                    .skin_sample
                    .filter(|s| s.tone.srgb == tone.srgb)
                    .map_or("rough", |s| s.sureness());
                ui.label(format!(
                    "{} · Fitzpatrick {} ({sureness})",
                    tone.description(),
                    tone.fitzpatrick_label()
                ));
            });
            let advice = advise(&tone, &layer.look(), layer.density);
            if advice.is_empty() {
                ui.label(RichText::new("Shade and dot size suit this skin.").weak());
            }
            for a in advice {
                ui.label(RichText::new(a.message()).color(ui.visuals().warn_fg_color));
            }
        }
        None => {
            ui.label(RichText::new("Not sampled yet.").weak());
        }
    }
    ui.horizontal(|ui| {
        if ui.button("Sample skin tool (K)").clicked() {
            sent.push(Command::SetTool(Tool::Eyedropper));
        }
        if ui
            .button("Sample automatically")
            .on_hover_text(
                "Average bare skin in this layer's region, hair, shine and shadow left out",
            )
            .clicked()
        {
            sent.push(Command::SampleSkin);
        }
    });
}

fn swatch(ui: &mut Ui, rgb: [u8; 3], what: &str) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(22.0, 22.0), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 3.0, Color32::from_rgb(rgb[0], rgb[1], rgb[2]));
    ui.painter().rect_stroke(
        rect,
        3.0,
        egui::Stroke::new(1.0, Color32::GRAY),
        egui::StrokeKind::Inside,
    );
    response.on_hover_text(what);
}
