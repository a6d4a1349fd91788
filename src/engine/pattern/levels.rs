//! Progressive blue noise by dart throwing with a slowly shrinking radius.
//!
//! After McCool & Fiume (1992): points are placed level by level; at level ℓ a new point must keep
//! the distance r_ℓ = r₀·qˡ from every earlier point, so every prefix of the order (all points up to
//! some level) is a near-maximal Poisson-disk set. Thresholding the order therefore gives an even,
//! irregular set at any density, and a lower density is always a subset of a higher one.
//!
//! Darts come from a dense random pool, visited in a fixed random order. A blocked candidate sleeps
//! until the level whose radius no longer reaches its nearest blocker, so each candidate is tested a
//! few times in all instead of once per level.

use crate::engine::rng::Stream;

/// The radius schedule, in mm.
#[derive(Clone, Debug)]
pub(crate) struct Levels {
    radius: Vec<f64>,
    radius_sq: Vec<f64>,
}

impl Levels {
    /// Radii from `r0` down to `r_min` (inclusive), shrinking by `q` per level.
    pub(crate) fn new(r0: f64, r_min: f64, q: f64) -> Self {
        let mut radius = vec![r0];
        let mut r = r0;
        while r > r_min {
            r *= q;
            radius.push(r);
        }
        let radius_sq = radius.iter().map(|r| r * r).collect();
        Levels { radius, radius_sq }
    }

    pub(crate) fn count(&self) -> usize {
        self.radius.len()
    }

    pub(crate) fn radius(&self, level: usize) -> f64 {
        self.radius[level]
    }

    /// The first level whose radius is at most `sqrt(dist_sq)`: the level from which two points at
    /// that distance no longer conflict. Exact comparisons only, so it is the same on every machine.
    fn first_free(&self, dist_sq: f64) -> usize {
        self.radius_sq.partition_point(|&r2| r2 > dist_sq)
    }
}

/// A point with the level at which it was placed (lower levels appear at lower densities).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Ranked {
    pub x: f64,
    pub y: f64,
    pub level: u16,
}

/// An axis-aligned rectangle in mm: `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub(crate) fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        Rect { x0, y0, x1, y1 }
    }

    pub(crate) fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }

    pub(crate) fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub(crate) fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    pub(crate) fn area(&self) -> f64 {
        self.width() * self.height()
    }
}

/// How the area to fill meets its surroundings.
pub(crate) enum Boundary<'a> {
    /// The rectangle wraps around (a torus): a tile that fits against copies of itself.
    Torus,
    /// The rectangle is surrounded by points already placed, which new points must respect.
    Fixed(&'a [Ranked]),
}

/// Uniform grid over the points placed so far, cell size `cell` mm.
struct Grid {
    origin_x: f64,
    origin_y: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    wrap: Option<(f64, f64)>,
    cells: Vec<Vec<u32>>,
    /// Cell offsets with the smallest distance between their cells, nearest first.
    offsets: Vec<(isize, isize, f64)>,
}

impl Grid {
    fn new(area: Rect, cell: f64, wrap: bool, reach: f64) -> Self {
        let cols = ((area.width() / cell).floor() as usize).max(1);
        let rows = ((area.height() / cell).floor() as usize).max(1);
        // On a torus the cells must tile the period exactly.
        let cell_x = if wrap {
            area.width() / cols as f64
        } else {
            cell
        };
        let cols = if wrap {
            cols
        } else {
            (area.width() / cell).ceil() as usize + 1
        };
        let rows = if wrap {
            rows
        } else {
            (area.height() / cell).ceil() as usize + 1
        };
        Grid {
            origin_x: area.x0,
            origin_y: area.y0,
            cell: cell_x,
            cols,
            rows,
            wrap: wrap.then(|| (area.width(), area.height())),
            cells: vec![Vec::new(); cols * rows],
            offsets: ring_offsets(cell_x, reach),
        }
    }

    fn cell_of(&self, x: f64, y: f64) -> (isize, isize) {
        (
            ((x - self.origin_x) / self.cell).floor() as isize,
            ((y - self.origin_y) / self.cell).floor() as isize,
        )
    }

    fn insert(&mut self, x: f64, y: f64, id: u32) {
        let (cx, cy) = self.cell_of(x, y);
        if let Some(index) = self.index(cx, cy) {
            self.cells[index].push(id);
        }
    }

    fn index(&self, cx: isize, cy: isize) -> Option<usize> {
        let (cols, rows) = (self.cols as isize, self.rows as isize);
        let (cx, cy) = if self.wrap.is_some() {
            (cx.rem_euclid(cols), cy.rem_euclid(rows))
        } else {
            (cx, cy)
        };
        (cx >= 0 && cy >= 0 && cx < cols && cy < rows).then(|| (cy * cols + cx) as usize)
    }

    /// Squared distance, wrapped on a torus.
    fn dist_sq(&self, ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
        let (mut dx, mut dy) = ((ax - bx).abs(), (ay - by).abs());
        if let Some((w, h)) = self.wrap {
            dx = dx.min(w - dx);
            dy = dy.min(h - dy);
        }
        dx * dx + dy * dy
    }
}

/// Cell offsets within `reach`, with the smallest possible distance between points of the two cells,
/// sorted nearest first (ties in a fixed order).
fn ring_offsets(cell: f64, reach: f64) -> Vec<(isize, isize, f64)> {
    let n = (reach / cell).ceil() as isize + 1;
    let mut out = Vec::new();
    for dy in -n..=n {
        for dx in -n..=n {
            let gx = (dx.abs() - 1).max(0) as f64;
            let gy = (dy.abs() - 1).max(0) as f64;
            out.push((dx, dy, cell * (gx * gx + gy * gy).sqrt()));
        }
    }
    out.sort_by(|a, b| a.2.total_cmp(&b.2).then((a.1, a.0).cmp(&(b.1, b.0))));
    out
}

/// Fills `area` with ranked points.
///
/// `pool_per_mm2` candidates per mm² are drawn over `area` grown by `margin`; the result holds, for
/// every level, a near-maximal set at that level's radius that keeps its distance from every fixed
/// neighbour (at the later of the two levels). New points in the margin fill the gaps that the
/// neighbours leave at their cut edge.
///
/// `proposals` are points offered first, each from its own level on (in a random order among
/// themselves): a zone that replaces parts of existing sets keeps whichever of their points still
/// fit, so it looks like them instead of like a fresh fill squeezed between them.
///
/// `earliest(x, y)` is the first level at which a candidate at (x, y) may be placed (a proposal
/// from the later of that and its own level; `levels.count()` or more: never). It shapes a zone
/// that is not a rectangle: an interior variant fills its patch's rectangle minus the junction
/// squares at its corners.
#[allow(clippy::too_many_arguments)]
pub(crate) fn fill(
    area: Rect,
    margin: f64,
    boundary: Boundary<'_>,
    proposals: &[Ranked],
    earliest: &dyn Fn(f64, f64) -> usize,
    levels: &Levels,
    pool_per_mm2: f64,
    stream: &mut Stream,
) -> Vec<Ranked> {
    let r0 = levels.radius(0);
    let r_min = levels.radius(levels.count() - 1);
    let (wrap, fixed) = match boundary {
        Boundary::Torus => (true, &[][..]),
        Boundary::Fixed(points) => (false, points),
    };
    let area = if wrap {
        area
    } else {
        Rect::new(
            area.x0 - margin,
            area.y0 - margin,
            area.x1 + margin,
            area.y1 + margin,
        )
    };
    let grid_area = if wrap {
        area
    } else {
        Rect::new(area.x0 - r0, area.y0 - r0, area.x1 + r0, area.y1 + r0)
    };
    let mut grid = Grid::new(grid_area, (r_min * 1.5).max(r0 / 8.0), wrap, r0);

    let mut placed: Vec<Ranked> = Vec::new();
    for p in fixed {
        if grid_area.contains(p.x, p.y) {
            grid.insert(p.x, p.y, placed.len() as u32);
            placed.push(*p);
        }
    }
    let fixed_count = placed.len();

    let n = (pool_per_mm2 * area.area()).round() as usize;
    let darts = (0..n).map(|_| {
        let x = area.x0 + stream.unit() * area.width();
        let y = area.y0 + stream.unit() * area.height();
        (x, y)
    });
    let mut offered: Vec<Ranked> = proposals
        .iter()
        .copied()
        .filter(|p| area.contains(p.x, p.y) && usize::from(p.level) < levels.count())
        .collect();
    // Proposals take the lowest ids, so they are tried before the darts of their level.
    let mut candidates: Vec<(f64, f64)> = offered.iter().map(|p| (p.x, p.y)).collect();
    candidates.extend(darts);
    for k in (1..offered.len()).rev() {
        let other = (stream.next_u64() % (k as u64 + 1)) as usize;
        offered.swap(k, other);
        candidates.swap(k, other);
    }

    let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); levels.count()];
    for (id, &(x, y)) in candidates.iter().enumerate() {
        let own = offered.get(id).map_or(0, |p| usize::from(p.level));
        if let Some(bucket) = buckets.get_mut(own.max(earliest(x, y))) {
            bucket.push(id as u32);
        }
    }
    for level in 0..levels.count() {
        let mut queue = std::mem::take(&mut buckets[level]);
        // Visit candidates in pool order: the pool is random, so this is a random order that does
        // not depend on when each candidate was woken.
        queue.sort_unstable();
        let r = levels.radius(level);
        for id in queue {
            let (x, y) = candidates[id as usize];
            match first_free_level(&grid, &placed, levels, level, r, x, y) {
                None => {
                    grid.insert(x, y, placed.len() as u32);
                    placed.push(Ranked {
                        x,
                        y,
                        level: level as u16,
                    });
                }
                Some(wake) => {
                    if wake < levels.count() {
                        buckets[wake].push(id);
                    }
                }
            }
        }
    }
    placed.drain(..fixed_count);
    placed
}

/// None if a point at (x, y) may be placed at `level`; otherwise a level before which it certainly
/// cannot be (the nearest blocker found first no longer reaches it there). Cells are visited nearest
/// first and the search stops at the first blocker: most darts are blocked by a close neighbour.
fn first_free_level(
    grid: &Grid,
    placed: &[Ranked],
    levels: &Levels,
    level: usize,
    r: f64,
    x: f64,
    y: f64,
) -> Option<usize> {
    let (cx, cy) = grid.cell_of(x, y);
    for &(dx, dy, gap) in &grid.offsets {
        if gap >= r {
            break;
        }
        let Some(index) = grid.index(cx + dx, cy + dy) else {
            continue;
        };
        for &pid in &grid.cells[index] {
            let p = placed[pid as usize];
            let d2 = grid.dist_sq(x, y, p.x, p.y);
            // The later of the two levels sets the distance the pair must keep.
            if d2 < levels.radius_sq[level.max(p.level as usize)] {
                return Some(levels.first_free(d2));
            }
        }
    }
    None
}
