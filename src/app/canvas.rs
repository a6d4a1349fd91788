//! The photo canvas: zoom, pan, before/after display and the region, hairline and calibration tools.
//!
//! Geometry is kept in photo pixels; the screen only maps to it. The displayed image is a texture of
//! just the visible part at screen resolution (never larger than the renderer allows), rendered in
//! the background; until a fresh one arrives, the last one is drawn where it belongs, so zooming and
//! panning respond at once.

use egui::{
    Color32, ColorImage, Pos2, Rect, Sense, Stroke, TextureHandle, TextureOptions, pos2, vec2,
};
use image::RgbImage;

use super::command::{Compare, Tool};
use super::document::Document;
use crate::engine::composite::View;
use crate::engine::geometry::{Hairline, RegionOp, ScarShape};
use crate::engine::render::Preview;

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
}

pub struct Canvas {
    /// Screen points per photo pixel.
    pub zoom: f32,
    /// Photo position at the canvas centre.
    pub centre: Pos2,
    /// Keep the whole photo in view as the window changes.
    pub fit: bool,
    pub compare: Compare,
    /// Show the overlay (false: the photo as it is).
    pub overlay: bool,
    /// Split divider position, 0–1 across the photo view.
    pub divider: f32,
    shown: Option<Shown>,
    stroke: Vec<[f32; 2]>,
    dragging_point: Option<usize>,
    measuring: Option<(Pos2, Pos2)>,
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
            overlay: true,
            divider: 0.5,
            shown: None,
            stroke: Vec::new(),
            dragging_point: None,
            measuring: None,
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
        tool: Tool,
        brush: Brush,
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

        // Navigation: wheel zooms about the pointer; Space/middle/Pan tool drags.
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

        // The image.
        if let Some(shown) = &self.shown {
            let min = self.to_screen(area, pos2(shown.view.x0 as f32, shown.view.y0 as f32));
            let size = vec2(shown.size[0] as f32, shown.size[1] as f32) / (shown.view.scale as f32)
                * self.zoom;
            let image_rect = Rect::from_min_size(min, size);
            let show_after = self.overlay && !hold_before;
            let uv = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
            match self.compare {
                Compare::After => {
                    let tex = if show_after {
                        &shown.after
                    } else {
                        &shown.before
                    };
                    painter.image(tex.id(), image_rect, uv, Color32::WHITE);
                }
                Compare::Split => {
                    let x = area.left() + area.width() * self.divider;
                    let t = ((x - image_rect.left()) / image_rect.width()).clamp(0.0, 1.0);
                    let left = Rect::from_min_max(
                        image_rect.min,
                        pos2(
                            image_rect.left() + image_rect.width() * t,
                            image_rect.bottom(),
                        ),
                    );
                    let right =
                        Rect::from_min_max(pos2(left.right(), image_rect.top()), image_rect.max);
                    painter.image(
                        shown.before.id(),
                        left,
                        Rect::from_min_max(Pos2::ZERO, pos2(t, 1.0)),
                        Color32::WHITE,
                    );
                    let tex = if show_after {
                        &shown.after
                    } else {
                        &shown.before
                    };
                    painter.image(
                        tex.id(),
                        right,
                        Rect::from_min_max(pos2(t, 0.0), pos2(1.0, 1.0)),
                        Color32::WHITE,
                    );
                    painter.line_segment(
                        [pos2(x, rect.top()), pos2(x, rect.bottom())],
                        Stroke::new(2.0, Color32::WHITE),
                    );
                    painter.text(
                        pos2(x - 8.0, rect.top() + 8.0),
                        egui::Align2::RIGHT_TOP,
                        "Before",
                        egui::FontId::proportional(14.0),
                        Color32::WHITE,
                    );
                    painter.text(
                        pos2(x + 8.0, rect.top() + 8.0),
                        egui::Align2::LEFT_TOP,
                        "After",
                        egui::FontId::proportional(14.0),
                        Color32::WHITE,
                    );
                    // The divider follows a drag near it, whatever the tool.
                    let handle =
                        Rect::from_center_size(pos2(x, rect.center().y), vec2(16.0, rect.height()));
                    let grip = ui.interact(handle, ui.scope_id().with("divider"), Sense::drag());
                    if grip.dragged() {
                        self.divider = ((grip.interact_pointer_pos().map_or(x, |p| p.x)
                            - area.left())
                            / area.width())
                        .clamp(0.0, 1.0);
                    }
                    if grip.hovered() || grip.dragged() {
                        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                    }
                }
                Compare::SideBySide => {
                    painter.image(shown.before.id(), image_rect, uv, Color32::WHITE);
                    let shifted = image_rect.translate(vec2(rect.width() / 2.0 + 2.0, 0.0));
                    let tex = if show_after {
                        &shown.after
                    } else {
                        &shown.before
                    };
                    painter.image(tex.id(), shifted, uv, Color32::WHITE);
                    painter.text(
                        area.left_top() + vec2(8.0, 8.0),
                        egui::Align2::LEFT_TOP,
                        "Before",
                        egui::FontId::proportional(14.0),
                        Color32::WHITE,
                    );
                    painter.text(
                        area.left_top() + vec2(rect.width() / 2.0 + 10.0, 8.0),
                        egui::Align2::LEFT_TOP,
                        "After",
                        egui::FontId::proportional(14.0),
                        Color32::WHITE,
                    );
                }
            }
        } else {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Rendering…",
                egui::FontId::proportional(16.0),
                Color32::LIGHT_GRAY,
            );
        }

        let max_side = ui.input(|i| i.max_texture_side);
        out.wanted = self.wanted_view(area, photo, max_side);

        if !panning {
            self.tools(ui, &response, area, doc, tool, brush, &mut out);
        }
        self.draw_hairline(&painter, area, doc, tool);
        self.draw_scar(&painter, area, doc, tool);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn tools(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        area: Rect,
        doc: &mut Document,
        tool: Tool,
        brush: Brush,
        out: &mut CanvasOutput,
    ) {
        let painter = ui.painter_at(response.rect);
        let ppm = doc.project.scale.px_per_mm as f32;
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        // A drag is recognised only after the pointer has moved a little: start where it was pressed.
        let origin = ui.input(|i| i.pointer.press_origin()).or(pointer);
        let Some(layer) = doc.project.layers.get_mut(doc.active_layer) else {
            return;
        };
        match tool {
            Tool::Brush | Tool::Eraser => {
                if let Some(p) = response.hover_pos() {
                    let radius = brush.radius_mm * ppm * self.zoom;
                    let colour = if tool == Tool::Brush {
                        Color32::from_rgb(120, 220, 255)
                    } else {
                        Color32::from_rgb(255, 140, 120)
                    };
                    painter.circle_stroke(p, radius, Stroke::new(1.5, colour));
                    painter.circle_stroke(
                        p,
                        radius * (1.0 - brush.softness * 0.5),
                        Stroke::new(0.75, colour.gamma_multiply(0.6)),
                    );
                }
                if response.drag_started()
                    && let Some(p) = origin
                {
                    let q = self.to_photo(area, p);
                    self.stroke.push([q.x, q.y]);
                }
                if response.dragged()
                    && let Some(p) = pointer
                {
                    let q = self.to_photo(area, p);
                    self.stroke.push([q.x, q.y]);
                }
                if response.clicked()
                    && self.stroke.is_empty()
                    && let Some(p) = pointer
                {
                    let q = self.to_photo(area, p);
                    self.stroke.push([q.x, q.y]);
                }
                if !self.stroke.is_empty() {
                    let pts: Vec<Pos2> = self
                        .stroke
                        .iter()
                        .map(|q| self.to_screen(area, pos2(q[0], q[1])))
                        .collect();
                    let width = brush.radius_mm * ppm * self.zoom * 2.0;
                    painter.add(egui::Shape::line(
                        pts,
                        Stroke::new(width, Color32::from_rgba_unmultiplied(120, 220, 255, 50)),
                    ));
                }
                if (response.drag_stopped() || response.clicked()) && !self.stroke.is_empty() {
                    let points = std::mem::take(&mut self.stroke);
                    let op = if tool == Tool::Brush {
                        RegionOp::Paint {
                            points,
                            radius_mm: brush.radius_mm,
                            softness: brush.softness,
                        }
                    } else {
                        RegionOp::Erase {
                            points,
                            radius_mm: brush.radius_mm,
                            softness: brush.softness,
                        }
                    };
                    // Painting onto an untouched whole-photo layer starts it from nothing.
                    if tool == Tool::Brush && layer.region.whole && layer.region.ops.is_empty() {
                        layer.region.whole = false;
                    }
                    layer.region.ops.push(op);
                    out.committed = true;
                }
            }
            Tool::Hairline => {
                let hairline = layer.hairline.get_or_insert_with(|| Hairline {
                    points: Vec::new(),
                    fade_mm: 6.0,
                    irregularity: 0.4,
                    flip: false,
                });
                let near = |canvas: &Canvas, points: &[[f32; 2]], p: Pos2| {
                    canvas.point_near(area, points, p)
                };
                if response.drag_started() {
                    self.dragging_point = origin.and_then(|p| near(self, &hairline.points, p));
                }
                if let (Some(i), Some(p)) = (self.dragging_point, pointer)
                    && response.dragged()
                {
                    let q = self.to_photo(area, p);
                    hairline.points[i] = [q.x, q.y];
                }
                if response.drag_stopped()
                    && let Some(i) = self.dragging_point.take()
                {
                    out.committed = true;
                    out.hairline_edited_x = hairline.points.get(i).map(|p| p[0]);
                }
                if response.clicked()
                    && let Some(p) = pointer
                    && near(self, &hairline.points, p).is_none()
                {
                    let q = self.to_photo(area, p);
                    // Keep points ordered left to right along the forehead.
                    let at = hairline
                        .points
                        .iter()
                        .position(|r| r[0] > q.x)
                        .unwrap_or(hairline.points.len());
                    hairline.points.insert(at, [q.x, q.y]);
                    if layer.kind == crate::engine::project::LayerKind::Density {
                        layer.kind = crate::engine::project::LayerKind::Hairline;
                    }
                    out.committed = true;
                    out.hairline_edited_x = Some(q.x);
                }
                if response.secondary_clicked()
                    && let Some(i) = pointer.and_then(|p| near(self, &hairline.points, p))
                {
                    hairline.points.remove(i);
                    out.committed = true;
                }
            }
            Tool::Calibrate => {
                if response.drag_started()
                    && let Some(p) = origin
                {
                    let q = self.to_photo(area, p);
                    self.measuring = Some((q, q));
                }
                if let (Some((a, _)), Some(p)) = (self.measuring, pointer)
                    && response.dragged()
                {
                    self.measuring = Some((a, self.to_photo(area, p)));
                }
                if let Some((a, b)) = self.measuring {
                    let (sa, sb) = (self.to_screen(area, a), self.to_screen(area, b));
                    painter.line_segment([sa, sb], Stroke::new(2.0, Color32::YELLOW));
                    painter.circle_filled(sa, 3.0, Color32::YELLOW);
                    painter.circle_filled(sb, 3.0, Color32::YELLOW);
                    if response.drag_stopped() {
                        let length = f64::from(a.distance(b));
                        if length > 2.0 {
                            out.measured_px = Some(length);
                        }
                    }
                }
            }
            Tool::Scar => self.scar_tool(response, area, layer, pointer, origin, &painter, out),
            Tool::Eyedropper | Tool::MatchHair => {
                if let Some(p) = response.hover_pos() {
                    painter.circle_stroke(p, 7.0, Stroke::new(1.5, Color32::WHITE));
                    painter.circle_stroke(p, 8.5, Stroke::new(1.0, Color32::BLACK));
                }
                if response.clicked()
                    && let Some(p) = pointer
                {
                    let q = self.to_photo(area, p);
                    out.sampled = Some([q.x, q.y]);
                }
            }
            Tool::Pan => {}
        }
    }

    /// The scar tool: points of a strip scar, or centres of round scars.
    #[allow(clippy::too_many_arguments)]
    fn scar_tool(
        &mut self,
        response: &egui::Response,
        area: Rect,
        layer: &mut crate::engine::project::Layer,
        pointer: Option<Pos2>,
        origin: Option<Pos2>,
        painter: &egui::Painter,
        out: &mut CanvasOutput,
    ) {
        let Some(scar) = layer.scar.as_mut() else {
            if let Some(p) = response.hover_pos() {
                painter.text(
                    p + vec2(12.0, 12.0),
                    egui::Align2::LEFT_TOP,
                    "Choose a scar layer (Layers panel, Kind: Scar)",
                    egui::FontId::proportional(13.0),
                    Color32::WHITE,
                );
            }
            return;
        };
        let points = match &mut scar.shape {
            ScarShape::Region => {
                // Clicking on a region scar starts a strip there.
                if response.clicked()
                    && let Some(p) = pointer
                {
                    let q = self.to_photo(area, p);
                    scar.shape = ScarShape::Strip {
                        points: vec![[q.x, q.y]],
                        width_mm: 3.0,
                    };
                    out.committed = true;
                }
                return;
            }
            ScarShape::Strip { points, .. } => points,
            ScarShape::Dots { centres, .. } => centres,
        };
        let near =
            |canvas: &Canvas, points: &[[f32; 2]], p: Pos2| canvas.point_near(area, points, p);
        if response.drag_started() {
            self.dragging_point = origin.and_then(|p| near(self, points, p));
        }
        if let (Some(i), Some(p)) = (self.dragging_point, pointer)
            && response.dragged()
            && i < points.len()
        {
            let q = self.to_photo(area, p);
            points[i] = [q.x, q.y];
        }
        if response.drag_stopped() && self.dragging_point.take().is_some() {
            out.committed = true;
        }
        if response.clicked()
            && let Some(p) = pointer
            && near(self, points, p).is_none()
        {
            let q = self.to_photo(area, p);
            points.push([q.x, q.y]);
            out.committed = true;
        }
        if response.secondary_clicked()
            && let Some(i) = pointer.and_then(|p| near(self, points, p))
        {
            points.remove(i);
            out.committed = true;
        }
    }

    /// Draws the active scar layer's shape while the scar tool is chosen or the overlay is on.
    fn draw_scar(&self, painter: &egui::Painter, area: Rect, doc: &Document, tool: Tool) {
        let Some(scar) = doc
            .project
            .layers
            .get(doc.active_layer)
            .and_then(|l| l.scar.as_ref())
        else {
            return;
        };
        if tool != Tool::Scar && !self.overlay {
            return;
        }
        let strong = tool == Tool::Scar;
        let colour = if strong {
            Color32::from_rgb(255, 120, 200)
        } else {
            Color32::from_rgba_unmultiplied(255, 120, 200, 80)
        };
        let ppm = doc.project.scale.px_per_mm as f32;
        let screen = |q: &[f32; 2]| self.to_screen(area, pos2(q[0], q[1]));
        match &scar.shape {
            ScarShape::Region => {}
            ScarShape::Strip { points, width_mm } => {
                let line: Vec<Pos2> = points.iter().map(screen).collect();
                let width = width_mm * ppm * self.zoom;
                if line.len() > 1 {
                    painter.add(egui::Shape::line(
                        line.clone(),
                        Stroke::new(width, colour.gamma_multiply(0.25)),
                    ));
                    painter.add(egui::Shape::line(line.clone(), Stroke::new(1.5, colour)));
                }
                if strong {
                    for p in line {
                        painter.circle(
                            p,
                            5.0,
                            Color32::from_rgb(40, 40, 40),
                            Stroke::new(2.0, colour),
                        );
                    }
                }
            }
            ScarShape::Dots {
                centres,
                diameter_mm,
            } => {
                let r = diameter_mm * ppm * self.zoom / 2.0;
                for c in centres {
                    painter.circle_stroke(screen(c), r.max(3.0), Stroke::new(1.5, colour));
                }
            }
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

    fn draw_hairline(&self, painter: &egui::Painter, area: Rect, doc: &Document, tool: Tool) {
        let Some(layer) = doc.project.layers.get(doc.active_layer) else {
            return;
        };
        let Some(h) = &layer.hairline else { return };
        if h.points.is_empty() || (tool != Tool::Hairline && !self.overlay) {
            return;
        }
        let strong = tool == Tool::Hairline;
        let curve: Vec<Pos2> = h
            .polyline()
            .iter()
            .map(|q| self.to_screen(area, pos2(q[0], q[1])))
            .collect();
        let colour = if strong {
            Color32::from_rgb(255, 210, 90)
        } else {
            Color32::from_rgba_unmultiplied(255, 210, 90, 90)
        };
        painter.add(egui::Shape::line(
            curve,
            Stroke::new(if strong { 2.0 } else { 1.0 }, colour),
        ));
        if strong {
            for (i, q) in h.points.iter().enumerate() {
                let s = self.to_screen(area, pos2(q[0], q[1]));
                let end = i == 0 || i + 1 == h.points.len();
                painter.circle(
                    s,
                    if end { 6.0 } else { 5.0 },
                    Color32::from_rgb(40, 40, 40),
                    Stroke::new(2.0, colour),
                );
            }
        }
    }
}
