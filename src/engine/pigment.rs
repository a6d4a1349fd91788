//! Pigment: the shade (dilution) practitioners mix, and how a dot changes as it heals. How a dot
//! looks through the skin is the optical model's business (`optics`).

use serde::{Deserialize, Serialize};

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

    /// How much softer (positive) or crisper than its setting a dot's edge looks: crisp on the day
    /// of treatment, softer once healed, softer still after years.
    pub fn softness_shift(self) -> f32 {
        match self {
            Stage::Fresh => -0.3,
            Stage::Healed => 0.0,
            Stage::Aged => 0.25,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
