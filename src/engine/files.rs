//! Files on disk: the one atomic writer, the guard that keeps the client's photo from being
//! overwritten, and path helpers. Everything that writes a file (projects, presets, mock-ups)
//! writes it here.

use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use crate::engine::error::{Error, Result, describe_io};

/// How [`write_atomic`] treats the file it replaces, and how its errors read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Saving a document: errors say "cannot save"; with `backup`, the previous version is kept as
    /// `<file>.bak`.
    Save { backup: bool },
    /// Writing an export over whatever is there: errors say "cannot write".
    Write,
    /// Writing a file that must not exist yet: it is created only if no file has that name at the
    /// moment it appears (another program writing the same name at the same time makes this one
    /// fail with [`Error::Exists`], never replace its file).
    Create,
}

impl Mode {
    fn verb(self) -> &'static str {
        match self {
            Mode::Save { .. } => "save",
            Mode::Write | Mode::Create => "write",
        }
    }
}

/// Writes the file at `path` so that readers see either the old file or the complete new one:
/// `write` streams into a temporary file in the same folder, which is synced, (the old file backed
/// up if asked) renamed over `path` (or, with [`Mode::Create`], linked there only if the name is
/// free), and the folder synced so that the rename survives a crash. Nothing is left behind on
/// failure, and a full disk is said plainly. `write` reports its own failures as a short text.
pub fn write_atomic(
    path: &Path,
    mode: Mode,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), String>,
) -> Result<()> {
    let verb = mode.verb();
    if path.is_dir() {
        return Err(Error::write(path, "is a folder"));
    }
    let existed = std::fs::symlink_metadata(path).is_ok();
    if mode == Mode::Create && existed {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let io = |e: &std::io::Error| match disk_full(e.kind(), mode, existed) {
        Some(problem) => Error::write(path, problem),
        None => Error::write(path, format!("cannot {verb}: {}", describe_io(e))),
    };
    let folder = folder_of(path);
    remove_stale_temps(folder);
    let mut temp = new_temp(folder).map_err(|e| io(&e))?;
    {
        let mut watched = Watched {
            file: temp.as_file_mut(),
            failure: None,
        };
        let mut buffered = BufWriter::with_capacity(1 << 20, &mut watched);
        let written =
            write(&mut buffered).and_then(|()| buffered.flush().map_err(|e| describe_io(&e)));
        drop(buffered);
        if let Err(message) = written {
            return Err(
                match watched.failure.and_then(|k| disk_full(k, mode, existed)) {
                    Some(problem) => Error::write(path, problem),
                    None => Error::write(path, format!("cannot {verb}: {message}")),
                },
            );
        }
    }
    temp.as_file().sync_all().map_err(|e| io(&e))?;
    keep_permissions(&temp, path);
    if mode == (Mode::Save { backup: true }) && existed {
        write_backup(path, folder).map_err(|e| io(&e))?;
    }
    if mode == Mode::Create {
        match temp.persist_noclobber(path) {
            Ok(_) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Exists {
                    path: path.to_path_buf(),
                });
            }
            // A file system with neither a "no replace" rename nor hard links (FAT on a USB
            // stick): the name is checked just before, which is all such a disk allows.
            Err(e) if std::fs::symlink_metadata(path).is_err() => {
                e.file.persist(path).map_err(|e| io(&e.error))?;
            }
            // The name was taken meanwhile.
            Err(_) => {
                return Err(Error::Exists {
                    path: path.to_path_buf(),
                });
            }
        }
    } else {
        temp.persist(path).map_err(|e| io(&e.error))?;
    }
    // Make the rename itself durable (no-op where folders cannot be opened, e.g. Windows).
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The temporary file being written, remembering the kind of the first error a write to it met:
/// a full disk is told as such whatever the encoder made of the error.
struct Watched<'a> {
    file: &'a mut std::fs::File,
    failure: Option<std::io::ErrorKind>,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf).inspect_err(|e| {
            self.failure.get_or_insert(e.kind());
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush().inspect_err(|e| {
            self.failure.get_or_insert(e.kind());
        })
    }
}

/// The message for a write that failed because the disk (or the user's quota) is full, saying
/// what became of the file: nothing was written, and a previous version is as it was.
fn disk_full(kind: std::io::ErrorKind, mode: Mode, existed: bool) -> Option<String> {
    use std::io::ErrorKind;
    let full = match kind {
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::QuotaExceeded => "the disk quota is used up",
        _ => return None,
    };
    Some(match (mode, existed) {
        (Mode::Save { .. }, true) => {
            format!("{full}: it was not saved (the previous version is intact)")
        }
        (Mode::Save { .. }, false) => format!("{full}: it was not saved"),
        (_, true) => format!("{full}: it was not written (the previous file is intact)"),
        (_, false) => format!("{full}: nothing was written"),
    })
}

/// Names of the temporary files writes go through: `.follicle-<random>.tmp`.
const TEMP_PREFIX: &str = ".follicle-";
const TEMP_SUFFIX: &str = ".tmp";

/// A new temporary file in `folder`, created as any new file is (the user's umask decides who
/// may read it), not private.
fn new_temp(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// Gives `temp` the permissions of the file at `path`, if there is one: a file replaced or
/// backed up keeps who may read it (a private project stays private).
fn keep_permissions(temp: &tempfile::NamedTempFile, path: &Path) {
    if let Ok(existing) = std::fs::metadata(path) {
        let _ = temp.as_file().set_permissions(existing.permissions());
    }
}

/// Keeps the current `path` as its backup, written like any other file: a new file renamed into
/// place, so a link at the backup's name is replaced and never followed, and a failed copy (a full
/// disk) leaves the last good backup as it was. A file at that name that is not an earlier
/// backup (a photo someone named so) is left alone, and no backup is made.
fn write_backup(path: &Path, folder: &Path) -> std::io::Result<()> {
    let backup = backup_of(path);
    if let Ok(meta) = std::fs::symlink_metadata(&backup)
        && meta.is_file()
        && !holds_a_project(&backup)
    {
        return Ok(());
    }
    let mut temp = new_temp(folder)?;
    std::io::copy(&mut std::fs::File::open(path)?, temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    keep_permissions(&temp, path);
    temp.persist(&backup).map_err(|e| e.error)?;
    Ok(())
}

/// True if the file at `path` starts like a Follicle project (RON text opening with `(`).
fn holds_a_project(path: &Path) -> bool {
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..n]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.is_empty() || text.starts_with('(')
}

/// Where [`write_atomic`] keeps the previous version of `path`: `<file>.bak`.
pub fn backup_of(path: &Path) -> PathBuf {
    let mut backup = path.as_os_str().to_owned();
    backup.push(".bak");
    PathBuf::from(backup)
}

/// A temporary file this old was left by a write that never finished (the program was killed or
/// the power went): no save takes this long.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files of unfinished writes from `folder`: Follicle's own
/// (`.follicle-*.tmp`), older than an hour. Nothing else is touched; failures are ignored.
pub fn remove_stale_temps(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Refuses to write `output` over one of the client's `photos`: a mock-up or project must never
/// replace the photo it was made from, whatever name leads there (`./photo.png`, an absolute path,
/// a link).
pub fn guard_client_photos<'a>(
    output: &Path,
    photos: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    if photos.into_iter().any(|photo| same_file(output, photo)) {
        return Err(Error::ClientPhoto {
            path: output.to_path_buf(),
        });
    }
    Ok(())
}

/// True if `a` and `b` name the same file: the same path, or the same existing file by another
/// name (a link, `./`, an absolute path).
pub fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// The folder a file at `path` is in ("." for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// True if `path` ends in `.ext` (any case).
pub fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// True if `path` starts with the PNG signature (only those 8 bytes are read).
pub fn is_png(path: &Path) -> bool {
    let mut signature = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut signature))
        .is_ok()
        && signature == *b"\x89PNG\r\n\x1a\n"
}

/// File extensions of project files: `.ron`, and `.follicle` (the name a desktop associates with
/// Follicle).
pub const PROJECT_EXTENSIONS: [&str; 2] = ["ron", "follicle"];

/// True if `path` is named like a project file.
pub fn is_project_path(path: &Path) -> bool {
    PROJECT_EXTENSIONS.iter().any(|e| has_extension(path, e))
}

/// A name as a file-name part: its words in lower case joined by dashes ("Soft temples!" →
/// "soft-temples"); None if it has no letters or digits.
pub fn file_slug(name: &str) -> Option<String> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

/// A relative path from `base_dir` to `target` when both are absolute and share a root; else
/// `target` as given.
pub fn relative_path(target: &Path, base_dir: &Path) -> PathBuf {
    let (Ok(t), Ok(b)) = (std::path::absolute(target), std::path::absolute(base_dir)) else {
        return target.to_path_buf();
    };
    // `absolute` keeps `..`; resolve them so the result does not pass through other folders.
    let (t, b) = (lexically_normal(&t), lexically_normal(&b));
    let tc: Vec<_> = t.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return t;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c);
    }
    out
}

/// `path` with `.` removed and each `..` cancelling the folder before it (without following links).
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_temporaries_of_unfinished_writes_are_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let file = |name: &str, old: bool| {
            let path = dir.path().join(name);
            let f = std::fs::File::create(&path).expect("create");
            if old {
                f.set_modified(two_hours_ago).expect("age it");
            }
            path
        };
        let left = file(".follicle-a1b2c3.tmp", true);
        let writing = file(".follicle-d4e5f6.tmp", false);
        let theirs = file(".other-a1b2c3.tmp", true);
        let project = file("consult.ron", true);
        remove_stale_temps(dir.path());
        assert!(!left.exists(), "a killed write's leftover is removed");
        assert!(writing.exists(), "a write under way is left alone");
        assert!(
            theirs.exists() && project.exists(),
            "nothing else is touched"
        );
    }

    #[test]
    fn the_client_photo_is_found_under_any_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let photo = dir.path().join("photo.png");
        std::fs::write(&photo, b"photo").expect("write");
        let dotted = dir.path().join(".").join("photo.png");
        assert!(guard_client_photos(&dotted, [photo.as_path()]).is_err());
        let other = dir.path().join("out.png");
        assert!(guard_client_photos(&other, [photo.as_path()]).is_ok());
    }

    #[test]
    fn a_full_disk_says_what_was_kept() {
        use std::io::ErrorKind;
        let save = Mode::Save { backup: true };
        assert_eq!(
            disk_full(ErrorKind::StorageFull, save, true).as_deref(),
            Some("the disk is full: it was not saved (the previous version is intact)")
        );
        assert_eq!(
            disk_full(ErrorKind::StorageFull, Mode::Create, false).as_deref(),
            Some("the disk is full: nothing was written")
        );
        assert_eq!(disk_full(ErrorKind::PermissionDenied, save, true), None);
    }

    #[test]
    fn a_new_file_never_replaces_one_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.png");
        let text = |t: &'static str| {
            move |w: &mut dyn Write| w.write_all(t.as_bytes()).map_err(|e| e.to_string())
        };
        write_atomic(&path, Mode::Create, text("first")).expect("new file");
        let again = write_atomic(&path, Mode::Create, text("second"));
        assert!(matches!(again, Err(Error::Exists { .. })), "{again:?}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "first");
        // A link at the name counts as taken, even one leading nowhere.
        #[cfg(unix)]
        {
            let link = dir.path().join("link.png");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).expect("link");
            let linked = write_atomic(&link, Mode::Create, text("x"));
            assert!(matches!(linked, Err(Error::Exists { .. })), "{linked:?}");
            assert!(!dir.path().join("nowhere").exists());
        }
    }

    #[test]
    fn a_save_keeps_the_previous_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        let text = |t: &'static str| {
            move |w: &mut dyn Write| w.write_all(t.as_bytes()).map_err(|e| e.to_string())
        };
        write_atomic(&path, Mode::Save { backup: true }, text("one")).expect("first");
        write_atomic(&path, Mode::Save { backup: true }, text("two")).expect("second");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two");
        assert_eq!(
            std::fs::read_to_string(backup_of(&path)).expect("backup"),
            "one"
        );
        let failed = write_atomic(&path, Mode::Write, |_| Err("broken".into()));
        assert!(failed.is_err_and(|e| e.to_string().contains("cannot write: broken")));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two");
    }
}
