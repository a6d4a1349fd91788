//! Compositing dots into the photo: one function for every output, at any crop and any scale.
//!
//! The optical model is in [`crate::engine::optics`]; here it becomes pixels. For every output
//! pixel the compositor gathers, in linear light:
//! * the darkness of the dot cores over it (`kernel.rs`): soft, slightly oval, irregular spots,
//!   combined like layered filters (`1 − Π(1 − dᵢ)`);
//! * the darkness of the haze (`haze.rs`): every dot's spread, summed on a grid fixed to the photo
//!   and blurred by the skin's scattering;
//! * the photo's shine (`shine.rs`), which stays on top: only the light that entered the skin is
//!   darkened.
//!
//! A dot's darkening is area-preserving at every scale (a dot narrower than 1.5 output pixels is
//! widened with its peak lowered to match), so a screen preview looks like the full-size export
//! shrunk. Each pixel receives its dots in a fixed order (layer, band, dot), so the result does not
//! depend on threads, and a crop of the photo gets exactly the pixels of the same region of the
//! full image.

mod haze;
mod kernel;
mod shine;
mod variate;

use image::RgbImage;
use rayon::prelude::*;

use crate::engine::colour::{from_linear, to_linear};
use crate::engine::hair::HairMask;
use crate::engine::optics::SkinOptics;
use crate::engine::units::View;

pub use kernel::Pass;
pub use shine::specular;

/// Output rows composited together: at least this many, and at least [`CHUNK_MM`] of the photo.
const CHUNK_ROWS: usize = 48;
const CHUNK_MM: f64 = 6.0;
/// A large output is split into about this many chunks: enough for every core, few enough that
/// the dots near chunk edges (drawn by both neighbours) stay a small share.
const CHUNKS: usize = 16;

/// The skin the dots are composited into.
#[derive(Clone, Copy)]
pub struct Skin<'a> {
    pub optics: &'a SkinOptics,
    /// The photo's scale, for the haze's reach.
    pub px_per_mm: f64,
    /// Existing hair, when it was detected: pigment under it does not show.
    pub hair: Option<&'a HairMask>,
}

/// Composites every layer in `passes` into `image`, which shows the photo through `view`.
pub fn composite(image: &mut RgbImage, view: View, passes: &[Pass<'_>], skin: Skin<'_>) {
    let Skin {
        optics,
        px_per_mm,
        hair,
    } = skin;
    let (width, height) = image.dimensions();
    if width == 0 || height == 0 || passes.iter().all(|p| p.dots.points.is_empty()) {
        return;
    }
    let haze = haze::Field::build(passes, view, width, height, px_per_mm);
    let shine = shine::Shine::new(optics, hair);
    let stride = width as usize * 3;
    // Taller chunks visit fewer dots twice (those near a chunk's edge are set up by both).
    let rows = CHUNK_ROWS
        .max((CHUNK_MM * px_per_mm * view.scale).ceil() as usize)
        .max(height as usize / CHUNKS);
    // The chunk's work is compiled for the best vector instructions the processor has (AVX2 on
    // most x86-64 laptops of the last decade), found once here. The results are the same to the
    // bit: wider vectors do the same operations on more pixels at once.
    let arch = pulp::Arch::new();
    let buffer: &mut [u8] = image;
    buffer
        .par_chunks_mut(stride * rows)
        .enumerate()
        .for_each(|(n, pixels)| {
            let row0 = n * rows;
            let count = pixels.len() / stride;
            with_cores(count * width as usize, |cores| {
                arch.dispatch(Chunk {
                    pixels,
                    cores,
                    width,
                    rows: (row0, count),
                    view,
                    passes,
                    shine: &shine,
                    haze: &haze,
                });
            });
        });
}

/// One chunk of output rows: every pass's cores drawn, then the shine applied.
struct Chunk<'a, 'p> {
    pixels: &'a mut [u8],
    cores: &'a mut [f32],
    width: u32,
    /// The first output row and how many.
    rows: (usize, usize),
    view: View,
    passes: &'a [Pass<'p>],
    shine: &'a shine::Shine<'a>,
    haze: &'a haze::Field,
}

impl pulp::WithSimd for Chunk<'_, '_> {
    type Output = ();

    // Inlined into each of pulp's versions, so that the loops below are compiled for each.
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let (row0, count) = self.rows;
        for pass in self.passes {
            kernel::draw(self.cores, self.width, row0, count, self.view, pass);
        }
        self.shine.apply(
            self.pixels,
            self.cores,
            self.width,
            row0,
            self.view,
            self.haze,
        );
    }
}

/// A thread's core-darkness buffer, kept between chunks and composites: a fresh one for every
/// chunk costs its pages' first-touch faults each time.
struct Cores {
    values: Vec<f32>,
    /// Every value is zero: a chunk's shine pass clears what its dots drew.
    clear: bool,
}

thread_local! {
    static CORES: std::cell::RefCell<Cores> = const {
        std::cell::RefCell::new(Cores { values: Vec::new(), clear: true })
    };
}

/// Runs `f` on `n` zeros from this thread's buffer (or a new one, should it be in use); `f` must
/// leave them zeros.
fn with_cores(n: usize, f: impl FnOnce(&mut [f32])) {
    CORES.with(|cell| match cell.try_borrow_mut() {
        Ok(mut cores) => {
            if !cores.clear {
                // The last chunk on this thread did not finish.
                cores.values.fill(0.0);
            }
            if cores.values.len() < n {
                cores.values.resize(n, 0.0);
            }
            cores.clear = false;
            f(&mut cores.values[..n]);
            cores.clear = true;
        }
        Err(_) => f(&mut zeroed(n)),
    });
}

/// `n` zeros in memory that is written before it is read. A large `vec![0.0; n]` maps the shared
/// zero page, and the first write to each of its pages then copies it and flushes every core's
/// page tables, which on a virtual machine costs more than the compositing of that page. Writing
/// the zeros up front maps ordinary pages instead.
pub(super) fn zeroed(n: usize) -> Vec<f32> {
    let mut v = Vec::with_capacity(n);
    v.par_extend(rayon::iter::repeat_n(0.0, n));
    v
}

/// The part of `photo` seen through `view`, `width` × `height` output pixels: averaged in linear
/// light when shrinking, nearest pixel when enlarging.
pub fn resample(photo: &RgbImage, view: View, width: u32, height: u32) -> RgbImage {
    let (pw, ph) = photo.dimensions();
    let mut out = RgbImage::new(width, height);
    let step = 1.0 / view.scale;
    let stride = width as usize * 3;
    let buffer: &mut [u8] = &mut out;
    buffer
        .par_chunks_mut(stride.max(1))
        .enumerate()
        .for_each(|(v, row)| {
            let y_start = view.y0 + v as f64 * step;
            let ya = (y_start.floor().max(0.0) as u32).min(ph.saturating_sub(1));
            let yb = (((y_start + step).ceil() as u32).max(ya + 1)).min(ph);
            for u in 0..width as usize {
                let x_start = view.x0 + u as f64 * step;
                let xa = (x_start.floor().max(0.0) as u32).min(pw.saturating_sub(1));
                let xb = (((x_start + step).ceil() as u32).max(xa + 1)).min(pw);
                let pixel = &mut row[u * 3..u * 3 + 3];
                if step <= 1.0 || (xb - xa == 1 && yb - ya == 1) {
                    pixel.copy_from_slice(&photo.get_pixel(xa, ya).0);
                    continue;
                }
                let mut sum = [0.0f32; 3];
                for y in ya..yb {
                    for x in xa..xb {
                        let p = photo.get_pixel(x, y).0;
                        for ch in 0..3 {
                            sum[ch] += to_linear(p[ch]);
                        }
                    }
                }
                let n = ((xb - xa) * (yb - ya)) as f32;
                for ch in 0..3 {
                    pixel[ch] = from_linear(sum[ch] / n);
                }
            }
        });
    out
}
