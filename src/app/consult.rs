//! Consultation panels: the views and sessions bar, and the layer sections for thinning hair,
//! scars, hairline styles, presets and the client's skin tone.

use egui::{Color32, RichText, Ui};

use super::actions::scar_kind;
use super::command::{Command, Tool};
use super::document::Document;
use super::shell::FollicleApp;
use crate::engine::geometry::{SCAR_RETENTION_RANGE, Scar, ScarShape};
use crate::engine::pigment::Stage;
use crate::engine::presets;
use crate::engine::project::{LayerKind, MAX_SESSIONS, VIEW_NAMES};
use crate::engine::skin::{advise, healed_dot};
use crate::engine::styles::{HairlineStyle, Side};

/// The bar above the canvas: which photo (view), which session and which healing stage is shown.
pub fn view_bar(ui: &mut Ui, app: &mut FollicleApp) {
    let mut commands = Vec::new();
    egui::Panel::top("views").show(ui, |ui| {
        let Some(doc) = app.doc.as_mut() else { return };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("View").strong());
            for (i, view) in doc.project.views.iter().enumerate() {
                if ui
                    .selectable_label(doc.project.current == i, &view.name)
                    .on_hover_text(view.photo.display().to_string())
                    .clicked()
                {
                    commands.push(Command::SelectView(i));
                }
            }
            if ui
                .button("Add view…")
                .on_hover_text("Add another photo of this client (top, crown, sides…)")
                .clicked()
            {
                commands.push(Command::AddView);
            }
            let current = doc.project.current;
            let name_label = ui.label("Name");
            let mut name = doc.project.name.clone();
            egui::ComboBox::from_id_salt("view-name")
                .selected_text(name.clone())
                .show_ui(ui, |ui| {
                    for n in VIEW_NAMES {
                        ui.selectable_value(&mut name, n.to_string(), n);
                    }
                })
                .response
                .labelled_by(name_label.id);
            if name != doc.project.name {
                doc.project.views[current].name = name;
                doc.commit();
            }
            if doc.project.views.len() > 1 && ui.button("Remove view").clicked() {
                commands.push(Command::RemoveView);
            }
            ui.separator();
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
                        commands.push(Command::ShowSession(None));
                    }
                    for s in 1..=last {
                        if ui
                            .selectable_label(shown == Some(s), format!("After session {s}"))
                            .clicked()
                        {
                            commands.push(Command::ShowSession(Some(s)));
                        }
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text("Show how density builds up session by session");
            ui.separator();
            let label = ui.label(RichText::new("Stage").strong());
            let mut stage = doc.project.stage;
            for s in Stage::ALL {
                ui.selectable_value(&mut stage, s, s.name())
                    .labelled_by(label.id)
                    .on_hover_text(match s {
                        Stage::Fresh => "Day 0: darker, larger dots with a faint redness",
                        Stage::Healed => {
                            "About a month on: smaller, lighter, softer (the usual result)"
                        }
                        Stage::Aged => "Years later: lighter and softer still",
                    });
            }
            if stage != doc.project.stage {
                commands.push(Command::SetStage(stage));
            }
        });
    });
    for c in commands {
        app.send(c);
    }
}

/// The kind-specific sections of the active layer: session, thinning hair, scar, hairline style.
pub fn layer_sections(ui: &mut Ui, app: &mut FollicleApp, commands: &mut Vec<Command>) {
    let (show_hair, mut mirror) = (app.show_hair, app.mirror);
    let Some(doc) = app.doc.as_mut() else { return };
    let Some(layer) = doc.project.layers.get(doc.active_layer) else {
        return;
    };
    let (session, kind, has_hairline, avoid_hair) = (
        layer.session,
        layer.kind,
        layer.hairline.is_some(),
        layer.avoid_hair,
    );
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Session {session}")).strong())
            .on_hover_text("Treatment session these dots are placed in");
        if ui
            .add_enabled(
                session < MAX_SESSIONS,
                egui::Button::new("Add next session"),
            )
            .on_hover_text(
                "A later session over the same zone: its dots fill the gaps, a little darker",
            )
            .clicked()
        {
            commands.push(Command::AddSession);
        }
    });

    // Thinning hair.
    ui.separator();
    let mut avoid = avoid_hair;
    ui.checkbox(&mut avoid, "Thinning hair: keep dots off existing hair")
        .on_hover_text("Dots go only on visible scalp between the hairs found in the photo");
    if avoid != avoid_hair {
        if let Some(l) = doc.project.layers.get_mut(doc.active_layer) {
            l.avoid_hair = avoid;
        }
        doc.commit();
    }
    if avoid || show_hair {
        let mut hair = doc.project.hair;
        ui.add(egui::Slider::new(&mut hair.sensitivity, 0.0..=1.0).text("Hair detection"))
            .on_hover_text(
                "Higher finds fainter hair (dark skin, fair hair); check with Show detected hair",
            );
        ui.add(egui::Slider::new(&mut hair.clearance_mm, 0.0..=0.5).text("Clearance (mm)"))
            .on_hover_text("How far dots stay from each hair");
        if hair != doc.project.hair {
            doc.project.hair = hair;
        }
    }
    let mut shown = show_hair;
    if ui.checkbox(&mut shown, "Show detected hair").changed() {
        commands.push(Command::ToggleHairView);
    }

    // Scar.
    if kind == LayerKind::Scar {
        ui.separator();
        scar_section(ui, doc, commands);
    }

    // Hairline styles and mirroring (a style turns a density layer into a hairline layer).
    {
        ui.separator();
        ui.label(RichText::new("Hairline style").strong());
        ui.horizontal_wrapped(|ui| {
            for style in HairlineStyle::ALL {
                if ui
                    .button(style.label())
                    .on_hover_text("Place a hairline of this style (replaces the current one)")
                    .clicked()
                {
                    commands.push(Command::HairlineStyle(style));
                }
            }
        });
        if has_hairline {
            ui.horizontal(|ui| {
                if ui.button("Mirror left to right").clicked() {
                    commands.push(Command::MirrorHairline(Side::Left));
                }
                if ui.button("Mirror right to left").clicked() {
                    commands.push(Command::MirrorHairline(Side::Right));
                }
            });
            ui.checkbox(&mut mirror, "Mirror while editing")
                .on_hover_text("Points edited on one side are copied to the other, with a little natural asymmetry");
        }
    }
    app.mirror = mirror;
}

fn scar_section(ui: &mut Ui, doc: &mut Document, commands: &mut Vec<Command>) {
    ui.label(RichText::new("Scar").strong());
    let Some(layer) = doc.project.layers.get_mut(doc.active_layer) else {
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
    match &mut scar.shape {
        ScarShape::Region => {
            ui.label(RichText::new("The painted region is scar tissue.").weak());
        }
        ScarShape::Strip { points, width_mm } => {
            ui.add(egui::Slider::new(width_mm, 0.5..=15.0).text("Strip width (mm)"));
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
    ui.add(egui::Slider::new(&mut scar.retention, SCAR_RETENTION_RANGE).text("Pigment retention"))
        .on_hover_text("Scar tissue keeps less pigment than healthy scalp");
    ui.add(egui::Slider::new(&mut scar.unevenness, 0.0..=1.0).text("Unevenness"))
        .on_hover_text("How patchy the retention is");
    // A new shape is its own undo step; sliders are recorded when they settle.
    if std::mem::discriminant(&scar.shape) != shape_before {
        doc.commit();
    }
    ui.horizontal(|ui| {
        if ui.button("Scar tool (R)").clicked() {
            commands.push(Command::SetTool(Tool::Scar));
        }
        if ui
            .button("Match shade to skin")
            .on_hover_text("Darken the ink so dots in the scar match the dots around it")
            .clicked()
        {
            commands.push(Command::MatchScarShade);
        }
    });
}

/// Presets: apply a built-in or saved one, or save the active layer's settings.
pub fn presets_section(ui: &mut Ui, app: &mut FollicleApp, commands: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Presets").strong());
    ui.horizontal_wrapped(|ui| {
        for p in presets::built_in_by_file()
            .iter()
            .map(|(_, p)| p)
            .chain(app.user_presets.iter())
        {
            if ui
                .button(&p.name)
                .on_hover_text(if p.description.is_empty() {
                    "Your preset"
                } else {
                    &p.description
                })
                .clicked()
            {
                commands.push(Command::ApplyPreset(p.name.clone()));
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Name");
        ui.add(
            egui::TextEdit::singleline(&mut app.preset_name)
                .hint_text("e.g. Soft temples")
                .desired_width(120.0),
        )
        .labelled_by(label.id);
        if ui
            .add_enabled(
                !app.preset_name.trim().is_empty(),
                egui::Button::new("Save as preset"),
            )
            .on_hover_text("Save this layer's settings to use on other clients")
            .clicked()
        {
            commands.push(Command::SavePreset(app.preset_name.clone()));
        }
    });
}

/// The client's skin tone and what it means for the active layer's shade and dot size.
pub fn skin_section(ui: &mut Ui, app: &mut FollicleApp, commands: &mut Vec<Command>) {
    ui.separator();
    ui.label(RichText::new("Skin").strong());
    let tone = app.skin_tone();
    let Some(doc) = app.doc.as_ref() else { return };
    let Some(layer) = doc.project.layers.get(doc.active_layer) else {
        return;
    };
    match tone {
        Some(tone) => {
            ui.horizontal(|ui| {
                swatch(ui, tone.srgb, "Sampled skin");
                swatch(
                    ui,
                    healed_dot(&tone, &layer.look(), layer.density).srgb,
                    "A healed dot of this shade on it",
                );
                ui.label(format!(
                    "{} · Fitzpatrick {} (rough)",
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
            commands.push(Command::SetTool(Tool::Eyedropper));
        }
        if ui
            .button("Sample automatically")
            .on_hover_text("Average clear skin in this layer's region, hair left out")
            .clicked()
        {
            commands.push(Command::SampleSkin);
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
