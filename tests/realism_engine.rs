//! Hair detection and skin-tone advice on synthetic photos whose hair and skin are known.

use follicle::engine::advice::{Advice, advise, healed_dot};
use follicle::engine::colour::{from_linear, to_linear};
use follicle::engine::hair::{HairMask, HairSettings, detect_hair};
use follicle::engine::optics::Needle::{self, RL1, RL3};
use follicle::engine::optics::{DotShape, LayerLook};
use follicle::engine::skin::{SkinTone, sample_auto, sample_point};
use follicle::engine::units::View;
use follicle::testing::sample::skin_patch;
use image::{Rgb, RgbImage};

/// Scale of the synthetic photos: a 0.08 mm hair is 1.3 px wide, as on a 4000-px phone photo.
const PPM: f64 = 16.0;

/// A straight hair from `a` to `b` (photo pixels), `width` pixels wide.
#[derive(Clone, Copy)]
struct Stroke {
    a: [f32; 2],
    b: [f32; 2],
    width: f32,
}

impl Stroke {
    fn distance(&self, x: f32, y: f32) -> f32 {
        let (dx, dy) = (self.b[0] - self.a[0], self.b[1] - self.a[1]);
        let len2 = dx * dx + dy * dy;
        let t = (((x - self.a[0]) * dx + (y - self.a[1]) * dy) / len2).clamp(0.0, 1.0);
        let (px, py) = (self.a[0] + t * dx - x, self.a[1] + t * dy - y);
        (px * px + py * py).sqrt()
    }

    /// Approximate share of pixel (x, y) the hair covers (a box-filtered edge).
    fn coverage(&self, x: u32, y: u32) -> f32 {
        let d = self.distance(x as f32 + 0.5, y as f32 + 0.5);
        (self.width * 0.5 + 0.5 - d).clamp(0.0, 1.0).min(self.width)
    }
}

/// A small deterministic generator (64-bit LCG), for hair placement.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// `count` hairs 1–3 mm long, 0.05–0.12 mm wide, anywhere in a `w` × `h` photo.
fn random_hairs(w: u32, h: u32, count: usize, seed: u64) -> Vec<Stroke> {
    let mut rng = Lcg(seed);
    let ppm = PPM as f32;
    (0..count)
        .map(|_| {
            let a = [rng.next() * w as f32, rng.next() * h as f32];
            let angle = rng.next() * std::f32::consts::TAU;
            let len = (1.0 + 2.0 * rng.next()) * ppm;
            let b = [a[0] + len * angle.cos(), a[1] + len * angle.sin()];
            let width = (0.05 + 0.07 * rng.next()) * ppm;
            Stroke { a, b, width }
        })
        .collect()
}

/// A textured skin patch of colour `skin` with `hairs` of colour `hair` drawn in linear light;
/// also each pixel's hair coverage and distance to the nearest hair's edge.
fn hairy_skin(
    w: u32,
    h: u32,
    skin: [u8; 3],
    hair: [u8; 3],
    hairs: &[Stroke],
) -> (RgbImage, Vec<f32>, Vec<f32>) {
    let mut img = skin_patch(w, h, skin, 3);
    let mut cover = vec![0.0f32; (w * h) as usize];
    let mut edge = vec![f32::MAX; (w * h) as usize];
    let hair_lin = hair.map(to_linear);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let i = (y * w + x) as usize;
        for s in hairs {
            cover[i] = cover[i].max(s.coverage(x, y));
            let d = s.distance(x as f32 + 0.5, y as f32 + 0.5) - 0.5 * s.width;
            edge[i] = edge[i].min(d);
        }
        let c = cover[i];
        for (v, hl) in p.0.iter_mut().zip(hair_lin) {
            *v = from_linear(to_linear(*v) * (1.0 - c) + hl * c);
        }
    }
    (soften(&img), cover, edge)
}

/// A phone camera's softness: a [1 2 1]/4 blur across and down, in linear light.
fn soften(img: &RgbImage) -> RgbImage {
    let (w, h) = img.dimensions();
    let at = |x: i64, y: i64, c: usize| {
        let (x, y) = (
            x.clamp(0, w as i64 - 1) as u32,
            y.clamp(0, h as i64 - 1) as u32,
        );
        to_linear(img.get_pixel(x, y).0[c])
    };
    RgbImage::from_fn(w, h, |x, y| {
        let (x, y) = (i64::from(x), i64::from(y));
        Rgb(std::array::from_fn(|c| {
            let mut sum = 0.0;
            for (dy, ky) in [(-1, 1.0), (0, 2.0), (1, 1.0)] {
                for (dx, kx) in [(-1, 1.0), (0, 2.0), (1, 1.0)] {
                    sum += kx * ky * at(x + dx, y + dy, c);
                }
            }
            from_linear(sum / 16.0)
        }))
    })
}

/// Share of hair pixels (coverage ≥ ½) detected, and share of clear skin (more than `margin_px`
/// from every hair) flagged.
fn rates(mask: &HairMask, cover: &[f32], edge: &[f32], margin_px: f32) -> (f32, f32) {
    let w = mask.width();
    let (mut hair, mut found, mut clear, mut false_hits) = (0, 0, 0, 0);
    for (i, (&c, &e)) in cover.iter().zip(edge).enumerate() {
        let (x, y) = ((i as u32 % w) as f32 + 0.5, (i as u32 / w) as f32 + 0.5);
        let flagged = mask.is_hair(x, y);
        if c >= 0.5 {
            hair += 1;
            found += usize::from(flagged);
        } else if e > margin_px {
            clear += 1;
            false_hits += usize::from(flagged);
        }
    }
    assert!(hair > 500 && clear > 10_000, "hair {hair} clear {clear}");
    (found as f32 / hair as f32, false_hits as f32 / clear as f32)
}

fn settings(sensitivity: f32) -> HairSettings {
    HairSettings {
        sensitivity,
        ..HairSettings::default()
    }
}

/// Clear skin starts this far from a hair's edge: the clearance plus a pixel of anti-aliasing.
fn margin() -> f32 {
    (f64::from(HairSettings::default().clearance_mm) * PPM) as f32 + 1.5
}

#[test]
fn fine_dark_hairs_on_light_skin_are_found() {
    let hairs = random_hairs(480, 320, 90, 1);
    let (img, cover, edge) = hairy_skin(480, 320, [215, 170, 140], [45, 33, 28], &hairs);
    let mask = detect_hair(&img, PPM, &HairSettings::default());
    let (found, false_rate) = rates(&mask, &cover, &edge, margin());
    println!(
        "light skin: {:.1} % of hair found, {:.2} % of clear skin flagged",
        found * 100.0,
        false_rate * 100.0
    );
    assert!(found >= 0.9, "found {found}");
    assert!(false_rate <= 0.02, "false {false_rate}");
    assert!(mask.hair_fraction() > 0.02 && mask.hair_fraction() < 0.3);
}

#[test]
fn dark_hair_on_dark_skin_is_found_at_higher_sensitivity() {
    let hairs = random_hairs(480, 320, 90, 2);
    let (img, cover, edge) = hairy_skin(480, 320, [95, 65, 50], [70, 50, 40], &hairs);
    let default = detect_hair(&img, PPM, &HairSettings::default());
    let keen = detect_hair(&img, PPM, &settings(0.9));
    let (found_default, _) = rates(&default, &cover, &edge, margin());
    let (found, false_rate) = rates(&keen, &cover, &edge, margin());
    println!(
        "dark skin: {:.1} % found at 0.5, {:.1} % at 0.9 with {:.2} % of clear skin flagged",
        found_default * 100.0,
        found * 100.0,
        false_rate * 100.0
    );
    assert!(found >= 0.9, "found {found}");
    assert!(false_rate <= 0.02, "false {false_rate}");
    // These hairs are faint (about a third darker than the skin) but lines: the strand filter
    // finds most of them at the default sensitivity too.
    assert!(
        found_default >= 0.8 && found_default <= found,
        "default {found_default}"
    );
}

#[test]
fn dense_dark_hair_counts_as_hair() {
    let (w, h) = (400u32, 300u32);
    let mut img = skin_patch(w, h, [215, 170, 140], 4);
    // A 5 mm square of dense dark hair: near-black with a fine texture, no skin showing.
    let side = (5.0 * PPM) as u32;
    let (x0, y0) = (150, 100);
    for y in y0..y0 + side {
        for x in x0..x0 + side {
            let v = 20 + ((x * 7 + y * 13) % 17) as u8;
            img.put_pixel(x, y, Rgb([v + 4, v + 2, v]));
        }
    }
    let mask = detect_hair(&img, PPM, &HairSettings::default());
    let inside = mask.fraction_in(x0, y0, x0 + side, y0 + side);
    let margin = (0.5 * PPM) as u32;
    let left = mask.fraction_in(0, 0, x0 - margin, h);
    let right = mask.fraction_in(x0 + side + margin, 0, w, h);
    println!("dense patch: {inside} inside, {left} and {right} beside");
    assert!(inside > 0.98, "inside {inside}");
    assert!(left < 0.01 && right < 0.01, "beside {left} {right}");
}

#[test]
fn higher_sensitivity_flags_at_least_as_much() {
    let hairs = random_hairs(360, 240, 60, 5);
    let (img, _, _) = hairy_skin(360, 240, [200, 150, 120], [70, 50, 40], &hairs);
    let photo = image::open(sample_path()).map(|i| i.to_rgb8());
    let sample_crop = photo
        .as_ref()
        .map(|p| image::imageops::crop_imm(p, 1000, 300, 800, 800).to_image());
    for (img, ppm) in [(&img, PPM), (sample_crop.as_ref().unwrap_or(&img), 12.0)] {
        let mut last = 0.0;
        for s in [0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0] {
            let f = detect_hair(img, ppm, &settings(s)).hair_fraction();
            assert!(f >= last, "sensitivity {s}: {f} < {last}");
            last = f;
        }
        assert!(last > detect_hair(img, ppm, &settings(0.0)).hair_fraction());
    }
}

#[test]
fn plain_skin_has_no_hair() {
    for rgb in [[240, 210, 190], [200, 150, 120], [95, 65, 50]] {
        let img = skin_patch(300, 200, rgb, 9);
        let f = detect_hair(&img, PPM, &HairSettings::default()).hair_fraction();
        assert!(f < 0.002, "{rgb:?}: {f}");
    }
    let flat = RgbImage::from_pixel(64, 48, Rgb([200, 160, 140]));
    assert_eq!(detect_hair(&flat, PPM, &settings(1.0)).hair_fraction(), 0.0);
}

#[test]
fn shading_over_the_head_is_not_hair() {
    // Skin lit on the left, falling into shade (a third of the light) over 10 mm to the right.
    let (w, h) = (480u32, 200u32);
    let patch = skin_patch(w, h, [215, 170, 140], 5);
    let ramp = 10.0 * PPM as f32;
    let img = RgbImage::from_fn(w, h, |x, y| {
        let t = ((x as f32 - 100.0) / ramp).clamp(0.0, 1.0);
        let light = 1.0 - 0.67 * t * t * (3.0 - 2.0 * t);
        Rgb(patch
            .get_pixel(x, y)
            .0
            .map(|v| from_linear(to_linear(v) * light)))
    });
    let f = detect_hair(&img, PPM, &HairSettings::default()).hair_fraction();
    assert!(f < 0.002, "{f}");
}

#[test]
fn clearance_widens_the_mask() {
    let hairs = random_hairs(300, 200, 30, 8);
    let (img, _, _) = hairy_skin(300, 200, [215, 170, 140], [45, 33, 28], &hairs);
    let tight = HairSettings {
        clearance_mm: 0.0,
        ..HairSettings::default()
    };
    let wide = HairSettings {
        clearance_mm: 0.2,
        ..HairSettings::default()
    };
    let (a, b) = (
        detect_hair(&img, PPM, &tight),
        detect_hair(&img, PPM, &wide),
    );
    // Everything found without clearance stays found with it, and the margin adds area.
    for y in 0..200 {
        for x in 0..300 {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            assert!(!a.is_hair(px, py) || b.is_hair(px, py));
        }
    }
    assert!(b.hair_fraction() > 2.0 * a.hair_fraction());
}

fn sample_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-scalp.jpg")
}

#[test]
fn sample_photo_has_hair_behind_the_hairline_only() {
    let photo = image::open(sample_path()).map(|i| i.to_rgb8());
    let Ok(photo) = photo else {
        panic!("sample photo missing");
    };
    // The sample is 3000 × 2000 at 12 px/mm (assets/sample.ron).
    let mask = detect_hair(&photo, 12.0, &HairSettings::default());
    let hairy = mask.fraction_in(1230, 330, 1790, 890);
    let bald = mask.fraction_in(1000, 1300, 2000, 1800);
    let temple = mask.fraction_in(400, 900, 900, 1300);
    println!("sample: hairy {hairy:.3}, bald forehead {bald:.4}, temple {temple:.4}");
    assert!((0.08..0.6).contains(&hairy), "hairy {hairy}");
    assert!(bald < 0.005, "bald {bald}");
    assert!(temple < 0.01, "temple {temple}");
    assert!(hairy > 20.0 * bald.max(0.001));
}

#[test]
fn tiny_and_odd_photos_do_not_panic() {
    for (w, h) in [(0, 0), (1, 1), (1, 7), (7, 1), (2, 2), (3, 500)] {
        let img = RgbImage::from_pixel(w, h, Rgb([10, 10, 10]));
        for ppm in [0.0, 0.5, 12.0, 500.0, f64::NAN] {
            let mask = detect_hair(&img, ppm, &settings(1.0));
            assert_eq!((mask.width(), mask.height()), (w, h));
            assert!((0.0..=1.0).contains(&mask.hair_fraction()));
            assert!(!mask.is_hair(-1.0, 0.0) && !mask.is_hair(0.0, h as f32));
            let _ = mask.overlay(View::FULL, w, h, [255, 0, 0, 128]);
        }
        assert!(sample_point(&img, 0, 0, 3).is_some() == (w > 0 && h > 0));
        assert_eq!(sample_auto(&img, |_, _| 1.0, None), None); // all shadow
    }
    let one = RgbImage::from_pixel(1, 1, Rgb([200, 150, 120]));
    assert!(sample_auto(&one, |_, _| 1.0, None).is_some());
    assert!(sample_point(&one, 1, 0, 0).is_none());
}

#[test]
fn overlay_and_tint_show_the_detected_hair() {
    let hairs = random_hairs(240, 160, 20, 3);
    let (img, _, _) = hairy_skin(240, 160, [215, 170, 140], [45, 33, 28], &hairs);
    let mask = detect_hair(&img, PPM, &HairSettings::default());
    let full = mask.overlay(View::FULL, 240, 160, [0, 200, 255, 160]);
    for (x, y, p) in full.enumerate_pixels() {
        let hair = mask.is_hair(x as f32 + 0.5, y as f32 + 0.5);
        assert_eq!(p.0[3], if hair { 160 } else { 0 });
    }
    // A quarter-size view: alpha follows the share of hair under each output pixel.
    let view = View {
        x0: 0.0,
        y0: 0.0,
        scale: 0.25,
    };
    let small = mask.overlay(view, 60, 40, [0, 200, 255, 255]);
    let mean_alpha = small.pixels().map(|p| f32::from(p.0[3])).sum::<f32>() / (60.0 * 40.0 * 255.0);
    assert!(
        (mean_alpha - mask.hair_fraction()).abs() < 0.02,
        "{mean_alpha}"
    );
    let mut tinted = img.clone();
    mask.tint(&mut tinted, View::FULL, [0, 255, 0], 1.0);
    for (x, y, p) in tinted.enumerate_pixels() {
        let hair = mask.is_hair(x as f32 + 0.5, y as f32 + 0.5);
        assert_eq!(p.0 == [0, 255, 0], hair, "({x}, {y})");
    }
}

// --- Skin tone ---------------------------------------------------------------------------------

#[test]
fn ita_and_fitzpatrick_of_known_skin_colours() {
    // sRGB, ITA° (from the CIELAB definition), Fitzpatrick.
    let cases = [
        ([245, 222, 205], 74.3, 1, "I", "very light"),
        ([215, 170, 140], 46.5, 2, "II", "light"),
        ([200, 150, 120], 34.8, 3, "III", "intermediate"),
        ([180, 130, 100], 19.8, 4, "IV", "tan"),
        ([135, 95, 70], -16.3, 5, "V", "brown"),
        ([95, 65, 50], -53.6, 6, "VI", "dark"),
    ];
    for (rgb, ita, fitz, label, words) in cases {
        let tone = SkinTone::from_srgb(rgb);
        assert!(
            (tone.ita_deg - ita).abs() < 0.3,
            "{rgb:?}: ITA {}",
            tone.ita_deg
        );
        assert_eq!(tone.fitzpatrick, fitz, "{rgb:?}");
        assert_eq!(tone.fitzpatrick_label(), label);
        assert_eq!(tone.description(), words);
    }
    let white = SkinTone::from_srgb([255, 255, 255]);
    assert!((white.lab[0] - 100.0).abs() < 0.05 && white.lab[1].abs() < 0.05);
    let mid = SkinTone::from_srgb([119, 119, 119]);
    assert!((mid.lab[0] - 50.0).abs() < 0.3, "{:?}", mid.lab);
}

#[test]
fn eyedropper_ignores_a_hair_in_the_disc() {
    let mut img = skin_patch(80, 80, [200, 150, 120], 2);
    for y in 0..80 {
        for dx in 0..2 {
            img.put_pixel(40 + dx, y, Rgb([30, 22, 18]));
        }
    }
    let tone = sample_point(&img, 40, 40, 6).map(|t| t.srgb);
    let Some(rgb) = tone else {
        panic!("no sample");
    };
    for (got, want) in rgb.into_iter().zip([200u8, 150, 120]) {
        assert!(got.abs_diff(want) <= 6, "{rgb:?}");
    }
}

#[test]
fn automatic_sample_keeps_to_the_region_and_skips_hair() {
    // Left half fair skin, right half brown; dense hairs over the left half.
    let hairs = random_hairs(240, 200, 120, 4);
    let (fair, _, _) = hairy_skin(240, 200, [235, 200, 180], [30, 22, 18], &hairs);
    let brown = skin_patch(240, 200, [135, 95, 70], 6);
    let img = RgbImage::from_fn(480, 200, |x, y| {
        if x < 240 {
            *fair.get_pixel(x, y)
        } else {
            *brown.get_pixel(x - 240, y)
        }
    });
    let mask = detect_hair(&img, PPM, &HairSettings::default());
    let left = sample_auto(&img, |x, _| if x < 240 { 1.0 } else { 0.0 }, Some(&mask));
    let right = sample_auto(&img, |x, _| if x >= 240 { 1.0 } else { 0.0 }, None);
    let (Some(left), Some(right)) = (left, right) else {
        panic!("no sample");
    };
    for (got, want) in left.tone.srgb.into_iter().zip([235u8, 200, 180]) {
        assert!(got.abs_diff(want) <= 6, "left {:?}", left.tone.srgb);
    }
    for (got, want) in right.tone.srgb.into_iter().zip([135u8, 95, 70]) {
        assert!(got.abs_diff(want) <= 6, "right {:?}", right.tone.srgb);
    }
    assert_eq!(left.tone.fitzpatrick, 1);
    assert_eq!(right.tone.fitzpatrick, 5);
    assert_eq!(sample_auto(&img, |_, _| 0.0, None), None);
}

/// A layer's look: needle, healed deposit (mm) and dilution, with the default variation.
fn look(needle: Needle, dot_mm: f32, dilution: f32) -> LayerLook {
    LayerLook {
        dot_mm,
        dilution,
        size_jitter: 0.2,
        tone_jitter: 0.5,
        shape: DotShape {
            needle,
            ..DotShape::default()
        },
    }
}

fn kinds(advice: &[Advice]) -> Vec<&'static str> {
    advice
        .iter()
        .map(|a| match a {
            Advice::BlueCast { .. } => "blue",
            Advice::TooMuchContrast { .. } => "contrast",
            Advice::TooFaint { .. } => "faint",
            Advice::DotsTooSmall { .. } => "small",
        })
        .collect()
}

#[test]
fn dark_shade_on_very_fair_skin_warns_of_blue_and_contrast() {
    let fair = SkinTone::from_srgb([245, 222, 205]);
    let advice = advise(&fair, &look(RL3, 0.165, 4.0), 100.0);
    assert_eq!(kinds(&advice), ["blue", "contrast"]);
    for a in &advice {
        println!("{}", a.message());
        match *a {
            Advice::BlueCast {
                suggested_dilution, ..
            } => {
                assert!((6.0..=18.0).contains(&suggested_dilution), "{a:?}");
                assert!(
                    advise(&fair, &look(RL3, 0.165, suggested_dilution), 100.0)
                        .iter()
                        .all(|b| !matches!(b, Advice::BlueCast { .. }))
                );
            }
            Advice::TooMuchContrast {
                suggested_dilution, ..
            } => {
                assert!((10.0..=20.0).contains(&suggested_dilution), "{a:?}");
                assert!(advise(&fair, &look(RL3, 0.165, suggested_dilution), 100.0).is_empty());
            }
            _ => unreachable!(),
        }
        assert!(a.message().contains("4:1"));
    }
    // A cool, pinkish fair skin turns blue even at a middling shade; the lighter shade suggested
    // (or finer single-point dots) avoids it.
    let cool = SkinTone::from_srgb([235, 210, 205]);
    assert_eq!(
        kinds(&advise(&cool, &look(RL3, 0.165, 14.0), 100.0)),
        ["blue"]
    );
    assert_eq!(
        kinds(&advise(&cool, &look(RL1, 0.14, 8.0), 100.0)),
        ["blue"]
    );
    let Some(Advice::BlueCast {
        suggested_dilution, ..
    }) = advise(&cool, &look(RL1, 0.14, 8.0), 100.0).first().copied()
    else {
        panic!("no blue advice");
    };
    assert!(advise(&cool, &look(RL1, 0.14, suggested_dilution), 100.0).is_empty());
}

#[test]
fn light_shade_on_very_fair_skin_is_fine() {
    let fair = SkinTone::from_srgb([245, 222, 205]);
    assert_eq!(advise(&fair, &look(RL3, 0.165, 18.0), 100.0), []);
    assert_eq!(advise(&fair, &look(RL1, 0.14, 14.0), 100.0), []);
    // Fine single-point dots in a very light shade barely show: a darker shade or a larger
    // needle is advised.
    assert_eq!(
        kinds(&advise(&fair, &look(RL1, 0.10, 20.0), 100.0)),
        ["faint", "small"]
    );
}

#[test]
fn small_dots_on_dark_skin_are_too_small() {
    for rgb in [[135, 95, 70], [95, 65, 50], [60, 40, 30]] {
        let skin = SkinTone::from_srgb(rgb);
        assert!(skin.fitzpatrick >= 5);
        let advice = advise(&skin, &look(RL1, 0.10, 8.0), 100.0);
        let Some(Advice::DotsTooSmall { suggested_mm, .. }) = advice
            .iter()
            .find(|a| matches!(a, Advice::DotsTooSmall { .. }))
            .copied()
        else {
            panic!("{rgb:?}: {advice:?}");
        };
        assert!((0.15..=0.3).contains(&suggested_mm), "{suggested_mm}");
        assert!(!kinds(&advise(&skin, &look(RL1, suggested_mm, 8.0), 100.0)).contains(&"small"));
        println!("{}", advice[advice.len() - 1].message());
    }
    // A very light shade on dark skin barely shows.
    let dark = SkinTone::from_srgb([95, 65, 50]);
    let advice = advise(&dark, &look(RL3, 0.165, 30.0), 100.0);
    let Some(Advice::TooFaint {
        suggested_dilution, ..
    }) = advice
        .iter()
        .find(|a| matches!(a, Advice::TooFaint { .. }))
        .copied()
    else {
        panic!("{advice:?}");
    };
    assert!(
        suggested_dilution < 30.0
            && healed_dot(&dark, &look(RL3, 0.165, suggested_dilution), 100.0).delta_l >= 8.0
    );
}

#[test]
fn typical_choice_on_medium_skin_is_fine() {
    for rgb in [[200, 150, 120], [205, 160, 135], [180, 130, 100]] {
        let skin = SkinTone::from_srgb(rgb);
        // The defaults: a 3RL 0.30 mm needle at 8:1.
        assert_eq!(advise(&skin, &look(RL3, 0.165, 8.0), 100.0), [], "{rgb:?}");
    }
}

#[test]
fn darker_shades_darken_and_cool_the_dot() {
    let skin = SkinTone::from_srgb([215, 170, 140]);
    let mut last = healed_dot(&skin, &look(RL3, 0.165, 30.0), 100.0);
    for d in [20.0, 14.0, 10.0, 6.0, 4.0] {
        let dot = healed_dot(&skin, &look(RL3, 0.165, d), 100.0);
        assert!(dot.delta_l > last.delta_l && dot.cool_shift < last.cool_shift);
        assert!(dot.srgb.iter().zip(skin.srgb).all(|(a, b)| *a < b));
        last = dot;
    }
}

#[test]
fn sample_photo_skin_tone_ignores_backdrop_and_hair() {
    let Ok(photo) = image::open(sample_path()).map(|i| i.to_rgb8()) else {
        panic!("sample photo missing");
    };
    // The sample's skin is a light-medium tone (205, 160, 135 before lighting).
    let mask = detect_hair(&photo, 12.0, &HairSettings::default());
    let whole = sample_auto(&photo, |_, _| 1.0, Some(&mask)).map(|s| s.tone);
    let forehead = sample_point(&photo, 1500, 1500, 12);
    let (Some(whole), Some(forehead)) = (whole, forehead) else {
        panic!("no sample");
    };
    println!("sample skin: whole {whole:?}\n  forehead {forehead:?}");
    for tone in [whole, forehead] {
        assert!((2..=3).contains(&tone.fitzpatrick), "{tone:?}");
        assert!(tone.srgb[0] > tone.srgb[1] && tone.srgb[1] > tone.srgb[2]);
    }
}
