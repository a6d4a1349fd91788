//! Hairline styles and mirroring (a style turns a density layer into a hairline layer).

use egui::{RichText, Ui};

use crate::app::command::Command;
use crate::engine::styles::{HairlineStyle, Side};

pub(super) fn styles(ui: &mut Ui, has_hairline: bool, mirror: &mut bool, sent: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Hairline style").strong());
    ui.horizontal_wrapped(|ui| {
        for style in HairlineStyle::ALL {
            if ui
                .button(style.label())
                .on_hover_text("Place a hairline of this style (replaces the current one)")
                .clicked()
            {
                sent.push(Command::HairlineStyle(style));
            }
        }
    });
    if has_hairline {
        ui.horizontal(|ui| {
            if ui.button("Mirror left to right").clicked() {
                sent.push(Command::MirrorHairline(Side::Left));
            }
            if ui.button("Mirror right to left").clicked() {
                sent.push(Command::MirrorHairline(Side::Right));
            }
        });
        ui.checkbox(mirror, "Mirror while editing").on_hover_text(
            "Points edited on one side are copied to the other, with a little natural asymmetry",
        );
    }
}
