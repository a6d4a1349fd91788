//! What the sheet shows: its pages rasterised by `pdftoppm`, and its fonts as `pdffonts` lists
//! them.

use super::common::poppler::{self, band, grey, inset};
use super::{DPI, consultation, top_half_project, written};

#[test]
fn each_view_shows_its_photo_beside_a_darker_mock_up() {
    let (project, photos) = consultation();
    let (_dir, pdf) = written(&project, &photos, "test-consultation.pdf");
    // Page 1 shows each view's photo on the left and the mock-up on the right.
    let pages_dir = tempfile::tempdir().expect("temp dir");
    let raster = poppler::rasterise(&pdf, DPI, pages_dir.path());
    let pictures = poppler::pictures(&raster[0], 40);
    assert_eq!(
        pictures.len(),
        4,
        "two views, before and after: {pictures:?}"
    );
    for pair in pictures.chunks(2) {
        let (before, after) = (
            grey(&raster[0], inset(pair[0], 3)),
            grey(&raster[0], inset(pair[1], 3)),
        );
        assert!(
            after < before - 5.0,
            "the mock-up is not darker: {after:.1} vs {before:.1}"
        );
    }
    assert!(
        poppler::pictures(&raster[1], 40).is_empty(),
        "page 2 is text and tables"
    );
}

#[test]
fn the_after_picture_is_darker_only_where_the_design_treats() {
    let (project, photos) = top_half_project();
    let (_dir, pdf) = written(&project, &photos, "test-top-half.pdf");
    let pages_dir = tempfile::tempdir().expect("temp dir");
    let raster = poppler::rasterise(&pdf, 100, pages_dir.path());
    let page = &raster[0];
    let pictures = poppler::pictures(page, 60);
    assert_eq!(pictures.len(), 2, "{pictures:?}");
    let (before, after) = (inset(pictures[0], 4), inset(pictures[1], 4));
    // The two pictures are the same size, side by side.
    let size = |r: [u32; 4]| (r[2] - r[0], r[3] - r[1]);
    let ((bw, bh), (aw, ah)) = (size(before), size(after));
    assert!(
        bw.abs_diff(aw) <= 2 && bh.abs_diff(ah) <= 2,
        "{before:?} {after:?}"
    );
    assert!(
        bw.abs_diff(bh * 4 / 3) <= 3,
        "the photo's 4:3 shape: {bw} × {bh}"
    );

    // The before picture is the photo itself.
    let photo = super::common::mean(&photos[0]);
    let shown = grey(page, before);
    assert!(
        (shown - photo).abs() < 3.0,
        "before {shown:.1}, photo {photo:.1}"
    );
    // Treated top: darker (DOMAIN: healed SMP darkens the scalp by about a fifth).
    let (top_before, top_after) = (
        grey(page, band(before, 0.05, 0.4)),
        grey(page, band(after, 0.05, 0.4)),
    );
    assert!(
        top_after < 0.88 * top_before,
        "top: {top_after:.1} vs {top_before:.1}"
    );

    // Untreated bottom: as it was.
    let (low_before, low_after) = (
        grey(page, band(before, 0.65, 0.95)),
        grey(page, band(after, 0.65, 0.95)),
    );
    assert!(
        (low_after - low_before).abs() < 0.5,
        "bottom: {low_after:.1} vs {low_before:.1}"
    );
}

#[test]
fn the_font_travels_with_the_sheet() {
    let (project, photos) = top_half_project();
    let (_dir, pdf) = written(&project, &photos, "test-fonts.pdf");
    let fonts = poppler::fonts(&pdf);
    assert!(!fonts.is_empty(), "no fonts listed");
    for (name, embedded) in &fonts {
        assert!(embedded, "{name} is not embedded");
        // Subset fonts carry a six-letter tag: only the glyphs used travel.
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "{name} is not a subset"
        );
    }
}
