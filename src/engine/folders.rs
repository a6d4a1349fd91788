//! Follicle's own folders (settings, presets, recovery files): created private, so that what the
//! app keeps of a consultation is readable by the practitioner's account alone.

use std::path::{Path, PathBuf};

/// Creates `dir` and any missing parents. On Unix each folder created here is `0700` (owner
/// only); folders that already exist keep their permissions, so a folder the practitioner shares
/// on purpose is never tightened or loosened behind their back.
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// The app's settings folder: `FOLLICLE_CONFIG_DIR` when that is set, else the platform's
/// (`%APPDATA%\Follicle`, `~/Library/Application Support/Follicle`, `$XDG_CONFIG_HOME/follicle`
/// or `~/.config/follicle`). None when the platform gives no home folder.
pub fn settings_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("FOLLICLE_CONFIG_DIR") {
        Some(dir)
    } else if cfg!(windows) {
        Some(var("APPDATA")?.join("Follicle"))
    } else if cfg!(target_os = "macos") {
        Some(var("HOME")?.join("Library/Application Support/Follicle"))
    } else if let Some(xdg) = var("XDG_CONFIG_HOME") {
        Some(xdg.join("follicle"))
    } else {
        Some(var("HOME")?.join(".config/follicle"))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn folders_created_are_private_and_existing_ones_keep_their_mode() {
        let root = tempfile::tempdir().expect("temp dir");
        let shared = root.path().join("shared");
        std::fs::create_dir(&shared).expect("shared folder");
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let deep = shared.join("settings").join("recovery");
        create_private_dir_all(&deep).expect("created");
        assert_eq!(mode(&shared), 0o755, "an existing folder is left as it was");
        assert_eq!(mode(&shared.join("settings")), 0o700);
        assert_eq!(mode(&deep), 0o700);
        // Again: nothing changes, nothing fails.
        std::fs::set_permissions(&deep, std::fs::Permissions::from_mode(0o750)).expect("chmod");
        create_private_dir_all(&deep).expect("exists");
        assert_eq!(
            mode(&deep),
            0o750,
            "an existing folder is never loosened or tightened"
        );
    }
}
