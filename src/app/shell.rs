//! The app: state, the command loop and the frame layout.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::canvas::{Brush, Canvas};
use super::command::{Command, Compare, HOLD_COMPARE, REDO_ALT, Tool};
use super::dialogs::{FilePicker, Picked, Purpose};
use super::document::Document;
use super::jobs::{ExportJob, Jobs, Opened, PreviewJob, Reply, project_for_photo};
use super::panels;
use crate::engine::export::ExportOptions;
use crate::engine::project::Project;
use crate::engine::units::Scale;

/// How the app starts.
pub struct Options {
    /// A photo, project or mock-up to open at once.
    pub file: Option<PathBuf>,
    pub picker: Box<dyn FilePicker>,
    /// Where the practitioner's presets are saved (None: the platform's settings folder).
    pub presets_dir: Option<PathBuf>,
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    Quit,
    Open(PathBuf),
    Ask(Purpose),
    Close,
}

/// A message in the status bar.
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The export dialog's state.
pub struct ExportState {
    pub open: bool,
    pub options: ExportOptions,
    /// (job id, fraction done, stage) while an export runs.
    pub running: Option<(u64, f32, &'static str)>,
    pub cancel: Arc<AtomicBool>,
}

/// A project whose photo could not be found, waiting for the user to locate it.
pub struct Missing {
    pub project: Project,
    pub source: PathBuf,
    pub is_project_file: bool,
    pub problem: String,
}

pub struct FollicleApp {
    jobs: Jobs,
    picker: Box<dyn FilePicker>,
    picks: (Sender<Picked>, Receiver<Picked>),
    pub(crate) doc: Option<Document>,
    pub(crate) canvas: Canvas,
    pub(crate) tool: Tool,
    pub(crate) brush: Brush,
    opening: Option<u64>,
    locating: Option<(u64, Missing)>,
    /// The preview being rendered, if any.
    preview_in_flight: Option<u64>,
    /// What was last asked for: a new preview is needed when the view or the project differs.
    last_request: Option<(crate::engine::composite::View, [u32; 2], Project, bool)>,
    pub(crate) export: ExportState,
    pub(crate) message: Option<Message>,
    pub(crate) confirm: Option<Then>,
    pub(crate) missing: Option<Missing>,
    pub(crate) calibration: Option<(f64, String)>,
    pub(crate) recent: Vec<PathBuf>,
    pub(crate) counts: Vec<usize>,
    queue: Vec<Command>,
    allow_close: bool,
    title: String,
    /// Tint the hair detected in the photo.
    pub(crate) show_hair: bool,
    /// A view photo being loaded.
    pub(crate) loading_view: Option<PathBuf>,
    /// Presets saved by the practitioner (built-in ones come from the engine), and their folder.
    pub(crate) user_presets: Vec<crate::engine::presets::Preset>,
    pub(crate) presets_dir: Option<PathBuf>,
    /// Name typed for a new preset.
    pub(crate) preset_name: String,
    /// Mirror hairline edits to the other side.
    pub(crate) mirror: bool,
    /// Export every view, one PNG each.
    pub(crate) export_all_views: bool,
    /// Background computations (skin sampling, scar shade) not applied yet.
    computing: usize,
}

const RECENT_KEY: &str = "recent-projects";

impl FollicleApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> Self {
        let recent: Vec<PathBuf> = cc
            .storage
            .and_then(|s| eframe::get_value(s, RECENT_KEY))
            .unwrap_or_default();
        let mut app = FollicleApp {
            jobs: Jobs::start(&cc.egui_ctx),
            picker: options.picker,
            picks: channel(),
            doc: None,
            canvas: Canvas::default(),
            tool: Tool::Pan,
            brush: Brush::default(),
            opening: None,
            locating: None,
            preview_in_flight: None,
            last_request: None,
            export: ExportState {
                open: false,
                options: ExportOptions::default(),
                running: None,
                cancel: Arc::default(),
            },
            message: None,
            confirm: None,
            missing: None,
            calibration: None,
            recent,
            counts: Vec::new(),
            queue: Vec::new(),
            allow_close: false,
            title: String::new(),
            show_hair: false,
            loading_view: None,
            user_presets: Vec::new(),
            presets_dir: options
                .presets_dir
                .or_else(crate::engine::presets::user_dir),
            preset_name: String::new(),
            mirror: false,
            export_all_views: false,
            computing: 0,
        };
        if let Some(dir) = &app.presets_dir {
            let (presets, problems) = crate::engine::presets::load_user(dir);
            app.user_presets = presets;
            if let Some(problem) = problems.first() {
                app.fail(format!("A saved preset was skipped: {problem}"));
            }
        }
        if let Some(file) = options.file {
            app.open(file);
        }
        app
    }

    /// Runs `work` in the background and applies its result when it is done.
    pub(crate) fn compute(&mut self, work: impl FnOnce() -> super::jobs::Apply + Send + 'static) {
        self.computing += 1;
        self.jobs.compute(work);
    }

    /// Loads a view's photo in the background.
    pub(crate) fn jobs_view_photo(&mut self, path: PathBuf) {
        self.jobs.view_photo(path);
    }

    /// Queues a command to run after this frame's UI pass.
    pub fn send(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// True while a file is opening, a preview is rendering or an export is running.
    pub fn busy(&self) -> bool {
        self.opening.is_some()
            || self.locating.is_some()
            || self.preview_in_flight.is_some()
            || self.export.running.is_some()
            || self.loading_view.is_some()
            || self.computing > 0
    }

    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    pub fn document_mut(&mut self) -> Option<&mut Document> {
        self.doc.as_mut()
    }

    /// Where photo position (x, y) is on screen in the canvas, as last drawn.
    pub fn screen_of(&self, x: f32, y: f32) -> Option<egui::Pos2> {
        self.canvas.screen_of(egui::pos2(x, y))
    }

    /// Visible dots per layer in the last preview.
    pub fn dot_counts(&self) -> &[usize] {
        &self.counts
    }

    /// True while the unsaved-changes question is showing.
    pub fn asking_to_save(&self) -> bool {
        self.confirm.is_some()
    }

    pub fn status(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    fn fail(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Opens a file, asking about unsaved changes first.
    pub fn open(&mut self, path: PathBuf) {
        if self.doc.as_ref().is_some_and(Document::is_dirty) {
            self.confirm = Some(Then::Open(path));
            return;
        }
        self.say(format!("Opening {}…", path.display()));
        self.opening = Some(self.jobs.open(path));
    }

    /// Opens a file dialog for `purpose`; the answer arrives as a pick.
    pub(crate) fn pick(&mut self, purpose: Purpose, ctx: &egui::Context) {
        self.picker.pick(purpose, self.picks.0.clone(), ctx.clone());
    }

    fn ask(&mut self, purpose: Purpose, ctx: &egui::Context) {
        let needs_check = matches!(purpose, Purpose::OpenPhoto | Purpose::OpenProject);
        if needs_check && self.doc.as_ref().is_some_and(Document::is_dirty) {
            self.confirm = Some(Then::Ask(purpose));
            return;
        }
        self.picker.pick(purpose, self.picks.0.clone(), ctx.clone());
    }

    fn remember(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(10);
    }

    fn set_document(&mut self, doc: Document) {
        self.counts = vec![0; doc.project.layers.len()];
        self.doc = Some(doc);
        self.canvas.reset();
        self.last_request = None;
    }

    fn sample_path() -> PathBuf {
        let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-scalp.jpg");
        if beside.exists() {
            return beside;
        }
        if let Some(dir) = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(Path::to_path_buf))
        {
            let p = dir.join("assets/sample-scalp.jpg");
            if p.exists() {
                return p;
            }
        }
        // Installed without the assets folder: unpack the copy built into the program.
        let p = std::env::temp_dir().join("follicle-sample-scalp.jpg");
        if !p.exists() {
            let _ = std::fs::write(&p, include_bytes!("../../assets/sample-scalp.jpg"));
        }
        p
    }

    fn save_to(&mut self, path: PathBuf) {
        let Some(doc) = self.doc.as_mut() else { return };
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let stored = doc.project.relative_to(folder);
        match stored.save(&path) {
            Ok(()) => {
                doc.mark_saved(path.clone());
                self.remember(&path);
                self.say(format!("Saved {}", path.display()));
                if let Some(then) = self.confirm.take() {
                    self.proceed(then);
                }
            }
            Err(e) => self.fail(format!("Not saved: {e}")),
        }
    }

    /// Carries out what was waiting on an unsaved-changes answer.
    fn proceed(&mut self, then: Then) {
        match then {
            Then::Quit => {
                self.allow_close = true;
                self.queue.push(Command::Quit);
            }
            Then::Open(path) => {
                if let Some(doc) = self.doc.as_mut() {
                    doc.mark_saved(doc.path.clone().unwrap_or_default());
                }
                self.doc = None;
                self.open(path);
            }
            Then::Ask(purpose) => {
                self.doc = None;
                self.queue.push(match purpose {
                    Purpose::OpenProject => Command::OpenProject,
                    _ => Command::OpenPhoto,
                });
            }
            Then::Close => {
                self.doc = None;
                self.canvas.reset();
            }
        }
    }

    /// Answer to the unsaved-changes question: save first (true) or discard (false).
    pub fn resolve_unsaved(&mut self, save: bool, ctx: &egui::Context) {
        let Some(then) = self.confirm.clone() else {
            return;
        };
        if save {
            match self.doc.as_ref().and_then(|d| d.path.clone()) {
                Some(path) => self.save_to(path),
                None => {
                    let suggested = self
                        .doc
                        .as_ref()
                        .map_or("project".into(), |d| format!("{}.ron", d.name()));
                    self.picker.pick(
                        Purpose::SaveProject { suggested },
                        self.picks.0.clone(),
                        ctx.clone(),
                    );
                }
            }
        } else {
            self.confirm = None;
            if let Some(doc) = self.doc.as_mut() {
                let path = doc.path.clone().unwrap_or_default();
                doc.mark_saved(path);
            }
            self.proceed(then);
        }
    }

    fn run(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::OpenPhoto => self.ask(Purpose::OpenPhoto, ctx),
            Command::OpenProject => self.ask(Purpose::OpenProject, ctx),
            Command::OpenSample => self.open(Self::sample_path()),
            Command::Save => match self.doc.as_ref().map(|d| d.path.clone()) {
                Some(Some(path)) => self.save_to(path),
                Some(None) => self.run(Command::SaveAs, ctx),
                None => {}
            },
            Command::SaveAs => {
                if let Some(doc) = &self.doc {
                    let suggested = format!("{}.ron", doc.name());
                    self.picker.pick(
                        Purpose::SaveProject { suggested },
                        self.picks.0.clone(),
                        ctx.clone(),
                    );
                }
            }
            Command::Export => {
                if self.doc.is_some() {
                    self.export.open = true;
                }
            }
            Command::CloseProject => {
                if self.doc.as_ref().is_some_and(Document::is_dirty) {
                    self.confirm = Some(Then::Close);
                } else {
                    self.proceed(Then::Close);
                }
            }
            Command::Undo => {
                if let Some(d) = self.doc.as_mut() {
                    d.undo();
                }
            }
            Command::Redo => {
                if let Some(d) = self.doc.as_mut() {
                    d.redo();
                }
            }
            Command::ZoomIn => self.canvas.zoom_by(1.25),
            Command::ZoomOut => self.canvas.zoom_by(0.8),
            Command::ZoomFit => self.canvas.fit = true,
            Command::Zoom100 => self.canvas.actual_pixels(),
            Command::ToggleOverlay => self.canvas.overlay = !self.canvas.overlay,
            Command::SetCompare(c) => {
                self.canvas.compare = if self.canvas.compare == c && c != Compare::After {
                    Compare::After
                } else {
                    c
                }
            }
            Command::SetTool(t) => self.tool = t,
            Command::AddLayer => {
                if let Some(d) = self.doc.as_mut() {
                    let seed = crate::engine::rng::mix(
                        d.project.layers.iter().map(|l| l.seed).sum::<u64>() + 17,
                    ) % 1_000_000_000;
                    let n = d.project.layers.len() + 1;
                    d.project.layers.push(crate::engine::project::Layer::whole(
                        &format!("Layer {n}"),
                        seed,
                    ));
                    d.active_layer = d.project.layers.len() - 1;
                    d.commit();
                }
            }
            Command::RemoveLayer => {
                if let Some(d) = self.doc.as_mut() {
                    if d.project.layers.len() > 1 {
                        d.project.layers.remove(d.active_layer);
                        d.clamp_active();
                        d.commit();
                    } else {
                        self.fail("A project keeps at least one layer; hide it instead.");
                    }
                }
            }
            Command::NewPattern => {
                if let Some(d) = self.doc.as_mut()
                    && let Some(l) = d.project.layers.get_mut(d.active_layer)
                {
                    l.seed = crate::engine::rng::mix(l.seed) % 1_000_000_000;
                    d.commit();
                }
            }
            Command::BrushSmaller => self.brush.radius_mm = (self.brush.radius_mm / 1.2).max(0.5),
            Command::BrushLarger => self.brush.radius_mm = (self.brush.radius_mm * 1.2).min(60.0),
            Command::SelectView(_)
            | Command::AddView
            | Command::RemoveView
            | Command::ShowSession(_)
            | Command::AddSession
            | Command::SetStage(_)
            | Command::HairlineStyle(_)
            | Command::MirrorHairline(_)
            | Command::ApplyPreset(_)
            | Command::SavePreset(_)
            | Command::SampleSkin
            | Command::MatchScarShade
            | Command::MatchHair(_)
            | Command::ToggleHairView => self.run_realism(command, ctx),
            Command::Quit => {
                if self.doc.as_ref().is_some_and(Document::is_dirty) && !self.allow_close {
                    self.confirm = Some(Then::Quit);
                } else {
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
        }
    }

    fn handle_pick(&mut self, (purpose, path): Picked, ctx: &egui::Context) {
        let Some(path) = path else {
            if matches!(purpose, Purpose::SaveProject { .. }) {
                // Cancelled saving while asked about unsaved changes: stay.
                self.confirm = None;
            }
            return;
        };
        match purpose {
            Purpose::OpenPhoto | Purpose::OpenProject => self.open(path),
            Purpose::AddViewPhoto => self.add_view(path),
            Purpose::LocatePhoto => {
                if let Some(missing) = self.missing.take() {
                    let id = self.jobs.locate(path);
                    self.locating = Some((id, missing));
                }
            }
            Purpose::SaveProject { .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension("ron")
                } else {
                    path
                };
                self.save_to(path);
            }
            Purpose::ExportPng { .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension("png")
                } else {
                    path
                };
                self.start_export(path, ctx);
            }
        }
    }

    /// Starts the export to `out` in the background.
    pub fn start_export(&mut self, out: PathBuf, _ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        if same_file(&out, &doc.photo_path) {
            self.fail("That is the client's photo: choose another name for the mock-up.");
            return;
        }
        self.export.cancel = Arc::default();
        let photos = doc
            .project
            .views
            .iter()
            .filter_map(|v| doc.loaded_photo(&v.photo).map(|p| (v.photo.clone(), p)))
            .collect();
        let job = ExportJob {
            project: doc.project.clone(),
            photos,
            out,
            options: self.export.options.clone(),
            all_views: self.export_all_views,
            cancel: self.export.cancel.clone(),
        };
        let id = self.jobs.export(job);
        self.export.running = Some((id, 0.0, "Starting…"));
        self.export.open = false;
    }

    fn handle_reply(&mut self, reply: Reply, ctx: &egui::Context) {
        match reply {
            Reply::Opened { id, result } if self.opening == Some(id) => {
                self.opening = None;
                match result {
                    Ok(Opened::Photo { path, image }) => {
                        let seed = crate::engine::rng::mix(
                            image.width() as u64
                                ^ ((image.height() as u64) << 20)
                                ^ path.as_os_str().len() as u64,
                        ) % 1_000_000_000;
                        let project = project_for_photo(&path, &image, seed);
                        self.set_document(Document::new(project, None, path.clone(), image));
                        self.say(format!(
                            "Opened photo {}. Set the scale with the Calibrate tool (C).",
                            path.display()
                        ));
                    }
                    Ok(Opened::Project {
                        project,
                        source,
                        is_project_file,
                        photo,
                    }) => match photo {
                        Ok((photo_path, image)) => {
                            let path = is_project_file.then(|| source.clone());
                            self.set_document(Document::new(project, path, photo_path, image));
                            if is_project_file {
                                self.remember(&source);
                            }
                            self.say(format!("Opened {}", source.display()));
                        }
                        Err(problem) => {
                            self.missing = Some(Missing {
                                project,
                                source,
                                is_project_file,
                                problem,
                            });
                        }
                    },
                    Err(e) => self.fail(e),
                }
            }
            Reply::Located { id, result }
                if self.locating.as_ref().is_some_and(|(i, _)| *i == id) =>
            {
                let Some((_, missing)) = self.locating.take() else {
                    return;
                };
                match result {
                    Ok((photo_path, image)) => {
                        let path = missing.is_project_file.then(|| missing.source.clone());
                        let mut doc =
                            Document::new(missing.project, path, photo_path.clone(), image);
                        // The new location is an unsaved change.
                        doc.project.photo = photo_path;
                        self.set_document(doc);
                        self.say("Photo found. Save to remember its new place.");
                    }
                    Err(e) => {
                        self.fail(e);
                        self.missing = Some(missing);
                    }
                }
            }
            Reply::Apply(apply) => {
                self.computing = self.computing.saturating_sub(1);
                apply(self);
            }
            Reply::ViewPhoto { path, result } => {
                if self.loading_view.as_ref() == Some(&path) {
                    self.loading_view = None;
                }
                match result {
                    Ok(image) => {
                        if let Some(doc) = self.doc.as_mut() {
                            // A view added before its photo was read has a placeholder scale.
                            for view in doc.project.views.iter_mut() {
                                if view.photo == path && !view.scale.calibrated {
                                    view.scale = Scale::guess(image.width(), image.height());
                                }
                            }
                            doc.add_photo(&path, image);
                            self.canvas.reset();
                            self.last_request = None;
                        }
                    }
                    Err(e) => {
                        self.fail(format!("This view's photo cannot be shown: {e}"));
                        // Go back to a view whose photo is there.
                        if let Some(doc) = self.doc.as_mut()
                            && let Some(i) = doc
                                .project
                                .views
                                .iter()
                                .position(|v| v.photo == doc.photo_path)
                        {
                            doc.project.current = i;
                            doc.commit();
                        }
                    }
                }
            }
            Reply::Preview { id, preview } => {
                if self.preview_in_flight == Some(id) {
                    self.preview_in_flight = None;
                }
                if self.doc.is_some() {
                    self.counts = preview.counts.clone();
                    self.canvas.show_preview(ctx, preview);
                }
            }
            Reply::Progress {
                id,
                fraction,
                stage,
            } => {
                if let Some((i, f, s)) = &mut self.export.running
                    && *i == id
                {
                    *f = fraction;
                    *s = stage;
                }
            }
            Reply::Exported { id, result }
                if self.export.running.as_ref().is_some_and(|(i, ..)| *i == id) =>
            {
                self.export.running = None;
                match result {
                    Ok(path) => self.say(format!("Exported {}", path.display())),
                    Err(e) => self.fail(format!("Export failed: {e}")),
                }
            }
            _ => {}
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.doc {
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

    /// Requests a preview when the view or the project differs from what was asked last.
    fn request_preview(&mut self, view: crate::engine::composite::View, size: [u32; 2]) {
        let Some(doc) = &self.doc else { return };
        if !doc.photo_ready() {
            return;
        }
        let same = self.last_request.as_ref().is_some_and(|(v, s, p, hair)| {
            *v == view && *s == size && *p == doc.project && *hair == self.show_hair
        });
        if same {
            return;
        }
        let job = PreviewJob {
            id: 0,
            show_hair: self.show_hair,
            project: doc.project.clone(),
            photo: doc.photo.clone(),
            view,
            size,
        };
        self.preview_in_flight = Some(self.jobs.preview(job));
        self.last_request = Some((view, size, doc.project.clone(), self.show_hair));
    }

    fn keys(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for command in Command::with_shortcuts() {
                if let Some(shortcut) = command.shortcut()
                    && i.consume_shortcut(&shortcut)
                {
                    fired.push(command);
                }
            }
            if i.consume_shortcut(&REDO_ALT) {
                fired.push(Command::Redo);
            }
            // Keypad and Shift+= also zoom in.
            if i.consume_key(egui::Modifiers::SHIFT, egui::Key::Equals)
                || i.consume_key(egui::Modifiers::NONE, egui::Key::Equals)
            {
                fired.push(Command::ZoomIn);
            }
        });
        self.queue.extend(fired);
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

impl eframe::App for FollicleApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        while let Ok(reply) = self.jobs.replies.try_recv() {
            self.handle_reply(reply, &ctx);
        }
        while let Ok(pick) = self.picks.1.try_recv() {
            self.handle_pick(pick, &ctx);
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.open(path);
        }
        if ctx.input(|i| i.viewport().close_requested())
            && self.doc.as_ref().is_some_and(Document::is_dirty)
            && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Then::Quit);
        }
        self.keys(&ctx);
        let hold_before =
            ctx.input(|i| i.key_down(HOLD_COMPARE)) && !ctx.egui_wants_keyboard_input();

        panels::menu_bar(ui, self);
        panels::status_bar(ui, self);
        if self.doc.is_some() {
            panels::tool_bar(ui, self);
            super::consult::view_bar(ui, self);
            panels::layers_panel(ui, self);
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                if self.doc.is_none() {
                    panels::start_screen(ui, self);
                    return;
                }
                let (tool, brush) = (self.tool, self.brush);
                let Some(doc) = self.doc.as_mut() else { return };
                if !doc.photo_ready() {
                    ui.centered_and_justified(|ui| {
                        ui.label(format!("Loading the {} view…", doc.project.name));
                    });
                    return;
                }
                let out = self.canvas.ui(ui, doc, tool, brush, hold_before);
                if out.committed {
                    doc.commit();
                }
                if let Some(at) = out.sampled.filter(|_| tool == Tool::MatchHair) {
                    self.queue.push(Command::MatchHair(at));
                } else if let Some([x, y]) = out.sampled {
                    let radius = (0.6 * doc.project.scale.px_per_mm).round().max(1.0) as u32;
                    match crate::engine::skin::sample_point(&doc.photo, x as u32, y as u32, radius)
                    {
                        Some(tone) if x >= 0.0 && y >= 0.0 => {
                            doc.project.skin = Some(tone.srgb);
                            doc.commit();
                            self.message = Some(Message {
                                text: format!(
                                    "Skin sampled: {} (Fitzpatrick {}, a rough estimate).",
                                    tone.description(),
                                    tone.fitzpatrick_label()
                                ),
                                error: false,
                            });
                        }
                        _ => {
                            self.message = Some(Message {
                                text: "Click on the photo, on clear skin.".into(),
                                error: true,
                            });
                        }
                    }
                }
                if let Some(x) = out.hairline_edited_x
                    && self.mirror
                {
                    let axis = doc
                        .project
                        .layers
                        .get(doc.active_layer)
                        .and_then(|l| l.hairline.as_ref())
                        .and_then(|h| {
                            crate::engine::styles::Frame::of(h, doc.project.scale.px_per_mm as f32)
                        })
                        .map_or(x, |f| f.centre_x);
                    let side = if x < axis {
                        crate::engine::styles::Side::Left
                    } else {
                        crate::engine::styles::Side::Right
                    };
                    self.queue.push(Command::MirrorHairline(side));
                }
                if let Some(px) = out.measured_px {
                    self.calibration = Some((px, String::new()));
                }
                if let Some((view, size)) = out.wanted {
                    self.request_preview(view, size);
                }
            });
        panels::dialogs(ui, self);

        let time = ctx.input(|i| i.time);
        if let Some(doc) = self.doc.as_mut() {
            doc.track(time);
        }
        for command in std::mem::take(&mut self.queue) {
            self.run(command, &ctx);
        }
        self.follow_view();
        self.update_title(&ctx);
        if self.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
    }
}

impl FollicleApp {
    /// Uses `scale` for the project (from the calibration dialog).
    pub fn set_scale(&mut self, scale: Scale) {
        if let Some(d) = self.doc.as_mut() {
            d.project.scale = scale;
            d.commit();
        }
    }
}
