//! Nothing of the client's is lost: exclusive creation and the project lock under real
//! concurrency (two `follicle` processes at once, many rounds), and the plain messages and
//! limits at the door for damaged, hostile or unlikely files.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Run, assert_one_line, follicle, write_photo};
use follicle::engine::project::{CURRENT_VERSION, Project};

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

// ---------------------------------------------------------------------------------------------
// Clear messages

/// Runs `follicle args…` in `dir`, expecting a one-line failure that names `names`.
fn fails(dir: &Path, args: &[&str], names: &str) -> Run {
    let run = follicle(dir, args);
    assert!(!run.ok(), "expected a failure: {run:#?}");
    assert_one_line(&run, names);
    run
}

fn project_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("p.ron")).expect("project text")
}

#[test]
fn syntax_errors_name_the_file_line_and_column() {
    let dir = project_folder();
    let good = project_text(dir.path());
    let version_line = good
        .lines()
        .position(|l| l.contains("version:"))
        .expect("version line")
        + 1;
    let cases = [
        (
            "float.ron",
            good.replacen(&format!("version: {CURRENT_VERSION},"), "version: 2.0,", 1),
            format!("line {version_line}, column"),
        ),
        (
            "trailing.ron",
            format!("{good}\n\n  left over"),
            format!("line {}, column 3", good.lines().count() + 2),
        ),
        (
            "bom-inside.ron",
            good.replacen("version:", "\u{feff}version:", 1),
            format!("line {version_line}, column"),
        ),
    ];
    for (name, text, position) in &cases {
        std::fs::write(dir.path().join(name), text).expect("write");
        let run = fails(dir.path(), &["info", name], name);
        assert!(
            run.stderr.contains(position.as_str()),
            "{name}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("no `version`"),
            "{name}: {}",
            run.stderr
        );
    }
    // A byte-order mark at the very start (as Windows editors write it) is no fault at all.
    std::fs::write(dir.path().join("bom.ron"), format!("\u{feff}{good}")).expect("write");
    follicle(dir.path(), &["info", "bom.ron"]).expect_ok();
}

#[test]
fn an_unknown_field_is_refused_by_name() {
    let dir = project_folder();
    let good = project_text(dir.path());
    let typo = good.replacen("density:", "densty:", 1);
    assert_ne!(typo, good);
    std::fs::write(dir.path().join("typo.ron"), typo).expect("write");
    let run = fails(
        dir.path(),
        &["render", "typo.ron", "-o", "out.png"],
        "typo.ron",
    );
    assert!(
        run.stderr.contains("unknown field `densty`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line "), "{}", run.stderr);
    assert!(!dir.path().join("out.png").exists());
    // A version 1 file, with the fields that version had, still opens (migrated).
    let v1 = "(\n    version: 1,\n    photo: \"photo.png\",\n    scale: (px_per_mm: 4.0, calibrated: true),\n    client: (name: \"Ann\", date: \"2026-01-02\"),\n    stage: Fresh,\n    layers: [(name: \"Crown\", density: 60.0, dot_mm: 0.1, dilution: 12.0, seed: 3)],\n)\n";
    std::fs::write(dir.path().join("old.ron"), v1).expect("write");
    follicle(dir.path(), &["render", "old.ron", "-o", "old.png"]).expect_ok();
    // …but a version 1 file with a field it never had is refused like any other.
    let v1_typo = v1.replace("stage: Fresh", "stag: Fresh");
    std::fs::write(dir.path().join("old-typo.ron"), v1_typo).expect("write");
    let run = fails(dir.path(), &["info", "old-typo.ron"], "old-typo.ron");
    assert!(
        run.stderr.contains("unknown field `stag`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_current_view_is_reported_as_written() {
    let dir = project_folder();
    for name in ["Top", "Left", "Right", "Crown"] {
        follicle(
            dir.path(),
            &["add-view", "p.ron", "photo.png", "--name", name],
        )
        .expect_ok();
    }
    let text = project_text(dir.path());
    assert_eq!(
        Project::load(&dir.path().join("p.ron"))
            .expect("load")
            .views
            .len(),
        5
    );
    let past = text.replacen("current: 0", "current: 5", 1);
    assert_ne!(past, text);
    std::fs::write(dir.path().join("past.ron"), past).expect("write");
    let run = fails(dir.path(), &["info", "past.ron"], "past.ron");
    assert!(run.stderr.contains("`current: 5`"), "{}", run.stderr);
    assert!(!run.stderr.contains("view 6"), "{}", run.stderr);
}

#[test]
fn huge_numbers_are_not_echoed_in_full() {
    let dir = project_folder();
    let huge = format!("1{}", "0".repeat(308));
    let run = fails(
        dir.path(),
        &["new", "photo.png", "-o", "n.ron", "--px-per-mm", &huge],
        "--px-per-mm",
    );
    assert!(!run.stderr.contains(&huge[..40]), "{}", run.stderr);
    assert!(run.stderr.contains("(309 digits)"), "{}", run.stderr);
    let text =
        project_text(dir.path()).replacen("px_per_mm: 4.0", &format!("px_per_mm: {huge}.0"), 1);
    std::fs::write(dir.path().join("huge.ron"), text).expect("write");
    let run = fails(dir.path(), &["info", "huge.ron"], "huge.ron");
    assert!(!run.stderr.contains(&huge[..40]), "{}", run.stderr);
    assert!(run.stderr.contains("px/mm"), "{}", run.stderr);
}

#[test]
fn a_tiny_photo_names_itself_and_the_scale_option() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_photo(dir.path(), "tiny.png", 20, 15);
    let run = fails(dir.path(), &["new", "tiny.png", "-o", "t.ron"], "tiny.png");
    assert!(run.stderr.contains("--px-per-mm"), "{}", run.stderr);
    assert!(!dir.path().join("t.ron").exists());
}

/// `bytes` (a PNG) with `chunk` inserted after its header chunk.
fn with_chunk(bytes: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let after_ihdr = 8 + 8 + 13 + 4;
    let mut out = bytes[..after_ihdr].to_vec();
    out.extend_from_slice(&u32::try_from(data.len()).expect("length").to_be_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out.extend_from_slice(&bytes[after_ihdr..]);
    out
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).expect("compress");
    z.finish().expect("compress")
}

#[test]
fn a_damaged_mock_up_is_told_in_plain_words() {
    let dir = project_folder();
    follicle(dir.path(), &["render", "p.ron", "-o", "m.png"]).expect_ok();
    let mut bytes = std::fs::read(dir.path().join("m.png")).expect("mock-up");
    // Damage a byte of the header chunk: its checksum no longer matches.
    bytes[20] ^= 0x40;
    std::fs::write(dir.path().join("bad.png"), &bytes).expect("write");
    for args in [
        &["info", "bad.png"][..],
        &["render", "bad.png", "-o", "x.png"][..],
    ] {
        let run = fails(dir.path(), args, "bad.png");
        for programmer in ["{", "Crc", "ChunkType", "Format error"] {
            assert!(!run.stderr.contains(programmer), "{}", run.stderr);
        }
        assert!(run.stderr.contains("damaged"), "{}", run.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Limits at the door

#[test]
fn a_project_inside_a_png_is_bounded_once_decompressed() {
    let dir = project_folder();
    follicle(dir.path(), &["render", "p.ron", "-o", "m.png"]).expect_ok();
    let plain = image::open(dir.path().join("m.png")).expect("decode");
    let mut small = Vec::new();
    plain
        .write_to(
            &mut std::io::Cursor::new(&mut small),
            image::ImageFormat::Png,
        )
        .expect("encode");
    // 65 MB of project text (a comment) in about 65 KB: iTXt, compressed.
    let mut text = project_text(dir.path()).into_bytes();
    text.extend(std::iter::repeat_n(b' ', 65 * 1024 * 1024));
    let mut data = b"follicle:project\0\x01\x00\0\0".to_vec();
    data.extend(zlib(&text));
    drop(text);
    assert!(
        data.len() < 1024 * 1024,
        "the bomb is small: {}",
        data.len()
    );
    std::fs::write(
        dir.path().join("bomb.png"),
        with_chunk(&small, b"iTXt", &data),
    )
    .expect("write");
    let run = fails(dir.path(), &["info", "bomb.png"], "bomb.png");
    assert!(run.stderr.contains("64 MB"), "{}", run.stderr);
}

#[test]
fn an_oversized_colour_profile_is_refused_before_decoding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let photo = write_photo(dir.path(), "plain.png", 160, 120);
    let bytes = std::fs::read(&photo).expect("photo");
    // A 200 MB profile in a few hundred KB.
    let mut data = b"bomb\0\0".to_vec();
    data.extend(zlib(&vec![0u8; 200 * 1024 * 1024]));
    std::fs::write(
        dir.path().join("icc.png"),
        with_chunk(&bytes, b"iCCP", &data),
    )
    .expect("write");
    let run = fails(dir.path(), &["new", "icc.png", "-o", "p.ron"], "icc.png");
    assert!(run.stderr.contains("colour profile"), "{}", run.stderr);
    // A profile of an ordinary size is no problem.
    let mut data = b"sRGB\0\0".to_vec();
    data.extend(zlib(&[7u8; 3144]));
    std::fs::write(
        dir.path().join("ok.png"),
        with_chunk(&bytes, b"iCCP", &data),
    )
    .expect("write");
    follicle(
        dir.path(),
        &["new", "ok.png", "-o", "ok.ron", "--px-per-mm", "4"],
    )
    .expect_ok();
}

#[test]
fn a_photo_too_small_for_its_declared_size_is_refused_before_decoding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut jpeg = common::jpeg_bytes(320, 240);
    // Find the frame header (SOF0) and make it declare 30000 × 5000 pixels (150 MP, within the
    // pixel budget) in a file of a few kilobytes.
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0");
    jpeg[sof + 5..sof + 7].copy_from_slice(&5000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&30_000u16.to_be_bytes());
    assert!(jpeg.len() < 60 * 1024);
    std::fs::write(dir.path().join("bomb.jpg"), &jpeg).expect("write");
    let run = fails(dir.path(), &["new", "bomb.jpg", "-o", "p.ron"], "bomb.jpg");
    assert!(run.stderr.contains("30000 × 5000"), "{}", run.stderr);
    assert!(run.stderr.contains("KB"), "{}", run.stderr);
    assert!(!dir.path().join("p.ron").exists());
    // The untouched photo opens.
    std::fs::write(dir.path().join("real.jpg"), common::jpeg_bytes(320, 240)).expect("write");
    follicle(
        dir.path(),
        &["new", "real.jpg", "-o", "p.ron", "--px-per-mm", "4"],
    )
    .expect_ok();
}

#[test]
fn a_pipe_in_the_presets_folder_does_not_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    let presets = dir.path().join(".follicle-settings").join("presets");
    std::fs::create_dir_all(&presets).expect("presets folder");
    let made = Command::new("mkfifo")
        .arg(presets.join("pipe.ron"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let mut child = start(dir.path(), &["presets"]);
    let started = std::time::Instant::now();
    while child.try_wait().expect("poll").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("`follicle presets` blocked on a pipe in the presets folder");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let run = finish(child);
    assert!(run.ok(), "{run:#?}");
    assert!(run.stderr.contains("pipe.ron"), "{run:#?}");
    assert!(run.stderr.contains("not a regular file"), "{run:#?}");
}

/// A 1 MB file system of its own (tmpfs), where the disk can be filled without harm; None where
/// this process may not mount one (not root), and the test that needs it says it was skipped.
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount() -> Option<TinyDisk> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(TinyDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the disk to the last byte.
    fn fill(&self) {
        use std::io::Write;
        let mut filler = std::fs::File::create(self.path().join("filler")).expect("filler");
        let block = vec![0u8; 4096];
        while filler.write_all(&block).is_ok() {}
        while filler.write_all(&[0]).is_ok() {}
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_is_said_plainly_and_keeps_the_previous_version() {
    let Some(disk) = TinyDisk::mount() else {
        eprintln!("skipped: mounting a small file system needs root");
        return;
    };
    let source = project_folder();
    for name in ["photo.png", "p.ron"] {
        std::fs::copy(source.path().join(name), disk.path().join(name)).expect("copy");
    }
    let before = std::fs::read(disk.path().join("p.ron")).expect("project");
    disk.fill();
    let run = fails(
        disk.path(),
        &["add-view", "p.ron", "photo.png", "--name", "Top"],
        "p.ron: the disk is full: it was not saved (the previous version is intact)",
    );
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(disk.path().join("p.ron")).expect("project"),
        before
    );
    assert!(!disk.path().join("p.ron.bak").exists());
    fails(
        disk.path(),
        &["render", "p.ron", "-o", "out.png"],
        "out.png: the disk is full: nothing was written",
    );
    assert!(!disk.path().join("out.png").exists());
    assert_no_temporaries(disk.path());
}
