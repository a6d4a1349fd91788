//! The head as the camera sees it: an ellipse in the photo, taken as the outline of a rounded
//! scalp facing the camera (see `docs/ANATOMY.md`).
//!
//! For a photo point at normalised radius ρ = |((x − cx)/rx, (y − cy)/ry)| < 1 the scalp there
//! turns away from the camera by θ with cos θ = √(1 − ρ²). A patch of scalp of area A shows as
//! A · cos θ in the photo, squeezed along the direction away from the centre (its width across
//! that direction unchanged). The photo's scale (px/mm) is that of the centre of the head, where
//! the scalp faces the camera.

use serde::{Deserialize, Serialize};

use crate::engine::geometry::{Point, check_points};

/// Smallest cos θ the model uses. At the very rim the scalp is seen edge-on (cos θ → 0): the
/// density seen would grow without bound and the dots would become lines. Past ρ ≈ 0.98 the
/// model holds the rim at 0.2 (a dot there shows a fifth of its length, and the density seen is
/// at most five times the one set, and never more than the pattern's 400 dots/cm²).
pub const COS_FLOOR: f32 = 0.2;

/// How far (mm, at the photo's scale) dots may stray past the head's outline: stubble makes the
/// silhouette of a treated head fuzzy, so the outline is broken up by a few dots just beyond it
/// (their number falls to none over this distance).
pub const OUTLINE_FUZZ_MM: f32 = 1.0;

/// Smallest radius of a head ellipse, photo pixels.
pub const MIN_RADIUS_PX: f32 = 4.0;

/// The client's head in one photo: an axis-aligned ellipse, photo pixels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadShape {
    /// The ellipse's centre (x, y).
    pub centre: Point,
    /// Its half widths along x and along y.
    pub radii: [f32; 2],
}

impl HeadShape {
    /// Checks that the numbers can describe a head (finite, radii of at least
    /// [`MIN_RADIUS_PX`]); the message names the field.
    pub fn validate(&self) -> Result<(), String> {
        check_points(&[self.centre], "head ellipse centre")?;
        check_points(&[self.radii], "head ellipse radii")?;
        if self.radii.iter().any(|&r| r < MIN_RADIUS_PX) {
            return Err(format!(
                "head ellipse radii {} × {} px: each must be at least {MIN_RADIUS_PX} px",
                self.radii[0], self.radii[1]
            ));
        }
        Ok(())
    }

    /// Checks the ellipse against a `width` × `height` photo: its centre on the photo and its
    /// radii at most twice the photo's longer side.
    pub fn check_on_photo(&self, width: u32, height: u32) -> Result<(), String> {
        self.validate()?;
        let (w, h) = (width as f32, height as f32);
        let [x, y] = self.centre;
        if !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y) {
            return Err(format!(
                "head ellipse centre ({x}, {y}) is not on the {width} × {height} photo"
            ));
        }
        let limit = 2.0 * w.max(h);
        if self.radii.iter().any(|&r| r > limit) {
            return Err(format!(
                "head ellipse radii {} × {} px are far larger than the {width} × {height} photo",
                self.radii[0], self.radii[1]
            ));
        }
        Ok(())
    }

    /// The surface the renderer samples, for a photo of `px_per_mm` at the head's centre.
    pub fn surface(&self, px_per_mm: f64) -> Surface {
        Surface {
            cx: self.centre[0],
            cy: self.centre[1],
            irx: 1.0 / self.radii[0].max(MIN_RADIUS_PX),
            iry: 1.0 / self.radii[1].max(MIN_RADIUS_PX),
            fuzz_px: (OUTLINE_FUZZ_MM * px_per_mm as f32).max(1.0),
        }
    }

    /// The normalised radius ρ of a photo point (below 1 inside the outline).
    pub fn rho(&self, p: Point) -> f32 {
        self.surface(1.0).rho2(p[0], p[1]).sqrt()
    }

    /// cos θ at a photo point, without the floor: None outside the outline.
    pub fn cos_theta(&self, p: Point) -> Option<f32> {
        let rho2 = self.surface(1.0).rho2(p[0], p[1]);
        (rho2 < 1.0).then(|| (1.0 - rho2).sqrt())
    }

    /// The ellipse's radius along unit direction `d`, photo pixels.
    pub fn radius_along(&self, d: [f32; 2]) -> f32 {
        let (a, b) = (d[0] / self.radii[0], d[1] / self.radii[1]);
        1.0 / (a * a + b * b).sqrt().max(1e-9)
    }

    /// How far the scalp at `p` stands towards the camera, photo pixels (0 on and outside the
    /// outline): the height of the lifted surface whose profile along any line through the centre
    /// is a circle of the ellipse's radius in that direction, so that its slope gives
    /// cos θ = √(1 − ρ²) along that line.
    pub(super) fn depth(&self, p: Point, along: [f32; 2]) -> f64 {
        let rho2 = f64::from(self.surface(1.0).rho2(p[0], p[1]));
        f64::from(self.radius_along(along)) * (1.0 - rho2).max(0.0).sqrt()
    }
}

/// A head shape prepared for rendering: what the density and every dot's shape read at a photo
/// position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Surface {
    cx: f32,
    cy: f32,
    irx: f32,
    iry: f32,
    fuzz_px: f32,
}

/// How a dot at one place is seen: squeezed to `k` (cos θ) of its length along the unit
/// direction (`nx`, `ny`) away from the head's centre, unchanged across it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Squeeze {
    pub k: f32,
    pub nx: f32,
    pub ny: f32,
}

impl Surface {
    #[inline]
    fn rho2(&self, x: f32, y: f32) -> f32 {
        let (u, v) = ((x - self.cx) * self.irx, (y - self.cy) * self.iry);
        u * u + v * v
    }

    /// How far past the outline (photo pixels, along the line from the centre) a point with
    /// ρ² = `rho2` ≥ 1 lies.
    #[inline]
    fn beyond(&self, x: f32, y: f32, rho2: f32) -> f32 {
        let rho = rho2.sqrt();
        let (dx, dy) = (x - self.cx, y - self.cy);
        (dx * dx + dy * dy).sqrt() * (rho - 1.0) / rho
    }

    /// What the density set (per cm² of scalp) is multiplied by in the photo at (x, y): 1 / cos θ
    /// inside the outline (cos θ held at [`COS_FLOOR`] or above), then falling to nothing within
    /// [`OUTLINE_FUZZ_MM`] past it.
    #[inline]
    pub fn density_factor(&self, x: f32, y: f32) -> f32 {
        let rho2 = self.rho2(x, y);
        if rho2 < 1.0 {
            return 1.0 / (1.0 - rho2).sqrt().max(COS_FLOOR);
        }
        let t = self.beyond(x, y, rho2) / self.fuzz_px;
        if t >= 1.0 {
            0.0
        } else {
            (1.0 - t) * (1.0 - t) / COS_FLOOR
        }
    }

    /// The most [`Surface::density_factor`] gives anywhere.
    pub fn max_density_factor(&self) -> f32 {
        1.0 / COS_FLOOR
    }

    /// cos θ at (x, y), held at [`COS_FLOOR`] or above (and at the floor past the outline): the
    /// share of a dot's length, and of its darkening, the photo shows there.
    #[inline]
    pub fn foreshortening(&self, x: f32, y: f32) -> f32 {
        (1.0 - self.rho2(x, y)).max(0.0).sqrt().max(COS_FLOOR)
    }

    /// How a dot at (x, y) is seen.
    #[inline]
    pub fn squeeze(&self, x: f32, y: f32) -> Squeeze {
        let (u, v) = ((x - self.cx) * self.irx, (y - self.cy) * self.iry);
        let rho2 = u * u + v * v;
        let k = (1.0 - rho2).max(0.0).sqrt().max(COS_FLOOR);
        // The surface turns away along the gradient of ρ² (the normal's direction in the photo).
        let (gx, gy) = (u * self.irx, v * self.iry);
        let g = (gx * gx + gy * gy).sqrt();
        if g > 1e-12 {
            Squeeze {
                k,
                nx: gx / g,
                ny: gy / g,
            }
        } else {
            Squeeze {
                k: 1.0,
                nx: 1.0,
                ny: 0.0,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: HeadShape = HeadShape {
        centre: [500.0, 400.0],
        radii: [300.0, 360.0],
    };

    #[test]
    fn density_rises_as_one_over_cos_theta_and_stops_past_the_outline() {
        let s = HEAD.surface(10.0);
        assert!((s.density_factor(500.0, 400.0) - 1.0).abs() < 1e-6);
        // ρ = 0.8 along x: cos θ = 0.6.
        assert!((s.density_factor(740.0, 400.0) - 1.0 / 0.6).abs() < 1e-4);
        // ρ = 0.8 along y as well.
        assert!((s.density_factor(500.0, 400.0 - 288.0) - 1.0 / 0.6).abs() < 1e-4);
        // Held at the floor near the rim, fading out within a millimetre past it.
        assert!((s.density_factor(799.5, 400.0) - 5.0).abs() < 1e-3);
        let past = s.density_factor(805.0, 400.0);
        assert!(past > 0.0 && past < 5.0, "{past}");
        assert_eq!(s.density_factor(811.0, 400.0), 0.0);
        assert_eq!(s.density_factor(0.0, 0.0), 0.0);
    }

    #[test]
    fn dots_squeeze_along_the_radius() {
        let s = HEAD.surface(10.0);
        let q = s.squeeze(740.0, 400.0);
        assert!((q.k - 0.6).abs() < 1e-5 && (q.nx - 1.0).abs() < 1e-6 && q.ny.abs() < 1e-6);
        let centre = s.squeeze(500.0, 400.0);
        assert_eq!(centre.k, 1.0);
        let rim = s.squeeze(900.0, 400.0);
        assert_eq!(rim.k, COS_FLOOR);
        // On a diagonal of the ellipse the squeeze is along the normal, not the ray.
        let d = s.squeeze(500.0 + 150.0, 400.0 - 180.0);
        let (gx, gy) = (150.0 / (300.0f32 * 300.0), -180.0 / (360.0f32 * 360.0));
        let g = (gx * gx + gy * gy).sqrt();
        assert!((d.nx - gx / g).abs() < 1e-5 && (d.ny - gy / g).abs() < 1e-5);
    }

    #[test]
    fn bad_ellipses_are_refused_with_the_field_named() {
        let mut h = HEAD;
        h.radii[0] = 0.0;
        assert!(h.validate().expect_err("refused").contains("radii"));
        h.radii[0] = f32::NAN;
        assert!(h.validate().expect_err("refused").contains("radii"));
        let mut h = HEAD;
        h.centre[1] = f32::INFINITY;
        assert!(h.validate().expect_err("refused").contains("centre"));
        assert!(HEAD.check_on_photo(1000, 800).is_ok());
        assert!(
            HEAD.check_on_photo(400, 300)
                .expect_err("refused")
                .contains("centre")
        );
        let mut big = HEAD;
        big.radii = [5000.0, 300.0];
        assert!(
            big.check_on_photo(1000, 800)
                .expect_err("refused")
                .contains("larger")
        );
    }
}
