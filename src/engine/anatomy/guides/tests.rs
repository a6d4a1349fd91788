//! Placing the guides' landmarks: flat and on a head, tilted faces, styles, bad guides.

use super::*;

const PPM: f64 = 10.0;

fn guides() -> FaceGuides {
    FaceGuides {
        glabella: [1000.0, 1500.0],
        eye_corners: [[1480.0, 1600.0], [520.0, 1600.0]],
        hairline_height_mm: 80.0,
    }
}

#[test]
fn flat_guides_measure_straight_up_from_the_glabella() {
    let p = place_guides(&guides(), None, PPM, Some(HairlineStyle::Natural)).expect("placed");
    assert_eq!(p.mid_frontal, [1000.0, 700.0]);
    assert!((p.height_mm - 80.0).abs() < 1e-3);
    // Corners over the outer eye corners, higher than the middle for a natural style.
    assert!((p.corners[0][0] - 520.0).abs() < 1e-3 && (p.corners[1][0] - 1480.0).abs() < 1e-3);
    assert!(p.corners[0][1] < 700.0 && p.corner_heights_mm[0] > 80.0);
    assert!(!p.along_scalp);
    assert!(
        p.notes()[0].starts_with("hairline 8.0 cm above the brow"),
        "{:?}",
        p.notes()
    );
}

#[test]
fn temple_peaks_lie_fifty_mm_back_and_down_from_the_corners_on_a_head() {
    assert_eq!(
        place_guides(&guides(), None, PPM, None)
            .expect("flat")
            .temple_peaks,
        None,
        "a flat view cannot place them"
    );
    // A head 200 mm across: the peaks are seen, outwards and lower than the corners.
    let head = HeadShape {
        centre: [1000.0, 1250.0],
        radii: [1000.0, 1300.0],
    };
    let p = place_guides(&guides(), Some(&head), PPM, None).expect("placed");
    let peaks = p.temple_peaks.expect("a head shape places them");
    for (k, peak) in peaks.iter().enumerate() {
        assert!(!peak.out_of_view, "{peak:?}");
        let along = scalp_length_mm(Some(&head), p.corners[k], peak.at, PPM);
        assert!((along - 50.0).abs() < 0.5, "{along} mm");
        assert!(peak.at[1] > p.corners[k][1], "lower than the corner");
        let outwards = (peak.at[0] - p.corners[k][0]) * if k == 0 { -1.0 } else { 1.0 };
        assert!(outwards > 100.0, "{outwards} px outwards");
    }
    // Mirror images about the midline.
    assert!((peaks[0].at[0] + peaks[1].at[0] - 2000.0).abs() < 1.0);
    assert!((peaks[0].at[1] - peaks[1].at[1]).abs() < 1.0);
    assert!(
        p.notes()[2].starts_with("temple peaks 5 cm along"),
        "{:?}",
        p.notes()
    );
    // A narrow head: they lie round the side, and the point shown stays inside the outline.
    let narrow = HeadShape {
        centre: [1000.0, 1250.0],
        radii: [560.0, 1300.0],
    };
    let p = place_guides(&guides(), Some(&narrow), PPM, None).expect("placed");
    let peaks = p.temple_peaks.expect("placed");
    assert!(
        peaks
            .iter()
            .all(|q| q.out_of_view && narrow.rho(q.at) < 1.0),
        "{peaks:?}"
    );
    assert!(
        p.notes()[2].contains("beyond this photo"),
        "{:?}",
        p.notes()
    );
}

#[test]
fn a_tilted_face_gets_a_tilted_hairline() {
    let mut g = guides();
    // Eye line turned by atan(0.1): "up" turns with it.
    g.eye_corners = [[520.0, 1648.0], [1480.0, 1552.0]];
    let p = place_guides(&g, None, PPM, None).expect("placed");
    let (dx, dy) = (p.mid_frontal[0] - 1000.0, p.mid_frontal[1] - 1500.0);
    assert!((dx.hypot(dy) - 800.0).abs() < 0.01);
    // The right eye corner is higher: up leans to the left.
    assert!((dx / dy - 0.1).abs() < 1e-3, "{dx} {dy}");
}

#[test]
fn a_style_runs_through_the_landmarks() {
    for style in HairlineStyle::ALL {
        let (h, p) = hairline_from_guides(style, &guides(), None, PPM, 3).expect("fits");
        assert!(h.points.contains(&p.mid_frontal), "{style:?}");
        assert!(h.points.contains(&p.corners[0]) && h.points.contains(&p.corners[1]));
        assert!(h.points.windows(2).all(|w| w[0][0] < w[1][0]), "{style:?}");
    }
}

#[test]
fn bad_guides_are_refused() {
    let mut g = guides();
    g.hairline_height_mm = 300.0;
    assert!(
        g.validate()
            .expect_err("refused")
            .contains("hairline height")
    );
    let mut g = guides();
    g.eye_corners[1] = g.eye_corners[0];
    assert!(g.validate().expect_err("refused").contains("eye corners"));
    let mut g = guides();
    g.glabella = [f32::NAN, 0.0];
    assert!(g.validate().expect_err("refused").contains("glabella"));
    let mut g = guides();
    g.glabella = [400.0, 1500.0];
    assert_eq!(
        place_guides(&g, None, PPM, None),
        Err(GuideError::GlabellaNotBetweenEyes)
    );
    assert!(
        guides()
            .check_on_photo(800, 800)
            .expect_err("refused")
            .contains("not on")
    );
}
