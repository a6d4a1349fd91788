//! What the consultation sheet says, section by section, laid out on a [`Flow`].

use crate::engine::export::DISCLAIMER;
use crate::engine::project::Project;

use super::layout::{
    ACCENT, Align, BODY, CELL, COLUMN, Column, Flow, MARGIN, MUTED, Mark, RULE, SMALL, SUBHEADING,
    Style, TINT, TITLE,
};
use super::plan::{INTERVAL, Session, ViewPlan, thousands};

/// The sheet's title.
pub const TITLE_TEXT: &str = "Follicle — consultation plan";

/// Pixel size of one view's before and after pictures (both the same size).
#[derive(Clone, Copy, Debug)]
pub struct PictureSize {
    pub width: u32,
    pub height: u32,
}

/// The title, the client and the date, and what the sheet is.
pub fn header(flow: &mut Flow, project: &Project) {
    let baseline = flow.y + TITLE.leading * 0.8;
    flow.text_at(MARGIN, baseline, TITLE, TITLE_TEXT);
    flow.gap(TITLE.leading + 6.0);
    let name = project.client.name.trim();
    let date = project.client.date.trim();
    let label = Style {
        colour: MUTED,
        ..BODY
    };
    let value = Style {
        size: 11.5,
        bold: true,
        ..BODY
    };
    // The project names no practitioner or clinic: a line to write them on, like any field the
    // project leaves blank.
    let fields = [
        [(0.0, "Client", name), (300.0, "Date", date)],
        [(0.0, "Practitioner", ""), (300.0, "Clinic", "")],
    ];
    for row in fields {
        let baseline = flow.y + 12.0;
        for (x, caption, text) in row {
            flow.text_at(MARGIN + x, baseline, label, caption);
            let left = MARGIN + x + 62.0;
            if text.is_empty() {
                // To the next field, or to the right margin.
                let right = if x == 0.0 {
                    MARGIN + 280.0
                } else {
                    MARGIN + COLUMN
                };
                flow.mark(Mark::Line {
                    from: [left, baseline + 2.0],
                    to: [right, baseline + 2.0],
                    width: 0.5,
                    colour: RULE,
                });
            } else {
                flow.text_at(left, baseline, value, text);
            }
        }
        flow.gap(22.0);
    }
    flow.gap(4.0);
    let note = format!(
        "{DISCLAIMER}. The pictures are a computer simulation of scalp micropigmentation (SMP) on \
         the client's own photos: a preview to discuss, not a promise of the result."
    );
    let height = flow.height_of(&note, BODY, COLUMN - 20.0) + 14.0;
    flow.mark(Mark::Rect {
        x: MARGIN,
        y: flow.y,
        w: COLUMN,
        h: height,
        colour: TINT,
    });
    flow.mark(Mark::Rect {
        x: MARGIN,
        y: flow.y,
        w: 3.0,
        h: height,
        colour: ACCENT,
    });
    flow.gap(7.0);
    flow.paragraph_at(12.0, COLUMN - 20.0, BODY, &note);
    flow.gap(7.0);
}

/// Each view's before and after, side by side. Pictures `2k` and `2k + 1` are view `k`'s.
pub fn pictures(flow: &mut Flow, plans: &[ViewPlan], sizes: &[PictureSize], sessions: u32) {
    const GAP: f32 = 12.0;
    const MAX_HEIGHT: f32 = 290.0;
    let after = if sessions > 1 {
        format!("After — healed, after all {sessions} sessions")
    } else {
        "After — healed".to_string()
    };
    for (k, (plan, size)) in plans.iter().zip(sizes).enumerate() {
        let half = (COLUMN - GAP) / 2.0;
        let aspect = size.height.max(1) as f32 / size.width.max(1) as f32;
        let (w, h) = if half * aspect > MAX_HEIGHT {
            (MAX_HEIGHT / aspect, MAX_HEIGHT)
        } else {
            (half, half * aspect)
        };
        let block = SUBHEADING.leading + 4.0 + h + 4.0 + SMALL.leading + 12.0;
        if k == 0 {
            flow.heading("Before and after", block);
        } else {
            flow.keep(block);
        }
        let baseline = flow.y + SUBHEADING.leading * 0.8;
        flow.text_at(MARGIN, baseline, SUBHEADING, &plan.name);
        flow.gap(SUBHEADING.leading + 4.0);
        for (side, caption) in [(0usize, "Before"), (1, after.as_str())] {
            let x = MARGIN + side as f32 * (half + GAP) + (half - w) / 2.0;
            flow.mark(Mark::Image {
                index: 2 * k + side,
                x,
                y: flow.y,
                w,
                h,
            });
            flow.text_at(x, flow.y + h + 4.0 + SMALL.leading * 0.8, SMALL, caption);
        }
        flow.gap(h + 4.0 + SMALL.leading + 12.0);
    }
}

/// The design of every view in practitioner terms, a table per view.
pub fn design(flow: &mut Flow, plans: &[ViewPlan]) {
    flow.heading("The design", 80.0);
    flow.paragraph(
        SMALL,
        "Density: needle impressions per cm². Needle: configuration and diameter. Shade: water : \
         pigment (more water is lighter). Dot size: how wide a healed dot looks on the skin (the \
         deposit itself is about half the needle). Dots: impressions expected in the area of the \
         photo.",
    );
    flow.gap(6.0);
    let columns = [
        col("Zone", 2.5, Align::Left),
        col("Kind", 1.6, Align::Left),
        col("Session", 0.9, Align::Right),
        col("Density /cm²", 1.1, Align::Right),
        col("Needle", 1.35, Align::Left),
        col("Shade", 0.8, Align::Right),
        col("Dot size", 1.05, Align::Right),
        col("Dots", 1.0, Align::Right),
    ];
    for plan in plans {
        flow.keep(SUBHEADING.leading + 60.0);
        flow.gap(4.0);
        let baseline = flow.y + SUBHEADING.leading * 0.8;
        flow.text_at(MARGIN, baseline, SUBHEADING, &plan.name);
        if !plan.calibrated {
            let x = MARGIN + flow.measure.width(&plan.name, SUBHEADING.size) + 10.0;
            flow.text_at(
                x,
                baseline,
                SMALL,
                "scale of this photo estimated, not measured: dot counts are approximate",
            );
        }
        flow.gap(SUBHEADING.leading + 2.0);
        if plan.zones.is_empty() {
            flow.paragraph(BODY, "No zones designed on this view.");
            continue;
        }
        let rows: Vec<Vec<String>> = plan
            .zones
            .iter()
            .map(|z| {
                vec![
                    z.name.clone(),
                    z.kind.clone(),
                    z.session.to_string(),
                    z.density.clone(),
                    z.needle.clone(),
                    z.shade.clone(),
                    z.spot.clone(),
                    thousands(z.dots),
                ]
            })
            .collect();
        flow.table(&columns, &rows);
        flow.gap(5.0);
        for zone in &plan.zones {
            for note in &zone.notes {
                flow.bullet(CELL, &format!("{}: {note}", zone.name));
            }
        }
        flow.gap(6.0);
    }
}

fn col(heading: &'static str, share: f32, align: Align) -> Column {
    Column {
        heading,
        share,
        align,
    }
}

/// The sessions, when they happen, what each is for, the zones and shades it works on and the
/// dots it places.
pub fn sessions(flow: &mut Flow, sessions: &[Session]) {
    flow.heading("Sessions", 70.0);
    let columns = [
        col("Session", 0.8, Align::Left),
        col("When", 1.5, Align::Left),
        col("What it does", 1.9, Align::Left),
        col("Zones and shades", 2.3, Align::Left),
        col("Expected dots", 1.3, Align::Left),
    ];
    let rows: Vec<Vec<String>> = sessions
        .iter()
        .map(|s| {
            let zones: Vec<String> = s
                .views
                .iter()
                .map(|v| format!("{}: {}", v.view, v.zones.join(", ")))
                .collect();
            let dots: Vec<String> = s
                .views
                .iter()
                .map(|v| format!("{} {}", v.view, thousands(v.dots)))
                .collect();
            vec![
                format!("Session {}", s.number),
                s.when.clone(),
                s.focus.clone(),
                zones.join("\n"),
                dots.join("\n"),
            ]
        })
        .collect();
    flow.table(&columns, &rows);
    flow.gap(5.0);
    flow.paragraph(
        SMALL,
        &format!(
            "Sessions are usually {INTERVAL}; your practitioner sets the dates. Dots from different \
             sessions differ slightly, which looks natural. Dots are counted over each photo; views \
             overlap, so they are given per view and not added up."
        ),
    );
}

/// From fresh to healed, with the aftercare basics.
pub fn healing(flow: &mut Flow) {
    const STAGES: [(&str, &str, f32, u8); 4] = [
        (
            "Days 0–2",
            "Darker and larger than they will be: pigment at the surface, a little blood.",
            4.4,
            40,
        ),
        ("Days 3–5", "Flaking as the skin heals.", 3.8, 70),
        ("About day 7", "Settled: the flaking is over.", 3.2, 100),
        (
            "Healed",
            "2–3 shades lighter than fresh, with softer edges. Retention can be uneven across \
             the scalp; the next session fills the gaps.",
            2.7,
            125,
        ),
    ];
    let width = COLUMN / STAGES.len() as f32;
    let text_height = STAGES
        .iter()
        .map(|(_, t, _, _)| flow.height_of(t, BODY, width - 14.0))
        .fold(0.0, f32::max);
    flow.heading("Healing: from fresh to healed", 30.0 + text_height + 60.0);
    flow.paragraph(
        BODY,
        "The pictures show the healed result. Right after each session the dots look darker and \
         larger than that; they settle over the first week.",
    );
    flow.gap(6.0);
    let axis = flow.y + 8.0;
    flow.mark(Mark::Line {
        from: [MARGIN + 6.0, axis],
        to: [MARGIN + COLUMN - width + 6.0, axis],
        width: 0.8,
        colour: RULE,
    });
    for (k, (when, _, r, grey)) in STAGES.iter().enumerate() {
        let x = MARGIN + k as f32 * width;
        flow.mark(Mark::Circle {
            cx: x + 6.0,
            cy: axis,
            r: *r,
            colour: [*grey, *grey, grey.saturating_add(4)],
        });
        flow.text_at(x, axis + 22.0, SUBHEADING, when);
    }
    flow.gap(30.0);
    let top = flow.y;
    for (k, (_, what, _, _)) in STAGES.iter().enumerate() {
        flow.y = top;
        flow.paragraph_at(k as f32 * width, width - 14.0, BODY, what);
    }
    flow.y = top + text_height + 8.0;
    flow.paragraph(
        BODY,
        "Over 3–5 years the dots fade, faster with sun exposure.",
    );
    flow.gap(4.0);
    flow.paragraph(Style { bold: true, ..BODY }, "Aftercare");
    flow.paragraph(
        BODY,
        "Follow your practitioner's written instructions for the days after each session. Protect \
         the treated scalp from the sun to keep the result longer.",
    );
}

/// Ruled lines for notes, the price and next appointment to fill in, and the signatures.
pub fn notes_and_signatures(flow: &mut Flow, project: &Project) {
    const LINES: usize = 7;
    const PITCH: f32 = 21.0;
    let signatures = 96.0;
    flow.heading("Notes", LINES as f32 * PITCH + 30.0 + signatures);
    for (x, label) in [(0.0, "Price"), (COLUMN / 2.0 + 6.0, "Next appointment")] {
        let baseline = flow.y + 14.0;
        flow.text_at(MARGIN + x, baseline, SMALL, label);
        let left = MARGIN + x + flow.measure.width(label, SMALL.size) + 8.0;
        flow.mark(Mark::Line {
            from: [left, baseline + 1.5],
            to: [MARGIN + x + COLUMN / 2.0 - 6.0, baseline + 1.5],
            width: 0.5,
            colour: RULE,
        });
    }
    flow.gap(20.0);
    for _ in 0..LINES {
        flow.gap(PITCH);
        flow.mark(Mark::Line {
            from: [MARGIN, flow.y],
            to: [MARGIN + COLUMN, flow.y],
            width: 0.5,
            colour: RULE,
        });
    }
    flow.heading("Signatures", signatures - 30.0);
    flow.paragraph(
        BODY,
        "I have seen this simulation of my treatment and understand that it is a preview: real \
         results vary.",
    );
    let line_y = flow.y + 36.0;
    let width = (COLUMN - 2.0 * 18.0) / 3.0;
    let client = project.client.name.trim();
    let labels = [
        "Client signature".to_string(),
        "Practitioner signature".to_string(),
        "Date".to_string(),
    ];
    for (k, label) in labels.iter().enumerate() {
        let x = MARGIN + k as f32 * (width + 18.0);
        flow.mark(Mark::Line {
            from: [x, line_y],
            to: [x + width, line_y],
            width: 0.7,
            colour: MUTED,
        });
        flow.text_at(x, line_y + 11.0, SMALL, label);
        if k == 0 && !client.is_empty() {
            flow.text_at(x, line_y + 11.0 + SMALL.leading, SMALL, client);
        }
    }
    flow.y = line_y + 11.0 + 2.0 * SMALL.leading;
}
