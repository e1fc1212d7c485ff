//! The app's own small files in its config folder (the recent vaults, the appearance):
//! JSON, read leniently and written whole.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// What `file` holds; `None` when it is missing or unreadable, which every caller takes
/// for its default: a settings file is a convenience, never a reason to fail.
pub(super) fn load<T: DeserializeOwned>(file: &Path) -> Option<T> {
    let text = std::fs::read_to_string(file).ok()?;
    serde_json::from_str(&text).ok()
}

/// Writes `value` to `file`, beside it first and renamed into place, so that a crash leaves
/// the old file, not half of one.
pub(super) fn save<T: Serialize>(file: &Path, value: &T) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temporary = file.with_extension("json.tmp");
    std::fs::write(&temporary, serde_json::to_vec_pretty(value)?)?;
    std::fs::rename(&temporary, file)
}
