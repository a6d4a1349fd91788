//! `render`: a project or exported mock-up to PNG, through the engine's export plan.

use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};

use super::args::{RenderArgs, refuse_existing};
use crate::engine::export::{ExportOptions, ExportPlan};
use crate::engine::open::open_consultation;

pub(super) fn render(args: &RenderArgs) -> Result<()> {
    let mut project = open_consultation(&args.project)?;
    if let Some(stage) = args.stage {
        project.stage = stage;
    }
    if let Some(session) = args.session {
        let last = project.last_session();
        if !(1..=last).contains(&session) {
            bail!(
                "--session {session}: {} plans {last} session{}",
                args.project.display(),
                if last == 1 { "" } else { "s" }
            );
        }
        project.session = Some(session);
    }
    if let Some(key) = &args.view {
        project.current = project.find_view(key).with_context(|| {
            let names: Vec<&str> = project.views.iter().map(|v| v.name.as_str()).collect();
            format!(
                "{}: has no view \"{}\" (its views: {})",
                args.project.display(),
                key.trim(),
                names.join(", ")
            )
        })?;
    }
    let options = ExportOptions {
        layout: args.layout,
        max_side: args.max_side,
        caption: !args.plain,
        disclaimer: true,
    };
    let mut plan =
        ExportPlan::new(project, &args.output, options, args.all_views).protect(&args.project);
    if !args.force {
        // Checked again as each file is written: a file another run writes meanwhile is
        // refused, not replaced.
        plan = plan.only_new();
    }
    // A view on a reduced photo copy, or a photo that cannot be read, is said before any
    // question of replacing files.
    plan.check(&[])?;
    for out in plan.outputs() {
        refuse_existing(out, args.force)?;
    }
    plan.run(&[], &mut |_, _| {}, &AtomicBool::new(false))?;
    Ok(())
}
