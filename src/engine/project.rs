//! The project: one consultation (client, healing stage, sessions shown) with one or more views of
//! the scalp (front, top, crown, …), each with its photo reference, scale and layers, stored as
//! human-readable RON.
//!
//! Saving is atomic: the new text goes to a temporary file in the same folder, is synced, and then
//! renamed over the old file, whose previous version is kept as `NAME.ron.bak`. An interrupted save
//! therefore never loses the old project.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::error::{Error, Result, describe_io};
use crate::engine::geometry::{Hairline, Region, Scar};
use crate::engine::hair::HairSettings;
use crate::engine::hair_match::HairMatch;
use crate::engine::optics::{DotShape, LayerLook};
use crate::engine::pattern::MAX_DENSITY;
use crate::engine::pigment::{DILUTION_RANGE, Stage};
use crate::engine::units::{Scale, valid_px_per_mm};

/// The project format this version writes. Version 1 held a single photo; version 2 holds views,
/// sessions, scar settings and thinning-hair settings; version 3 the dots' shape (needle,
/// elongation, direction, softness, merged impressions) and the hair a layer was matched to (see
/// `docs/PROJECT-FORMAT.md`). Version 2 files load as they are (their layers keep single-point
/// dots of their size).
pub const CURRENT_VERSION: u32 = 3;

/// Largest project file read (a project is a few kilobytes; brush strokes can add some).
const MAX_PROJECT_BYTES: u64 = 64 * 1024 * 1024;

/// One consultation.
///
/// A project shows one view at a time (`current`); it dereferences to that view, so code working on
/// one photo reads `project.photo`, `project.scale` and `project.layers`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Format version; see `docs/PROJECT-FORMAT.md`.
    pub version: u32,
    #[serde(default)]
    pub client: Client,
    /// Healing stage shown and exported.
    #[serde(default)]
    pub stage: Stage,
    /// Show the result after this treatment session (None: after every session).
    #[serde(default)]
    pub session: Option<u32>,
    /// The photos of this consultation (at least one).
    pub views: Vec<ScalpView>,
    /// Index of the view shown and edited.
    #[serde(default)]
    pub current: usize,
}

/// Standard names of the views of a consultation, offered by the app.
pub const VIEW_NAMES: [&str; 6] = ["Front", "Top", "Left", "Right", "Crown", "Back"];

/// One photo of the scalp with its own scale and layers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScalpView {
    /// What the photo shows ("Front", "Crown", …).
    pub name: String,
    /// Photo path, relative to the project file's folder (absolute paths are accepted too).
    pub photo: PathBuf,
    pub scale: Scale,
    /// How existing hair is detected for layers that keep pigment off it (thinning hair).
    #[serde(default)]
    pub hair: HairSettings,
    /// The client's skin colour (sRGB) as sampled by the practitioner, if sampled.
    #[serde(default)]
    pub skin: Option<[u8; 3]>,
    pub layers: Vec<Layer>,
}

impl ScalpView {
    /// A view of `photo` with one whole-photo layer.
    pub fn new(name: &str, photo: PathBuf, scale: Scale, seed: u64) -> Self {
        ScalpView {
            name: name.to_string(),
            photo,
            scale,
            hair: HairSettings::default(),
            skin: None,
            layers: vec![Layer::whole("Density", seed)],
        }
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

    /// True if any visible layer keeps its pigment off detected hair.
    pub fn needs_hair(&self) -> bool {
        self.layers.iter().any(|l| l.visible && l.avoid_hair)
    }

    /// Checks the scale and every layer.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if !valid_px_per_mm(self.scale.px_per_mm) {
            return Err(format!(
                "view \"{}\": scale {} px/mm is outside 0.5–500",
                self.name, self.scale.px_per_mm
            ));
        }
        if !(0.0..=1.0).contains(&self.hair.sensitivity)
            || !(0.0..=2.0).contains(&self.hair.clearance_mm)
        {
            return Err(format!(
                "view \"{}\": hair detection needs a sensitivity of 0–1 and a clearance of 0–2 mm",
                self.name
            ));
        }
        self.layers.iter().try_for_each(Layer::validate)
    }
}

impl std::ops::Deref for Project {
    type Target = ScalpView;
    fn deref(&self) -> &ScalpView {
        &self.views[self.current.min(self.views.len().saturating_sub(1))]
    }
}

impl std::ops::DerefMut for Project {
    fn deref_mut(&mut self) -> &mut ScalpView {
        let i = self.current.min(self.views.len().saturating_sub(1));
        &mut self.views[i]
    }
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
    /// Spread of dot diameters (coefficient of variation: 0.15 = dots vary by about 15 %).
    #[serde(default = "default_size_jitter")]
    pub size_jitter: f32,
    /// Spread of dot darkness (coefficient of variation; healed SMP measures about 0.4).
    #[serde(default = "default_tone_jitter")]
    pub tone_jitter: f32,
    /// Needle, elongation, direction, softness and merged impressions of the dots.
    #[serde(default)]
    pub shape: DotShape,
    /// Pattern seed: the same seed gives the same dots everywhere.
    pub seed: u64,
    #[serde(default)]
    pub region: Region,
    #[serde(default)]
    pub hairline: Option<Hairline>,
    /// Treatment session the layer's dots are placed in (1, 2, 3, …). Layers sharing a seed
    /// continue one pattern: a later session's dots fill the gaps between the earlier ones.
    #[serde(default = "first_session")]
    pub session: u32,
    /// Thinning hair: keep the pigment off hair detected in the photo (dots only on visible scalp).
    #[serde(default)]
    pub avoid_hair: bool,
    /// Scar tissue under this layer: its shape and how it takes pigment.
    #[serde(default)]
    pub scar: Option<Scar>,
    /// The client's hair this layer was matched to ("Match hair"), if it was.
    #[serde(default)]
    pub hair_match: Option<HairMatch>,
}

fn first_session() -> u32 {
    1
}

fn yes() -> bool {
    true
}
fn default_size_jitter() -> f32 {
    0.2
}
fn default_tone_jitter() -> f32 {
    0.5
}

/// Default settings of a new layer: the full shaved look of healed SMP (3RL 0.30 mm needle, about
/// 100 impressions per cm², 8:1), which on fair skin darkens the scalp about as much as real
/// treatments do (docs/LOOK.md).
pub const DEFAULT_DENSITY: f32 = 100.0;
pub const DEFAULT_DOT_MM: f32 = 0.165;
pub const DEFAULT_DILUTION: f32 = 8.0;
/// Most treatment sessions a plan may have.
pub const MAX_SESSIONS: u32 = 6;
/// Density share of sessions 1 and 2 in a usual plan (session 2 adds about 60 % of session 1).
const SESSION_DENSITY_SHARE: [f32; 2] = [0.5, 0.3];
/// How a layer's density is split over 2, 3, … sessions.
const SESSION_SPLIT: [[f32; 6]; 5] = [
    [0.6, 0.4, 0.0, 0.0, 0.0, 0.0],
    [0.5, 0.3, 0.2, 0.0, 0.0, 0.0],
    [0.45, 0.25, 0.18, 0.12, 0.0, 0.0],
    [0.4, 0.22, 0.16, 0.12, 0.1, 0.0],
    [0.36, 0.2, 0.15, 0.11, 0.1, 0.08],
];
/// Dilution of each session relative to the setting (more water = lighter).
const SESSION_DILUTION: [f32; 6] = [1.35, 1.0, 0.9, 0.9, 0.9, 0.9];
/// Dot diameters Follicle accepts, mm.
pub const DOT_MM_RANGE: std::ops::RangeInclusive<f32> = 0.03..=1.0;

impl Layer {
    /// The settings that decide how this layer's dots look.
    pub fn look(&self) -> LayerLook {
        LayerLook {
            dot_mm: self.dot_mm,
            dilution: self.dilution,
            size_jitter: self.size_jitter,
            tone_jitter: self.tone_jitter,
            shape: self.shape,
        }
    }

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
            shape: DotShape::shaved_look(),
            seed,
            region: Region::default(),
            hairline: None,
            session: 1,
            avoid_hair: false,
            scar: None,
            hair_match: None,
        }
    }

    /// The layer for the next treatment session over the same zone: the same pattern continued
    /// (its dots fill the gaps), fewer dots, a slightly darker shade, as practitioners work.
    pub fn next_session(&self) -> Layer {
        let session = self.session + 1;
        let base = self
            .name
            .split(" · session")
            .next()
            .unwrap_or(&self.name)
            .to_string();
        Layer {
            name: format!("{base} · session {session}"),
            session,
            density: (self.density * SESSION_DENSITY_SHARE[1] / SESSION_DENSITY_SHARE[0])
                .clamp(1.0, MAX_DENSITY as f32),
            dilution: (self.dilution * 0.85).max(*DILUTION_RANGE.start()),
            ..self.clone()
        }
    }

    /// `layer` split into `sessions` layers that continue one pattern: the first session sparse
    /// and lighter, later ones filling the gaps and a little darker (the total density is kept).
    pub fn split_into_sessions(layer: &Layer, sessions: u32) -> Vec<Layer> {
        let n = sessions.clamp(1, MAX_SESSIONS) as usize;
        if n == 1 {
            return vec![layer.clone()];
        }
        let shares = &SESSION_SPLIT[n - 2][..n];
        (0..n)
            .map(|k| Layer {
                name: format!("{} · session {}", layer.name, k + 1),
                session: k as u32 + 1,
                density: layer.density * shares[k],
                // Session 1 a third lighter, the last a little darker than the setting.
                dilution: (layer.dilution * SESSION_DILUTION[k])
                    .clamp(*DILUTION_RANGE.start(), *DILUTION_RANGE.end()),
                ..layer.clone()
            })
            .collect()
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
        self.shape
            .validate()
            .map_err(|m| format!("layer \"{name}\": {m}"))?;
        if !(1..=MAX_SESSIONS).contains(&self.session) {
            return Err(format!(
                "layer \"{name}\": session {} is outside 1–{MAX_SESSIONS}",
                self.session
            ));
        }
        if let Some(scar) = &self.scar {
            scar.validate()
                .map_err(|m| format!("layer \"{name}\": {m}"))?;
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
    /// A new project for `photo` (path as it should be stored) with one view and one whole-photo
    /// layer.
    pub fn new(photo: PathBuf, scale: Scale, seed: u64) -> Self {
        Project {
            version: CURRENT_VERSION,
            client: Client::default(),
            stage: Stage::Healed,
            session: None,
            views: vec![ScalpView::new(VIEW_NAMES[0], photo, scale, seed)],
            current: 0,
        }
    }

    /// Checks every view.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.views.is_empty() {
            return Err("the project has no photo (no views)".into());
        }
        if self.current >= self.views.len() {
            return Err(format!(
                "the current view {} does not exist (there are {})",
                self.current + 1,
                self.views.len()
            ));
        }
        if let Some(s) = self.session
            && !(1..=MAX_SESSIONS).contains(&s)
        {
            return Err(format!("session {s} is outside 1–{MAX_SESSIONS}"));
        }
        self.views.iter().try_for_each(ScalpView::validate)
    }

    /// The same project showing view `index`.
    pub fn with_view(&self, index: usize) -> Project {
        Project {
            current: index.min(self.views.len().saturating_sub(1)),
            ..self.clone()
        }
    }

    /// Makes every view's photo path the real (absolute) place of the photo, for a project read
    /// from `project_path`; paths stored relative to the project file are resolved.
    pub fn resolve_photos(&mut self, project_path: &Path) {
        for view in &mut self.views {
            let real = view.photo_path(project_path);
            view.photo = std::path::absolute(&real).unwrap_or(real);
        }
    }

    /// The project as stored in a file in `folder`: every photo path relative to that folder.
    pub fn relative_to(&self, folder: &Path) -> Project {
        let mut stored = self.clone();
        for view in &mut stored.views {
            view.photo = relative_path(&view.photo, folder);
        }
        stored
    }

    /// The highest session any layer of any view belongs to.
    pub fn last_session(&self) -> u32 {
        self.views
            .iter()
            .flat_map(|v| &v.layers)
            .map(|l| l.session)
            .max()
            .unwrap_or(1)
    }

    /// The session whose result is shown (the last one unless a session was chosen).
    pub fn shown_session(&self) -> u32 {
        self.session.unwrap_or_else(|| self.last_session())
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
        let damaged = |e: ron::error::SpannedError| {
            Error::project(
                path,
                format!("damaged project file ({})", one_line(&e.to_string())),
            )
        };
        let mut project = if version == Some(1) {
            migrate_v1(options.from_str::<ProjectV1>(text).map_err(damaged)?)
        } else {
            options.from_str::<Project>(text).map_err(damaged)?
        };
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

/// Version 1: a single photo with its scale and layers at the top level.
#[derive(Deserialize)]
struct ProjectV1 {
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
            layers: old.layers,
        }],
        current: 0,
    }
}

/// File extensions of project files: `.ron`, and `.follicle` (the name a desktop associates with
/// Follicle).
pub const PROJECT_EXTENSIONS: [&str; 2] = ["ron", "follicle"];

/// True if `path` is named like a project file.
pub fn is_project_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PROJECT_EXTENSIONS.iter().any(|p| e.eq_ignore_ascii_case(p)))
}

/// A name as a file-name part: its words in lower case joined by dashes ("Soft temples!" →
/// "soft-temples"); None if it has no letters or digits.
pub fn file_slug(name: &str) -> Option<String> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
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
