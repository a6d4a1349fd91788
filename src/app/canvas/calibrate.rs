//! The calibration tool: a line along something of known length.

use egui::{Color32, Stroke};

use super::{Canvas, CanvasOutput, Input};

impl Canvas {
    /// Draws the calibration line; once released, its length in photo pixels is the output.
    pub(super) fn calibrate_tool(&mut self, input: &Input<'_>, out: &mut CanvasOutput) {
        let Input {
            response,
            painter,
            area,
            pointer,
            origin,
            ..
        } = *input;
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
}
