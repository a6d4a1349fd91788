//! Resource budgets: no valid project may make Follicle place more dots than its photo can carry,
//! hold unbounded layers or views, or take time that grows faster than its layer count.

mod common;

use std::collections::BTreeSet;

use common::{assert_clean_failure, follicle, snapshot, write_photo};
use follicle::engine::edit::{self, EditError};
use follicle::engine::project::{Layer, MAX_LAYERS, MAX_VIEWS, Project};
use follicle::engine::render::{PatternCache, dot_budget, layer_dots};
use follicle::engine::units::Scale;

/// The dots of each shown layer, as exact positions.
fn dot_sets(project: &Project, w: u32, h: u32) -> Vec<BTreeSet<(u32, u32)>> {
    layer_dots(project, w, h, None, &mut PatternCache::default())
        .expect("within the budget")
        .iter()
        .map(|l| {
            l.dots
                .points
                .iter()
                .map(|c| (c.x.to_bits(), c.y.to_bits()))
                .collect()
        })
        .collect()
}

fn layer(seed: u64, density: f32, session: u32) -> Layer {
    let mut l = Layer::whole("zone", seed);
    l.density = density;
    l.session = session;
    l
}

#[test]
fn a_scale_far_off_is_refused_in_one_line_before_any_dot_is_placed() {
    // 3000 × 2000 at 0.5 px/mm is 6 × 4 m of "scalp": at 400 dots/cm² about 100 million
    // candidates, 1.6 GB, where the photo itself is 24 MB.
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "photo.png", 3000, 2000);
    follicle(
        dir.path(),
        &[
            "new",
            "photo.png",
            "-o",
            "p.ron",
            "--px-per-mm",
            "0.5",
            "--density",
            "400",
        ],
    )
    .expect_ok();
    let before = snapshot(dir.path());
    let run = follicle(dir.path(), &["render", "p.ron", "-o", "out.png"]);
    assert_clean_failure(&run, "0.50 px/mm", dir.path(), &before);
    assert!(run.stderr.contains("6.0 × 4.0 m"), "{}", run.stderr);
    assert!(run.stderr.contains("calibrate"), "{}", run.stderr);
    // At a real scale the same photo renders.
    follicle(
        dir.path(),
        &[
            "new",
            "photo.png",
            "-o",
            "q.ron",
            "--px-per-mm",
            "12",
            "--density",
            "400",
        ],
    )
    .expect_ok();
    follicle(dir.path(), &["render", "q.ron", "-o", "out.png"]).expect_ok();
}

#[test]
fn layers_together_stay_within_the_photos_budget() {
    // 2000 × 2000 at 2.7 px/mm: one pattern at 400 dots/cm² is 2.2 million dots, within the
    // 2.5 million budget; two patterns at 400 are 4.4 million, beyond it.
    let (w, h) = (2000, 2000);
    assert_eq!(dot_budget(w, h), 2_500_000);
    let mut project = Project::new("p.png".into(), Scale::calibrated(2.7), 1);
    project.view_mut().layers = vec![layer(1, 400.0, 1)];
    let one = dot_sets(&project, w, h);
    assert!(one[0].len() > 2_000_000, "{}", one[0].len());
    project.view_mut().layers.push(layer(2, 400.0, 1));
    let e = layer_dots(&project, w, h, None, &mut PatternCache::default())
        .err()
        .expect("two dense patterns are over the budget")
        .to_string();
    assert!(e.contains("lower their densities"), "{e}");
    assert!(!e.contains('\n'), "{e}");
}

#[test]
fn layers_sharing_a_seed_split_one_pattern_between_them() {
    // Sessions of one design share a seed: together they show exactly the dots one layer at
    // their summed density shows, each dot once. Checked with many layers, as the group is
    // worked out in one sweep.
    let (w, h) = (900, 700);
    let mut project = Project::new("p.png".into(), Scale::calibrated(8.0), 1);
    let densities = [40.0, 0.0, 25.0, 35.0, 20.0, 30.0];
    project.view_mut().layers = densities
        .iter()
        .enumerate()
        .map(|(k, &d)| layer(7, d, 1 + (k as u32 % 6)))
        .collect();
    // A layer of another seed in between changes nothing of theirs.
    project.view_mut().layers.insert(2, layer(99, 60.0, 1));
    let sets = dot_sets(&project, w, h);
    assert_eq!(sets.len(), 6, "the zero-density layer shows nothing");
    let ours: Vec<&BTreeSet<(u32, u32)>> = sets
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != 1)
        .map(|(_, s)| s)
        .collect();
    let union: BTreeSet<(u32, u32)> = ours.iter().flat_map(|s| s.iter().copied()).collect();
    assert_eq!(
        union.len(),
        ours.iter().map(|s| s.len()).sum::<usize>(),
        "no dot in two layers"
    );
    let mut single = Project::new("p.png".into(), Scale::calibrated(8.0), 1);
    single.view_mut().layers = vec![layer(7, densities.iter().sum(), 1)];
    let whole = dot_sets(&single, w, h).remove(0);
    assert_eq!(union, whole);
    // A hidden earlier session still takes its share: the later ones do not move.
    let mut hidden = project.clone();
    hidden.view_mut().layers[0].visible = false;
    let later = dot_sets(&hidden, w, h);
    assert_eq!(later.len(), 5);
    assert_eq!(later[2], sets[3]);
}

#[test]
fn layer_and_view_counts_are_bounded_at_the_door_and_in_the_app() {
    let mut project = Project::new("p.png".into(), Scale::calibrated(8.0), 1);
    for _ in 1..MAX_LAYERS {
        edit::add_layer(&mut project).expect("room for another layer");
    }
    assert_eq!(edit::add_layer(&mut project), Err(EditError::TooManyLayers));
    assert!(project.validate().is_ok());
    // A file of 1,000 layers (a few tens of KB) is refused by count, naming the view.
    let mut big = project.clone();
    big.view_mut().layers = (0..1000).map(|k| layer(k, 50.0, 1)).collect();
    let e = Project::from_ron(&big.to_ron(), "big.ron".as_ref())
        .expect_err("1,000 layers")
        .to_string();
    assert!(e.contains("1000 layers") && e.contains("at most 64"), "{e}");
    let mut views = project.clone();
    views.views = (0..=MAX_VIEWS).map(|_| project.view().clone()).collect();
    let e = views.validate().expect_err("too many views");
    assert!(e.contains("at most 24"), "{e}");
}
