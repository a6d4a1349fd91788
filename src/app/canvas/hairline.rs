//! The hairline tool: points across the forehead, added, dragged and removed; and the hairline
//! drawn over the photo.

use egui::{Color32, Pos2, Rect, Stroke, pos2};

use super::{Canvas, CanvasOutput, Input};
use crate::app::command::Tool;
use crate::app::document::Document;
use crate::engine::geometry::Hairline;
use crate::engine::project::Layer;

impl Canvas {
    /// Adds, moves and removes the active layer's hairline points.
    pub(super) fn hairline_tool(
        &mut self,
        input: &Input<'_>,
        layer: &mut Layer,
        out: &mut CanvasOutput,
    ) {
        let Input {
            response,
            area,
            pointer,
            origin,
            snaps,
            ..
        } = *input;
        // A layer without a hairline gets one with its first point, not as soon as the tool is
        // chosen: merely choosing the tool must not change the project.
        if response.clicked() && pointer.is_some() && layer.hairline.is_none() {
            layer.hairline = Some(Hairline {
                points: Vec::new(),
                fade_mm: 6.0,
                irregularity: 0.4,
                flip: false,
            });
        }
        let Some(hairline) = layer.hairline.as_mut() else {
            return;
        };
        let near =
            |canvas: &Canvas, points: &[[f32; 2]], p: Pos2| canvas.point_near(area, points, p);
        if response.drag_started() {
            self.dragging_point = origin.and_then(|p| near(self, &hairline.points, p));
        }
        if let (Some(i), Some(p)) = (self.dragging_point, pointer)
            && response.dragged()
        {
            hairline.points[i] = self.snapped(area, snaps, p);
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
            let q = self.snapped(area, snaps, p);
            // Keep points ordered left to right along the forehead.
            let at = hairline
                .points
                .iter()
                .position(|r| r[0] > q[0])
                .unwrap_or(hairline.points.len());
            hairline.points.insert(at, q);
            if layer.kind == crate::engine::project::LayerKind::Density {
                layer.kind = crate::engine::project::LayerKind::Hairline;
            }
            out.committed = true;
            out.hairline_edited_x = Some(q[0]);
        }
        if response.secondary_clicked()
            && let Some(i) = pointer.and_then(|p| near(self, &hairline.points, p))
        {
            hairline.points.remove(i);
            out.committed = true;
        }
    }
}

impl Canvas {
    /// The photo position of screen point `p`, or the landmark in `snaps` within grabbing
    /// distance of it.
    fn snapped(&self, area: Rect, snaps: &[[f32; 2]], p: Pos2) -> [f32; 2] {
        match self.point_near(area, snaps, p) {
            Some(i) => snaps[i],
            None => {
                let q = self.to_photo(area, p);
                [q.x, q.y]
            }
        }
    }

    pub(super) fn draw_hairline(
        &self,
        painter: &egui::Painter,
        area: Rect,
        doc: &Document,
        tool: Tool,
    ) {
        let Some(layer) = doc.project.view().layers.get(doc.active_layer) else {
            return;
        };
        let Some(h) = &layer.hairline else { return };
        if h.points.is_empty() || (tool != Tool::Hairline && !self.show_guides) {
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
        if strong && let Some(hair) = h.towards_hair() {
            // Short ticks on the hair side, so the side the dots go is plain while drawing.
            let towards = egui::vec2(hair[0], hair[1]) * 10.0;
            let tick = Stroke::new(1.5, colour.gamma_multiply(0.7));
            let step = (curve.len() / 12).max(1);
            for p in curve.iter().skip(step / 2).step_by(step) {
                painter.line_segment([*p, *p + towards], tick);
            }
        }
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
