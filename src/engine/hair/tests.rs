//! Tests of the parent module.

use super::*;

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
