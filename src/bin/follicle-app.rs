//! Follicle's desktop app started from a desktop shortcut: the same app as `follicle FILE`, built
//! without a console window on Windows (the `follicle` binary keeps its console for the command
//! line).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    let file = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    match follicle::app::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("follicle: {e}");
            ExitCode::FAILURE
        }
    }
}
