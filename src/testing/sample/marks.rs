//! Marks splatted into a band of rows: soft spots (pores, follicle shadows, blemishes) and hair stubs.

use super::maths::*;
use super::{BAND, Rgbf};

pub(super) struct Spot {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) r: f64,
    pub(super) k: Rgbf,
    pub(super) spec: f64,
}

impl Spot {
    /// A spot of nominal radius `r`, widened to at least `min_r` pixels with its strength reduced
    /// so that it darkens the same area in total (small images stay faithful on average).
    pub(super) fn conserving(x: f64, y: f64, r: f64, k: Rgbf, spec: f64, min_r: f64) -> Spot {
        let wide = r.max(min_r);
        let keep = (r / wide) * (r / wide);
        Spot {
            x,
            y,
            r: wide,
            k: scale3(k, keep),
            spec: spec * keep,
        }
    }

    pub(super) fn rows(&self) -> (f64, f64) {
        (self.y - self.r, self.y + self.r)
    }
}

/// A hair stub: a tapered stroke from `a` (the root, where it leaves the skin) to `b` (the cut tip),
/// already shaded, seen through a box blur of half-width `blur` pixels (anti-aliasing plus depth of
/// field).
pub(super) struct Hair {
    pub(super) a: [f64; 2],
    pub(super) b: [f64; 2],
    pub(super) hw_root: f64,
    pub(super) hw_tip: f64,
    pub(super) blur: f64,
    pub(super) root: Rgbf,
    pub(super) tip: Rgbf,
    pub(super) opacity: f64,
}

impl Hair {
    pub(super) fn reach(&self) -> f64 {
        self.hw_root.max(self.hw_tip) + self.blur
    }

    pub(super) fn rows(&self) -> (f64, f64) {
        let r = self.reach();
        (self.a[1].min(self.b[1]) - r, self.a[1].max(self.b[1]) + r)
    }
}

/// For each band, the indices of the items whose row span `[lo, hi]` touches it.
pub(super) fn buckets(spans: impl Iterator<Item = (f64, f64)>, height: usize) -> Vec<Vec<u32>> {
    let bands = height.div_ceil(BAND);
    let mut out = vec![Vec::new(); bands];
    for (i, (lo, hi)) in spans.enumerate() {
        if hi < 0.0 || lo >= height as f64 || bands == 0 {
            continue;
        }
        let first = (lo.max(0.0) as usize) / BAND;
        let last = ((hi.max(0.0) as usize) / BAND).min(bands - 1);
        for band in out.iter_mut().take(last + 1).skip(first) {
            band.push(i as u32);
        }
    }
    out
}

/// The pixel rectangle (clipped to a band of `rows` rows starting at `y0`, `width` wide) that a
/// mark centred on `[x0, x1] × [ya, yb]` can touch.
pub(super) fn clip(
    x0: f64,
    x1: f64,
    ya: f64,
    yb: f64,
    width: usize,
    y0: usize,
    rows: usize,
) -> Option<[usize; 4]> {
    let left = x0.floor().max(0.0) as usize;
    let right = (x1.ceil().max(0.0) as usize).min(width);
    let top = (ya.floor().max(y0 as f64) as usize).max(y0);
    let bottom = (yb.ceil().max(0.0) as usize).min(y0 + rows);
    (left < right && top < bottom).then_some([left, right, top, bottom])
}

pub(super) fn apply_spot(
    spot: &Spot,
    width: usize,
    y0: usize,
    rows: usize,
    alb: &mut [Rgbf],
    sheen: &mut [f64],
) {
    let Some([left, right, top, bottom]) = clip(
        spot.x - spot.r,
        spot.x + spot.r,
        spot.y - spot.r,
        spot.y + spot.r,
        width,
        y0,
        rows,
    ) else {
        return;
    };
    let inv_r2 = 1.0 / (spot.r * spot.r);
    for py in top..bottom {
        let dy = py as f64 + 0.5 - spot.y;
        let row = (py - y0) * width;
        for px in left..right {
            let dx = px as f64 + 0.5 - spot.x;
            let q = 1.0 - (dx * dx + dy * dy) * inv_r2;
            if q <= 0.0 {
                continue;
            }
            let f = q * q;
            let i = row + px;
            for (c, k) in alb[i].iter_mut().zip(spot.k) {
                *c *= 1.0 - k * f;
            }
            sheen[i] *= 1.0 - spot.spec * f;
        }
    }
}

pub(super) fn apply_hair(hair: &Hair, width: usize, y0: usize, rows: usize, col: &mut [Rgbf]) {
    let reach = hair.reach();
    let [ax, ay] = hair.a;
    let [bx, by] = hair.b;
    let Some([left, right, top, bottom]) = clip(
        ax.min(bx) - reach,
        ax.max(bx) + reach,
        ay.min(by) - reach,
        ay.max(by) + reach,
        width,
        y0,
        rows,
    ) else {
        return;
    };
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let inv_len2 = if len2 > 1e-9 { 1.0 / len2 } else { 0.0 };
    let inv_2b = 0.5 / hair.blur;
    for py in top..bottom {
        let cy = py as f64 + 0.5;
        let row = (py - y0) * width;
        for px in left..right {
            let cx = px as f64 + 0.5;
            let t = (((cx - ax) * dx + (cy - ay) * dy) * inv_len2).clamp(0.0, 1.0);
            let (ex, ey) = (cx - ax - t * dx, cy - ay - t * dy);
            let d = (ex * ex + ey * ey).sqrt();
            let hw = lerp(hair.hw_root, hair.hw_tip, t);
            // Overlap of the blur box [d - b, d + b] with the stroke's cross-section [-hw, hw].
            let overlap = (d + hair.blur).min(hw) - (d - hair.blur).max(-hw);
            if overlap <= 0.0 {
                continue;
            }
            let a = hair.opacity * (overlap * inv_2b).min(1.0);
            let c = lerp3(hair.root, hair.tip, t);
            let p = &mut col[row + px];
            *p = lerp3(*p, c, a);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The scalp photo
// ---------------------------------------------------------------------------------------------
