//! Atomic, conflict-safe writes: write a temporary file beside the target, flush it to
//! disk, then rename it over the target, so a reader sees the old file or the new one,
//! never half of either. Before that, the file on disk is compared with the version that
//! was read; if it changed, nothing is written and the caller gets a conflict.

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
    #[error("{path} is outside the vault")]
    OutsideVault { path: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

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
    let current = match std::fs::read(target) {
        Ok(current) => Some(current),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(io(error)),
    };
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
        std::fs::rename(&temp, target)?;
        if let Ok(dir) = std::fs::File::open(parent) {
            // Makes the rename itself durable; not every platform supports syncing a folder.
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io(error));
    }
    let modified = std::fs::metadata(target).and_then(|m| m.modified()).ok();
    Ok(FileVersion::of(bytes, modified))
}
