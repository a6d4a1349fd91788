//! The inputs kept from fuzzing (`tests/fuzz/regressions/<target>/`, see "Fuzzing" in
//! docs/RELIABILITY.md), each fed to the engine function its fuzz target calls: every one returns,
//! with a result or a one-line message, and a project that opens saves and opens again unchanged.
//! The fuzz targets check the same on every input they make; this runs the kept ones on every
//! `cargo test`, without the fuzzing tools.

use std::path::{Path, PathBuf};

use follicle::engine::open::{open_mock_up_bytes, view_photo};
use follicle::engine::photo;
use follicle::engine::project::Project;

/// The inputs committed for each target; a folder lost or emptied fails here rather than
/// quietly testing nothing.
const KEPT: [(&str, usize); 3] = [("project", 10), ("mock_up", 9), ("photo", 14)];

/// The inputs of `target`, sorted by name.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/regressions")
        .join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    paths.sort();
    let expected = KEPT.iter().find(|(t, _)| *t == target).map(|(_, n)| *n);
    assert_eq!(Some(paths.len()), expected, "inputs in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("a kept input");
            (path, bytes)
        })
        .collect()
}

/// A refusal is one line of at most 400 characters, in the user's words (not the parser's).
fn assert_one_line(input: &Path, message: &str) {
    assert!(
        !message.contains(['\n', '\r'])
            && message.chars().count() <= 400
            && !message.contains("ron::"),
        "{}: the message is not one short line: {message:?}",
        input.display()
    );
}

#[test]
fn kept_project_texts_open_or_are_refused_in_one_line() {
    let path = Path::new("fuzz/input.ron");
    for (input, bytes) in inputs("project") {
        // The fuzz target skips what is not UTF-8: no project file reaches the parser as such.
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        match Project::from_ron(text, path) {
            Ok(project) => {
                let saved = project.to_ron();
                let again = Project::from_ron(&saved, path).unwrap_or_else(|e| {
                    panic!("{}: saved, it does not open: {e}", input.display())
                });
                assert_eq!(again.to_ron(), saved, "{}", input.display());
            }
            Err(e) => assert_one_line(&input, &e.to_string()),
        }
    }
}

#[test]
fn kept_mock_ups_open_or_are_refused_in_one_line() {
    // A folder that does not exist: every view is shown on the photo copy the mock-up carries.
    let path = Path::new("fuzz/missing-folder/mock-up.png");
    for (input, bytes) in inputs("mock_up") {
        match open_mock_up_bytes(&bytes, path) {
            Ok(Some(project)) => {
                for view in project.views.iter().filter(|v| v.reduced.is_some()) {
                    if let Err(e) = view_photo(view) {
                        assert_one_line(&input, &e.to_string());
                    }
                }
            }
            Ok(None) => {}
            Err(e) => assert_one_line(&input, &e.to_string()),
        }
    }
}

#[test]
fn kept_photos_decode_or_are_refused_in_one_line() {
    let path = Path::new("fuzz/photo.jpg");
    for (input, bytes) in inputs("photo") {
        if let Err(e) = photo::decode(&bytes, path) {
            assert_one_line(&input, &e.to_string());
        }
    }
}
