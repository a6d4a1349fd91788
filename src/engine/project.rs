//! The project: one consultation's photo reference, scale and layers, stored as human-readable RON.
//!
//! Saving is atomic: the new text goes to a temporary file in the same folder, is synced, and then
//! renamed over the old file, whose previous version is kept as `NAME.ron.bak`. An interrupted save
//! therefore never loses the old project.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::error::{Error, Result, describe_io};
use crate::engine::geometry::{Hairline, Region};
use crate::engine::pattern::MAX_DENSITY;
use crate::engine::pigment::{DILUTION_RANGE, Stage};
use crate::engine::units::{Scale, valid_px_per_mm};

/// The project format this version writes.
pub const CURRENT_VERSION: u32 = 1;

/// Largest project file read (a project is a few kilobytes; brush strokes can add some).
const MAX_PROJECT_BYTES: u64 = 64 * 1024 * 1024;

/// One consultation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Format version; see `docs/PROJECT-FORMAT.md`.
    pub version: u32,
    /// Photo path, relative to the project file's folder (absolute paths are accepted too).
    pub photo: PathBuf,
    pub scale: Scale,
    #[serde(default)]
    pub client: Client,
    /// Healing stage shown and exported.
    #[serde(default)]
    pub stage: Stage,
    pub layers: Vec<Layer>,
}

/// Who the consultation is for (shown on exported mock-ups).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Client {
    #[serde(default)]
    pub name: String,
    /// Free text, usually an ISO date (2026-11-25).
    #[serde(default)]
    pub date: String,
}

/// What a layer is for; it sets sensible defaults and how the layer is drawn in the app.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LayerKind {
    /// Even coverage over a painted zone (a shaved look, density behind a hairline).
    #[default]
    Density,
    /// A designed front hairline with a soft fade.
    Hairline,
    /// Camouflage over a scar.
    Scar,
}

/// One set of dots with its own settings and region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layer {
    pub name: String,
    #[serde(default)]
    pub kind: LayerKind,
    #[serde(default = "yes")]
    pub visible: bool,
    /// Dots per cm² where the region is fully covered.
    pub density: f32,
    /// Healed dot diameter in mm.
    pub dot_mm: f32,
    /// Parts water per part pigment (6 = 6:1, dark; 20 = 20:1, light).
    pub dilution: f32,
    /// Relative spread of dot diameters (0.15 = ±15 %).
    #[serde(default = "default_size_jitter")]
    pub size_jitter: f32,
    /// Relative spread of dot darkness.
    #[serde(default = "default_tone_jitter")]
    pub tone_jitter: f32,
    /// Pattern seed: the same seed gives the same dots everywhere.
    pub seed: u64,
    #[serde(default)]
    pub region: Region,
    #[serde(default)]
    pub hairline: Option<Hairline>,
}

fn yes() -> bool {
    true
}
fn default_size_jitter() -> f32 {
    0.15
}
fn default_tone_jitter() -> f32 {
    0.2
}

/// Default settings of a new layer: a healed shaved look (see DOMAIN facts in the docs).
pub const DEFAULT_DENSITY: f32 = 120.0;
pub const DEFAULT_DOT_MM: f32 = 0.12;
pub const DEFAULT_DILUTION: f32 = 10.0;
/// Dot diameters Follicle accepts, mm.
pub const DOT_MM_RANGE: std::ops::RangeInclusive<f32> = 0.03..=1.0;

impl Layer {
    /// A layer covering the whole photo with default settings.
    pub fn whole(name: &str, seed: u64) -> Self {
        Layer {
            name: name.to_string(),
            kind: LayerKind::Density,
            visible: true,
            density: DEFAULT_DENSITY,
            dot_mm: DEFAULT_DOT_MM,
            dilution: DEFAULT_DILUTION,
            size_jitter: default_size_jitter(),
            tone_jitter: default_tone_jitter(),
            seed,
            region: Region::default(),
            hairline: None,
        }
    }

    /// Checks every setting; the message names the layer and the setting.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let name = &self.name;
        if !(0.0..=MAX_DENSITY as f32).contains(&self.density) {
            return Err(format!(
                "layer \"{name}\": density {} is outside 0–{MAX_DENSITY} dots/cm²",
                self.density
            ));
        }
        if !DOT_MM_RANGE.contains(&self.dot_mm) {
            return Err(format!(
                "layer \"{name}\": dot size {} mm is outside 0.03–1 mm",
                self.dot_mm
            ));
        }
        if !DILUTION_RANGE.contains(&self.dilution) {
            return Err(format!(
                "layer \"{name}\": dilution {}:1 is outside 1:1–40:1",
                self.dilution
            ));
        }
        if !(0.0..=0.8).contains(&self.size_jitter) || !(0.0..=0.8).contains(&self.tone_jitter) {
            return Err(format!(
                "layer \"{name}\": jitter must be between 0 and 0.8"
            ));
        }
        if let Some(h) = &self.hairline
            && (!(0.0..=100.0).contains(&h.fade_mm) || !(0.0..=1.0).contains(&h.irregularity))
        {
            return Err(format!(
                "layer \"{name}\": hairline fade must be 0–100 mm and irregularity 0–1"
            ));
        }
        Ok(())
    }
}

impl Project {
    /// A new project for `photo` (path as it should be stored) with one whole-photo layer.
    pub fn new(photo: PathBuf, scale: Scale, seed: u64) -> Self {
        Project {
            version: CURRENT_VERSION,
            photo,
            scale,
            client: Client::default(),
            stage: Stage::Healed,
            layers: vec![Layer::whole("Density", seed)],
        }
    }

    /// Checks the scale and every layer.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if !valid_px_per_mm(self.scale.px_per_mm) {
            return Err(format!(
                "scale {} px/mm is outside 0.5–500",
                self.scale.px_per_mm
            ));
        }
        self.layers.iter().try_for_each(Layer::validate)
    }

    /// The photo's path resolved against the folder of the project file at `project_path`.
    pub fn photo_path(&self, project_path: &Path) -> PathBuf {
        if self.photo.is_absolute() {
            self.photo.clone()
        } else {
            project_path
                .parent()
                .unwrap_or(Path::new(""))
                .join(&self.photo)
        }
    }

    /// The project as RON text.
    pub fn to_ron(&self) -> String {
        // Only a photo path that is not valid Unicode fails; fall back to compact text just in case.
        self.try_to_ron()
            .unwrap_or_else(|_| ron::to_string(self).unwrap_or_default())
    }

    /// The project as RON text, or why it cannot be written (a photo path that is not valid
    /// Unicode cannot be stored in RON, which is UTF-8 text).
    pub fn try_to_ron(&self) -> std::result::Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::new()
            .depth_limit(6)
            .indentor("    ".to_string());
        ron::ser::to_string_pretty(self, config)
    }

    /// Parses project text; `path` names the source in messages.
    pub fn from_ron(text: &str, path: &Path) -> Result<Self> {
        #[derive(Deserialize)]
        struct VersionOnly {
            #[serde(default)]
            version: u32,
        }
        // Read the version first (ignoring everything else), so a newer file gets a clear message
        // rather than a confusing field error.
        let options = ron::Options::default();
        let version = options
            .from_str::<VersionOnly>(text)
            .ok()
            .map(|v| v.version)
            .filter(|&v| v > 0);
        match version {
            None => {
                return Err(Error::project(
                    path,
                    "not a Follicle project (no `version` field); it may be damaged",
                ));
            }
            Some(v) if v > CURRENT_VERSION => {
                return Err(Error::project(
                    path,
                    format!(
                        "made by a newer Follicle (project version {v}; this version reads up to {CURRENT_VERSION}); please update Follicle"
                    ),
                ));
            }
            Some(_) => {}
        }
        let project: Project = options.from_str(text).map_err(|e| {
            Error::project(
                path,
                format!("damaged project file ({})", one_line(&e.to_string())),
            )
        })?;
        let project = migrate(project);
        project.validate().map_err(|m| Error::project(path, m))?;
        Ok(project)
    }

    /// Reads a project file.
    pub fn load(path: &Path) -> Result<Self> {
        let meta = std::fs::metadata(path).map_err(|e| Error::project(path, describe_io(&e)))?;
        if meta.is_dir() {
            return Err(Error::project(path, "is a folder, not a project file"));
        }
        if meta.len() > MAX_PROJECT_BYTES {
            return Err(Error::project(path, "too large to be a Follicle project"));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::project(path, describe_io(&e)))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::project(path, "not a Follicle project (not text)"))?;
        Project::from_ron(&text, path)
    }

    /// Saves atomically, keeping the previous version as `<file>.bak`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let text = self.try_to_ron().map_err(|e| {
            Error::write(
                path,
                format!(
                    "cannot save: the photo's path cannot be stored ({e}); rename the photo or its folder"
                ),
            )
        })?;
        write_atomic(path, text.as_bytes(), true)
    }
}

/// Brings an older project up to [`CURRENT_VERSION`]. Version 1 is the first format, so there is
/// nothing to convert yet; each later version adds its step here.
fn migrate(mut project: Project) -> Project {
    project.version = CURRENT_VERSION;
    project
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes `bytes` to `path` so that readers see either the old file or the complete new one:
/// temporary file in the same folder → sync → (optional backup of the old file) → rename → sync folder.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(Error::write(path, "is a folder"));
    }
    let fail = |e: std::io::Error| Error::write(path, format!("cannot save: {}", describe_io(&e)));
    let mut temp = tempfile::Builder::new()
        .prefix(".follicle-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    crate::engine::export::readable_by_others(temp.as_file());
    if keep_backup && path.exists() {
        let mut backup = path.as_os_str().to_owned();
        backup.push(".bak");
        std::fs::copy(path, PathBuf::from(backup)).map_err(fail)?;
    }
    temp.persist(path).map_err(|e| fail(e.error))?;
    // Make the rename itself durable (no-op where folders cannot be opened, e.g. Windows).
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A relative path from `base_dir` to `target` when both are absolute and share a root; else
/// `target` as given.
pub fn relative_path(target: &Path, base_dir: &Path) -> PathBuf {
    let (Ok(t), Ok(b)) = (std::path::absolute(target), std::path::absolute(base_dir)) else {
        return target.to_path_buf();
    };
    // `absolute` keeps `..`; resolve them so the result does not pass through other folders.
    let (t, b) = (lexically_normal(&t), lexically_normal(&b));
    let tc: Vec<_> = t.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return t;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c);
    }
    out
}

/// `path` with `.` removed and each `..` cancelling the folder before it (without following links).
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}
