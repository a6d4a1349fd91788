//! Panels and dialogs around the canvas: menus, tools, layers, status bar, start screen, export.

use egui::{RichText, Ui};

use super::command::{Command, Compare, Tool};
use super::dialogs::Purpose;
use super::shell::FollicleApp;
use crate::engine::export::Layout;
use crate::engine::pattern::MAX_DENSITY;
use crate::engine::pigment::format_dilution;
use crate::engine::project::LayerKind;
use crate::engine::units::Scale;

/// A menu entry for `command`, with its shortcut shown.
fn item(ui: &mut Ui, app: &mut FollicleApp, command: Command, enabled: bool) {
    let mut button = egui::Button::new(command.label());
    if let Some(s) = command.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui.add_enabled(enabled, button).clicked() {
        app.send(command);
        ui.close();
    }
}

pub fn menu_bar(ui: &mut Ui, app: &mut FollicleApp) {
    let has_doc = app.doc.is_some();
    let (can_undo, can_redo) = app
        .doc
        .as_ref()
        .map_or((false, false), |d| (d.can_undo(), d.can_redo()));
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, app, Command::OpenPhoto, true);
                item(ui, app, Command::OpenProject, true);
                item(ui, app, Command::OpenSample, true);
                ui.menu_button("Recent projects", |ui| {
                    if app.recent.is_empty() {
                        ui.label("None yet");
                    }
                    for path in app.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            app.open(path);
                            ui.close();
                        }
                    }
                });
                ui.separator();
                item(ui, app, Command::Save, has_doc);
                item(ui, app, Command::SaveAs, has_doc);
                item(ui, app, Command::Export, has_doc);
                ui.separator();
                item(ui, app, Command::CloseProject, has_doc);
                item(ui, app, Command::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                item(ui, app, Command::Undo, can_undo);
                item(ui, app, Command::Redo, can_redo);
                ui.separator();
                item(ui, app, Command::AddLayer, has_doc);
                item(ui, app, Command::RemoveLayer, has_doc);
                item(ui, app, Command::NewPattern, has_doc);
            });
            ui.menu_button("View", |ui| {
                item(ui, app, Command::ZoomIn, has_doc);
                item(ui, app, Command::ZoomOut, has_doc);
                item(ui, app, Command::ZoomFit, has_doc);
                item(ui, app, Command::Zoom100, has_doc);
                ui.separator();
                let mut overlay = app.canvas.overlay;
                let label = format!(
                    "{}   ({})",
                    Command::ToggleOverlay.label(),
                    "O; hold \\ to compare"
                );
                if ui.checkbox(&mut overlay, label).changed() {
                    app.send(Command::ToggleOverlay);
                }
                for c in [Compare::After, Compare::Split, Compare::SideBySide] {
                    if ui
                        .radio(app.canvas.compare == c, Command::SetCompare(c).label())
                        .clicked()
                    {
                        app.canvas.compare = c;
                        ui.close();
                    }
                }
            });
        });
    });
}

pub fn tool_bar(ui: &mut Ui, app: &mut FollicleApp) {
    egui::Panel::top("tools").show(ui, |ui| {
        ui.horizontal(|ui| {
            for tool in Tool::ALL {
                let text = format!(
                    "{} ({})",
                    tool.label(),
                    Command::SetTool(tool)
                        .shortcut()
                        .map(|s| ui.ctx().format_shortcut(&s))
                        .unwrap_or_default()
                );
                if ui
                    .selectable_label(app.tool == tool, text)
                    .on_hover_text(tool.help())
                    .clicked()
                {
                    app.tool = tool;
                }
            }
            ui.separator();
            if matches!(app.tool, Tool::Brush | Tool::Eraser) {
                ui.add(
                    egui::Slider::new(&mut app.brush.radius_mm, 0.5..=60.0)
                        .logarithmic(true)
                        .text("Brush size (mm)"),
                )
                .on_hover_text("Radius of the brush; [ and ] change it");
                ui.add(egui::Slider::new(&mut app.brush.softness, 0.0..=1.0).text("Softness"));
            }
            ui.separator();
            for c in [Compare::After, Compare::Split, Compare::SideBySide] {
                if ui
                    .selectable_label(app.canvas.compare == c, Command::SetCompare(c).label())
                    .clicked()
                {
                    app.canvas.compare = c;
                }
            }
            ui.checkbox(&mut app.canvas.overlay, "Overlay")
                .on_hover_text("Show the SMP overlay (O); hold \\ to see the photo as it is");
        });
    });
}

pub fn status_bar(ui: &mut Ui, app: &mut FollicleApp) {
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(doc) = &app.doc {
                let s = doc.project.scale;
                ui.label(format!("{} × {} px", doc.photo.width(), doc.photo.height()));
                ui.separator();
                if s.calibrated {
                    ui.label(format!("{:.2} px/mm", s.px_per_mm));
                } else {
                    ui.label(RichText::new(format!("uncalibrated (assumed {:.1} px/mm)", s.px_per_mm)).color(ui.visuals().warn_fg_color))
                        .on_hover_text("Sizes and densities are only right once the photo is calibrated: use the Calibrate tool (C) on something of known length.");
                }
                ui.separator();
                let dots: Vec<String> = doc.project.layers.iter().zip(&app.counts).map(|(l, n)| format!("{}: {n} dots", l.name)).collect();
                ui.label(dots.join(", "));
                ui.separator();
                ui.label(format!("Zoom {:.0} %", app.canvas.zoom_percent()));
                ui.separator();
            }
            if let Some((_, fraction, stage)) = app.export.running {
                ui.add(egui::ProgressBar::new(fraction).text(stage).desired_width(160.0));
                if ui.button("Cancel export").clicked() {
                    app.export.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            if let Some(m) = &app.message {
                let colour = if m.error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                ui.label(RichText::new(&m.text).color(colour));
            }
        });
    });
}

pub fn start_screen(ui: &mut Ui, app: &mut FollicleApp) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.18);
        ui.heading(RichText::new("Follicle").size(34.0));
        ui.label("Show a client what scalp micropigmentation will look like on their own scalp.");
        ui.add_space(18.0);
        let size = egui::vec2(240.0, 34.0);
        if ui
            .add_sized(size, egui::Button::new("Open a photo…"))
            .clicked()
        {
            app.send(Command::OpenPhoto);
        }
        if ui
            .add_sized(size, egui::Button::new("Open a project…"))
            .clicked()
        {
            app.send(Command::OpenProject);
        }
        if ui
            .add_sized(size, egui::Button::new("Try the sample photo"))
            .clicked()
        {
            app.send(Command::OpenSample);
        }
        ui.add_space(8.0);
        ui.label(RichText::new("…or drop a photo or project onto this window.").weak());
        if !app.recent.is_empty() {
            ui.add_space(18.0);
            ui.label(RichText::new("Recent projects").strong());
            for path in app.recent.clone() {
                let exists = path.exists();
                let text = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let r = ui
                    .add_enabled(exists, egui::Link::new(text))
                    .on_hover_text(path.display().to_string());
                if r.clicked() {
                    app.open(path);
                }
            }
        }
        ui.add_space(18.0);
        ui.label(
            RichText::new("Everything stays on this computer: photos are never sent anywhere.")
                .weak()
                .small(),
        );
    });
}

pub fn layers_panel(ui: &mut Ui, app: &mut FollicleApp) {
    let mut commands = Vec::new();
    egui::Panel::right("layers").resizable(true).default_size(300.0).min_size(250.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            let Some(doc) = app.doc.as_mut() else { return };
            ui.heading("Layers");
            let count = doc.project.layers.len();
            let mut swap: Option<(usize, usize)> = None;
            for i in 0..count {
                let layer = &mut doc.project.layers[i];
                ui.horizontal(|ui| {
                    ui.checkbox(&mut layer.visible, "").on_hover_text("Show this layer");
                    if ui.selectable_label(doc.active_layer == i, &layer.name).clicked() {
                        doc.active_layer = i;
                    }
                    if ui.add_enabled(i > 0, egui::Button::new("Up").small()).on_hover_text("Move up").clicked() {
                        swap = Some((i, i - 1));
                    }
                    if ui.add_enabled(i + 1 < count, egui::Button::new("Down").small()).on_hover_text("Move down").clicked() {
                        swap = Some((i, i + 1));
                    }
                });
            }
            if let Some((a, b)) = swap {
                doc.project.layers.swap(a, b);
                doc.active_layer = b;
                doc.commit();
            }
            ui.horizontal(|ui| {
                if ui.button("Add layer").clicked() {
                    commands.push(Command::AddLayer);
                }
                if ui.button("Remove layer").clicked() {
                    commands.push(Command::RemoveLayer);
                }
            });
            ui.separator();
            let active = doc.active_layer.min(count.saturating_sub(1));
            let Some(layer) = doc.project.layers.get_mut(active) else { return };
            egui::Grid::new("layer-settings").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
                let name = ui.label("Name");
                ui.text_edit_singleline(&mut layer.name).labelled_by(name.id);
                ui.end_row();
                let kind = ui.label("Kind");
                let kind_before = layer.kind;
                egui::ComboBox::from_id_salt("kind")
                    .selected_text(format!("{:?}", layer.kind))
                    .show_ui(ui, |ui| {
                        for k in [LayerKind::Density, LayerKind::Hairline, LayerKind::Scar] {
                            ui.selectable_value(&mut layer.kind, k, format!("{k:?}"));
                        }
                    })
                    .response
                    .labelled_by(kind.id);
                if layer.kind != kind_before {
                    // A scar layer carries scar settings; other kinds none.
                    layer.scar = match layer.kind {
                        LayerKind::Scar => layer.scar.take().or_else(|| Some(crate::engine::geometry::Scar::new(crate::engine::geometry::ScarShape::Region))),
                        _ => None,
                    };
                }
                ui.end_row();
            });
            ui.add(egui::Slider::new(&mut layer.density, 0.0..=MAX_DENSITY as f32).text("Density (impressions/cm²)"))
                .on_hover_text("Natural scalp has about 80 follicles per cm²; a full shaved look takes about 100 impressions.");
            needle_settings(ui, layer);
            let mut dilution = layer.dilution;
            let r = ui.add(
                egui::Slider::new(&mut dilution, 4.0..=24.0)
                    .custom_formatter(|v, _| format_dilution(v as f32))
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
                ui.add(egui::DragValue::new(&mut layer.seed).range(0..=999_999_999)).labelled_by(label.id);
                if ui.button("New pattern").on_hover_text("A different arrangement of dots (N)").clicked() {
                    commands.push(Command::NewPattern);
                }
            });
            ui.separator();
            ui.label(RichText::new("Region").strong());
            ui.horizontal(|ui| {
                if ui.button("Fill whole photo").clicked() {
                    layer.region.whole = true;
                    layer.region.ops.clear();
                    commands.push(Command::SetTool(Tool::Pan));
                }
                if ui.button("Clear region").clicked() {
                    layer.region.whole = false;
                    layer.region.ops.clear();
                }
            });
            ui.label(RichText::new("Paint with the Brush (B), remove with the Eraser (E).").weak());
            ui.separator();
            ui.label(RichText::new("Hairline").strong());
            match &mut layer.hairline {
                Some(h) => {
                    ui.add(egui::Slider::new(&mut h.fade_mm, 0.0..=30.0).text("Fade width (mm)"))
                        .on_hover_text("Sparse at the front, full behind: a few mm looks natural.");
                    ui.add(egui::Slider::new(&mut h.irregularity, 0.0..=1.0).text("Irregularity"))
                        .on_hover_text("0: a clean edge; higher: a broken, scattered edge.");
                    ui.checkbox(&mut h.flip, "Hair on the other side");
                    ui.label(format!("{} points (the end points are the temple points)", h.points.len()));
                    if ui.button("Remove hairline").clicked() {
                        layer.hairline = None;
                    }
                }
                None => {
                    ui.label(RichText::new("Choose the Hairline tool (H) and click across the forehead, temple to temple.").weak());
                }
            }
            super::consult::layer_sections(ui, app, &mut commands);
            super::consult::presets_section(ui, app, &mut commands);
            super::consult::skin_section(ui, app, &mut commands);
        });
    });
    for c in commands {
        app.send(c);
    }
}

/// Modal dialogs: unsaved changes, a missing photo, calibration, export.
pub fn dialogs(ui: &mut Ui, app: &mut FollicleApp) {
    let ctx = ui.ctx().clone();
    if app.confirm.is_some() {
        let name = app.doc.as_ref().map_or(String::new(), |d| d.name());
        let mut answer: Option<Option<bool>> = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(&ctx, |ui| {
            ui.heading("Save changes?");
            ui.label(format!("\"{name}\" has changes that are not saved."));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(Some(true));
                }
                if ui.button("Don't save").clicked() {
                    answer = Some(Some(false));
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(None);
                }
            });
        });
        match answer {
            Some(Some(save)) => app.resolve_unsaved(save, &ctx),
            Some(None) => app.confirm = None,
            None => {}
        }
    }
    if let Some(missing) = &app.missing {
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("missing-photo")).show(&ctx, |ui| {
            ui.heading("Where is the photo?");
            ui.label(format!(
                "The photo of {} could not be opened:",
                missing.source.display()
            ));
            ui.label(RichText::new(&missing.problem).weak());
            ui.label("If it was moved or renamed, show Follicle where it is now.");
            ui.horizontal(|ui| {
                if ui.button("Locate photo…").clicked() {
                    choice = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(false);
                }
            });
        });
        match choice {
            Some(true) => {
                // Keep `missing` until a photo is chosen; the picker answer takes it.
                app.ask_locate(&ctx);
            }
            Some(false) => app.missing = None,
            None => {}
        }
    }
    if let Some((px, text)) = &mut app.calibration {
        let px = *px;
        let mut done: Option<Option<Scale>> = None;
        egui::Modal::new(egui::Id::unique("calibrate")).show(&ctx, |ui| {
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
                r.request_focus();
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
                let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui
                    .add_enabled(parsed.is_some(), egui::Button::new("Set scale"))
                    .clicked()
                    || (enter && parsed.is_some())
                {
                    done = Some(parsed);
                }
                if ui.button("Cancel").clicked() {
                    done = Some(None);
                }
            });
        });
        if let Some(result) = done {
            app.calibration = None;
            app.canvas.clear_measure();
            if let Some(scale) = result {
                app.set_scale(scale);
            }
        }
    }
    export_window(&ctx, app);
}

fn export_window(ctx: &egui::Context, app: &mut FollicleApp) {
    if !app.export.open {
        return;
    }
    let mut open = true;
    let mut go = false;
    egui::Window::new("Export mock-up")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let options = &mut app.export.options;
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
                    let views = app.doc.as_ref().map_or(1, |d| d.project.views.len());
                    if views > 1 && options.layout != Layout::ContactSheet {
                        ui.label("Views");
                        ui.checkbox(
                            &mut app.export_all_views,
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
                    if let Some(doc) = app.doc.as_mut() {
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
                .add_enabled(app.export.running.is_none(), egui::Button::new("Export…"))
                .clicked()
            {
                go = true;
            }
        });
    if !open {
        app.export.open = false;
    }
    if go {
        app.ask_export(ctx);
    }
}

impl FollicleApp {
    fn ask_locate(&mut self, ctx: &egui::Context) {
        self.pick(Purpose::LocatePhoto, ctx);
    }

    fn ask_export(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let layout = match self.export.options.layout {
            Layout::After => "after",
            Layout::SideBySide => "side-by-side",
            Layout::Split => "split",
            Layout::ContactSheet => "contact-sheet",
        };
        let suggested = format!("{}-{layout}.png", doc.name());
        self.pick(Purpose::ExportPng { suggested }, ctx);
    }
}

/// Needle configuration and diameter; the healed spot follows from the optical model.
fn needle_settings(ui: &mut egui::Ui, layer: &mut crate::engine::project::Layer) {
    use crate::engine::optics::{self, NEEDLE_MM_RANGE, Needle};
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
            .on_hover_text("1RL: a single point, for soft hairline fronts. 3RL: three points, bolder, for density zones.");
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
fn dot_variation(ui: &mut egui::Ui, layer: &mut crate::engine::project::Layer) {
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
fn hair_match_swatch(ui: &mut egui::Ui, m: &crate::engine::hair_match::HairMatch) {
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
