//! The optical model of a healed SMP dot as a camera sees it (the numbers and their sources are in
//! `docs/LOOK.md`).
//!
//! Pigment sits in the upper dermis under a scattering epidermis. What a photo records of one
//! impression is therefore not the deposit itself but:
//! * a **core**: the deposit blurred by light scattered in the skin, a soft spot about 0.3–0.4 mm
//!   wide at half darkness, dark in every channel (a dense deposit blocks all the light that
//!   reaches it), slightly cool;
//! * a **haze**: pigment spread and light diffusing sideways under the deposit grey a wide area
//!   around it. It is thin, so it only takes the light that penetrates deep, which is mostly red:
//!   the haze turns the skin between dots ash grey;
//! * untouched **shine**: light reflected at the surface never reaches the pigment (see
//!   `composite::shine`);
//! * on darker skin, melanin above the pigment absorbs light before and after it reaches the
//!   deposit, so less of what the camera sees carries the dots' mark ([`SkinOptics`]).
//!
//! A layer's settings become a [`DotStyle`] here, in
//! [`dot_style`]; the compositor only draws.

use serde::{Deserialize, Serialize};

use crate::engine::anatomy::Surface;
use crate::engine::colour::to_linear;
use crate::engine::pigment::{DILUTION_RANGE, Stage};
use crate::engine::skin::SkinTone;

/// The needle configuration of a layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Needle {
    /// One round needle (1RL): a single soft point; soft hairline fronts, a "shadow" from a distance.
    #[default]
    RL1,
    /// Three round needles grouped (3RL): a bolder, slightly irregular impression; density zones.
    RL3,
}

impl Needle {
    pub const ALL: [Needle; 2] = [Needle::RL1, Needle::RL3];

    /// The name practitioners use ("1RL", "3RL").
    pub fn label(self) -> &'static str {
        match self {
            Needle::RL1 => "1RL",
            Needle::RL3 => "3RL",
        }
    }

    /// Parses "1RL", "3rl", "1", "3".
    pub fn parse(text: &str) -> Option<Needle> {
        match text.trim().to_ascii_lowercase().as_str() {
            "1rl" | "1" | "rl1" => Some(Needle::RL1),
            "3rl" | "3" | "rl3" => Some(Needle::RL3),
            _ => None,
        }
    }

    /// Number of needle tips in one impression.
    pub fn tips(self) -> usize {
        match self {
            Needle::RL1 => 1,
            Needle::RL3 => 3,
        }
    }
}

/// Needle diameters practitioners use for SMP, mm.
pub const NEEDLE_MM_RANGE: std::ops::RangeInclusive<f32> = 0.18..=0.35;

/// A healed deposit is this fraction of the needle's diameter (DOMAIN: fresh about 0.25 mm,
/// healed about 0.10–0.15 mm).
pub const HEALED_FRACTION: f32 = 0.55;

/// The healed deposit of one tip (a layer's `dot_mm`) for a needle of `needle_mm`.
pub fn deposit_mm(needle_mm: f32) -> f32 {
    needle_mm * HEALED_FRACTION
}

/// The needle diameter whose healed deposit is `dot_mm`.
pub fn needle_mm(dot_mm: f32) -> f32 {
    dot_mm / HEALED_FRACTION
}

/// Width at half darkness of the skin's blur of a point deposit, mm. Together with the deposit it
/// gives the apparent spot: sqrt(deposit² + blur²), 0.30 mm for a healed 1RL 0.20 and 0.33 mm for
/// one tip of a 3RL 0.30, whose group shows 0.39 mm (photographs of healed SMP: 0.32–0.40 mm).
const SKIN_BLUR_MM: f32 = 0.28;

/// Distance between the tips of a 3RL group, as a fraction of the needle diameter: the three
/// tips converge, so their deposits overlap into one irregular impression.
const TRIPLE_SPACING: f32 = 0.22;

/// How much skin one impression darkens, per mm² of deposit at full opacity: light diffuses many
/// times through the thin pigment layer and the pigment itself spreads as it heals, so a healed
/// dot greys an area far larger than its deposit. Calibrated so the default shaved look matches
/// photographs of healed SMP (see docs/LOOK.md).
const DARKENING_PER_DEPOSIT_AREA: f32 = 15.5;

/// Optical density of undiluted pigment through one deposit; `1 − exp(−OD/(dilution + 1))` is
/// the share of the light a deposit takes. At 8:1 a deposit takes 85 %, at 20:1 about 55 %.
const DEPOSIT_OD: f32 = 17.0;

/// Share of an impression's darkening seen as the wide haze rather than the core. Photographs:
/// the skin between dots is about 13 % darker (sRGB) of a 20 % mean darkening.
const HAZE_SHARE: f32 = 0.82;

/// Spread of the haze around an impression (Gaussian σ), mm: the reach of red light diffusing in
/// the dermis (a millimetre or so), wide enough that neighbouring spreads merge into an even grey.
pub const HAZE_SIGMA_MM: f32 = 0.7;

/// What the core absorbs per linear R, G, B relative to red: a dense deposit blocks nearly all
/// light in every channel, a little less blue (the epidermis above scatters some blue back).
pub const CORE_WEIGHTS: [f32; 3] = [1.0, 0.98, 0.9];

/// What the haze absorbs per channel relative to red: thin pigment meets mostly the light that
/// penetrates deep, which is red; green less, blue hardly. This is the ash cast of healed SMP
/// (photographs: red/blue falls about 12 %).
pub const HAZE_WEIGHTS: [f32; 3] = [1.0, 0.5, 0.3];

/// How far a practitioner's hand places an impression off its pattern position (standard
/// deviation, mm): photographs show nearest-neighbour spacing varying by 0.21–0.28, more than an
/// even pattern's 0.12.
const HAND_WANDER_MM: f32 = 0.18;

/// How much skin around each fresh impression is reddened on the day of treatment, mm² (spread
/// like the haze); healed skin has none.
const FRESH_REDNESS_MM2: f32 = 1.0;

/// A core is never darker than this at its centre (some light always scatters over it).
const MAX_CORE_DARKNESS: f32 = 0.93;

/// How the client's skin carries the dots: a share of the remitted light that passed the pigment
/// layer. Fair skin: nearly all of it (1). Darker skin: melanin in the epidermis absorbs part of the
/// light before and after it reaches the pigment, so dots show less.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SkinOptics {
    /// Visibility of the pigment, 0 … 1 (1 on fair skin).
    pub visibility: f32,
    /// The skin's diffuse blue/red ratio in linear light, used to tell shine (which is as blue as
    /// it is red) from skin; `None` when no skin colour is known.
    pub blue_red: Option<f32>,
    /// The skin's linear luminance; shine is only looked for in pixels at least about this bright.
    pub luminance: f32,
}

impl Default for SkinOptics {
    /// Fair skin, no shine separation.
    fn default() -> Self {
        SkinOptics {
            visibility: 1.0,
            blue_red: None,
            luminance: 0.0,
        }
    }
}

/// ITA° at and above which the epidermis is taken as clear (Fitzpatrick I–II).
const CLEAR_ITA: f32 = 45.0;
/// ITA° of very dark skin (Fitzpatrick VI).
const DARK_ITA: f32 = -50.0;
/// Remitted light from above the pigment, relative to light from below, on fair skin (luminance).
const ABOVE_SHARE_FAIR: f32 = 0.12;
/// Epidermal melanin optical density (one way, luminance-weighted) of very dark skin.
const MELANIN_OD_DARK: f32 = 0.9;

impl SkinOptics {
    /// The optics of skin of this tone. The visibility is the share of remitted light that passed
    /// the pigment layer, `T² / (a + T²)` with `T` the epidermis' transmittance: 0.89 on fair skin,
    /// 0.81 on brown (ITA 10°), 0.67 at ITA −30° and 0.58 on very dark skin (ITA −50°).
    pub fn for_tone(tone: &SkinTone) -> Self {
        let melanin = ((CLEAR_ITA - tone.ita_deg) / (CLEAR_ITA - DARK_ITA)).clamp(0.0, 1.0);
        let through = (-2.0 * MELANIN_OD_DARK * melanin).exp();
        let visibility = through / (ABOVE_SHARE_FAIR + through);
        let lin = tone.srgb.map(to_linear);
        SkinOptics {
            visibility,
            blue_red: (lin[0] > 1e-3).then(|| (lin[2] / lin[0]).clamp(0.05, 0.95)),
            luminance: tone.luminance(),
        }
    }
}

/// How one layer's dots look, in photo pixels (made from a layer by [`dot_style`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotStyle {
    /// Width at half darkness of the mean dot (one needle tip), photo pixels.
    pub width: f32,
    /// Darkness (0 … 1, red) at the centre of a lone mean tip's core.
    pub peak: f32,
    /// Needle tips per impression (1 for 1RL, 3 for 3RL).
    pub tips: usize,
    /// Distance between the tips of one impression, photo pixels.
    pub tip_spacing: f32,
    /// Spread of dot widths (coefficient of variation).
    pub size_jitter: f32,
    /// Spread of dot darkness (coefficient of variation).
    pub tone_jitter: f32,
    /// Mean length/width ratio of a dot.
    pub elongation: f32,
    /// Direction of the long axis, radians counter-clockwise from the photo's x axis.
    pub direction: f32,
    /// Spread of directions, radians.
    pub direction_spread: f32,
    /// Mean edge softness, 0 (crisp) … 1 (very soft).
    pub softness: f32,
    /// Share of marks made of two merged impressions.
    pub merge: f32,
    /// How far a hand places a mark off its pattern position (standard deviation, photo pixels):
    /// the pattern is evenly spread, a practitioner's placement is not quite.
    pub wander: f32,
    /// Darkening carried by each dot's haze, photo px² of fully darkened skin.
    pub haze: f32,
    /// Redness around each fresh dot, photo px² of fully reddened skin (0 once healed).
    pub redness: f32,
    /// Extra salt for per-dot variation (the layer's seed), so two layers never vary alike.
    pub salt: u64,
    /// The head the dots lie on, when the view has one: each dot is seen foreshortened where
    /// the scalp turns away (`anatomy`). None: a flat scalp facing the camera.
    pub surface: Option<Surface>,
}

/// The look of a layer's dots, as the practitioner sets it (stored in the project).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct DotShape {
    pub needle: Needle,
    /// Mean length/width ratio of the dots on scalp facing the camera (1 = round; up to 1.4).
    pub elongation: f32,
    /// Direction of the dots' long axis in the photo, degrees (0 = to the right, 90 = up).
    pub direction_deg: f32,
    /// Spread of the dots' directions around it, degrees (standard deviation).
    pub direction_spread_deg: f32,
    /// Edge softness, 0 (crisp) … 1 (very soft); each dot varies around it.
    pub softness: f32,
    /// Share of impressions that merged with a neighbouring one into a single irregular mark.
    pub merge: f32,
}

impl Default for DotShape {
    fn default() -> Self {
        DotShape {
            needle: Needle::RL1,
            elongation: 1.2,
            direction_deg: 90.0,
            direction_spread_deg: 35.0,
            softness: 0.5,
            merge: 0.06,
        }
    }
}

impl DotShape {
    /// The bold, slightly oval 3RL impressions of a full shaved look.
    pub fn shaved_look() -> Self {
        DotShape {
            needle: Needle::RL3,
            elongation: 1.35,
            direction_spread_deg: 25.0,
            merge: 0.08,
            ..DotShape::default()
        }
    }

    /// Checks the ranges; the message names the setting.
    pub fn validate(&self) -> Result<(), String> {
        let finite = [
            self.elongation,
            self.direction_deg,
            self.direction_spread_deg,
            self.softness,
            self.merge,
        ]
        .iter()
        .all(|v| v.is_finite());
        if !finite {
            return Err("dot shape settings must be numbers".into());
        }
        if !(1.0..=2.0).contains(&self.elongation) {
            return Err(format!(
                "elongation {} is outside 1–2 (1 = round)",
                self.elongation
            ));
        }
        if !(0.0..=90.0).contains(&self.direction_spread_deg) {
            return Err(format!(
                "direction spread {}° is outside 0–90°",
                self.direction_spread_deg
            ));
        }
        if !(0.0..=1.0).contains(&self.softness) || !(0.0..=0.5).contains(&self.merge) {
            return Err("softness must be 0–1 and merged impressions 0–0.5".into());
        }
        Ok(())
    }
}

/// Share of the light one deposit takes at `dilution` (water:pigment) and `stage`, when it keeps
/// `kept` of the pigment put in (1; less in scar tissue).
pub fn deposit_opacity(dilution: f32, stage: Stage, kept: f32) -> f32 {
    let concentration = 1.0 / (dilution.max(0.0) + 1.0);
    1.0 - (-DEPOSIT_OD * concentration * stage.strength_factor() * kept).exp()
}

/// The dilution (water:pigment) whose deposit takes `opacity` of the light when it keeps `kept` of
/// its pigment (inverse of [`deposit_opacity`] at the healed stage).
pub fn dilution_for_opacity(opacity: f32, kept: f32) -> f32 {
    let concentration = -(1.0 - opacity.clamp(0.0, 0.999)).ln() / (DEPOSIT_OD * kept.max(1e-3));
    1.0 / concentration.max(1e-4) - 1.0
}

/// Width at half darkness of one tip's apparent spot, mm, for a healed deposit of `dot_mm`.
pub fn tip_spot_mm(dot_mm: f32) -> f32 {
    (dot_mm * dot_mm + SKIN_BLUR_MM * SKIN_BLUR_MM).sqrt()
}

/// The apparent healed spot of one impression, mm across at half darkness (what the app shows
/// beside the needle): one tip's spot, widened by the spread of a 3RL group.
pub fn apparent_spot_mm(needle: Needle, dot_mm: f32) -> f32 {
    let tip = tip_spot_mm(dot_mm);
    match needle {
        Needle::RL1 => tip,
        // The three tips sit on a triangle: the group is about one spacing wider than a tip.
        Needle::RL3 => tip + TRIPLE_SPACING * needle_mm(dot_mm),
    }
}

/// Darkening of one impression in mm² of fully darkened skin equivalent (core and haze together),
/// keeping `kept` of its pigment.
pub fn darkening_mm2(needle: Needle, dot_mm: f32, dilution: f32, stage: Stage, kept: f32) -> f32 {
    let deposit = std::f32::consts::FRAC_PI_4 * dot_mm * dot_mm;
    // 3RL tips overlap where they converge: three tips hold about 2.4 deposits' worth.
    let tips = match needle {
        Needle::RL1 => 1.0,
        Needle::RL3 => 2.4,
    };
    DARKENING_PER_DEPOSIT_AREA * deposit * tips * deposit_opacity(dilution, stage, kept)
}

/// Area under a unit-peak Gaussian spot of width `w` at half darkness: π w² / (4 ln 2).
fn spot_area(w: f32) -> f32 {
    std::f32::consts::PI * w * w / (4.0 * std::f32::consts::LN_2)
}

/// Darkness (0 … 1, in red; see [`CORE_WEIGHTS`]) of the core at the centre of a healed mark,
/// and of the haze around it where the layer's marks are `density` per cm² (the skin between
/// dots): what the renderer draws at a dot's centre, for the skin advice.
pub fn centre_darkness(look: &LayerLook, density: f32, stage: Stage) -> (f32, f32) {
    let needle = look.shape.needle;
    let haze = stage_haze_share(stage);
    let total = darkening_mm2(needle, look.dot_mm, look.dilution, stage, 1.0);
    let spot = apparent_spot_mm(needle, look.dot_mm * stage.size_factor());
    let core = (total * (1.0 - haze) / spot_area(spot)).min(MAX_CORE_DARKNESS);
    let haze_density = total * haze * density.max(0.0) / 100.0;
    (core, 1.0 - (-haze_density).exp())
}

/// The haze share of a stage (the share of a dot's darkening seen as haze): fresh dots sit higher with less spread; healed and aged dots spread.
pub fn stage_haze_share(stage: Stage) -> f32 {
    match stage {
        // On the day the pigment has spread less: more of it is still in the crisp core.
        Stage::Fresh => HAZE_SHARE * 0.8,
        Stage::Healed => HAZE_SHARE,
        Stage::Aged => (HAZE_SHARE * 1.05).min(0.95),
    }
}

/// The settings of one layer that decide how its dots look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerLook {
    pub dot_mm: f32,
    pub dilution: f32,
    pub size_jitter: f32,
    pub tone_jitter: f32,
    pub shape: DotShape,
}

/// How a layer's dots are drawn at `stage` on a photo of `px_per_mm`: the model's one place where
/// settings become pixels. `strength` is the share of pigment the skin keeps (less in scar
/// tissue), `size` scales the dot (later sessions), `salt` keeps two layers' variations apart.
pub fn dot_style(
    look: &LayerLook,
    stage: Stage,
    px_per_mm: f64,
    strength: f32,
    size: f32,
    salt: u64,
) -> DotStyle {
    let ppm = px_per_mm as f32;
    let shape = look.shape;
    let dot_mm = look.dot_mm * stage.size_factor() * size;
    let haze = stage_haze_share(stage);
    let total = darkening_mm2(
        shape.needle,
        look.dot_mm * size,
        look.dilution,
        stage,
        strength,
    );
    let per_tip = total * (1.0 - haze) / shape.needle.tips() as f32;
    let w = tip_spot_mm(dot_mm);
    DotStyle {
        width: w * ppm,
        // A tip's own peak; a 3RL group's tips overlap into a darker mark, which the compositor
        // keeps within black.
        peak: per_tip / spot_area(w),
        tips: shape.needle.tips(),
        tip_spacing: TRIPLE_SPACING * needle_mm(dot_mm) * ppm,
        size_jitter: look.size_jitter,
        tone_jitter: (look.tone_jitter + stage.retention_spread()).min(0.9),
        elongation: shape.elongation,
        direction: shape.direction_deg.to_radians(),
        direction_spread: shape.direction_spread_deg.to_radians(),
        softness: (shape.softness + stage.softness_shift()).clamp(0.0, 1.0),
        merge: shape.merge,
        wander: HAND_WANDER_MM * ppm,
        haze: total * haze * ppm * ppm,
        redness: if stage == Stage::Fresh {
            FRESH_REDNESS_MM2 * ppm * ppm
        } else {
            0.0
        },
        salt,
        surface: None,
    }
}

/// The dilution that makes dots in scar tissue look like the dots around it.
///
/// Around the scar, healed dots of `reference` dilution take a share `o₀` of the light
/// ([`deposit_opacity`]); on skin of linear luminance `skin` their centres keep
/// `skin·(1 − o₀)`. Scar tissue (luminance `scar`, usually lighter) keeps only about √`retention` of
/// a dot's pigment (see the renderer). The scar dot should end as dark as the dot beside it:
/// `scar·(1 − o) = skin·(1 − o₀)`, so it needs more pigment, i.e. less water. The result is kept
/// within [`DILUTION_RANGE`].
pub fn matching_dilution(reference: f32, retention: f32, skin: f32, scar: f32) -> f32 {
    let o0 = deposit_opacity(reference, Stage::Healed, 1.0);
    let kept = retention.clamp(0.05, 1.0).sqrt();
    let needed = (1.0 - skin / scar.max(1e-4) * (1.0 - o0)).clamp(0.0, 0.999);
    dilution_for_opacity(needed, kept).clamp(*DILUTION_RANGE.start(), *DILUTION_RANGE.end())
}

#[cfg(test)]
mod tests;
