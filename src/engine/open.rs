//! Opening a file, whatever it is: a project (`.ron`), an exported mock-up (a PNG that embeds its
//! project) or a photo to start a new project on. The command line and the app open files here.

use std::path::{Path, PathBuf};

use image::RgbImage;

use crate::engine::error::{Error, Result};
use crate::engine::export::embedded_project;
use crate::engine::files::{is_png, is_project_path};
use crate::engine::photo;
use crate::engine::project::Project;

/// What a file turned out to be.
pub enum Opened {
    /// A bare photo: a new project starts on it.
    Photo { path: PathBuf, image: RgbImage },
    /// A project, from a `.ron` file or an exported mock-up, with every photo path made the real
    /// place of the photo.
    Project {
        project: Project,
        /// The file it came from.
        source: PathBuf,
        /// True if `source` is a `.ron` project that saving can write back to.
        is_project_file: bool,
    },
}

/// Opens `path` as a project (`.ron` or `.follicle`, or an exported PNG that embeds one) or else as a photo.
pub fn open(path: &Path) -> Result<Opened> {
    match project_in(path)? {
        Some(mut project) => {
            project.resolve_photos(path);
            Ok(Opened::Project {
                project,
                source: path.to_path_buf(),
                is_project_file: is_project_path(path),
            })
        }
        None => Ok(Opened::Photo {
            path: path.to_path_buf(),
            image: photo::load(path)?,
        }),
    }
}

/// Opens `path` as a project only: a `.ron` file or an exported mock-up. Its photo paths are as
/// stored (relative to `path`'s folder). Anything else is an error that says what the file is.
pub fn open_project(path: &Path) -> Result<Project> {
    match project_in(path)? {
        Some(project) => Ok(project),
        None if is_png(path) => Err(Error::project(
            path,
            "this PNG holds no Follicle project (only exported mock-ups do); start a new project \
             from it with `follicle new`",
        )),
        // Anything else is read as a project file, whatever its name, for the precise message.
        None => Project::load(path),
    }
}

/// The project in `path`: a `.ron` or `.follicle` project file, or an exported mock-up PNG that embeds one.
/// `Ok(None)` for any other file (a photo, say); an unreadable or damaged project is an error.
fn project_in(path: &Path) -> Result<Option<Project>> {
    if is_project_path(path) {
        return Project::load(path).map(Some);
    }
    if !is_png(path) {
        return Ok(None);
    }
    match embedded_project(path)? {
        Some(text) => Project::from_ron(&text, path).map(Some),
        None => Ok(None),
    }
}
