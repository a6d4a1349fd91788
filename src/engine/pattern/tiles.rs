//! An aperiodic tiling of the plane with ranked blue noise.
//!
//! Generating a progressive blue-noise set is far too slow to do for a whole photo on every seed, and
//! repeating one tile makes a visible lattice. So the plane is cut into square patches whose interiors
//! are taken from a few toroidal templates, chosen per patch by a hash of its position (never a
//! period). Between two patches a seam band is regenerated so that it respects both neighbours, and
//! where four patches meet a junction square is regenerated around the seams. Seams depend only on
//! the two colours beside them and junctions on the four around them, so all of them are made once
//! and reused: the cost does not grow with the photo. They are in fact made only once for all seeds
//! (see `library.rs`); a seed chooses the colouring.
//!
//! Zones of a patch spanning `[0, S)²` (patch-local mm):
//! * junction: within `J` of a corner along both axes (the square `[-J, J)²` around each lattice vertex);
//! * seam: within `W` of an edge, outside the junctions;
//! * interior: the rest, from the patch's template: the points it keeps near the frame and one of its
//!   variants (below).
//!
//! A regenerated zone keeps its distance from all its neighbours' points. It is first offered the
//! points its neighbours' templates have there, each at its own level, and keeps those that fit:
//! filled from scratch between two fixed sets, a seam at low densities became a line of dots with
//! empty strips on both sides (22 % sparse at 15 dots/cm²); with the offers it is about 5 % sparse
//! and looks like its neighbours. Darts then fill what is left, and the zone's margin lets them fill
//! the gaps at the neighbours' cut edges.
//!
//! `2W ≥ r₀` keeps the interiors of two neighbours from ever conflicting across a seam, and
//! `J − W − 2M ≥ r₀` (M: the refill margin) keeps a horizontal and a vertical seam apart.
//!
//! With only the templates, every interior recurs wherever its template does, at whole-patch
//! shifts: a 300 mm render correlated with itself at 0.43 at such a shift. So most of each
//! interior varies per patch. The seams and junctions were generated against the whole template,
//! but they only rely on the template points near the *frame* (the strips and corner squares where
//! seams and junctions place points): a point farther from the frame than its level's radius never
//! blocked any of them. A template keeps the points within `RING` radii of the frame, the same in
//! every patch, and the rest of its interior comes in `VARIANTS` versions, each refilled by darts
//! that keep their distance from the kept points and from *every* seam and junction that can
//! border a patch of that colour (whatever the neighbours' colours). A patch picks its variant by a
//! hash of its position; any variant fits any neighbours, so seams and junctions stay k² and k⁴.
//! Refilling right up to the frame would leave a few holes there (the union of all possible seams
//! is denser than the actual one), keeping a full radius would keep a wider band alike: `RING`
//! trades the two (see its figures). The autocorrelation peak of a 300 mm render fell to 0.16–0.18
//! at 30 dots/cm² (seeds 1–4; 0.22 the worst of 16) and 0.12–0.13 at 250
//! (`no_visible_repeat_over_a_whole_scalp`).

use super::levels::{Boundary, Levels, Ranked, Rect, fill};
use super::zones::{Neighbours, Zone, in_interior, most_typical, sort_by_level};
use rayon::prelude::*;

use crate::engine::rng::{Stream, hash};

/// Number of templates (patch colours).
pub(crate) const COLOURS: usize = 3;
/// Interior variants per template: a patch's variable part matches another's with probability
/// 1 / (COLOURS · VARIANTS). Each costs about 9 KB of asset (805 KB in all). Peaks of the
/// autocorrelation at 30 dots/cm² over 4 seeds (see `no_visible_repeat_over_a_whole_scalp`), with
/// `RING` 0.5: 0.18–0.21 with 8 variants, 0.15–0.18 with 16.
pub(crate) const VARIANTS: usize = 24;
/// Variants drafted per template, of which the `VARIANTS` with the most typical dot counts are kept.
const VARIANT_DRAFTS: usize = 2 * VARIANTS;
/// A template point stays in every variant if it lies within this many of its level's radii of the
/// frame (see [`Geometry::frame_distance`]). With 8 variants: 1 keeps every point a seam or
/// junction may have relied on (holes as without variants, peaks 0.21–0.25 at 30 dots/cm²), 0 keeps
/// none (peaks 0.14–0.16, but 4.6 times the holes at 15 dots/cm²). With 24 variants, 0.75 gave peaks
/// of 0.17–0.23 over 16 seeds and 0.6 gives 0.15–0.22, with 1.9 times the holes at 15 dots/cm² and
/// 4 times at 20 (still 0.12 % and 0.05 % of the area; as before from 30 up).
const RING: f64 = 0.6;

/// Geometry and content of a tiling (the library's, built from one fixed seed).
pub(crate) struct TileSet {
    pub seed: u64,
    pub size: f64,
    pub seam: f64,
    pub junction: f64,
    /// How far a regenerated zone may reach into its neighbours to refill what it evicted.
    pub margin: f64,
    pub levels: Levels,
    /// Points per mm² with level ≤ ℓ over the whole tiling.
    pub cumulative_density: Vec<f64>,
    /// Template interiors, patch-local: the points every variant keeps (near the frame).
    pub interiors: Vec<Vec<Ranked>>,
    /// The rest of each template's interior, `VARIANTS` ways, at `colour * VARIANTS + variant`.
    pub variants: Vec<Zone>,
    /// Vertical seams between a left colour `a` and a right colour `b`, at `a * COLOURS + b`;
    /// origin at the top end of the shared edge.
    pub vertical: Vec<Zone>,
    /// Horizontal seams between an upper colour `a` and a lower colour `c`, at `a * COLOURS + c`;
    /// origin at the left end of the shared edge.
    pub horizontal: Vec<Zone>,
    /// Junctions by (top-left, top-right, bottom-left, bottom-right) colours, see [`junction_index`];
    /// origin at the vertex.
    pub junctions: Vec<Zone>,
}

/// The patch colour at lattice position (i, j).
///
/// Each row is cut into runs of three patches (the runs start at a random phase per row) and every
/// run holds each template once, in a random order: the templates' slightly different dot counts
/// then cancel over every three patches instead of adding up as a random walk.
pub(crate) fn colour(seed: u64, i: i64, j: i64) -> usize {
    const _: () = assert!(
        COLOURS == 3,
        "the runs below are written for three templates"
    );
    const ORDERS: [[u8; 3]; 6] = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let phase = (hash(&[seed, 0xC0_1005, j as u64]) % 3) as i64;
    let (run, place) = ((i + phase).div_euclid(3), (i + phase).rem_euclid(3));
    let order = hash(&[seed, 0xC0_1006, run as u64, j as u64]) % 6;
    usize::from(ORDERS[order as usize][place as usize])
}

/// How often [`colour`] gives colours `a`, `b` to two neighbours in a row: a third of the
/// neighbours straddle two runs (any pair), the others lie in one run (never the same colour).
fn row_pair_weight(a: usize, b: usize) -> f64 {
    let k = COLOURS as f64;
    let across = 1.0 / (k * k);
    let within = if a == b { 0.0 } else { 1.0 / (k * (k - 1.0)) };
    (across + 2.0 * within) / 3.0
}

/// Index of the junction with the given corner colours.
pub(crate) fn junction_index(tl: usize, tr: usize, bl: usize, br: usize) -> usize {
    ((tl * COLOURS + tr) * COLOURS + bl) * COLOURS + br
}

/// The tiling's dimensions in mm, all derived from the radius schedule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Geometry {
    pub size: f64,
    pub seam: f64,
    pub junction: f64,
    pub margin: f64,
}

impl Geometry {
    /// Distance from patch-local (x, y) to the frame: the strips along the edges and the squares
    /// at the corners where seams and junctions (with their refill margins) can place points.
    pub(crate) fn frame_distance(&self, x: f64, y: f64) -> f64 {
        let (u, v) = (x.min(self.size - x), y.min(self.size - y));
        let edge = u.min(v) - (self.seam + self.margin);
        let corner = self.junction + self.margin;
        let (du, dv) = ((u - corner).max(0.0), (v - corner).max(0.0));
        edge.min((du * du + dv * dv).sqrt())
    }

    /// True if an interior point stays in every variant of its template: it is near enough to the
    /// frame that seams and junctions may have been placed around it.
    pub(crate) fn is_fixed(&self, p: &Ranked, levels: &Levels) -> bool {
        self.frame_distance(p.x, p.y) < RING * levels.radius(usize::from(p.level))
    }

    pub(crate) fn for_levels(levels: &Levels) -> Self {
        let r0 = levels.radius(0);
        let seam = r0 * 0.5 + 0.05;
        let margin = levels.radius(levels.count() - 1);
        let junction = seam + 2.0 * margin + r0 + 0.05;
        let size = (junction * 2.0 + 8.0 * r0).max(20.0);
        Geometry {
            size,
            seam,
            junction,
            margin,
        }
    }
}

impl TileSet {
    /// Builds the tiling for `seed` with radii from `levels`.
    pub(crate) fn build(seed: u64, levels: Levels, pool_per_mm2: f64) -> Self {
        let Geometry {
            size,
            seam,
            junction,
            margin,
        } = Geometry::for_levels(&levels);
        // Every zone draws from its own stream, so zones can be built in parallel and still come
        // out the same on every machine.
        let stream =
            |kind: u64, index: usize| Stream::new(seed, hash(&[0x7E4D_1A7E, kind, index as u64]));

        // Templates: toroidal, so no edge effects bias the measured densities.
        let full = Rect::new(0.0, 0.0, size, size);
        let templates: Vec<Vec<Ranked>> = (0..COLOURS)
            .into_par_iter()
            .map(|c| {
                fill(
                    full,
                    0.0,
                    Boundary::Torus,
                    &[],
                    &|_, _| 0,
                    &levels,
                    pool_per_mm2,
                    &mut stream(1, c),
                )
            })
            .collect();
        let interiors = templates
            .iter()
            .map(|t| {
                let mut v: Vec<Ranked> = t
                    .iter()
                    .copied()
                    .filter(|p| in_interior(p.x, p.y, size, seam, junction))
                    .collect();
                sort_by_level(&mut v);
                v
            })
            .collect();

        let mut set = TileSet {
            seed,
            size,
            seam,
            junction,
            margin,
            levels,
            cumulative_density: Vec::new(),
            interiors,
            variants: Vec::new(),
            vertical: Vec::new(),
            horizontal: Vec::new(),
            junctions: Vec::new(),
        };
        let seams: Vec<Zone> = (0..2 * COLOURS * COLOURS)
            .into_par_iter()
            .map(|n| {
                let (vertical, ab) = (n < COLOURS * COLOURS, n % (COLOURS * COLOURS));
                set.make_seam(
                    &templates,
                    ab / COLOURS,
                    ab % COLOURS,
                    vertical,
                    pool_per_mm2,
                    &mut stream(2, n),
                )
            })
            .collect();
        let (vertical, horizontal) = seams.split_at(COLOURS * COLOURS);
        set.vertical = vertical.to_vec();
        set.horizontal = horizontal.to_vec();
        let k = COLOURS;
        set.junctions = (0..k.pow(4))
            .into_par_iter()
            .map(|q| {
                let corners = [q / (k * k * k) % k, q / (k * k) % k, q / k % k, q % k];
                set.make_junction(&templates, corners, pool_per_mm2, &mut stream(3, q))
            })
            .collect();
        let drafts: Vec<Zone> = (0..k * VARIANT_DRAFTS)
            .into_par_iter()
            .map(|n| set.make_variant(n / VARIANT_DRAFTS, pool_per_mm2, &mut stream(4, n)))
            .collect();
        set.variants = drafts
            .chunks(VARIANT_DRAFTS)
            .flat_map(|drafts| most_typical(drafts, VARIANTS, set.levels.count()))
            .collect();
        let geometry = set.geometry();
        for interior in &mut set.interiors {
            interior.retain(|p| geometry.is_fixed(p, &set.levels));
        }
        set.calibrate();
        set
    }

    /// The tiling's dimensions.
    pub(crate) fn geometry(&self) -> Geometry {
        Geometry {
            size: self.size,
            seam: self.seam,
            junction: self.junction,
            margin: self.margin,
        }
    }

    /// Sets `cumulative_density` from the zones' points.
    pub(crate) fn calibrate(&mut self) {
        // One calibration for all zones, measured on the average patch (an interior's kept points
        // and its variants, a vertical and a horizontal seam, a junction, each weighted by how
        // often [`colour`] and the variant hash use it): seams hold slightly fewer early points,
        // and a shared calibration keeps the overall density exact without pulling later levels
        // into the seams.
        let k = COLOURS;
        let mut per_level = vec![0.0f64; self.levels.count()];
        let mut add = |zone: &Zone, weight: f64| {
            for p in zone {
                if let Some(c) = per_level.get_mut(usize::from(p.level)) {
                    *c += weight;
                }
            }
        };
        for zone in &self.interiors {
            add(zone, 1.0 / k as f64);
        }
        for zone in &self.variants {
            add(zone, 1.0 / (k * VARIANTS) as f64);
        }
        for (n, zone) in self.vertical.iter().enumerate() {
            add(zone, row_pair_weight(n / k, n % k));
        }
        for zone in &self.horizontal {
            add(zone, 1.0 / (k * k) as f64);
        }
        for (q, zone) in self.junctions.iter().enumerate() {
            let [tl, tr, bl, br] = [q / (k * k * k) % k, q / (k * k) % k, q / k % k, q % k];
            add(zone, row_pair_weight(tl, tr) * row_pair_weight(bl, br));
        }
        let mut running = 0.0;
        let area = self.size * self.size;
        self.cumulative_density = per_level
            .iter()
            .map(|c| {
                running += c;
                running / area
            })
            .collect();
    }

    fn make_seam(
        &self,
        templates: &[Vec<Ranked>],
        a: usize,
        b: usize,
        vertical: bool,
        pool: f64,
        stream: &mut Stream,
    ) -> Zone {
        let (s, w, j) = (self.size, self.seam, self.junction);
        // Work in a frame where the seam runs along x = 0 from y = j to y = s - j; swap axes for a
        // horizontal seam so one code path serves both.
        let flip = |p: Ranked| {
            if vertical {
                p
            } else {
                Ranked {
                    x: p.y,
                    y: p.x,
                    level: p.level,
                }
            }
        };
        let before = if vertical { (-s, 0.0) } else { (0.0, -s) };
        let mut near = Neighbours::new(
            Rect::new(-w, j, w, s - j),
            self.levels.radius(0) + self.margin,
        );
        near.add(&self.interiors[a], before, flip);
        near.add(&self.interiors[b], (0.0, 0.0), flip);
        near.propose(&templates[a], before, flip);
        near.propose(&templates[b], (0.0, 0.0), flip);
        let mut zone = near.fill(&self.levels, self.margin, pool, stream);
        zone.iter_mut().for_each(|p| *p = flip(*p));
        zone
    }

    /// One variant of template `c`'s interior: everything but the points that stay
    /// ([`Geometry::is_fixed`]), refilled by darts that keep their distance from those and from
    /// every seam and junction that can border a patch of colour `c`, whatever its neighbours.
    fn make_variant(&self, c: usize, pool: f64, stream: &mut Stream) -> Zone {
        let (s, w, j) = (self.size, self.seam, self.junction);
        let k = COLOURS;
        let geometry = self.geometry();
        let area = Rect::new(w, w, s - w, s - w);
        let reach = self.levels.radius(0);
        let near = |p: &Ranked| {
            p.x >= area.x0 - reach
                && p.x < area.x1 + reach
                && p.y >= area.y0 - reach
                && p.y < area.y1 + reach
        };
        let mut fixed: Vec<Ranked> = self.interiors[c]
            .iter()
            .copied()
            .filter(|p| geometry.is_fixed(p, &self.levels))
            .collect();
        let mut add = |zone: &Zone, (ox, oy): (f64, f64)| {
            fixed.extend(
                zone.iter()
                    .map(|p| Ranked {
                        x: p.x + ox,
                        y: p.y + oy,
                        level: p.level,
                    })
                    .filter(near),
            );
        };
        for a in 0..k {
            add(&self.vertical[a * k + c], (0.0, 0.0));
            add(&self.vertical[c * k + a], (s, 0.0));
            add(&self.horizontal[a * k + c], (0.0, 0.0));
            add(&self.horizontal[c * k + a], (0.0, s));
            for b in 0..k {
                for d in 0..k {
                    add(&self.junctions[junction_index(a, b, d, c)], (0.0, 0.0));
                    add(&self.junctions[junction_index(a, b, c, d)], (s, 0.0));
                    add(&self.junctions[junction_index(a, c, b, d)], (0.0, s));
                    add(&self.junctions[junction_index(c, a, b, d)], (s, s));
                }
            }
        }
        let never = self.levels.count();
        let earliest = |x: f64, y: f64| {
            if in_interior(x, y, s, w, j) { 0 } else { never }
        };
        let mut zone = fill(
            area,
            0.0,
            Boundary::Fixed(&fixed),
            &[],
            &earliest,
            &self.levels,
            pool,
            stream,
        );
        sort_by_level(&mut zone);
        zone
    }

    fn make_junction(
        &self,
        templates: &[Vec<Ranked>],
        corners: [usize; 4],
        pool: f64,
        stream: &mut Stream,
    ) -> Zone {
        let (s, j) = (self.size, self.junction);
        let [tl, tr, bl, br] = corners;
        let id = |p: Ranked| p;
        let mut near =
            Neighbours::new(Rect::new(-j, -j, j, j), self.levels.radius(0) + self.margin);
        near.add(&self.interiors[tl], (-s, -s), id);
        near.add(&self.interiors[tr], (0.0, -s), id);
        near.add(&self.interiors[bl], (-s, 0.0), id);
        near.add(&self.interiors[br], (0.0, 0.0), id);
        near.add(&self.vertical[tl * COLOURS + tr], (0.0, -s), id);
        near.add(&self.vertical[bl * COLOURS + br], (0.0, 0.0), id);
        near.add(&self.horizontal[tl * COLOURS + bl], (-s, 0.0), id);
        near.add(&self.horizontal[tr * COLOURS + br], (0.0, 0.0), id);
        near.propose(&templates[tl], (-s, -s), id);
        near.propose(&templates[tr], (0.0, -s), id);
        near.propose(&templates[bl], (-s, 0.0), id);
        near.propose(&templates[br], (0.0, 0.0), id);
        near.fill(&self.levels, self.margin, pool, stream)
    }
}
