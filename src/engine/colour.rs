//! Colour: sRGB bytes to linear light and back, and luminance. Light adds up and is absorbed in
//! linear light, so every computation on colours (compositing, hair detection, skin sampling)
//! happens there.

use std::sync::OnceLock;

/// sRGB to linear, for every 8-bit value.
fn to_linear_table() -> &'static [f32; 256] {
    static TABLE: OnceLock<[f32; 256]> = OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            let c = i as f32 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
    })
}

const FROM_LINEAR_STEPS: usize = 16384;

/// Linear to sRGB 8-bit, sampled finely enough to be exact to a level near black.
fn from_linear_table() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..=FROM_LINEAR_STEPS)
            .map(|i| {
                let l = i as f32 / FROM_LINEAR_STEPS as f32;
                let s = if l <= 0.003_130_8 {
                    l * 12.92
                } else {
                    1.055 * l.powf(1.0 / 2.4) - 0.055
                };
                (s * 255.0).round().clamp(0.0, 255.0) as u8
            })
            .collect()
    })
}

/// Weights of linear R, G and B in luminance (Rec. 709).
pub const LUMA_WEIGHTS: [f32; 3] = [0.2126, 0.7152, 0.0722];

/// Luminance of a colour in linear light.
pub fn linear_luminance(c: [f32; 3]) -> f32 {
    LUMA_WEIGHTS[0] * c[0] + LUMA_WEIGHTS[1] * c[1] + LUMA_WEIGHTS[2] * c[2]
}

/// The sRGB-to-linear table, for loops that convert many pixels.
pub fn linear_lut() -> &'static [f32; 256] {
    to_linear_table()
}

/// The linear-to-sRGB table, for loops that convert many pixels (see [`srgb_index`]).
pub fn srgb_lut() -> &'static [u8] {
    from_linear_table()
}

/// Where linear value `l` is in the table from [`srgb_lut`]: `srgb_lut()[srgb_index(l)]` is
/// [`from_linear`]`(l)`. Kept apart from the lookup so that loops can compute indices for many
/// pixels at once.
#[inline]
#[allow(clippy::manual_clamp)]
pub fn srgb_index(l: f32) -> u32 {
    // Not `clamp`, which lets a NaN through (and then past the table's end): `max` first turns
    // a NaN into 0, the table's first entry.
    floor_small(l.max(0.0).min(1.0) * FROM_LINEAR_STEPS as f32 + 0.5)
}

/// ⌊y⌋ for 0 ≤ y < 2²³, in plain float and integer arithmetic that the compiler runs on several
/// values at once (a float-to-integer `as` conversion saturates, and its checks keep each value on
/// its own). Adding 2²³ leaves y rounded to the nearest integer in the float's low bits; one below
/// that where it rounded up.
#[inline]
pub fn floor_small(y: f32) -> u32 {
    const TWO_23: f32 = 8_388_608.0;
    let nearest = (y + TWO_23).to_bits() & 0x007f_ffff;
    nearest - u32::from(nearest as i32 as f32 > y)
}

/// sRGB byte to linear.
pub fn to_linear(v: u8) -> f32 {
    to_linear_table()[v as usize]
}

/// Linear to sRGB byte.
pub fn from_linear(l: f32) -> u8 {
    from_linear_table()[srgb_index(l) as usize]
}

/// CIELAB (D65) of a linear sRGB colour.
pub fn lab_from_linear([r, g, b]: [f32; 3]) -> [f32; 3] {
    const WHITE: [f32; 3] = [0.950_47, 1.0, 1.088_83];
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = 0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b;
    let f = |t: f32| {
        const EPS: f32 = 216.0 / 24389.0;
        const KAPPA: f32 = 24389.0 / 27.0;
        if t > EPS {
            t.cbrt()
        } else {
            (KAPPA * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x / WHITE[0]), f(y / WHITE[1]), f(z / WHITE[2]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_small_is_the_floor_in_its_range() {
        // Whole numbers, halves (where rounding to nearest would go up or to even), and values
        // a hair either side of a whole number.
        let mut values = vec![0.0f32, 0.5, 1.0, 1.5, 2.5, 16_384.5, 8_388_607.0];
        for k in 0..20_000u32 {
            let v = k as f32 * 0.731;
            values.extend([v, v.next_up(), v.next_down().max(0.0)]);
        }
        for v in values {
            assert_eq!(floor_small(v), v.floor() as u32, "⌊{v}⌋");
        }
    }

    #[test]
    fn srgb_indices_stay_in_the_table_for_any_value() {
        let table = srgb_lut().len() as u32;
        for l in [f32::NAN, -1.0, -0.0, 0.0, 0.5, 1.0, 7.0, f32::INFINITY] {
            assert!(srgb_index(l) < table, "{l}");
        }
        assert_eq!(srgb_index(f32::NAN), 0);
        assert_eq!(from_linear(1.0), 255);
        assert_eq!(from_linear(0.0), 0);
    }
}
