//! The picture on the canvas: after, split with a draggable divider, or side by side.

use egui::{Align2, Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::{Canvas, Shown};
use crate::app::command::Compare;

/// What the "after" side of the picture shows this frame, and says it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shows {
    /// The mock-up.
    After,
    /// The photo as it is, while `\` is held.
    HeldBefore,
    /// The photo as it is: the treatment is switched off.
    TreatmentHidden,
}

impl Shows {
    fn caption(self) -> &'static str {
        match self {
            Shows::After => "After",
            Shows::HeldBefore => "Before (release \\ for after)",
            Shows::TreatmentHidden => "Treatment hidden (O shows it)",
        }
    }
}

impl Canvas {
    /// Draws the last preview where it belongs (the mock-up, or the photo as it is while held or
    /// hidden, captioned so), or a note while the first one renders.
    pub(super) fn draw_picture(
        &mut self,
        ui: &mut egui::Ui,
        painter: &egui::Painter,
        rect: Rect,
        area: Rect,
        shows: Shows,
    ) {
        let show_after = shows == Shows::After;
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
                    if !show_after {
                        let at = area.left_top() + vec2(8.0, 8.0);
                        caption(ui, at, Align2::LEFT_TOP, shows.caption());
                    }
                }
                Compare::Split => {
                    let divider = &mut self.divider;
                    draw_split(ui, painter, [rect, area, image_rect], shown, shows, divider);
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
                    let left = area.left_top() + vec2(8.0, 8.0);
                    caption(ui, left, Align2::LEFT_TOP, "Before");
                    let right = area.left_top() + vec2(rect.width() / 2.0 + 10.0, 8.0);
                    caption(ui, right, Align2::LEFT_TOP, shows.caption());
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

/// The split comparison: the photo left of the divider, the mock-up right of it, and the
/// divider, which follows a drag near it whatever the tool. `rects`: the canvas, its drawing
/// area and the picture on screen.
fn draw_split(
    ui: &mut egui::Ui,
    painter: &egui::Painter,
    [rect, area, image_rect]: [Rect; 3],
    shown: &Shown,
    shows: Shows,
    divider: &mut f32,
) {
    let show_after = shows == Shows::After;
    let x = area.left() + area.width() * *divider;
    let t = ((x - image_rect.left()) / image_rect.width()).clamp(0.0, 1.0);
    let cut = image_rect.left() + image_rect.width() * t;
    let left = Rect::from_min_max(image_rect.min, pos2(cut, image_rect.bottom()));
    let right = Rect::from_min_max(pos2(cut, image_rect.top()), image_rect.max);
    let before_uv = Rect::from_min_max(Pos2::ZERO, pos2(t, 1.0));
    painter.image(shown.before.id(), left, before_uv, Color32::WHITE);
    let tex = if show_after {
        &shown.after
    } else {
        &shown.before
    };
    let after_uv = Rect::from_min_max(pos2(t, 0.0), pos2(1.0, 1.0));
    painter.image(tex.id(), right, after_uv, Color32::WHITE);
    painter.line_segment(
        [pos2(x, rect.top()), pos2(x, rect.bottom())],
        Stroke::new(2.0, Color32::WHITE),
    );
    let top = rect.top() + 8.0;
    caption(ui, pos2(x - 8.0, top), Align2::RIGHT_TOP, "Before");
    caption(ui, pos2(x + 8.0, top), Align2::LEFT_TOP, shows.caption());
    let handle = Rect::from_center_size(pos2(x, rect.center().y), vec2(16.0, rect.height()));
    let grip = ui.interact(handle, ui.scope_id().with("divider"), Sense::drag());
    if grip.dragged() {
        let px = grip.interact_pointer_pos().map_or(x, |p| p.x);
        *divider = ((px - area.left()) / area.width()).clamp(0.0, 1.0);
    }
    if grip.hovered() || grip.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
}

/// A white caption on the picture, a label others (and tests) can read.
fn caption(ui: &mut egui::Ui, pos: Pos2, align: Align2, text: &str) {
    let font = egui::FontId::proportional(14.0);
    let size = ui
        .painter()
        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
        .size()
        + vec2(8.0, 4.0);
    let rect = align.anchor_size(pos, size);
    let text = egui::RichText::new(text)
        .font(font)
        .color(Color32::WHITE)
        .background_color(Color32::from_black_alpha(120));
    ui.put(rect, egui::Label::new(text).selectable(false));
}
