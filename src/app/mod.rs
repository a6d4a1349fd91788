//! The desktop app (eframe/egui): a consultation from photo to exported mock-up.
//!
//! `app.rs` runs the frame: it takes in what the workers finished (`replies.rs`) and what the user
//! did, draws the panels (`ui/`, the canvas in `canvas/`) over the [`state`], then runs the
//! commands sent during the frame (`command_handling.rs`, with the document's life in
//! `lifecycle.rs`). Slow work runs in `background.rs`, which knows nothing of the app.

#[allow(clippy::module_inception)]
mod app;
mod background;
mod canvas;
pub mod command;
mod command_handling;
pub mod dialogs;
pub mod document;
mod lifecycle;
mod replies;
pub mod state;
mod ui;

pub use app::{FollicleApp, Options};

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
