//! Writes the bundled sample assets: `assets/sample-scalp.jpg` (a procedurally generated scalp
//! photo, 3000×2000, seed 1) and `assets/icon.png` (the 256×256 app icon).
//!
//! Usage: `cargo run --no-default-features --release --example make_assets [OUTPUT_DIR]`
//! (default: the crate's `assets` folder).

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use follicle::testing::sample;
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
    Ok(())
}
