//! Writes the bundled sample assets: `assets/sample-scalp.jpg` (a procedurally generated scalp
//! photo, 3000×2000, seed 1), `assets/icon.png` (the 256×256 app icon), the icon in the sizes a
//! Linux desktop uses (`assets/linux/icons/`) and the Windows icon (`assets/windows/follicle.ico`).
//!
//! Usage: `cargo run --no-default-features --release --example make_assets [OUTPUT_DIR]`
//! (default: the crate's `assets` folder).

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use follicle::testing::sample;
use image::ExtendedColorType;
use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::codecs::jpeg::JpegEncoder;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets"));
    fs::create_dir_all(&dir)?;

    let start = Instant::now();
    let photo = sample::scalp_photo(3000, 2000, 1);
    let took = start.elapsed();
    let path = dir.join("sample-scalp.jpg");
    let mut out = BufWriter::new(File::create(&path)?);
    JpegEncoder::new_with_quality(&mut out, 90).encode_image(&photo)?;
    println!(
        "{} ({:.0} ms to generate)",
        path.display(),
        took.as_secs_f64() * 1000.0
    );

    let path = dir.join("icon.png");
    sample::app_icon(256).save(&path)?;
    println!("{}", path.display());

    for size in [16, 32, 48, 64, 128, 256, 512] {
        let folder = dir.join(format!("linux/icons/hicolor/{size}x{size}/apps"));
        fs::create_dir_all(&folder)?;
        let path = folder.join("app.follicle.Follicle.png");
        sample::app_icon(size).save(&path)?;
        println!("{}", path.display());
    }

    // Windows wants one .ico holding several sizes.
    let frames: Vec<_> = [16u32, 24, 32, 48, 64, 256]
        .iter()
        .map(|&size| {
            let icon = sample::app_icon(size);
            IcoFrame::as_png(icon.as_raw(), size, size, ExtendedColorType::Rgba8)
        })
        .collect::<Result<_, _>>()?;
    fs::create_dir_all(dir.join("windows"))?;
    let path = dir.join("windows/follicle.ico");
    IcoEncoder::new(BufWriter::new(File::create(&path)?)).encode_images(&frames)?;
    println!("{}", path.display());
    Ok(())
}
