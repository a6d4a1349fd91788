//! A layer: one set of dots with its own settings, region and treatment session.

use serde::{Deserialize, Serialize};

use crate::engine::geometry::{Hairline, Region, Scar, ScarShape};
use crate::engine::optics::{DotShape, LayerLook};
use crate::engine::pattern::MAX_DENSITY;
use crate::engine::pigment::DILUTION_RANGE;

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
#[serde(deny_unknown_fields)]
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

    /// Makes the layer of `kind`: a scar layer carries scar settings (those it had, else scar
    /// tissue over its region), other kinds none.
    pub fn set_kind(&mut self, kind: LayerKind) {
        self.kind = kind;
        self.scar = match kind {
            LayerKind::Scar => self
                .scar
                .take()
                .or_else(|| Some(Scar::new(ScarShape::Region))),
            _ => None,
        };
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
        self.region
            .validate()
            .map_err(|m| format!("layer \"{name}\": {m}"))?;
        if let Some(h) = &self.hairline {
            crate::engine::geometry::check_points(&h.points, "hairline")
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

/// What a match found and set, kept with the layer (shown by the app and `follicle info`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HairMatch {
    /// Where the practitioner pointed, photo pixels.
    pub at: [f32; 2],
    /// The hair's mean colour there (sRGB), as seen from a distance.
    pub hair: [u8; 3],
    /// The bare skin it was matched on (sRGB).
    pub skin: [u8; 3],
    /// The treated bare skin's mean colour with the chosen settings (sRGB).
    pub result: [u8; 3],
    /// Something the practitioner should know (longer hair than stubble).
    #[serde(default)]
    pub note: Option<String>,
}
