//! The life of a document: opening it (asking first about unsaved changes), saving it, closing
//! it, adding a view's photo, exporting it, and the answers of file dialogs.

use std::path::{Path, PathBuf};

use super::app::FollicleApp;
use super::command::Command;
use super::dialogs::Purpose;
use super::replies::CLIENT_PHOTO;
use super::state::Then;
use crate::engine::edit;
use crate::engine::error::Error;
use crate::engine::export::ExportPlan;
use crate::engine::files::folder_of;
use crate::engine::folders::{client_folder, create_private_dir_all};

impl FollicleApp {
    /// Opens a file, asking about unsaved changes first.
    pub(super) fn open(&mut self, path: PathBuf) {
        if self.state.dirty() {
            self.state.confirm = Some(Then::Open(path));
            return;
        }
        self.state.say(format!("Opening {}…", path.display()));
        self.background.open(path);
    }

    /// Opens a file dialog for `purpose`, asking about unsaved changes first when the document
    /// would be replaced.
    pub(super) fn ask(&mut self, purpose: Purpose, ctx: &egui::Context) {
        let replaces = matches!(purpose, Purpose::OpenPhoto | Purpose::OpenProject);
        if replaces && self.state.dirty() {
            self.state.confirm = Some(Then::Ask(purpose));
            return;
        }
        self.pick(purpose, ctx);
    }

    pub(super) fn save_to(&mut self, path: PathBuf) {
        let Some(doc) = self.state.doc.as_mut() else {
            return;
        };
        match doc.project.relative_to(folder_of(&path)).save(&path) {
            Ok(()) => {
                doc.mark_saved(path.clone());
                self.state.remember(&path);
                self.state.say(format!("Saved {}", path.display()));
                if let Some(then) = self.state.confirm.take() {
                    self.proceed(then);
                }
            }
            Err(e) => self.state.fail(format!("Not saved: {e}")),
        }
    }

    /// Carries out what was waiting on an unsaved-changes answer.
    pub(super) fn proceed(&mut self, then: Then) {
        match then {
            Then::Quit => {
                self.allow_close = true;
                self.send(Command::Quit);
            }
            Then::Open(path) => {
                if let Some(doc) = self.state.doc.as_mut() {
                    doc.mark_saved(doc.path.clone().unwrap_or_default());
                }
                self.state.doc = None;
                self.open(path);
            }
            Then::Ask(purpose) => {
                self.state.doc = None;
                self.send(match purpose {
                    Purpose::OpenProject => Command::OpenProject,
                    _ => Command::OpenPhoto,
                });
            }
            Then::Close => {
                self.state.doc = None;
                self.state.canvas.reset();
            }
        }
    }

    /// Unsaved changes: save first (asking where for a new project), then go on.
    pub(super) fn save_changes(&mut self, ctx: &egui::Context) {
        if self.state.confirm.is_none() {
            return;
        }
        match self.state.doc.as_ref().and_then(|d| d.path.clone()) {
            Some(path) => self.save_to(path),
            None => self.ask_where_to_save(ctx),
        }
    }

    /// Opens the save dialog for the open document, in the project's own folder, or for a
    /// consultation never saved, in its client's folder among the consultations (made, private,
    /// if it is new), so that each client's files stay together.
    pub(super) fn ask_where_to_save(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.state.doc else {
            return;
        };
        let suggested = format!("{}.ron", doc.name());
        let folder = match &doc.path {
            Some(path) => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf),
            None => self
                .consultations
                .as_ref()
                .map(|root| client_folder(root, &doc.project.client.name))
                .filter(|dir| create_private_dir_all(dir).is_ok()),
        };
        self.pick(Purpose::SaveProject { suggested, folder }, ctx);
    }

    /// Unsaved changes: drop them and go on.
    pub(super) fn discard_changes(&mut self) {
        let Some(then) = self.state.confirm.take() else {
            return;
        };
        if let Some(doc) = self.state.doc.as_mut() {
            let path = doc.path.clone().unwrap_or_default();
            doc.mark_saved(path);
        }
        self.proceed(then);
    }

    /// A file dialog answered.
    pub(super) fn chosen(&mut self, purpose: Purpose, path: Option<PathBuf>) {
        let Some(path) = path else {
            if matches!(purpose, Purpose::SaveProject { .. }) {
                // Cancelled saving while asked about unsaved changes: stay.
                self.state.confirm = None;
            }
            return;
        };
        match purpose {
            Purpose::OpenPhoto | Purpose::OpenProject => self.open(path),
            Purpose::AddViewPhoto => self.add_view(&path),
            Purpose::LocatePhoto => {
                if let Some(missing) = self.state.missing.take() {
                    self.locating = Some(missing);
                    self.background.locate(path);
                }
            }
            Purpose::SaveProject { .. } => self.save_to(with_extension(path, "ron")),
            Purpose::Export { format, .. } => {
                self.start_export(&with_extension(path, format.extension()));
            }
        }
    }

    /// Adds the photo at `path` as a new view of the open project.
    pub(super) fn add_view(&mut self, path: &Path) {
        let Some(doc) = self.state.doc.as_mut() else {
            return;
        };
        match edit::add_view_of_photo(&mut doc.project, path) {
            Ok(name) => {
                doc.active_layer = 0;
                doc.commit();
                self.state.say(format!(
                    "Added the {name} view; calibrate it with the Calibrate tool (C)."
                ));
            }
            Err(e) => self.state.fail(e.to_string()),
        }
    }

    /// Starts the export to `out` in the background, unless `out` is one of the client's photos.
    fn start_export(&mut self, out: &Path) {
        let Some(doc) = &self.state.doc else { return };
        let export = &mut self.state.export;
        let every_view = export.all_views && doc.project.views.len() > 1;
        let mut project = doc.project.clone();
        // The caption's date goes with the mock-up only: the saved project stays as it was.
        project.client.date.clone_from(&export.date);
        let mut plan = ExportPlan::new(project, out, export.options.clone(), every_view);
        if let Some(project_file) = &doc.path {
            plan = plan.protect(project_file);
        }
        match plan.guard() {
            Err(Error::ClientPhoto { .. }) => {
                self.state.fail(CLIENT_PHOTO);
                return;
            }
            Err(e) => {
                self.state.fail(e.to_string());
                return;
            }
            Ok(()) => {}
        }
        let photos = doc
            .project
            .views
            .iter()
            .filter_map(|v| doc.loaded_photo(&v.photo).map(|p| (v.photo.clone(), p)))
            .collect();
        self.background.export(plan, photos);
        export.progress = Some((0.0, "Starting…"));
        export.open = false;
    }
}

/// The sample photo: beside the program, or unpacked from the copy built into it.
pub(super) fn sample_path() -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-scalp.jpg");
    if beside.exists() {
        return beside;
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        let p = dir.join("assets/sample-scalp.jpg");
        if p.exists() {
            return p;
        }
    }
    // Installed without the assets folder: unpack the copy built into the program.
    let p = std::env::temp_dir().join("follicle-sample-scalp.jpg");
    if !p.exists() {
        let _ = std::fs::write(&p, include_bytes!("../../assets/sample-scalp.jpg"));
    }
    p
}

/// `path`, ending in `.ext` if it had no extension.
fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path
    }
}
