//! The brush and the eraser: strokes that paint or erase the active layer's region (sent as
//! [`Command::Stroke`](crate::app::command::Command::Stroke)).

use egui::{Color32, Pos2, Stroke, pos2};

use super::{Brush, Canvas, CanvasOutput, Input};
use crate::app::command::Tool;
use crate::engine::geometry::RegionOp;

impl Canvas {
    /// Paints (the Brush) or erases (the Eraser) with `brush`.
    pub(super) fn brush_tool(
        &mut self,
        input: &Input<'_>,
        tool: Tool,
        brush: Brush,
        out: &mut CanvasOutput,
    ) {
        let Input {
            response,
            painter,
            area,
            pointer,
            origin,
            px_per_mm: ppm,
            ..
        } = *input;
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
            // The app decides what the stroke does to the layer (and to its other sessions).
            out.stroke = Some(op);
        }
    }
}
