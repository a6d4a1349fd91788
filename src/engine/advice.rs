//! Advice on shade and dot size for the client's skin.
//!
//! The advice comes from the engine's own optical model ([`crate::engine::optics`]), the same one
//! the renderer draws with: the centre of a healed dot over the skin is the skin's colour darkened
//! by the dot's core, as much as this skin lets the pigment show, and its colour in CIELAB against
//! the skin's decides whether the dot risks a blue-grey cast, stands out too harshly, or barely
//! shows. The thresholds are in [`advise`].

use crate::engine::colour::{from_linear, lab_from_linear, linear_luminance};
use crate::engine::optics::{self, CORE_WEIGHTS, HAZE_WEIGHTS, LayerLook, SkinOptics};
use crate::engine::pigment::{self, DILUTION_RANGE, Stage};
use crate::engine::skin::SkinTone;

/// How a healed dot of one dilution looks on a skin tone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotLook {
    /// The dot's colour at full coverage.
    pub srgb: [u8; 3],
    /// CIELAB of the dot.
    pub lab: [f32; 3],
    /// How much darker the dot is than the skin, in L* units.
    pub delta_l: f32,
    /// What the pigment does to the dot's hue, in b* units: the dot's b* minus that of the skin
    /// simply darkened (every channel alike) to the dot's luminance. Negative is cooler (bluer).
    /// Plain darkening already lowers b*; this isolates the shift the carbon under the skin adds,
    /// which is what reads as "blue".
    pub cool_shift: f32,
}

/// The centre of a healed dot of `look` on `skin` among the layer's other dots (`density` per
/// cm², whose haze greys the skin around it), as the renderer draws it.
pub fn healed_dot(skin: &SkinTone, look: &LayerLook, density: f32) -> DotLook {
    let skin_lin = skin.linear();
    let visibility = SkinOptics::for_tone(skin).visibility;
    let (core, haze) = optics::centre_darkness(look, density, Stage::Healed);
    let dot_lin: [f32; 3] = std::array::from_fn(|c| {
        let haze_weight = HAZE_WEIGHTS[c] + (1.0 - HAZE_WEIGHTS[c]) * haze;
        skin_lin[c]
            * (1.0 - visibility * CORE_WEIGHTS[c] * core)
            * (1.0 - visibility * haze_weight * haze)
    });
    let lab = lab_from_linear(dot_lin);
    let ratio = linear_luminance(dot_lin) / linear_luminance(skin_lin).max(1e-6);
    let neutral = lab_from_linear(skin_lin.map(|v| v * ratio));
    DotLook {
        srgb: dot_lin.map(from_linear),
        lab,
        delta_l: skin.lab[0] - lab[0],
        cool_shift: lab[2] - neutral[2],
    }
}

/// Something the practitioner may want to change before showing the mock-up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Advice {
    /// The shade is dark enough to heal with a blue-grey cast on this skin.
    BlueCast {
        dilution: f32,
        /// The darkest dilution without the risk.
        suggested_dilution: f32,
    },
    /// Healed dots would be far darker than the skin: harsh rather than natural.
    TooMuchContrast {
        dilution: f32,
        delta_l: f32,
        /// The darkest dilution that looks natural.
        suggested_dilution: f32,
    },
    /// Healed dots would be so close to the skin tone that they barely show.
    TooFaint {
        dilution: f32,
        delta_l: f32,
        /// The lightest dilution that shows.
        suggested_dilution: f32,
    },
    /// Dots this small will not show on this skin.
    DotsTooSmall { dot_mm: f32, suggested_mm: f32 },
}

impl Advice {
    /// One plain sentence for the practitioner.
    pub fn message(&self) -> String {
        let d = |v: f32| pigment::format_dilution(v);
        match *self {
            Advice::BlueCast {
                dilution,
                suggested_dilution,
            } => format!(
                "At {} the dots may heal with a blue-grey cast on this skin; try {} or lighter.",
                d(dilution),
                d(suggested_dilution)
            ),
            Advice::TooMuchContrast {
                dilution,
                suggested_dilution,
                ..
            } => format!(
                "At {} the healed dots would be much darker than this skin and look harsh; try {} \
                 for a natural look.",
                d(dilution),
                d(suggested_dilution)
            ),
            Advice::TooFaint {
                dilution,
                suggested_dilution,
                ..
            } => format!(
                "At {} the healed dots would barely show on this skin; try a darker shade such \
                 as {}.",
                d(dilution),
                d(suggested_dilution)
            ),
            Advice::DotsTooSmall {
                dot_mm,
                suggested_mm,
            } => format!(
                "Dots from a {:.2} mm needle may not show on this skin; use about {:.2} mm.",
                optics::needle_mm(dot_mm),
                optics::needle_mm(suggested_mm)
            ),
        }
    }
}

/// A blue-grey cast: the pigment has cooled the dot by at least 2 b* units and left it neutral or
/// bluish (b* at most [`NEUTRAL_B`]): beside skin the mark then reads blue rather than brown-grey.
/// With the optical model that is 4:1 with a 3RL 0.30 mm needle on very fair skin and up to about
/// 12:1 on cool, pinkish skin; never on warm fair, brown or dark skin at usual shades, whose own
/// colour keeps the dot warm.
const CAST_SHIFT: f32 = -2.0;
const NEUTRAL_B: f32 = 2.5;

/// Largest natural-looking lightness step between skin and a dot's centre. Photographs of healed
/// SMP show centres up to about 45 % darker (sRGB) than the bare skin; beyond about 31 L* units
/// dots read as ink. 4:1 with a 3RL 0.30 mm needle on fair skin is over it, the default 8:1 under
/// it on fair and medium skin (on very fair skin a lighter shade is advised).
const MAX_NATURAL_DELTA_L: f32 = 31.0;
/// What a suggested lighter shade aims for: comfortably natural, still clearly visible.
const COMFORT_DELTA_L: f32 = 25.0;
/// Below this lightness step the dots barely show at conversational distance.
const MIN_VISIBLE_DELTA_L: f32 = 6.0;
/// What a suggested darker shade aims for.
const VISIBLE_DELTA_L: f32 = 8.0;

/// A dot of this size is visible at this lightness step. Below visual acuity a dot's visibility
/// goes with contrast × area (Ricco's law), so a fainter dot must grow as 1/√ΔL*.
const REFERENCE_DOT_MM: f32 = 0.10;
const REFERENCE_DELTA_L: f32 = 12.0;
/// Smallest dot that shows on Fitzpatrick V and VI skin: more melanin in the epidermis above the
/// pigment hides fine dots beyond what the lightness step says (DOMAIN: darker skin needs larger
/// dots).
const MIN_DOT_MM_V: f32 = 0.15;
const MIN_DOT_MM_VI: f32 = 0.18;
/// Largest dot size ever suggested: beyond it dots look blotchy.
const MAX_SUGGESTED_MM: f32 = 0.30;

fn has_cast(look: &DotLook) -> bool {
    look.cool_shift <= CAST_SHIFT && look.lab[2] <= NEUTRAL_B
}

/// Whole-number dilutions from `from` towards `to` (inclusive), in that order.
fn dilutions(from: f32, to: f32) -> impl Iterator<Item = f32> {
    let (lo, hi) = (*DILUTION_RANGE.start(), *DILUTION_RANGE.end());
    let up = to >= from;
    let (a, b) = if up {
        (from.ceil().max(lo), to.min(hi))
    } else {
        (from.floor().min(hi), to.max(lo))
    };
    let span = if up { b - a } else { a - b };
    let n = span.max(-1.0) as i32 + 1;
    (0..n).map(move |i| if up { a + i as f32 } else { a - i as f32 })
}

/// Advice for dots of `look` at `density` per cm² on `skin`, from the optical model; empty when
/// the choice suits the skin.
pub fn advise(skin: &SkinTone, look: &LayerLook, density: f32) -> Vec<Advice> {
    let (dilution, dot_mm) = (look.dilution, look.dot_mm);
    let at = |d: f32| {
        healed_dot(
            skin,
            &LayerLook {
                dilution: d,
                ..*look
            },
            density,
        )
    };
    let mut out = Vec::new();
    if !dilution.is_finite() {
        return out;
    }
    let dilution = dilution.clamp(*DILUTION_RANGE.start(), *DILUTION_RANGE.end());
    let dot = at(dilution);
    let max_d = *DILUTION_RANGE.end();

    if has_cast(&dot) {
        let suggested = dilutions(dilution, max_d)
            .find(|&d| !has_cast(&at(d)))
            .unwrap_or(max_d);
        out.push(Advice::BlueCast {
            dilution,
            suggested_dilution: suggested,
        });
    }
    if dot.delta_l > MAX_NATURAL_DELTA_L {
        let suggested = dilutions(dilution, max_d)
            .find(|&d| at(d).delta_l <= COMFORT_DELTA_L)
            .unwrap_or(max_d);
        out.push(Advice::TooMuchContrast {
            dilution,
            delta_l: dot.delta_l,
            suggested_dilution: suggested,
        });
    }
    if dot.delta_l < MIN_VISIBLE_DELTA_L {
        let min_d = *DILUTION_RANGE.start();
        let suggested = dilutions(dilution, min_d)
            .find(|&d| at(d).delta_l >= VISIBLE_DELTA_L)
            .unwrap_or(min_d);
        out.push(Advice::TooFaint {
            dilution,
            delta_l: dot.delta_l,
            suggested_dilution: suggested,
        });
    }
    if dot_mm.is_finite() && dot_mm > 0.0 {
        let by_type = match skin.fitzpatrick {
            5 => MIN_DOT_MM_V,
            6.. => MIN_DOT_MM_VI,
            _ => 0.0,
        };
        // A dot shows when it is as large as its contrast needs; a larger dot also has more
        // contrast, so the smallest size that shows is looked for in hundredths of a millimetre.
        let shows = |size: f32| {
            let dot = healed_dot(
                skin,
                &LayerLook {
                    dot_mm: size,
                    ..*look
                },
                density,
            );
            let by_contrast = REFERENCE_DOT_MM * (REFERENCE_DELTA_L / dot.delta_l.max(0.1)).sqrt();
            size + 0.005 >= by_contrast.max(by_type)
        };
        if !shows(dot_mm) {
            let start = (dot_mm * 100.0).floor() as u32 + 1;
            let last = (MAX_SUGGESTED_MM * 100.0).round() as u32;
            let suggested = (start..=last)
                .map(|k| k as f32 / 100.0)
                .find(|&size| shows(size))
                .unwrap_or(MAX_SUGGESTED_MM);
            out.push(Advice::DotsTooSmall {
                dot_mm,
                suggested_mm: suggested,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dilution_steps_are_whole_and_in_range() {
        let up: Vec<f32> = dilutions(4.3, 8.0).collect();
        assert_eq!(up, [5.0, 6.0, 7.0, 8.0]);
        let down: Vec<f32> = dilutions(3.0, 0.0).collect();
        assert_eq!(down, [3.0, 2.0, 1.0]);
        assert_eq!(dilutions(39.5, 100.0).count(), 1);
        assert_eq!(dilutions(10.0, 5.0).next(), Some(10.0));
    }
}
