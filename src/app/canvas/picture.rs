//! The picture on the canvas: after, split with a draggable divider, or side by side.

use egui::{Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::Canvas;
use crate::app::command::Compare;

impl Canvas {
    /// Draws the last preview where it belongs (`show_after`: the mock-up, else the photo as it
    /// is), or a note while the first one renders.
    pub(super) fn draw_picture(
        &mut self,
        ui: &egui::Ui,
        painter: &egui::Painter,
        rect: Rect,
        area: Rect,
        show_after: bool,
    ) {
        if let Some(shown) = &self.shown {
            let min = self.to_screen(area, pos2(shown.view.x0 as f32, shown.view.y0 as f32));
            let size = vec2(shown.size[0] as f32, shown.size[1] as f32) / (shown.view.scale as f32)
                * self.zoom;
            let image_rect = Rect::from_min_size(min, size);
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
    }
}
