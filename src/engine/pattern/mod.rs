//! The follicle-dot pattern: ordered blue noise thresholded by a density field.
//!
//! Every candidate dot carries a threshold density; a dot is shown wherever the layer's density at
//! its position reaches its threshold. The candidates for a seed never move, so raising a density
//! only adds dots and lowering it only removes them, and dot size or shade never move a dot.
//!
//! The candidates are assembled from one precomputed tiling shared by all seeds (`library.rs`,
//! `tiles.rs`); a seed decides how that tiling is coloured, shifted and turned (`placement.rs`), so
//! a new seed costs no more than one seen before.

mod levels;
mod library;
mod measure;
mod placement;
mod tiles;
mod zones;

use rayon::prelude::*;

use crate::engine::rng::{hash, mix, unit_of};
use crate::engine::units::per_mm2;
pub use library::{LibraryError, bundled_library, generate_library, library_point_count};
pub use measure::{
    WindowCounter, WindowSpread, autocorrelation_peak, autocorrelation_peaks, hex_lattice,
    image_autocorrelation_peak, min_distance, relative_radius,
};
use placement::Placement;
use tiles::{COLOURS, TileSet, VARIANTS, colour, junction_index};
use zones::Zone;

/// Below this density (dots/cm²) the dots are a random thinning of the sparsest even set: still
/// never closer than its spacing, but no longer maximally even (only fades reach so low).
pub const MIN_EVEN_DENSITY: f64 = 15.0;
/// The densest setting the pattern supports, dots/cm² (practice stays under about 300).
pub const MAX_DENSITY: f64 = 400.0;

/// Radius shrink per level: finer steps keep every prefix closer to maximal.
const LEVEL_STEP: f64 = 0.98;
/// Random candidates per mm² from which darts are drawn.
const POOL_PER_MM2: f64 = 120.0;

/// One potential dot, in photo pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub x: f32,
    pub y: f32,
    /// The density (dots/cm²) from which this dot is shown.
    pub threshold: f32,
    /// Stable per-dot random bits for size and tone variation.
    pub key: u32,
}

/// All candidates of one seed over one photo, grouped in horizontal bands.
#[derive(Clone, Debug)]
pub struct Candidates {
    pub points: Vec<Candidate>,
    /// `bands[k]..bands[k + 1]` are the candidates whose y lies in band k.
    pub bands: Vec<usize>,
    /// Height of a band in photo pixels.
    pub band_height: f32,
    /// Candidates with thresholds up to this density (dots/cm²) are included.
    pub cap: f64,
}

impl Candidates {
    /// The candidates of band `k`.
    pub fn band(&self, k: usize) -> &[Candidate] {
        &self.points[self.bands[k]..self.bands[k + 1]]
    }

    /// Number of bands.
    pub fn band_count(&self) -> usize {
        self.bands.len().saturating_sub(1)
    }

    /// Candidates taken band by band from these (`per_band[k]` from band k), in the same bands.
    pub fn with_bands(&self, per_band: Vec<Vec<Candidate>>) -> Candidates {
        let mut bands = Vec::with_capacity(per_band.len() + 1);
        let mut points = Vec::with_capacity(per_band.iter().map(Vec::len).sum());
        bands.push(0);
        for b in per_band {
            points.extend(b);
            bands.push(points.len());
        }
        Candidates {
            points,
            bands,
            band_height: self.band_height,
            cap: self.cap,
        }
    }
}

/// Zone kinds, mixed into each dot's key so every zone instance has its own variation.
#[derive(Clone, Copy)]
enum ZoneKind {
    Interior = 1,
    Vertical = 2,
    Horizontal = 3,
    Junction = 4,
    Variant = 5,
}

/// Looks up colours and zones around lattice positions of the tiling as one seed colours it.
struct Lattice<'a> {
    set: &'a TileSet,
    seed: u64,
}

impl Lattice<'_> {
    fn colour(&self, i: i64, j: i64) -> usize {
        colour(self.seed, i, j)
    }

    /// The variable part of patch (i, j)'s interior: one of its template's variants, by a hash of
    /// the position.
    fn variant(&self, i: i64, j: i64) -> &Zone {
        let v = hash(&[self.seed, 0x7A41_A417, i as u64, j as u64]) % VARIANTS as u64;
        &self.set.variants[self.colour(i, j) * VARIANTS + v as usize]
    }

    /// The junction at the top-left corner of patch (i, j).
    fn junction(&self, i: i64, j: i64) -> &Zone {
        let q = junction_index(
            self.colour(i - 1, j - 1),
            self.colour(i, j - 1),
            self.colour(i - 1, j),
            self.colour(i, j),
        );
        &self.set.junctions[q]
    }

    /// The vertical seam on the left edge of patch (i, j).
    fn left_seam(&self, i: i64, j: i64) -> &Zone {
        &self.set.vertical[self.colour(i - 1, j) * COLOURS + self.colour(i, j)]
    }

    /// The horizontal seam on the top edge of patch (i, j).
    fn top_seam(&self, i: i64, j: i64) -> &Zone {
        &self.set.horizontal[self.colour(i, j - 1) * COLOURS + self.colour(i, j)]
    }
}

/// The candidates of `seed` over a `width` × `height` photo at `px_per_mm`, up to `cap` dots/cm².
///
/// Every seed uses the same tile library ([`bundled_library`]); the seed colours the patches, shifts
/// the tiling by up to a patch and turns or mirrors it, and draws every dot's key and its threshold
/// within its level.
pub fn candidates(seed: u64, px_per_mm: f64, width: u32, height: u32, cap: f64) -> Candidates {
    let set = library::tiles();
    let lattice = Lattice { set, seed };
    let s = set.size;
    let place = Placement::of(seed, s);
    let (w_mm, h_mm) = (f64::from(width) / px_per_mm, f64::from(height) / px_per_mm);
    let cap_per_mm2 = per_mm2(cap.min(MAX_DENSITY));
    // A patch's zones reach this far before its top-left corner (its junction and refill margin).
    let reach = set.junction + set.margin;
    let ((qx0, qy0), (qx1, qy1)) = place.tiling_bounds(w_mm, h_mm);
    let (i0, i1) = ((qx0 / s).floor() as i64, ((qx1 + reach) / s).floor() as i64);
    let (j0, j1) = ((qy0 / s).floor() as i64, ((qy1 + reach) / s).floor() as i64);
    let band_height = s * px_per_mm;
    let band_count = (f64::from(height) / band_height).ceil().max(1.0) as usize;

    // One row of patches at a time (in parallel): each patch emits its interior, the seams on its
    // left and top edges and the junction at its top-left corner.
    // Every zone lists its points level by level (`tiles::sort_by_level`, checked when the library
    // is decoded): the levels from `levels_in` on start above the cap and end each zone.
    let levels_in = 1 + set
        .cumulative_density
        .partition_point(|&c| c <= cap_per_mm2);
    let per_row: Vec<Vec<Candidate>> = (j0..=j1)
        .into_par_iter()
        .map(|j| {
            let mut out = Vec::new();
            let mut emit = |kind: ZoneKind, i: i64, points: &[levels::Ranked], ox: f64, oy: f64| {
                // hash(&[seed, kind, i, j, n]) with the common prefix hashed once per zone.
                let prefix = hash(&[seed, kind as u64, i as u64, j as u64]);
                let end = points.partition_point(|p| usize::from(p.level) < levels_in);
                for (n, p) in points[..end].iter().enumerate() {
                    let (x, y) = place.to_photo(p.x + ox, p.y + oy);
                    if x < 0.0 || y < 0.0 || x >= w_mm || y >= h_mm {
                        continue;
                    }
                    let h = mix(prefix ^ mix(n as u64));
                    let t = threshold(&set.cumulative_density, p.level as usize, unit_of(h));
                    if t <= cap_per_mm2 {
                        out.push(Candidate {
                            x: (x * px_per_mm) as f32,
                            y: (y * px_per_mm) as f32,
                            threshold: (t * 100.0) as f32,
                            key: (h >> 32) as u32,
                        });
                    }
                }
            };
            let y0 = j as f64 * s;
            for i in i0..=i1 {
                let x0 = i as f64 * s;
                let c = lattice.colour(i, j);
                emit(ZoneKind::Interior, i, &set.interiors[c], x0, y0);
                emit(ZoneKind::Variant, i, lattice.variant(i, j), x0, y0);
                emit(ZoneKind::Vertical, i, lattice.left_seam(i, j), x0, y0);
                emit(ZoneKind::Horizontal, i, lattice.top_seam(i, j), x0, y0);
                emit(ZoneKind::Junction, i, lattice.junction(i, j), x0, y0);
            }
            out
        })
        .collect();

    // Counting sort by band keeps each band's dots together for cache-friendly splatting.
    let mut counts = vec![0usize; band_count + 1];
    let band_of = |c: &Candidate| ((f64::from(c.y) / band_height) as usize).min(band_count - 1);
    for c in per_row.iter().flatten() {
        counts[band_of(c) + 1] += 1;
    }
    for k in 1..counts.len() {
        counts[k] += counts[k - 1];
    }
    let bands = counts.clone();
    let mut next = counts;
    let total = bands[band_count];
    let mut points = vec![
        Candidate {
            x: 0.0,
            y: 0.0,
            threshold: 0.0,
            key: 0
        };
        total
    ];
    for c in per_row.into_iter().flatten() {
        let b = band_of(&c);
        points[next[b]] = c;
        next[b] += 1;
    }
    Candidates {
        points,
        bands,
        band_height: band_height as f32,
        cap,
    }
}

/// Threshold density (dots/mm²) of a point at `level` with within-level rank `u` ∈ [0, 1).
fn threshold(cumulative: &[f64], level: usize, u: f64) -> f64 {
    let below = if level == 0 {
        0.0
    } else {
        cumulative[level - 1]
    };
    below + u * (cumulative[level] - below)
}

/// A density in dots/cm² at any photo position.
pub trait DensityAt: Sync {
    fn density_at(&self, x: f32, y: f32) -> f32;
}

/// A uniform density over the whole photo.
pub struct Uniform(pub f32);

impl DensityAt for Uniform {
    fn density_at(&self, _x: f32, _y: f32) -> f32 {
        self.0
    }
}

/// The visible dots: every candidate whose threshold the density reaches. Band structure kept.
pub fn select(candidates: &Candidates, density: &dyn DensityAt) -> Candidates {
    let per_band: Vec<Vec<Candidate>> = (0..candidates.band_count())
        .into_par_iter()
        .map(|k| {
            candidates
                .band(k)
                .iter()
                .filter(|c| c.threshold <= density.density_at(c.x, c.y))
                .copied()
                .collect()
        })
        .collect();
    candidates.with_bands(per_band)
}

#[cfg(test)]
mod tests;
