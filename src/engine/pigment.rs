//! Pigment: how a diluted carbon dot darkens the skin above it, and how it changes as it heals.
//!
//! Carbon black absorbs evenly across the spectrum, but it sits under the epidermis: the skin above
//! scatters some blue light back before it reaches the pigment, so a dot looks blue-black to grey.
//! We model a dot as a transmittance per channel in linear light, applied multiplicatively, which
//! keeps it "in" the skin under any lighting and skin tone.

use serde::{Deserialize, Serialize};

/// Absorbance (natural log units) of undiluted pigment as seen through skin, per R, G, B. Chosen so
/// that a 6:1 healed dot transmits about a third of the light (near black on light skin) and 20:1
/// about two thirds (a soft grey), as practitioners describe those dilutions.
const ABSORBANCE_UNDILUTED: [f32; 3] = [7.7, 7.45, 6.75];

/// Dilutions Follicle accepts, parts water per part pigment.
pub const DILUTION_RANGE: std::ops::RangeInclusive<f32> = 1.0..=40.0;

/// How far along healing the simulation is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Day 0: darker, larger, with a faint redness.
    Fresh,
    /// Settled (about a month on): the default.
    #[default]
    Healed,
    /// Years later: lighter and softer.
    Aged,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Fresh, Stage::Healed, Stage::Aged];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Fresh => "fresh",
            Stage::Healed => "healed",
            Stage::Aged => "aged",
        }
    }

    /// Dot diameter relative to the healed size (a healed dot is about 0.6× the fresh one).
    pub fn size_factor(self) -> f32 {
        match self {
            Stage::Fresh => 1.0 / 0.6,
            Stage::Healed => 1.0,
            Stage::Aged => 1.05,
        }
    }

    /// Pigment strength relative to healed (healed is 2–3 shades lighter than fresh).
    pub fn strength_factor(self) -> f32 {
        match self {
            Stage::Fresh => 1.6,
            Stage::Healed => 1.0,
            Stage::Aged => 0.5,
        }
    }

    /// Pigment seen around the core as a faint halo (light scattered in the dermis), as a fraction
    /// of the core: more once settled, most after years. While fresh it is the redness around
    /// the dot instead (see [`Stage::halo_tint`]).
    pub fn halo(self) -> f32 {
        match self {
            Stage::Fresh => 1.0,
            Stage::Healed => 0.6,
            Stage::Aged => 0.8,
        }
    }

    /// What the halo absorbs instead of pigment: on the day of treatment the skin around each dot
    /// is faintly red (it absorbs some green and blue light, hardly any red).
    pub fn halo_tint(self) -> Option<[f32; 3]> {
        match self {
            Stage::Fresh => Some([0.02, 0.35, 0.3]),
            Stage::Healed | Stage::Aged => None,
        }
    }

    /// Extra spread of dot darkness from uneven retention: on the day every dot holds what was put
    /// in; once healed, each dot has kept a slightly different share of its pigment, more so
    /// after years.
    pub fn retention_spread(self) -> f32 {
        match self {
            Stage::Fresh => 0.0,
            Stage::Healed => 0.1,
            Stage::Aged => 0.15,
        }
    }

    /// Edge softness as a fraction of the dot radius.
    pub fn softness(self) -> f32 {
        match self {
            Stage::Fresh => 0.15,
            Stage::Healed => 0.35,
            Stage::Aged => 0.6,
        }
    }
}

/// Parses a dilution written as water:pigment ("6:1", "12:2", or just "6").
pub fn parse_dilution(text: &str) -> Option<f32> {
    let (w, p) = match text.split_once(':') {
        Some((w, p)) => (w.trim().parse::<f32>().ok()?, p.trim().parse::<f32>().ok()?),
        None => (text.trim().parse::<f32>().ok()?, 1.0),
    };
    let d = w / p;
    (p > 0.0 && d.is_finite() && DILUTION_RANGE.contains(&d)).then_some(d)
}

/// Writes a dilution as water:pigment.
pub fn format_dilution(d: f32) -> String {
    if (d - d.round()).abs() < 0.05 {
        format!("{}:1", d.round())
    } else {
        format!("{d:.1}:1")
    }
}

/// Absorbance per linear channel of a dot at full coverage, for `dilution` parts water per part
/// pigment at `stage`.
pub fn absorbance(dilution: f32, stage: Stage) -> [f32; 3] {
    let concentration = 1.0 / (dilution.max(0.0) + 1.0);
    ABSORBANCE_UNDILUTED.map(|a| a * concentration * stage.strength_factor())
}

/// The dilution that makes dots in scar tissue look like the dots around it.
///
/// Around the scar, healed dots of `reference` dilution darken skin of linear luminance `skin` by
/// their transmittance T₀. Scar tissue (luminance `scar`, usually lighter) keeps only about
/// √`retention` of a dot's pigment (see the renderer). The dot in the scar should end as dark as
/// the dot beside it: scar × T = skin × T₀, so the scar dot needs more pigment, i.e. less water.
/// The result is kept within [`DILUTION_RANGE`].
pub fn matching_dilution(reference: f32, retention: f32, skin: f32, scar: f32) -> f32 {
    let undiluted = absorbance(0.0, Stage::Healed)[1];
    let t0 = (-absorbance(reference, Stage::Healed)[1]).exp();
    let target = (t0 * skin / scar.max(1e-4)).clamp(0.02, 0.98);
    let needed = -target.ln();
    let kept = undiluted * retention.clamp(0.05, 1.0).sqrt();
    (kept / needed - 1.0).clamp(*DILUTION_RANGE.start(), *DILUTION_RANGE.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scar_shade_compensates_retention_and_lighter_tissue() {
        // Same tissue, full retention: the same dilution.
        assert!((matching_dilution(10.0, 1.0, 0.5, 0.5) - 10.0).abs() < 0.01);
        // Lower retention needs darker ink (less water).
        let low = matching_dilution(10.0, 0.5, 0.5, 0.5);
        assert!(low < 8.0, "{low}");
        // Lighter scar tissue needs darker ink still.
        assert!(matching_dilution(10.0, 0.5, 0.5, 0.7) < low);
        // Whatever the numbers, the answer stays a dilution Follicle accepts.
        assert_eq!(
            matching_dilution(10.0, 0.05, 0.1, 1.0),
            *DILUTION_RANGE.start()
        );
    }

    #[test]
    fn dilution_parsing() {
        assert_eq!(parse_dilution("6:1"), Some(6.0));
        assert_eq!(parse_dilution("12:2"), Some(6.0));
        assert_eq!(parse_dilution(" 20 "), Some(20.0));
        assert_eq!(parse_dilution("6:0"), None);
        assert_eq!(parse_dilution("abc"), None);
        assert_eq!(parse_dilution("500:1"), None);
        assert_eq!(format_dilution(6.0), "6:1");
        assert_eq!(format_dilution(7.5), "7.5:1");
    }

    #[test]
    fn darker_dilution_absorbs_more_and_blue_least() {
        let dark = absorbance(6.0, Stage::Healed);
        let light = absorbance(20.0, Stage::Healed);
        assert!(dark[1] > light[1] * 2.5);
        assert!(dark[2] < dark[0]);
        // 6:1 healed transmits about a third of green light; 20:1 about two thirds.
        assert!(((-dark[1]).exp() - 0.34).abs() < 0.05);
        assert!(((-light[1]).exp() - 0.70).abs() < 0.05);
        assert!(absorbance(6.0, Stage::Fresh)[1] > dark[1]);
        assert!(absorbance(6.0, Stage::Aged)[1] < dark[1]);
    }
}
