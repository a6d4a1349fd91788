//! The open consultation: the project being edited, its photo, undo history and saved state.

use std::path::PathBuf;
use std::sync::Arc;

use egui::util::undoer::{Settings, Undoer};
use image::RgbImage;

use crate::engine::project::Project;

/// One open project.
pub struct Document {
    /// The edit state: everything undo covers (settings and geometry, never pixels).
    pub project: Project,
    /// Where the project is saved (None until first saved, or when opened from a mock-up PNG).
    pub path: Option<PathBuf>,
    /// Where the photo really is.
    pub photo_path: PathBuf,
    pub photo: Arc<RgbImage>,
    /// The project as last saved or opened, to tell whether there are unsaved changes.
    saved: Project,
    undoer: Undoer<Project>,
    /// Which layer the panels and tools work on.
    pub active_layer: usize,
}

impl Document {
    pub fn new(
        project: Project,
        path: Option<PathBuf>,
        photo_path: PathBuf,
        photo: Arc<RgbImage>,
    ) -> Self {
        let settings = Settings {
            max_undos: 200,
            stable_time: 0.4,
            auto_save_interval: 30.0,
        };
        let mut undoer = Undoer::with_settings(settings);
        undoer.add_undo(&project);
        let saved = project.clone();
        Document {
            project,
            path,
            photo_path,
            photo,
            saved,
            undoer,
            active_layer: 0,
        }
    }

    /// The project's display name: its file name, or the photo's for a new project.
    pub fn name(&self) -> String {
        let from = self.path.as_ref().unwrap_or(&self.photo_path);
        from.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".into())
    }

    pub fn is_dirty(&self) -> bool {
        self.project != self.saved
    }

    pub fn mark_saved(&mut self, path: PathBuf) {
        self.saved = self.project.clone();
        self.path = Some(path);
    }

    /// Records the current state; continuous changes (a slider drag) become one undo step.
    pub fn track(&mut self, time: f64) {
        self.undoer.feed_state(time, &self.project);
    }

    /// Records the current state as its own undo step at once (a finished stroke, a click).
    pub fn commit(&mut self) {
        self.undoer.add_undo(&self.project);
    }

    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.project)
    }

    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.project)
    }

    pub fn undo(&mut self) {
        if let Some(state) = self.undoer.undo(&self.project) {
            self.project = state.clone();
            self.clamp_active();
        }
    }

    pub fn redo(&mut self) {
        if let Some(state) = self.undoer.redo(&self.project) {
            self.project = state.clone();
            self.clamp_active();
        }
    }

    pub fn clamp_active(&mut self) {
        self.active_layer = self
            .active_layer
            .min(self.project.layers.len().saturating_sub(1));
    }
}
