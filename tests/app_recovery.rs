//! Autosave and recovery in the desktop app: unsaved changes reach a recovery file after the
//! autosave interval (on a clock the tests move on), the next start after a crash offers them
//! back, and a real process killed mid-edit loses nothing but the last minute.
#![cfg(feature = "gui")]

#[path = "common/app.rs"]
mod app_common;
use app_common::{project_of, settle};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use follicle::app::{AUTOSAVE_INTERVAL, AutosaveOptions, Clock, FollicleApp, Options};
use follicle::engine::project::Project;
use follicle::engine::units::Scale;
use follicle::testing::ScriptedPicker;
use follicle::testing::sample::skin_patch;

/// A client's photo and saved project, and a settings folder of their own.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        skin_patch(600, 400, [200, 160, 135], 3)
            .save(dir.path().join("client.png"))
            .expect("photo");
        let mut project = Project::new(PathBuf::from("client.png"), Scale::calibrated(6.0), 42);
        project.client.name = "Jane Doe".into();
        project.view_mut().layers[0].density = 100.0;
        project
            .save(&dir.path().join("consult.ron"))
            .expect("project");
        Fixture { dir }
    }

    fn at(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The recovery folder in this fixture's settings folder.
    fn recovery(&self) -> PathBuf {
        self.at("settings").join("recovery")
    }
}

fn app(
    recovery: &Path,
    clock: &Clock,
    file: Option<PathBuf>,
    answers: Vec<Option<PathBuf>>,
) -> Harness<'static, FollicleApp> {
    let autosave = AutosaveOptions {
        dir: recovery.to_path_buf(),
        clock: clock.clone(),
    };
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(1000)
        .build_eframe(move |cc| {
            FollicleApp::new(
                cc,
                Options {
                    file,
                    picker: Box::new(ScriptedPicker::new(answers)),
                    presets_dir: Some(std::env::temp_dir().join("follicle-tests-no-presets")),
                    consultations_dir: None,
                    autosave: Some(autosave),
                },
            )
        })
}

/// The recovery files in `dir` (not the kept copies).
fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Waits (a little, in real time) until `done` holds.
fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sets the density of the active layer with its slider.
fn set_density(h: &mut Harness<'static, FollicleApp>, density: f64) {
    h.get_by_role_and_label(Role::Slider, "Density (impressions/cm²)")
        .set_value_accesskit(density);
    settle(h);
}

/// Moves time past the autosave interval and lets the app write.
fn pass_the_interval(h: &mut Harness<'static, FollicleApp>, clock: &Clock) {
    clock.advance(AUTOSAVE_INTERVAL + Duration::from_secs(1));
    h.run_steps(2);
    settle(h);
}

/// The project in a recovery file (it reads as a project file: its header is comments).
fn recovered(file: &Path) -> Project {
    let text = std::fs::read_to_string(file).expect("recovery file");
    Project::from_ron(&text, file).expect("a project")
}

#[test]
fn an_edit_is_autosaved_after_a_minute_and_offered_back_after_a_crash() {
    let fx = Fixture::new();
    let (dir, clock) = (fx.recovery(), Clock::default());
    let mut first = app(&dir, &clock, Some(fx.at("consult.ron")), vec![]);
    settle(&mut first);
    assert!(!first.state().offering_restore(), "nothing to restore yet");
    set_density(&mut first, 200.0);
    assert!(
        recovery_files(&dir).is_empty(),
        "nothing is written before the interval"
    );

    pass_the_interval(&mut first, &clock);
    let files = recovery_files(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    let own = files[0].clone();
    let text = std::fs::read_to_string(&own).expect("read");
    assert!(text.contains("consult.ron"), "names its project: {text}");
    let autosaved = recovered(&own);
    assert_eq!(autosaved.view().layers[0].density, 200.0);
    assert_eq!(
        autosaved.view().photo,
        fx.at("client.png"),
        "photo path absolute"
    );

    // A later edit is written a minute later, not at once.
    set_density(&mut first, 250.0);
    assert_eq!(recovered(&own).view().layers[0].density, 200.0);
    pass_the_interval(&mut first, &clock);
    assert_eq!(recovered(&own).view().layers[0].density, 250.0);

    // Another app starts while the first still runs: the first's file is not offered (it is
    // alive), but a file left by a session that died is. The crashed session is the first's
    // file as it was, under a session nobody holds.
    let gone = dir.join("session-gone.ron");
    std::fs::copy(&own, &gone).expect("copy");
    let mut second = app(&dir, &clock, None, vec![]);
    settle(&mut second);
    assert!(second.state().offering_restore());
    second.get_by_label_contains(
        "Follicle closed unexpectedly. Restore the consultation for Jane Doe (consult.ron) from ",
    );
    second.get_by_label("Restore").click();
    settle(&mut second);
    second.run_steps(2);
    settle(&mut second);
    assert!(!second.state().offering_restore(), "one offer only");
    let doc = second.state().document().expect("restored");
    assert_eq!(doc.project.view().layers[0].density, 250.0);
    assert_eq!(doc.path.as_deref(), Some(fx.at("consult.ron").as_path()));
    assert!(doc.is_dirty(), "restored changes are unsaved changes");
    assert_eq!(
        doc.photo_path,
        fx.at("client.png"),
        "the photo found as an open would"
    );
    assert!(!gone.exists(), "the crashed session's file was dealt with");
    assert_eq!(
        std::fs::read_dir(dir.join("kept")).expect("kept").count(),
        1,
        "a copy of it is kept"
    );
    // The restored consultation is this session's unsaved work now: autosaved at once.
    let files = recovery_files(&dir);
    assert_eq!(files.len(), 2, "{files:?}");

    // Ctrl+S saves to the original project and removes the second app's recovery file.
    second.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut second);
    second.run_steps(2);
    settle(&mut second);
    let saved = Project::load(&fx.at("consult.ron")).expect("saved");
    assert_eq!(saved.view().layers[0].density, 250.0);
    assert_eq!(
        recovery_files(&dir),
        vec![own.clone()],
        "only the first app's"
    );

    // A clean quit removes the first app's file too, unsaved changes and all (it asked first).
    drop(first);
    eventually("the first app's file is removed", || !own.exists());
    drop(second);
    eventually("no session file is left", || {
        std::fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .all(|e| e.path().is_dir())
    });
}

#[test]
fn saving_closing_or_undoing_every_change_removes_the_recovery_file() {
    let fx = Fixture::new();
    let (dir, clock) = (fx.recovery(), Clock::default());
    let mut h = app(&dir, &clock, Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    set_density(&mut h, 180.0);
    pass_the_interval(&mut h, &clock);
    assert_eq!(recovery_files(&dir).len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    h.run_steps(2);
    settle(&mut h);
    assert!(recovery_files(&dir).is_empty(), "a clean save removes it");

    set_density(&mut h, 90.0);
    pass_the_interval(&mut h, &clock);
    assert_eq!(recovery_files(&dir).len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    h.run_steps(2);
    settle(&mut h);
    assert!(!h.state().document().expect("doc").is_dirty());
    assert!(
        recovery_files(&dir).is_empty(),
        "nothing unsaved, nothing kept"
    );
}

#[test]
fn a_new_consultation_is_restored_unsaved_and_discard_keeps_a_copy() {
    let fx = Fixture::new();
    let (dir, clock) = (fx.recovery(), Clock::default());
    let mut h = app(&dir, &clock, Some(fx.at("client.png")), vec![]);
    settle(&mut h);
    set_density(&mut h, 140.0);
    pass_the_interval(&mut h, &clock);
    let own = recovery_files(&dir).pop().expect("autosaved");
    // Two sessions died; the second start offers them one after the other.
    std::fs::copy(&own, dir.join("session-a.ron")).expect("copy");
    std::fs::copy(&own, dir.join("session-b.ron")).expect("copy");

    let mut next = app(&dir, &clock, None, vec![]);
    settle(&mut next);
    next.get_by_label_contains("for the photo client.png (never saved)");
    next.get_by_label("Discard").click();
    settle(&mut next);
    next.run_steps(2);
    settle(&mut next);
    assert!(next.state().document().is_none());
    assert!(
        next.state().offering_restore(),
        "the second file is offered next"
    );
    next.get_by_label("Restore").click();
    settle(&mut next);
    next.run_steps(2);
    settle(&mut next);
    let doc = next.state().document().expect("restored");
    assert_eq!(doc.path, None, "never saved: Save asks where");
    assert!(doc.is_dirty());
    assert_eq!(doc.project.view().layers[0].density, 140.0);
    assert_eq!(
        std::fs::read_dir(dir.join("kept")).expect("kept").count(),
        2
    );
    let status = next.state().status().expect("a message");
    assert!(
        status.text.starts_with("Restored the consultation"),
        "{}",
        status.text
    );
}

#[test]
fn a_damaged_recovery_file_is_set_aside_with_one_line() {
    let fx = Fixture::new();
    let dir = fx.recovery();
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("session-x.ron"), "// Follicle recovery\n(garbage").expect("write");
    let mut h = app(&dir, &Clock::default(), None, vec![]);
    settle(&mut h);
    h.run_steps(2);
    assert!(!h.state().offering_restore());
    let status = h.state().status().expect("a message");
    assert!(
        status.error && !status.text.contains('\n'),
        "{}",
        status.text
    );
    assert!(status.text.contains("could not be read"), "{}", status.text);
    assert!(dir.join("session-x.ron.damaged").exists());
    assert!(recovery_files(&dir).is_empty());
}

#[test]
fn a_restored_consultation_whose_photo_moved_asks_where_it_is() {
    let fx = Fixture::new();
    let (dir, clock) = (fx.recovery(), Clock::default());
    let mut h = app(&dir, &clock, Some(fx.at("consult.ron")), vec![]);
    settle(&mut h);
    set_density(&mut h, 160.0);
    pass_the_interval(&mut h, &clock);
    let own = recovery_files(&dir).pop().expect("autosaved");
    std::fs::copy(&own, dir.join("session-gone.ron")).expect("copy");
    std::fs::rename(fx.at("client.png"), fx.at("moved.png")).expect("move the photo");

    let mut next = app(&dir, &clock, None, vec![Some(fx.at("moved.png"))]);
    settle(&mut next);
    next.get_by_label("Restore").click();
    settle(&mut next);
    next.run_steps(2);
    settle(&mut next);
    next.get_by_label("Locate photo…").click();
    settle(&mut next);
    let doc = next.state().document().expect("opened after locating");
    assert_eq!(doc.photo_path, fx.at("moved.png"));
    assert_eq!(doc.path.as_deref(), Some(fx.at("consult.ron").as_path()));
    assert_eq!(doc.project.view().layers[0].density, 160.0);
    assert!(doc.is_dirty());
    drop(h);
}

/// The environment variable that makes [`killed_mid_edit_child`] run, naming the fixture.
const CHILD: &str = "FOLLICLE_TEST_KILLED_CHILD";

/// Run by [`a_killed_app_loses_nothing_but_the_last_minute`] in a child process: edits, lets the
/// autosave happen, says so, and waits to be killed.
#[test]
#[ignore = "a child process of a_killed_app_loses_nothing_but_the_last_minute"]
fn killed_mid_edit_child() {
    let Some(root) = std::env::var_os(CHILD).map(PathBuf::from) else {
        return;
    };
    let clock = Clock::default();
    let dir = root.join("settings").join("recovery");
    let mut h = app(&dir, &clock, Some(root.join("consult.ron")), vec![]);
    settle(&mut h);
    set_density(&mut h, 220.0);
    pass_the_interval(&mut h, &clock);
    println!("AUTOSAVED");
    // Still editing when the power goes: this change is not autosaved yet.
    set_density(&mut h, 300.0);
    loop {
        h.step();
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn a_killed_app_loses_nothing_but_the_last_minute() {
    use std::io::BufRead;
    let fx = Fixture::new();
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "killed_mid_edit_child",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .arg("--test-threads=1")
        .env(CHILD, fx.dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("child");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("AUTOSAVED") {
                let _ = tx.send(());
            }
        }
    });
    let autosaved = rx.recv_timeout(Duration::from_secs(120));
    // SIGKILL: no destructor, no clean-up, as in a crash or a power cut.
    child.kill().expect("kill -9");
    child.wait().expect("reaped");
    autosaved.expect("the child autosaved");

    let dir = fx.recovery();
    let left = recovery_files(&dir);
    assert_eq!(left.len(), 1, "the killed app's file is left: {left:?}");
    let mut h = app(&dir, &Clock::default(), None, vec![]);
    settle(&mut h);
    assert!(h.state().offering_restore(), "the next start offers it");
    h.get_by_label_contains("Follicle closed unexpectedly. Restore the consultation for Jane Doe");
    h.get_by_label("Restore").click();
    settle(&mut h);
    h.run_steps(2);
    settle(&mut h);
    let design = project_of(&h);
    assert_eq!(
        design.view().layers[0].density,
        220.0,
        "the autosaved design"
    );
    assert_eq!(
        Project::load(&fx.at("consult.ron"))
            .expect("project")
            .view()
            .layers[0]
            .density,
        100.0,
        "the project file itself was never touched"
    );
    let doc = h.state().document().expect("restored");
    assert_eq!(doc.path.as_deref(), Some(fx.at("consult.ron").as_path()));
}
