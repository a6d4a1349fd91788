//! The client's anatomy on the canvas: the head ellipse (dragged around the head, then by its
//! handles) and the face guides (the glabella and the outer eye corners, clicked in turn, then
//! dragged), with the hairline landmarks and measurements they give.

use egui::{Align2, Color32, FontId, Pos2, Rect, Stroke, pos2};

use super::{Canvas, CanvasOutput, Input};
use crate::app::command::Tool;
use crate::app::document::Document;
use crate::engine::anatomy::{
    DEFAULT_HAIRLINE_HEIGHT_MM, FaceGuides, GuidePoints, HeadShape, MIN_RADIUS_PX, hairline_height,
    place_guides, view_guides,
};
use crate::engine::geometry::Point;
use crate::engine::project::ScalpView;

const HEAD_COLOUR: Color32 = Color32::from_rgb(120, 200, 255);
const FACE_COLOUR: Color32 = Color32::from_rgb(150, 255, 170);
/// Heights practitioners mark besides the chosen one, mm above the brow.
const MARKS_MM: [f32; 2] = [70.0, 100.0];

/// What the face tool asks for next, by how many points are clicked.
pub const FACE_PROMPTS: [&str; 3] = [
    "Face guides: click the point between the brows (the glabella).",
    "Now click the outer corner of one eye.",
    "Now click the outer corner of the other eye.",
];

/// The head ellipse's handles: its centre, then the ends of its two axes.
fn handles(head: &HeadShape) -> [Point; 5] {
    let ([cx, cy], [rx, ry]) = (head.centre, head.radii);
    [
        [cx, cy],
        [cx + rx, cy],
        [cx - rx, cy],
        [cx, cy + ry],
        [cx, cy - ry],
    ]
}

impl Canvas {
    /// Draws a new head ellipse by dragging across the head, or adjusts one by its handles.
    pub(super) fn head_tool(
        &mut self,
        input: &Input<'_>,
        view: &mut ScalpView,
        out: &mut CanvasOutput,
    ) {
        let Input {
            response,
            area,
            pointer,
            origin,
            ..
        } = *input;
        if response.drag_started()
            && let Some(p) = origin
        {
            let on_handle = view
                .head
                .as_ref()
                .and_then(|h| self.point_near(area, &handles(h), p));
            self.dragging_point = on_handle;
            if on_handle.is_none() {
                let q = self.to_photo(area, p);
                self.outlining = Some((q, q));
            }
        }
        if response.dragged()
            && let Some(p) = pointer
        {
            let q = self.to_photo(area, p);
            if let Some((a, _)) = self.outlining {
                self.outlining = Some((a, q));
            } else if let (Some(i), Some(head)) = (self.dragging_point, view.head.as_mut()) {
                let [cx, cy] = head.centre;
                match i {
                    0 => head.centre = [q.x, q.y],
                    1 | 2 => head.radii[0] = (q.x - cx).abs().max(MIN_RADIUS_PX),
                    _ => head.radii[1] = (q.y - cy).abs().max(MIN_RADIUS_PX),
                }
            }
        }
        if response.drag_stopped() {
            if let Some((a, b)) = self.outlining.take() {
                let radii = [(b.x - a.x).abs() / 2.0, (b.y - a.y).abs() / 2.0];
                if radii.iter().all(|&r| r >= MIN_RADIUS_PX) {
                    view.head = Some(HeadShape {
                        centre: [(a.x + b.x) / 2.0, (a.y + b.y) / 2.0],
                        radii,
                    });
                    out.committed = true;
                }
            } else if self.dragging_point.take().is_some() {
                out.committed = true;
            }
        }
    }

    /// Clicks the glabella and the two outer eye corners in turn; once all three are in, drags
    /// any of them.
    pub(super) fn face_tool(
        &mut self,
        input: &Input<'_>,
        view: &mut ScalpView,
        out: &mut CanvasOutput,
    ) {
        let Input {
            response,
            area,
            pointer,
            origin,
            ..
        } = *input;
        let Some(face) = view.face.as_mut() else {
            if response.clicked()
                && let Some(p) = pointer
            {
                let q = self.to_photo(area, p);
                self.face_clicks.push([q.x, q.y]);
                if let [glabella, a, b] = self.face_clicks[..] {
                    view.face = Some(FaceGuides {
                        glabella,
                        eye_corners: [a, b],
                        hairline_height_mm: DEFAULT_HAIRLINE_HEIGHT_MM,
                    });
                    self.face_clicks.clear();
                    out.committed = true;
                }
            }
            return;
        };
        let points = [face.glabella, face.eye_corners[0], face.eye_corners[1]];
        if response.drag_started() {
            self.dragging_point = origin.and_then(|p| self.point_near(area, &points, p));
        }
        if let (Some(i), Some(p)) = (self.dragging_point, pointer)
            && response.dragged()
        {
            let q = self.to_photo(area, p);
            match i {
                0 => face.glabella = [q.x, q.y],
                k => face.eye_corners[k - 1] = [q.x, q.y],
            }
        }
        if response.drag_stopped() && self.dragging_point.take().is_some() {
            out.committed = true;
        }
    }

    /// The face guides still being clicked (fewer than three points).
    pub fn face_clicks(&self) -> usize {
        self.face_clicks.len()
    }

    /// Forgets face guide points clicked but not finished.
    pub fn clear_face_clicks(&mut self) {
        self.face_clicks.clear();
    }

    /// Draws the head ellipse: strong with its handles while its tool is chosen, faint as a
    /// guide otherwise.
    pub(super) fn draw_head(
        &self,
        painter: &egui::Painter,
        area: Rect,
        doc: &Document,
        tool: Tool,
    ) {
        let strong = tool == Tool::Head;
        if !strong && !self.show_guides {
            return;
        }
        let drawing = self.outlining.map(|(a, b)| HeadShape {
            centre: [(a.x + b.x) / 2.0, (a.y + b.y) / 2.0],
            radii: [(b.x - a.x).abs() / 2.0, (b.y - a.y).abs() / 2.0],
        });
        let Some(head) = drawing.or(doc.project.view().head) else {
            return;
        };
        let colour = if strong {
            HEAD_COLOUR
        } else {
            HEAD_COLOUR.gamma_multiply(0.4)
        };
        let ring: Vec<Pos2> = (0..=96)
            .map(|k| {
                let a = k as f32 / 96.0 * std::f32::consts::TAU;
                let [cx, cy] = head.centre;
                let q = pos2(cx + head.radii[0] * a.cos(), cy + head.radii[1] * a.sin());
                self.to_screen(area, q)
            })
            .collect();
        painter.add(egui::Shape::line(
            ring,
            Stroke::new(if strong { 2.0 } else { 1.0 }, colour),
        ));
        if strong && drawing.is_none() {
            for (i, q) in handles(&head).iter().enumerate() {
                let s = self.to_screen(area, pos2(q[0], q[1]));
                let r = if i == 0 { 6.0 } else { 5.0 };
                painter.circle(s, r, Color32::from_gray(40), Stroke::new(2.0, colour));
            }
        }
    }

    /// Draws the face guides: the points clicked, and once complete the midline up to the
    /// hairline's height (with the 7 and 10 cm marks), the temple corners over the outer eye
    /// corners, the temple peaks beyond them (with a head shape) and the drawn hairline's height
    /// above the brow.
    pub(super) fn draw_face(
        &self,
        painter: &egui::Painter,
        area: Rect,
        doc: &Document,
        tool: Tool,
    ) {
        let strong = tool == Tool::Face;
        let colour = if strong {
            FACE_COLOUR
        } else {
            FACE_COLOUR.gamma_multiply(0.45)
        };
        let at = |q: Point| self.to_screen(area, pos2(q[0], q[1]));
        if strong {
            for q in &self.face_clicks {
                painter.circle(
                    at(*q),
                    5.0,
                    Color32::from_gray(40),
                    Stroke::new(2.0, colour),
                );
            }
            if let Some(prompt) = FACE_PROMPTS.get(self.face_clicks.len())
                && doc.project.view().face.is_none()
            {
                let corner = area.left_top() + egui::vec2(12.0, 12.0);
                caption(painter, corner, Align2::LEFT_TOP, prompt, FACE_COLOUR);
            }
        }
        if !strong && !self.show_guides {
            return;
        }
        let view = doc.project.view();
        let Some(face) = &view.face else { return };
        let mark = |q: Point, r: f32| {
            painter.circle(at(q), r, Color32::from_gray(40), Stroke::new(2.0, colour));
        };
        mark(face.glabella, 5.0);
        face.eye_corners.iter().for_each(|q| mark(*q, 4.0));
        let placed = match view_guides(view, None) {
            Some(Ok(placed)) => placed,
            Some(Err(e)) => {
                let text = format!("Face guides: {e}");
                let red = Color32::from_rgb(255, 120, 110);
                caption(painter, at(face.glabella), Align2::CENTER_TOP, &text, red);
                return;
            }
            None => return,
        };
        let line = Stroke::new(if strong { 1.5 } else { 1.0 }, colour);
        painter.line_segment([at(placed.glabella), at(placed.mid_frontal)], line);
        for (eye, corner) in placed.eye_corners.iter().zip(placed.corners) {
            painter.line_segment([at(*eye), at(corner)], Stroke::new(1.0, colour));
            mark(corner, 4.0);
        }
        let peaks = placed.temple_peaks.iter().flatten();
        for ((peak, corner), anchor) in peaks
            .zip(placed.corners)
            .zip([Align2::RIGHT_CENTER, Align2::LEFT_CENTER])
        {
            painter.line_segment([at(corner), at(peak.at)], Stroke::new(1.0, colour));
            if peak.out_of_view {
                caption(
                    painter,
                    at(peak.at),
                    anchor,
                    "temple peak: round the side",
                    colour,
                );
            } else {
                mark(peak.at, 4.0);
            }
        }
        mark(placed.mid_frontal, 6.0);
        self.draw_height_marks(painter, area, view, &placed, colour);
        let text = height_words(doc, &placed);
        let beside = at(placed.mid_frontal) + egui::vec2(10.0, -10.0);
        caption(painter, beside, Align2::LEFT_BOTTOM, &text, colour);
    }

    /// Short ticks across the midline at the heights practitioners weigh (7 and 10 cm).
    fn draw_height_marks(
        &self,
        painter: &egui::Painter,
        area: Rect,
        view: &ScalpView,
        placed: &GuidePoints,
        colour: Color32,
    ) {
        let Some(face) = &view.face else { return };
        let across = egui::vec2(-placed.up[1], placed.up[0]) * 8.0;
        for mm in MARKS_MM {
            let guides = FaceGuides {
                hairline_height_mm: mm,
                ..*face
            };
            let Ok(p) = place_guides(&guides, view.head.as_ref(), view.scale.px_per_mm, None)
            else {
                continue;
            };
            let s = self.to_screen(area, pos2(p.mid_frontal[0], p.mid_frontal[1]));
            painter.line_segment([s - across, s + across], Stroke::new(1.0, colour));
            painter.text(
                s - across,
                Align2::RIGHT_CENTER,
                format!("{:.0} cm ", mm / 10.0),
                FontId::proportional(11.0),
                colour,
            );
        }
    }
}

/// The hairline's height above the brow in words: the active layer's hairline as drawn, else
/// the height the guides plan.
fn height_words(doc: &Document, placed: &GuidePoints) -> String {
    let view = doc.project.view();
    let hairline = view
        .layers
        .get(doc.active_layer)
        .and_then(|l| l.hairline.as_ref());
    match hairline.and_then(|h| hairline_height(view, h)) {
        Some(height) => height.words(),
        None => format!(
            "hairline planned {:.1} cm above the brow",
            placed.height_mm / 10.0
        ),
    }
}

/// A line of text on a dark backing, readable on any photo.
fn caption(painter: &egui::Painter, at: Pos2, anchor: Align2, text: &str, colour: Color32) {
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(13.0), colour);
    let rect = anchor.anchor_size(at, galley.size()).expand(4.0);
    painter.rect_filled(rect, 3.0, Color32::from_black_alpha(170));
    painter.galley(rect.min + egui::vec2(4.0, 4.0), galley, colour);
}
