//! Native file dialogs behind a small trait: the only place that calls rfd.
//!
//! Dialogs open on a worker thread so the window never freezes; the chosen path comes back through
//! a channel. Tests replace the picker with a scripted one (`testing::ScriptedPicker`).

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use crate::engine::export::Format;

/// What a dialog is for; it sets the title, filters and default name.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    OpenPhoto,
    OpenProject,
    LocatePhoto,
    /// A photo of the same client to add as another view.
    AddViewPhoto,
    SaveProject {
        suggested: String,
        /// The folder to start in (the project's, or its client's).
        folder: Option<PathBuf>,
    },
    Export {
        suggested: String,
        format: Format,
    },
}

impl Purpose {
    pub fn title(&self) -> &'static str {
        match self {
            Purpose::OpenPhoto => "Open a client photo",
            Purpose::OpenProject => "Open a project",
            Purpose::LocatePhoto => "Locate the project's photo",
            Purpose::AddViewPhoto => "Add another photo of this client",
            Purpose::SaveProject { .. } => "Save the project",
            Purpose::Export { .. } => "Export the mock-up",
        }
    }
}

/// How a file dialog ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Chosen(PathBuf),
    Cancelled,
    /// The dialog could not open (on Linux: no file-chooser portal and no zenity), and why.
    Unavailable(String),
}

/// The answer to the request with this purpose.
pub type Picked = (Purpose, Answer);

/// A dialog that closes sooner than this without a file most likely never opened: nobody reads a
/// file dialog and cancels it that fast.
const AT_ONCE: std::time::Duration = std::time::Duration::from_millis(250);

/// Why native file dialogs cannot open here, if that can be told before trying: on Linux and the
/// BSDs rfd needs the desktop's file-chooser portal (over the D-Bus session bus) or zenity.
fn known_unavailable() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join("zenity").is_file()));
    (!bus && !zenity).then(|| {
        "there is no desktop file-chooser portal (no D-Bus session) and no zenity".to_string()
    })
}

/// Opens file dialogs.
pub trait FilePicker: Send {
    /// Shows a dialog for `purpose` and sends the answer on `reply` when the user is done; must not
    /// block the caller.
    fn pick(&self, purpose: Purpose, reply: Sender<Picked>, repaint: egui::Context);
}

/// The system's native dialogs.
pub struct NativePicker;

impl FilePicker for NativePicker {
    fn pick(&self, purpose: Purpose, reply: Sender<Picked>, repaint: egui::Context) {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(purpose.title());
        dialog = match &purpose {
            Purpose::OpenPhoto | Purpose::LocatePhoto | Purpose::AddViewPhoto => {
                dialog.add_filter("Photos", &["jpg", "jpeg", "png", "webp", "heic", "heif"])
            }
            Purpose::OpenProject => dialog.add_filter(
                "Follicle projects and mock-ups",
                &["ron", "follicle", "png"],
            ),
            Purpose::SaveProject { suggested, folder } => {
                let dialog = dialog
                    .add_filter("Follicle project", &["ron"])
                    .set_file_name(suggested);
                match folder {
                    Some(folder) => dialog.set_directory(folder),
                    None => dialog,
                }
            }
            Purpose::Export { suggested, format } => match format {
                Format::Png => dialog.add_filter("PNG image", &["png"]),
                Format::Jpeg => dialog.add_filter("JPEG image", &["jpg", "jpeg"]),
                Format::Pdf => dialog.add_filter("PDF document", &["pdf"]),
            }
            .set_file_name(suggested),
        };
        let saving = matches!(
            purpose,
            Purpose::SaveProject { .. } | Purpose::Export { .. }
        );
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                let answer = if let Some(why) = known_unavailable() {
                    Answer::Unavailable(why)
                } else {
                    let started = std::time::Instant::now();
                    let chosen = if saving {
                        pollster_block(dialog.save_file())
                    } else {
                        pollster_block(dialog.pick_file())
                    };
                    match chosen {
                        Some(h) => Answer::Chosen(h.path().to_path_buf()),
                        None if started.elapsed() < AT_ONCE => Answer::Unavailable(
                            "the file dialog closed at once (is a file-chooser portal or zenity \
                             installed?)"
                                .into(),
                        ),
                        None => Answer::Cancelled,
                    }
                };
                let _ = reply.send((purpose, answer));
                repaint.request_repaint();
            });
        if let Err(e) = spawned {
            log::error!("could not open a file dialog: {e}");
        }
    }
}

/// Runs a dialog future to completion on this (worker) thread.
fn pollster_block<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(std::sync::Arc::new(ThreadWaker(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(v) => return v,
            Poll::Pending => std::thread::park(),
        }
    }
}
