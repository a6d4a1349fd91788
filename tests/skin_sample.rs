//! The automatic skin sample on synthetic scalps of known tone with shine, shadow and hair: the
//! type is right, and how sure it is falls for a tiny or a mixed sample.

use follicle::engine::colour::{from_linear, to_linear};
use follicle::engine::skin::{SkinSample, SkinTone, sample_auto};
use follicle::testing::sample::skin_patch;
use image::{Rgb, RgbImage};

const W: u32 = 320;
const H: u32 = 320;

/// A textured scalp of colour `skin` with broad specular highlights (bright, the colour of the
/// light) over about a third of it, as on an oily shaved scalp under a ceiling light, a shadowed
/// band down one side and a dozen dark hair strands.
fn scalp(skin: [u8; 3], seed: u64) -> RgbImage {
    let mut img = skin_patch(W, H, skin, seed);
    let shines = [
        (90.0, 80.0, 60.0),
        (230.0, 150.0, 50.0),
        (130.0, 250.0, 55.0),
        (240.0, 290.0, 40.0),
    ];
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (fx, fy) = (x as f32, y as f32);
        let mut lin = p.0.map(to_linear);
        // Shine: a neutral specular part added on top.
        let spec: f32 = shines
            .iter()
            .map(|(cx, cy, r)| {
                let d2 = ((fx - cx).powi(2) + ((fy - cy) * 1.6).powi(2)) / (r * r);
                0.3 * (-1.5 * d2).exp()
            })
            .sum();
        lin = lin.map(|v| (v + spec).min(1.0));
        // Shadow: the right edge turns away from the light.
        if x > 270 {
            lin = lin.map(|v| v * 0.3);
        }
        // Hair: dark strands.
        for k in 0..12 {
            let x0 = 15.0 + 25.0 * k as f32;
            let along = x0 + 0.35 * fy;
            if (fx - along).abs() < 1.2 {
                lin = [0.012, 0.008, 0.006];
            }
        }
        *p = Rgb(lin.map(from_linear));
    }
    img
}

fn sample(img: &RgbImage, weight: impl Fn(u32, u32) -> f32) -> SkinSample {
    sample_auto(img, weight, None).expect("some skin")
}

#[test]
fn the_type_is_right_on_fair_tan_brown_and_dark_scalps_with_shine_shadow_and_hair() {
    for (rgb, fitzpatrick) in [
        ([215, 170, 140], 2),
        ([180, 130, 100], 4),
        ([135, 95, 70], 5),
        ([95, 65, 50], 6),
    ] {
        let truth = SkinTone::from_srgb(rgb);
        let s = sample(&scalp(rgb, 3), |_, _| 1.0);
        println!(
            "{rgb:?} (ITA {:.1}°): sampled {:?} ITA {:.1}°, {} samples, spread {:.1}°, \
             confidence {:.2}: {}",
            truth.ita_deg,
            s.tone.srgb,
            s.tone.ita_deg,
            s.samples,
            s.ita_spread_deg,
            s.confidence,
            s.summary()
        );
        assert_eq!(s.tone.fitzpatrick, fitzpatrick, "{rgb:?}: {s:?}");
        assert!(
            (s.tone.ita_deg - truth.ita_deg).abs() < 3.0,
            "{rgb:?}: {s:?}"
        );
        assert!(s.confidence >= 0.7, "{rgb:?}: {s:?}");
        assert!(
            s.summary()
                .starts_with(&format!("Type {}", truth.fitzpatrick_label()))
        );
    }
}

#[test]
fn confidence_drops_for_a_tiny_or_a_mixed_sample() {
    let brown = scalp([135, 95, 70], 5);
    let whole = sample(&brown, |_, _| 1.0);
    // A few pixels only.
    let tiny = sample(&brown, |x, y| {
        f32::from(u8::from((150..156).contains(&x) && (160..165).contains(&y)))
    });
    assert!(tiny.samples < 40, "{tiny:?}");
    assert!(
        tiny.confidence < whole.confidence - 0.3,
        "tiny {tiny:?} vs whole {whole:?}"
    );
    assert_eq!(tiny.sureness(), "unsure");
    // Half fair, half dark: the ITA° spreads and the confidence falls.
    let fair = scalp([215, 170, 140], 6);
    let dark = scalp([95, 65, 50], 7);
    let mixed = RgbImage::from_fn(W, H, |x, y| {
        if x < W / 2 {
            *fair.get_pixel(x, y)
        } else {
            *dark.get_pixel(x, y)
        }
    });
    let m = sample(&mixed, |_, _| 1.0);
    println!(
        "whole {:.2} ({} samples, spread {:.1}°), tiny {:.2} ({} samples), mixed {:.2} (spread \
         {:.1}°)",
        whole.confidence,
        whole.samples,
        whole.ita_spread_deg,
        tiny.confidence,
        tiny.samples,
        m.confidence,
        m.ita_spread_deg
    );
    assert!(
        m.ita_spread_deg > 3.0 * whole.ita_spread_deg,
        "{m:?} vs {whole:?}"
    );
    assert!(m.confidence < 0.35, "{m:?}");
    assert!(m.confidence < whole.confidence - 0.3);
    // The region decides: the dark half alone is sure again.
    let half = sample(&mixed, |x, _| f32::from(u8::from(x >= W / 2 + 10)));
    assert_eq!(half.tone.fitzpatrick, 6, "{half:?}");
    assert!(half.confidence > m.confidence + 0.3, "{half:?}");
}
