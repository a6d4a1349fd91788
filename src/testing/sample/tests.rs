use image::RgbImage;

use super::*;

/// Mean and standard deviation of the luminance (0 … 255) over a rectangle of `img`.
fn luma_stats(img: &RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) -> (f64, f64) {
    let mut sum = 0.0;
    let mut sum2 = 0.0;
    let mut n = 0.0;
    for y in y0..y1 {
        for x in x0..x1 {
            let image::Rgb([r, g, b]) = *img.get_pixel(x, y);
            let l = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
            sum += l;
            sum2 += l * l;
            n += 1.0;
        }
    }
    let mean = sum / n;
    (mean, (sum2 / n - mean * mean).max(0.0).sqrt())
}

#[test]
fn sizes_are_as_asked() {
    let photo = scalp_photo(300, 200, 1);
    assert_eq!(photo.dimensions(), (300, 200));
    assert_eq!(
        skin_patch(64, 48, [200, 150, 130], 1).dimensions(),
        (64, 48)
    );
    let icon = app_icon(64);
    assert_eq!(icon.dimensions(), (64, 64));
    assert_eq!(scalp_photo(0, 10, 1).dimensions(), (0, 10));
    assert_eq!(scalp_photo(1, 1, 1).dimensions(), (1, 1));
    assert_eq!(scalp_photo(37, 503, 1).dimensions(), (37, 503));
}

#[test]
fn photo_is_deterministic_per_seed() {
    let a = scalp_photo(300, 200, 7);
    let b = scalp_photo(300, 200, 7);
    let c = scalp_photo(300, 200, 8);
    assert_eq!(a.as_raw(), b.as_raw());
    assert_ne!(a.as_raw(), c.as_raw());
    assert_eq!(
        skin_patch(50, 40, [200, 150, 130], 3),
        skin_patch(50, 40, [200, 150, 130], 3)
    );
    assert_ne!(
        skin_patch(50, 40, [200, 150, 130], 3),
        skin_patch(50, 40, [200, 150, 130], 4)
    );
    assert_eq!(app_icon(32), app_icon(32));
}

#[test]
fn hair_is_darker_than_forehead() {
    for (w, h) in [(300, 200), (900, 600)] {
        for seed in [1, 2, 3] {
            let img = scalp_photo(w, h, seed);
            let hair = luma_stats(&img, w * 2 / 5, h / 8, w * 3 / 5, h / 4).0;
            let forehead = luma_stats(&img, w * 2 / 5, h * 4 / 5, w * 3 / 5, h * 19 / 20).0;
            assert!(
                hair + 8.0 < forehead,
                "{w}x{h} seed {seed}: hair {hair} forehead {forehead}"
            );
        }
    }
}

#[test]
fn photo_is_not_flat() {
    let img = scalp_photo(300, 200, 1);
    let (mean, std) = luma_stats(&img, 0, 0, 300, 200);
    assert!(std > 25.0, "std {std}");
    assert!((60.0..200.0).contains(&mean), "mean {mean}");
    // Even the bare forehead has texture and noise.
    let (_, local) = luma_stats(&img, 130, 165, 170, 190);
    assert!(local > 0.8, "forehead std {local}");
}

#[test]
fn skin_patch_is_near_its_colour_and_textured() {
    let rgb = [205, 160, 135];
    let img = skin_patch(120, 90, rgb, 5);
    for (ch, want) in rgb.into_iter().enumerate() {
        let mean = img.pixels().map(|p| f64::from(p.0[ch])).sum::<f64>() / (120.0 * 90.0);
        assert!((mean - f64::from(want)).abs() < 6.0, "channel {ch}: {mean}");
    }
    let (_, std) = luma_stats(&img, 0, 0, 120, 90);
    assert!(std > 0.5 && std < 12.0, "std {std}");
}

#[test]
fn icon_is_transparent_outside_and_opaque_inside() {
    let icon = app_icon(128);
    assert_eq!(icon.get_pixel(0, 0).0[3], 0);
    assert_eq!(icon.get_pixel(127, 127).0[3], 0);
    assert_eq!(icon.get_pixel(64, 64).0[3], 255);
    // Dots at the top, bare skin lower down.
    let dark = |y0: u32, y1: u32| {
        let mut n = 0;
        for y in y0..y1 {
            for x in 44..84 {
                if icon.get_pixel(x, y).0[0] < 120 {
                    n += 1;
                }
            }
        }
        n
    };
    assert!(dark(20, 50) > 5 * dark(90, 110).max(1));
}
