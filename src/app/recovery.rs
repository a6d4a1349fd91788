//! Recovery files: the open consultation as it was a minute ago, kept beside the app's settings
//! so that a crash or a power cut loses at most that minute.
//!
//! Each running app is a *session* with two files in the recovery folder: `session-<id>.lock`,
//! locked for as long as the session lives (the operating system lets go of the lock when the
//! process dies, however it dies), and `session-<id>.ron`, its autosave. A recovery file whose
//! lock can be taken belongs to a session that is gone: that is what the next start offers to
//! restore. Two apps running at once never touch each other's files.
//!
//! A recovery file is a project file (the same RON text `save` writes, with every photo path
//! absolute) with a comment header saying when it was written and which project file it belongs
//! to. A recovery file that was dealt with (restored or discarded) is moved to `kept/`, where the
//! newest few stay, so a mistaken Discard can still be undone by opening the copy.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::engine::error::describe_io;
use crate::engine::files::{self, Mode};
use crate::engine::folders::create_private_dir_all;
use crate::engine::project::Project;

/// The first line of every recovery file.
const HEADER: &str =
    "// Follicle recovery file: a consultation with changes that were not saved yet.";
const WRITTEN: &str = "// written: ";
const BELONGS_TO: &str = "// project: ";
/// How many dealt-with recovery files `kept/` holds.
const KEPT: usize = 5;
/// Largest recovery file read (the project limit).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The recovery folder inside the app's settings folder (None without a home folder).
pub fn default_dir() -> Option<PathBuf> {
    crate::engine::folders::settings_dir().map(|dir| dir.join("recovery"))
}

/// What a recovery file holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    pub project: Project,
    /// The project file it belongs to (None: a consultation never saved).
    pub path: Option<PathBuf>,
    /// When it was written.
    pub written: jiff::Timestamp,
}

/// This app's own session: its lock, held while it runs, and its recovery file.
pub struct Session {
    dir: PathBuf,
    file: PathBuf,
    lock_path: PathBuf,
    /// Held while the session runs (let go of before its file is removed: Windows cannot remove
    /// an open file).
    lock: Option<File>,
}

/// A recovery file left by a session that is gone, locked by this app until it is dealt with.
pub struct Orphan {
    pub file: PathBuf,
    lock_path: PathBuf,
    lock: File,
}

impl Session {
    /// Starts a session in `dir` (created private if it is missing).
    pub fn start(dir: &Path) -> Result<Session, String> {
        create_private_dir_all(dir).map_err(|e| {
            format!(
                "{}: cannot create the recovery folder: {}",
                dir.display(),
                describe_io(&e)
            )
        })?;
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let id = format!("{}-{since:x}", std::process::id());
        let lock_path = dir.join(format!("session-{id}.lock"));
        let lock = open_lock(&lock_path)
            .map_err(|e| format!("{}: {}", lock_path.display(), describe_io(&e)))?;
        lock.try_lock()
            .map_err(|e| format!("{}: cannot lock: {e}", lock_path.display()))?;
        Ok(Session {
            dir: dir.to_path_buf(),
            file: dir.join(format!("session-{id}.ron")),
            lock_path,
            lock: Some(lock),
        })
    }

    /// This session's recovery file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Writes `project` (belonging to `path`) as this session's recovery file, atomically and
    /// readable by the owner alone.
    pub fn write(&self, project: &Project, path: Option<&Path>) -> Result<(), String> {
        let text = recovery_text(project, path, jiff::Timestamp::now())?;
        files::write_atomic(&self.file, Mode::Write, |w| {
            w.write_all(text.as_bytes()).map_err(|e| describe_io(&e))
        })
        .map_err(|e| e.to_string())?;
        make_private(&self.file);
        Ok(())
    }

    /// Removes this session's recovery file (nothing unsaved is left).
    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.file);
    }

    /// The recovery files of sessions that are gone, oldest first. Files of sessions still
    /// running are left alone; the lock files of finished sessions are tidied away.
    pub fn orphans(&self) -> Vec<Orphan> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<(std::time::SystemTime, Orphan)> = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path == self.file || path == self.lock_path {
                continue;
            }
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_prefix("session-") else {
                continue;
            };
            if let Some(id) = stem.strip_suffix(".ron") {
                let lock_path = self.dir.join(format!("session-{id}.lock"));
                let Ok(lock) = open_lock(&lock_path) else {
                    continue;
                };
                // Locked: that session is running.
                if lock.try_lock().is_err() {
                    continue;
                }
                let modified = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                let orphan = Orphan {
                    file: path,
                    lock_path,
                    lock,
                };
                found.push((modified, orphan));
            } else if let Some(id) = stem.strip_suffix(".lock") {
                let autosave = self.dir.join(format!("session-{id}.ron"));
                if !autosave.exists()
                    && let Ok(lock) = open_lock(&path)
                    && lock.try_lock().is_ok()
                {
                    drop(lock);
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        found.sort_by_key(|(modified, _)| *modified);
        found.into_iter().map(|(_, orphan)| orphan).collect()
    }
}

impl Orphan {
    /// Reads the recovery file.
    pub fn read(&self) -> Result<Recovered, String> {
        let bytes = std::fs::File::open(&self.file)
            .and_then(|f| {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_BYTES + 1), &mut bytes)
                    .map(|_| bytes)
            })
            .map_err(|e| describe_io(&e))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err("too large to be a recovery file".into());
        }
        let text = String::from_utf8(bytes).map_err(|_| "not text".to_string())?;
        parse(&text, &self.file)
    }

    /// Moves the recovery file to `kept/` (keeping the newest few there) and lets go of it;
    /// returns where it went.
    pub fn keep(self) -> Option<PathBuf> {
        let dir = files::folder_of(&self.file).join("kept");
        let stamp = jiff::Timestamp::now().as_second();
        let name = self
            .file
            .file_name()
            .map_or("session.ron".into(), |n| n.to_string_lossy().into_owned());
        let kept = dir.join(format!("{stamp}-{name}"));
        let moved =
            create_private_dir_all(&dir).is_ok() && std::fs::rename(&self.file, &kept).is_ok();
        self.release();
        if !moved {
            return None;
        }
        prune(&dir);
        Some(kept)
    }

    /// Sets a recovery file that cannot be read aside as `<name>.damaged` (never offered again,
    /// never deleted); returns its new name.
    pub fn set_aside(self) -> PathBuf {
        let mut aside = self.file.as_os_str().to_owned();
        aside.push(".damaged");
        let aside = PathBuf::from(aside);
        let _ = std::fs::rename(&self.file, &aside);
        self.release();
        aside
    }

    fn release(self) {
        drop(self.lock);
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

impl Drop for Session {
    /// A clean quit: the consultation was saved or its changes were dropped on purpose, so the
    /// recovery file goes. After a panic it stays, for the next start to offer.
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let _ = std::fs::remove_file(&self.file);
        drop(self.lock.take());
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// The text of a recovery file.
fn recovery_text(
    project: &Project,
    path: Option<&Path>,
    written: jiff::Timestamp,
) -> Result<String, String> {
    let mut absolute = project.clone();
    for view in &mut absolute.views {
        if let Ok(real) = std::path::absolute(&view.photo) {
            view.photo = real;
        }
    }
    let body = absolute
        .try_to_ron()
        .map_err(|e| format!("the photo's path cannot be stored ({e})"))?;
    // Absolute, so that the next start finds it from whatever folder it is started in.
    let path = path.map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let belongs = match path.as_deref().and_then(Path::to_str) {
        Some(p) => ron::to_string(p).map_err(|e| e.to_string())?,
        None => "none".into(),
    };
    Ok(format!(
        "{HEADER}\n{WRITTEN}{written}\n{BELONGS_TO}{belongs}\n{body}\n"
    ))
}

/// Reads a recovery file's text; `file` names it in messages.
fn parse(text: &str, file: &Path) -> Result<Recovered, String> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err("not a Follicle recovery file".into());
    }
    let written = lines
        .next()
        .and_then(|l| l.strip_prefix(WRITTEN))
        .and_then(|t| t.trim().parse::<jiff::Timestamp>().ok())
        .ok_or("no time of writing")?;
    let belongs = lines
        .next()
        .and_then(|l| l.strip_prefix(BELONGS_TO))
        .ok_or("no project line")?
        .trim();
    let path = if belongs == "none" {
        None
    } else {
        let p: String = ron::from_str(belongs).map_err(|_| "a damaged project line")?;
        Some(PathBuf::from(p))
    };
    let project = Project::from_ron(text, file).map_err(|e| match e {
        crate::engine::error::Error::Project { problem, .. } => problem,
        e => e.to_string(),
    })?;
    Ok(Recovered {
        project,
        path,
        written,
    })
}

/// Opens (creating it owner-only) a session's lock file.
fn open_lock(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Recovery files are for the practitioner's eyes only.
fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Keeps the newest [`KEPT`] files of `dir`.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    // Names start with the time they were kept, in seconds: newest last.
    names.sort_by_key(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('-').next())
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let excess = names.len().saturating_sub(KEPT);
    for old in names.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::units::Scale;

    fn project() -> Project {
        let mut p = Project::new(PathBuf::from("/photos/jane.png"), Scale::calibrated(6.0), 7);
        p.client.name = "Jane Doe".into();
        p.view_mut().layers[0].density = 123.0;
        p
    }

    #[test]
    fn a_recovery_file_reads_back_as_written() {
        let when: jiff::Timestamp = "2026-11-25T13:03:00Z".parse().expect("time");
        let belongs = PathBuf::from("/clients/jane \"doe\".ron");
        let text = recovery_text(&project(), Some(&belongs), when).expect("text");
        let back = parse(&text, Path::new("r.ron")).expect("parsed");
        assert_eq!(back.project, project());
        assert_eq!(back.path.as_deref(), Some(belongs.as_path()));
        assert_eq!(back.written, when);
        let unsaved = recovery_text(&project(), None, when).expect("text");
        assert_eq!(
            parse(&unsaved, Path::new("r.ron")).expect("parsed").path,
            None
        );
    }

    #[test]
    fn damage_is_described_in_one_line() {
        let when: jiff::Timestamp = "2026-11-25T13:03:00Z".parse().expect("time");
        let text = recovery_text(&project(), None, when).expect("text");
        for damaged in [
            String::new(),
            "(version: 5)".into(),
            text.replace("2026-11-25T13:03:00Z", "yesterday"),
            text[..text.len() / 2].to_string(),
        ] {
            let e = parse(&damaged, Path::new("r.ron")).expect_err("damaged");
            assert!(!e.is_empty() && !e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn only_the_files_of_sessions_that_are_gone_are_offered() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = Session::start(dir.path()).expect("first");
        first.write(&project(), None).expect("written");
        let second = Session::start(dir.path()).expect("second");
        assert!(
            second.orphans().is_empty(),
            "a running session's file is not offered"
        );
        // A session that died: its file is there, nothing holds its lock.
        let dead = dir.path().join("session-dead.ron");
        std::fs::copy(first.file(), &dead).expect("copy");
        let orphans = second.orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].file, dead);
        assert_eq!(orphans[0].read().expect("read").project, project());
        // Taken by this app: another start does not offer it too.
        let third = Session::start(dir.path()).expect("third");
        assert!(third.orphans().is_empty());
        let kept = orphans
            .into_iter()
            .next()
            .expect("orphan")
            .keep()
            .expect("kept");
        assert!(!dead.exists() && kept.starts_with(dir.path().join("kept")));
        assert!(second.orphans().is_empty());
    }

    #[test]
    fn a_damaged_file_is_set_aside_and_never_offered_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::start(dir.path()).expect("session");
        std::fs::write(dir.path().join("session-x.ron"), "(garbage").expect("write");
        let orphan = session.orphans().into_iter().next().expect("offered");
        assert!(orphan.read().is_err());
        let aside = orphan.set_aside();
        assert!(aside.exists());
        assert!(session.orphans().is_empty());
    }

    #[test]
    fn a_clean_end_removes_the_session_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = Session::start(dir.path()).expect("session");
        session.write(&project(), None).expect("written");
        drop(session);
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn recovery_files_and_their_folder_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("settings").join("recovery");
        let session = Session::start(&dir).expect("session");
        session.write(&project(), None).expect("written");
        session.write(&project(), None).expect("written again");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&root.path().join("settings")), 0o700);
        assert_eq!(mode(session.file()), 0o600);
        assert_eq!(mode(&session.lock_path), 0o600);
    }
}
