//! The one place where the app's state changes in response to the user: every [`Command`] sent
//! during a frame runs here after the UI pass. Slow work goes to the background; the engine's
//! edit operations do the rest.

mod edits;
mod steps;

use super::app::FollicleApp;
use super::command::{Command, Compare, Step, Tool};
use super::dialogs::Purpose;
use super::lifecycle::sample_path;
use super::replies::skin_sampled;
use super::state::{Then, TypedPath, today};
use crate::engine::design;
use crate::engine::edit::{self, ScarShade};
use crate::engine::export::{Format, Layout};
use crate::engine::presets::{self, Preset};
use edits::{Edited, apply_preset, edit_layer, edit_project, stroke};

impl FollicleApp {
    /// Runs `command`.
    pub(super) fn run(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::OpenPhoto
            | Command::OpenProject
            | Command::OpenSample
            | Command::Open(_)
            | Command::Save
            | Command::SaveAs
            | Command::CloseProject
            | Command::Quit
            | Command::SaveChanges
            | Command::DiscardChanges
            | Command::KeepEditing
            | Command::LocatePhoto
            | Command::ForgetMissingPhoto
            | Command::RestoreRecovered
            | Command::DiscardRecovered
            | Command::FileChosen(..)
            | Command::DialogUnavailable(..)
            | Command::TypedPath
            | Command::CancelTypedPath => self.run_file(command, ctx),
            Command::Export
            | Command::ExportSheet
            | Command::ExportTo
            | Command::CloseExportWindow
            | Command::CancelExport => self.run_export(&command, ctx),
            Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomFit
            | Command::Zoom100
            | Command::ToggleOverlay
            | Command::ToggleGuides
            | Command::SetCompare(_)
            | Command::SetTool(_)
            | Command::BrushSmaller
            | Command::BrushLarger
            | Command::ToggleHairView
            | Command::Measured(_)
            | Command::SetScale(_)
            | Command::CancelCalibration => self.run_view(command),
            Command::SampleSkin
            | Command::FillScalp
            | Command::FindHead
            | Command::SampleSkinAt(_)
            | Command::MatchHair(_)
            | Command::MatchScarShade => self.run_measure(&command),
            Command::GoTo(step) => self.go_to(step, ctx),
            Command::AddView => {
                if self.state.doc.is_some() {
                    self.pick(Purpose::AddViewPhoto, ctx);
                }
            }
            Command::SavePreset(name) => self.save_preset(&name),
            _ => self.run_edit(command),
        }
    }

    /// Opening, saving and closing, and the answers of file dialogs.
    fn run_file(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::OpenPhoto => self.ask(Purpose::OpenPhoto, ctx),
            Command::OpenProject => self.ask(Purpose::OpenProject, ctx),
            Command::OpenSample => self.open(sample_path()),
            Command::Open(path) => self.open(path),
            Command::Save => match self.state.doc.as_ref().map(|d| d.path.clone()) {
                Some(Some(path)) => self.save_to(path),
                Some(None) => self.run(Command::SaveAs, ctx),
                None => {}
            },
            Command::SaveAs => self.ask_where_to_save(ctx),
            Command::CloseProject => {
                if self.state.dirty() {
                    self.state.confirm = Some(Then::Close);
                } else {
                    self.proceed(Then::Close);
                }
            }
            Command::Quit => {
                if self.state.dirty() && !self.allow_close {
                    self.state.confirm = Some(Then::Quit);
                } else {
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::SaveChanges => self.save_changes(ctx),
            Command::DiscardChanges => self.discard_changes(),
            Command::KeepEditing => self.state.confirm = None,
            Command::LocatePhoto => self.pick(Purpose::LocatePhoto, ctx),
            Command::ForgetMissingPhoto => self.state.missing = None,
            Command::RestoreRecovered => self.restore_recovered(),
            Command::DiscardRecovered => self.discard_recovered(),
            Command::FileChosen(purpose, path) => self.chosen(purpose, path),
            Command::DialogUnavailable(purpose, why) => {
                self.state.fail(format!(
                    "The file dialog could not open: {why}. Type the file's path instead."
                ));
                self.state.typed_path = Some(TypedPath::new(purpose, &self.state));
            }
            Command::TypedPath => {
                if let Some(typed) = self.state.typed_path.take() {
                    let path = typed.path();
                    self.chosen(typed.purpose, path);
                }
            }
            Command::CancelTypedPath => {
                if let Some(typed) = self.state.typed_path.take() {
                    self.chosen(typed.purpose, None);
                }
            }
            _ => {}
        }
    }

    /// Opens the export window, its date filled in: the consultation's, or today's.
    fn open_export_window(&mut self) {
        let export = &mut self.state.export;
        let Some(doc) = &self.state.doc else { return };
        if !export.open {
            let date = doc.project.client.date.trim();
            export.date = if date.is_empty() {
                today()
            } else {
                date.to_string()
            };
        }
        export.open = true;
    }

    /// The export window and the export itself.
    fn run_export(&mut self, command: &Command, ctx: &egui::Context) {
        let export = &mut self.state.export;
        match command {
            Command::Export => {
                if export.options.layout == Layout::Sheet {
                    export.options.layout = Layout::After;
                }
                self.open_export_window();
            }
            Command::ExportSheet => {
                self.state.export.options.layout = Layout::Sheet;
                self.open_export_window();
            }
            Command::CloseExportWindow => export.open = false,
            Command::CancelExport => self.background.cancel_export(),
            Command::ExportTo => {
                let Some(doc) = &self.state.doc else { return };
                let layout = match export.options.layout {
                    Layout::After => "after",
                    Layout::SideBySide => "side-by-side",
                    Layout::Split => "split",
                    Layout::ContactSheet => "contact-sheet",
                    Layout::Sheet => "consultation",
                };
                let format = if export.options.layout == Layout::Sheet {
                    Format::Pdf
                } else {
                    export.format
                };
                let suggested = format!("{}-{layout}.{}", doc.name(), format.extension());
                self.pick(Purpose::Export { suggested, format }, ctx);
            }
            _ => {}
        }
    }

    /// The canvas, the tools and the calibration.
    fn run_view(&mut self, command: Command) {
        let state = &mut self.state;
        let canvas = &mut state.canvas;
        match command {
            Command::ZoomIn => canvas.zoom_by(1.25),
            Command::ZoomOut => canvas.zoom_by(0.8),
            Command::ZoomFit => canvas.fit = true,
            Command::Zoom100 => canvas.actual_pixels(),
            Command::ToggleOverlay => canvas.show_treatment = !canvas.show_treatment,
            Command::ToggleGuides => canvas.show_guides = !canvas.show_guides,
            Command::SetCompare(c) => {
                canvas.compare = if canvas.compare == c && c != Compare::After {
                    Compare::After
                } else {
                    c
                }
            }
            Command::SetTool(t) => state.tool = t,
            Command::BrushSmaller => state.brush.radius_mm = (state.brush.radius_mm / 1.2).max(0.5),
            Command::BrushLarger => state.brush.radius_mm = (state.brush.radius_mm * 1.2).min(60.0),
            Command::ToggleHairView => state.show_hair = !state.show_hair,
            Command::Measured(px) => state.calibration = Some((px, String::new())),
            Command::SetScale(scale) => {
                state.calibration = None;
                canvas.clear_measure();
                if let Some(d) = state.doc.as_mut() {
                    d.project.view_mut().scale = scale;
                    d.commit();
                    // The hint to calibrate is answered; in the guided flow the hairline is next.
                    state.say(format!(
                        "Scale set: {:.2} px/mm. Next: the hairline (H), temple to temple.",
                        scale.px_per_mm
                    ));
                    if state.step == Step::Scale {
                        state.step = Step::Hairline;
                        state.tool = Tool::Hairline;
                    }
                }
            }
            Command::CancelCalibration => {
                state.calibration = None;
                canvas.clear_measure();
            }
            _ => {}
        }
    }

    /// Edits of the project: undo, layers, views, sessions, hairlines, presets.
    fn run_edit(&mut self, command: Command) {
        let user = &self.state.presets.user;
        let Some(doc) = self.state.doc.as_mut() else {
            return;
        };
        let (preset, style) = (
            matches!(command, Command::ApplyPreset(_)),
            matches!(command, Command::HairlineStyle(_)),
        );
        let outcome = match command {
            // Say what moved, so that a message about the step undone does not linger.
            Command::Undo => match doc.undo() {
                Some(what) => Edited::Said(format!("Undid: {what}.")),
                None => Edited::Said("Nothing to undo.".into()),
            },
            Command::Redo => match doc.redo() {
                Some(what) => Edited::Said(format!("Redid: {what}.")),
                None => Edited::Said("Nothing to redo.".into()),
            },
            Command::SelectLayer(i) => {
                doc.active_layer = i;
                Edited::Nothing
            }
            Command::Stroke(op) => stroke(doc, op),
            Command::NewPattern => {
                design::new_pattern(doc.project.view_mut(), doc.active_layer);
                Edited::Changed
            }
            Command::ApplyPreset(name) => apply_preset(doc, &name, user),
            Command::FillRegion
            | Command::ClearRegion
            | Command::RemoveHairline
            | Command::HairlineStyle(_)
            | Command::MirrorHairline(_) => {
                let outcome = edit_layer(doc, &command);
                // The sessions of one design share the region and hairline.
                design::share_design(doc.project.view_mut(), doc.active_layer);
                outcome
            }
            command => edit_project(doc, command),
        };
        match outcome {
            Edited::Nothing => {}
            Edited::Changed => doc.commit(),
            Edited::Filled => self.state.tool = Tool::Pan,
            Edited::Told(text) => {
                doc.commit();
                self.state.say(text);
                if preset {
                    self.state.looked = true;
                    self.state.step = Step::Compare;
                } else if style && self.state.step == Step::Hairline {
                    self.state.step = Step::Look;
                }
            }
            Edited::Refused(text) => self.state.fail(text),
            Edited::Said(text) => self.state.say(text),
        }
    }

    /// Saves the active layer's settings as a preset called `name`.
    fn save_preset(&mut self, name: &str) {
        let name = name.trim();
        let Some(layer) = self
            .state
            .doc
            .as_ref()
            .and_then(|d| d.project.view().layers.get(d.active_layer))
        else {
            return;
        };
        if name.is_empty() {
            self.state.fail("Type a name for the preset first.");
            return;
        }
        let Some(dir) = self.state.presets.dir.clone() else {
            self.state
                .fail("There is no settings folder to save presets in.");
            return;
        };
        let preset = Preset::from_layer(name, layer);
        match presets::save_user(&dir, &preset) {
            Ok(path) => {
                let presets = &mut self.state.presets;
                presets.user.retain(|p| p.slug() != preset.slug());
                presets.user.push(preset);
                presets.user.sort_by_key(|p| p.name.to_lowercase());
                presets.name.clear();
                self.state
                    .say(format!("Preset \"{name}\" saved ({}).", path.display()));
            }
            Err(e) => self.state.fail(format!("Preset not saved: {e}")),
        }
    }

    /// Measurements of the photo: the skin tone, the client's hair, a scar's shade.
    fn run_measure(&mut self, command: &Command) {
        let Some(doc) = self.state.doc.as_mut() else {
            return;
        };
        let active = doc.active_layer;
        let view = doc.project.view();
        let ppm = view.scale.px_per_mm;
        let photo = (doc.photo_path.clone(), doc.photo.clone());
        let Some(layer) = view.layers.get(active).cloned() else {
            return;
        };
        match *command {
            Command::SampleSkinAt(at) => match edit::sample_skin_at(&doc.photo, at, ppm) {
                Some(tone) => {
                    doc.project.view_mut().skin = Some(tone.srgb);
                    doc.commit();
                    self.state.say(skin_sampled(&tone));
                }
                None => self.state.fail("Click on the photo, on clear skin."),
            },
            // Hair detection and rendering candidates take a moment on a large photo: off the UI
            // thread.
            Command::SampleSkin => self.background.sample_skin(photo, layer, ppm, view.hair),
            Command::FillScalp => self.background.find_scalp(photo),
            Command::FindHead => self.background.find_head(photo),
            Command::MatchHair(at) => {
                let skin = view.skin;
                self.background
                    .match_hair(photo, (active, layer), at, ppm, skin);
            }
            Command::MatchScarShade => match ScarShade::of(view, active) {
                Some(shade) => self.background.match_scar_shade(photo, active, shade),
                None => self.state.fail("Choose a scar layer first."),
            },
            _ => {}
        }
    }
}
