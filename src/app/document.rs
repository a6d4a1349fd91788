//! The open consultation: the project being edited, its photo, undo history and saved state.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::util::undoer::{Settings, Undoer};
use image::RgbImage;

use crate::engine::geometry::{Hairline, Region};
use crate::engine::project::{LayerKind, Project};
use crate::engine::skin::SkinSample;
use crate::engine::{changes, design};

/// One open project.
pub struct Document {
    /// The edit state: everything undo covers (settings and geometry, never pixels).
    pub project: Project,
    /// Where the project is saved (None until first saved, or when opened from a mock-up PNG).
    pub path: Option<PathBuf>,
    /// Where the shown photo really is (the current view's, once loaded).
    pub photo_path: PathBuf,
    /// The photo on the canvas. Switching views (or undoing a switch) changes the project's
    /// current view first; the photo follows once it is loaded (see [`Document::photo_ready`]).
    pub photo: Arc<RgbImage>,
    /// Photos of the project's views already loaded, by their real path.
    photos: HashMap<PathBuf, Arc<RgbImage>>,
    /// The project as last saved or opened, to tell whether there are unsaved changes (None: all
    /// of it is unsaved, as a consultation restored after a crash).
    saved: Option<Project>,
    undoer: Undoer<Project>,
    /// Which layer the panels and tools work on.
    pub active_layer: usize,
    /// The last automatic skin sample, so the panel can say how sure its type is while it is the
    /// view's skin.
    pub skin_sample: Option<SkinSample>,
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
        let saved = Some(project.clone());
        let mut photos = HashMap::new();
        photos.insert(photo_path.clone(), Arc::clone(&photo));
        Document {
            project,
            path,
            photo_path,
            photo,
            photos,
            saved,
            undoer,
            active_layer: 0,
            skin_sample: None,
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
        self.saved.as_ref() != Some(&self.project)
    }

    pub fn mark_saved(&mut self, path: PathBuf) {
        self.saved = Some(self.project.clone());
        self.path = Some(path);
    }

    /// Counts the whole project as unsaved changes (a consultation restored after a crash, which
    /// the file on disk may not hold).
    pub fn mark_unsaved(&mut self) {
        self.saved = None;
    }

    /// Records the current state; continuous changes (a slider drag) become one undo step.
    pub fn track(&mut self, time: f64) {
        self.undoer.feed_state(time, &self.project);
    }

    /// Records the current state as its own undo step at once (a finished stroke, a click).
    pub fn commit(&mut self) {
        self.undoer.add_undo(&self.project);
    }

    /// The active layer's kind, region and hairline: what the sessions of its design share.
    pub fn shared_part(&self) -> Option<(LayerKind, Region, Option<Hairline>)> {
        let layer = self.project.view().layers.get(self.active_layer)?;
        Some((layer.kind, layer.region.clone(), layer.hairline.clone()))
    }

    /// Gives the other sessions of the active layer's design its region and hairline (after an
    /// edit made in place, like a dragged hairline point or a fade slider).
    pub fn share_design(&mut self) {
        design::share_design(self.project.view_mut(), self.active_layer);
    }

    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.project)
    }

    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.project)
    }

    /// Goes back one step; returns what it undid, in words (None: nothing to undo).
    pub fn undo(&mut self) -> Option<&'static str> {
        let state = self.undoer.undo(&self.project)?.clone();
        let what = changes::describe(&state, &self.project);
        self.project = state;
        self.clamp_active();
        Some(what)
    }

    /// Goes forward one step; returns what it redid, in words (None: nothing to redo).
    pub fn redo(&mut self) -> Option<&'static str> {
        let state = self.undoer.redo(&self.project)?.clone();
        let what = changes::describe(&self.project, &state);
        self.project = state;
        self.clamp_active();
        Some(what)
    }

    /// True when the photo on the canvas is the current view's.
    pub fn photo_ready(&self) -> bool {
        self.photo_path == self.project.view().photo
    }

    /// Shows the current view's photo if it is loaded; otherwise returns the path to load.
    pub fn follow_view(&mut self) -> Option<PathBuf> {
        if self.photo_ready() {
            return None;
        }
        let path = self.project.view().photo.clone();
        match self.photos.get(&path) {
            Some(photo) => {
                self.photo = Arc::clone(photo);
                self.photo_path = path;
                self.clamp_active();
                None
            }
            None => Some(path),
        }
    }

    /// Keeps a loaded view photo (and shows it if it belongs to the current view).
    pub fn add_photo(&mut self, path: &Path, photo: Arc<RgbImage>) {
        self.photos.insert(path.to_path_buf(), photo);
        self.follow_view();
    }

    /// A loaded photo, if it is.
    pub fn loaded_photo(&self, path: &Path) -> Option<Arc<RgbImage>> {
        self.photos.get(path).cloned()
    }

    pub fn clamp_active(&mut self) {
        self.active_layer = self
            .active_layer
            .min(self.project.view().layers.len().saturating_sub(1));
    }
}
