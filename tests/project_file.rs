//! The project file: RON round-trips, atomic saves with a backup, defaults for optional fields,
//! version handling, validation messages and photo paths.

mod common;

use std::path::{Path, PathBuf};

use common::snapshot;
use follicle::Error;
use follicle::engine::files::relative_path;
use follicle::engine::geometry::{Hairline, Region, RegionOp, Scar, ScarShape};
use follicle::engine::hair::HairSettings;
use follicle::engine::pigment::Stage;
use follicle::engine::project::{
    CURRENT_VERSION, Client, DEFAULT_DENSITY, DEFAULT_DILUTION, DEFAULT_DOT_MM, Layer, LayerKind,
    Project, ScalpView,
};
use follicle::engine::units::Scale;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A project using every part of the format: client, stage, several layers, every region
/// operation and a hairline.
fn full_project() -> Project {
    let mut project = Project::new(
        PathBuf::from("photos/client 01.jpg"),
        Scale::calibrated(12.5),
        7,
    );
    project.client = Client {
        name: "Zoë Müller".into(),
        date: "2026-11-25".into(),
    };
    project.stage = Stage::Aged;
    project.view_mut().layers[0].density = 95.5;
    project.view_mut().layers[0].region = Region {
        whole: false,
        ops: vec![
            RegionOp::Paint {
                points: vec![[10.0, 20.0], [110.5, 25.25], [200.0, 80.0]],
                radius_mm: 6.0,
                softness: 0.5,
            },
            RegionOp::Erase {
                points: vec![[50.0, 50.0]],
                radius_mm: 2.5,
                softness: 0.0,
            },
            RegionOp::Polygon {
                points: vec![[0.0, 0.0], [300.0, 0.0], [300.0, 120.0], [0.0, 140.0]],
                feather_mm: 3.0,
            },
            RegionOp::Cutout {
                points: vec![[140.0, 60.0], [170.0, 60.0], [155.0, 90.0]],
                feather_mm: 1.0,
            },
        ],
    };
    project.view_mut().layers.push(Layer {
        kind: LayerKind::Hairline,
        density: 60.0,
        dot_mm: 0.09,
        dilution: 16.0,
        size_jitter: 0.3,
        tone_jitter: 0.05,
        hairline: Some(Hairline {
            points: vec![[20.0, 140.0], [150.0, 100.0], [280.0, 145.0]],
            fade_mm: 12.0,
            irregularity: 0.7,
            flip: true,
        }),
        ..Layer::whole("Front", 99)
    });
    project.view_mut().layers.push(Layer {
        kind: LayerKind::Scar,
        visible: false,
        scar: Some(Scar {
            shape: ScarShape::Strip {
                points: vec![[30.0, 200.0], [260.0, 210.0]],
                width_mm: 4.0,
                widths_mm: vec![4.0, 6.5],
            },
            retention: 0.55,
            unevenness: 0.7,
            camouflage: true,
        }),
        ..Layer::whole("Scar", 5)
    });
    let second = project.view().layers[0].next_session();
    project.view_mut().layers.push(second);
    project.view_mut().skin = Some([201, 160, 140]);
    // A second photo of the same consultation, thinning hair on the crown.
    let mut crown = ScalpView::new(
        "Crown",
        PathBuf::from("photos/crown.jpg"),
        Scale::calibrated(9.0),
        11,
    );
    crown.layers[0].avoid_hair = true;
    crown.hair = HairSettings {
        sensitivity: 0.7,
        clearance_mm: 0.1,
    };
    crown.layers.push(Layer {
        scar: Some(Scar::new(ScarShape::Dots {
            centres: vec![[10.0, 10.0], [40.0, 12.5]],
            diameter_mm: 0.9,
        })),
        ..Layer::whole("FUE scars", 12)
    });
    project.views.push(crown);
    project
}

fn expect_project_error<T: std::fmt::Debug>(result: follicle::Result<T>) -> (PathBuf, String) {
    match result {
        Err(Error::Project { path, problem }) => {
            assert!(!problem.contains('\n'), "one line: {problem:?}");
            (path, problem)
        }
        other => panic!("expected a project error, got {other:?}"),
    }
}

fn numbers(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Names of the temporary files a save may leave behind in `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

const MINIMAL: &str = r#"// Written by hand: only the required fields.
(
    version: 1,
    photo: "scalp.jpg",
    scale: (px_per_mm: 10.0, calibrated: false),
    layers: [
        (name: "Crown", density: 60.0, dot_mm: 0.1, dilution: 12.0, seed: 3),
    ],
)
"#;

// ---------------------------------------------------------------------------------------------
// Round trips and the text

#[test]
fn save_and_load_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("client.ron");
    let project = full_project();
    project.save(&path).expect("save");
    let loaded = Project::load(&path).expect("load");
    assert_eq!(loaded, project);
    // Saving what was loaded gives the same text.
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(loaded.to_ron(), text);
    assert_eq!(
        Project::from_ron(&text, &path).expect("parse"),
        project,
        "from_ron agrees with load"
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn region_operations_and_hairline_survive() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("regions.ron");
    let project = full_project();
    project.save(&path).expect("save");
    let loaded = Project::load(&path).expect("load");
    let region = &loaded.view().layers[0].region;
    assert!(!region.whole);
    assert_eq!(region.ops.len(), 4);
    assert!(matches!(
        &region.ops[0],
        RegionOp::Paint { points, radius_mm, softness }
            if points.len() == 3 && points[1] == [110.5, 25.25] && *radius_mm == 6.0 && *softness == 0.5
    ));
    assert!(
        matches!(&region.ops[1], RegionOp::Erase { points, radius_mm, .. } if points == &vec![[50.0, 50.0]] && *radius_mm == 2.5)
    );
    assert!(
        matches!(&region.ops[2], RegionOp::Polygon { points, feather_mm } if points.len() == 4 && *feather_mm == 3.0)
    );
    assert!(
        matches!(&region.ops[3], RegionOp::Cutout { points, feather_mm } if points.len() == 3 && *feather_mm == 1.0)
    );
    let hairline = loaded.view().layers[1]
        .hairline
        .as_ref()
        .expect("hairline kept");
    assert_eq!(
        hairline.points,
        vec![[20.0, 140.0], [150.0, 100.0], [280.0, 145.0]]
    );
    assert_eq!(hairline.fade_mm, 12.0);
    assert_eq!(hairline.irregularity, 0.7);
    assert!(hairline.flip);
    assert_eq!(loaded.view().layers[1].kind, LayerKind::Hairline);
    assert_eq!(loaded.view().layers[2].kind, LayerKind::Scar);
    assert!(!loaded.view().layers[2].visible);
    assert_eq!(loaded.stage, Stage::Aged);
    assert_eq!(loaded.client.name, "Zoë Müller");
}

#[test]
fn saved_file_is_human_readable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("client.ron");
    full_project().save(&path).expect("save");
    let text = std::fs::read_to_string(&path).expect("UTF-8 text");
    assert!(
        text.contains(&format!("version: {CURRENT_VERSION},")),
        "{text}"
    );
    assert!(text.contains("version: 5"), "{text}");
    for field in [
        "photo: \"photos/client 01.jpg\"",
        "px_per_mm: 12.5",
        "calibrated: true",
        "name: \"Zoë Müller\"",
        "date: \"2026-11-25\"",
        "stage: Aged",
        "layers:",
        "density: 95.5",
        "dot_mm:",
        "dilution:",
        "size_jitter:",
        "tone_jitter:",
        "seed: 7",
        "region:",
        "Paint",
        "Erase",
        "Polygon",
        "Cutout",
        "hairline:",
        "fade_mm: 12.0",
        "kind: Hairline",
        "views:",
        "name: \"Crown\"",
        "session: 2",
        "avoid_hair: true",
        "sensitivity: 0.7",
        "Strip",
        "retention: 0.55",
        "Dots",
        "skin: Some",
        "current: 0",
    ] {
        assert!(text.contains(field), "{field:?} missing from:\n{text}");
    }
    // Pretty-printed: one field per line, indented.
    assert!(text.lines().count() > 40, "{text}");
    assert!(text.lines().any(|l| l.starts_with("    views:")), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Saving

#[test]
fn save_keeps_the_previous_version_as_bak() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("client.ron");
    let bak = dir.path().join("client.ron.bak");
    let mut project = full_project();
    project.save(&path).expect("first save");
    assert!(!bak.exists(), "nothing to back up on the first save");
    let first = std::fs::read(&path).expect("read");

    project.view_mut().layers[0].density = 150.0;
    project.save(&path).expect("second save");
    let second = std::fs::read(&path).expect("read");
    assert_ne!(first, second);
    assert_eq!(std::fs::read(&bak).expect("backup"), first);
    assert_eq!(
        Project::load(&path).expect("load").view().layers[0].density,
        150.0
    );
    assert_eq!(
        Project::load(&bak).expect("backup loads").view().layers[0].density,
        95.5
    );

    project.client.name = "Third".into();
    project.save(&path).expect("third save");
    assert_eq!(std::fs::read(&bak).expect("backup"), second);
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn failed_save_leaves_everything_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let existing = dir.path().join("client.ron");
    let project = full_project();
    project.save(&existing).expect("save");
    let before = snapshot(dir.path());

    // A "folder" that is really the project file (tests run as root, so permissions would not
    // stop the write).
    let inside_file = existing.join("copy.ron");
    match project.save(&inside_file) {
        Err(Error::Write { path, problem }) => {
            assert_eq!(path, inside_file);
            assert!(problem.contains("cannot save"), "{problem}");
        }
        other => panic!("expected a write error, got {other:?}"),
    }
    // Over a folder.
    let folder = dir.path().join("folder.ron");
    std::fs::create_dir(&folder).expect("mkdir");
    let before_folder = snapshot(dir.path());
    assert!(matches!(project.save(&folder), Err(Error::Write { .. })));
    assert_eq!(snapshot(dir.path()), before_folder);
    std::fs::remove_dir(&folder).expect("rmdir");
    // Into a folder that does not exist.
    assert!(matches!(
        project.save(&dir.path().join("missing/client.ron")),
        Err(Error::Write { .. })
    ));
    assert_eq!(
        snapshot(dir.path()),
        before,
        "nothing changed, no temp files"
    );
    assert_eq!(Project::load(&existing).expect("still loads"), project);
}

/// A photo path that is not valid Unicode cannot be written as RON: saving must fail and keep the
/// existing file, not replace it with an empty one.
#[cfg(unix)]
#[test]
fn unstorable_photo_path_does_not_destroy_the_file() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("client.ron");
    full_project().save(&path).expect("save");
    let before = snapshot(dir.path());
    let mut bad = full_project();
    bad.view_mut().photo = PathBuf::from(OsStr::from_bytes(b"caf\xe9.jpg"));
    match bad.save(&path) {
        Err(Error::Write { path: p, problem }) => {
            assert_eq!(p, path);
            assert!(problem.contains("photo"), "{problem}");
        }
        other => panic!("expected a write error, got {other:?}"),
    }
    assert_eq!(snapshot(dir.path()), before);
    assert!(bad.try_to_ron().is_err());
}

// ---------------------------------------------------------------------------------------------
// Reading

#[test]
fn optional_fields_take_their_defaults() {
    let path = Path::new("/clients/minimal.ron");
    let project = Project::from_ron(MINIMAL, path).expect("minimal project parses");
    assert_eq!(project.version, CURRENT_VERSION);
    assert_eq!(project.view().photo, PathBuf::from("scalp.jpg"));
    assert_eq!(
        project.view().scale,
        Scale {
            px_per_mm: 10.0,
            calibrated: false
        }
    );
    assert_eq!(project.client, Client::default());
    assert_eq!(project.stage, Stage::Healed);
    assert_eq!(project.view().layers.len(), 1);
    let layer = &project.view().layers[0];
    assert_eq!(layer.name, "Crown");
    assert_eq!(layer.kind, LayerKind::Density);
    assert!(layer.visible);
    assert_eq!(
        (layer.density, layer.dot_mm, layer.dilution, layer.seed),
        (60.0, 0.1, 12.0, 3)
    );
    assert_eq!(layer.size_jitter, 0.2);
    assert_eq!(layer.tone_jitter, 0.5);
    assert_eq!(layer.region, Region::default());
    assert!(layer.region.whole && layer.region.ops.is_empty());
    assert!(layer.hairline.is_none());
    // The defaults are the ones a new layer gets.
    let whole = Layer::whole("Crown", 3);
    assert_eq!((whole.size_jitter, whole.tone_jitter), (0.2, 0.5));
    assert_eq!(
        (whole.density, whole.dot_mm, whole.dilution),
        (DEFAULT_DENSITY, DEFAULT_DOT_MM, DEFAULT_DILUTION)
    );

    // From a file, too.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("minimal.ron");
    std::fs::write(&file, MINIMAL).expect("write");
    assert_eq!(Project::load(&file).expect("load"), project);
}

#[test]
fn newer_version_is_refused_naming_both_versions() {
    let path = Path::new("future.ron");
    let text = MINIMAL.replace("version: 1,", "version: 99,\n    hologram: (depth: 3),");
    let (p, problem) = expect_project_error(Project::from_ron(&text, path));
    assert_eq!(p, path);
    let found = numbers(&problem);
    assert!(
        found.contains(&"99") && found.contains(&CURRENT_VERSION.to_string().as_str()),
        "{problem}"
    );
    assert!(problem.to_lowercase().contains("newer"), "{problem}");
    // Even when the rest of the file is in a format this version cannot read.
    let next = CURRENT_VERSION + 1;
    let alien = format!("(version: {next}, photo: 5, everything: [\"changed\"])");
    let (_, problem) = expect_project_error(Project::from_ron(&alien, path));
    assert!(
        numbers(&problem).contains(&next.to_string().as_str()),
        "{problem}"
    );
    assert!(problem.to_lowercase().contains("newer"), "{problem}");
}

#[test]
fn missing_version_is_refused() {
    let path = Path::new("old.ron");
    let text = MINIMAL.replace("version: 1,", "");
    assert_ne!(text, MINIMAL);
    let (p, problem) = expect_project_error(Project::from_ron(&text, path));
    assert_eq!(p, path);
    assert!(problem.contains("version"), "{problem}");
    let (_, problem) = expect_project_error(Project::from_ron(
        &MINIMAL.replace("version: 1,", "version: 0,"),
        path,
    ));
    assert!(problem.contains("version"), "{problem}");
}

#[test]
fn damaged_files_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&str, &[u8]); 5] = [
        ("garbage.ron", b"this is not a project at all {{{"),
        ("binary.ron", b"\x00\xff\xfe\x01(version: 1"),
        ("cut.ron", &MINIMAL.as_bytes()[..MINIMAL.len() / 2]),
        ("types.ron", b"(version: 1, photo: \"a.jpg\", scale: (px_per_mm: \"ten\", calibrated: false), layers: [])"),
        ("empty.ron", b""),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let (p, problem) = expect_project_error(Project::load(&path));
        assert_eq!(p, path);
        assert!(!problem.is_empty());
        assert_eq!(std::fs::read(&path).expect("read"), bytes, "file untouched");
    }
    let (p, problem) = expect_project_error(Project::load(&dir.path().join("nowhere.ron")));
    assert!(p.ends_with("nowhere.ron"));
    assert!(problem.contains("not found"), "{problem}");
    let (_, problem) = expect_project_error(Project::load(dir.path()));
    assert!(problem.contains("folder"), "{problem}");
}

// ---------------------------------------------------------------------------------------------
// Validation

#[test]
#[expect(clippy::too_many_lines, reason = "one case per setting")]
fn every_invalid_setting_is_named() {
    type Edit = fn(&mut Project);
    let cases: &[(&str, Edit, &str)] = &[
        (
            "density too high",
            |p| p.view_mut().layers[0].density = 401.0,
            "density",
        ),
        (
            "density negative",
            |p| p.view_mut().layers[0].density = -1.0,
            "density",
        ),
        (
            "density NaN",
            |p| p.view_mut().layers[0].density = f32::NAN,
            "density",
        ),
        (
            "dot too small",
            |p| p.view_mut().layers[0].dot_mm = 0.01,
            "dot size",
        ),
        (
            "dot too large",
            |p| p.view_mut().layers[0].dot_mm = 1.5,
            "dot size",
        ),
        (
            "dilution too low",
            |p| p.view_mut().layers[0].dilution = 0.5,
            "dilution",
        ),
        (
            "dilution too high",
            |p| p.view_mut().layers[0].dilution = 41.0,
            "dilution",
        ),
        (
            "size jitter",
            |p| p.view_mut().layers[0].size_jitter = 0.9,
            "jitter",
        ),
        (
            "tone jitter",
            |p| p.view_mut().layers[0].tone_jitter = -0.1,
            "jitter",
        ),
        (
            "scale too small",
            |p| p.view_mut().scale.px_per_mm = 0.1,
            "scale",
        ),
        (
            "scale too large",
            |p| p.view_mut().scale.px_per_mm = 1000.0,
            "scale",
        ),
        (
            "hairline fade",
            |p| {
                if let Some(h) = p.view_mut().layers[1].hairline.as_mut() {
                    h.fade_mm = 150.0;
                }
            },
            "hairline",
        ),
        (
            "hairline irregularity",
            |p| {
                if let Some(h) = p.view_mut().layers[1].hairline.as_mut() {
                    h.irregularity = 1.5;
                }
            },
            "hairline",
        ),
    ];
    assert_eq!(full_project().validate(), Ok(()));
    let dir = tempfile::tempdir().expect("temp dir");
    for (what, edit, setting) in cases {
        let mut project = full_project();
        edit(&mut project);
        assert_ne!(project, full_project(), "{what}: edit had no effect");
        let message = project.validate().expect_err(what);
        assert!(
            message.contains(setting),
            "{what}: {message:?} should name {setting:?}"
        );
        if !setting.contains("scale") {
            let layer = if setting.contains("hairline") {
                "Front"
            } else {
                "Density"
            };
            assert!(
                message.contains(layer),
                "{what}: {message:?} should name the layer"
            );
        }
        // A file with the bad setting is refused on loading with the same message.
        if let Ok(text) = project.try_to_ron() {
            let path = dir.path().join("bad.ron");
            std::fs::write(&path, text).expect("write");
            let (p, problem) = expect_project_error(Project::load(&path));
            assert_eq!(p, path);
            assert!(problem.contains(setting), "{what}: {problem:?}");
        }
    }
}

#[test]
fn settings_at_the_limits_are_accepted() {
    let mut project = full_project();
    project.view_mut().layers[0].density = 400.0;
    project.view_mut().layers[0].dot_mm = 1.0;
    project.view_mut().layers[0].dilution = 40.0;
    project.view_mut().layers[0].size_jitter = 0.8;
    project.view_mut().layers[2].density = 0.0;
    project.view_mut().layers[2].dot_mm = 0.03;
    project.view_mut().layers[2].dilution = 1.0;
    project.view_mut().scale.px_per_mm = 500.0;
    assert_eq!(project.validate(), Ok(()));
    project.view_mut().scale.px_per_mm = 0.5;
    assert_eq!(project.validate(), Ok(()));
}

// ---------------------------------------------------------------------------------------------
// Paths

#[test]
fn photo_path_resolves_against_the_project_folder() {
    let mut project = full_project();
    project.view_mut().photo = PathBuf::from("client.jpg");
    assert_eq!(
        project.view().photo_path(Path::new("/clients/bob/p.ron")),
        PathBuf::from("/clients/bob/client.jpg")
    );
    assert_eq!(
        project.view().photo_path(Path::new("p.ron")),
        PathBuf::from("client.jpg")
    );
    assert_eq!(
        project.view().photo_path(Path::new("bob/p.ron")),
        PathBuf::from("bob/client.jpg")
    );
    project.view_mut().photo = PathBuf::from("../photos/client.jpg");
    assert_eq!(
        project.view().photo_path(Path::new("/clients/bob/p.ron")),
        PathBuf::from("/clients/bob/../photos/client.jpg")
    );
    project.view_mut().photo = PathBuf::from("/photos/abs.jpg");
    assert_eq!(
        project.view().photo_path(Path::new("/clients/bob/p.ron")),
        PathBuf::from("/photos/abs.jpg")
    );

    // On disk: a project saved next to its photo finds it from anywhere.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("photos")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("projects")).expect("mkdir");
    let photo = common::write_photo(&dir.path().join("photos"), "c.png", 16, 16);
    let file = dir.path().join("projects/p.ron");
    let project = Project::new(
        relative_path(&photo, &dir.path().join("projects")),
        Scale::calibrated(8.0),
        1,
    );
    assert_eq!(project.view().photo, PathBuf::from("../photos/c.png"));
    project.save(&file).expect("save");
    let loaded = Project::load(&file).expect("load");
    assert_eq!(
        std::fs::read(loaded.view().photo_path(&file)).expect("photo found"),
        std::fs::read(&photo).expect("photo")
    );
}

#[test]
fn relative_path_behaviour() {
    let rel = |t: &str, b: &str| relative_path(Path::new(t), Path::new(b));
    assert_eq!(
        rel("/c/bob/photo.jpg", "/c/bob"),
        PathBuf::from("photo.jpg")
    );
    assert_eq!(
        rel("/c/photos/p.jpg", "/c/projects"),
        PathBuf::from("../photos/p.jpg")
    );
    assert_eq!(
        rel("/c/photos/2026/p.jpg", "/c/projects/bob/old"),
        PathBuf::from("../../../photos/2026/p.jpg")
    );
    assert_eq!(rel("/c/bob/in/p.jpg", "/c/bob"), PathBuf::from("in/p.jpg"));
    assert_eq!(rel("/etc/p.jpg", "/"), PathBuf::from("etc/p.jpg"));
    assert_eq!(rel("/p.jpg", "/a/b"), PathBuf::from("../../p.jpg"));
    // `.` and `..` in either path are resolved rather than walked through.
    assert_eq!(
        rel("/c/projects/../photos/./p.jpg", "/c/exports/2026"),
        PathBuf::from("../../photos/p.jpg")
    );
    assert_eq!(
        rel("/c/photos/p.jpg", "/c/x/../photos"),
        PathBuf::from("p.jpg")
    );
    // Relative inputs are taken from the working directory.
    assert_eq!(rel("a/b/p.jpg", "a"), PathBuf::from("b/p.jpg"));
    assert_eq!(rel("p.jpg", "."), PathBuf::from("p.jpg"));
    assert_eq!(rel("a/p.jpg", "b/c"), PathBuf::from("../../a/p.jpg"));
    let cwd = std::env::current_dir().expect("cwd");
    assert_eq!(
        relative_path(&cwd.join("x/p.jpg"), Path::new("x")),
        PathBuf::from("p.jpg")
    );
    // The result always leads back to the target.
    for (t, b) in [
        ("/c/photos/p.jpg", "/c/projects/bob"),
        ("/x/y.jpg", "/x/y/z"),
    ] {
        let r = rel(t, b);
        assert!(r.is_relative());
        let joined = Path::new(b).join(&r);
        let mut resolved = PathBuf::new();
        for c in joined.components() {
            match c {
                std::path::Component::ParentDir => {
                    resolved.pop();
                }
                other => resolved.push(other),
            }
        }
        assert_eq!(resolved, PathBuf::from(t), "{b} + {}", r.display());
    }
}

// ---------------------------------------------------------------------------------------------
// Version 1 files (one photo) migrate to views and sessions

const V1_FULL: &str = r#"(
    version: 1,
    photo: "photos/anna.jpg",
    scale: (px_per_mm: 11.0, calibrated: true),
    client: (name: "Anna", date: "2026-10-01"),
    stage: Fresh,
    layers: [
        (name: "Hairline", kind: Hairline, density: 80.0, dot_mm: 0.1, dilution: 14.0, seed: 4,
         hairline: Some((points: [(10.0, 50.0), (90.0, 40.0)], fade_mm: 6.0, irregularity: 0.4))),
        (name: "Scar", kind: Scar, visible: false, density: 100.0, dot_mm: 0.12, dilution: 12.0, seed: 5),
    ],
)"#;

#[test]
fn version_1_projects_migrate_to_one_view_in_session_1() {
    let path = Path::new("/clients/anna.ron");
    let project = Project::from_ron(V1_FULL, path).expect("v1 project migrates");
    assert_eq!(project.version, CURRENT_VERSION);
    assert_eq!(project.views.len(), 1);
    let view = &project.views[0];
    assert_eq!(view.name, "Front");
    assert_eq!(view.photo, PathBuf::from("photos/anna.jpg"));
    assert_eq!(view.scale, Scale::calibrated(11.0));
    assert_eq!(view.hair, HairSettings::default());
    assert_eq!(view.skin, None);
    assert_eq!(project.client.name, "Anna");
    assert_eq!(project.stage, Stage::Fresh);
    assert_eq!(project.session, None);
    assert_eq!(view.layers.len(), 2);
    for layer in &view.layers {
        assert_eq!(layer.session, 1);
        assert!(!layer.avoid_hair && layer.scar.is_none());
    }
    assert_eq!(
        view.layers[0].hairline.as_ref().map(|h| h.fade_mm),
        Some(6.0)
    );
    assert!(!view.layers[1].visible);
    // Saved again, it is a current-version file that reads back the same.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("anna.ron");
    std::fs::write(&file, V1_FULL).expect("write v1");
    let loaded = Project::load(&file).expect("load v1");
    loaded.save(&file).expect("save as v2");
    let text = std::fs::read_to_string(&file).expect("read");
    assert!(
        text.contains(&format!("version: {CURRENT_VERSION}")),
        "{text}"
    );
    assert!(text.contains("views:"), "{text}");
    assert_eq!(Project::load(&file).expect("reload"), loaded);
    // The backup keeps the version 1 file as it was.
    let backup = std::fs::read_to_string(dir.path().join("anna.ron.bak")).expect("backup");
    assert_eq!(backup, V1_FULL);
}

#[test]
fn several_views_round_trip_and_each_keeps_its_own_photo_scale_and_layers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("multi.ron");
    let mut project = full_project();
    project.current = 1;
    project.session = Some(1);
    project.save(&path).expect("save");
    let loaded = Project::load(&path).expect("load");
    assert_eq!(loaded, project);
    assert_eq!(loaded.views.len(), 2);
    assert_eq!(loaded.current, 1);
    // The project reads as its current view.
    assert_eq!(loaded.view().name, "Crown");
    assert_eq!(loaded.view().scale.px_per_mm, 9.0);
    assert!(loaded.view().needs_hair());
    let front = loaded.with_view(0);
    assert_eq!(front.view().photo, PathBuf::from("photos/client 01.jpg"));
    assert_eq!(front.view().layers.len(), 4);
    assert_eq!(loaded.last_session(), 2);
    assert_eq!(loaded.shown_session(), 1);
}

#[test]
fn broken_views_sessions_and_scars_are_refused_with_a_reason() {
    let path = Path::new("bad.ron");
    let project = full_project();
    let mut no_views = project.clone();
    no_views.views.clear();
    let (_, problem) = expect_project_error(Project::from_ron(&no_views.to_ron(), path));
    assert!(problem.contains("no views"), "{problem}");
    let mut bad_current = project.clone();
    bad_current.current = 7;
    assert_eq!(
        bad_current.view().name,
        "Crown",
        "reads as the last view until validated"
    );
    let (_, problem) = expect_project_error(Project::from_ron(&bad_current.to_ron(), path));
    // Told as written in the file, not as a view number counted from 1.
    assert!(problem.contains("`current: 7`"), "{problem}");
    let mut bad_session = project.clone();
    bad_session.views[0].layers[0].session = 0;
    let (_, problem) = expect_project_error(Project::from_ron(&bad_session.to_ron(), path));
    assert!(problem.contains("session 0"), "{problem}");
    let mut bad_scar = project.clone();
    if let Some(scar) = bad_scar.views[0].layers[2].scar.as_mut() {
        scar.retention = 0.0;
    }
    let (_, problem) = expect_project_error(Project::from_ron(&bad_scar.to_ron(), path));
    assert!(problem.contains("retention"), "{problem}");
}

#[test]
fn a_follicle_named_project_opens_like_a_ron_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("Client.FOLLICLE");
    full_project().save(&path).expect("save");
    let opened = follicle::engine::open::open_project(&path).expect("a project");
    assert_eq!(opened.views.len(), full_project().views.len());
    assert!(follicle::engine::files::is_project_path(&path));
    assert!(!follicle::engine::files::is_project_path(
        std::path::Path::new("photo.jpg")
    ));
}

#[test]
fn shapes_off_the_photo_are_refused_at_the_door_with_the_field_named() {
    let path = Path::new("p.ron");
    let stroke = |points: Vec<[f32; 2]>, radius_mm: f32| {
        let mut project = full_project();
        project.views[0].layers[0].region = Region {
            whole: false,
            ops: vec![RegionOp::Paint {
                points,
                radius_mm,
                softness: 0.5,
            }],
        };
        project
    };
    // A point that is not a number, one far off any photo, a negative brush: one line each,
    // naming the layer and the shape, and no panic later when the region is drawn.
    for (project, words) in [
        (
            stroke(vec![[10.0, 10.0], [f32::NAN, 5.0]], 3.0),
            ["brush stroke 1", "point 2"],
        ),
        (
            stroke(vec![[1.0e9, 10.0]], 3.0),
            ["brush stroke 1", "point 1"],
        ),
        (
            stroke(vec![[10.0, 10.0]], -2.0),
            ["brush stroke 1", "width -2"],
        ),
    ] {
        let (_, problem) = expect_project_error(Project::from_ron(&project.to_ron(), path));
        for w in words {
            assert!(problem.contains(w), "{w}: {problem}");
        }
    }
    let mut hairline = full_project();
    let h = hairline.views[0].layers[1]
        .hairline
        .as_mut()
        .expect("the fixture's second layer has a hairline");
    h.points[1] = [f32::INFINITY, 3.0];
    let (_, problem) = expect_project_error(Project::from_ron(&hairline.to_ron(), path));
    assert!(problem.contains("hairline: point 2"), "{problem}");
    let mut crowded = full_project();
    crowded.views[0].layers[0].region.ops = vec![RegionOp::Polygon {
        points: vec![[1.0, 1.0]; follicle::engine::geometry::MAX_POINTS + 1],
        feather_mm: 1.0,
    }];
    let (_, problem) = expect_project_error(Project::from_ron(&crowded.to_ron(), path));
    assert!(problem.contains("at most"), "{problem}");
}

#[test]
#[cfg(unix)]
fn a_pipe_or_a_device_is_not_read_as_a_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("waiting.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Refused at once (reading it would block forever).
    let (_, problem) = expect_project_error(Project::load(&fifo));
    assert!(problem.contains("not a regular file"), "{problem}");
    let (_, problem) = expect_project_error(Project::load(Path::new("/dev/zero")));
    assert!(problem.contains("not a regular file"), "{problem}");
}

#[test]
fn temporary_files_left_by_a_killed_save_are_cleaned_by_the_next_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join(".follicle-abc123.tmp");
    let recent = dir.path().join(".follicle-def456.tmp");
    let other = dir.path().join("notes.tmp");
    for p in [&old, &recent, &other] {
        std::fs::write(p, b"half a file").expect("write");
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    for p in [&old, &other] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .and_then(|f| f.set_modified(two_hours_ago))
            .expect("age the file");
    }
    full_project()
        .save(&dir.path().join("p.ron"))
        .expect("save");
    assert!(!old.exists(), "a stale temporary file is removed");
    assert!(recent.exists(), "one that may still be being written stays");
    assert!(other.exists(), "other files are never touched");
}

#[test]
#[cfg(unix)]
fn the_backup_never_writes_through_a_link_or_over_a_photo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let photo = dir.path().join("photo.png");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\nthe client's photo").expect("photo");
    let before = std::fs::read(&photo).expect("photo");
    // q.ron.bak is a link to the photo: saving twice replaces the link with a real backup.
    let project = dir.path().join("q.ron");
    std::os::unix::fs::symlink(&photo, dir.path().join("q.ron.bak")).expect("link");
    full_project().save(&project).expect("first save");
    full_project().save(&project).expect("second save");
    assert_eq!(
        std::fs::read(&photo).expect("photo"),
        before,
        "the photo is untouched"
    );
    let backup = dir.path().join("q.ron.bak");
    assert!(!backup.symlink_metadata().expect("backup").is_symlink());
    assert!(
        std::fs::read_to_string(&backup)
            .expect("backup")
            .contains("version")
    );
    // A photo that happens to be named like the backup is never replaced.
    let named = dir.path().join("consult.ron.bak");
    std::fs::write(&named, &before).expect("photo named like a backup");
    let consult = dir.path().join("consult.ron");
    full_project().save(&consult).expect("save");
    full_project().save(&consult).expect("save again");
    assert_eq!(std::fs::read(&named).expect("photo"), before);
}

// ---------------------------------------------------------------------------------------------
// Version 2 files (views and sessions, before the dots' shape) open as they are

const V2_FULL: &str = r#"// Written by Follicle's version 2 format: every field it had, none it did not.
(
    version: 2,
    client: (name: "Bea", date: "2025-05-06"),
    stage: Healed,
    session: Some(1),
    views: [
        (
            name: "Front",
            photo: "front.jpg",
            scale: (px_per_mm: 9.0, calibrated: true),
            hair: (sensitivity: 0.6, clearance_mm: 0.1),
            skin: Some((200, 160, 140)),
            layers: [
                (name: "Density", kind: Density, visible: true, density: 90.0, dot_mm: 0.1,
                 dilution: 12.0, size_jitter: 0.2, tone_jitter: 0.4, seed: 8,
                 region: (whole: false, ops: [Paint(points: [(10.0, 10.0), (40.0, 30.0)],
                     radius_mm: 5.0, softness: 0.5)]),
                 hairline: None, session: 2, avoid_hair: true, scar: None),
                (name: "Scar", kind: Scar, density: 100.0, dot_mm: 0.12, dilution: 14.0, seed: 9,
                 scar: Some((shape: Strip(points: [(20.0, 60.0), (80.0, 62.0)], width_mm: 4.0),
                     retention: 0.5, unevenness: 0.4))),
            ],
        ),
        (
            name: "Crown",
            photo: "crown.jpg",
            scale: (px_per_mm: 7.0, calibrated: false),
            layers: [(name: "Crown", density: 70.0, dot_mm: 0.1, dilution: 12.0, seed: 10)],
        ),
    ],
    current: 1,
)"#;

#[test]
fn version_2_projects_open_with_every_field_they_had() {
    let path = Path::new("/clients/bea.ron");
    let project = Project::from_ron(V2_FULL, path).expect("a version 2 project opens");
    assert_eq!(project.version, CURRENT_VERSION);
    assert_eq!(project.views.len(), 2);
    assert_eq!(project.current, 1);
    let front = &project.views[0];
    assert_eq!(front.skin, Some([200, 160, 140]));
    assert_eq!(front.layers[0].session, 2);
    assert!(front.layers[0].avoid_hair);
    assert!(front.layers[1].scar.is_some());
    // Unknown fields are refused in old files too, by name.
    let typo = V2_FULL.replace("avoid_hair: true", "avoid_hairs: true");
    let (_, problem) = expect_project_error(Project::from_ron(&typo, path));
    assert!(problem.contains("unknown field `avoid_hairs`"), "{problem}");
}
