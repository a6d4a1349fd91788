//! Helpers shared by the integration tests: synthetic photos, running the `follicle` binary, folder
//! snapshots (to prove a failure left nothing behind) and pixel statistics.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

pub mod look;
pub mod poppler;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use image::RgbImage;

/// Photo size used by most tests: at [`PX_PER_MM`] it spans 50 × 37.5 mm (18.75 cm²).
pub const W: u32 = 400;
pub const H: u32 = 300;
pub const PX_PER_MM: f64 = 8.0;
/// Area of a [`W`] × [`H`] photo at [`PX_PER_MM`], in cm².
pub const AREA_CM2: f64 = (W as f64 / PX_PER_MM) * (H as f64 / PX_PER_MM) / 100.0;

/// A light skin tone, so that pigment dots show clearly.
pub const SKIN: [u8; 3] = [214, 176, 150];

/// A synthetic skin photo.
pub fn skin(w: u32, h: u32, seed: u64) -> RgbImage {
    follicle::testing::sample::skin_patch(w, h, SKIN, seed)
}

/// Writes a synthetic `w` × `h` skin photo as PNG at `dir/name` and returns its path.
pub fn write_photo(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let path = dir.join(name);
    skin(w, h, 7).save(&path).expect("write test photo");
    path
}

/// The same photo as JPEG bytes.
pub fn jpeg_bytes(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
        .encode_image(&skin(w, h, 7))
        .expect("encode JPEG");
    bytes
}

/// What a run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Panics with the whole output unless the run succeeded.
    pub fn expect_ok(self) -> Self {
        assert!(self.ok(), "follicle failed: {self:#?}");
        self
    }
}

/// Runs `follicle args…` in `cwd` with backtraces requested (so that any leak of one would show).
pub fn follicle<S: AsRef<std::ffi::OsStr>>(cwd: &Path, args: &[S]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_follicle"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_BACKTRACE", "1")
        // Presets saved by the practitioner live here, so tests never see a real user's.
        .env("FOLLICLE_CONFIG_DIR", cwd.join(".follicle-settings"))
        .env_remove("RUST_LOG")
        .output()
        .expect("run follicle");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir` (recursively) with its bytes; folders are listed with no bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).expect("list folder") {
            let path = entry.expect("folder entry").path();
            let rel = path.strip_prefix(root).expect("under root").to_path_buf();
            if path.is_dir() {
                out.insert(rel, None);
                walk(root, &path, out);
            } else {
                out.insert(rel, Some(std::fs::read(&path).expect("read file")));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Checks the failure contract: non-zero exit, exactly one short line on stderr that names
/// `names` (a file name or the offending value), no panic or backtrace text, nothing on stdout,
/// and the folder exactly as it was (`before`: no new, temporary or changed files).
pub fn assert_clean_failure(
    run: &Run,
    names: &str,
    dir: &Path,
    before: &BTreeMap<PathBuf, Option<Vec<u8>>>,
) {
    assert!(
        run.code.is_some_and(|c| c != 0),
        "expected a failure exit code: {run:#?}"
    );
    assert_one_line(run, names);
    assert!(run.stdout.is_empty(), "nothing on stdout: {run:#?}");
    let after = snapshot(dir);
    let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let removed: Vec<_> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "files added {added:?} / removed {removed:?}; {run:#?}"
    );
    for (path, bytes) in before {
        assert!(
            after.get(path) == Some(bytes),
            "{} changed; {run:#?}",
            path.display()
        );
    }
}

/// Checks that stderr is one short line naming `names`, without panic or backtrace text.
pub fn assert_one_line(run: &Run, names: &str) {
    let err = run.stderr.trim_end();
    assert!(!err.is_empty(), "expected a message on stderr: {run:#?}");
    assert_eq!(
        err.lines().count(),
        1,
        "stderr must be exactly one line: {:?}",
        run.stderr
    );
    assert!(err.len() < 400, "message too long: {err:?}");
    assert!(
        err.contains(names),
        "message should name {names:?}: {err:?}"
    );
    for bad in [
        "panicked",
        "internal error",
        "RUST_BACKTRACE",
        "stack backtrace",
    ] {
        assert!(!err.contains(bad), "message contains {bad:?}: {err:?}");
    }
}

/// Decodes a PNG as 8-bit RGB.
pub fn read_png(path: &Path) -> RgbImage {
    image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8()
}

/// Mean of all channels of all pixels.
pub fn mean(image: &RgbImage) -> f64 {
    let raw = image.as_raw();
    assert!(!raw.is_empty(), "empty image");
    raw.iter().map(|&v| f64::from(v)).sum::<f64>() / raw.len() as f64
}

/// The `w` × `h` part of `image` at (`x`, `y`).
pub fn crop(image: &RgbImage, x: u32, y: u32, w: u32, h: u32) -> RgbImage {
    image::imageops::crop_imm(image, x, y, w, h).to_image()
}

/// Mean absolute channel difference of two images of the same size.
pub fn mean_abs_diff(a: &RgbImage, b: &RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions(), "sizes differ");
    let sum: f64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(&x, &y)| f64::from(x.abs_diff(y)))
        .sum();
    sum / a.as_raw().len() as f64
}

/// The path as a `&str` (test paths are always UTF-8).
pub fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}
