//! An export from start to end: which files it writes, the checks made before the first is
//! written, then rendering and writing with progress and a way to cancel. The command line and
//! the app both export through a plan.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use image::RgbImage;

use super::layout::{ExportOptions, Layout, compose, view_file};
use super::photo_copy::PhotoCopy;
use super::png::{Format, SHARE_LONG_SIDE, write_picture};
use super::sheet::{contact_sheet, sheet_row};
use crate::engine::error::{Error, Result};
use crate::engine::files::{Mode, backup_of, guard_client_photos, same_file};
use crate::engine::photo;
use crate::engine::project::Project;
use crate::engine::render::Scene;
use crate::engine::sheet;

/// Photos already in memory, by their real path; the others are read from disk.
pub type Loaded = [(PathBuf, Arc<RgbImage>)];

/// What an export writes and how.
pub struct ExportPlan {
    /// The project, with the real paths of its photos (see [`Project::resolve_photos`]).
    project: Project,
    options: ExportOptions,
    files: Files,
    /// Files no output may replace: the project the export is made from, and its backup.
    protected: Vec<PathBuf>,
    /// Whether a file already at an output's name is replaced or refused.
    mode: Mode,
}

enum Files {
    /// Every view on one contact sheet.
    Sheet(PathBuf),
    /// The consultation sheet, a PDF.
    Pdf(PathBuf),
    /// One PNG per view: the view's index and its file.
    Views(Vec<(usize, PathBuf)>),
}

impl ExportPlan {
    /// An export of `project` (its photo paths resolved) to `out`: the current view, or with
    /// `every_view` one PNG per view named `OUT-<view>.png`. A contact sheet holds every view in
    /// the one file `out`.
    ///
    /// The format follows `out`'s extension (see [`Format::of`]); a JPEG with no size asked for is
    /// made [`SHARE_LONG_SIDE`] pixels on its longest side, small enough to send.
    pub fn new(project: Project, out: &Path, mut options: ExportOptions, every_view: bool) -> Self {
        if Format::of(out) == Format::Jpeg && options.max_side.is_none() {
            options.max_side = Some(SHARE_LONG_SIDE);
        }
        let files = if options.layout == Layout::Sheet || Format::of(out) == Format::Pdf {
            options.layout = Layout::Sheet;
            Files::Pdf(out.to_path_buf())
        } else if options.layout == Layout::ContactSheet {
            Files::Sheet(out.to_path_buf())
        } else if every_view {
            Files::Views(
                (0..project.views.len())
                    .map(|i| (i, view_file(out, &project.views[i].name)))
                    .collect(),
            )
        } else {
            Files::Views(vec![(project.current, out.to_path_buf())])
        };
        ExportPlan {
            project,
            options,
            files,
            protected: Vec::new(),
            mode: Mode::Write,
        }
    }

    /// Makes every output a new file: an output whose name is taken when it is written (even by
    /// another program writing it at the same moment) fails with [`Error::Exists`] and is left
    /// as it was.
    #[must_use]
    pub fn only_new(mut self) -> Self {
        self.mode = Mode::Create;
        self
    }

    /// Marks `project_file` (the file the project was opened from) and its backup as files this
    /// export must never write over.
    #[must_use]
    pub fn protect(mut self, project_file: &Path) -> Self {
        self.protected.push(project_file.to_path_buf());
        self.protected.push(backup_of(project_file));
        self
    }

    /// The options it exports with (a JPEG's default size filled in).
    pub fn options(&self) -> &ExportOptions {
        &self.options
    }

    /// The files it writes, in order.
    pub fn outputs(&self) -> Vec<&Path> {
        match &self.files {
            Files::Sheet(out) | Files::Pdf(out) => vec![out.as_path()],
            Files::Views(targets) => targets.iter().map(|(_, out)| out.as_path()).collect(),
        }
    }

    /// The indices of the views it shows.
    fn views(&self) -> Vec<usize> {
        match &self.files {
            Files::Sheet(_) | Files::Pdf(_) => (0..self.project.views.len()).collect(),
            Files::Views(targets) => targets.iter().map(|(index, _)| *index).collect(),
        }
    }

    /// Refuses, before anything is written, to show a view on a reduced copy of its photo (see
    /// [`crate::engine::project::ReducedCopy`]: the full photo is needed), and any output that is
    /// one of the client's photos, the project itself or its backup, or the same file as another
    /// output of this export (two views whose names make the same file name).
    pub fn guard(&self) -> Result<()> {
        for index in self.views() {
            self.project.views[index].needs_full_photo()?;
        }
        let outputs = self.outputs();
        for (i, out) in outputs.iter().enumerate() {
            guard_client_photos(out, self.project.views.iter().map(|v| v.photo.as_path()))?;
            if self.protected.iter().any(|p| same_file(out, p)) {
                return Err(Error::write(
                    out,
                    "is the consultation's own project file; choose another name for the export",
                ));
            }
            if outputs[..i].iter().any(|earlier| same_file(out, earlier)) {
                return Err(Error::write(
                    out,
                    "two views would be written to this one file; give the views names that \
                     differ in more than punctuation",
                ));
            }
        }
        Ok(())
    }

    /// Checks what can be checked before anything is written: the outputs (see
    /// [`ExportPlan::guard`]), and every photo shown (unless in `loaded`) can be read.
    pub fn check(&self, loaded: &Loaded) -> Result<()> {
        self.guard()?;
        if let Files::Pdf(out) = &self.files
            && Format::of(out) != Format::Pdf
        {
            return Err(Error::write(
                out,
                "the consultation sheet is a PDF: name the file .pdf",
            ));
        }
        for index in self.views() {
            let path = &self.project.views[index].photo;
            if !loaded.iter().any(|(p, _)| p == path) {
                photo::upright_size(path)?;
            }
        }
        Ok(())
    }

    /// Checks, renders and writes every file, telling `progress` how far it has come (a fraction
    /// of the whole and what it is doing) and stopping with [`Error::Cancelled`] once `cancel` is
    /// set. Returns the first file written.
    pub fn run(
        &self,
        loaded: &Loaded,
        progress: &mut dyn FnMut(f32, &'static str),
        cancel: &AtomicBool,
    ) -> Result<PathBuf> {
        self.check(loaded)?;
        let photo_of = |index: usize| -> Result<Arc<RgbImage>> {
            let path = &self.project.views[index].photo;
            match loaded.iter().find(|(p, _)| p == path) {
                Some((_, image)) => Ok(Arc::clone(image)),
                None => photo::load(path).map(Arc::new),
            }
        };
        let stop = || {
            if cancel.load(Ordering::Relaxed) {
                Err(Error::Cancelled)
            } else {
                Ok(())
            }
        };
        let first = match &self.files {
            Files::Pdf(out) => {
                let count = self.project.views.len();
                let mut photos = Vec::with_capacity(count);
                for index in 0..count {
                    progress(
                        0.05 + 0.3 * index as f32 / count as f32,
                        "Reading the photos…",
                    );
                    stop()?;
                    photos.push(Arc::unwrap_or_clone(photo_of(index)?));
                }
                progress(0.4, "Rendering and writing the sheet…");
                stop()?;
                sheet::write_sheet_as(&self.project, &photos, out, self.mode)?;
                out.clone()
            }
            Files::Sheet(out) => {
                let count = self.project.views.len();
                let mut rows = Vec::with_capacity(count);
                let mut copies = Vec::new();
                for index in 0..count {
                    progress(0.05 + 0.8 * index as f32 / count as f32, "Rendering views…");
                    stop()?;
                    let view = self.project.with_view(index);
                    let image = photo_of(index)?;
                    self.add_copy(&mut copies, out, index, Some(&image));
                    let scene = Scene::for_photo(&view, &image)?;
                    rows.push(sheet_row(&view.view().name, &image, &scene));
                }
                progress(0.9, "Writing the file…");
                let sheet = contact_sheet(&rows, &self.project, &self.options);
                write_picture(&sheet, out, &self.project, &copies, self.mode)?;
                out.clone()
            }
            Files::Views(targets) => {
                let mut copies = Vec::new();
                let step = 1.0 / targets.len() as f32;
                let mut written: Vec<&Path> = Vec::new();
                let mut write_all = || -> Result<()> {
                    for (k, (index, out)) in targets.iter().enumerate() {
                        let base = k as f32 * step;
                        let view = self.project.with_view(*index);
                        progress(base + 0.05 * step, "Placing dots…");
                        let image = photo_of(*index)?;
                        if k == 0 {
                            // Every PNG carries the whole project, so a copy of every view's
                            // photo.
                            self.add_copy(&mut copies, out, *index, Some(&image));
                            for other in 0..self.project.views.len() {
                                self.add_copy(&mut copies, out, other, None);
                            }
                        }
                        let scene = Scene::for_photo(&view, &image)?;
                        stop()?;
                        progress(base + 0.35 * step, "Compositing…");
                        let picture =
                            compose(Arc::unwrap_or_clone(image), &scene, &view, &self.options);
                        stop()?;
                        progress(base + 0.7 * step, "Writing the file…");
                        write_picture(&picture, out, &view, &copies, self.mode)?;
                        written.push(out);
                    }
                    Ok(())
                };
                if let Err(e) = write_all() {
                    // The new files of a set that cannot be finished are taken back: this
                    // export made them, so nothing older is touched.
                    if self.mode == Mode::Create {
                        for done in &written {
                            let _ = std::fs::remove_file(done);
                        }
                    }
                    return Err(e);
                }
                targets
                    .first()
                    .map_or_else(PathBuf::new, |(_, out)| out.clone())
            }
        };
        progress(1.0, "Done");
        Ok(first)
    }

    /// Adds to `copies` the reduced copy of view `index`'s photo that a PNG at `out` carries (one
    /// per photo file name; none for a JPEG or a PDF), made from `photo` or else read from disk.
    /// A photo that cannot be read (of a view not shown) is left out: the mock-up then opens only
    /// beside that photo.
    fn add_copy(
        &self,
        copies: &mut Vec<PhotoCopy>,
        out: &Path,
        index: usize,
        photo: Option<&RgbImage>,
    ) {
        let view = &self.project.views[index];
        let Some(name) = view.photo.file_name().and_then(|n| n.to_str()) else {
            return;
        };
        if Format::of(out) != Format::Png || copies.iter().any(|c| c.name == name) {
            return;
        }
        let copy = match (&view.reduced, photo) {
            (Some(reduced), _) => Ok(PhotoCopy {
                name: name.to_string(),
                full_size: reduced.full_size,
                size: reduced.size,
                jpeg: reduced.jpeg.to_vec(),
            }),
            (None, Some(photo)) => PhotoCopy::of(name, photo, view.scale.px_per_mm)
                .map_err(|e| Error::write(out, e.to_string())),
            (None, None) => photo::load(&view.photo).and_then(|photo| {
                PhotoCopy::of(name, &photo, view.scale.px_per_mm)
                    .map_err(|e| Error::write(out, e.to_string()))
            }),
        };
        match copy {
            Ok(copy) => copies.push(copy),
            Err(e) => log::info!("no reduced copy of the {} view's photo: {e}", view.name),
        }
    }
}
