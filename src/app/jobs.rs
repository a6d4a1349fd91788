//! Slow work off the UI thread: opening photos and projects, rendering previews, exporting.
//!
//! Each worker is a named thread fed by a channel; results come back on one reply channel and wake
//! the UI with `request_repaint`. Every request carries an id so a result that arrives after a newer
//! request (a stale preview, an abandoned open) is dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use image::RgbImage;

use crate::engine::composite::View;
use crate::engine::export::{self, ExportOptions, Layout};
use crate::engine::hair::detect_hair;
use crate::engine::photo;
use crate::engine::project::Project;
use crate::engine::render::{PatternCache, Preview, Previewer, Scene};
use crate::engine::units::Scale;

/// What an open produced.
pub enum Opened {
    /// A bare photo: the app starts a new project on it.
    Photo { path: PathBuf, image: Arc<RgbImage> },
    /// A project (from a `.ron` file or an exported PNG) and its photo, if it could be found.
    Project {
        project: Project,
        /// The file it came from.
        source: PathBuf,
        /// True if `source` is a `.ron` project that Save can write back to.
        is_project_file: bool,
        photo: Result<(PathBuf, Arc<RgbImage>), String>,
    },
}

pub enum Reply {
    Opened {
        id: u64,
        result: Result<Opened, String>,
    },
    Located {
        id: u64,
        result: Result<(PathBuf, Arc<RgbImage>), String>,
    },
    /// Work done off the UI thread, to apply to the app when it is back.
    Apply(Apply),
    /// The photo of another view of the open project.
    ViewPhoto {
        path: PathBuf,
        result: Result<Arc<RgbImage>, String>,
    },
    Preview {
        id: u64,
        preview: Preview,
    },
    Progress {
        id: u64,
        fraction: f32,
        stage: &'static str,
    },
    Exported {
        id: u64,
        result: Result<PathBuf, String>,
    },
}

/// A change to make to the app once background work is done.
pub type Apply = Box<dyn FnOnce(&mut super::shell::FollicleApp) + Send>;

enum Work {
    Compute(Box<dyn FnOnce() -> Apply + Send>),
    Open { id: u64, path: PathBuf },
    Locate { id: u64, path: PathBuf },
    ViewPhoto { path: PathBuf },
    Export { id: u64, job: ExportJob },
}

/// Everything an export needs, copied so the user can keep editing.
pub struct ExportJob {
    /// The project, with the real paths of its photos.
    pub project: Project,
    /// Photos already loaded, by path (others are loaded by the job).
    pub photos: Vec<(PathBuf, Arc<RgbImage>)>,
    pub out: PathBuf,
    pub options: ExportOptions,
    /// Write every view (OUT-<view>.png each) instead of the current one.
    pub all_views: bool,
    pub cancel: Arc<AtomicBool>,
}

/// A preview request: the latest one wins.
pub struct PreviewJob {
    pub id: u64,
    pub show_hair: bool,
    pub project: Project,
    pub photo: Arc<RgbImage>,
    pub view: View,
    pub size: [u32; 2],
}

/// The app's background workers.
pub struct Jobs {
    work: Sender<Work>,
    previews: Arc<(Mutex<Option<PreviewJob>>, std::sync::Condvar)>,
    pub replies: Receiver<Reply>,
    next_id: u64,
}

impl Jobs {
    pub fn start(ctx: &egui::Context) -> Self {
        let (reply_tx, replies) = channel();
        let (work, work_rx) = channel::<Work>();
        let c = ctx.clone();
        let tx = reply_tx.clone();
        let spawned = std::thread::Builder::new()
            .name("follicle-files".into())
            .spawn(move || {
                for item in work_rx {
                    handle(item, &tx, &c);
                    c.request_repaint();
                }
            });
        if let Err(e) = spawned {
            log::error!("cannot start the file worker: {e}");
        }
        let previews: Arc<(Mutex<Option<PreviewJob>>, std::sync::Condvar)> = Arc::default();
        let shared = previews.clone();
        let c = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("follicle-preview".into())
            .spawn(move || {
                let mut renderer = Previewer::default();
                loop {
                    let job = {
                        let (lock, ready) = &*shared;
                        let Ok(mut slot) = lock.lock() else { return };
                        loop {
                            if let Some(job) = slot.take() {
                                break job;
                            }
                            slot = match ready.wait(slot) {
                                Ok(s) => s,
                                Err(_) => return,
                            };
                        }
                    };
                    let id = job.id;
                    renderer.show_hair = job.show_hair;
                    let preview = renderer.render(&job.project, &job.photo, job.view, job.size);
                    if reply_tx.send(Reply::Preview { id, preview }).is_err() {
                        return;
                    }
                    c.request_repaint();
                }
            });
        if let Err(e) = spawned {
            log::error!("cannot start the preview worker: {e}");
        }
        Jobs {
            work,
            previews,
            replies,
            next_id: 1,
        }
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Opens a photo, project or exported mock-up; returns the request id.
    pub fn open(&mut self, path: PathBuf) -> u64 {
        let id = self.id();
        let _ = self.work.send(Work::Open { id, path });
        id
    }

    /// Loads a replacement photo for a project whose photo moved.
    pub fn locate(&mut self, path: PathBuf) -> u64 {
        let id = self.id();
        let _ = self.work.send(Work::Locate { id, path });
        id
    }

    /// Runs `work` on the worker thread; its result comes back as [`Reply::Apply`].
    pub fn compute(&mut self, work: impl FnOnce() -> Apply + Send + 'static) {
        let _ = self.work.send(Work::Compute(Box::new(work)));
    }

    /// Loads the photo of another view.
    pub fn view_photo(&mut self, path: PathBuf) {
        let _ = self.work.send(Work::ViewPhoto { path });
    }

    pub fn export(&mut self, job: ExportJob) -> u64 {
        let id = self.id();
        let _ = self.work.send(Work::Export { id, job });
        id
    }

    /// Queues a preview, replacing any queued one that has not started.
    pub fn preview(&mut self, mut job: PreviewJob) -> u64 {
        let id = self.id();
        job.id = id;
        let (lock, ready) = &*self.previews;
        if let Ok(mut slot) = lock.lock() {
            *slot = Some(job);
            ready.notify_one();
        }
        id
    }
}

fn handle(item: Work, tx: &Sender<Reply>, ctx: &egui::Context) {
    match item {
        Work::Open { id, path } => {
            let result = open_any(&path).map_err(|e| e.to_string());
            let _ = tx.send(Reply::Opened { id, result });
        }
        Work::Locate { id, path } => {
            let result = photo::load(&path)
                .map(|img| (path, Arc::new(img)))
                .map_err(|e| e.to_string());
            let _ = tx.send(Reply::Located { id, result });
        }
        Work::Compute(work) => {
            let _ = tx.send(Reply::Apply(work()));
        }
        Work::ViewPhoto { path } => {
            let result = photo::load(&path).map(Arc::new).map_err(|e| e.to_string());
            let _ = tx.send(Reply::ViewPhoto { path, result });
        }
        Work::Export { id, job } => {
            let result = run_export(id, &job, tx, ctx);
            let _ = tx.send(Reply::Exported { id, result });
        }
    }
}

/// Opens `path` as a project (`.ron` or an exported PNG that embeds one) or else as a photo.
pub fn open_any(path: &Path) -> crate::engine::error::Result<Opened> {
    let is_ron = crate::engine::project::is_project_path(path);
    let project = export::project_in(path)?;
    match project {
        Some(mut project) => {
            project.resolve_photos(path);
            let photo_path = project.photo.clone();
            let photo = photo::load(&photo_path)
                .map(|img| (photo_path, Arc::new(img)))
                .map_err(|e| e.to_string());
            Ok(Opened::Project {
                project,
                source: path.to_path_buf(),
                is_project_file: is_ron,
                photo,
            })
        }
        None => {
            let image = photo::load(path)?;
            Ok(Opened::Photo {
                path: path.to_path_buf(),
                image: Arc::new(image),
            })
        }
    }
}

/// A new project for a photo at `photo_path`, to be saved later (the photo path is made relative
/// when it is saved).
pub fn project_for_photo(photo_path: &Path, image: &RgbImage, seed: u64) -> Project {
    Project::new(
        std::path::absolute(photo_path).unwrap_or_else(|_| photo_path.to_path_buf()),
        Scale::guess(image.width(), image.height()),
        seed,
    )
}

fn run_export(
    id: u64,
    job: &ExportJob,
    tx: &Sender<Reply>,
    ctx: &egui::Context,
) -> Result<PathBuf, String> {
    let progress = |fraction: f32, stage: &'static str| {
        let _ = tx.send(Reply::Progress {
            id,
            fraction,
            stage,
        });
        ctx.request_repaint();
    };
    let cancelled = || job.cancel.load(Ordering::Relaxed);
    let photo_of = |view: &Project| -> Result<Arc<RgbImage>, String> {
        match job.photos.iter().find(|(p, _)| *p == view.photo) {
            Some((_, img)) => Ok(Arc::clone(img)),
            None => photo::load(&view.photo)
                .map(Arc::new)
                .map_err(|e| e.to_string()),
        }
    };
    let dots_of = |view: &Project, image: &RgbImage| -> Scene {
        let hair = view
            .needs_hair()
            .then(|| detect_hair(image, view.scale.px_per_mm, &view.hair));
        Scene::new(
            view,
            image,
            hair.map(Arc::new),
            &mut PatternCache::default(),
        )
    };
    let count = job.project.views.len();
    if job.options.layout == Layout::ContactSheet {
        let mut rows = Vec::new();
        for index in 0..count {
            progress(0.05 + 0.8 * index as f32 / count as f32, "Rendering views…");
            if cancelled() {
                return Err("export cancelled".into());
            }
            let view = job.project.with_view(index);
            let image = photo_of(&view)?;
            let dots = dots_of(&view, &image);
            rows.push(export::sheet_row(&view.name, &image, &dots));
        }
        progress(0.9, "Writing PNG…");
        let sheet = export::contact_sheet(&rows, &job.project, &job.options);
        export::write_png(&sheet, &job.out, &job.project).map_err(|e| e.to_string())?;
        progress(1.0, "Done");
        return Ok(job.out.clone());
    }
    let targets: Vec<(usize, PathBuf)> = if job.all_views && count > 1 {
        (0..count)
            .map(|i| (i, export::view_file(&job.out, &job.project.views[i].name)))
            .collect()
    } else {
        vec![(job.project.current, job.out.clone())]
    };
    // Every photo must be readable before the first file is written.
    for (index, _) in &targets {
        let path = &job.project.views[*index].photo;
        if !job.photos.iter().any(|(p, _)| p == path) {
            photo::upright_size(path).map_err(|e| e.to_string())?;
        }
    }
    let step = 1.0 / targets.len() as f32;
    for (k, (index, out)) in targets.iter().enumerate() {
        let base = k as f32 * step;
        let view = job.project.with_view(*index);
        progress(base + 0.05 * step, "Placing dots…");
        let image = photo_of(&view)?;
        let scene = dots_of(&view, &image);
        if cancelled() {
            return Err("export cancelled".into());
        }
        progress(base + 0.35 * step, "Compositing…");
        let picture = export::compose((*image).clone(), &scene, &view, &job.options);
        if cancelled() {
            return Err("export cancelled".into());
        }
        progress(base + 0.7 * step, "Writing PNG…");
        export::write_png(&picture, out, &view).map_err(|e| e.to_string())?;
    }
    progress(1.0, "Done");
    Ok(targets
        .first()
        .map_or_else(|| job.out.clone(), |(_, out)| out.clone()))
}
