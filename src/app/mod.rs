//! The desktop app (eframe/egui): a consultation from photo to exported mock-up.

mod actions;
mod canvas;
pub mod command;
mod consult;
pub mod dialogs;
pub mod document;
mod jobs;
mod panels;
mod shell;

pub use shell::{FollicleApp, Options};

/// Opens the desktop app, with `file` (photo, project or exported mock-up) if given.
pub fn run(file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Follicle")
        .with_app_id("app.follicle.Follicle")
        .with_inner_size([1200.0, 720.0])
        .with_min_inner_size([900.0, 560.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "Follicle",
        options,
        Box::new(move |cc| {
            Ok(Box::new(FollicleApp::new(
                cc,
                Options {
                    file,
                    picker: Box::new(dialogs::NativePicker),
                    presets_dir: None,
                },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
