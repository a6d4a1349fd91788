//! Nothing of the client's is lost: exclusive creation and the project lock under real
//! concurrency (two `follicle` processes at once, many rounds), and the plain messages and
//! limits at the door for damaged, hostile or unlikely files.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Run, assert_one_line, follicle, write_photo};
use follicle::engine::project::Project;

/// Rounds of each race: enough for the two processes to meet at every stage of a write.
const ROUNDS: usize = 20;

/// Starts `follicle args…` in `cwd` without waiting for it.
fn start(cwd: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_follicle"))
        .args(args)
        .current_dir(cwd)
        .env("FOLLICLE_CONFIG_DIR", cwd.join(".follicle-settings"))
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start follicle")
}

fn finish(child: std::process::Child) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("wait for follicle");
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A folder with `photo.png` and the project `p.ron` made from it.
fn project_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "photo.png", 160, 120);
    follicle(
        dir.path(),
        &[
            "new",
            "photo.png",
            "-o",
            "p.ron",
            "--px-per-mm",
            "4",
            "--seed",
            "3",
        ],
    )
    .expect_ok();
    dir
}

/// No temporary file of a write is left in `dir`.
fn assert_no_temporaries(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("list folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn two_renders_to_one_new_file_make_exactly_one_winner() {
    let dir = project_folder();
    for round in 0..ROUNDS {
        let out = format!("race-{round}.png");
        let a = start(dir.path(), &["render", "p.ron", "-o", &out]);
        let b = start(
            dir.path(),
            &["render", "p.ron", "-o", &out, "--layout", "side-by-side"],
        );
        let (a, b) = (finish(a), finish(b));
        let winners = [&a, &b].iter().filter(|r| r.ok()).count();
        assert_eq!(
            winners, 1,
            "round {round}: exactly one render may win: {a:#?} {b:#?}"
        );
        let loser = if a.ok() { &b } else { &a };
        assert_one_line(loser, &out);
        assert!(
            loser
                .stderr
                .contains("already exists (use --force to overwrite)"),
            "round {round}: {loser:#?}"
        );
        // The file is the winner's whole picture, not a mixture or a torn file.
        let written = image::open(dir.path().join(&out)).expect("a whole PNG");
        let side_by_side = written.width() > 300;
        assert_eq!(
            side_by_side,
            b.ok(),
            "round {round}: the file is the winner's"
        );
    }
    assert_no_temporaries(dir.path());
}

#[test]
fn two_new_projects_at_one_name_make_exactly_one_winner() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "photo.png", 160, 120);
    for round in 0..ROUNDS {
        let out = format!("race-{round}.ron");
        let a = start(
            dir.path(),
            &["new", "photo.png", "-o", &out, "--px-per-mm", "4"],
        );
        let b = start(
            dir.path(),
            &["new", "photo.png", "-o", &out, "--px-per-mm", "5"],
        );
        let (a, b) = (finish(a), finish(b));
        assert_eq!(
            [&a, &b].iter().filter(|r| r.ok()).count(),
            1,
            "round {round}: {a:#?} {b:#?}"
        );
        let loser = if a.ok() { &b } else { &a };
        assert_one_line(loser, "already exists");
        let project = Project::load(&dir.path().join(&out)).expect("the winner's project");
        let expected = if a.ok() { 4.0 } else { 5.0 };
        assert_eq!(project.view().scale.px_per_mm, expected, "round {round}");
    }
}

#[test]
fn two_add_views_at_once_never_lose_a_view() {
    let mut refused = 0;
    for round in 0..ROUNDS {
        let dir = project_folder();
        let a = start(
            dir.path(),
            &["add-view", "p.ron", "photo.png", "--name", "Top"],
        );
        let b = start(
            dir.path(),
            &["add-view", "p.ron", "photo.png", "--name", "Crown"],
        );
        let (a, b) = (finish(a), finish(b));
        let project = Project::load(&dir.path().join("p.ron")).expect("project");
        let names: Vec<&str> = project.views.iter().map(|v| v.name.as_str()).collect();
        // Every run that said it succeeded has its view in the file.
        for (run, name) in [(&a, "Top"), (&b, "Crown")] {
            if run.ok() {
                assert!(
                    names.contains(&name),
                    "round {round}: {name} lost: {names:?}"
                );
            } else {
                refused += 1;
                assert_one_line(run, "p.ron");
                assert!(
                    run.stderr
                        .contains("is being changed by another Follicle; try again"),
                    "round {round}: {run:#?}"
                );
            }
        }
        assert!(
            a.ok() || b.ok(),
            "round {round}: one of them must win: {a:#?} {b:#?}"
        );
        assert_eq!(
            names.len(),
            1 + usize::from(a.ok()) + usize::from(b.ok()),
            "round {round}: {names:?}"
        );
        assert_no_temporaries(dir.path());
    }
    println!("{refused} of {ROUNDS} rounds met the lock");
}
