//! The project: one consultation (client, healing stage, sessions shown) with one or more views of
//! the scalp (front, top, crown, …), each with its photo reference, scale and layers. The file
//! format is in `format.rs`, a layer in `layer.rs`.

mod format;
mod layer;
mod reduced;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::anatomy::{FaceGuides, HeadShape};
use crate::engine::files::relative_path;
use crate::engine::hair::HairSettings;
use crate::engine::pigment::Stage;
use crate::engine::units::{Scale, valid_px_per_mm};

pub use format::{HeldProject, MAX_PROJECT_BYTES};
pub use layer::{
    DEFAULT_DENSITY, DEFAULT_DILUTION, DEFAULT_DOT_MM, DOT_MM_RANGE, HairMatch, Layer, LayerKind,
    MAX_SESSIONS,
};
pub use reduced::ReducedCopy;

/// The project format this version writes. Version 1 held a single photo; version 2 holds views,
/// sessions, scar settings and thinning-hair settings; version 3 the dots' shape (needle,
/// elongation, direction, softness, merged impressions) and the hair a layer was matched to (see
/// `docs/PROJECT-FORMAT.md`); version 4 a view's head shape and face guides; version 5 a scar's
/// camouflage and a strip scar's widths along its line. Version 2–4 files load as they are
/// (version 2 layers keep single-point dots of their size; a view without a head shape is drawn
/// flat; a scar draws without the camouflage, as before).
pub const CURRENT_VERSION: u32 = 5;

/// One consultation.
///
/// A project shows and edits one view at a time (`current`): [`Project::view`] is that view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

/// The most views a project holds (every angle of a head, several times over).
pub const MAX_VIEWS: usize = 24;
/// The most layers a view holds (zones times sessions of any real plan, with room to spare).
pub const MAX_LAYERS: usize = 64;

/// Standard names of the views of a consultation, offered by the app.
pub const VIEW_NAMES: [&str; 6] = ["Front", "Top", "Left", "Right", "Crown", "Back"];

/// One photo of the scalp with its own scale and layers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// The client's head outline in the photo, if drawn: the scalp is then drawn turning away
    /// from the camera towards the rim (`docs/ANATOMY.md`); without it the scalp is flat.
    #[serde(default)]
    pub head: Option<HeadShape>,
    /// The face's landmarks that place the hairline (glabella, outer eye corners, height).
    #[serde(default)]
    pub face: Option<FaceGuides>,
    pub layers: Vec<Layer>,
    /// Set while the view is shown on the reduced copy of its photo carried by a mock-up (never
    /// stored: a file always holds the view in its full photo's pixels).
    #[serde(skip)]
    pub reduced: Option<ReducedCopy>,
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
            head: None,
            face: None,
            layers: vec![Layer::whole("Density", seed)],
            reduced: None,
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
        if self.layers.len() > MAX_LAYERS {
            return Err(format!(
                "view \"{}\" has {} layers; at most {MAX_LAYERS} are allowed",
                self.name,
                self.layers.len()
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
        let named = |m: String| format!("view \"{}\": {m}", self.name);
        if let Some(head) = &self.head {
            head.validate().map_err(named)?;
        }
        if let Some(face) = &self.face {
            face.validate().map_err(named)?;
        }
        self.layers.iter().try_for_each(Layer::validate)
    }
}

/// Who the consultation is for (shown on exported mock-ups).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    #[serde(default)]
    pub name: String,
    /// Free text, usually an ISO date (2026-11-25).
    #[serde(default)]
    pub date: String,
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
        if self.views.len() > MAX_VIEWS {
            return Err(format!(
                "the project has {} views; at most {MAX_VIEWS} are allowed",
                self.views.len()
            ));
        }
        if self.current >= self.views.len() {
            return Err(format!(
                "`current: {}` names no view: the project's {} view{} are counted from 0, so \
                 `current` is at most {}",
                self.current,
                self.views.len(),
                if self.views.len() == 1 { "" } else { "s" },
                self.views.len() - 1
            ));
        }
        if let Some(s) = self.session
            && !(1..=MAX_SESSIONS).contains(&s)
        {
            return Err(format!("session {s} is outside 1–{MAX_SESSIONS}"));
        }
        self.views.iter().try_for_each(ScalpView::validate)
    }

    /// The view shown and edited.
    pub fn view(&self) -> &ScalpView {
        &self.views[self.current_index()]
    }

    /// The view shown and edited, to change it.
    pub fn view_mut(&mut self) -> &mut ScalpView {
        let index = self.current_index();
        &mut self.views[index]
    }

    /// The index of the view shown (the last one if `current` is past the end).
    fn current_index(&self) -> usize {
        self.current.min(self.views.len().saturating_sub(1))
    }

    /// The index of the view named `key` (in any case), or numbered `key` from 1.
    pub fn find_view(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        if let Some(i) = self.view_named(key) {
            return Some(i);
        }
        match key.parse::<usize>() {
            Ok(n) if (1..=self.views.len()).contains(&n) => Some(n - 1),
            _ => None,
        }
    }

    /// The index of the view named `name` (in any case).
    pub fn view_named(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.views
            .iter()
            .position(|v| v.name.eq_ignore_ascii_case(name))
    }

    /// A name for one more view: the first standard name not taken ("Front", "Top", …), else
    /// "View n".
    pub fn free_view_name(&self) -> String {
        VIEW_NAMES
            .iter()
            .find(|n| self.view_named(n).is_none())
            .map_or_else(
                || format!("View {}", self.views.len() + 1),
                |n| n.to_string(),
            )
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

    /// A copy naming each photo by its file name alone (for a project embedded in a mock-up that
    /// may be sent to anyone: no folder of the practitioner's is given away).
    pub fn by_photo_name(&self) -> Project {
        let mut stored = self.clone();
        for view in &mut stored.views {
            if let Some(name) = view.photo.file_name() {
                view.photo = PathBuf::from(name);
            }
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
}
