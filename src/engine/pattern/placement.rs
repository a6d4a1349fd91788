//! How one seed lays the shared tiling over a photo: a shift and one of the square's 8 symmetries.
//!
//! All seeds share one tile library, so without this two seeds would differ only in which template
//! fills each patch, with their patch grids in the same place. Shifting the tiling by a random amount
//! in `[0, S)²` puts every seed's seams and junctions elsewhere, and a rotation or reflection of the
//! whole tiling (a dihedral transform, which maps the square lattice onto itself) gives the same
//! template eight different looks. Blue noise has no preferred direction, so neither changes its
//! evenness or density.

use crate::engine::rng::{hash, unit_of};

/// Keeps the placement's random draws apart from the seed's other uses.
const PURPOSE: u64 = 0x91AC_E3E7;

/// Photo point p and tiling point q are related by p = D(q − offset), with D a dihedral transform:
/// optionally swap the axes, then optionally negate x and/or y.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Placement {
    pub offset: (f64, f64),
    pub swap: bool,
    pub negate_x: bool,
    pub negate_y: bool,
}

impl Placement {
    /// The placement of `seed` over a tiling of patch size `size`.
    pub(crate) fn of(seed: u64, size: f64) -> Self {
        let symmetry = hash(&[seed, PURPOSE, 0]) % 8;
        Placement {
            offset: (
                unit_of(hash(&[seed, PURPOSE, 1])) * size,
                unit_of(hash(&[seed, PURPOSE, 2])) * size,
            ),
            swap: symmetry & 1 != 0,
            negate_x: symmetry & 2 != 0,
            negate_y: symmetry & 4 != 0,
        }
    }

    /// The photo position (mm) of tiling position (x, y).
    #[inline]
    pub(crate) fn to_photo(self, x: f64, y: f64) -> (f64, f64) {
        let (u, v) = (x - self.offset.0, y - self.offset.1);
        let (a, b) = if self.swap { (v, u) } else { (u, v) };
        (
            if self.negate_x { -a } else { a },
            if self.negate_y { -b } else { b },
        )
    }

    /// The tiling position of photo position (x, y) (the inverse of [`Placement::to_photo`]).
    pub(crate) fn to_tiling(self, x: f64, y: f64) -> (f64, f64) {
        let a = if self.negate_x { -x } else { x };
        let b = if self.negate_y { -y } else { y };
        let (u, v) = if self.swap { (b, a) } else { (a, b) };
        (u + self.offset.0, v + self.offset.1)
    }

    /// The smallest axis-aligned rectangle of the tiling, (min corner, max corner), that covers the
    /// photo rectangle `[0, width) × [0, height)` (mm).
    pub(crate) fn tiling_bounds(self, width: f64, height: f64) -> ((f64, f64), (f64, f64)) {
        let corners = [
            self.to_tiling(0.0, 0.0),
            self.to_tiling(width, 0.0),
            self.to_tiling(0.0, height),
            self.to_tiling(width, height),
        ];
        let mut min = corners[0];
        let mut max = corners[0];
        for (x, y) in corners {
            min = (min.0.min(x), min.1.min(y));
            max = (max.0.max(x), max.1.max(y));
        }
        (min, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symmetry_is_drawn_and_inverts() {
        let mut seen = [false; 8];
        for seed in 0..200 {
            let p = Placement::of(seed, 25.0);
            seen[usize::from(p.swap)
                | usize::from(p.negate_x) << 1
                | usize::from(p.negate_y) << 2] = true;
            assert!((0.0..25.0).contains(&p.offset.0) && (0.0..25.0).contains(&p.offset.1));
            for (x, y) in [(0.0, 0.0), (3.5, -1.25), (100.0, 42.0)] {
                let (qx, qy) = p.to_tiling(x, y);
                let (px, py) = p.to_photo(qx, qy);
                assert!((px - x).abs() < 1e-9 && (py - y).abs() < 1e-9);
            }
            let ((x0, y0), (x1, y1)) = p.tiling_bounds(120.0, 80.0);
            assert!(((x1 - x0) * (y1 - y0) - 9600.0).abs() < 1e-6);
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
    }
}
