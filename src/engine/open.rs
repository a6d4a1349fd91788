//! Opening a file, whatever it is: a project (`.ron`), an exported mock-up (a PNG that embeds its
//! project) or a photo to start a new project on. The command line and the app open files here.
//!
//! A mock-up whose photos are not beside it opens on the reduced copies of them it carries (see
//! [`crate::engine::export::PhotoCopy`]): those views are marked (see [`ReducedCopy`]), and an
//! export refuses them until the full photo is put back beside the mock-up.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::RgbImage;

use crate::engine::error::{Error, Result};
use crate::engine::export::{
    PhotoCopy, embedded_photos, embedded_photos_in_bytes, embedded_project,
    embedded_project_in_bytes,
};
use crate::engine::files::{is_png, is_project_path};
use crate::engine::photo;
use crate::engine::project::{Project, ReducedCopy, ScalpView};
use crate::engine::units::valid_px_per_mm;

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
            use_photo_copies(&mut project, path)?;
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

/// Opens `path` as a project only (see [`open_project`]), with every photo path made the real
/// place of the photo, and the views of a mock-up whose photos are not beside it shown on the
/// reduced copies it carries.
pub fn open_consultation(path: &Path) -> Result<Project> {
    let mut project = open_project(path)?;
    project.resolve_photos(path);
    use_photo_copies(&mut project, path)?;
    Ok(project)
}

/// Opens an exported mock-up from the bytes of its PNG file, as [`open_consultation`] opens one
/// from its path: `path` names the file in messages, and its folder is where the photos are
/// looked for (the views whose photos are not there are shown on the reduced copies the mock-up
/// carries). `Ok(None)` for a PNG that carries no project.
pub fn open_mock_up_bytes(bytes: &[u8], path: &Path) -> Result<Option<Project>> {
    let Some(text) = embedded_project_in_bytes(bytes, path)? else {
        return Ok(None);
    };
    let mut project = Project::from_ron(&text, path)?;
    project.resolve_photos(path);
    show_on_copies(&mut project, path, || embedded_photos_in_bytes(bytes, path))?;
    Ok(Some(project))
}

/// The photo of `view` (its path resolved), upright: the reduced copy if the view is shown on one.
pub fn view_photo(view: &ScalpView) -> Result<RgbImage> {
    let Some(copy) = &view.reduced else {
        return photo::load(&view.photo);
    };
    // The loader's own words would speak of a photo file ("this JPEG is …", "copy it again"),
    // where the user has a mock-up whose copy inside is damaged.
    let damaged = || Error::photo(&copy.inside, "the reduced photo inside it is damaged");
    let image = photo::decode(&copy.jpeg, &copy.inside).map_err(|_| damaged())?;
    if image.dimensions() != copy.size {
        return Err(damaged());
    }
    Ok(image)
}

/// The photos of the views other than the current one that are shown on reduced copies, by their
/// paths, decoded (a copy that cannot be is left out: its view then asks for its photo).
pub fn other_copies(project: &Project) -> impl Iterator<Item = (PathBuf, RgbImage)> + '_ {
    project
        .views
        .iter()
        .enumerate()
        .filter(|(i, v)| *i != project.current && v.reduced.is_some())
        .filter_map(|(_, v)| Some((v.photo.clone(), view_photo(v).ok()?)))
}

/// Shows every view of the mock-up at `path` whose photo is not there (its path resolved) on the
/// reduced copy of that photo the mock-up carries, if it carries one.
fn use_photo_copies(project: &mut Project, path: &Path) -> Result<()> {
    if is_project_path(path) || !is_png(path) {
        return Ok(());
    }
    show_on_copies(project, path, || embedded_photos(path))
}

/// Shows every view of `project` (read from the mock-up at `path`, its photo paths resolved)
/// whose photo is not there on the copy of that photo among `copies`, read only if one is missing.
fn show_on_copies(
    project: &mut Project,
    path: &Path,
    copies: impl FnOnce() -> Result<Vec<PhotoCopy>>,
) -> Result<()> {
    if project.views.iter().all(|v| v.photo.is_file()) {
        return Ok(());
    }
    let inside = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let copies: Vec<(String, ReducedCopy)> = copies()?
        .into_iter()
        .map(|copy| {
            let reduced = ReducedCopy {
                inside: inside.clone(),
                full_size: copy.full_size,
                size: copy.size,
                jpeg: Arc::from(copy.jpeg),
            };
            (copy.name, reduced)
        })
        .collect();
    for view in &mut project.views {
        if view.photo.is_file() {
            continue;
        }
        let name = view.photo.file_name().and_then(|n| n.to_str());
        let Some((_, copy)) = copies.iter().find(|(n, _)| Some(n.as_str()) == name) else {
            continue;
        };
        if valid_px_per_mm(view.scale.px_per_mm * copy.factor()) {
            view.show_reduced(copy.clone());
        }
    }
    Ok(())
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
