//! Writes `assets/pattern-tiles.bin`, the precomputed tile library every follicle pattern is
//! assembled from. Run it after changing the pattern generator or its parameters; the test
//! `bundled_library_is_what_the_generator_makes` fails until the asset matches the generator.
//!
//! Usage: `cargo run --release --no-default-features --example make_tiles [OUTPUT_FILE]`
//! (default: the crate's `assets/pattern-tiles.bin`).

use std::path::PathBuf;
use std::time::Instant;

use follicle::engine::pattern;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/pattern-tiles.bin")
        });
    let start = Instant::now();
    let bytes = pattern::generate_library()?;
    let took = start.elapsed();
    // Write beside the target and rename, so an interrupted run never leaves half a library.
    let temp = path.with_extension("partial");
    std::fs::write(&temp, &bytes)?;
    std::fs::rename(&temp, &path)?;
    let points = pattern::library_point_count(&bytes)?;
    let unchanged = bytes == pattern::bundled_library();
    println!(
        "{} ({} bytes, {points} points, {:.0} ms to generate){}",
        path.display(),
        bytes.len(),
        took.as_secs_f64() * 1000.0,
        if unchanged {
            "; same as the bundled library"
        } else {
            "; differs from the library built into this program: rebuild"
        }
    );
    Ok(())
}
