//! Smooth noise for irregular edges and patchy scar tissue.

use crate::engine::rng::{hash, unit_of};

pub(super) fn smoothstep(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Smooth 2D value noise in [-1, 1] with features about `scale` pixels across.
pub(super) fn value_noise(seed: u64, x: f32, y: f32, scale: f32) -> f32 {
    let (fx, fy) = (x / scale, y / scale);
    let (ix, iy) = (fx.floor(), fy.floor());
    let (tx, ty) = (smoothstep(fx - ix), smoothstep(fy - iy));
    let corner = |dx: i64, dy: i64| {
        (unit_of(hash(&[
            seed,
            (ix as i64 + dx) as u64,
            (iy as i64 + dy) as u64,
        ])) * 2.0
            - 1.0) as f32
    };
    let top = corner(0, 0) * (1.0 - tx) + corner(1, 0) * tx;
    let bottom = corner(0, 1) * (1.0 - tx) + corner(1, 1) * tx;
    top * (1.0 - ty) + bottom * ty
}
