//! The tile library: one tiling built once, bundled with the program, shared by every seed.
//!
//! Building the tiles (dart throwing for 3 templates, 18 seams, 81 junctions and 144 interior
//! variant drafts) takes about 1 s in a release build on two cores, far more than assembling a
//! 24 MP photo's dots from them. Like the precomputed tiles of Kopf et al. (2006), the library is
//! therefore made once by the generator ([`TileSet::build`], still the source of truth) from a fixed seed, written
//! to `assets/pattern-tiles.bin` by `examples/make_tiles.rs` and embedded in the binary. A seed only
//! chooses how the library is laid over the photo (see `Placement` in the parent module).
//!
//! The asset is little-endian:
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `FOLLTILE` |
//! | 4 | format version (2) |
//! | 4 | generator revision |
//! | 8 | library seed |
//! | 4 + 4 + 4 | colours, interior variants per colour, levels |
//! | 4 × 8 | generator input: r₀, r_min, level step, pool per mm² (f64) |
//! | 4 × 8 | geometry: patch size, seam half-width, junction half-width, refill margin (f64) |
//! | 4 | coordinate quanta per mm |
//! | 4 + 4·z | zone count z, then each zone's point count |
//! | 5 per point | x, y (i16 quanta, zone-local), level (u8), zones in the order interiors (kept points), variants (colour-major), vertical seams, horizontal seams, junctions; each zone's points by level |
//! | 8 | FNV-1a 64 of everything before |
//!
//! Coordinates are rounded to 1/1024 mm (under a micrometre, a hundredth of a pixel at 10 px/mm).
//! The run-time library is always the decoded form, also when it has to be rebuilt, so the pattern
//! is the same whichever way it was obtained.

use std::sync::OnceLock;

use super::levels::{Levels, Ranked};
use super::tiles::{COLOURS, Geometry, TileSet, VARIANTS};
use super::zones::Zone;
use super::{LEVEL_STEP, MAX_DENSITY, MIN_EVEN_DENSITY, POOL_PER_MM2};
use crate::engine::units::{hex_spacing_mm, per_mm2};

/// The seed the library is generated from.
pub(crate) const LIBRARY_SEED: u64 = 0x5EED_7115;
const MAGIC: &[u8; 8] = b"FOLLTILE";
const VERSION: u32 = 2;
/// Raise whenever the generator would make other tiles from the same parameters, so that a stale
/// asset is never used (it is rebuilt at run time until `make_tiles` is run).
const GENERATOR_REVISION: u32 = 3;
/// Coordinate resolution: a power of two, so decoded coordinates are exact in f64.
const QUANTA_PER_MM: u32 = 1024;

/// The bundled asset.
static BUNDLED: &[u8] = include_bytes!("../../../assets/pattern-tiles.bin");

/// Why a library could not be encoded or decoded.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("the tile library is truncated")]
    Truncated,
    #[error("not a tile library (bad magic or version)")]
    Format,
    #[error("the tile library's checksum does not match")]
    Checksum,
    #[error("the tile library was made with other parameters than this program uses")]
    Stale,
    #[error("the tile library holds an invalid value")]
    Invalid,
    #[error("a tile point does not fit the library's number format")]
    Range,
}

/// The generator's input.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Params {
    revision: u32,
    seed: u64,
    r0: f64,
    r_min: f64,
    step: f64,
    pool_per_mm2: f64,
}

impl Params {
    /// The parameters this program's pattern is made with.
    fn current() -> Self {
        // r₀ makes the sparsest level saturate near MIN_EVEN_DENSITY and r_min goes a little past
        // MAX_DENSITY; 0.76 is the relative radius of a saturated random-sequential set.
        Params {
            revision: GENERATOR_REVISION,
            seed: LIBRARY_SEED,
            r0: 0.76 * hex_spacing_mm(per_mm2(MIN_EVEN_DENSITY)),
            r_min: 0.70 * hex_spacing_mm(per_mm2(MAX_DENSITY * 1.08)),
            step: LEVEL_STEP,
            pool_per_mm2: POOL_PER_MM2,
        }
    }

    fn levels(&self) -> Levels {
        Levels::new(self.r0, self.r_min, self.step)
    }
}

/// The library every pattern is assembled from: the bundled asset, decoded once. Should the asset
/// ever be unusable, the library is regenerated (slower, same result) instead of failing.
pub(crate) fn tiles() -> &'static TileSet {
    static LIBRARY: OnceLock<TileSet> = OnceLock::new();
    LIBRARY.get_or_init(|| match decode(BUNDLED) {
        Ok(set) => set,
        Err(err) => {
            log::warn!("bundled pattern tiles unusable ({err}); generating them");
            rebuild()
        }
    })
}

/// Generates the library from scratch and returns it in its decoded (quantised) form.
fn rebuild() -> TileSet {
    let built = generate();
    match encode(&built).and_then(|bytes| decode(&bytes)) {
        Ok(set) => set,
        // Unreachable with the current parameters (the tests encode the library); a set that does
        // not fit the format is still a valid pattern.
        Err(_) => built,
    }
}

fn generate() -> TileSet {
    let params = Params::current();
    TileSet::build(params.seed, params.levels(), params.pool_per_mm2)
}

/// Builds the tile library from scratch with the generator and encodes it: the contents of
/// `assets/pattern-tiles.bin`.
pub fn generate_library() -> Result<Vec<u8>, LibraryError> {
    encode(&generate())
}

/// Checks an encoded tile library the way the program reads it and returns its number of points.
pub fn library_point_count(bytes: &[u8]) -> Result<usize, LibraryError> {
    decode(bytes).map(|set| zones(&set).map(Vec::len).sum())
}

/// The tile library bundled with this program (`assets/pattern-tiles.bin`).
pub fn bundled_library() -> &'static [u8] {
    BUNDLED
}

/// The zones in file order.
fn zones(set: &TileSet) -> impl Iterator<Item = &Zone> {
    set.interiors
        .iter()
        .chain(&set.variants)
        .chain(&set.vertical)
        .chain(&set.horizontal)
        .chain(&set.junctions)
}

fn zone_count() -> usize {
    COLOURS + COLOURS * VARIANTS + 2 * COLOURS * COLOURS + COLOURS.pow(4)
}

fn encode(set: &TileSet) -> Result<Vec<u8>, LibraryError> {
    // Only the current parameters are ever encoded (`generate`); `decode` checks them.
    let params = Params {
        seed: set.seed,
        ..Params::current()
    };
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&params.revision.to_le_bytes());
    out.extend_from_slice(&params.seed.to_le_bytes());
    let level_count = u32::try_from(set.levels.count()).map_err(|_| LibraryError::Range)?;
    out.extend_from_slice(&(COLOURS as u32).to_le_bytes());
    out.extend_from_slice(&(VARIANTS as u32).to_le_bytes());
    out.extend_from_slice(&level_count.to_le_bytes());
    let g = set.geometry();
    for v in [
        params.r0,
        params.r_min,
        params.step,
        params.pool_per_mm2,
        g.size,
        g.seam,
        g.junction,
        g.margin,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&QUANTA_PER_MM.to_le_bytes());
    out.extend_from_slice(&(zone_count() as u32).to_le_bytes());
    for zone in zones(set) {
        let n = u32::try_from(zone.len()).map_err(|_| LibraryError::Range)?;
        out.extend_from_slice(&n.to_le_bytes());
    }
    let quantum = |v: f64| -> Result<i16, LibraryError> {
        let q = (v * f64::from(QUANTA_PER_MM)).round();
        if q >= f64::from(i16::MIN) && q <= f64::from(i16::MAX) {
            Ok(q as i16)
        } else {
            Err(LibraryError::Range)
        }
    };
    for p in zones(set).flatten() {
        out.extend_from_slice(&quantum(p.x)?.to_le_bytes());
        out.extend_from_slice(&quantum(p.y)?.to_le_bytes());
        out.push(u8::try_from(p.level).map_err(|_| LibraryError::Range)?);
    }
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(out)
}

/// Reads little-endian values from the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], LibraryError> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(LibraryError::Truncated)?;
        self.0 = rest;
        Ok(*head)
    }

    fn u32(&mut self) -> Result<u32, LibraryError> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, LibraryError> {
        self.take().map(u64::from_le_bytes)
    }

    fn f64(&mut self) -> Result<f64, LibraryError> {
        self.take().map(f64::from_le_bytes)
    }
}

fn decode(bytes: &[u8]) -> Result<TileSet, LibraryError> {
    let (body, sum) = bytes
        .split_last_chunk::<8>()
        .ok_or(LibraryError::Truncated)?;
    let mut r = Reader(body);
    if &r.take::<8>()? != MAGIC || r.u32()? != VERSION {
        return Err(LibraryError::Format);
    }
    if fnv1a(body) != u64::from_le_bytes(*sum) {
        return Err(LibraryError::Checksum);
    }
    let revision = r.u32()?;
    let seed = r.u64()?;
    let (colours, variants, level_count) = (r.u32()?, r.u32()?, r.u32()?);
    let params = Params {
        revision,
        seed,
        r0: r.f64()?,
        r_min: r.f64()?,
        step: r.f64()?,
        pool_per_mm2: r.f64()?,
    };
    let geometry = Geometry {
        size: r.f64()?,
        seam: r.f64()?,
        junction: r.f64()?,
        margin: r.f64()?,
    };
    let quanta = r.u32()?;
    let expected = Params::current();
    let levels = expected.levels();
    // The file must describe exactly the tiling this program would generate.
    let same = params == Params { seed, ..expected }
        && colours as usize == COLOURS
        && variants as usize == VARIANTS
        && level_count as usize == levels.count()
        && geometry == Geometry::for_levels(&levels)
        && quanta == QUANTA_PER_MM;
    if !same {
        return Err(LibraryError::Stale);
    }
    if r.u32()? as usize != zone_count() {
        return Err(LibraryError::Invalid);
    }
    let counts = (0..zone_count())
        .map(|_| r.u32().map(|n| n as usize))
        .collect::<Result<Vec<_>, _>>()?;
    if counts.iter().sum::<usize>() * 5 != r.0.len() {
        return Err(LibraryError::Truncated);
    }
    let unit = 1.0 / f64::from(quanta);
    let mut zones: Vec<Zone> = Vec::with_capacity(counts.len());
    for n in counts {
        let mut zone = Vec::with_capacity(n);
        for _ in 0..n {
            let [x0, x1, y0, y1, level] = r.take::<5>()?;
            if usize::from(level) >= levels.count() {
                return Err(LibraryError::Invalid);
            }
            zone.push(Ranked {
                x: f64::from(i16::from_le_bytes([x0, x1])) * unit,
                y: f64::from(i16::from_le_bytes([y0, y1])) * unit,
                level: u16::from(level),
            });
        }
        // Assembly relies on each zone's points coming level by level (`tiles::sort_by_level`).
        if zone.windows(2).any(|w| w[0].level > w[1].level) {
            return Err(LibraryError::Invalid);
        }
        zones.push(zone);
    }
    let seams_from = COLOURS + COLOURS * VARIANTS;
    let junctions = zones.split_off(seams_from + 2 * COLOURS * COLOURS);
    let horizontal = zones.split_off(seams_from + COLOURS * COLOURS);
    let vertical = zones.split_off(seams_from);
    let variants = zones.split_off(COLOURS);
    let mut set = TileSet {
        seed,
        size: geometry.size,
        seam: geometry.seam,
        junction: geometry.junction,
        margin: geometry.margin,
        levels,
        cumulative_density: Vec::new(),
        interiors: zones,
        variants,
        vertical,
        horizontal,
        junctions,
    };
    set.calibrate();
    Ok(set)
}

/// FNV-1a, 64 bits: enough to catch a damaged or truncated file.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_library_is_what_the_generator_makes() {
        // If this fails, the generator or its parameters changed: run
        // `cargo run --release --no-default-features --example make_tiles` and review the change
        // (every saved project's pattern changes with it).
        let generated = generate_library().expect("the library fits its format");
        assert!(
            generated == BUNDLED,
            "assets/pattern-tiles.bin is stale ({} bytes generated, {} bundled)",
            generated.len(),
            BUNDLED.len()
        );
        assert!(decode(BUNDLED).is_ok());
    }

    #[test]
    fn a_damaged_library_is_refused() {
        let good = BUNDLED.to_vec();
        let mut flipped = good.clone();
        flipped[good.len() / 2] ^= 0x10;
        assert!(matches!(decode(&flipped), Err(LibraryError::Checksum)));
        assert!(matches!(
            decode(&good[..good.len() - 9]),
            Err(LibraryError::Checksum | LibraryError::Truncated)
        ));
        assert!(decode(&good[..20]).is_err());
        assert!(decode(&[]).is_err());
        assert!(decode(b"PNG.....").is_err());
        // Made by another generator revision (checksum intact): refused as stale.
        let mut other = good.clone();
        other[12..16].copy_from_slice(&(GENERATOR_REVISION + 1).to_le_bytes());
        let body = other.len() - 8;
        let sum = fnv1a(&other[..body]);
        other[body..].copy_from_slice(&sum.to_le_bytes());
        assert!(matches!(decode(&other), Err(LibraryError::Stale)));
    }
}
