//! The scar tool: the points of a strip scar or the centres of round scars; and the scar drawn
//! over the photo.

use egui::{Color32, Pos2, Rect, Stroke, pos2, vec2};

use super::{Canvas, CanvasOutput, Input};
use crate::app::command::Tool;
use crate::app::document::Document;
use crate::engine::geometry::ScarShape;
use crate::engine::project::Layer;

impl Canvas {
    /// The scar tool: points of a strip scar, or centres of round scars.
    pub(super) fn scar_tool(
        &mut self,
        input: &Input<'_>,
        layer: &mut Layer,
        out: &mut CanvasOutput,
    ) {
        let Input {
            response,
            painter,
            area,
            pointer,
            origin,
            ..
        } = *input;
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
                        widths_mm: Vec::new(),
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
        if out.committed {
            scar.shape.fit_widths();
        }
    }

    /// Draws the active scar layer's shape while the scar tool is chosen or the guides are shown.
    pub(super) fn draw_scar(
        &self,
        painter: &egui::Painter,
        area: Rect,
        doc: &Document,
        tool: Tool,
    ) {
        let Some(scar) = doc
            .project
            .view()
            .layers
            .get(doc.active_layer)
            .and_then(|l| l.scar.as_ref())
        else {
            return;
        };
        if tool != Tool::Scar && !self.show_guides {
            return;
        }
        let strong = tool == Tool::Scar;
        let colour = if strong {
            Color32::from_rgb(255, 120, 200)
        } else {
            Color32::from_rgba_unmultiplied(255, 120, 200, 80)
        };
        let ppm = doc.project.view().scale.px_per_mm as f32;
        let screen = |q: &[f32; 2]| self.to_screen(area, pos2(q[0], q[1]));
        match &scar.shape {
            ScarShape::Region => {}
            ScarShape::Strip {
                points, width_mm, ..
            } => {
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
}
