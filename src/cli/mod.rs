//! The `follicle` command line: `new`, `add-view`, `render`, `info`, `presets`, or a file to open
//! in the desktop app. Each subcommand turns its options into calls on the engine and prints or
//! writes what it returns.

mod args;
mod face;
mod info;
mod new;
mod render;

use anyhow::Result;

use crate::engine::error::Error;

pub use args::{AddViewArgs, Cli, Command, FaceArgs, LayerArgs, Mode, NewArgs, RenderArgs};

/// Runs a subcommand.
pub fn run(command: Command) -> Result<()> {
    run_command(command).map_err(with_advice)
}

fn run_command(command: Command) -> Result<()> {
    match command {
        Command::New(args) => new::new(&args),
        Command::AddView(args) => new::add_view(&args),
        Command::Render(args) => render::render(&args),
        Command::Info { project } => info::info(&project),
        Command::Presets => info::list_presets(),
    }
}

/// An engine error with the option that gets past it: a file that appeared while it was being
/// written new can still be replaced on purpose.
fn with_advice(e: anyhow::Error) -> anyhow::Error {
    match e.downcast_ref::<Error>() {
        Some(Error::Exists { path }) => anyhow::anyhow!(
            "{}: already exists (use --force to overwrite)",
            path.display()
        ),
        _ => e,
    }
}
