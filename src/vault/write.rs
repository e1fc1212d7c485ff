//! Atomic, conflict-safe writes: write a temporary file beside the target, flush it to
//! disk, then rename it over the target, so a reader sees the old file or the new one,
//! never half of either. Before that, the file on disk is compared with the version that
//! was read; if it changed, nothing is written and the caller gets a conflict.
//!
//! Flushing takes milliseconds, and another program may save the file meanwhile, so the
//! file is compared again just before the rename: what remains is a window of
//! microseconds. Cairn's own writers (two `cairn task` runs, the app and the command
//! line) take an advisory lock on the file for the whole write, so they never race each
//! other at all: the second reads the first's result and reports a conflict.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::files::FileVersion;

/// Why a write did not happen. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file changed (or appeared, or vanished) since it was read.
    #[error("{path} changed on disk since Cairn read it; nothing was written")]
    Conflict { path: String },
    #[error("{path} leads outside the vault; Cairn writes only inside it")]
    OutsideVault { path: String },
    /// The page is a link to nothing: writing would replace the link with a file.
    #[error("{path} is a link to nothing; nothing was written")]
    BrokenLink { path: String },
    #[error("{path}: {}", super::io_reason(.source))]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// An advisory lock on the file at `target`, held until dropped; `None` when there is no
/// file yet. The lock is taken on the file the path names at that moment: if another
/// writer renamed a new file into place while this one waited, it locks that one instead.
fn lock_target(target: &Path) -> std::io::Result<Option<std::fs::File>> {
    loop {
        let file = match std::fs::File::open(target) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        file.lock()?;
        if same_file(&file, target)? {
            return Ok(Some(file));
        }
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, target: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (held, named) = (file.metadata()?, std::fs::metadata(target));
    Ok(named.is_ok_and(|named| named.ino() == held.ino() && named.dev() == held.dev()))
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, _target: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// The file's bytes, or `None` when there is none.
fn read_current(target: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(target) {
        Ok(current) => Ok(Some(current)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
thread_local! {
    /// Runs just before the rename, to let a test save the file in the write window.
    static BEFORE_RENAME: std::cell::RefCell<Option<Box<dyn Fn()>>> =
        const { std::cell::RefCell::new(None) };
}

pub(crate) fn write_atomic(
    target: &Path,
    relative: &str,
    bytes: &[u8],
    expected: Option<&FileVersion>,
) -> Result<FileVersion, WriteError> {
    let io = |source: std::io::Error| WriteError::Io {
        path: relative.to_string(),
        source,
    };
    let conflict = || WriteError::Conflict {
        path: relative.to_string(),
    };
    let _lock = lock_target(target).map_err(io)?;
    let current = read_current(target).map_err(io)?;
    match (expected, &current) {
        (Some(version), Some(current)) if FileVersion::of(current, None).hash != version.hash => {
            return Err(conflict())
        }
        (Some(_), None) | (None, Some(_)) => return Err(conflict()),
        _ => {}
    }
    let parent = target
        .parent()
        .ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?;
    std::fs::create_dir_all(parent).map_err(io)?;
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `files.rs` recognises this name, and removes a file of it left by a stopped write.
    let temp = parent.join(format!(
        ".{file_name}.cairn-{}-{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        if let Ok(metadata) = std::fs::metadata(target) {
            // Keep the permissions the user gave the file.
            file.set_permissions(metadata.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        #[cfg(test)]
        BEFORE_RENAME.with(|hook| {
            if let Some(hook) = hook.borrow().as_ref() {
                hook()
            }
        });
        // Saved by another program while this one was flushing: theirs stays.
        if read_current(target)? != current {
            return Ok(false);
        }
        std::fs::rename(&temp, target)?;
        if let Ok(dir) = std::fs::File::open(parent) {
            // Makes the rename itself durable; not every platform supports syncing a folder.
            let _ = dir.sync_all();
        }
        Ok(true)
    })();
    match result {
        Ok(true) => {}
        Ok(false) => {
            let _ = std::fs::remove_file(&temp);
            return Err(conflict());
        }
        Err(error) => {
            let _ = std::fs::remove_file(&temp);
            return Err(io(error));
        }
    }
    let modified = std::fs::metadata(target).and_then(|m| m.modified()).ok();
    Ok(FileVersion::of(bytes, modified))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version_of(path: &Path) -> FileVersion {
        FileVersion::of(&std::fs::read(path).unwrap(), None)
    }

    #[test]
    fn regression_a_save_by_another_program_while_flushing_is_kept_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("note.md");
        std::fs::write(&target, "- read by Cairn\n").unwrap();
        let read = version_of(&target);
        let saved_by_them = target.clone();
        BEFORE_RENAME.with(|hook| {
            *hook.borrow_mut() = Some(Box::new(move || {
                std::fs::write(&saved_by_them, "- saved by another editor\n").unwrap()
            }))
        });
        let outcome = write_atomic(&target, "note.md", b"- written by Cairn\n", Some(&read));
        BEFORE_RENAME.with(|hook| *hook.borrow_mut() = None);
        assert!(
            matches!(outcome, Err(WriteError::Conflict { .. })),
            "{outcome:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "- saved by another editor\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the temporary file is removed");
    }

    #[test]
    fn regression_cairns_own_writers_to_one_file_never_lose_an_update() {
        // Each writer appends its lines one at a time, reading the file and writing it
        // back with the version it read, retrying on a conflict: every line must be there.
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("note.md");
        std::fs::write(&target, "").unwrap();
        let writers: Vec<_> = (0..6)
            .map(|writer| {
                let target = target.clone();
                std::thread::spawn(move || {
                    for line in 0..15 {
                        loop {
                            let text = std::fs::read_to_string(&target).unwrap();
                            let read = FileVersion::of(text.as_bytes(), None);
                            let new = format!("{text}- {writer}.{line}\n");
                            match write_atomic(&target, "note.md", new.as_bytes(), Some(&read)) {
                                Ok(_) => break,
                                Err(WriteError::Conflict { .. }) => continue,
                                Err(error) => panic!("{error}"),
                            }
                        }
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let text = std::fs::read_to_string(&target).unwrap();
        assert_eq!(text.lines().count(), 6 * 15, "{text}");
    }
}
