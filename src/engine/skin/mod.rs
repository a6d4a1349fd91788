//! The client's skin tone, read from the photo.
//!
//! The tone is classified by the Individual Typology Angle, ITA° = atan((L* − 50) / b*) in degrees,
//! from CIELAB (D65), and mapped to a Fitzpatrick type with the usual bands. From a phone photo
//! under unknown light this is a rough estimate, a starting point for the practitioner, never a
//! diagnosis. What the tone means for the shade and dot size is in [`crate::engine::advice`].

mod auto;

use image::RgbImage;
use serde::{Deserialize, Serialize};

use crate::engine::colour::{lab_from_linear, linear_luminance, to_linear};

pub use auto::{SkinSample, sample_auto};

/// A skin colour and what it suggests.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkinTone {
    /// The colour as sampled.
    pub srgb: [u8; 3],
    /// CIELAB (D65): L*, a*, b*.
    pub lab: [f32; 3],
    /// Individual Typology Angle in degrees (higher is lighter).
    pub ita_deg: f32,
    /// Estimated Fitzpatrick type, 1 ..= 6, from the ITA.
    pub fitzpatrick: u8,
}

impl SkinTone {
    /// The tone of an sRGB skin colour.
    pub fn from_srgb(rgb: [u8; 3]) -> Self {
        let lab = lab_from_linear(rgb.map(to_linear));
        let ita_deg = ita_degrees(lab);
        SkinTone {
            srgb: rgb,
            lab,
            ita_deg,
            fitzpatrick: fitzpatrick_from_ita(ita_deg),
        }
    }

    /// The Fitzpatrick type as a Roman numeral, "I" … "VI".
    pub fn fitzpatrick_label(&self) -> &'static str {
        match self.fitzpatrick {
            0 | 1 => "I",
            2 => "II",
            3 => "III",
            4 => "IV",
            5 => "V",
            _ => "VI",
        }
    }

    /// The ITA category in words: "very light", "light", "intermediate", "tan", "brown", "dark".
    pub fn description(&self) -> &'static str {
        match self.fitzpatrick {
            0 | 1 => "very light",
            2 => "light",
            3 => "intermediate",
            4 => "tan",
            5 => "brown",
            _ => "dark",
        }
    }

    pub(crate) fn linear(&self) -> [f32; 3] {
        self.srgb.map(to_linear)
    }

    /// Luminance of the skin colour in linear light.
    pub fn luminance(&self) -> f32 {
        linear_luminance(self.linear())
    }
}

/// ITA° of a CIELAB colour. Skin has b* > 0; a colour with b* ≤ 0 is taken at the limit (±90°).
pub fn ita_degrees([l, _, b]: [f32; 3]) -> f32 {
    ((l - 50.0) / b.max(1e-3)).atan().to_degrees()
}

/// The ITA° bounds between Fitzpatrick types (VI|V, V|IV, IV|III, III|II, II|I).
pub const TYPE_BOUNDARIES_DEG: [f32; 5] = [-30.0, 10.0, 28.0, 41.0, 55.0];

/// Fitzpatrick type from the ITA bands: > 55° very light (I), 41–55° light (II), 28–41°
/// intermediate (III), 10–28° tan (IV), −30–10° brown (V), < −30° dark (VI).
fn fitzpatrick_from_ita(ita: f32) -> u8 {
    match ita {
        a if a > 55.0 => 1,
        a if a > 41.0 => 2,
        a if a > 28.0 => 3,
        a if a > 10.0 => 4,
        a if a > -30.0 => 5,
        _ => 6,
    }
}

/// Eyedropper: the skin tone in a disc of `radius_px` around photo pixel (x, y), as the median of
/// each channel (a stray hair or pore in the disc does not shift it). `None` outside the photo.
pub fn sample_point(photo: &RgbImage, x: u32, y: u32, radius_px: u32) -> Option<SkinTone> {
    let (w, h) = photo.dimensions();
    if x >= w || y >= h {
        return None;
    }
    let r = radius_px.min(256);
    let r2 = u64::from(r) * u64::from(r);
    let mut channels: [Vec<u8>; 3] = Default::default();
    for py in y.saturating_sub(r)..=(y.saturating_add(r)).min(h - 1) {
        for px in x.saturating_sub(r)..=(x.saturating_add(r)).min(w - 1) {
            let (dx, dy) = (u64::from(px.abs_diff(x)), u64::from(py.abs_diff(y)));
            if dx * dx + dy * dy <= r2 {
                for (c, v) in channels.iter_mut().zip(photo.get_pixel(px, py).0) {
                    c.push(v);
                }
            }
        }
    }
    let median = |c: &mut Vec<u8>| {
        let mid = c.len() / 2;
        *c.select_nth_unstable(mid).1
    };
    let [r, g, b] = &mut channels;
    Some(SkinTone::from_srgb([median(r), median(g), median(b)]))
}
