use super::mask::Mask;
use super::*;

fn at(mask: &Mask, x: f32, y: f32) -> f32 {
    mask.sample(x, y)
}

#[test]
fn strokes_paint_and_erase_with_soft_edges() {
    let region = Region {
        whole: false,
        ops: vec![
            RegionOp::Paint {
                points: vec![[100.0, 100.0], [300.0, 100.0]],
                radius_mm: 2.0,
                softness: 0.5,
            },
            RegionOp::Erase {
                points: vec![[200.0, 100.0]],
                radius_mm: 1.0,
                softness: 0.0,
            },
        ],
    };
    // 10 px/mm: the stroke is 20 px wide on each side, the eraser 10 px.
    let mask = region.rasterise(400, 200, 10.0, 2.0);
    assert!(at(&mask, 150.0, 100.0) > 0.99);
    let edge = at(&mask, 150.0, 120.0);
    assert!(edge > 0.2 && edge < 0.8, "soft edge: {edge}");
    assert!(at(&mask, 150.0, 130.0) < 0.01, "outside the stroke");
    assert!(at(&mask, 200.0, 100.0) < 0.01, "erased");
    assert!(
        at(&mask, 250.0, 100.0) > 0.99,
        "the rest of the stroke stays"
    );
}

#[test]
fn polygons_fill_inside_and_cutouts_remove() {
    let square = vec![[50.0, 50.0], [250.0, 50.0], [250.0, 150.0], [50.0, 150.0]];
    let hole = vec![[120.0, 80.0], [180.0, 80.0], [180.0, 120.0], [120.0, 120.0]];
    let region = Region {
        whole: false,
        ops: vec![
            RegionOp::Polygon {
                points: square,
                feather_mm: 1.0,
            },
            RegionOp::Cutout {
                points: hole,
                feather_mm: 0.0,
            },
        ],
    };
    let mask = region.rasterise(300, 200, 10.0, 2.0);
    assert!(at(&mask, 80.0, 100.0) > 0.99);
    assert!(at(&mask, 20.0, 100.0) < 0.01);
    assert!(
        (at(&mask, 50.0, 100.0) - 0.5).abs() < 0.15,
        "feathered edge is half covered"
    );
    assert!(at(&mask, 150.0, 100.0) < 0.01, "cut out");
}

#[test]
fn hairline_is_empty_in_front_and_full_behind_with_a_fade() {
    let hairline = Hairline {
        points: vec![[0.0, 100.0], [200.0, 100.0], [400.0, 100.0]],
        fade_mm: 5.0,
        irregularity: 0.0,
        flip: false,
    };
    let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
    hairline.apply(&mut mask, 10.0, 1);
    assert!(
        at(&mask, 200.0, 180.0) < 0.01,
        "in front (below) of the hairline"
    );
    assert!(at(&mask, 200.0, 20.0) > 0.99, "behind (above)");
    let mid = at(&mask, 200.0, 75.0);
    assert!(
        mid > 0.2 && mid < 0.8,
        "half way through the 50 px fade: {mid}"
    );
    assert!(
        at(&mask, 200.0, 90.0) < at(&mask, 200.0, 60.0),
        "rises towards the back"
    );

    let flipped = Hairline {
        flip: true,
        ..hairline.clone()
    };
    let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
    flipped.apply(&mut mask, 10.0, 1);
    assert!(
        at(&mask, 200.0, 180.0) > 0.99 && at(&mask, 200.0, 20.0) < 0.01,
        "flip swaps the sides"
    );
}

#[test]
fn an_irregular_hairline_wanders_but_keeps_its_sides() {
    let hairline = Hairline {
        points: vec![[0.0, 100.0], [400.0, 100.0]],
        fade_mm: 4.0,
        irregularity: 1.0,
        flip: false,
    };
    let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
    hairline.apply(&mut mask, 10.0, 7);
    let row: Vec<f32> = (0..40).map(|i| at(&mask, i as f32 * 10.0, 80.0)).collect();
    let spread =
        row.iter().copied().fold(f32::MIN, f32::max) - row.iter().copied().fold(f32::MAX, f32::min);
    assert!(spread > 0.3, "the edge wanders along the line: {row:?}");
    // Far ahead only the last stray dots remain; behind, full density.
    assert!(at(&mask, 200.0, 195.0) < 0.03 && at(&mask, 200.0, 5.0) > 0.99);
}

#[test]
fn stray_dots_reach_a_little_ahead_of_a_broken_hairline_only() {
    let line = |irregularity| Hairline {
        points: vec![[0.0, 100.0], [400.0, 100.0]],
        fade_mm: 4.0,
        irregularity,
        flip: false,
    };
    let ahead = |h: &Hairline, y: f32| {
        let mut mask = Region::default().rasterise(400, 300, 10.0, 2.0);
        h.apply(&mut mask, 10.0, 3);
        (0..40)
            .map(|i| at(&mask, i as f32 * 10.0 + 5.0, y))
            .sum::<f32>()
            / 40.0
    };
    let clean = line(0.0);
    let broken = line(0.8);
    // 2 mm ahead of the line: strays on a broken edge, nothing on a clean one.
    assert!(ahead(&clean, 120.0 + 40.0) < 1e-3);
    let near = ahead(&broken, 160.0);
    assert!((0.01..0.2).contains(&near), "{near}");
    // 15 mm ahead they are gone.
    assert!(ahead(&broken, 290.0) < 0.005);
}

#[test]
fn temple_ends_that_come_down_keep_the_hair_above_and_flip_moves_it_below() {
    // A hairline whose ends drop steeply at the temples, drawn either way round.
    let points = vec![
        [20.0, 170.0],
        [60.0, 60.0],
        [200.0, 90.0],
        [340.0, 60.0],
        [380.0, 170.0],
    ];
    for reversed in [false, true] {
        let mut p = points.clone();
        if reversed {
            p.reverse();
        }
        let hairline = Hairline {
            points: p,
            fade_mm: 2.0,
            irregularity: 0.0,
            flip: false,
        };
        let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
        hairline.apply(&mut mask, 10.0, 1);
        assert_eq!(hairline.towards_hair(), Some([0.0, -1.0]), "up");
        assert!(at(&mask, 200.0, 20.0) > 0.99, "above the centre: hair");
        assert!(at(&mask, 200.0, 180.0) < 0.01, "the forehead stays clear");
        assert!(at(&mask, 200.0, 120.0) < 0.01, "between the temples, below");
        let flipped = Hairline {
            flip: true,
            ..hairline
        };
        let mut mask = Region::default().rasterise(400, 200, 10.0, 2.0);
        flipped.apply(&mut mask, 10.0, 1);
        assert_eq!(flipped.towards_hair(), Some([0.0, 1.0]), "down");
        assert!(at(&mask, 200.0, 20.0) < 0.01, "flipped: above is clear");
        assert!(at(&mask, 200.0, 180.0) > 0.99, "flipped: below is covered");
    }
}
