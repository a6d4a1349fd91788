//! The sheet's font and how wide text set in it is: the layout measures with it, the PDF embeds
//! it, so lines wrap where the PDF sets them.

use ab_glyph::{Font, FontRef};

/// The font of the sheet: Ubuntu Light, bundled with the program (the same face as exported
/// mock-ups' captions), embedded in the PDF subset to the glyphs used.
pub const FONT: &[u8] = epaint_default_fonts::UBUNTU_LIGHT;

/// The sheet's font, used to measure text as the PDF will set it.
pub struct Measure {
    font: Option<FontRef<'static>>,
}

impl Measure {
    pub fn new() -> Self {
        Measure {
            font: FontRef::try_from_slice(FONT).ok(),
        }
    }

    /// Width of `text` at `size` points (advances and kerning, as the PDF sets it).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Some(font) = &self.font else {
            // Only a damaged build gets here; the PDF step then fails with a message.
            return text.chars().count() as f32 * size * 0.5;
        };
        let em = font.units_per_em().unwrap_or(1000.0);
        let mut units = 0.0;
        let mut previous = None;
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = previous {
                units += font.kern_unscaled(p, id);
            }
            units += font.h_advance_unscaled(id);
            previous = Some(id);
        }
        units / em * size
    }

    /// True if the font has a glyph for every character of `text`.
    #[cfg(test)]
    pub fn covers(&self, text: &str) -> bool {
        self.font.as_ref().is_some_and(|f| {
            text.chars()
                .filter(|c| !c.is_whitespace())
                .all(|c| f.glyph_id(c).0 != 0)
        })
    }

    /// `text` broken into lines no wider than `width` (words longer than a line are split).
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = word.to_string();
                while self.width(&line, size) > width && line.chars().count() > 1 {
                    let (head, tail) = self.split_to_fit(&line, size, width);
                    lines.push(head);
                    line = tail;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// The longest start of `word` that fits in `width` (at least one character) and the rest.
    fn split_to_fit(&self, word: &str, size: f32, width: f32) -> (String, String) {
        let chars: Vec<char> = word.chars().collect();
        let mut n = chars.len() - 1;
        while n > 1 && self.width(&chars[..n].iter().collect::<String>(), size) > width {
            n -= 1;
        }
        (chars[..n].iter().collect(), chars[n..].iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_the_width() {
        let m = Measure::new();
        let text = "Session 1 is the lightest shade and sparse; session 2 fills the gaps.";
        let lines = m.wrap(text, 10.0, 120.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| m.width(l, 10.0) <= 120.0));
        assert_eq!(lines.join(" "), text);
        // A word longer than the line is split rather than overflowing.
        let long = m.wrap("Pneumonoultramicroscopicsilicovolcanoconiosis", 10.0, 60.0);
        assert!(long.len() > 1 && long.iter().all(|l| m.width(l, 10.0) <= 60.0));
    }

    #[test]
    fn the_font_has_the_sheets_symbols() {
        assert!(Measure::new().covers("— – · ² × ≈ • 0.30 mm 8:1 «»"));
    }
}
