//! Hair detection on synthetic photos of thinning hair: a scalp shaded towards a temple, with
//! dark, grey and white strands of known width drawn on it, and the dots a thinning-hair layer
//! places around them.
//!
//! The photos are at 10 px/mm, so a 0.06–0.10 mm strand is 0.6–1.0 px wide: thinner than a
//! pixel, as single hairs are on a 12-megapixel phone photo of a whole head.

use std::collections::BTreeSet;

use follicle::engine::colour::{LUMA_WEIGHTS, from_linear, to_linear};
use follicle::engine::hair::{HairMask, HairSettings, detect_hair};
use follicle::engine::pattern::Candidate;
use follicle::engine::project::{Layer, Project};
use follicle::engine::render::{PatternCache, layer_dots};
use follicle::engine::units::Scale;
use follicle::testing::sample::skin_patch;
use image::{Rgb, RgbImage};

const PPM: f64 = 10.0;
const W: u32 = 800;
const H: u32 = 400;
/// Strands grow in rows 0 … `HAIRY_ROWS`; below them the scalp is bare.
const HAIRY_ROWS: u32 = 200;
/// Bare skin is counted from this row down (2 mm clear of the lowest strand's row).
const BARE_FROM: u32 = 230;
/// The shading: full light left of 20 mm, falling to `SHADE` (linear light) at 65 mm.
const LIT_UNTIL_MM: f32 = 20.0;
const SHADED_FROM_MM: f32 = 65.0;
/// 45 % of the lit side's sRGB values, in linear light.
const SHADE: f32 = 0.17;

/// A small deterministic generator (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Roughly normal, mean 0, deviation 1 (sum of four uniforms).
    fn normal(&mut self) -> f32 {
        (self.next() + self.next() + self.next() + self.next() - 2.0) * 1.732
    }
}

/// A curved strand: a quadratic Bézier from `a` through control `c` to `b`, as a polyline.
struct Strand {
    points: Vec<[f32; 2]>,
    width: f32,
}

impl Strand {
    /// Distance from (x, y) to the strand's centre line.
    fn distance(&self, x: f32, y: f32) -> f32 {
        self.points
            .windows(2)
            .map(|s| {
                let ([ax, ay], [bx, by]) = (s[0], s[1]);
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = (dx * dx + dy * dy).max(1e-9);
                let t = (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0);
                let (px, py) = (ax + t * dx - x, ay + t * dy - y);
                (px * px + py * py).sqrt()
            })
            .fold(f32::MAX, f32::min)
    }

    fn bounds(&self, pad: f32) -> (u32, u32, u32, u32) {
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &[x, y] in &self.points {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        let clip = |v: f32, hi: u32| (v.max(0.0) as u32).min(hi);
        (
            clip(x0 - pad, W),
            clip(y0 - pad, H),
            clip(x1 + pad + 1.0, W),
            clip(y1 + pad + 1.0, H),
        )
    }
}

/// `count` curved strands 2–6 mm long, 0.06–0.10 mm wide, in the hairy rows.
fn strands(count: usize, seed: u64) -> Vec<Strand> {
    let mut rng = Lcg(seed);
    let ppm = PPM as f32;
    (0..count)
        .map(|_| {
            let a = [
                rng.next() * W as f32,
                rng.next() * (HAIRY_ROWS as f32 - 10.0),
            ];
            let angle = rng.next() * std::f32::consts::TAU;
            let len = (2.0 + 4.0 * rng.next()) * ppm;
            let b = [a[0] + len * angle.cos(), a[1] + len * angle.sin()];
            // Bend: the control point off the chord's middle by up to a quarter of its length.
            let bend = (rng.next() - 0.5) * 0.5 * len;
            let c = [
                0.5 * (a[0] + b[0]) - bend * angle.sin(),
                0.5 * (a[1] + b[1]) + bend * angle.cos(),
            ];
            let points = (0..=24)
                .map(|k| {
                    let t = k as f32 / 24.0;
                    let u = 1.0 - t;
                    std::array::from_fn(|i| u * u * a[i] + 2.0 * u * t * c[i] + t * t * b[i])
                })
                .filter(|p: &[f32; 2]| p[1] < HAIRY_ROWS as f32)
                .collect();
            Strand {
                points,
                width: (0.06 + 0.04 * rng.next()) * ppm,
            }
        })
        .filter(|s| s.points.len() >= 2)
        .collect()
}

/// Light falling on the scalp at photo column `x` (linear light, 1 on the lit side).
fn light(x: f32) -> f32 {
    let mm = x / PPM as f32;
    let t = ((mm - LIT_UNTIL_MM) / (SHADED_FROM_MM - LIT_UNTIL_MM)).clamp(0.0, 1.0);
    1.0 - (1.0 - SHADE) * t * t * (3.0 - 2.0 * t)
}

/// A photo and what is in it.
struct Photo {
    image: RgbImage,
    /// Distance from each pixel's centre to the nearest strand's centre line, in pixels.
    to_strand: Vec<f32>,
}

impl Photo {
    /// Skin of colour `skin` (with the sample's pores and mottle) and strands of colour `hair`,
    /// mixed in linear light by the share of each pixel a strand covers, then shaded and given
    /// a camera's noise (1.5 sRGB levels).
    fn new(skin: [u8; 3], hair: [u8; 3], seed: u64) -> Self {
        let strands = strands(140, seed);
        let mut image = skin_patch(W, H, skin, seed);
        let mut cover = vec![0.0f32; (W * H) as usize];
        let mut to_strand = vec![f32::MAX; (W * H) as usize];
        for s in &strands {
            let (x0, y0, x1, y1) = s.bounds(4.0);
            for y in y0..y1 {
                for x in x0..x1 {
                    let i = (y * W + x) as usize;
                    let d = s.distance(x as f32 + 0.5, y as f32 + 0.5);
                    to_strand[i] = to_strand[i].min(d);
                    // A box-filtered edge: the share of the pixel inside the strand.
                    let c = (0.5 * s.width + 0.5 - d).clamp(0.0, 1.0).min(s.width);
                    cover[i] = cover[i].max(c);
                }
            }
        }
        let hair = hair.map(to_linear);
        let mut rng = Lcg(seed ^ 0x5eed);
        for (x, y, p) in image.enumerate_pixels_mut() {
            let i = (y * W + x) as usize;
            let (c, l) = (cover[i], light(x as f32 + 0.5));
            for (v, h) in p.0.iter_mut().zip(hair) {
                let mixed = (to_linear(*v) * (1.0 - c) + h * c) * l;
                let noisy = f32::from(from_linear(mixed)) + 1.5 * rng.normal();
                *v = noisy.round().clamp(0.0, 255.0) as u8;
            }
        }
        Photo { image, to_strand }
    }

    /// Share of strand-centre pixels (the centre line passes within half a pixel) flagged.
    fn recall(&self, mask: &HairMask) -> f32 {
        let (mut centre, mut found) = (0, 0);
        for (i, &d) in self.to_strand.iter().enumerate() {
            if d <= 0.5 {
                let (x, y) = (i as u32 % W, i as u32 / W);
                centre += 1;
                found += usize::from(mask.is_hair(x as f32 + 0.5, y as f32 + 0.5));
            }
        }
        assert!(centre > 3000, "{centre} strand-centre pixels");
        found as f32 / centre as f32
    }
}

/// Share of bare skin flagged in columns x0 … x1 (photo pixels).
fn bare_flagged(mask: &HairMask, x0: u32, x1: u32) -> f32 {
    mask.fraction_in(x0, BARE_FROM, x1, H)
}

/// The columns of the lit side, the shading ramp and the shaded temple.
const LIT: (u32, u32) = (0, 200);
const TEMPLE: (u32, u32) = (650, 800);

/// Flagged share of the bare skin in 8 mm wide columns across the shading.
fn bare_profile(mask: &HairMask) -> Vec<f32> {
    (0..W / 80)
        .map(|k| bare_flagged(mask, k * 80, (k + 1) * 80))
        .collect()
}

/// Linear luminance of a photo pixel.
fn luminance(p: &Rgb<u8>) -> f32 {
    (0..3).map(|c| LUMA_WEIGHTS[c] * to_linear(p.0[c])).sum()
}

/// Detects hair in `photo` at the default settings and prints what it measured.
fn measure(name: &str, photo: &Photo) -> (f32, f32, Vec<f32>) {
    measure_at(name, photo, &HairSettings::default())
}

/// The same at other settings.
fn measure_at(name: &str, photo: &Photo, settings: &HairSettings) -> (f32, f32, Vec<f32>) {
    let mask = detect_hair(&photo.image, PPM, settings);
    let recall = photo.recall(&mask);
    let temple = bare_flagged(&mask, TEMPLE.0, TEMPLE.1);
    let profile = bare_profile(&mask);
    let shown: Vec<String> = profile
        .iter()
        .map(|f| format!("{:.1}", f * 100.0))
        .collect();
    println!(
        "{name}: {:.1} % of strand centres found; bare temple {:.2} % flagged, lit side {:.2} %; \
         bare skin flagged per 8 mm across the shading (%): {}",
        recall * 100.0,
        temple * 100.0,
        bare_flagged(&mask, LIT.0, LIT.1) * 100.0,
        shown.join(" ")
    );
    (recall, temple, profile)
}

/// The checks every hair colour must pass.
fn assert_found_without_seam(name: &str, photo: &Photo) {
    let (recall, temple, profile) = measure(name, photo);
    assert!(recall >= 0.8, "{name}: recall {recall}");
    assert!(temple <= 0.02, "{name}: temple {temple}");
    let (lo, hi) = profile
        .iter()
        .fold((f32::MAX, 0.0f32), |(lo, hi), &f| (lo.min(f), hi.max(f)));
    assert!(hi <= 0.02 && hi - lo <= 0.015, "{name}: seam {profile:?}");
}

const FAIR_SKIN: [u8; 3] = [205, 160, 135];

#[test]
fn the_synthetic_photo_is_what_it_claims() {
    let photo = Photo::new(FAIR_SKIN, [60, 42, 32], 1);
    // The temple gets 45 % of the lit side's sRGB values.
    let mean = |x0: u32, x1: u32| {
        let (mut sum, mut n) = (0.0, 0);
        for y in BARE_FROM..H {
            for x in x0..x1 {
                sum += luminance(photo.image.get_pixel(x, y));
                n += 1;
            }
        }
        sum / n as f32
    };
    let ratio = mean(TEMPLE.0, TEMPLE.1) / mean(LIT.0, LIT.1);
    assert!((0.15..0.2).contains(&ratio), "temple/lit {ratio}");
    let srgb = from_linear(ratio * 0.4) as f32 / from_linear(0.4) as f32;
    assert!((0.4..0.5).contains(&srgb), "{srgb}");
    // Strands are there: the darkest strand centres are much darker than the skin beside them.
    let dark = photo
        .to_strand
        .iter()
        .enumerate()
        .filter(|&(i, &d)| d < 0.2 && (i as u32 % W) < LIT.1)
        .count();
    assert!(dark > 200, "{dark}");
}

#[test]
fn dark_brown_strands_on_a_shaded_scalp() {
    assert_found_without_seam("dark brown", &Photo::new(FAIR_SKIN, [60, 42, 32], 2));
}

#[test]
fn grey_strands_close_to_the_skin_in_brightness() {
    // About 10 % brighter than the skin in linear luminance, and colourless.
    let grey = [172, 170, 168];
    let skin = FAIR_SKIN.map(to_linear);
    let hair = grey.map(to_linear);
    let l = |c: [f32; 3]| (0..3).map(|k| LUMA_WEIGHTS[k] * c[k]).sum::<f32>();
    let ratio = l(hair) / l(skin);
    assert!((1.0..1.25).contains(&ratio), "grey/skin {ratio}");
    assert_found_without_seam("grey", &Photo::new(FAIR_SKIN, grey, 3));
}

#[test]
fn white_strands_on_darker_skin() {
    assert_found_without_seam("white", &Photo::new([125, 88, 66], [228, 226, 220], 4));
}

#[test]
fn blond_strands_on_pale_skin() {
    // Pale blond on pale skin: a little lighter and yellower than the skin, and thinner than a
    // pixel, so that it differs from the skin beside it by a few per cent at most. The default
    // finds most of them; the sensitivity slider finds more, still without flagging bare skin.
    let photo = Photo::new([226, 190, 170], [236, 214, 170], 5);
    let (default, temple, profile) = measure("blond on pale", &photo);
    assert!(default >= 0.5, "recall {default}");
    assert!(
        temple <= 0.02 && profile.iter().all(|&f| f <= 0.02),
        "{profile:?}"
    );
    let keen = HairSettings {
        sensitivity: 0.9,
        ..HairSettings::default()
    };
    let (recall, temple, profile) = measure_at("blond on pale at 0.9", &photo, &keen);
    assert!(recall >= 0.7 && recall > default + 0.1, "recall {recall}");
    assert!(temple <= 0.02, "temple {temple}");
    assert!(profile.iter().all(|&f| f <= 0.02), "{profile:?}");
}

fn thinning_project() -> Project {
    let mut p = Project::new("scalp.png".into(), Scale::calibrated(PPM), 1);
    let mut layer = Layer {
        density: 110.0,
        ..Layer::whole("Thinning", 7)
    };
    layer.avoid_hair = true;
    p.view_mut().layers = vec![layer];
    p
}

fn dots(project: &Project, hair: Option<&HairMask>) -> Vec<Candidate> {
    let layers = layer_dots(project, W, H, hair, &mut PatternCache::default())
        .expect("the dots fit the budget");
    layers[0].dots.points.clone()
}

/// A dot as a comparable key (its position and stable bits).
fn key(c: &Candidate) -> (u32, u32, u32) {
    (c.x.to_bits(), c.y.to_bits(), c.key)
}

#[test]
fn dots_under_hair_are_hidden_not_moved() {
    let photo = Photo::new(FAIR_SKIN, [172, 170, 168], 6);
    let project = thinning_project();
    let all = dots(&project, None);
    let default = detect_hair(&photo.image, PPM, &HairSettings::default());
    let keen = detect_hair(
        &photo.image,
        PPM,
        &HairSettings {
            sensitivity: 0.9,
            clearance_mm: 0.15,
        },
    );
    let on_default = dots(&project, Some(&default));
    let on_keen = dots(&project, Some(&keen));
    let kept: BTreeSet<_> = on_default.iter().map(key).collect();
    // The dots off the hair are exactly the dots without detection, minus those on the hair.
    let expected: BTreeSet<_> = all
        .iter()
        .filter(|c| !default.is_hair(c.x, c.y))
        .map(key)
        .collect();
    assert_eq!(kept, expected);
    assert!(on_default.len() < all.len(), "some dots fall on hair");
    // Other settings take out other dots, but every dot off both masks is the same dot.
    let keen_kept: BTreeSet<_> = on_keen.iter().map(key).collect();
    let off_both: BTreeSet<_> = all
        .iter()
        .filter(|c| !default.is_hair(c.x, c.y) && !keen.is_hair(c.x, c.y))
        .map(key)
        .collect();
    assert_eq!(
        kept.intersection(&keen_kept)
            .copied()
            .collect::<BTreeSet<_>>(),
        off_both
    );
    assert!(keen_kept.len() < kept.len(), "keener detection hides more");
    // Turned off, the dots under the hair come back: the full set again.
    let back: BTreeSet<_> = dots(&project, None).iter().map(key).collect();
    assert_eq!(back, all.iter().map(key).collect::<BTreeSet<_>>());
}

#[test]
fn dot_density_is_flat_across_the_shading() {
    let photo = Photo::new(FAIR_SKIN, [60, 42, 32], 8);
    let project = thinning_project();
    let mask = detect_hair(&photo.image, PPM, &HairSettings::default());
    let all = dots(&project, None);
    let kept = dots(&project, Some(&mask));
    // Per 8 mm column of bare skin: the share of the dots that stay.
    let count = |dots: &[Candidate], k: u32| {
        dots.iter()
            .filter(|c| c.y >= BARE_FROM as f32 && (c.x / 80.0) as u32 == k)
            .count()
    };
    let shares: Vec<f32> = (0..W / 80)
        .map(|k| count(&kept, k) as f32 / count(&all, k).max(1) as f32)
        .collect();
    println!("bare skin: share of dots kept per 8 mm column: {shares:.3?}");
    assert!(count(&all, 9) > 50, "enough dots to measure");
    assert!(
        shares.iter().all(|&s| s >= 0.97),
        "dots thin out across the shading: {shares:?}"
    );
}
