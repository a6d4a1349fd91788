//! The photo canvas: zoom, pan, before/after display, and one file per tool (brush and eraser,
//! hairline, scar, calibration, skin sample and match hair, head shape and face guides).
//!
//! Geometry is kept in photo pixels; the screen only maps to it. The displayed image is a texture of
//! just the visible part at screen resolution (never larger than the renderer allows), rendered in
//! the background; until a fresh one arrives, the last one is drawn where it belongs, so zooming and
//! panning respond at once.

mod anatomy;
mod brush;
mod calibrate;
mod hairline;
mod picture;
mod sample;
mod scar;

use egui::{Color32, ColorImage, Pos2, Rect, Sense, TextureHandle, TextureOptions, pos2, vec2};
use image::RgbImage;

use super::command::{Compare, Tool};
use super::document::Document;
use crate::engine::anatomy::view_guides;
use crate::engine::geometry::RegionOp;
use crate::engine::render::Preview;
use crate::engine::units::View;
pub use anatomy::FACE_PROMPTS;
use picture::Shows;

/// Brush settings shared by the brush and eraser.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Brush {
    pub radius_mm: f32,
    pub softness: f32,
}

impl Default for Brush {
    fn default() -> Self {
        Brush {
            radius_mm: 8.0,
            softness: 0.5,
        }
    }
}

/// A texture and the view it shows.
struct Shown {
    view: View,
    size: [u32; 2],
    after: TextureHandle,
    before: TextureHandle,
}

/// What the canvas asks of the app after a frame.
#[derive(Default)]
pub struct CanvasOutput {
    /// The project changed in one finished step (a stroke, a moved point): record an undo step.
    pub committed: bool,
    /// A calibration line was drawn, this many photo pixels long.
    pub measured_px: Option<f64>,
    /// The view the canvas wants rendered now (None when no part of the photo is visible).
    pub wanted: Option<(View, [u32; 2])>,
    /// The skin sample tool was clicked at this photo position.
    pub sampled: Option<[f32; 2]>,
    /// A hairline point was added or moved at this photo x (for mirror editing).
    pub hairline_edited_x: Option<f32>,
    /// A finished brush or eraser stroke.
    pub stroke: Option<RegionOp>,
}

pub struct Canvas {
    /// Screen points per photo pixel.
    pub zoom: f32,
    /// Photo position at the canvas centre.
    pub centre: Pos2,
    /// Keep the whole photo in view as the window changes.
    pub fit: bool,
    pub compare: Compare,
    /// Show the treatment, the dots (false: the photo as it is).
    pub show_treatment: bool,
    /// Show the guides: the hairline and scar outlines when their tool is not chosen.
    pub show_guides: bool,
    /// Split divider position, 0–1 across the photo view.
    pub divider: f32,
    shown: Option<Shown>,
    stroke: Vec<[f32; 2]>,
    dragging_point: Option<usize>,
    measuring: Option<(Pos2, Pos2)>,
    /// A head ellipse being dragged out: the corners of its box, photo pixels.
    outlining: Option<(Pos2, Pos2)>,
    /// Face guide points clicked so far (the glabella, then the eye corners).
    face_clicks: Vec<[f32; 2]>,
    last_rect: Rect,
    pixels_per_point: f32,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            zoom: 1.0,
            centre: Pos2::ZERO,
            fit: true,
            compare: Compare::After,
            show_treatment: true,
            show_guides: true,
            divider: 0.5,
            shown: None,
            stroke: Vec::new(),
            dragging_point: None,
            measuring: None,
            outlining: None,
            face_clicks: Vec::new(),
            last_rect: Rect::NOTHING,
            pixels_per_point: 1.0,
        }
    }
}

fn to_texture(ctx: &egui::Context, name: &str, image: &RgbImage) -> TextureHandle {
    let size = [image.width() as usize, image.height() as usize];
    ctx.load_texture(
        name,
        ColorImage::from_rgb(size, image.as_raw()),
        TextureOptions::LINEAR,
    )
}

impl Canvas {
    /// Forgets the shown image (a new photo).
    pub fn reset(&mut self) {
        self.shown = None;
        self.fit = true;
        self.stroke.clear();
        self.dragging_point = None;
        self.measuring = None;
        self.outlining = None;
        self.face_clicks.clear();
    }

    /// True once a finished preview is shown.
    pub fn has_preview(&self) -> bool {
        self.shown.is_some()
    }

    /// Takes a finished preview.
    pub fn show_preview(&mut self, ctx: &egui::Context, preview: Preview) {
        let size = [preview.after.width(), preview.after.height()];
        let after = to_texture(ctx, "preview-after", &preview.after);
        let before = to_texture(ctx, "preview-before", &preview.before);
        self.shown = Some(Shown {
            view: preview.view,
            size,
            after,
            before,
        });
    }

    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(0.01, 32.0);
        self.fit = false;
    }

    /// Zoom so that one photo pixel is one screen pixel.
    pub fn actual_pixels(&mut self) {
        self.zoom = 1.0 / self.pixels_per_point.max(0.1);
        self.fit = false;
    }

    /// Zoom as a percentage of actual pixels.
    pub fn zoom_percent(&self) -> f32 {
        self.zoom * self.pixels_per_point * 100.0
    }

    fn photo_area(&self, rect: Rect) -> Rect {
        if self.compare == Compare::SideBySide {
            Rect::from_min_size(rect.min, vec2(rect.width() / 2.0 - 2.0, rect.height()))
        } else {
            rect
        }
    }

    fn to_screen(&self, area: Rect, p: Pos2) -> Pos2 {
        area.center() + (p - self.centre) * self.zoom
    }

    fn to_photo(&self, area: Rect, s: Pos2) -> Pos2 {
        self.centre + (s - area.center()) / self.zoom
    }

    /// The view and texture size that show `area` of the screen at full screen resolution,
    /// limited to the photo and to `max_side`.
    fn wanted_view(
        &self,
        area: Rect,
        photo: [u32; 2],
        max_side: usize,
    ) -> Option<(View, [u32; 2])> {
        let ppp = self.pixels_per_point;
        let photo_rect = Rect::from_min_max(
            self.to_screen(area, Pos2::ZERO),
            self.to_screen(area, pos2(photo[0] as f32, photo[1] as f32)),
        );
        let visible = photo_rect.intersect(area);
        if visible.width() < 1.0 || visible.height() < 1.0 {
            return None;
        }
        let mut scale = f64::from(self.zoom * ppp);
        let mut w = (visible.width() * ppp).round();
        let mut h = (visible.height() * ppp).round();
        let limit = max_side.min(8192) as f32;
        if w > limit || h > limit {
            let shrink = limit / w.max(h);
            w = (w * shrink).floor();
            h = (h * shrink).floor();
            scale *= f64::from(shrink);
        }
        let origin = self.to_photo(area, visible.min);
        Some((
            View {
                x0: f64::from(origin.x),
                y0: f64::from(origin.y),
                scale,
            },
            [w.max(1.0) as u32, h.max(1.0) as u32],
        ))
    }

    /// Draws the canvas and handles its input. `brush` and `tool` come from the tool bar.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &mut Document,
        (tool, brush): (Tool, Brush),
        hold_before: bool,
    ) -> CanvasOutput {
        let mut out = CanvasOutput::default();
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        self.pixels_per_point = ui.ctx().pixels_per_point();
        let photo = [doc.photo.width(), doc.photo.height()];
        let area = self.photo_area(rect);
        if self.fit || self.last_rect == Rect::NOTHING {
            let fit = (area.width() / photo[0] as f32).min(area.height() / photo[1] as f32) * 0.97;
            self.zoom = fit.max(0.001);
            self.centre = pos2(photo[0] as f32 / 2.0, photo[1] as f32 / 2.0);
        }
        self.last_rect = rect;
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::from_gray(32));
        let panning = self.navigate(ui, &response, area, tool);
        let shown = if hold_before {
            Shows::HeldBefore
        } else if self.show_treatment {
            Shows::After
        } else {
            Shows::TreatmentHidden
        };
        self.draw_picture(ui, &painter, rect, area, shown);
        let max_side = ui.input(|i| i.max_texture_side);
        out.wanted = self.wanted_view(area, photo, max_side);
        if !panning {
            self.tools(ui, &response, area, doc, (tool, brush), &mut out);
        }
        self.draw_head(&painter, area, doc, tool);
        self.draw_face(&painter, area, doc, tool);
        self.draw_hairline(&painter, area, doc, tool);
        self.draw_scar(&painter, area, doc, tool);
        out
    }

    /// The wheel zooms about the pointer; the Pan tool, Space or the middle button drag the photo.
    /// Returns true while dragging moves the photo.
    fn navigate(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        area: Rect,
        tool: Tool,
    ) -> bool {
        let (scroll, pointer, space, middle) = ui.input(|i| {
            (
                i.smooth_scroll_delta.y + i.zoom_delta().ln() * 200.0,
                i.pointer.hover_pos(),
                i.key_down(egui::Key::Space),
                i.pointer.middle_down(),
            )
        });
        if response.hovered()
            && scroll.abs() > 0.0
            && let Some(p) = pointer
        {
            let before = self.to_photo(area, p);
            self.zoom_by((scroll / 200.0).exp());
            let after = self.to_photo(area, p);
            self.centre += before - after;
        }
        let panning = tool == Tool::Pan || space || middle;
        if panning && response.dragged() {
            self.centre -= response.drag_delta() / self.zoom;
            self.fit = false;
        }
        panning
    }

    /// Hands this frame's input to the chosen tool, which works on the active layer.
    fn tools(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        area: Rect,
        doc: &mut Document,
        (tool, brush): (Tool, Brush),
        out: &mut CanvasOutput,
    ) {
        let painter = ui.painter_at(response.rect);
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        // Hairline points snap to the landmarks the face guides give (worked out only for the
        // Hairline tool, the one that uses them).
        let guides = (tool == Tool::Hairline)
            .then(|| view_guides(doc.project.view(), None))
            .flatten();
        let snaps: Vec<[f32; 2]> = match guides {
            Some(Ok(g)) => {
                let peaks = g.temple_peaks.into_iter().flatten();
                let seen = peaks.filter(|p| !p.out_of_view).map(|p| p.at);
                [g.corners[0], g.mid_frontal, g.corners[1]]
                    .into_iter()
                    .chain(seen)
                    .collect()
            }
            _ => Vec::new(),
        };
        let input = Input {
            response,
            painter: &painter,
            area,
            pointer,
            // A drag is recognised only after the pointer has moved a little: start where it was
            // pressed.
            origin: ui.input(|i| i.pointer.press_origin()).or(pointer),
            px_per_mm: doc.project.view().scale.px_per_mm as f32,
            snaps: &snaps,
        };
        match tool {
            Tool::Head => return self.head_tool(&input, doc.project.view_mut(), out),
            Tool::Face => return self.face_tool(&input, doc.project.view_mut(), out),
            _ => {}
        }
        let active = doc.active_layer;
        let Some(layer) = doc.project.view_mut().layers.get_mut(active) else {
            return;
        };
        match tool {
            Tool::Brush | Tool::Eraser => self.brush_tool(&input, tool, brush, out),
            Tool::Hairline => self.hairline_tool(&input, layer, out),
            Tool::Calibrate => self.calibrate_tool(&input, out),
            Tool::Scar => self.scar_tool(&input, layer, out),
            Tool::Eyedropper | Tool::MatchHair => self.sample_tool(&input, out),
            Tool::Pan | Tool::Head | Tool::Face => {}
        }
    }

    /// The control point (photo pixels) within grabbing distance of screen position `p`.
    fn point_near(&self, area: Rect, points: &[[f32; 2]], p: Pos2) -> Option<usize> {
        const GRAB: f32 = 10.0;
        points
            .iter()
            .position(|q| self.to_screen(area, pos2(q[0], q[1])).distance(p) < GRAB)
    }

    /// Where photo position `p` is on screen, as last drawn (for tests and tooltips).
    pub fn screen_of(&self, p: Pos2) -> Option<Pos2> {
        (self.last_rect != Rect::NOTHING)
            .then(|| self.to_screen(self.photo_area(self.last_rect), p))
    }

    /// Forgets the calibration line once it has been used or cancelled.
    pub fn clear_measure(&mut self) {
        self.measuring = None;
    }
}

/// What a tool sees of one frame.
#[derive(Clone, Copy)]
struct Input<'a> {
    response: &'a egui::Response,
    /// Paints over the canvas.
    painter: &'a egui::Painter,
    /// Where the photo is shown.
    area: Rect,
    pointer: Option<Pos2>,
    /// Where the drag began.
    origin: Option<Pos2>,
    px_per_mm: f32,
    /// Photo positions hairline points snap to (the face guides' landmarks).
    snaps: &'a [[f32; 2]],
}
