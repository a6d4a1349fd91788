//! The head and face options of `new` and `add-view`: the head ellipse, the face guides that
//! place a hairline, and the iris that calibrates the scale.

use anyhow::{Result, bail};
use image::RgbImage;

use super::args::FaceArgs;
use crate::engine::anatomy::{
    DEFAULT_HAIRLINE_HEIGHT_MM, FaceGuides, HeadShape, hairline_from_guides,
};
use crate::engine::geometry::Hairline;
use crate::engine::styles::HairlineStyle;
use crate::engine::units::{IRIS_MM, IRIS_MM_RANGE, Scale};

/// Parses `n` numbers written "a,b,…" for `option`, whose form is `form`.
fn numbers(text: &str, n: usize, option: &str, form: &str) -> Result<Vec<f32>> {
    let values: Option<Vec<f32>> = text
        .split(',')
        .map(|t| t.trim().parse::<f32>().ok().filter(|v| v.is_finite()))
        .collect();
    match values {
        Some(v) if v.len() == n => Ok(v),
        _ => bail!("{option} {text}: write it as {form} (photo pixels)"),
    }
}

/// The scale measured across the iris given with `--iris`, if it was.
pub(super) fn iris_scale(args: &FaceArgs, image: &RgbImage) -> Result<Option<Scale>> {
    let Some(text) = &args.iris else {
        return Ok(None);
    };
    let mm = args.iris_mm.unwrap_or(IRIS_MM);
    if !IRIS_MM_RANGE.contains(&mm) {
        bail!(
            "--iris-mm {mm}: an iris is {}–{} mm across (an adult's about {IRIS_MM})",
            IRIS_MM_RANGE.start(),
            IRIS_MM_RANGE.end()
        );
    }
    let v = numbers(text, 4, "--iris", "X1,Y1,X2,Y2")?;
    let (a, b) = ([v[0], v[1]], [v[2], v[3]]);
    on_photo(&[a, b], image, "--iris", text)?;
    match Scale::from_iris(a, b, mm) {
        Some(scale) => Ok(Some(scale)),
        None => bail!(
            "--iris {text}: the iris' edges must be apart, giving a scale of 0.5–500 px/mm \
             across {mm} mm"
        ),
    }
}

/// Refuses points off the photo.
fn on_photo(points: &[[f32; 2]], image: &RgbImage, option: &str, text: &str) -> Result<()> {
    let (w, h) = (image.width() as f32, image.height() as f32);
    if points
        .iter()
        .any(|p| !(0.0..=w).contains(&p[0]) || !(0.0..=h).contains(&p[1]))
    {
        bail!(
            "{option} {text}: not on the {} × {} photo",
            image.width(),
            image.height()
        );
    }
    Ok(())
}

/// The head ellipse given with `--head-ellipse`, checked against the photo.
pub(super) fn head(args: &FaceArgs, image: &RgbImage) -> Result<Option<HeadShape>> {
    let Some(text) = &args.head_ellipse else {
        return Ok(None);
    };
    let v = numbers(text, 4, "--head-ellipse", "CX,CY,RX,RY")?;
    let head = HeadShape {
        centre: [v[0], v[1]],
        radii: [v[2], v[3]],
    };
    if let Err(e) = head.check_on_photo(image.width(), image.height()) {
        bail!("--head-ellipse {text}: {e}");
    }
    Ok(Some(head))
}

/// The face guides given with `--glabella`, `--eye-corners` and `--hairline-height-mm`.
pub(super) fn guides(args: &FaceArgs, image: &RgbImage) -> Result<Option<FaceGuides>> {
    let (Some(g), Some(e)) = (&args.glabella, &args.eye_corners) else {
        return Ok(None);
    };
    let glabella = numbers(g, 2, "--glabella", "X,Y")?;
    let eyes = numbers(e, 4, "--eye-corners", "X1,Y1,X2,Y2")?;
    on_photo(&[[glabella[0], glabella[1]]], image, "--glabella", g)?;
    on_photo(
        &[[eyes[0], eyes[1]], [eyes[2], eyes[3]]],
        image,
        "--eye-corners",
        e,
    )?;
    let guides = FaceGuides {
        glabella: [glabella[0], glabella[1]],
        eye_corners: [[eyes[0], eyes[1]], [eyes[2], eyes[3]]],
        hairline_height_mm: args
            .hairline_height_mm
            .unwrap_or(DEFAULT_HAIRLINE_HEIGHT_MM),
    };
    if let Err(msg) = guides.validate() {
        let option = if msg.contains("height") {
            format!("--hairline-height-mm {}", guides.hairline_height_mm)
        } else {
            format!("--eye-corners {e}")
        };
        bail!("{option}: {msg}");
    }
    Ok(Some(guides))
}

/// A hairline of `style` placed from the face guides.
pub(super) fn hairline(
    style: HairlineStyle,
    guides: &FaceGuides,
    head: Option<&HeadShape>,
    scale: Scale,
    seed: u64,
) -> Result<Hairline> {
    match hairline_from_guides(style, guides, head, scale.px_per_mm, seed) {
        Ok((hairline, _)) => Ok(hairline),
        Err(e) => bail!("--glabella and --eye-corners: {e}"),
    }
}
