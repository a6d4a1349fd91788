//! Seed inputs, made by the engine itself when a run starts (nothing binary is kept in the
//! repository for them): projects as Follicle saves them, a mock-up exported the way the command
//! line exports one (with its project and the reduced copies of its photos), and small synthetic
//! photos in each format and layout the photo loader reads. Each seed lands in the folder of its
//! target: `<out>/project`, `<out>/mock_up`, `<out>/photo`.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use follicle::engine::export::{ExportOptions, ExportPlan, Layout};
use follicle::engine::project::Project;
use follicle::engine::units::Scale;
use follicle::testing::sample::scalp_photo;
use image::{DynamicImage, ImageFormat, RgbImage};

type Result<T> = std::result::Result<T, String>;

/// The example project of the format's documentation, read from `docs/PROJECT-FORMAT.md` in the
/// repository at `root`.
fn documented_project(root: &Path) -> Result<String> {
    let doc =
        std::fs::read_to_string(root.join("docs/PROJECT-FORMAT.md")).map_err(|e| e.to_string())?;
    let start = doc
        .find("```ron\n")
        .ok_or("no RON example in the format's documentation")?
        + 7;
    let len = doc[start..]
        .find("```")
        .ok_or("the RON example does not end")?;
    Ok(doc[start..start + len].to_string())
}

/// A version 1 project (one photo, layers at the top level), which Follicle still opens.
const VERSION_1: &str = r#"(
    version: 1,
    photo: "scalp.jpg",
    scale: (px_per_mm: 10.0, calibrated: false),
    client: (name: "Sample", date: "2025-01-31"),
    layers: [
        (
            name: "Density",
            density: 90.0,
            dot_mm: 0.2,
            dilution: 8.0,
            seed: 7,
            region: (whole: true, ops: []),
        ),
    ],
)
"#;

/// Writes every seed under `out`; `root` is the repository (for the documented example).
pub fn write_all(out: &Path, root: &Path) -> Result<usize> {
    let mut count = 0;
    let mut put = |target: &str, name: &str, bytes: &[u8]| -> Result<()> {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("{name}: {e}"))?;
        count += 1;
        Ok(())
    };

    // Projects: the documented example as written and as Follicle saves it, a new project, an
    // old version 1 file and the sample project the app ships.
    let documented = documented_project(root)?;
    let path = Path::new("seed.ron");
    let example = Project::from_ron(&documented, path).map_err(|e| e.to_string())?;
    put("project", "documented.ron", documented.as_bytes())?;
    put(
        "project",
        "documented-saved.ron",
        example.to_ron().as_bytes(),
    )?;
    let fresh = Project::new(PathBuf::from("scalp.jpg"), Scale::calibrated(8.0), 42);
    put("project", "new.ron", fresh.to_ron().as_bytes())?;
    put("project", "version-1.ron", VERSION_1.as_bytes())?;
    let sample = std::fs::read(root.join("assets/sample.ron"))
        .map_err(|e| format!("assets/sample.ron: {e}"))?;
    put("project", "sample.ron", &sample)?;

    // Photos: small synthetic scalps, in every format and pixel layout the loader converts.
    let scalp = scalp_photo(48, 36, 3);
    let photo = DynamicImage::ImageRgb8(scalp.clone());
    put("photo", "rgb.jpg", &encoded(&photo, ImageFormat::Jpeg)?)?;
    put("photo", "rgb.png", &encoded(&photo, ImageFormat::Png)?)?;
    put("photo", "rgb.webp", &encoded(&photo, ImageFormat::WebP)?)?;
    put(
        "photo",
        "grey.jpg",
        &encoded(&photo.grayscale(), ImageFormat::Jpeg)?,
    )?;
    put(
        "photo",
        "rgba.png",
        &encoded(
            &DynamicImage::ImageRgba8(photo.to_rgba8()),
            ImageFormat::Png,
        )?,
    )?;
    put(
        "photo",
        "rgba.webp",
        &encoded(
            &DynamicImage::ImageRgba8(photo.to_rgba8()),
            ImageFormat::WebP,
        )?,
    )?;
    put(
        "photo",
        "grey-alpha.png",
        &encoded(
            &DynamicImage::ImageLumaA8(photo.to_luma_alpha8()),
            ImageFormat::Png,
        )?,
    )?;
    put(
        "photo",
        "rgb16.png",
        &encoded(
            &DynamicImage::ImageRgb16(photo.to_rgb16()),
            ImageFormat::Png,
        )?,
    )?;
    // Photos the tests keep: a CMYK JPEG and a lossy WebP.
    for fixture in ["cmyk_adobe.jpg", "lossy.webp"] {
        let bytes = std::fs::read(root.join("tests/fixtures").join(fixture))
            .map_err(|e| format!("{fixture}: {e}"))?;
        put("photo", fixture, &bytes)?;
    }

    // Mock-ups, exported as the command line exports them, from a consultation in a folder of
    // its own: one view after, and two views on a contact sheet with a caption.
    let work = std::env::temp_dir().join(format!("follicle-fuzz-seeds-{}", std::process::id()));
    let made = mock_ups(&work, &example, &scalp);
    let _ = std::fs::remove_dir_all(&work);
    for (name, bytes) in made? {
        put("mock_up", &name, &bytes)?;
    }
    Ok(count)
}

fn encoded(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>> {
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, format)
        .map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}

/// Exports the seed mock-ups in `work` and returns each file's name and bytes.
fn mock_ups(work: &Path, example: &Project, scalp: &RgbImage) -> Result<Vec<(String, Vec<u8>)>> {
    std::fs::create_dir_all(work).map_err(|e| e.to_string())?;
    let front = work.join("front.jpg");
    let crown = work.join("crown.png");
    std::fs::write(
        &front,
        encoded(&DynamicImage::ImageRgb8(scalp.clone()), ImageFormat::Jpeg)?,
    )
    .map_err(|e| e.to_string())?;
    let other = scalp_photo(40, 40, 9);
    std::fs::write(
        &crown,
        encoded(&DynamicImage::ImageRgb8(other), ImageFormat::Png)?,
    )
    .map_err(|e| e.to_string())?;

    let mut project = example.clone();
    project.views[0].photo = front;
    let mut second = project.views[0].clone();
    second.name = "Crown".into();
    second.photo = crown;
    project.views.push(second);

    let exports = [
        ("after.png", Layout::After, false),
        ("contact-sheet.png", Layout::ContactSheet, true),
    ];
    let mut made = Vec::new();
    for (name, layout, caption) in exports {
        let out = work.join(name);
        let options = ExportOptions {
            layout,
            caption,
            ..ExportOptions::default()
        };
        ExportPlan::new(project.clone(), &out, options, false)
            .run(&[], &mut |_, _| {}, &AtomicBool::new(false))
            .map_err(|e| e.to_string())?;
        made.push((
            name.to_string(),
            std::fs::read(&out).map_err(|e| e.to_string())?,
        ));
    }
    Ok(made)
}

/// The `seeds` program: writes the seeds into the folder named by its first argument, from the
/// repository in the current folder, then ends the process (with status 1 if it failed).
pub fn run_and_exit() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: seeds OUT_DIR (run from the repository's top folder)");
        std::process::exit(2);
    };
    match write_all(Path::new(&out), Path::new(".")) {
        Ok(count) => {
            println!(
                "{count} seed inputs written to {}",
                Path::new(&out).display()
            );
            std::process::exit(0);
        }
        Err(e) => {
            eprintln!("seeds: {e}");
            std::process::exit(1);
        }
    }
}
