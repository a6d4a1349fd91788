//! The sessions of one design edited as one: they continue one pattern (the same seed) over one
//! zone, so their region and hairline are shared. A stroke, a hairline style or a preset applied
//! while any session is selected changes them all.

use crate::engine::geometry::{Region, RegionOp};
use crate::engine::presets::Preset;
use crate::engine::project::{Layer, ScalpView};
use crate::engine::styles::Frame;

/// The layers of `view` in the same design as layer `index` (itself included), in list order.
pub fn design_of(view: &ScalpView, index: usize) -> Vec<usize> {
    let Some(layer) = view.layers.get(index) else {
        return Vec::new();
    };
    view.layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.seed == layer.seed)
        .map(|(k, _)| k)
        .collect()
}

/// Gives every session of layer `index`'s design the kind, region and hairline of layer `index`.
/// Returns true if any layer changed.
pub fn share_design(view: &mut ScalpView, index: usize) -> bool {
    let Some(model) = view.layers.get(index) else {
        return false;
    };
    let (kind, region, hairline) = (model.kind, model.region.clone(), model.hairline.clone());
    let mut changed = false;
    for k in design_of(view, index) {
        let layer = &mut view.layers[k];
        if layer.kind != kind || layer.region != region || layer.hairline != hairline {
            layer.kind = kind;
            layer.region = region.clone();
            layer.hairline = hairline.clone();
            changed = true;
        }
    }
    changed
}

/// What a stroke did to a design's region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroked {
    /// Added to the region.
    Added,
    /// The region covered the whole photo and was untouched: the stroke started a painted region
    /// (only where it was painted).
    StartedPainting,
}

/// Adds a brush or eraser stroke to the region of layer `index`'s design. Painting onto an
/// untouched whole-photo region starts a painted region from nothing: painting means "put dots
/// here", and over a whole photo a stroke would otherwise change nothing.
pub fn add_stroke(view: &mut ScalpView, index: usize, op: RegionOp) -> Option<Stroked> {
    let layer = view.layers.get_mut(index)?;
    let region = &mut layer.region;
    let starts = matches!(op, RegionOp::Paint { .. }) && region.whole && region.ops.is_empty();
    if starts {
        region.whole = false;
    }
    region.ops.push(op);
    share_design(view, index);
    Some(if starts {
        Stroked::StartedPainting
    } else {
        Stroked::Added
    })
}

/// Gives layer `index`'s design the region `region` (the scalp found in the photo, say).
pub fn set_region(view: &mut ScalpView, index: usize, region: Region) {
    if let Some(layer) = view.layers.get_mut(index) {
        layer.region = region;
        share_design(view, index);
    }
}

/// Gives every session of layer `index`'s design another arrangement of dots (they keep
/// continuing one pattern).
pub fn new_pattern(view: &mut ScalpView, index: usize) {
    let design = design_of(view, index);
    let Some(&first) = design.first() else {
        return;
    };
    let seed = crate::engine::edit::seed_from(view.layers[first].seed);
    for k in design {
        view.layers[k].seed = seed;
    }
}

/// Applies `preset` to the design of layer `index`: its first session takes the preset's
/// settings and each later session follows from the one before, as "Add next session" makes it
/// (fewer dots, a little darker). `frame` places a hairline of the preset's style where there is
/// none.
pub fn apply_preset(view: &mut ScalpView, index: usize, preset: &Preset, frame: Option<Frame>) {
    let mut design = design_of(view, index);
    design.sort_by_key(|&k| view.layers[k].session);
    let Some(&first) = design.first() else {
        return;
    };
    preset.apply(&mut view.layers[first], frame);
    let mut previous: Layer = view.layers[first].clone();
    for &k in &design[1..] {
        let (name, session) = (view.layers[k].name.clone(), view.layers[k].session);
        let mut next = previous.next_session();
        next.name = name;
        next.session = session;
        view.layers[k] = next.clone();
        previous = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::edit;
    use crate::engine::presets;
    use crate::engine::project::Project;
    use crate::engine::units::Scale;

    fn two_sessions() -> Project {
        let mut project = Project::new("p.png".into(), Scale::calibrated(5.0), 9);
        edit::add_layer(&mut project).expect("a second layer");
        edit::add_session(&mut project, 0).expect("session 2");
        project
    }

    #[test]
    fn strokes_and_patterns_change_every_session_of_a_design() {
        let mut project = two_sessions();
        let view = project.view_mut();
        assert_eq!(design_of(view, 2), vec![0, 2]);
        let op = RegionOp::Erase {
            points: vec![[10.0, 10.0], [50.0, 50.0]],
            radius_mm: 3.0,
            softness: 0.5,
        };
        assert_eq!(add_stroke(view, 2, op), Some(Stroked::Added));
        assert_eq!(view.layers[0].region, view.layers[2].region);
        assert_eq!(view.layers[0].region.ops.len(), 1);
        assert!(view.layers[1].region.ops.is_empty(), "another design");
        let seed = view.layers[0].seed;
        new_pattern(view, 2);
        assert_ne!(view.layers[0].seed, seed);
        assert_eq!(view.layers[0].seed, view.layers[2].seed);
    }

    #[test]
    fn the_first_paint_stroke_on_a_whole_photo_starts_a_painted_region() {
        let mut project = two_sessions();
        let view = project.view_mut();
        let paint = RegionOp::Paint {
            points: vec![[10.0, 10.0]],
            radius_mm: 3.0,
            softness: 0.5,
        };
        let started = add_stroke(view, 0, paint.clone());
        assert_eq!(started, Some(Stroked::StartedPainting));
        assert!(!view.layers[0].region.whole && !view.layers[2].region.whole);
        assert_eq!(add_stroke(view, 0, paint), Some(Stroked::Added));
    }

    #[test]
    fn a_preset_sets_the_first_session_and_the_later_ones_follow() {
        let mut project = two_sessions();
        let view = project.view_mut();
        let preset = presets::find("soft-hairline", &[]).expect("built in");
        apply_preset(view, 2, &preset, Some(Frame::default_for(800, 600, 5.0)));
        let (one, two) = (&view.layers[0], &view.layers[2]);
        assert_eq!(one.density, preset.density);
        assert!(two.density < one.density);
        assert_eq!(two.session, 2);
        assert!(one.hairline.is_some());
        assert_eq!(one.hairline, two.hairline);
        assert_eq!(one.region, two.region);
    }
}
