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

/// Where the app files consultations: `FOLLICLE_PROJECTS_DIR` when that is set, else a
/// `Follicle` folder in the practitioner's Documents (or home) folder. None without a home folder.
pub fn consultations_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FOLLICLE_PROJECTS_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)?;
    let documents = home.join("Documents");
    Some(if documents.is_dir() { documents } else { home }.join("Follicle"))
}

/// The folder of the client `name` inside `root`: the name made safe as one folder name on every
/// system (no separators or characters Windows refuses, no leading or trailing dots or spaces, at
/// most 60 characters). A client without a usable name is filed in `root` itself.
pub fn client_folder(root: &Path, name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let safe: String = safe.chars().take(60).collect();
    let safe = safe.trim_matches(|c: char| c == '.' || c == ' ');
    // Names Windows keeps for devices cannot be folders there.
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&safe.to_ascii_uppercase().as_str())
        || (safe.len() == 4
            && safe.is_ascii()
            && ["COM", "LPT"].contains(&safe[..3].to_ascii_uppercase().as_str())
            && safe.as_bytes()[3].is_ascii_digit());
    if safe.is_empty() || reserved {
        root.to_path_buf()
    } else {
        root.join(safe)
    }
}

#[cfg(test)]
mod naming_tests {
    use super::*;

    #[test]
    fn client_names_become_one_safe_folder() {
        let root = Path::new("/c");
        assert_eq!(client_folder(root, "Ana Díaz"), root.join("Ana Díaz"));
        assert_eq!(
            client_folder(root, "  ../../etc/passwd "),
            root.join("etc passwd")
        );
        assert_eq!(
            client_folder(root, "J. Smith: crown?"),
            root.join("J. Smith crown")
        );
        assert_eq!(client_folder(root, "a\tb\nc"), root.join("a b c"));
        assert_eq!(client_folder(root, "..."), root);
        assert_eq!(client_folder(root, ""), root);
        assert_eq!(client_folder(root, "con"), root);
        assert_eq!(client_folder(root, "COM1"), root);
        assert_eq!(client_folder(root, "Conrad"), root.join("Conrad"));
        let long = "x".repeat(200);
        assert_eq!(client_folder(root, &long), root.join("x".repeat(60)));
        assert_eq!(
            client_folder(root, "李明").file_name(),
            Some("李明".as_ref())
        );
        assert_eq!(client_folder(root, "a€"), root.join("a€"));
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
