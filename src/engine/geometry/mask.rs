//! A coverage raster over the photo: what a layer's geometry becomes at render time.

/// A coverage raster in [0, 1] over the photo, `cell` photo pixels per cell.
#[derive(Clone, Debug)]
pub struct Mask {
    pub cols: usize,
    pub rows: usize,
    pub cell: f32,
    pub values: Vec<f32>,
}

impl Mask {
    /// A mask for a `width` × `height` photo with cells of `cell` pixels, filled with `value`.
    pub fn new(width: u32, height: u32, cell: f32, value: f32) -> Self {
        let cols = (width as f32 / cell).ceil() as usize + 1;
        let rows = (height as f32 / cell).ceil() as usize + 1;
        Mask {
            cols,
            rows,
            cell,
            values: vec![value; cols * rows],
        }
    }

    /// Bilinear sample at photo position (x, y); cell centres sit at integer multiples of `cell`.
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let fx = (x / self.cell).clamp(0.0, (self.cols - 1) as f32);
        let fy = (y / self.cell).clamp(0.0, (self.rows - 1) as f32);
        let (ix, iy) = (
            (fx as usize).min(self.cols - 2),
            (fy as usize).min(self.rows - 2),
        );
        let (tx, ty) = (fx - ix as f32, fy - iy as f32);
        let at = |cx: usize, cy: usize| self.values[cy * self.cols + cx];
        let top = at(ix, iy) * (1.0 - tx) + at(ix + 1, iy) * tx;
        let bottom = at(ix, iy + 1) * (1.0 - tx) + at(ix + 1, iy + 1) * tx;
        top * (1.0 - ty) + bottom * ty
    }

    /// Position of cell (cx, cy) in photo pixels.
    pub(super) fn centre(&self, cx: usize, cy: usize) -> (f32, f32) {
        (cx as f32 * self.cell, cy as f32 * self.cell)
    }
}

impl Mask {
    /// Multiplies this mask by `other` cell by cell (both made for the same photo and cell size).
    pub fn multiply(&mut self, other: &Mask) {
        if self.values.len() == other.values.len() {
            self.values
                .iter_mut()
                .zip(&other.values)
                .for_each(|(v, o)| *v *= o);
        }
    }

    /// Fraction of the mask's cells with coverage above one half.
    pub fn covered_fraction(&self) -> f32 {
        let n = self.values.iter().filter(|&&v| v > 0.5).count();
        n as f32 / self.values.len().max(1) as f32
    }
}
