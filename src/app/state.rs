//! What the UI may edit: the open document, the canvas, the chosen tool, the dialogs and what the
//! app remembers. Panels read it and edit its values in place; every action goes through a
//! command (see `command_handling.rs`).

use std::path::PathBuf;

use super::canvas::{Brush, Canvas};
use super::command::{Compare, Step, Tool};
use super::dialogs::Purpose;
use super::document::Document;
use super::recent::RecentCards;
use crate::engine::export::{ExportOptions, Format};
use crate::engine::presets::Preset;
use crate::engine::project::Project;
use crate::engine::units::IRIS_MM;

/// Everything the panels show and edit.
pub struct State {
    pub doc: Option<Document>,
    pub canvas: Canvas,
    pub tool: Tool,
    pub brush: Brush,
    /// Mirror hairline edits to the other side.
    pub mirror: bool,
    /// Tint the hair detected in the photo.
    pub show_hair: bool,
    /// Visible dots per layer in the last preview.
    pub counts: Vec<usize>,
    pub export: ExportDialog,
    pub message: Option<Message>,
    /// The unsaved-changes question, and what to do once it is answered.
    pub confirm: Option<Then>,
    /// A project whose photo could not be found, waiting for the user to locate it.
    pub missing: Option<Missing>,
    /// A consultation left unsaved by a crash, offered for restoring.
    pub restore: Option<RestoreOffer>,
    /// The calibration dialog: the line's length in photo pixels and the length typed.
    pub calibration: Option<(f64, String)>,
    /// The client's iris diameter the calibration assumes, mm (adults: about 11.7).
    pub iris_mm: f64,
    /// Projects opened or saved lately, newest first.
    pub recent: Vec<PathBuf>,
    /// What the start screen shows of them.
    pub recent_cards: RecentCards,
    pub presets: Presets,
    /// The path being typed because a file dialog could not open.
    pub typed_path: Option<TypedPath>,
    /// The step of the consultation the practitioner is at.
    pub step: Step,
    /// Steps the project itself cannot tell are done: a look chosen, an export made.
    pub looked: bool,
    pub exported: bool,
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    Quit,
    Open(PathBuf),
    Ask(Purpose),
    Close,
}

/// The export window's choices the app remembers between runs.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExportChoices {
    pub options: ExportOptions,
    pub all_views: bool,
}

/// Today's date where the app runs, as ISO 8601 (2026-11-25).
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

/// A message in the status bar.
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The export window and the export running, if any.
pub struct ExportDialog {
    pub open: bool,
    pub options: ExportOptions,
    /// Export every view, one file each.
    pub all_views: bool,
    /// PNG (full quality, reopens as the consultation) or JPEG (to send).
    pub format: Format,
    /// The date in the caption: the consultation's, or today's when it has none. Kept out of
    /// the project, so that exporting leaves a saved project saved.
    pub date: String,
    /// How far the running export has come: the fraction done and what it is doing.
    pub progress: Option<(f32, &'static str)>,
}

/// A project whose photo could not be found, waiting for the user to locate it.
pub struct Missing {
    pub project: Project,
    pub source: PathBuf,
    pub is_project_file: bool,
    pub problem: String,
    /// Restored after a crash: once the photo is found, all of it is unsaved.
    pub restored: bool,
}

/// A consultation a crash left unsaved, offered when the app starts.
pub struct RestoreOffer {
    /// Whose consultation: the client and the project file.
    pub who: String,
    /// When it was autosaved, in local time.
    pub when: String,
    /// Where Discard keeps a copy.
    pub kept_in: PathBuf,
}

/// Presets saved by the practitioner (built-in ones come from the engine), their folder, and the
/// name typed for a new one.
pub struct Presets {
    pub user: Vec<Preset>,
    pub dir: Option<PathBuf>,
    pub name: String,
}

impl State {
    pub fn new(recent: Vec<PathBuf>, presets_dir: Option<PathBuf>) -> Self {
        State {
            doc: None,
            canvas: Canvas::default(),
            tool: Tool::Pan,
            brush: Brush::default(),
            mirror: false,
            show_hair: false,
            counts: Vec::new(),
            export: ExportDialog {
                open: false,
                options: ExportOptions::default(),
                all_views: false,
                format: Format::Png,
                date: String::new(),
                progress: None,
            },
            message: None,
            confirm: None,
            missing: None,
            restore: None,
            calibration: None,
            recent,
            recent_cards: RecentCards::default(),
            presets: Presets {
                user: Vec::new(),
                dir: presets_dir,
                name: String::new(),
            },
            typed_path: None,
            step: Step::Photo,
            looked: false,
            exported: false,
            iris_mm: IRIS_MM,
        }
    }

    /// A message for the user.
    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    /// A problem for the user.
    pub fn fail(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// A message, or a problem when `result` failed.
    pub fn report<E: std::fmt::Display>(&mut self, result: Result<String, E>) {
        match result {
            Ok(text) => self.say(text),
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// True if a document is open with changes not saved.
    pub fn dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::is_dirty)
    }

    /// Puts `path` first among the recent projects.
    pub fn remember(&mut self, path: &std::path::Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }

    /// True when `step` looks done for the open document.
    pub fn step_done(&self, step: Step) -> bool {
        let Some(doc) = &self.doc else {
            return false;
        };
        let view = doc.project.view();
        match step {
            Step::Photo => true,
            Step::Scale => view.scale.calibrated,
            Step::Hairline => view
                .layers
                .iter()
                .any(|l| l.hairline.as_ref().is_some_and(|h| h.points.len() >= 2)),
            Step::Look => self.looked,
            Step::Compare => self.canvas.compare != Compare::After,
            Step::Export => self.exported,
        }
    }

    /// Shows `doc` on a fresh canvas.
    pub fn set_document(&mut self, doc: Document) {
        self.looked = false;
        self.exported = false;
        self.counts = vec![0; doc.project.view().layers.len()];
        self.doc = Some(doc);
        self.canvas.reset();
        // Start at the first step the project has not done yet.
        self.step = Step::ALL[1..]
            .iter()
            .copied()
            .find(|&s| !self.step_done(s))
            .unwrap_or(Step::Export);
    }
}

/// A path typed in place of a file dialog that could not open, with the folders to start from
/// and the completions of what is typed.
pub struct TypedPath {
    pub purpose: Purpose,
    pub text: String,
    /// Folders of the open and recent projects, newest first.
    pub folders: Vec<PathBuf>,
    /// Entries of the typed folder that continue the typed name (folders end in `/`).
    pub completions: Vec<String>,
}

impl TypedPath {
    /// Starts in the open document's folder (or the latest recent one), with the suggested file
    /// name when saving.
    pub fn new(purpose: Purpose, state: &State) -> Self {
        let mut folders: Vec<PathBuf> = Vec::new();
        let open = state
            .doc
            .as_ref()
            .map(|d| d.path.clone().unwrap_or_else(|| d.photo_path.clone()));
        for path in open.iter().chain(&state.recent) {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                && !folders.iter().any(|f| f == dir)
            {
                folders.push(dir.to_path_buf());
            }
        }
        if let Purpose::SaveProject {
            folder: Some(folder),
            ..
        } = &purpose
        {
            folders.retain(|f| f != folder);
            folders.insert(0, folder.clone());
        }
        folders.truncate(6);
        let name = match &purpose {
            Purpose::SaveProject { suggested, .. } | Purpose::Export { suggested, .. } => {
                suggested.as_str()
            }
            _ => "",
        };
        let text = folders.first().map_or(name.to_string(), |dir| {
            format!("{}{}{name}", dir.display(), std::path::MAIN_SEPARATOR)
        });
        let mut typed = TypedPath {
            purpose,
            text,
            folders,
            completions: Vec::new(),
        };
        typed.complete();
        typed
    }

    /// The typed path (a leading `~` is the home folder), if any.
    pub fn path(&self) -> Option<PathBuf> {
        let text = self.text.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(rest) = text.strip_prefix("~/")
            && let Some(home) = std::env::var_os("HOME")
        {
            return Some(PathBuf::from(home).join(rest));
        }
        Some(PathBuf::from(text))
    }

    /// Finds the entries of the typed folder whose names start with the typed name (at most
    /// eight, folders first).
    pub fn complete(&mut self) {
        self.completions.clear();
        let Some(path) = self.path() else { return };
        let typed = self.text.trim();
        let (dir, prefix) = if typed.ends_with(std::path::MAIN_SEPARATOR) {
            (path.clone(), String::new())
        } else {
            let prefix = path
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            (path.parent().map(PathBuf::from).unwrap_or_default(), prefix)
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        let mut found: Vec<(bool, String)> = entries
            .take(2000)
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let wanted = name.to_lowercase().starts_with(&prefix) && !name.starts_with('.');
                wanted.then(|| (!e.path().is_dir(), name))
            })
            .collect();
        found.sort();
        self.completions = found
            .into_iter()
            .take(8)
            .map(|(file, name)| {
                let full = dir.join(&name).display().to_string();
                if file {
                    full
                } else {
                    format!("{full}{}", std::path::MAIN_SEPARATOR)
                }
            })
            .collect();
    }
}
