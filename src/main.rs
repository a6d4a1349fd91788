//! `follicle`: the command line, and with no subcommand the desktop app.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use follicle::cli::{Cli, run};

fn main() -> ExitCode {
    // A bug must still end in one readable line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        eprintln!("follicle: internal error: {message}");
    }));
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,wgpu=warn,naga=warn"),
    )
    .init();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let result = match cli.command {
        Some(command) => run(command),
        None => open_app(cli.file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("follicle: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// Help and version go to stdout; a usage mistake becomes one line on stderr.
fn usage_error(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        print!("{e}");
        return ExitCode::SUCCESS;
    }
    let text = e.to_string();
    let line: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("For more information") && !l.starts_with("Usage:")
        })
        .collect();
    let line = line.join(" ");
    eprintln!(
        "follicle: {} (see follicle --help)",
        line.trim_start_matches("error: ")
    );
    ExitCode::from(2)
}

/// The error and its causes on one line.
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    follicle::engine::error::short_numbers(&parts.join(": ").replace('\n', " "))
}

#[cfg(feature = "gui")]
fn open_app(file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    follicle::app::run(file)
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("this build has no desktop app; see `follicle --help` for the command line")
}
