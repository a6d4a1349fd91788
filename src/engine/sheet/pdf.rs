//! Writes laid-out pages as a PDF with krilla: the bundled font embedded (subset to the glyphs
//! used), pictures passed through as JPEG, and the footer with the disclaimer on every page.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use crate::engine::error::{Error, Result};
use crate::engine::export::DISCLAIMER;

use super::layout::{
    CONTENT_BOTTOM, Colour, MARGIN, MUTED, Mark, PAGE_HEIGHT, PAGE_WIDTH, RULE, WARNING,
};
use super::measure::{FONT, Measure};

/// What the PDF needs besides the pages.
pub struct Parts<'a> {
    pub title: String,
    /// Right-hand side of every footer, before "page N of M".
    pub footer: String,
    /// JPEG bytes of each picture the pages refer to by index.
    pub jpegs: &'a [Vec<u8>],
}

fn failed(what: &str, why: impl std::fmt::Display) -> Error {
    Error::Invalid(format!(
        "cannot make the consultation sheet: {what} ({why})"
    ))
}

/// The PDF of `pages`.
pub fn write(pages: &[Vec<Mark>], doc: &Parts<'_>) -> Result<Vec<u8>> {
    let font = Font::new(FONT.into(), 0)
        .ok_or_else(|| failed("the bundled font is damaged", "Ubuntu Light"))?;
    let images = doc
        .jpegs
        .iter()
        .map(|bytes| Image::from_jpeg(bytes.clone().into(), true))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| failed("a picture could not be embedded", e))?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| failed("the page size is invalid", "A4"))?;
    let measure = Measure::new();
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .creator("Follicle".into())
            .language("en".into()),
    );
    let count = pages.len();
    for (number, marks) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for mark in marks {
            draw(&mut surface, mark, &font, &images);
        }
        footer(&mut surface, &font, &measure, doc, number + 1, count);
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| failed("the PDF could not be written", e))
}

fn paint(colour: Colour) -> rgb::Color {
    rgb::Color::new(colour[0], colour[1], colour[2])
}

fn fill(colour: Colour) -> Option<Fill> {
    Some(Fill {
        paint: paint(colour).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    })
}

fn draw(surface: &mut Surface<'_>, mark: &Mark, font: &Font, images: &[Image]) {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            colour,
            bold,
            text,
        } => {
            surface.set_fill(fill(*colour));
            // The bundled font has no bold face: outline the letters thinly in their own colour.
            surface.set_stroke(bold.then(|| Stroke {
                paint: paint(*colour).into(),
                width: size * 0.035,
                ..Stroke::default()
            }));
            surface.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
            surface.set_stroke(None);
        }
        Mark::Line {
            from,
            to,
            width,
            colour,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(from[0], from[1]);
            path.line_to(to[0], to[1]);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: paint(*colour).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Mark::Rect { x, y, w, h, colour } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                if let Some(path) = path.finish() {
                    surface.set_fill(fill(*colour));
                    surface.draw_path(&path);
                }
            }
        }
        Mark::Circle { cx, cy, r, colour } => {
            // Four cubic arcs; 0.5523 places the control points of a quarter circle.
            let k = 0.5523 * r;
            let mut path = PathBuilder::new();
            path.move_to(cx + r, *cy);
            path.cubic_to(cx + r, cy + k, cx + k, cy + r, *cx, cy + r);
            path.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, *cy);
            path.cubic_to(cx - r, cy - k, cx - k, cy - r, *cx, cy - r);
            path.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, *cy);
            path.close();
            if let Some(path) = path.finish() {
                surface.set_fill(fill(*colour));
                surface.draw_path(&path);
            }
        }
        Mark::Image { index, x, y, w, h } => {
            if let (Some(image), Some(size)) = (images.get(*index), Size::from_wh(*w, *h)) {
                surface.push_transform(&Transform::from_translate(*x, *y));
                surface.draw_image(image.clone(), size);
                surface.pop();
            }
        }
    }
}

/// The disclaimer on the left of every page, the client and page number on the right.
fn footer(
    surface: &mut Surface<'_>,
    font: &Font,
    measure: &Measure,
    doc: &Parts<'_>,
    number: usize,
    count: usize,
) {
    let rule = CONTENT_BOTTOM + 18.0;
    let baseline = rule + 15.0;
    draw(
        surface,
        &Mark::Line {
            from: [MARGIN, rule],
            to: [PAGE_WIDTH - MARGIN, rule],
            width: 0.5,
            colour: RULE,
        },
        font,
        &[],
    );
    draw(
        surface,
        &Mark::Text {
            x: MARGIN,
            y: baseline,
            size: 9.0,
            colour: WARNING,
            bold: true,
            text: DISCLAIMER.to_string(),
        },
        font,
        &[],
    );
    let right = format!("{} · page {number} of {count}", doc.footer);
    let size = 8.0;
    draw(
        surface,
        &Mark::Text {
            x: PAGE_WIDTH - MARGIN - measure.width(&right, size),
            y: baseline,
            size,
            colour: MUTED,
            bold: false,
            text: right,
        },
        font,
        &[],
    );
}
