//! Slow work off the UI thread: opening files, loading the photos of other views, rendering
//! previews, exporting, and the measurements that read the photo (skin, scar shade, hair match).
//!
//! Each task runs on a named worker thread and answers with a typed [`Done`] on one channel,
//! waking the UI with `request_repaint`. The workers know nothing of the app: they take copies of
//! what they need and call the engine. Every request of a kind replaces the one before, so a
//! result that arrives after a newer request (a stale preview, an abandoned open) is dropped here.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use image::RgbImage;

use crate::engine::anatomy::{self, HeadShape};
use crate::engine::edit::{self, HairMatchError, ScarShade};
use crate::engine::error::{Error, Result};
use crate::engine::export::ExportPlan;
use crate::engine::geometry::Region;
use crate::engine::hair::HairSettings;
use crate::engine::open::{self, Opened};
use crate::engine::photo;
use crate::engine::project::{Layer, Project};
use crate::engine::render::Preview;
use crate::engine::scalp;
use crate::engine::skin::SkinSample;
use crate::engine::units::View;

/// A photo read from disk, with the path it was read from.
pub type Photo = (PathBuf, Arc<RgbImage>);

/// A finished task.
pub enum Done {
    /// A file opened: a photo, or a project with its current view's photo (if it could be read).
    Opened(Result<Opening>),
    /// The photo chosen for a project whose photo moved.
    Located(Result<Photo>),
    /// The photo of another view of the open project.
    ViewPhoto {
        path: PathBuf,
        result: Result<Arc<RgbImage>>,
    },
    /// A preview; when the view's dots could not be placed (its scale is far off), the photo
    /// alone and why.
    Preview(Preview, Option<Error>),
    Exported(Result<PathBuf>),
    /// The skin over a layer's region of the photo at `photo` (None: no clear skin there).
    SkinSampled {
        photo: PathBuf,
        tone: Option<SkinSample>,
    },
    /// Layer `layer` of the photo at `photo`, matched to the client's hair.
    HairMatched {
        photo: PathBuf,
        layer: usize,
        result: std::result::Result<Layer, HairMatchError>,
    },
    /// The head in the photo at `photo`, as a region (None: no backdrop to find it against).
    ScalpFound {
        photo: PathBuf,
        region: Option<Region>,
    },
    /// The head ellipse fitted in the photo at `photo` (None: no backdrop to find it against).
    HeadFound {
        photo: PathBuf,
        head: Option<HeadShape>,
    },
    /// The shade of scar layer `layer` of the photo at `photo` (None: too little clear skin).
    ScarShadeMatched {
        photo: PathBuf,
        layer: usize,
        dilution: Option<f32>,
        reference: f32,
    },
}

/// A file opened, and for a project the photo of its current view.
pub enum Opening {
    /// A new photo, and where the head is in it (None: no backdrop to find it against).
    Photo(Photo, Option<Region>),
    Project {
        project: Project,
        source: PathBuf,
        is_project_file: bool,
        photo: Result<Photo>,
        /// The reduced photo copies of the other views shown on one (see
        /// [`crate::engine::project::ReducedCopy`]), read at once: they are in the mock-up.
        copies: Vec<Photo>,
    },
}

/// What a screen preview shows.
#[derive(Clone)]
pub struct PreviewTask {
    pub project: Project,
    pub photo: Arc<RgbImage>,
    pub view: View,
    pub size: [u32; 2],
    pub show_hair: bool,
}

impl PreviewTask {
    fn same_as(&self, other: &PreviewTask) -> bool {
        self.view == other.view
            && self.size == other.size
            && self.show_hair == other.show_hair
            && self.project == other.project
    }
}

enum Task {
    Open {
        id: u64,
        path: PathBuf,
    },
    Locate {
        id: u64,
        path: PathBuf,
    },
    ViewPhoto {
        path: PathBuf,
    },
    Export {
        id: u64,
        plan: Box<ExportPlan>,
        photos: Vec<Photo>,
        cancel: Arc<AtomicBool>,
    },
    Measure(Box<dyn FnOnce() -> Done + Send>),
}

mod previews;

use previews::render_previews;

/// The preview asked for most recently (with its request id), and the signal that wakes the
/// preview worker when it changes.
type PreviewSlot = Arc<(Mutex<Option<(u64, PreviewTask)>>, Condvar)>;

/// What a worker sends back: the id of its request and its result.
enum Reply {
    Done {
        id: u64,
        done: Box<Done>,
    },
    Progress {
        id: u64,
        fraction: f32,
        stage: &'static str,
    },
}

/// The app's background workers and the requests still awaited.
pub struct Background {
    work: Sender<Task>,
    previews: PreviewSlot,
    replies: Receiver<Reply>,
    next_id: u64,
    opening: Option<u64>,
    locating: Option<u64>,
    preview: Option<u64>,
    /// What was last asked for: a new preview is needed when the view or the project differs.
    last_preview: Option<PreviewTask>,
    exporting: Option<(u64, Arc<AtomicBool>)>,
    loading_view: Option<PathBuf>,
    measuring: usize,
}

/// A reply that is not a task's result: an export's progress.
pub struct Progress {
    pub fraction: f32,
    pub stage: &'static str,
}

impl Background {
    /// Starts the workers; each result wakes `ctx`.
    pub fn start(ctx: &egui::Context) -> Self {
        let (reply_tx, replies) = channel();
        let (work, work_rx) = channel::<Task>();
        let (tx, c) = (reply_tx.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("follicle-files".into())
            .spawn(move || {
                for task in work_rx {
                    run(task, &tx, &c);
                    c.request_repaint();
                }
            });
        if let Err(e) = spawned {
            log::error!("cannot start the file worker: {e}");
        }
        let previews: PreviewSlot = Arc::default();
        let (shared, c) = (previews.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("follicle-preview".into())
            .spawn(move || render_previews(&shared, &reply_tx, &c));
        if let Err(e) = spawned {
            log::error!("cannot start the preview worker: {e}");
        }
        Background {
            work,
            previews,
            replies,
            next_id: 1,
            opening: None,
            locating: None,
            preview: None,
            last_preview: None,
            exporting: None,
            loading_view: None,
            measuring: 0,
        }
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// True while any task is awaited.
    pub fn busy(&self) -> bool {
        self.opening.is_some()
            || self.locating.is_some()
            || self.preview.is_some()
            || self.exporting.is_some()
            || self.loading_view.is_some()
            || self.measuring > 0
    }

    /// Opens a photo, project or exported mock-up.
    pub fn open(&mut self, path: PathBuf) {
        let id = self.id();
        self.opening = Some(id);
        let _ = self.work.send(Task::Open { id, path });
    }

    /// Reads a replacement photo for a project whose photo moved.
    pub fn locate(&mut self, path: PathBuf) {
        let id = self.id();
        self.locating = Some(id);
        let _ = self.work.send(Task::Locate { id, path });
    }

    /// Reads the photo of another view, unless it is being read already.
    pub fn load_view_photo(&mut self, path: PathBuf) {
        if self.loading_view.as_ref() != Some(&path) {
            self.loading_view = Some(path.clone());
            let _ = self.work.send(Task::ViewPhoto { path });
        }
    }

    /// Renders a preview unless it is the one asked for last; a preview that has not started yet
    /// is replaced.
    pub fn preview(&mut self, task: PreviewTask) {
        if self
            .last_preview
            .as_ref()
            .is_some_and(|last| last.same_as(&task))
        {
            return;
        }
        let id = self.id();
        self.preview = Some(id);
        self.last_preview = Some(task.clone());
        let (lock, ready) = &*self.previews;
        if let Ok(mut slot) = lock.lock() {
            *slot = Some((id, task));
            ready.notify_one();
        }
    }

    /// The next preview is rendered whatever was asked before (a new photo or document).
    pub fn forget_preview(&mut self) {
        self.last_preview = None;
    }

    /// Runs `plan` with the photos already in memory.
    pub fn export(&mut self, plan: ExportPlan, photos: Vec<Photo>) {
        let id = self.id();
        let cancel = Arc::new(AtomicBool::new(false));
        self.exporting = Some((id, Arc::clone(&cancel)));
        let plan = Box::new(plan);
        let _ = self.work.send(Task::Export {
            id,
            plan,
            photos,
            cancel,
        });
    }

    /// Asks the running export to stop.
    pub fn cancel_export(&self) {
        if let Some((_, cancel)) = &self.exporting {
            cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Samples the skin over `layer`'s region of `photo`.
    pub fn sample_skin(&mut self, photo: Photo, layer: Layer, px_per_mm: f64, hair: HairSettings) {
        self.measure(move || Done::SkinSampled {
            tone: edit::sample_skin(&photo.1, &layer, px_per_mm, &hair),
            photo: photo.0,
        });
    }

    /// Matches layer `index` (`layer`) to the client's hair at `at`.
    pub fn match_hair(
        &mut self,
        photo: Photo,
        (index, layer): (usize, Layer),
        at: [f32; 2],
        px_per_mm: f64,
        skin: Option<[u8; 3]>,
    ) {
        self.measure(move || Done::HairMatched {
            result: edit::match_layer_to_hair(&photo.1, at, px_per_mm, skin, &layer),
            photo: photo.0,
            layer: index,
        });
    }

    /// Finds the head in `photo` against its backdrop.
    pub fn find_scalp(&mut self, photo: Photo) {
        self.measure(move || Done::ScalpFound {
            region: scalp::scalp_region(&photo.1),
            photo: photo.0,
        });
    }

    /// Fits the head ellipse to the head's outline in `photo`.
    pub fn find_head(&mut self, photo: Photo) {
        self.measure(move || Done::HeadFound {
            head: anatomy::suggest_head(&photo.1),
            photo: photo.0,
        });
    }

    /// Works out the shade of scar layer `index`.
    pub fn match_scar_shade(&mut self, photo: Photo, index: usize, shade: ScarShade) {
        self.measure(move || Done::ScarShadeMatched {
            dilution: shade.measure(&photo.1),
            reference: shade.reference(),
            photo: photo.0,
            layer: index,
        });
    }

    fn measure(&mut self, work: impl FnOnce() -> Done + Send + 'static) {
        self.measuring += 1;
        let _ = self.work.send(Task::Measure(Box::new(work)));
    }

    /// The next result or export progress, if any; results of replaced requests are dropped.
    pub fn poll(&mut self) -> Option<Result<Done, Progress>> {
        loop {
            let reply = self.replies.try_recv().ok()?;
            match reply {
                Reply::Progress {
                    id,
                    fraction,
                    stage,
                } => {
                    if self.exporting.as_ref().is_some_and(|(i, _)| *i == id) {
                        return Some(Err(Progress { fraction, stage }));
                    }
                }
                Reply::Done { id, done } => {
                    if self.current(id, &done) {
                        return Some(Ok(*done));
                    }
                }
            }
        }
    }

    /// True if `done` answers a request still awaited (and that request is then done).
    fn current(&mut self, id: u64, done: &Done) -> bool {
        let awaited = |slot: &mut Option<u64>| {
            let current = *slot == Some(id);
            if current {
                *slot = None;
            }
            current
        };
        match done {
            Done::Opened(_) => awaited(&mut self.opening),
            Done::Located(_) => awaited(&mut self.locating),
            Done::Preview(..) => {
                if self.preview == Some(id) {
                    self.preview = None;
                }
                true
            }
            Done::Exported(_) => {
                let current = self.exporting.as_ref().is_some_and(|(i, _)| *i == id);
                if current {
                    self.exporting = None;
                }
                current
            }
            Done::ViewPhoto { path, .. } => {
                if self.loading_view.as_ref() == Some(path) {
                    self.loading_view = None;
                }
                true
            }
            Done::SkinSampled { .. }
            | Done::HairMatched { .. }
            | Done::ScarShadeMatched { .. }
            | Done::ScalpFound { .. }
            | Done::HeadFound { .. } => {
                self.measuring = self.measuring.saturating_sub(1);
                true
            }
        }
    }
}

fn run(task: Task, tx: &Sender<Reply>, ctx: &egui::Context) {
    let (id, done) = match task {
        Task::Open { id, path } => (id, Done::Opened(open_file(&path))),
        Task::Locate { id, path } => {
            let result = photo::load(&path).map(|img| (path, Arc::new(img)));
            (id, Done::Located(result))
        }
        Task::ViewPhoto { path } => {
            let result = photo::load(&path).map(Arc::new);
            (0, Done::ViewPhoto { path, result })
        }
        Task::Export {
            id,
            plan,
            photos,
            cancel,
        } => {
            let mut progress = |fraction: f32, stage: &'static str| {
                let _ = tx.send(Reply::Progress {
                    id,
                    fraction,
                    stage,
                });
                ctx.request_repaint();
            };
            (
                id,
                Done::Exported(plan.run(&photos, &mut progress, &cancel)),
            )
        }
        Task::Measure(work) => (0, work()),
    };
    let _ = tx.send(Reply::Done {
        id,
        done: Box::new(done),
    });
}

/// Opens `path`; for a project, reads its current view's photo too.
fn open_file(path: &std::path::Path) -> Result<Opening> {
    Ok(match open::open(path)? {
        Opened::Photo { path, image } => {
            let scalp = scalp::scalp_region(&image);
            Opening::Photo((path, Arc::new(image)), scalp)
        }
        Opened::Project {
            project,
            source,
            is_project_file,
        } => {
            let photo_path = project.view().photo.clone();
            let photo = open::view_photo(project.view()).map(|img| (photo_path, Arc::new(img)));
            let copies = open::other_copies(&project).map(|(p, i)| (p, Arc::new(i)));
            let copies = copies.collect();
            Opening::Project {
                project,
                source,
                is_project_file,
                photo,
                copies,
            }
        }
    })
}
