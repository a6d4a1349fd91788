//! How many dots a photo may carry, worked out before any of them is placed.
//!
//! A view's dots are the one thing whose number a project sets without bound on its own: a scale
//! typed wrong (0.5 px/mm for a photo taken at 15) turns a 24-megapixel photo into ten square
//! metres of scalp and hundreds of millions of candidate dots. The budget ties the dots to the
//! photo's size instead: at most one dot per eight pixels plus a fixed allowance, so that every
//! real scalp photo at any density fits and the dots never cost much more than the pixels do.

use crate::engine::error::{Error, Result};
use crate::engine::pattern::MAX_DENSITY;
use crate::engine::units::per_mm2;

/// Dots any photo may carry whatever its size (small photos at a coarse scale).
const FIXED_DOTS: usize = 2_000_000;

/// Candidates the pattern makes per dot/cm² of its cap, a little above the nominal count (the
/// tiling's density varies slightly from place to place).
const CANDIDATE_MARGIN: f64 = 1.05;

/// The most dots (candidates of one pattern, or shown dots of every layer together) a
/// `width` × `height` photo may carry.
pub fn dot_budget(width: u32, height: u32) -> usize {
    (u64::from(width) * u64::from(height) / 8) as usize + FIXED_DOTS
}

/// The candidates one pattern makes over a `width` × `height` photo at `px_per_mm` at its densest.
fn densest_candidates(px_per_mm: f64, width: u32, height: u32) -> f64 {
    let area_mm2 = f64::from(width) * f64::from(height) / (px_per_mm * px_per_mm);
    area_mm2 * per_mm2(MAX_DENSITY) * CANDIDATE_MARGIN
}

/// Checks that view `name`'s scale gives its `width` × `height` photo an area of scalp the budget
/// can fill at the densest setting, so that no density the practitioner picks later can fail. The
/// message names the view, the area the scale implies and the coarsest scale that would do.
pub fn check_scale(name: &str, px_per_mm: f64, width: u32, height: u32) -> Result<()> {
    let budget = dot_budget(width, height) as f64;
    if densest_candidates(px_per_mm, width, height) <= budget {
        return Ok(());
    }
    let least = (f64::from(width) * f64::from(height) * per_mm2(MAX_DENSITY) * CANDIDATE_MARGIN
        / budget)
        .sqrt();
    let metres = |px: u32| f64::from(px) / px_per_mm / 1000.0;
    Err(Error::Invalid(format!(
        "view \"{name}\": the scale looks wrong: at {px_per_mm:.2} px/mm its {width} × {height} \
         photo would show {:.1} × {:.1} m of scalp, too much to fill with dots; calibrate it \
         again (this photo needs at least {least:.1} px/mm)",
        metres(width),
        metres(height),
    )))
}

/// Checks that the dots of a view's layers together stay within the photo's budget.
pub fn check_total(name: &str, dots: usize, width: u32, height: u32) -> Result<()> {
    let budget = dot_budget(width, height);
    if dots <= budget {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "view \"{name}\": its layers together would place more than {} million dots, more \
         than its {width} × {height} photo can carry ({} million); lower their densities or \
         remove layers",
        dots / 1_000_000,
        budget / 1_000_000,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_scalp_photos_fit_at_the_densest_setting() {
        // Phone and camera photos of a head at the scales they are taken at.
        for (w, h, ppm) in [(4032, 3024, 6.0), (6000, 4000, 8.0), (640, 480, 1.0)] {
            assert!(check_scale("Front", ppm, w, h).is_ok(), "{w}×{h} at {ppm}");
        }
    }

    #[test]
    fn a_wrong_scale_is_refused_with_the_scale_that_would_do() {
        let e = check_scale("Front", 0.5, 6000, 4000)
            .expect_err("24 MP at 0.5 px/mm is 12 × 8 m")
            .to_string();
        assert!(e.contains("view \"Front\""), "{e}");
        assert!(e.contains("12.0 × 8.0 m"), "{e}");
        let least: f64 = e
            .split("at least ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .expect("the least scale is given");
        assert!(check_scale("Front", least + 0.05, 6000, 4000).is_ok());
        assert!(check_scale("Front", least - 0.2, 6000, 4000).is_err());
    }

    #[test]
    fn the_total_is_bounded_by_the_photo() {
        assert!(check_total("Top", dot_budget(1000, 1000), 1000, 1000).is_ok());
        let e = check_total("Top", dot_budget(1000, 1000) + 1, 1000, 1000)
            .expect_err("one dot over")
            .to_string();
        assert!(e.contains("view \"Top\"") && !e.contains('\n'), "{e}");
    }
}
