//! The app on eframe: each frame it takes in what the workers finished and what the user did,
//! draws the panels, then runs the commands sent during the frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use super::autosave::{Autosave, AutosaveOptions};
use super::background::Background;
use super::command::{Command, HOLD_COMPARE, shortcuts};
use super::dialogs::{Answer, FilePicker, Picked, Purpose};
use super::document::Document;
use super::state::{ExportChoices, Message, Missing, State};
use super::ui;
use crate::engine::files::remove_stale_temps;
use crate::engine::presets;

/// How the app starts.
pub struct Options {
    /// A photo, project or mock-up to open at once.
    pub file: Option<PathBuf>,
    pub picker: Box<dyn FilePicker>,
    /// Where the practitioner's presets are saved (None: the platform's settings folder).
    pub presets_dir: Option<PathBuf>,
    /// Where unsaved changes are autosaved, to be offered back after a crash (None: they are
    /// not; the desktop app uses the recovery folder beside its settings).
    pub autosave: Option<AutosaveOptions>,
    /// Where consultations never saved before are filed, in a folder per client (None: the save
    /// dialog starts where the system chooses).
    pub consultations_dir: Option<PathBuf>,
}

/// The desktop app: the state the panels edit, the workers, and the file dialogs.
pub struct FollicleApp {
    pub(super) state: State,
    pub(super) background: Background,
    /// Autosave and recovery (None: off).
    pub(super) autosave: Option<Autosave>,
    pub(super) picker: Box<dyn FilePicker>,
    /// See [`Options::consultations_dir`].
    pub(super) consultations: Option<PathBuf>,
    picks: (Sender<Picked>, Receiver<Picked>),
    /// Commands sent during this frame, run after the UI pass.
    sent: Vec<Command>,
    /// A project whose photo the user located, waiting for that photo to load.
    pub(super) locating: Option<Missing>,
    /// The window may close even with unsaved changes (the user said so).
    pub(super) allow_close: bool,
    title: String,
}

const RECENT_KEY: &str = "recent-projects";
const EXPORT_KEY: &str = "export-choices";

impl FollicleApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> Self {
        let presets_dir = options.presets_dir.or_else(presets::user_dir);
        let mut app = FollicleApp {
            state: State::new(Vec::new(), presets_dir),
            background: Background::start(&cc.egui_ctx),
            autosave: options
                .autosave
                .map(|autosave| Autosave::start(autosave, &cc.egui_ctx)),
            picker: options.picker,
            consultations: options.consultations_dir,
            picks: channel(),
            sent: Vec::new(),
            locating: None,
            allow_close: false,
            title: String::new(),
        };
        if let Some(dir) = app.state.presets.dir.clone() {
            let (user, problems) = presets::load_user(&dir);
            app.state.presets.user = user;
            if let Some(problem) = problems.first() {
                app.state
                    .fail(format!("A saved preset was skipped: {problem}"));
            }
        }
        if let Some(storage) = cc.storage {
            app.restore(storage);
        }
        app.remove_stale_temporaries();
        if let Some(file) = options.file {
            app.open(file);
        }
        app
    }

    /// Takes back what the app remembered from its last run: the recent projects and the export
    /// window's choices.
    pub fn restore(&mut self, storage: &dyn eframe::Storage) {
        if let Some(recent) = eframe::get_value::<Vec<PathBuf>>(storage, RECENT_KEY) {
            self.state.recent = recent;
        }
        if let Some(choices) = eframe::get_value::<ExportChoices>(storage, EXPORT_KEY) {
            self.state.export.options = choices.options;
            self.state.export.all_views = choices.all_views;
        }
    }

    /// Removes, off the UI thread, what writes killed mid-way (a crash, a power cut) left in the
    /// folders of the recent projects and of the consultations: Follicle's own temporary files,
    /// once they are an hour old.
    fn remove_stale_temporaries(&self) {
        let mut folders: Vec<PathBuf> = self
            .state
            .recent
            .iter()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .chain(self.consultations.clone())
            .collect();
        folders.sort();
        folders.dedup();
        let spawned = std::thread::Builder::new()
            .name("stale-temporaries".into())
            .spawn(move || folders.iter().for_each(|f| remove_stale_temps(f)));
        if let Err(e) = spawned {
            log::warn!("could not look for stale temporary files: {e}");
        }
    }

    /// Queues a command to run after this frame's UI pass.
    pub fn send(&mut self, command: Command) {
        self.sent.push(command);
    }

    /// True while a file is opening, a preview is rendering, an export is running, a view's photo
    /// is loading, a measurement of the photo is being made or a recovery file is being written
    /// or read.
    pub fn busy(&self) -> bool {
        self.background.busy() || self.autosave.as_ref().is_some_and(Autosave::busy)
    }

    /// True while the app offers to restore a consultation a crash left unsaved.
    pub fn offering_restore(&self) -> bool {
        self.state.restore.is_some()
    }

    pub fn document(&self) -> Option<&Document> {
        self.state.doc.as_ref()
    }

    pub fn document_mut(&mut self) -> Option<&mut Document> {
        self.state.doc.as_mut()
    }

    /// Where photo position (x, y) is on screen in the canvas, as last drawn.
    pub fn screen_of(&self, x: f32, y: f32) -> Option<egui::Pos2> {
        self.state.canvas.screen_of(egui::pos2(x, y))
    }

    /// True once the canvas shows a finished preview (not "Rendering…").
    pub fn shows_preview(&self) -> bool {
        self.state.canvas.has_preview()
    }

    /// Visible dots per layer in the last preview.
    pub fn dot_counts(&self) -> &[usize] {
        &self.state.counts
    }

    /// True while the unsaved-changes question is showing.
    pub fn asking_to_save(&self) -> bool {
        self.state.confirm.is_some()
    }

    /// The length of the calibration line, photo pixels, while the dialog asks what it measures.
    pub fn calibration_px(&self) -> Option<f64> {
        self.state.calibration.as_ref().map(|(px, _)| *px)
    }

    pub fn status(&self) -> Option<&Message> {
        self.state.message.as_ref()
    }

    /// Opens a file dialog for `purpose`; the answer comes back as [`Command::FileChosen`].
    pub(super) fn pick(&self, purpose: Purpose, ctx: &egui::Context) {
        self.picker.pick(purpose, self.picks.0.clone(), ctx.clone());
    }

    /// What the user did outside the panels: files chosen in dialogs, files dropped on the
    /// window, the window's close button, keys.
    fn take_input(&mut self, ctx: &egui::Context) {
        while let Ok((purpose, answer)) = self.picks.1.try_recv() {
            self.sent.push(match answer {
                Answer::Chosen(path) => Command::FileChosen(purpose, Some(path)),
                Answer::Cancelled => Command::FileChosen(purpose, None),
                Answer::Unavailable(why) => Command::DialogUnavailable(purpose, why),
            });
        }
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .next()
        });
        if let Some(path) = dropped {
            self.sent.push(Command::Open(path));
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.state.dirty() && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.sent.push(Command::Quit);
        }
        if !ctx.egui_wants_keyboard_input() {
            ctx.input_mut(|i| {
                for (shortcut, command) in shortcuts() {
                    if i.consume_shortcut(&shortcut) {
                        self.sent.push(command);
                    }
                }
            });
        }
    }

    /// Shows the current view's photo, loading it first if it is not loaded yet.
    fn follow_view(&mut self) {
        let Some(doc) = self.state.doc.as_mut() else {
            return;
        };
        let before = doc.photo_path.clone();
        if let Some(path) = doc.follow_view() {
            self.background.load_view_photo(path);
        } else if doc.photo_path != before {
            self.state.canvas.reset();
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.state.doc {
            Some(d) => format!(
                "{}{} — Follicle",
                d.name(),
                if d.is_dirty() { " •" } else { "" }
            ),
            None => "Follicle".to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for FollicleApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        while let Some(done) = self.background.poll() {
            self.finish(done, &ctx);
        }
        self.take_input(&ctx);
        self.state.recent_cards.take_in(&ctx);
        if self.state.doc.is_none() {
            let recent = self.state.recent.clone();
            self.state.recent_cards.request(&recent, &ctx);
        }
        let hold_before =
            ctx.input(|i| i.key_down(HOLD_COMPARE)) && !ctx.egui_wants_keyboard_input();
        let shared = self.state.doc.as_ref().and_then(Document::shared_part);
        let wanted = ui::show(ui, &mut self.state, &mut self.sent, hold_before);
        if let Some(doc) = self.state.doc.as_mut()
            && shared.is_some()
            && doc.shared_part() != shared
        {
            doc.share_design();
        }
        if let Some((view, size)) = wanted {
            self.preview(view, size);
        }
        let time = ctx.input(|i| i.time);
        if let Some(doc) = self.state.doc.as_mut() {
            doc.track(time);
        }
        for command in std::mem::take(&mut self.sent) {
            self.run(command, &ctx);
        }
        self.follow_view();
        self.autosave(&ctx);
        self.update_title(&ctx);
        if self.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.state.recent);
        let export = &self.state.export;
        let choices = ExportChoices {
            options: export.options.clone(),
            all_views: export.all_views,
        };
        eframe::set_value(storage, EXPORT_KEY, &choices);
    }
}
