//! Presets: a layer's settings under a name. Built-in presets ship in `assets/presets/` (compiled
//! into the program, so they are there wherever it runs); practitioners save their own from the
//! current layer into their settings folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::error::{Error, Result, describe_io};
use crate::engine::files::{self, Mode, file_slug};
use crate::engine::folders;
use crate::engine::geometry::{Scar, ScarShape};
use crate::engine::optics::DotShape;
use crate::engine::project::{Layer, LayerKind};
use crate::engine::styles::{Frame, HairlineStyle, preset as hairline_preset};

/// A layer's look under a name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: LayerKind,
    /// Dots per cm².
    pub density: f32,
    /// Healed dot diameter, mm.
    pub dot_mm: f32,
    /// Water parts per part pigment.
    pub dilution: f32,
    #[serde(default = "default_size_jitter")]
    pub size_jitter: f32,
    #[serde(default = "default_tone_jitter")]
    pub tone_jitter: f32,
    /// Needle, elongation, direction, softness, merged impressions.
    #[serde(default)]
    pub shape: DotShape,
    /// Keep pigment off detected hair (thinning hair).
    #[serde(default)]
    pub avoid_hair: bool,
    /// A hairline style: a new hairline of this style, or this style's fade and irregularity for
    /// a hairline already drawn.
    #[serde(default)]
    pub hairline_style: Option<HairlineStyle>,
    /// Scar tissue retention and unevenness.
    #[serde(default)]
    pub scar: Option<ScarLook>,
}

/// How scar tissue takes pigment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScarLook {
    pub retention: f32,
    pub unevenness: f32,
    /// The default camouflage (see [`Scar::camouflage`]); optional, on.
    #[serde(default = "camouflage_on")]
    pub camouflage: bool,
}

fn camouflage_on() -> bool {
    true
}

fn default_size_jitter() -> f32 {
    0.15
}
fn default_tone_jitter() -> f32 {
    0.2
}

/// The built-in presets' files, by slug.
const BUILT_IN: [(&str, &str); 5] = [
    (
        "shaved-look",
        include_str!("../../assets/presets/shaved-look.ron"),
    ),
    (
        "soft-hairline",
        include_str!("../../assets/presets/soft-hairline.ron"),
    ),
    (
        "female-hairline",
        include_str!("../../assets/presets/female-hairline.ron"),
    ),
    (
        "thinning-density",
        include_str!("../../assets/presets/thinning-density.ron"),
    ),
    (
        "scar-camouflage",
        include_str!("../../assets/presets/scar-camouflage.ron"),
    ),
];

/// Largest preset file read.
const MAX_PRESET_BYTES: u64 = 256 * 1024;

impl Preset {
    /// Parses preset text; `source` names it in messages.
    pub fn from_ron(text: &str, source: &Path) -> Result<Self> {
        let preset: Preset = ron::Options::default().from_str(text).map_err(|e| {
            Error::project(
                source,
                format!(
                    "damaged preset ({})",
                    e.to_string()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            )
        })?;
        preset.validate().map_err(|m| Error::project(source, m))?;
        Ok(preset)
    }

    /// The preset as RON text.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().indentor("    ".to_string());
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }

    /// Checks the settings as a layer would.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("a preset needs a name".into());
        }
        let mut layer = Layer::whole(&self.name, 0);
        self.apply(&mut layer, None);
        layer.validate()
    }

    /// The settings of `layer` under `name`.
    pub fn from_layer(name: &str, layer: &Layer) -> Self {
        let hairline_style = layer.hairline.as_ref().map(|h| {
            // The style whose edge is nearest the layer's fade and irregularity.
            HairlineStyle::ALL
                .into_iter()
                .min_by(|a, b| {
                    let d = |s: HairlineStyle| {
                        let (f, i) = s.edge();
                        ((f - h.fade_mm) / 10.0).powi(2) + (i - h.irregularity).powi(2)
                    };
                    d(*a).total_cmp(&d(*b))
                })
                .unwrap_or(HairlineStyle::Natural)
        });
        Preset {
            name: name.trim().to_string(),
            description: String::new(),
            kind: layer.kind,
            density: layer.density,
            dot_mm: layer.dot_mm,
            dilution: layer.dilution,
            size_jitter: layer.size_jitter,
            tone_jitter: layer.tone_jitter,
            shape: layer.shape,
            avoid_hair: layer.avoid_hair,
            hairline_style,
            scar: layer.scar.as_ref().map(|s| ScarLook {
                retention: s.retention,
                unevenness: s.unevenness,
                camouflage: s.camouflage,
            }),
        }
    }

    /// Gives `layer` this preset's settings. Its region, seed and session stay. A hairline style
    /// sets the fade and irregularity of a hairline already drawn, or, given a `frame`, places a
    /// new hairline of that style.
    pub fn apply(&self, layer: &mut Layer, frame: Option<Frame>) {
        layer.kind = self.kind;
        layer.density = self.density;
        layer.dot_mm = self.dot_mm;
        layer.dilution = self.dilution;
        layer.size_jitter = self.size_jitter;
        layer.tone_jitter = self.tone_jitter;
        layer.shape = self.shape;
        layer.avoid_hair = self.avoid_hair;
        if let Some(style) = self.hairline_style {
            match (&mut layer.hairline, frame) {
                (Some(h), _) => (h.fade_mm, h.irregularity) = style.edge(),
                (None, Some(frame)) => {
                    layer.hairline = Some(hairline_preset(style, frame, layer.seed));
                }
                (None, None) => {}
            }
        }
        match self.scar {
            Some(look) => {
                let shape = layer.scar.take().map_or(ScarShape::Region, |s| s.shape);
                layer.scar = Some(Scar {
                    shape,
                    retention: look.retention,
                    unevenness: look.unevenness,
                    camouflage: look.camouflage,
                });
            }
            None if self.kind != LayerKind::Scar => layer.scar = None,
            None => {}
        }
    }

    /// A file name for the preset: its name in lower case, words joined by dashes.
    pub fn slug(&self) -> String {
        slug(&self.name)
    }
}

fn slug(name: &str) -> String {
    file_slug(name).unwrap_or_else(|| "preset".into())
}

/// The presets that ship with Follicle.
pub fn built_in() -> Vec<Preset> {
    built_in_by_file().iter().map(|(_, p)| p.clone()).collect()
}

/// The presets that ship with Follicle with their file names (`soft-hairline`), which the
/// command line accepts as well as their names. Parsed once.
pub fn built_in_by_file() -> &'static [(&'static str, Preset)] {
    static PARSED: std::sync::OnceLock<Vec<(&'static str, Preset)>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        BUILT_IN
            .iter()
            .filter_map(|(slug, text)| {
                let source = format!("assets/presets/{slug}.ron");
                let preset = Preset::from_ron(text, Path::new(&source)).ok()?;
                Some((*slug, preset))
            })
            .collect()
    })
}

/// A built-in or user preset by file name ("soft-hairline") or name ("Soft hairline"), ignoring
/// case.
pub fn find(key: &str, user: &[Preset]) -> Option<Preset> {
    let wanted = slug(key);
    built_in()
        .into_iter()
        .chain(user.iter().cloned())
        .find(|p| p.slug() == wanted)
        .or_else(|| {
            // The built-ins' file names work too ("shaved-look" for "Full shaved look").
            built_in_by_file()
                .iter()
                .find(|(file, _)| *file == wanted)
                .map(|(_, p)| p.clone())
        })
}

/// The folder where the practitioner's own presets live: `presets` in the app's settings folder
/// (see [`folders::settings_dir`]; `FOLLICLE_CONFIG_DIR` overrides it).
pub fn user_dir() -> Option<PathBuf> {
    folders::settings_dir().map(|dir| dir.join("presets"))
}

/// The presets saved in `dir`, by name, with one message per file that could not be read (a
/// missing folder is simply no presets).
pub fn load_user(dir: &Path) -> (Vec<Preset>, Vec<String>) {
    let mut presets = Vec::new();
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (presets, problems);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .collect();
    paths.sort();
    for path in paths {
        match read_preset(&path) {
            Ok(p) => presets.push(p),
            Err(e) => problems.push(e.to_string()),
        }
    }
    presets.sort_by_key(|p| p.name.to_lowercase());
    (presets, problems)
}

fn read_preset(path: &Path) -> Result<Preset> {
    let meta = std::fs::metadata(path).map_err(|e| Error::project(path, describe_io(&e)))?;
    // A pipe or a device would block or never end: presets are always plain files.
    if !meta.is_file() {
        return Err(Error::project(
            path,
            "is not a regular file (a folder, a pipe or a device), not a preset",
        ));
    }
    if meta.len() > MAX_PRESET_BYTES {
        return Err(Error::project(path, "too large to be a preset"));
    }
    // Read no more than the limit, even if the file grows while it is read.
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_string(
                &mut std::io::Read::take(f, MAX_PRESET_BYTES + 1),
                &mut text,
            )
        })
        .map_err(|_| Error::project(path, "not a preset (not readable text)"))?;
    if text.len() as u64 > MAX_PRESET_BYTES {
        return Err(Error::project(path, "too large to be a preset"));
    }
    Preset::from_ron(&text, path)
}

/// Saves `preset` in `dir` (created if needed) as `<slug>.ron`, atomically; returns the file.
pub fn save_user(dir: &Path, preset: &Preset) -> Result<PathBuf> {
    preset
        .validate()
        .map_err(|m| Error::write(dir, format!("cannot save the preset: {m}")))?;
    folders::create_private_dir_all(dir).map_err(|e| {
        Error::write(
            dir,
            format!("cannot create the folder: {}", describe_io(&e)),
        )
    })?;
    let path = dir.join(format!("{}.ron", preset.slug()));
    let text = preset.to_ron();
    files::write_atomic(&path, Mode::Save { backup: false }, |w| {
        w.write_all(text.as_bytes()).map_err(|e| describe_io(&e))
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_preset_loads_and_round_trips() {
        let all = built_in();
        assert_eq!(
            all.len(),
            BUILT_IN.len(),
            "a built-in preset failed to load"
        );
        for p in &all {
            let again = Preset::from_ron(&p.to_ron(), Path::new("x.ron")).expect("round trip");
            assert_eq!(&again, p);
        }
        let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Soft hairline"));
        assert!(find("scar-camouflage", &[]).is_some_and(|p| p.kind == LayerKind::Scar));
        assert!(find("Soft Hairline", &[]).is_some());
        assert!(find("no such preset", &[]).is_none());
    }

    #[test]
    fn applying_a_preset_sets_the_look_and_keeps_the_place() {
        let mut layer = Layer::whole("Crown", 42);
        layer.session = 2;
        let thinning = find("thinning-density", &[]).expect("built in");
        thinning.apply(&mut layer, None);
        assert!(layer.avoid_hair);
        assert_eq!(layer.density, 110.0);
        assert_eq!((layer.seed, layer.session), (42, 2));
        let scar = find("scar-camouflage", &[]).expect("built in");
        scar.apply(&mut layer, None);
        assert_eq!(layer.kind, LayerKind::Scar);
        assert!(!layer.avoid_hair);
        let s = layer.scar.clone().expect("scar settings");
        assert_eq!((s.retention, s.shape), (0.65, ScarShape::Region));
        // A hairline preset places a hairline only when told where.
        let soft = find("soft-hairline", &[]).expect("built in");
        soft.apply(&mut layer, None);
        assert!(layer.hairline.is_none() && layer.scar.is_none());
        let frame = Frame::default_for(3000, 2000, 12.0);
        soft.apply(&mut layer, Some(frame));
        let h = layer.hairline.clone().expect("placed");
        assert_eq!((h.fade_mm, h.irregularity), HairlineStyle::Natural.edge());
    }

    #[test]
    fn user_presets_save_reload_and_report_damaged_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("presets");
        let mut layer = Layer::whole("Temples", 1);
        layer.density = 77.0;
        layer.dilution = 16.0;
        let preset = Preset::from_layer("My temples: soft!", &layer);
        let path = save_user(&folder, &preset).expect("saved");
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("my-temples-soft.ron")
        );
        std::fs::write(folder.join("broken.ron"), "(name: \"x\", density: ").expect("write");
        std::fs::write(folder.join("notes.txt"), "not a preset").expect("write");
        let (presets, problems) = load_user(&folder);
        assert_eq!(presets, vec![preset.clone()]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("broken.ron") && problems[0].contains("damaged preset"));
        assert!(find("my temples soft", &presets).is_some_and(|p| p.density == 77.0));
        // An invalid preset is refused, and nothing is written.
        let bad = Preset {
            density: 9000.0,
            ..preset
        };
        assert!(save_user(&folder, &bad).is_err());
        assert_eq!(load_user(&folder).0.len(), 1);
        assert_eq!(load_user(&dir.path().join("missing")).0.len(), 0);
    }
}
