//! The project file: RON text with a `version`, read defensively, migrated forward from older
//! versions, and saved atomically (the previous version kept as `NAME.ron.bak`, see
//! [`crate::engine::files`]), so an interrupted save never loses the old project.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{CURRENT_VERSION, Client, Layer, Project, ScalpView, VIEW_NAMES};
use crate::engine::error::{Error, Result, describe_io};
use crate::engine::files::{self, Mode};
use crate::engine::hair::HairSettings;
use crate::engine::lock::FileLock;
use crate::engine::pigment::Stage;
use crate::engine::units::Scale;

/// Largest project read, from a file or from inside a mock-up once decompressed (a project is a
/// few kilobytes; brush strokes can add some).
pub const MAX_PROJECT_BYTES: u64 = 64 * 1024 * 1024;

impl Project {
    /// The project as RON text.
    pub fn to_ron(&self) -> String {
        // Only a photo path that is not valid Unicode fails; fall back to compact text just in case.
        self.try_to_ron()
            .unwrap_or_else(|_| ron::to_string(self).unwrap_or_default())
    }

    /// The project as RON text, or why it cannot be written (a photo path that is not valid
    /// Unicode cannot be stored in RON, which is UTF-8 text). A view shown on a reduced copy of
    /// its photo is written in its full photo's pixels.
    pub fn try_to_ron(&self) -> std::result::Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(6)
            .indentor("    ".to_string());
        if self.has_reduced_views() {
            ron::ser::to_string_pretty(&self.at_full_size(), config)
        } else {
            ron::ser::to_string_pretty(self, config)
        }
    }

    /// Parses project text; `path` names the source in messages. A byte-order mark at the start
    /// (as some Windows editors write) is allowed; any other fault is told with its line and
    /// column.
    pub fn from_ron(text: &str, path: &Path) -> Result<Self> {
        #[derive(Deserialize)]
        struct VersionOnly {
            #[serde(default)]
            version: u32,
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(Error::project(path, "the project file is empty"));
        }
        // Read the version first (ignoring every other field, but not the syntax), so a newer
        // file gets a clear message rather than a confusing field error.
        let options = ron::Options::default();
        let version = options
            .from_str::<VersionOnly>(text)
            .map_err(|e| damaged(path, text, &e))?
            .version;
        match version {
            0 => {
                return Err(Error::project(
                    path,
                    "not a Follicle project (no `version` field); it may be damaged",
                ));
            }
            v if v > CURRENT_VERSION => {
                return Err(Error::project(
                    path,
                    format!(
                        "made by a newer Follicle (project version {v}; this version reads up to {CURRENT_VERSION}); please update Follicle"
                    ),
                ));
            }
            _ => {}
        }
        let mut project = if version == 1 {
            migrate_v1(
                options
                    .from_str::<ProjectV1>(text)
                    .map_err(|e| damaged(path, text, &e))?,
            )
        } else {
            options
                .from_str::<Project>(text)
                .map_err(|e| damaged(path, text, &e))?
        };
        if version < 5 {
            // Scars drew without the camouflage before version 5: they still do.
            for layer in project.views.iter_mut().flat_map(|v| v.layers.iter_mut()) {
                if let Some(scar) = &mut layer.scar {
                    scar.camouflage = false;
                }
            }
        }
        project.version = CURRENT_VERSION;
        project.validate().map_err(|m| Error::project(path, m))?;
        Ok(project)
    }

    /// Reads a project file.
    pub fn load(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| Error::project(path, describe_io(&e)))?;
        if meta.is_dir() {
            return Err(Error::project(path, "is a folder, not a project file"));
        }
        // A pipe or a device would block or never end: projects are always plain files.
        if !meta.is_file() {
            return Err(Error::project(
                path,
                "is not a regular file (a pipe or a device), not a project file",
            ));
        }
        if meta.len() > MAX_PROJECT_BYTES {
            return Err(Error::project(path, "too large to be a Follicle project"));
        }
        // Read no more than the limit, even if the file grows while it is read.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| {
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(f, MAX_PROJECT_BYTES + 1),
                    &mut bytes,
                )
            })
            .map_err(|e| Error::project(path, describe_io(&e)))?;
        if bytes.len() as u64 > MAX_PROJECT_BYTES {
            return Err(Error::project(path, "too large to be a Follicle project"));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::project(path, "not a Follicle project (not text)"))?;
        Project::from_ron(&text, path)
    }

    /// Saves atomically, keeping the previous version as `<file>.bak`. Fails with
    /// [`Error::Busy`], writing nothing, while another Follicle is changing the file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let lock = FileLock::hold(path)?;
        self.write_to(path, Mode::Save { backup: true })?;
        drop(lock);
        Ok(())
    }

    /// Saves as a new file: fails with [`Error::Exists`] if a file of that name is there, even
    /// one another program writes at this very moment; nothing is replaced.
    pub fn save_new(&self, path: &Path) -> Result<()> {
        self.write_to(path, Mode::Create)
    }

    /// Reads the project at `path` to change and save it again: until the returned
    /// [`HeldProject`] saves it or is dropped, any other Follicle saving this file fails with
    /// [`Error::Busy`] instead of one of the two changes being lost.
    pub fn load_for_change(path: &Path) -> Result<(Project, HeldProject)> {
        let lock = FileLock::hold(path)?;
        let project = Project::load(path)?;
        Ok((
            project,
            HeldProject {
                path: path.to_path_buf(),
                _lock: lock,
            },
        ))
    }

    fn write_to(&self, path: &Path, mode: Mode) -> Result<()> {
        let text = self.try_to_ron().map_err(|e| {
            Error::write(
                path,
                format!(
                    "cannot save: the photo's path cannot be stored ({e}); rename the photo or its folder"
                ),
            )
        })?;
        files::write_atomic(path, mode, |w| {
            w.write_all(text.as_bytes()).map_err(|e| describe_io(&e))
        })
    }
}

/// A project file read to be changed, locked until the change is saved (see
/// [`Project::load_for_change`]).
#[derive(Debug)]
pub struct HeldProject {
    path: PathBuf,
    _lock: FileLock,
}

impl HeldProject {
    /// Saves `project` over the file it was read from (atomically, keeping a backup), then
    /// releases the file.
    pub fn save(self, project: &Project) -> Result<()> {
        project.write_to(&self.path, Mode::Save { backup: true })
    }
}

/// Version 1: a single photo with its scale and layers at the top level.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectV1 {
    /// Always 1 (read before, see [`Project::from_ron`]).
    #[serde(rename = "version")]
    _version: u32,
    photo: PathBuf,
    scale: Scale,
    #[serde(default)]
    client: Client,
    #[serde(default)]
    stage: Stage,
    layers: Vec<Layer>,
}

/// Brings a version 1 project up to [`CURRENT_VERSION`]: its photo becomes the one view ("Front"),
/// every layer belongs to session 1, no layer avoids hair and none is a scar (v1 had neither).
fn migrate_v1(old: ProjectV1) -> Project {
    Project {
        version: CURRENT_VERSION,
        client: old.client,
        stage: old.stage,
        session: None,
        views: vec![ScalpView {
            name: VIEW_NAMES[0].to_string(),
            photo: old.photo,
            scale: old.scale,
            hair: HairSettings::default(),
            skin: None,
            head: None,
            face: None,
            layers: old.layers,
            reduced: None,
        }],
        current: 0,
    }
}

/// A parse error as one line that says where: "line 3, column 12: …".
fn damaged(path: &Path, text: &str, e: &ron::error::SpannedError) -> Error {
    let mut at = e.span.start;
    // RON may say where it stopped (the end of the project, before white space); the user
    // needs where the offending text starts.
    (at.line, at.col) = next_text(text, at.line, at.col);
    if at.line <= 1 && at.col <= 1 {
        return Error::project(
            path,
            "not a Follicle project (it does not start like one); it may be damaged",
        );
    }
    Error::project(
        path,
        format!(
            "damaged project file at line {}, column {}: {}",
            at.line,
            at.col,
            describe_parse_error(&e.code)
        ),
    )
}

/// What RON found wrong, in words; a field the project does not have is named as such.
fn describe_parse_error(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField { found, outer, .. } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            format!("unknown field `{found}`{within} (a typo, or a setting of a newer Follicle)")
        }
        ron::Error::TrailingCharacters => "unexpected text after the end of the project".into(),
        // RON's own text here is advice for programmers (a recursion limit, `serde_stacker`).
        ron::Error::ExceededRecursionLimit => {
            "brackets nested more deeply than any project nests them".into()
        }
        other => {
            let text = other.to_string();
            let text: Vec<&str> = text.split_whitespace().collect();
            let text = text.join(" ");
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
    }
}

/// The line and column (from 1) of the first character that is not white space at or after
/// `line`, `col` in `text`.
fn next_text(text: &str, line: usize, col: usize) -> (usize, usize) {
    for (i, row) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let from = if i + 1 == line {
            col.saturating_sub(1)
        } else {
            0
        };
        if let Some(found) = row.chars().skip(from).position(|c| !c.is_whitespace()) {
            return (i + 1, from + found + 1);
        }
    }
    (line, col)
}
