//! What changed between two states of a project, in words: undo and redo say what they undid.

use crate::engine::project::{Layer, Project, ScalpView};

/// A short description of the difference between `a` and `b` ("the brush stroke", "the
/// density"), or "the last change" when nothing in particular stands out.
pub fn describe(a: &Project, b: &Project) -> &'static str {
    if a.views.len() != b.views.len() {
        return "adding or removing a view";
    }
    if a.current != b.current {
        return "switching views";
    }
    if a.session != b.session {
        return "the session shown";
    }
    if a.stage != b.stage {
        return "the healing stage";
    }
    if a.client != b.client {
        return "the client details";
    }
    a.views
        .iter()
        .zip(&b.views)
        .find(|(x, y)| x != y)
        .map_or("the last change", |(x, y)| view_change(x, y))
}

fn view_change(a: &ScalpView, b: &ScalpView) -> &'static str {
    if a.scale != b.scale {
        return "the scale";
    }
    if a.skin != b.skin {
        return "the skin sample";
    }
    if a.name != b.name {
        return "the view's name";
    }
    if a.photo != b.photo {
        return "the photo's location";
    }
    if a.layers.len() != b.layers.len() {
        return "adding or removing a layer";
    }
    a.layers
        .iter()
        .zip(&b.layers)
        .find(|(x, y)| x != y)
        .map_or("the detection of hair", |(x, y)| layer_change(x, y))
}

fn layer_change(a: &Layer, b: &Layer) -> &'static str {
    if a.region != b.region {
        return if a.region.ops.len() == b.region.ops.len() {
            "the region"
        } else {
            "the brush stroke"
        };
    }
    if a.hairline != b.hairline {
        return "the hairline";
    }
    let named = [
        (a.density != b.density, "the density"),
        (a.dilution != b.dilution, "the shade"),
        (a.dot_mm != b.dot_mm, "the needle size"),
        (a.shape != b.shape, "the dot shape"),
        (a.seed != b.seed, "the pattern"),
        (a.name != b.name, "the layer's name"),
        (a.kind != b.kind, "the layer's kind"),
        (a.scar != b.scar, "the scar"),
        (a.visible != b.visible, "showing the layer"),
    ];
    named
        .iter()
        .find(|(changed, _)| *changed)
        .map_or("the layer's settings", |(_, what)| what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::geometry::RegionOp;
    use crate::engine::units::Scale;

    #[test]
    fn changes_are_named() {
        let a = Project::new("p.png".into(), Scale::calibrated(5.0), 1);
        let mut b = a.clone();
        b.view_mut().layers[0].density = 50.0;
        assert_eq!(describe(&a, &b), "the density");
        let mut c = a.clone();
        c.view_mut().layers[0].region.ops.push(RegionOp::Paint {
            points: vec![[1.0, 1.0]],
            radius_mm: 1.0,
            softness: 0.5,
        });
        assert_eq!(describe(&a, &c), "the brush stroke");
        let mut d = a.clone();
        d.view_mut().scale = Scale::calibrated(7.0);
        assert_eq!(describe(&d, &a), "the scale");
        assert_eq!(describe(&a, &a), "the last change");
    }
}
