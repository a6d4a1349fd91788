//! The desktop app (eframe/egui).

/// Opens the desktop app, with `file` if given.
pub fn run(_file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!("the desktop app is not built yet")
}
