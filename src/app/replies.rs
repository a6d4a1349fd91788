//! What the app does with the work its background finished: a file opened, a photo read, a
//! preview rendered, an export written, a measurement of the photo made.

use std::path::Path;
use std::sync::Arc;

use image::RgbImage;

use super::app::FollicleApp;
use super::background::{Done, Opening, Photo, PreviewTask, Progress};
use super::document::Document;
use super::state::Missing;
use crate::engine::anatomy::HeadShape;
use crate::engine::design;
use crate::engine::edit::{self, HairMatchError};
use crate::engine::error::{Error, Result};
use crate::engine::geometry::Region;
use crate::engine::optics::needle_mm;
use crate::engine::pigment::format_dilution;
use crate::engine::project::{Layer, Project};
use crate::engine::skin::{SkinSample, SkinTone};
use crate::engine::units::View;

impl FollicleApp {
    /// Applies a finished task (or an export's progress).
    pub(super) fn finish(
        &mut self,
        done: std::result::Result<Done, Progress>,
        ctx: &egui::Context,
    ) {
        let done = match done {
            Ok(done) => done,
            Err(Progress { fraction, stage }) => {
                self.state.export.progress = Some((fraction, stage));
                return;
            }
        };
        match done {
            Done::Opened(result) => self.opened(result),
            Done::Located(result) => self.located(result),
            Done::ViewPhoto { path, result } => self.view_photo_read(&path, result),
            Done::Preview(preview, problem) => {
                if self.state.doc.is_some() {
                    self.state.counts = preview.counts.clone();
                    self.state.canvas.show_preview(ctx, preview);
                    if let Some(e) = problem {
                        self.state.fail(e.to_string());
                    }
                }
            }
            Done::Exported(result) => {
                self.state.export.progress = None;
                match result {
                    Ok(path) => {
                        self.state.exported = true;
                        self.state.step = crate::app::command::Step::Export;
                        self.state.say(format!("Exported {}", path.display()));
                    }
                    Err(e) => self.state.fail(export_problem(&e)),
                }
            }
            Done::SkinSampled { photo, tone } => self.skin_sampled(&photo, tone),
            Done::ScalpFound { photo, region } => self.scalp_found(&photo, region),
            Done::HeadFound { photo, head } => self.head_found(&photo, head),
            Done::HairMatched {
                photo,
                layer,
                result,
            } => self.hair_matched(&photo, layer, result),
            Done::ScarShadeMatched {
                photo,
                layer,
                dilution,
                reference,
            } => self.scar_shade_matched(&photo, layer, dilution, reference),
        }
    }

    /// Asks for a preview of `view` at `size` pixels, unless the photo on the canvas is still
    /// another view's.
    pub(super) fn preview(&mut self, view: View, size: [u32; 2]) {
        let Some(doc) = &self.state.doc else { return };
        if !doc.photo_ready() {
            return;
        }
        self.background.preview(PreviewTask {
            project: doc.project.clone(),
            photo: Arc::clone(&doc.photo),
            view,
            size,
            show_hair: self.state.show_hair,
        });
    }

    /// Shows a new document.
    pub(super) fn show_document(&mut self, doc: Document) {
        self.state.set_document(doc);
        self.background.forget_preview();
    }

    fn opened(&mut self, result: Result<Opening>) {
        match result {
            Ok(Opening::Photo((path, image), scalp)) => {
                let mut project = edit::project_for_photo(&path, image.width(), image.height());
                // A new photo's dots go on the head, not the backdrop, when one can be told.
                let on_scalp = scalp.is_some();
                if let Some(region) = scalp {
                    project.view_mut().layers[0].region = region;
                }
                self.show_document(Document::new(project, None, path.clone(), image));
                self.state.say(format!(
                    "Opened photo {}{}. Set the scale with the Calibrate tool (C).",
                    path.display(),
                    if on_scalp {
                        " (dots on the head only)"
                    } else {
                        ""
                    }
                ));
            }
            Ok(Opening::Project {
                project,
                source,
                is_project_file,
                photo,
                copies,
            }) => match photo {
                Ok((photo_path, image)) => {
                    let path = is_project_file.then(|| source.clone());
                    let reduced = reduced_note(&project);
                    let mut doc = Document::new(project, path, photo_path, image);
                    for (path, copy) in copies {
                        doc.add_photo(&path, copy);
                    }
                    self.show_document(doc);
                    if is_project_file {
                        self.state.remember(&source);
                    }
                    self.state.say(match reduced {
                        Some(note) => format!("Opened {}: {note}", source.display()),
                        None => format!("Opened {}", source.display()),
                    });
                }
                Err(problem) => {
                    self.state.missing = Some(Missing {
                        project,
                        source,
                        is_project_file,
                        problem: problem.to_string(),
                        restored: false,
                    });
                }
            },
            Err(e) => self.state.fail(e.to_string()),
        }
    }

    fn located(&mut self, result: Result<Photo>) {
        let Some(missing) = self.locating.take() else {
            return;
        };
        match result {
            Ok((photo_path, image)) => {
                let path = missing.is_project_file.then(|| missing.source.clone());
                let mut doc = Document::new(missing.project, path, photo_path.clone(), image);
                // The new location is an unsaved change.
                doc.project.view_mut().photo = photo_path;
                if missing.restored {
                    doc.mark_unsaved();
                }
                self.show_document(doc);
                self.state
                    .say("Photo found. Save to remember its new place.");
            }
            Err(e) => {
                self.state.fail(e.to_string());
                self.state.missing = Some(missing);
            }
        }
    }

    fn view_photo_read(&mut self, path: &Path, result: Result<Arc<RgbImage>>) {
        match result {
            Ok(image) => {
                if let Some(doc) = self.state.doc.as_mut() {
                    // A view added before its photo was read has a placeholder scale.
                    edit::fit_new_photo(&mut doc.project, path, image.width(), image.height());
                    doc.add_photo(path, image);
                    self.state.canvas.reset();
                    self.background.forget_preview();
                }
            }
            Err(e) => {
                self.state
                    .fail(format!("This view's photo cannot be shown: {e}"));
                // Go back to a view whose photo is there.
                if let Some(doc) = self.state.doc.as_mut()
                    && let Some(i) = doc
                        .project
                        .views
                        .iter()
                        .position(|v| v.photo == doc.photo_path)
                {
                    doc.project.current = i;
                    doc.commit();
                }
            }
        }
    }

    /// The document, if the photo at `path` is still the one on the canvas.
    fn document_of(&mut self, path: &Path) -> Option<&mut Document> {
        self.state.doc.as_mut().filter(|d| d.photo_path == path)
    }

    /// The automatic skin sample is ready (for the photo at `path`).
    fn skin_sampled(&mut self, path: &Path, sample: Option<SkinSample>) {
        let Some(doc) = self.document_of(path) else {
            return;
        };
        match sample {
            Some(s) => {
                doc.project.view_mut().skin = Some(s.tone.srgb);
                doc.skin_sample = Some(s);
                doc.commit();
                self.state.say(format!("Skin sampled: {}.", s.summary()));
            }
            None => self.state.fail(
                "No clear skin found in this layer's region; use the Skin sample tool (K) on \
                 clear skin.",
            ),
        }
    }

    /// The head found in the photo at `path`: it becomes the active design's region.
    fn scalp_found(&mut self, path: &Path, region: Option<Region>) {
        let Some(doc) = self.document_of(path) else {
            return;
        };
        match region {
            Some(region) => {
                let active = doc.active_layer;
                design::set_region(doc.project.view_mut(), active, region);
                doc.commit();
                self.state
                    .say("The region covers the head now, not the backdrop (Undo takes it back).");
            }
            None => self.state.fail(
                "No plain backdrop around the head to find it against: paint the region with the \
                 Brush (B) instead.",
            ),
        }
    }

    /// The head ellipse fitted in the photo at `path`: it becomes the view's head shape.
    fn head_found(&mut self, path: &Path, head: Option<HeadShape>) {
        let Some(doc) = self.document_of(path) else {
            return;
        };
        match head {
            Some(head) => {
                doc.project.view_mut().head = Some(head);
                doc.commit();
                self.state.say(
                    "Head shape fitted to the outline: drag its handles to match the head \
                     (Undo takes it back).",
                );
            }
            None => self.state.fail(
                "No plain backdrop around the head to find it against: drag around the head with \
                 the Head shape tool (D) instead.",
            ),
        }
    }

    /// The hair match is ready (for the photo at `path`, layer `index`).
    fn hair_matched(
        &mut self,
        path: &Path,
        index: usize,
        result: std::result::Result<Layer, HairMatchError>,
    ) {
        let Some(doc) = self.document_of(path) else {
            return;
        };
        match (result, doc.project.view_mut().layers.get_mut(index)) {
            (Ok(matched), Some(layer)) => {
                let text = hair_matched(&matched);
                *layer = matched;
                doc.commit();
                self.state.say(text);
            }
            (Err(HairMatchError::NoSkin), _) => self
                .state
                .fail("No clear skin found to match on; sample the skin first (K)."),
            (Err(HairMatchError::Match(e)), _) => self.state.fail(format!("Match hair: {e}.")),
            (Ok(_), None) => {}
        }
    }

    /// The scar shade was worked out (for the photo at `path`, layer `index`).
    fn scar_shade_matched(
        &mut self,
        path: &Path,
        index: usize,
        dilution: Option<f32>,
        reference: f32,
    ) {
        let Some(doc) = self.document_of(path) else {
            return;
        };
        match (dilution, doc.project.view_mut().layers.get_mut(index)) {
            (Some(d), Some(layer)) => {
                layer.dilution = d;
                doc.commit();
                self.state.say(format!(
                    "Scar shade set to {} so its dots match the {} around it.",
                    format_dilution(d),
                    format_dilution(reference)
                ));
            }
            _ => self.state.fail(
                "Could not see enough clear skin in and around the scar; draw the scar first \
                 (Scar tool, R).",
            ),
        }
    }
}

/// How a finished export's failure reads.
fn export_problem(e: &Error) -> String {
    match e {
        Error::ClientPhoto { .. } => CLIENT_PHOTO.to_string(),
        e => format!("Export failed: {e}"),
    }
}

/// Said when an export would replace the client's photo.
pub(super) const CLIENT_PHOTO: &str =
    "That is the client's photo: choose another name for the mock-up.";

/// What the status bar says of a skin sampled by hand.
pub(super) fn skin_sampled(tone: &SkinTone) -> String {
    format!(
        "Skin sampled: {} (Fitzpatrick {}, a rough estimate).",
        tone.description(),
        tone.fitzpatrick_label()
    )
}

/// What the status bar says of a hair match.
fn hair_matched(matched: &Layer) -> String {
    format!(
        "Matched to the client's hair: {} {:.2} mm, {:.0}/cm², {}.{}",
        matched.shape.needle.label(),
        needle_mm(matched.dot_mm),
        matched.density,
        format_dilution(matched.dilution),
        matched
            .hair_match
            .as_ref()
            .and_then(|m| m.note.as_ref())
            .map(|n| format!(" {n}"))
            .unwrap_or_default()
    )
}

/// What the user must know of a project shown on reduced photo copies: which photos are missing
/// and that exporting needs them (None if every view is on its full photo).
fn reduced_note(project: &Project) -> Option<String> {
    let names: Vec<String> = project
        .views
        .iter()
        .filter(|v| v.reduced.is_some())
        .filter_map(|v| v.photo.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(format!(
        "shown on the reduced copy of {} kept inside it; put the original photo beside it to \
         export",
        names.join(", ")
    ))
}
