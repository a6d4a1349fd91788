//! Autosave and recovery in the app: while the open consultation has unsaved changes, it is
//! written to this session's recovery file about once a minute; a clean save, closing or a clean
//! quit removes it. At start, recovery files left by sessions that are gone (a crash, a power
//! cut, a killed process) are offered for restoring, one at a time.
//!
//! The files are written, read and moved on a worker thread that knows nothing of the app (see
//! [`super::recovery`] for the files themselves); its answers come back over a channel. The
//! timing goes by an injectable [`Clock`], so tests move time on instead of waiting.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use image::RgbImage;

use super::app::FollicleApp;
pub use super::clock::{AutosaveOptions, Clock};
use super::document::Document;
use super::recovery::{Orphan, Recovered, Session};
use super::state::{Missing, RestoreOffer};
use crate::engine::error::Result;
use crate::engine::photo;
use crate::engine::project::Project;

/// How long unsaved changes wait before they are autosaved.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// A recovery file of a session that is gone, read and waiting for the user's answer.
struct Offer {
    orphan: Orphan,
    recovered: Recovered,
}

enum Job {
    /// Find the files of sessions that are gone.
    Scan,
    Write(Box<(Project, Option<PathBuf>)>),
    Remove,
    /// Read the photo of a recovered consultation, and keep its file aside.
    Restore(Box<Offer>),
    /// Keep the file aside without restoring it.
    Discard(Box<Offer>),
    /// The app is going down in a panic: leave the recovery file for the next start.
    Crashed,
}

enum Reply {
    Started(std::result::Result<PathBuf, String>),
    Scanned(Vec<std::result::Result<Offer, String>>),
    Written(std::result::Result<(), String>),
    Removed,
    Restored {
        recovered: Box<Recovered>,
        photo: Result<(PathBuf, Arc<RgbImage>)>,
    },
    Discarded(Option<PathBuf>),
}

/// The app's side of autosave: what was written, when the next write is due, and the answers
/// of the worker.
pub struct Autosave {
    clock: Clock,
    dir: PathBuf,
    work: Sender<Job>,
    replies: Receiver<Reply>,
    worker: Option<std::thread::JoinHandle<()>>,
    /// Jobs sent and not answered yet.
    pending: usize,
    /// What this session's recovery file holds (None: there is no file).
    written: Option<(Project, Option<PathBuf>)>,
    /// When the changes not yet written are due to be.
    due: Option<Duration>,
    offers: VecDeque<Offer>,
    /// The last problem told to the user, so that a failing disk is not reported every minute.
    told: Option<String>,
}

impl Autosave {
    /// Starts the worker (which starts this session and looks for recovery files to offer).
    pub fn start(options: AutosaveOptions, ctx: &egui::Context) -> Self {
        let (work, jobs) = channel::<Job>();
        let (reply, replies) = channel();
        let (dir, c) = (options.dir.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("follicle-autosave".into())
            .spawn(move || {
                let session = Session::start(&dir);
                let started = session
                    .as_ref()
                    .map(|s| s.file().to_path_buf())
                    .map_err(Clone::clone);
                let _ = reply.send(Reply::Started(started));
                c.request_repaint();
                let Ok(session) = session else { return };
                for job in jobs {
                    if matches!(job, Job::Crashed) {
                        // Keep the files (and the lock, until the process ends).
                        std::mem::forget(session);
                        return;
                    }
                    let _ = reply.send(run(&session, job));
                    c.request_repaint();
                }
                // The app ended cleanly: dropping the session removes its files.
            });
        let mut autosave = Autosave {
            clock: options.clock,
            dir: options.dir,
            work,
            replies,
            worker: None,
            pending: 1,
            written: None,
            due: None,
            offers: VecDeque::new(),
            told: None,
        };
        match spawned {
            Ok(worker) => autosave.worker = Some(worker),
            Err(e) => {
                log::error!("cannot start autosave: {e}");
                autosave.pending = 0;
            }
        }
        autosave.send(Job::Scan);
        autosave
    }

    fn send(&mut self, job: Job) {
        if self.work.send(job).is_ok() {
            self.pending += 1;
        }
    }

    /// True while the worker has work in hand.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// Writes the open consultation at the next frame rather than after the interval.
    fn write_soon(&mut self) {
        self.written = None;
        self.due = Some(self.clock.now());
    }
}

impl Drop for Autosave {
    /// A clean quit waits for the worker to finish its last job and remove this session's files;
    /// a panic leaves them for the next start.
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.work.send(Job::Crashed);
            return;
        }
        self.work = channel().0;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// One job on the worker thread.
fn run(session: &Session, job: Job) -> Reply {
    match job {
        Job::Scan => Reply::Scanned(
            session
                .orphans()
                .into_iter()
                .map(|orphan| match orphan.read() {
                    Ok(recovered) => Ok(Offer { orphan, recovered }),
                    Err(problem) => {
                        let file = orphan.file.display().to_string();
                        let aside = orphan.set_aside();
                        Err(format!(
                            "A recovery file could not be read ({file}: {problem}); it was set \
                             aside as {}.",
                            aside.display()
                        ))
                    }
                })
                .collect(),
        ),
        Job::Write(what) => Reply::Written(session.write(&what.0, what.1.as_deref())),
        Job::Remove => {
            session.remove();
            Reply::Removed
        }
        Job::Restore(offer) => {
            let Offer { orphan, recovered } = *offer;
            let path = recovered.project.view().photo.clone();
            let photo = photo::load(&path).map(|image| (path, Arc::new(image)));
            orphan.keep();
            Reply::Restored {
                recovered: Box::new(recovered),
                photo,
            }
        }
        Job::Discard(offer) => Reply::Discarded(offer.orphan.keep()),
        Job::Crashed => Reply::Removed,
    }
}

impl FollicleApp {
    /// Once a frame: takes in the worker's answers, then writes or removes the recovery file as
    /// the open consultation needs.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(auto) = self.autosave.as_mut() else {
            return;
        };
        let mut replies = Vec::new();
        while let Ok(reply) = auto.replies.try_recv() {
            auto.pending = auto.pending.saturating_sub(1);
            replies.push(reply);
        }
        for reply in replies {
            self.autosaved(reply);
        }
        self.offer_next();
        let Some(auto) = self.autosave.as_mut() else {
            return;
        };
        let unsaved = self
            .state
            .doc
            .as_ref()
            .filter(|d| d.is_dirty())
            .map(|d| (&d.project, &d.path));
        let Some((project, path)) = unsaved else {
            if auto.written.take().is_some() || auto.due.is_some() {
                auto.due = None;
                auto.send(Job::Remove);
            }
            return;
        };
        let up_to_date = auto
            .written
            .as_ref()
            .is_some_and(|(p, at)| p == project && at == path);
        if up_to_date {
            auto.due = None;
            return;
        }
        let now = auto.clock.now();
        let due = *auto.due.get_or_insert(now + INTERVAL);
        if now >= due {
            let what = (project.clone(), path.clone());
            auto.written = Some(what.clone());
            auto.due = None;
            auto.send(Job::Write(Box::new(what)));
        } else {
            ctx.request_repaint_after(due - now);
        }
    }

    /// Applies one answer of the autosave worker.
    fn autosaved(&mut self, reply: Reply) {
        let Some(auto) = self.autosave.as_mut() else {
            return;
        };
        match reply {
            Reply::Started(Ok(file)) => log::info!("autosaving to {}", file.display()),
            Reply::Started(Err(problem)) => {
                self.autosave = None;
                self.state.fail(format!("Autosave is off: {problem}"));
            }
            Reply::Scanned(found) => {
                for offer in found {
                    match offer {
                        Ok(offer) => auto.offers.push_back(offer),
                        Err(problem) => self.state.fail(problem),
                    }
                }
            }
            Reply::Written(Ok(())) => auto.told = None,
            Reply::Written(Err(problem)) => {
                // Try again after the interval.
                auto.written = None;
                let text = format!("Autosave failed: {problem}");
                if auto.told.as_ref() != Some(&text) {
                    auto.told = Some(text.clone());
                    self.state.fail(text);
                }
            }
            Reply::Removed => {}
            Reply::Restored { recovered, photo } => self.restored(*recovered, photo),
            Reply::Discarded(kept) => self.state.say(match kept {
                Some(kept) => format!(
                    "Discarded. A copy is kept for a while: {} (opens as a project).",
                    kept.display()
                ),
                None => "Discarded.".into(),
            }),
        }
    }

    /// Shows the next recovery file waiting for an answer, if none is showing.
    fn offer_next(&mut self) {
        let Some(auto) = self.autosave.as_ref() else {
            return;
        };
        if self.state.restore.is_some() {
            return;
        }
        if let Some(offer) = auto.offers.front() {
            self.state.restore = Some(RestoreOffer {
                who: who(&offer.recovered),
                when: local_time(offer.recovered.written),
                kept_in: auto.dir.join("kept"),
            });
        }
    }

    /// The user chose to restore the consultation offered.
    pub(super) fn restore_recovered(&mut self) {
        self.answer_offer(true);
    }

    /// The user chose not to restore the consultation offered (a copy is kept).
    pub(super) fn discard_recovered(&mut self) {
        self.answer_offer(false);
    }

    fn answer_offer(&mut self, restore: bool) {
        self.state.restore = None;
        let Some(auto) = self.autosave.as_mut() else {
            return;
        };
        let Some(offer) = auto.offers.pop_front() else {
            return;
        };
        let offer = Box::new(offer);
        if restore {
            self.state
                .say(format!("Restoring {}…", who(&offer.recovered)));
            auto.send(Job::Restore(offer));
        } else {
            auto.send(Job::Discard(offer));
        }
    }

    /// A restored consultation's photo was read (or not): it opens with all of it unsaved,
    /// against the project file it belongs to, so that Save writes it there.
    fn restored(&mut self, recovered: Recovered, photo: Result<(PathBuf, Arc<RgbImage>)>) {
        let who = who(&recovered);
        let Recovered { project, path, .. } = recovered;
        match photo {
            Ok((photo_path, image)) => {
                let mut doc = Document::new(project, path.clone(), photo_path, image);
                doc.mark_unsaved();
                self.show_document(doc);
                if let Some(auto) = self.autosave.as_mut() {
                    auto.write_soon();
                }
                if let Some(path) = &path {
                    self.state.remember(path);
                }
                self.state.say(format!(
                    "Restored the consultation for {who}. Its changes are not saved yet: Save \
                     (Ctrl+S) keeps them."
                ));
            }
            Err(problem) => {
                let source = path.clone().unwrap_or_else(|| project.view().photo.clone());
                self.state.missing = Some(Missing {
                    project,
                    source,
                    is_project_file: path.is_some(),
                    problem: problem.to_string(),
                    restored: true,
                });
            }
        }
    }
}

/// Whose consultation a recovery file holds: the client and the project file.
fn who(recovered: &Recovered) -> String {
    let name = recovered.project.client.name.trim();
    let file = recovered
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let photo = recovered
        .project
        .view()
        .photo
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    match (name.is_empty(), file) {
        (false, Some(file)) => format!("{name} ({file})"),
        (false, None) => format!("{name} (never saved)"),
        (true, Some(file)) => file,
        (true, None) => format!("the photo {photo} (never saved)"),
    }
}

/// `time` as the practitioner reads it: "25 November 2026 at 14:03", in local time.
fn local_time(time: jiff::Timestamp) -> String {
    time.to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%-d %B %Y at %H:%M")
        .to_string()
}
