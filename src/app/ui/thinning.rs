//! The active layer's session, and thinning hair: keeping dots off the hair found in the photo.

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::app::document::Document;
use crate::engine::project::MAX_SESSIONS;

pub(super) fn session_and_hair(
    ui: &mut Ui,
    doc: &mut Document,
    show_hair: bool,
    sent: &mut Vec<Command>,
) {
    let Some(layer) = doc.project.view().layers.get(doc.active_layer) else {
        return;
    };
    let (session, avoid_hair) = (layer.session, layer.avoid_hair);
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Session {session}")).strong())
            .on_hover_text("Treatment session these dots are placed in");
        if ui
            .add_enabled(
                session < MAX_SESSIONS,
                egui::Button::new(Command::AddSession.label()),
            )
            .on_hover_text(
                "A later session over the same zone: its dots fill the gaps, a little darker",
            )
            .clicked()
        {
            sent.push(Command::AddSession);
        }
    });

    ui.separator();
    let mut avoid = avoid_hair;
    ui.checkbox(&mut avoid, "Thinning hair: keep dots off existing hair")
        .on_hover_text("Dots go only on visible scalp between the hairs found in the photo");
    if avoid != avoid_hair {
        let active = doc.active_layer;
        if let Some(l) = doc.project.view_mut().layers.get_mut(active) {
            l.avoid_hair = avoid;
        }
        doc.commit();
    }
    if avoid || show_hair {
        let hair = &mut doc.project.view_mut().hair;
        ui.add(egui::Slider::new(&mut hair.sensitivity, 0.0..=1.0).text("Hair detection"))
            .on_hover_text(
                "Higher finds fainter hair (dark skin, fair hair); check with Show detected hair",
            );
        ui.add(egui::Slider::new(&mut hair.clearance_mm, 0.0..=0.5).text("Clearance (mm)"))
            .on_hover_text("How far dots stay from each hair");
    }
    let mut shown = show_hair;
    if ui
        .checkbox(&mut shown, Command::ToggleHairView.label())
        .changed()
    {
        sent.push(Command::ToggleHairView);
    }
}
