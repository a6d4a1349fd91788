//! What the sheet says: the client, the design per layer, the sessions, the healing and the
//! aftercare, as `pdftotext` reads them.

use std::path::PathBuf;

use follicle::engine::optics::apparent_spot_mm;
use follicle::engine::pigment::format_dilution;
use follicle::engine::project::{Layer, ScalpView};
use follicle::engine::sheet::{INTERVAL, needle_label, thousands};

use super::common::poppler;
use super::common::snapshot;
use super::{CLIENT, DATE, DPI, consultation, counts, top_half_project, written};

#[test]
fn the_sheet_is_three_a4_pages_each_with_the_note_and_its_footer() {
    let (project, photos) = consultation();
    let (dir, pdf) = written(&project, &photos, "test-consultation.pdf");
    let bytes = std::fs::read(&pdf).expect("read the sheet");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    eprintln!("sheet: {} bytes", bytes.len());
    assert!(bytes.len() < 1_500_000, "{} bytes", bytes.len());
    let names: Vec<PathBuf> = snapshot(dir.path()).into_keys().collect();
    assert_eq!(
        names,
        [PathBuf::from("plan.pdf")],
        "a temporary file was left"
    );

    let text = poppler::text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|t| !t.trim().is_empty())
        .collect();
    assert_eq!(
        pages.len(),
        3,
        "pictures; design, sessions and healing; notes:\n{text}"
    );
    for (k, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Simulation — results vary"),
            "page {} lacks the note",
            k + 1
        );
        let footer = format!("{CLIENT} · {DATE} · page {} of 3", k + 1);
        assert!(page.contains(&footer), "page {} lacks {footer:?}", k + 1);
    }
    assert!(pages[0].contains("Before") && pages[0].contains("After — healed, after all 3"));
    let pages_dir = tempfile::tempdir().expect("temp dir");
    let raster = poppler::rasterise(&pdf, DPI, pages_dir.path());
    assert_eq!(raster.len(), 3);
    for page in &raster {
        let (w, h) = page.dimensions();
        assert!(
            w.abs_diff(413) <= 1 && h.abs_diff(585) <= 1,
            "not A4: {w} × {h}"
        );
    }
}

#[test]
fn the_sheet_names_the_client_and_says_what_to_expect() {
    let (project, photos) = consultation();
    let (_dir, pdf) = written(&project, &photos, "test-consultation.pdf");
    let text = poppler::text(&pdf);
    let header = text.lines().find(|l| l.contains("Client")).expect("header");
    assert_eq!(
        poppler::flat(header),
        format!("Client {CLIENT} Date {DATE}")
    );
    let fill_in = text
        .lines()
        .find(|l| l.contains("Practitioner"))
        .expect("header");
    assert_eq!(
        poppler::flat(fill_in),
        "Practitioner Clinic",
        "lines to write on"
    );
    let flat = poppler::flat(&poppler::reading_text(&pdf));
    for wanted in [
        "Follicle — consultation plan",
        // DOMAIN: sessions 7–30 days apart.
        &format!("Sessions are usually {INTERVAL}"),
        // DOMAIN: the hairline is measured on the client; it can be lowered later, never raised.
        "hairline height: measure on the client",
        "lowered and darkened later, never raised",
        "strip scar (FUT) about 3.0 mm wide",
        // DOMAIN's healing timeline and ageing.
        "Darker and larger than they will be",
        "Flaking as the skin heals",
        "2–3 shades lighter than fresh",
        "Over 3–5 years the dots fade, faster with sun exposure",
        "Aftercare",
        "Client signature",
        "Practitioner signature",
    ] {
        assert!(flat.contains(wanted), "the sheet lacks {wanted:?}:\n{flat}");
    }
    let stages = ["Days 0–2", "Days 3–5", "About day 7", "Healed"];
    assert!(
        text.lines().any(|l| stages.iter().all(|s| l.contains(s))),
        "the timeline"
    );
    assert!(
        INTERVAL.contains("7–30 days"),
        "DOMAIN: sessions 7–30 days apart"
    );
}

#[test]
fn every_layer_has_its_row_with_the_projects_figures() {
    let (project, photos) = consultation();
    let (_dir, pdf) = written(&project, &photos, "test-consultation.pdf");
    let text = poppler::text(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // Every layer has its table row with the figures the project holds.
    let lines: Vec<&str> = pages[1].lines().collect();
    // A view's table follows its name, under the design's heading.
    let design = lines
        .iter()
        .position(|l| l.trim() == "The design")
        .expect("the design");
    let section = |view: &ScalpView| {
        design
            + lines[design..]
                .iter()
                .position(|l| l.trim() == view.name)
                .unwrap_or_else(|| panic!("no design for {}", view.name))
    };
    for (i, view) in project.views.iter().enumerate() {
        let dots = counts(&project, &photos, i);
        for (layer, dots) in view.layers.iter().zip(&dots) {
            let row = lines[section(view)..]
                .iter()
                .find(|l| l.trim_start().starts_with(&format!("{} ", layer.name)))
                .unwrap_or_else(|| panic!("no row for {:?}:\n{}", layer.name, pages[1]));
            let figures = [
                layer.session.to_string(),
                format!("{:.0}", layer.density),
                needle_label(layer.shape.needle, layer.dot_mm),
                format_dilution(layer.dilution),
                format!(
                    "{:.2} mm",
                    apparent_spot_mm(layer.shape.needle, layer.dot_mm)
                ),
                thousands(*dots),
            ];
            assert!(
                poppler::flat(row).ends_with(&figures.join(" ")),
                "{row}\n{figures:?}"
            );
            assert!(*dots > 0, "{} places no dots", layer.name);
        }
    }
    // The presets' figures, as a practitioner reads them.
    assert!(
        pages[1].contains("1RL 0.30 mm") && pages[1].contains("6:1"),
        "soft hairline"
    );
    assert!(
        pages[1].contains("10.8:1"),
        "density session 1 is a third lighter"
    );
}

#[test]
fn every_session_has_its_zones_shades_and_dots() {
    let (project, photos) = consultation();
    let (_dir, pdf) = written(&project, &photos, "test-consultation.pdf");
    // Each session, in order, with when, its zones and shades, and its dots per view.
    let headings = [
        "Session",
        "When",
        "What it does",
        "Zones and shades",
        "Expected dots",
    ];
    let rows: Vec<Vec<String>> = poppler::table(&poppler::words(&pdf)[1], &headings)
        .into_iter()
        .filter(|r| r[0].starts_with("Session "))
        .collect();
    let numbers: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["Session 1", "Session 2", "Session 3"], "{rows:?}");
    for (row, n) in rows.iter().zip(1u32..) {
        let when = if n == 1 {
            "First appointment"
        } else {
            "7–30 days after the previous session"
        };
        assert!(row[1].contains(when), "session {n}: {row:?}");
        let mut zones = Vec::new();
        let mut dots_per_view = Vec::new();
        for (i, view) in project.views.iter().enumerate() {
            let dots = counts(&project, &photos, i);
            let layers: Vec<&Layer> = view.layers.iter().filter(|l| l.session == n).collect();
            if layers.is_empty() {
                continue;
            }
            let shades: Vec<String> = layers
                .iter()
                .map(|l| format!("{} {}", l.name, format_dilution(l.dilution)))
                .collect();
            zones.push(format!("{}: {}", view.name, shades.join(", ")));
            let sum: usize = (0..view.layers.len())
                .filter(|&k| view.layers[k].session == n)
                .map(|k| dots[k])
                .sum();
            dots_per_view.push(format!("{} {}", view.name, thousands(sum)));
        }
        assert_eq!(row[3], zones.join(" "), "session {n}");
        assert_eq!(row[4], dots_per_view.join(" "), "session {n}");
    }
}

#[test]
fn blank_fields_and_hidden_layers_stay_off_the_sheet() {
    let (mut project, photos) = top_half_project();
    let mut hidden = Layer::whole("Try-out zone", 8);
    hidden.visible = false;
    hidden.session = 4;
    project.views[0].layers.push(hidden);
    let (_dir, pdf) = written(&project, &photos, "test-blank.pdf");
    let text = poppler::text(&pdf);
    assert!(
        !text.contains("Try-out"),
        "a hidden layer is listed:\n{text}"
    );
    assert!(
        !text.contains("Session 4"),
        "a hidden layer's session is listed:\n{text}"
    );
    let flat = poppler::flat(&poppler::reading_text(&pdf));
    assert!(
        flat.contains("Session 1") && flat.contains("The whole design in one session"),
        "{flat}"
    );
    // One session: the picture says healed, not "after all N sessions".
    assert!(
        text.contains("After — healed") && !text.contains("after all"),
        "{text}"
    );
    // No client: the header leaves lines to write on, the footer has the title and page only.
    let header = text.lines().find(|l| l.contains("Client")).expect("header");
    assert_eq!(poppler::flat(header), "Client Date", "{header}");
    assert!(
        text.contains("Follicle consultation plan · page 1 of"),
        "{text}"
    );
}
