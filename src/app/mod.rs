//! The desktop app (eframe/egui): a consultation from photo to exported mock-up.
//!
//! `app.rs` runs the frame: it takes in what the workers finished (`replies.rs`) and what the user
//! did, draws the panels (`ui/`, the canvas in `canvas/`) over the [`state`], then runs the
//! commands sent during the frame (`command_handling.rs`, with the document's life in
//! `lifecycle.rs`). Slow work runs in `background.rs`, which knows nothing of the app.

#[allow(clippy::module_inception)]
mod app;
mod autosave;
mod background;
mod canvas;
mod clock;
pub mod command;
mod command_handling;
pub mod dialogs;
pub mod document;
mod lifecycle;
mod recent;
mod recovery;
mod replies;
pub mod state;
mod ui;

pub use app::{FollicleApp, Options};
pub use autosave::{AutosaveOptions, Clock, INTERVAL as AUTOSAVE_INTERVAL};

/// The window's size when it is not maximised, the first time the app runs: it fits a
/// 1366 × 768 laptop screen with its title bar and a panel.
pub const FIRST_SIZE: [f32; 2] = [1280.0, 680.0];

/// How the window opens: maximised the first time, then as the user left it (eframe keeps
/// its size, place and maximised state with the app's settings).
pub fn native_options() -> eframe::NativeOptions {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Follicle")
        .with_app_id("app.follicle.Follicle")
        .with_inner_size(FIRST_SIZE)
        .with_maximized(true)
        .with_min_inner_size([900.0, 560.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    }
}

/// Opens the desktop app, with `file` (photo, project or exported mock-up) if given.
pub fn run(file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let options = native_options();
    // The remembered settings name client files: their folder is private when the app makes it.
    // eframe names that folder after the app id.
    if let Some(dir) = options
        .viewport
        .app_id
        .as_deref()
        .and_then(eframe::storage_dir)
    {
        let _ = crate::engine::folders::create_private_dir_all(&dir);
    }
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
                    consultations_dir: crate::engine::folders::consultations_dir(),
                    autosave: recovery::default_dir().map(AutosaveOptions::in_dir),
                },
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
