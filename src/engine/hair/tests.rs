//! Tests of the parent module.

use image::{Rgb, RgbImage};

use super::background::{Grid, dilate, skin_envelope};
use super::strands::{StrandThresholds, WorkingScale, find_strands};

#[test]
fn dilation_is_a_disc() {
    let (w, h) = (21, 21);
    let mut data = vec![false; w * h];
    data[10 * w + 10] = true;
    // Offsets with dx² + dy² ≤ 2.5²: 1 + 4 + 4 + 4 + 8 = 21 pixels.
    let grown = dilate(&data, w, h, 2.5);
    assert_eq!(grown.iter().filter(|&&g| g).count(), 21);
    assert!(grown[10 * w + 12] && grown[12 * w + 10] && grown[11 * w + 12]);
    assert!(!grown[12 * w + 12] && !grown[10 * w + 13]);
    assert_eq!(dilate(&data, w, h, 0.9), data);
    // At the border nothing wraps to the next row.
    let mut edge = vec![false; w * h];
    edge[5 * w + w - 1] = true;
    let grown = dilate(&edge, w, h, 1.0);
    assert!(!grown[6 * w] && !grown[5 * w]);
    assert_eq!(grown.iter().filter(|&&g| g).count(), 4);
}

#[test]
fn background_grid_interpolates_between_block_centres() {
    // Blocks of 4 px: centres at x = 2 and 6 (pixel centres 1.5 … 5.5 between them).
    let grid = Grid::new(8, 2, 1, 4, vec![0.0, 1.0]);
    let row = grid.row(0);
    let at: Vec<f32> = (0..8).map(|x| grid.at(&row, x)).collect();
    assert_eq!(at[0], 0.0);
    assert_eq!(at[1], 0.0);
    assert!((at[3] - 0.375).abs() < 1e-6 && (at[4] - 0.625).abs() < 1e-6);
    assert_eq!(at[7], 1.0);
}

#[test]
fn the_skin_envelope_follows_gentle_shading_and_bridges_a_sharp_dip() {
    // A row of blocks: a gentle fall (0.05 per block), then a sharp dip to a tenth.
    let fall = 0.1f32;
    let mut row: Vec<f32> = (0..10).map(|i| (-0.05 * i as f32).exp()).collect();
    let last = row[9];
    row.extend([0.1 * last; 5]);
    let e = skin_envelope(&row, row.len(), 1, fall);
    for i in 0..10 {
        assert!((e[i] - row[i]).abs() < 1e-5, "{i}: {} vs {}", e[i], row[i]);
    }
    for (k, v) in e[10..].iter().enumerate() {
        let expected = last * (-fall * (k + 1) as f32).exp();
        assert!((v - expected).abs() < 1e-5, "{k}: {v} vs {expected}");
    }
}

/// A 64 × 64 skin-grey image with `draw` applied at each pixel (linear value in, out).
fn image(draw: impl Fn(f32, f32) -> f32) -> RgbImage {
    RgbImage::from_fn(64, 64, |x, y| {
        let v = draw(x as f32 + 0.5, y as f32 + 0.5);
        let c = crate::engine::colour::from_linear(v);
        Rgb([c, c, c])
    })
}

fn strands_of(img: &RgbImage) -> usize {
    let scale = WorkingScale::new(64, 64, 10.0);
    let thresholds = StrandThresholds {
        luminance: 0.05,
        luminance_noise: 4.0,
        chroma: 0.05,
        chroma_noise: 4.0,
    };
    find_strands(img, &scale, &thresholds)
        .iter()
        .filter(|&&s| s)
        .count()
}

#[test]
fn lines_are_strands_and_pores_edges_and_gradients_are_not() {
    // A dark and a light line a pixel wide, along a diagonal.
    let dark = image(|x, y| if (x - y).abs() < 0.5 { 0.15 } else { 0.4 });
    let light = image(|x, y| if (x - y).abs() < 0.5 { 0.6 } else { 0.4 });
    assert!(strands_of(&dark) > 40, "dark {}", strands_of(&dark));
    assert!(strands_of(&light) > 40, "light {}", strands_of(&light));
    // A round pore 3 px across, 30 % darker: as strong, not elongated.
    let pore = image(|x, y| {
        let d2 = (x - 32.0).powi(2) + (y - 32.0).powi(2);
        0.4 * (1.0 - 0.3 * (-d2 / 2.0).exp())
    });
    assert_eq!(strands_of(&pore), 0);
    // The edge of a dark area, and a steep shading ramp.
    let edge = image(|x, _| if x < 32.0 { 0.05 } else { 0.4 });
    assert_eq!(strands_of(&edge), 0);
    let ramp = image(|x, _| 0.4 * (-0.05 * x).exp());
    assert_eq!(strands_of(&ramp), 0);
}

#[test]
fn large_photos_are_read_at_a_working_scale() {
    let scale = WorkingScale::new(6000, 4000, 30.0);
    assert_eq!(scale.factor, 2);
    assert_eq!((scale.width, scale.height), (3000, 2000));
    assert!((scale.px_per_mm - 15.0).abs() < 1e-9);
    assert_eq!(WorkingScale::new(10, 10, 8.0).factor, 1);
}
