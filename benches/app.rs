//! Speed goals of the desktop app's preview, measured on the engine code it runs
//! (`render::Previewer`), against M = copying a 6000 × 4000 RGBA8 buffer in the same run.
//!
//! ```text
//! cargo bench --no-default-features --bench app
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use follicle::engine::photo;
use follicle::engine::project::Project;
use follicle::engine::render::Previewer;
use follicle::engine::units::Scale;
use follicle::engine::units::View;
use image::{Rgb, RgbImage};

const W: u32 = 6000;
const H: u32 = 4000;
/// 300,000 dots over a 24 MP photo at 10 px/mm (2,400 cm²).
const DENSITY: f32 = 125.0;

/// The view a 1920 × 1080 canvas shows when the whole photo fits.
fn fit_view() -> (View, [u32; 2]) {
    let scale = (1920.0 / f64::from(W)).min(1080.0 / f64::from(H));
    let size = [(f64::from(W) * scale) as u32, (f64::from(H) * scale) as u32];
    (
        View {
            x0: 0.0,
            y0: 0.0,
            scale,
        },
        size,
    )
}

fn project(seed: u64, density: f32) -> Project {
    let mut p = Project::new(PathBuf::from("bench.jpg"), Scale::calibrated(10.0), seed);
    p.view_mut().layers[0].density = density;
    p
}

fn photo() -> RgbImage {
    RgbImage::from_fn(W, H, |x, y| {
        Rgb([190 + (x % 13) as u8, 150 + (y % 11) as u8, 128])
    })
}

fn reference(c: &mut Criterion) {
    let src = vec![7u8; (W * H * 4) as usize];
    let mut dst = vec![0u8; src.len()];
    c.bench_function("reference/copy_24mp_rgba", |b| {
        b.iter(|| {
            dst.copy_from_slice(black_box(&src));
            black_box(&dst);
        });
    });
}

fn preview_after_slider(c: &mut Criterion) {
    let photo = Arc::new(photo());
    let (view, size) = fit_view();
    let mut previewer = Previewer::default();
    let first = previewer
        .render(&project(3, DENSITY), &photo, view, size)
        .expect("the dots fit the budget");
    println!(
        "preview: {} dots in a {}×{} view",
        first.counts[0], size[0], size[1]
    );
    let mut step = 0u32;
    c.bench_function("app/preview_after_density_change", |b| {
        b.iter(|| {
            step += 1;
            // Alternate between two slider positions, as a drag does.
            let density = DENSITY + (step % 2) as f32;
            black_box(
                previewer
                    .render(&project(3, density), &photo, view, size)
                    .expect("the dots fit the budget"),
            );
        });
    });
}

fn open_and_show(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("follicle-bench-app");
    let _ = std::fs::create_dir_all(&dir);
    let jpeg = dir.join("photo-24mp.jpg");
    if !jpeg.exists() {
        follicle::testing::sample::scalp_photo(W, H, 1)
            .save(&jpeg)
            .expect("bench photo");
    }
    let (view, size) = fit_view();
    let seeds = AtomicU64::new(1000);
    let mut group = c.benchmark_group("app");
    group.sample_size(10);
    group.bench_function("open_24mp_jpeg_and_show", |b| {
        b.iter(|| {
            // A new seed each time: the pattern's tiles are built from scratch, as for a new photo.
            let seed = seeds.fetch_add(1, Ordering::Relaxed);
            let image = Arc::new(photo::load(&jpeg).expect("decodes"));
            let mut previewer = Previewer::default();
            black_box(
                previewer
                    .render(&project(seed, 80.0), &image, view, size)
                    .expect("the dots fit the budget"),
            );
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = reference, preview_after_slider, open_and_show
}
criterion_main!(benches);
