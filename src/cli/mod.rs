//! The `follicle` command line: `new`, `add-view`, `render`, `info`, `presets`, or a file to open
//! in the desktop app. Each subcommand turns its options into calls on the engine and prints or
//! writes what it returns.

mod args;
mod info;
mod new;
mod render;

use anyhow::Result;

pub use args::{AddViewArgs, Cli, Command, LayerArgs, Mode, NewArgs, RenderArgs};

/// Runs a subcommand.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::New(args) => new::new(&args),
        Command::AddView(args) => new::add_view(&args),
        Command::Render(args) => render::render(&args),
        Command::Info { project } => info::info(&project),
        Command::Presets => info::list_presets(),
    }
}
