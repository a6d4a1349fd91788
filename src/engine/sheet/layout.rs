//! Page layout of the consultation sheet: text flowed down A4 pages, wrapped and broken between
//! pages, and simple tables. It produces [`Mark`]s in points (1/72 inch, origin at the top left)
//! and never touches the PDF itself, so the layout can be checked without one (and the footer can
//! say "page 2 of 3" because every page is known before anything is written).

use super::measure::Measure;

/// A4 portrait, points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// Left and right margin, points.
pub const MARGIN: f32 = 50.0;
const TOP: f32 = 48.0;
/// Content stops here; the footer lives below.
pub const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 62.0;
/// Width of the text column.
pub const COLUMN: f32 = PAGE_WIDTH - 2.0 * MARGIN;

/// Colours, sRGB: dark ink on white paper, one muted accent, the disclaimer's red-brown.
pub type Colour = [u8; 3];
pub const INK: Colour = [33, 33, 33];
pub const MUTED: Colour = [98, 98, 98];
pub const ACCENT: Colour = [28, 86, 96];
pub const RULE: Colour = [196, 196, 190];
pub const TINT: Colour = [238, 240, 238];
pub const WARNING: Colour = [120, 42, 36];

/// One thing drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// `text` on one line with its baseline at `y`; `bold` is drawn as text filled and thinly
    /// outlined (the bundled font has no bold face).
    Text {
        x: f32,
        y: f32,
        size: f32,
        colour: Colour,
        bold: bool,
        text: String,
    },
    Line {
        from: [f32; 2],
        to: [f32; 2],
        width: f32,
        colour: Colour,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        colour: Colour,
    },
    /// Picture number `index` of the sheet's pictures, filling the box.
    Image {
        index: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A text style: size, line height, colour and weight.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub size: f32,
    pub leading: f32,
    pub colour: Colour,
    pub bold: bool,
}

pub const TITLE: Style = Style {
    size: 22.0,
    leading: 28.0,
    colour: INK,
    bold: true,
};
pub const HEADING: Style = Style {
    size: 13.5,
    leading: 18.0,
    colour: ACCENT,
    bold: true,
};
pub const SUBHEADING: Style = Style {
    size: 10.5,
    leading: 14.0,
    colour: INK,
    bold: true,
};
pub const BODY: Style = Style {
    size: 9.5,
    leading: 13.0,
    colour: INK,
    bold: false,
};
pub const SMALL: Style = Style {
    size: 8.0,
    leading: 10.5,
    colour: MUTED,
    bold: false,
};
pub const CELL: Style = Style {
    size: 8.3,
    leading: 10.8,
    colour: INK,
    bold: false,
};
pub const CELL_HEAD: Style = Style {
    size: 7.6,
    leading: 9.8,
    colour: MUTED,
    bold: true,
};

/// How a table column aligns its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its heading, share of the column width and alignment.
pub struct Column {
    pub heading: &'static str,
    pub share: f32,
    pub align: Align,
}

const CELL_PAD: f32 = 4.0;

/// Pages being filled from the top down.
pub struct Flow {
    pub measure: Measure,
    pub pages: Vec<Vec<Mark>>,
    /// Where the next thing goes, points from the top of the current page.
    pub y: f32,
}

impl Flow {
    pub fn new() -> Self {
        Flow {
            measure: Measure::new(),
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    /// Space left on the current page.
    pub fn room(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn keep(&mut self, height: f32) {
        if height > self.room() && self.y > TOP {
            self.new_page();
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y += height;
    }

    pub fn mark(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    /// One line of text at `x` on the baseline `y` of the current page.
    pub fn text_at(&mut self, x: f32, y: f32, style: Style, text: &str) {
        self.mark(Mark::Text {
            x,
            y,
            size: style.size,
            colour: style.colour,
            bold: style.bold,
            text: text.to_string(),
        });
    }

    /// Height that `text` wrapped in `width` takes.
    pub fn height_of(&self, text: &str, style: Style, width: f32) -> f32 {
        self.measure.wrap(text, style.size, width).len() as f32 * style.leading
    }

    /// A wrapped paragraph at `x` (from the left margin), `width` wide; lines that do not fit go
    /// on the next page.
    pub fn paragraph_at(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in self.measure.wrap(text, style.size, width) {
            self.keep(style.leading);
            let baseline = self.y + style.leading * 0.78;
            self.text_at(MARGIN + x, baseline, style, &line);
            self.y += style.leading;
        }
    }

    pub fn paragraph(&mut self, style: Style, text: &str) {
        self.paragraph_at(0.0, COLUMN, style, text);
    }

    /// A bulleted paragraph.
    pub fn bullet(&mut self, style: Style, text: &str) {
        self.keep(style.leading);
        let baseline = self.y + style.leading * 0.78;
        self.text_at(MARGIN + 2.0, baseline, style, "•");
        self.paragraph_at(11.0, COLUMN - 11.0, style, text);
    }

    /// A section heading with a rule under it, kept with at least `follow` points of what comes
    /// after it.
    pub fn heading(&mut self, text: &str, follow: f32) {
        self.keep(HEADING.leading + 10.0 + follow);
        if self.y > TOP {
            self.gap(10.0);
        }
        let baseline = self.y + HEADING.leading * 0.8;
        self.text_at(MARGIN, baseline, HEADING, text);
        self.y += HEADING.leading + 2.0;
        self.mark(Mark::Line {
            from: [MARGIN, self.y],
            to: [MARGIN + COLUMN, self.y],
            width: 0.6,
            colour: ACCENT,
        });
        self.y += 8.0;
    }

    /// A table the width of the column. Rows too long for the page continue on the next one,
    /// under the headings again.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let total: f32 = columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let widths: Vec<f32> = columns.iter().map(|c| c.share / total * COLUMN).collect();
        let headings: Vec<String> = columns.iter().map(|c| c.heading.to_string()).collect();
        let head_height = self.row_height(&headings, &widths, CELL_HEAD);
        let first = rows
            .first()
            .map_or(0.0, |r| self.row_height(r, &widths, CELL));
        self.keep(head_height + first);
        self.table_row(columns, &widths, &headings, CELL_HEAD, Some(TINT));
        for row in rows {
            let height = self.row_height(row, &widths, CELL);
            if height > self.room() {
                self.new_page();
                self.table_row(columns, &widths, &headings, CELL_HEAD, Some(TINT));
            }
            self.table_row(columns, &widths, row, CELL, None);
        }
    }

    fn row_height(&self, cells: &[String], widths: &[f32], style: Style) -> f32 {
        let lines = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| self.measure.wrap(c, style.size, w - 2.0 * CELL_PAD).len())
            .max()
            .unwrap_or(1);
        lines as f32 * style.leading + 2.0 * CELL_PAD
    }

    fn table_row(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        cells: &[String],
        style: Style,
        fill: Option<Colour>,
    ) {
        let height = self.row_height(cells, widths, style);
        if let Some(colour) = fill {
            self.mark(Mark::Rect {
                x: MARGIN,
                y: self.y,
                w: COLUMN,
                h: height,
                colour,
            });
        }
        let mut x = MARGIN;
        for ((cell, width), column) in cells.iter().zip(widths).zip(columns) {
            let inner = width - 2.0 * CELL_PAD;
            let lines = self.measure.wrap(cell, style.size, inner);
            for (k, line) in lines.iter().enumerate() {
                let baseline = self.y + CELL_PAD + style.leading * (k as f32 + 0.78);
                let left = match column.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + width - CELL_PAD - self.measure.width(line, style.size),
                };
                self.text_at(left, baseline, style, line);
            }
            x += width;
        }
        self.y += height;
        self.mark(Mark::Line {
            from: [MARGIN, self.y],
            to: [MARGIN + COLUMN, self.y],
            width: 0.4,
            colour: RULE,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flowing_text_breaks_pages_and_stays_above_the_footer() {
        let mut flow = Flow::new();
        for k in 0..120 {
            flow.paragraph(BODY, &format!("Line {k} of a long note."));
        }
        assert!(flow.pages.len() >= 2);
        for page in &flow.pages {
            for mark in page {
                if let Mark::Text { y, .. } = mark {
                    assert!(*y <= CONTENT_BOTTOM, "{y}");
                }
            }
        }
    }
}
