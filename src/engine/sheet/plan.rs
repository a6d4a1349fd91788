//! The design in the words practitioners and clients use: needles, shades as dilutions, healed spot
//! sizes, hairline edges and scar retention, and the sessions with the dots each places. Pure text;
//! no layout and no PDF.

use crate::engine::anatomy::{HairlineHeight, hairline_height};
use crate::engine::geometry::{Hairline, Scar, ScarShape};
use crate::engine::optics::{Needle, apparent_spot_mm, needle_mm};
use crate::engine::pigment::format_dilution;
use crate::engine::project::{Layer, LayerKind, ScalpView};

/// One zone (layer) of a view, ready for the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    pub name: String,
    pub kind: String,
    pub session: u32,
    /// Impressions per cm².
    pub density: String,
    /// "3RL 0.30 mm".
    pub needle: String,
    /// "8:1".
    pub shade: String,
    /// Apparent healed spot, "0.39 mm".
    pub spot: String,
    pub dots: usize,
    /// What else matters about this zone (hairline edge, scar, hair), one sentence each.
    pub notes: Vec<String>,
}

/// A view's design.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewPlan {
    pub name: String,
    pub zones: Vec<Zone>,
    /// False when the photo's scale was guessed: sizes in the photo and dot counts are estimates.
    pub calibrated: bool,
}

/// One treatment session: what it is for and the dots it places in each view.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub number: u32,
    pub when: String,
    pub focus: String,
    /// One entry per view with layers in this session, in view order.
    pub views: Vec<SessionView>,
}

/// What one session does in one view.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionView {
    pub view: String,
    /// Each zone with its shade, "Soft front 6:1".
    pub zones: Vec<String>,
    /// Dots the session places in this view.
    pub dots: usize,
}

/// When the sessions after the first take place. The project holds no dates, so the sheet gives
/// the usual range (DOMAIN: sessions 7–30 days apart) and leaves the date to the practitioner.
pub const INTERVAL: &str = "7–30 days after the previous session";

/// The design of `view`: one zone per visible layer, with `dots[i]` the dots layer `i` places
/// (as [`crate::engine::render::dot_counts`] counts them). Hidden layers are left out, as they
/// are from the pictures.
pub fn view_plan(view: &ScalpView, dots: &[usize]) -> ViewPlan {
    let zones = view
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.visible)
        .map(|(i, l)| zone(view, l, dots.get(i).copied().unwrap_or(0)))
        .collect();
    ViewPlan {
        name: view.name.clone(),
        zones,
        calibrated: view.scale.calibrated,
    }
}

fn zone(view: &ScalpView, layer: &Layer, dots: usize) -> Zone {
    let mut notes = Vec::new();
    if let Some(h) = &layer.hairline {
        notes.push(hairline_note(h, hairline_height(view, h)));
    }
    if let Some(s) = &layer.scar {
        notes.push(scar_note(s));
    }
    if layer.avoid_hair {
        notes.push("dots only on the visible scalp between the client's hairs.".into());
    }
    if let Some(m) = layer.hair_match.as_ref().and_then(|m| m.note.as_ref()) {
        notes.push(format!("hair match: {m}"));
    }
    Zone {
        name: layer.name.clone(),
        kind: kind_label(layer).into(),
        session: layer.session,
        density: format!("{:.0}", layer.density),
        needle: needle_label(layer.shape.needle, layer.dot_mm),
        shade: format_dilution(layer.dilution),
        spot: format!(
            "{:.2} mm",
            apparent_spot_mm(layer.shape.needle, layer.dot_mm)
        ),
        dots,
        notes,
    }
}

fn kind_label(layer: &Layer) -> &'static str {
    match (layer.kind, layer.avoid_hair) {
        (LayerKind::Density, true) => "Density between hairs",
        (LayerKind::Density, false) => "Density",
        (LayerKind::Hairline, _) => "Hairline",
        (LayerKind::Scar, _) => "Scar camouflage",
    }
}

/// The needle as practitioners write it: configuration and diameter ("3RL 0.30 mm").
pub fn needle_label(needle: Needle, dot_mm: f32) -> String {
    format!("{} {:.2} mm", needle.label(), needle_mm(dot_mm))
}

/// How an irregularity setting reads: from a clean edge-up to a broken, scattered edge.
pub fn edge_words(irregularity: f32) -> &'static str {
    match irregularity {
        i if i < 0.2 => "clean, even edge",
        i if i < 0.4 => "soft edge, slightly irregular",
        i if i < 0.7 => "soft, naturally irregular edge",
        _ => "broken, scattered edge",
    }
}

/// The hairline's edge and fade, and its height above the brow as measured from the view's face
/// guides (without them the height is left to measure on the client).
fn hairline_note(h: &Hairline, height: Option<HairlineHeight>) -> String {
    let height = match height {
        Some(height) => format!(
            "{} (glabella to the middle of the hairline)",
            height.words()
        ),
        None => "hairline height: measure on the client".into(),
    };
    format!(
        "hairline: {}; fades over {:.1} mm from the front edge to full density; {height}. A \
         hairline can be lowered and darkened later, never raised.",
        edge_words(h.irregularity),
        h.fade_mm
    )
}

fn scar_note(s: &Scar) -> String {
    let shape = match &s.shape {
        ScarShape::Region => "scar tissue over the whole zone".to_string(),
        ScarShape::Strip {
            width_mm,
            widths_mm,
            ..
        } => {
            let (lo, hi) = widths_mm
                .iter()
                .fold((f32::MAX, f32::MIN), |(a, b), w| (a.min(*w), b.max(*w)));
            if widths_mm.is_empty() || hi - lo < 0.05 {
                format!("strip scar (FUT) about {width_mm:.1} mm wide")
            } else {
                format!("strip scar (FUT) {lo:.1}–{hi:.1} mm wide")
            }
        }
        ScarShape::Dots {
            centres,
            diameter_mm,
        } => format!(
            "{} small round scars (FUE), about {diameter_mm:.1} mm each",
            centres.len()
        ),
    };
    let patchy = match s.unevenness {
        u if u < 0.25 => "fairly evenly",
        u if u < 0.6 => "unevenly",
        _ => "very unevenly, in patches",
    };
    format!(
        "scar: {shape}; scar tissue is expected to keep about {:.0} % of the pigment, {patchy}.",
        s.retention * 100.0
    )
}

/// The sessions of the plan, in order: every session a visible layer of any view belongs to,
/// with its zones and the dots it places per view. `views[k]` pairs view `k` with its layers'
/// dot counts.
pub fn sessions(views: &[(&ScalpView, Vec<usize>)]) -> Vec<Session> {
    let mut numbers: Vec<u32> = views
        .iter()
        .flat_map(|(v, _)| v.layers.iter().filter(|l| l.visible).map(|l| l.session))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .iter()
        .enumerate()
        .map(|(k, &number)| Session {
            number,
            when: if k == 0 {
                "First appointment".into()
            } else {
                capitalised(INTERVAL)
            },
            focus: focus(k, numbers.len()).into(),
            views: views
                .iter()
                .filter_map(|(view, counts)| session_view(view, counts, number))
                .collect(),
        })
        .collect()
}

fn session_view(view: &ScalpView, counts: &[usize], number: u32) -> Option<SessionView> {
    let layers: Vec<(usize, &Layer)> = view
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.visible && l.session == number)
        .collect();
    if layers.is_empty() {
        return None;
    }
    Some(SessionView {
        view: view.name.clone(),
        zones: layers
            .iter()
            .map(|(_, l)| format!("{} {}", l.name, format_dilution(l.dilution)))
            .collect(),
        dots: layers
            .iter()
            .map(|(i, _)| counts.get(*i).copied().unwrap_or(0))
            .sum(),
    })
}

/// What a session is for (DOMAIN: session 1 lightest and sparse, 2 fills gaps and may go darker,
/// 3 refines detail and density).
fn focus(index: usize, count: usize) -> &'static str {
    match index {
        0 if count == 1 => "The whole design in one session; a follow-up may be needed.",
        0 => "Foundation: usually the lightest shade, sparse dots.",
        1 => "Fills the gaps between the first dots; may go a little darker.",
        2 => "Refines detail and density.",
        _ => "Further refinement where needed.",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `n` with thousands separated by commas ("14,320").
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::optics::Needle;
    use crate::engine::units::Scale;

    #[test]
    fn a_hairline_placed_from_face_guides_gives_its_height_above_the_brow() {
        use crate::engine::anatomy::FaceGuides;
        use crate::engine::edit::place_view_hairline;
        use crate::engine::project::Project;
        use crate::engine::styles::HairlineStyle;
        use crate::engine::units::Scale;

        let mut project = Project::new("front.png".into(), Scale::calibrated(5.0), 3);
        let view = project.view_mut();
        place_view_hairline(view, 0, HairlineStyle::Natural, 800, 600).expect("placed");
        let unmeasured = view_plan(view, &[0]);
        assert!(unmeasured.zones[0].notes[0].contains("hairline height: measure on the client"));
        view.face = Some(FaceGuides {
            glabella: [400.0, 520.0],
            eye_corners: [[300.0, 530.0], [500.0, 530.0]],
            hairline_height_mm: 75.0,
        });
        let notes = place_view_hairline(view, 0, HairlineStyle::Natural, 800, 600).expect("placed");
        assert!(notes[0].contains("7.5 cm above the brow"), "{notes:?}");
        let plan = view_plan(view, &[0]);
        let note = &plan.zones[0].notes[0];
        assert!(
            note.contains(
                "hairline 7.5 cm above the brow (glabella to the middle of the hairline)"
            ),
            "{note}"
        );
    }

    #[test]
    fn needles_shades_and_counts_read_as_practitioners_write_them() {
        assert_eq!(needle_label(Needle::RL3, 0.165), "3RL 0.30 mm");
        assert_eq!(needle_label(Needle::RL1, 0.11), "1RL 0.20 mm");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(14320), "14,320");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(edge_words(0.1), "clean, even edge");
        assert_eq!(edge_words(0.9), "broken, scattered edge");
    }

    #[test]
    fn sessions_sum_their_layers_per_view_and_skip_hidden_layers() {
        let base = Layer::whole("Density", 1);
        let mut view = ScalpView::new("Front", "a.jpg".into(), Scale::calibrated(8.0), 1);
        view.layers = Layer::split_into_sessions(&base, 3);
        let mut extra = Layer::whole("Temples", 2);
        extra.session = 2;
        view.layers.push(extra);
        let mut hidden = Layer::whole("Try-out", 3);
        hidden.session = 4;
        hidden.visible = false;
        view.layers.push(hidden);
        let counts = vec![500, 300, 200, 40, 999];
        let plan = sessions(&[(&view, counts.clone())]);
        let numbers: Vec<u32> = plan.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(plan[1].views.len(), 1);
        assert_eq!(plan[1].views[0].view, "Front");
        assert_eq!(plan[1].views[0].dots, 340);
        assert_eq!(
            plan[1].views[0].zones,
            [
                format!("Density · session 2 {}", format_dilution(base.dilution)),
                format!("Temples {}", format_dilution(base.dilution)),
            ]
        );
        assert!(plan[1].when.contains("7–30 days"));
        assert_eq!(plan[0].when, "First appointment");
        let zones = view_plan(&view, &counts).zones;
        assert_eq!(zones.len(), 4);
        assert_eq!(zones[0].shade, format_dilution(base.dilution * 1.35));
    }
}
