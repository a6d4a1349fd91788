//! Edits of the project and of the active layer's design, and what each did.

use crate::app::command::Command;
use crate::app::document::Document;
use crate::engine::design::{self, Stroked};
use crate::engine::edit;
use crate::engine::geometry::RegionOp;
use crate::engine::presets::{self, Preset};
use crate::engine::styles::Frame;

/// What an edit did.
pub(super) enum Edited {
    /// Nothing to record (or recorded as it settles, like a slider).
    Nothing,
    /// The project changed: one undo step.
    Changed,
    /// The region was filled (recorded as it settles): the next drag should move the photo.
    Filled,
    /// The project changed, and the user should know how.
    Told(String),
    /// Not done, and why.
    Refused(String),
    /// Nothing new to record (undo and redo move through what is recorded); the user should
    /// know what happened.
    Said(String),
}

/// Edits of the current view: layers, views and sessions.
pub(super) fn edit_project(doc: &mut Document, command: Command) -> Edited {
    let active = doc.active_layer;
    let project = &mut doc.project;
    match command {
        Command::AddLayer => match edit::add_layer(project) {
            Ok(index) => {
                doc.active_layer = index;
                Edited::Changed
            }
            Err(e) => Edited::Refused(e.to_string()),
        },
        Command::RemoveLayer => match edit::remove_layer(project, active) {
            Ok(()) => {
                doc.clamp_active();
                Edited::Changed
            }
            Err(e) => Edited::Refused(e.to_string()),
        },
        Command::MoveLayer { from, to } => {
            project.view_mut().layers.swap(from, to);
            doc.active_layer = to;
            Edited::Changed
        }
        Command::SelectView(i) if i < project.views.len() && i != project.current => {
            project.current = i;
            doc.active_layer = 0;
            Edited::Changed
        }
        Command::RemoveView => match edit::remove_view(project) {
            Ok(name) => {
                doc.active_layer = 0;
                Edited::Told(format!("Removed the {name} view (Undo brings it back)."))
            }
            Err(e) => Edited::Refused(e.to_string()),
        },
        Command::ShowSession(s) => {
            project.session = s;
            Edited::Changed
        }
        Command::AddSession if active < project.view().layers.len() => {
            match edit::add_session(project, active) {
                Ok((index, session)) => {
                    doc.active_layer = index;
                    Edited::Told(format!(
                        "Session {session} added: its dots fill the gaps between the earlier ones."
                    ))
                }
                Err(e) => Edited::Refused(e.to_string()),
            }
        }
        Command::SetStage(stage) => {
            project.stage = stage;
            Edited::Changed
        }
        Command::RemoveHead if project.view().head.is_some() => {
            project.view_mut().head = None;
            Edited::Told(
                "Head shape removed: the scalp is drawn flat (Undo brings it back).".into(),
            )
        }
        Command::RemoveFaceGuides if project.view().face.is_some() => {
            project.view_mut().face = None;
            Edited::Told("Face guides removed (Undo brings them back).".into())
        }
        _ => Edited::Nothing,
    }
}

/// A brush or eraser stroke on the active layer's design. The first paint stroke on a whole-photo
/// region starts a painted region: say so, and how to go back.
pub(super) fn stroke(doc: &mut Document, op: RegionOp) -> Edited {
    match design::add_stroke(doc.project.view_mut(), doc.active_layer, op) {
        Some(Stroked::StartedPainting) => Edited::Told(
            "Painting a region: dots now go only where you paint. Undo (Ctrl+Z) brings back the \
             whole photo."
                .into(),
        ),
        Some(Stroked::Added) => Edited::Changed,
        None => Edited::Nothing,
    }
}

/// Applies the preset called `name` (from the built-in ones and `user`'s) to the active layer's
/// design.
pub(super) fn apply_preset(doc: &mut Document, name: &str, user: &[Preset]) -> Edited {
    let (w, h) = doc.photo.dimensions();
    let ppm = doc.project.view().scale.px_per_mm;
    match presets::find(name, user) {
        Some(preset) => {
            let frame = Frame::default_for(w, h, ppm);
            design::apply_preset(
                doc.project.view_mut(),
                doc.active_layer,
                &preset,
                Some(frame),
            );
            Edited::Told(format!("Preset \"{}\" applied.", preset.name))
        }
        None => Edited::Refused(format!("No preset called \"{name}\".")),
    }
}

/// Edits of the active layer: its region and hairline.
pub(super) fn edit_layer(doc: &mut Document, command: &Command) -> Edited {
    let (w, h) = doc.photo.dimensions();
    let ppm = doc.project.view().scale.px_per_mm;
    let active = doc.active_layer;
    if let Command::HairlineStyle(style) = command {
        let view = doc.project.view_mut();
        return match edit::place_view_hairline(view, active, *style, w, h) {
            Ok(notes) if notes.is_empty() => Edited::Told(format!(
                "{} hairline placed; drag its points with the Hairline tool (H).",
                style.label()
            )),
            Ok(notes) => Edited::Told(format!(
                "{} hairline placed from the face guides: {}.",
                style.label(),
                notes.join("; ")
            )),
            Err(e) => Edited::Refused(format!("No hairline placed: {e}.")),
        };
    }
    let Some(layer) = doc.project.view_mut().layers.get_mut(active) else {
        return Edited::Nothing;
    };
    match command {
        Command::FillRegion => {
            layer.region.whole = true;
            layer.region.ops.clear();
            Edited::Filled
        }
        Command::ClearRegion => {
            layer.region.whole = false;
            layer.region.ops.clear();
            Edited::Nothing
        }
        Command::RemoveHairline => {
            layer.hairline = None;
            Edited::Nothing
        }
        Command::MirrorHairline(side) => match edit::mirror_hairline(layer, *side, w, ppm) {
            Ok(()) => Edited::Changed,
            Err(e) => Edited::Refused(e.to_string()),
        },
        _ => Edited::Nothing,
    }
}
