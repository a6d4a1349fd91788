//! Reading PDFs back with poppler-utils (`pdftoppm`, `pdftotext`, `pdffonts`), to check what a
//! written PDF really shows. The tools are required: a missing one fails the test with the
//! package to install (`.ci/setup` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::RgbImage;

/// Runs poppler's `tool` with `args`, failing loudly if it is not installed or fails.
fn run(tool: &str, args: &[&std::ffi::OsStr]) -> Output {
    let out = match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: the PDF tests need poppler-utils \
             (apt-get install poppler-utils, or run .ci/setup)"
        ),
        Err(e) => panic!("cannot run `{tool}`: {e}"),
    };
    assert!(
        out.status.success(),
        "`{tool}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The pages of `pdf` rasterised at `dpi`, in order (written as PNGs into `dir`).
pub fn rasterise(pdf: &Path, dpi: u32, dir: &Path) -> Vec<RgbImage> {
    let prefix = dir.join("page");
    let dpi = dpi.to_string();
    run(
        "pdftoppm",
        &[
            "-r".as_ref(),
            dpi.as_ref(),
            "-png".as_ref(),
            pdf.as_os_str(),
            prefix.as_os_str(),
        ],
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list pages")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("page-") && n.ends_with(".png"))
        })
        .collect();
    // pdftoppm pads the page numbers, so names sort in page order.
    pages.sort();
    pages.iter().map(|p| super::read_png(p)).collect()
}

/// The text of `pdf` with its layout kept (table rows stay on one line), pages separated by
/// form feeds.
pub fn text(pdf: &Path) -> String {
    let out = run(
        "pdftotext",
        &[
            "-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// The text of `pdf` in reading order (columns and table cells one after the other), pages
/// separated by form feeds.
pub fn reading_text(pdf: &Path) -> String {
    let out = run(
        "pdftotext",
        &[
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// A word on a page as `pdftotext -bbox` places it, points from the top left.
#[derive(Clone, Debug)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub text: String,
}

/// The words of each page of `pdf`, in the order poppler reads them.
pub fn words(pdf: &Path) -> Vec<Vec<Word>> {
    let out = run(
        "pdftotext",
        &[
            "-bbox".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            pdf.as_os_str(),
            "-".as_ref(),
        ],
    );
    let html = String::from_utf8(out.stdout).expect("UTF-8 text");
    let attribute = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + line[start..].find('"').expect("closing quote");
        line[start..end].parse().expect("a number")
    };
    let mut pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        } else if line.starts_with("<word ") {
            let text = &line[line.find('>').expect("tag") + 1..line.rfind("</word>").expect("end")];
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            let page: &mut Vec<Word> = pages.last_mut().expect("a word outside a page");
            page.push(Word {
                x0: attribute(line, "xMin"),
                y0: attribute(line, "yMin"),
                text,
            });
        }
    }
    pages
}

/// The rows of the table on `page` whose heading line holds `headings`, left to right: a column
/// starts where its heading does, a row where a word starts in the first column, and a cell's
/// words (over as many lines as it wraps) are joined with spaces. The table ends where a line
/// starts at the margin, left of the cells.
pub fn table(page: &[Word], headings: &[&str]) -> Vec<Vec<String>> {
    // Each heading's first word, on one line with the others.
    let starts_of = |w: &Word| {
        headings
            .iter()
            .map(|h| {
                let first = h.split(' ').next().unwrap_or(h);
                page.iter()
                    .find(|o| (o.y0 - w.y0).abs() < 1.0 && o.text == first && o.x0 >= w.x0 - 0.5)
                    .map(|o| o.x0)
            })
            .collect::<Option<Vec<f64>>>()
    };
    let first = headings[0].split(' ').next().unwrap_or(headings[0]);
    let (top, starts) = page
        .iter()
        .filter(|w| w.text == first)
        .find_map(|w| starts_of(w).map(|s| (w.y0, s)))
        .unwrap_or_else(|| panic!("no table headed {headings:?}"));
    assert!(
        starts.windows(2).all(|p| p[0] < p[1]),
        "headings out of order: {starts:?}"
    );
    let column = |x: f64| starts.iter().rposition(|&s| x >= s - 2.0);
    // The table ends at the first line that starts left of its cells (text at the margin).
    let bottom = page
        .iter()
        .filter(|w| w.y0 > top + 1.0 && w.x0 < starts[0] - 2.0)
        .map(|w| w.y0)
        .fold(f64::INFINITY, f64::min);
    let below: Vec<&Word> = page
        .iter()
        .filter(|w| w.y0 > top + 1.0 && w.y0 < bottom - 1.0)
        .collect();
    let mut row_tops: Vec<f64> = below
        .iter()
        .filter(|w| column(w.x0) == Some(0) && w.x0 < starts[0] + 4.0)
        .map(|w| w.y0)
        .collect();
    row_tops.sort_by(f64::total_cmp);
    row_tops.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let mut rows = vec![vec![Vec::<&Word>::new(); starts.len()]; row_tops.len()];
    for w in below {
        let (Some(r), Some(c)) = (
            row_tops.iter().rposition(|&t| w.y0 >= t - 1.0),
            column(w.x0),
        ) else {
            continue;
        };
        rows[r][c].push(w);
    }
    rows.into_iter()
        .map(|cells| {
            cells
                .into_iter()
                .map(|mut words| {
                    words.sort_by(|a, b| {
                        (a.y0.round(), a.x0)
                            .partial_cmp(&(b.y0.round(), b.x0))
                            .expect("numbers")
                    });
                    words
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        })
        .collect()
}

/// `text` with every run of white space made one space, so that phrases wrapped over lines
/// can be found.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fonts of `pdf` as `pdffonts` lists them: (name, embedded).
pub fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    let out = run("pdffonts", &[pdf.as_os_str()]);
    let listing = String::from_utf8(out.stdout).expect("UTF-8 listing");
    listing
        .lines()
        .skip(2) // the headings and their underline
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            // name type… encoding emb sub uni object ID: "emb" is the fifth field from the end.
            let fields: Vec<&str> = l.split_whitespace().collect();
            assert!(fields.len() >= 6, "unexpected pdffonts line {l:?}");
            (fields[0].to_string(), fields[fields.len() - 5] == "yes")
        })
        .collect()
}

/// A rectangle of pixels: left, top, right, bottom (exclusive).
pub type Rect = [u32; 4];

fn is_ink(p: [u8; 3]) -> bool {
    // Paper, the sheet's pale tints and rules' anti-aliasing are lighter than this.
    (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3 < 232
}

/// The pictures on a rasterised page, top to bottom and left to right: blocks at least
/// `min_side` pixels tall and wide where most pixels are darker than paper (text lines, rules
/// and tinted boxes are too thin or too light to count).
pub fn pictures(page: &RgbImage, min_side: u32) -> Vec<Rect> {
    let (w, h) = page.dimensions();
    let halves = [(0, w / 2), (w / 2, w)];
    let mut found = Vec::new();
    for &(x0, x1) in &halves {
        let dense_row = |y: u32| {
            let ink = (x0..x1).filter(|&x| is_ink(page.get_pixel(x, y).0)).count() as u32;
            ink * 3 > (x1 - x0)
        };
        let mut y = 0;
        while y < h {
            if !dense_row(y) {
                y += 1;
                continue;
            }
            let top = y;
            while y < h && dense_row(y) {
                y += 1;
            }
            if y - top < min_side {
                continue;
            }
            // Columns that are ink in most rows of the band.
            let dense_col = |x: u32| {
                let ink = (top..y).filter(|&r| is_ink(page.get_pixel(x, r).0)).count() as u32;
                ink * 2 > (y - top)
            };
            let cols: Vec<u32> = (x0..x1).filter(|&x| dense_col(x)).collect();
            if let (Some(&left), Some(&right)) = (cols.first(), cols.last())
                && right + 1 - left >= min_side
            {
                found.push([left, top, right + 1, y]);
            }
        }
    }
    found.sort_by_key(|r| (r[1] / 4, r[0]));
    found
}

/// `rect` shrunk by `by` pixels on every side.
pub fn inset(rect: Rect, by: u32) -> Rect {
    [rect[0] + by, rect[1] + by, rect[2] - by, rect[3] - by]
}

/// The part of `rect` between the fractions `from` and `to` of its height.
pub fn band(rect: Rect, from: f64, to: f64) -> Rect {
    let h = f64::from(rect[3] - rect[1]);
    [
        rect[0],
        rect[1] + (h * from).round() as u32,
        rect[2],
        rect[1] + (h * to).round() as u32,
    ]
}

/// Mean grey level (mean of the channels) over `rect` of `page`.
pub fn grey(page: &RgbImage, rect: Rect) -> f64 {
    let [x0, y0, x1, y1] = rect;
    assert!(x1 > x0 && y1 > y0, "empty rectangle {rect:?}");
    let sum: f64 = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .map(|(x, y)| {
            page.get_pixel(x, y)
                .0
                .iter()
                .map(|&v| f64::from(v))
                .sum::<f64>()
        })
        .sum();
    sum / (3.0 * f64::from(x1 - x0) * f64::from(y1 - y0))
}
