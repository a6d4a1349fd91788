//! The recent projects as the start screen shows them: who and when each consultation was for,
//! with a small picture of its photo. Reading the projects and shrinking their photos is slow
//! work, done on a worker thread that knows nothing of the app; the cards come back over a
//! channel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::engine::{open, photo};

/// Longest side of a card's picture, pixels.
const THUMBNAIL_SIDE: u32 = 96;

/// What the start screen shows of a recent project.
pub struct Card {
    /// The client's name, or the file's when the project has none.
    pub client: String,
    pub date: String,
    /// A small picture of the photo of its first view, if it could be read.
    pub picture: Option<TextureHandle>,
}

/// A card read on the worker thread, before its picture is a texture.
struct Read {
    path: PathBuf,
    client: String,
    date: String,
    picture: Option<ColorImage>,
}

/// The cards read so far, and those on their way.
pub struct RecentCards {
    cards: HashMap<PathBuf, Card>,
    asked: Vec<PathBuf>,
    channel: (Sender<Read>, Receiver<Read>),
}

impl Default for RecentCards {
    fn default() -> Self {
        RecentCards {
            cards: HashMap::new(),
            asked: Vec::new(),
            channel: channel(),
        }
    }
}

impl RecentCards {
    /// Starts reading the cards of `paths` not asked for yet.
    pub fn request(&mut self, paths: &[PathBuf], ctx: &egui::Context) {
        let wanted: Vec<PathBuf> = paths
            .iter()
            .filter(|p| !self.asked.contains(p))
            .cloned()
            .collect();
        if wanted.is_empty() {
            return;
        }
        self.asked.extend(wanted.iter().cloned());
        let (reply, ctx) = (self.channel.0.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("recent-projects".into())
            .spawn(move || {
                for path in wanted {
                    if reply.send(read(&path)).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
            });
        if let Err(e) = spawned {
            log::warn!("could not read the recent projects: {e}");
        }
    }

    /// Takes in the cards read since the last frame.
    pub fn take_in(&mut self, ctx: &egui::Context) {
        while let Ok(read) = self.channel.1.try_recv() {
            let picture = read.picture.map(|image| {
                ctx.load_texture(
                    format!("recent-{}", read.path.display()),
                    image,
                    TextureOptions::LINEAR,
                )
            });
            self.cards.insert(
                read.path,
                Card {
                    client: read.client,
                    date: read.date,
                    picture,
                },
            );
        }
    }

    /// The card of `path`, once read.
    pub fn card(&self, path: &Path) -> Option<&Card> {
        self.cards.get(path)
    }
}

/// Reads the card of the project at `path` (a file that no longer opens gets its name only).
fn read(path: &Path) -> Read {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Ok(mut project) = open::open_project(path) else {
        return Read {
            path: path.to_path_buf(),
            client: file_name,
            date: String::new(),
            picture: None,
        };
    };
    project.resolve_photos(path);
    let picture = project
        .views
        .first()
        .and_then(|v| photo::load(&v.photo).ok())
        .map(|image| {
            let (w, h) = (image.width().max(1), image.height().max(1));
            let (tw, th) = if w >= h {
                (THUMBNAIL_SIDE, (THUMBNAIL_SIDE * h / w).max(1))
            } else {
                ((THUMBNAIL_SIDE * w / h).max(1), THUMBNAIL_SIDE)
            };
            let small = image::imageops::thumbnail(&image, tw, th);
            let size = [small.width() as usize, small.height() as usize];
            ColorImage::from_rgb(size, small.as_raw())
        });
    let name = project.client.name.trim();
    Read {
        path: path.to_path_buf(),
        client: if name.is_empty() {
            file_name
        } else {
            name.to_string()
        },
        date: project.client.date.trim().to_string(),
        picture,
    }
}
