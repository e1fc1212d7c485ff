//! The vaults a person opened recently, newest first, kept in a small JSON file in the
//! app's config folder so the Open Vault dialog can offer them.

use std::path::Path;

/// How many vaults the list remembers.
const MAX_RECENT: usize = 10;

/// Reads the list; a missing or unreadable file is an empty list, never an error.
pub fn load(file: &Path) -> Vec<String> {
    super::config_file::load(file).unwrap_or_default()
}

/// Puts `vault` first in the list stored at `file` and returns the new list.
pub fn remember(file: &Path, vault: &Path) -> std::io::Result<Vec<String>> {
    let vault = vault.to_string_lossy().into_owned();
    let mut list = load(file);
    list.retain(|v| *v != vault);
    list.insert(0, vault);
    list.truncate(MAX_RECENT);
    super::config_file::save(file, &list)?;
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cfg").join("recent.json");
        assert!(load(&file).is_empty());
        remember(&file, Path::new("/a")).unwrap();
        remember(&file, Path::new("/b")).unwrap();
        let list = remember(&file, Path::new("/a")).unwrap();
        assert_eq!(list, ["/a", "/b"]);
        assert_eq!(load(&file), ["/a", "/b"]);
        std::fs::write(&file, "not json").unwrap();
        assert!(load(&file).is_empty());
    }
}
