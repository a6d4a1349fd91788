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
//! * interior: the rest, taken from the patch's template.
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

use super::levels::{Boundary, Levels, Ranked, Rect, fill};
use rayon::prelude::*;

use crate::engine::rng::{Stream, hash};

/// Number of templates (patch colours).
pub(crate) const COLOURS: usize = 3;

/// A regenerated zone's points.
pub(crate) type Zone = Vec<Ranked>;

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
    /// Template interiors, patch-local.
    pub interiors: Vec<Vec<Ranked>>,
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
                v.sort_by(|a, b| a.y.total_cmp(&b.y));
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
        // One calibration for all zones, measured on the average patch (an interior, a vertical and
        // a horizontal seam, a junction, each weighted by how often [`colour`] uses it): seams hold
        // slightly fewer early points, and a shared calibration keeps the overall density exact
        // without pulling later levels into the seams.
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

/// The fixed points around a zone to regenerate, and the points proposed for it.
struct Neighbours {
    area: Rect,
    reach: f64,
    points: Vec<Ranked>,
    proposals: Vec<Ranked>,
}

impl Neighbours {
    fn new(area: Rect, reach: f64) -> Self {
        Neighbours {
            area,
            reach,
            points: Vec::new(),
            proposals: Vec::new(),
        }
    }

    /// Proposes the points of a template that fall in the zone, shifted by `offset` and mapped:
    /// the zone keeps those that fit beside its other neighbours.
    fn propose(&mut self, template: &[Ranked], offset: (f64, f64), map: impl Fn(Ranked) -> Ranked) {
        let a = self.area;
        self.proposals.extend(
            template
                .iter()
                .map(|p| {
                    map(Ranked {
                        x: p.x + offset.0,
                        y: p.y + offset.1,
                        level: p.level,
                    })
                })
                .filter(|q| a.contains(q.x, q.y)),
        );
    }

    /// Adds the points of `source` that lie within reach, shifted by `offset` and then mapped.
    fn add(&mut self, source: &[Ranked], offset: (f64, f64), map: impl Fn(Ranked) -> Ranked) {
        let a = self.area;
        let r = self.reach;
        for p in source {
            let q = map(Ranked {
                x: p.x + offset.0,
                y: p.y + offset.1,
                level: p.level,
            });
            if q.x >= a.x0 - r && q.x < a.x1 + r && q.y >= a.y0 - r && q.y < a.y1 + r {
                self.points.push(q);
            }
        }
    }

    fn fill(self, levels: &Levels, margin: f64, pool: f64, stream: &mut Stream) -> Zone {
        fill(
            self.area,
            margin,
            Boundary::Fixed(&self.points),
            &self.proposals,
            levels,
            pool,
            stream,
        )
    }
}

/// True if (x, y), patch-local, lies in the patch interior (neither seam nor junction).
fn in_interior(x: f64, y: f64, s: f64, w: f64, j: f64) -> bool {
    let near_x = x < j || x >= s - j;
    let near_y = y < j || y >= s - j;
    x >= w && x < s - w && y >= w && y < s - w && !(near_x && near_y)
}
