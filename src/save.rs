//! Saving a file so that nothing is lost whatever happens during the save.
//!
//! The text goes to a temporary file in the target's folder, created exclusively under an
//! unpredictable name (the `tempfile` crate: `O_EXCL`, no link followed, so a link planted
//! at a guessable name cannot redirect the write), is flushed to disk, and is then renamed
//! over the target. A crash, a full disk or a killed process leaves the old file whole; the
//! temporary file is removed on every error path, and one left by a killed process is
//! removed by the next save of the same file.
//!
//! - The old file's permissions are kept (a 0600 economy stays 0600); a new file gets the
//!   usual 0666 less the umask.
//! - A symbolic link is written through: the file it points to is replaced and the link is
//!   kept (renaming over the link would have replaced the link with a plain file).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// A temporary file this old, named for the target, is the leftover of a killed save. No
/// save takes this long, so one in progress elsewhere is never removed.
const STALE: Duration = Duration::from_secs(15 * 60);

/// Writes `text` to `path` atomically, as the module describes.
///
/// # Errors
/// [`Error::Io`] naming `path`: a folder that does not exist or cannot be written, a disk
/// that is full, a link that points nowhere.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let shown = path.display().to_string();
    // The system's reason alone: tempfile adds the temporary file's name, which means
    // nothing to the person who asked to save `path`.
    let io = |e: std::io::Error| Error::Io {
        path: shown.clone(),
        message: reason(&e),
    };
    let target = resolve_link(path).map_err(io)?;
    let name = target
        .file_name()
        .ok_or_else(|| Error::Io {
            path: shown.clone(),
            message: "not a file name".into(),
        })?
        .to_string_lossy()
        .into_owned();
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let prefix = format!(".{name}.");
    remove_stale(&folder, &prefix);
    let old = fs::metadata(&target).ok();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created as any new file is (0666 less the umask); tempfile's default is 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&folder).map_err(io)?;
    if let Some(old) = &old {
        // Set on the open file, so the umask does not narrow them.
        tmp.as_file().set_permissions(old.permissions()).map_err(io)?;
    }
    tmp.write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // On failure the temporary file is dropped, and so deleted, with the error.
    tmp.persist(&target).map_err(|e| io(e.error))?;
    // The rename is durable once the folder is on disk too; a folder that cannot be synced
    // (some network file systems) still has the new file.
    if let Ok(dir) = fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// An I/O error's own words, without the temporary file's name that tempfile appends
/// (`... at path "/data/.economy.toml.Rw3e2y.tmp"`; it keeps no other way to the bare error).
fn reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// The file `path` names, following symbolic links; `path` itself if it is not a link.
fn resolve_link(path: &Path) -> std::io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Removes temporary files of earlier saves of the same file that a killed process left.
fn remove_stale(folder: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE);
        if meta.is_file() && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
