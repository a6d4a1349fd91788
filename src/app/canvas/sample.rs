//! The skin sample and match hair tools: a click on the photo picks the place to read.

use egui::{Color32, Stroke};

use super::{Canvas, CanvasOutput, Input};

impl Canvas {
    /// Marks the pointer and reports the photo position clicked.
    pub(super) fn sample_tool(&mut self, input: &Input<'_>, out: &mut CanvasOutput) {
        let Input {
            response,
            painter,
            area,
            pointer,
            ..
        } = *input;
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
}
