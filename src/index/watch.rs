//! Watching the vault for edits made outside Cairn: another editor, Logseq, `git
//! checkout`, a sync tool that writes a temporary file and renames it into place.
//!
//! Events are debounced, reduced to the note paths they touch, and handed to the caller
//! as batches, which it applies with [`super::Index::sync_paths`]. Writes Cairn makes
//! itself arrive here too; by then the cache already holds their fingerprint, so syncing
//! them reads the file once and changes nothing.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::vault::{is_note_path, NOTE_DIRS};

/// What changed on disk, in one debounce window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// These note files (relative paths) were created, changed, renamed or removed.
    Paths(Vec<String>),
    /// Something happened that paths cannot describe (a folder moved, events lost): sync
    /// everything.
    Rescan,
}

/// Keeps the watch alive; dropping it stops watching.
pub struct VaultWatcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

impl VaultWatcher {
    /// Watches `root`'s note folders; events arrive on the returned channel.
    pub fn start(
        root: &Path,
        debounce: Duration,
    ) -> notify::Result<(VaultWatcher, Receiver<WatchEvent>)> {
        let (sender, receiver) = channel();
        let base = root.to_path_buf();
        let mut debouncer = new_debouncer(debounce, None, move |result: DebounceEventResult| {
            let event = match result {
                Ok(events) => {
                    let mut rescan = false;
                    let mut paths: Vec<String> = Vec::new();
                    for event in events.iter().filter(|e| changes_content(&e.kind)) {
                        rescan |= event.need_rescan();
                        for path in &event.paths {
                            match relative_note_path(&base, path) {
                                Some(relative) => paths.push(relative),
                                // A folder under pages/ or journals/ moved or vanished.
                                None => rescan |= is_note_folder(&base, path),
                            }
                        }
                    }
                    paths.sort();
                    paths.dedup();
                    if rescan {
                        Some(WatchEvent::Rescan)
                    } else if paths.is_empty() {
                        None
                    } else {
                        Some(WatchEvent::Paths(paths))
                    }
                }
                Err(_) => Some(WatchEvent::Rescan),
            };
            if let Some(event) = event {
                let _ = sender.send(event);
            }
        })?;
        for dir in NOTE_DIRS {
            let path = root.join(dir);
            if path.is_dir() {
                debouncer.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok((
            VaultWatcher {
                _debouncer: debouncer,
            },
            receiver,
        ))
    }
}

/// Whether an event can mean the file's content changed. Opening or reading a file is an
/// event too (inotify reports it), and syncing reads the file: counting reads as changes
/// would make every sync announce the next one, forever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

fn relative_note_path(root: &Path, path: &Path) -> Option<String> {
    let relative: PathBuf = path.strip_prefix(root).ok()?.to_path_buf();
    let text = relative.to_str()?.replace(std::path::MAIN_SEPARATOR, "/");
    is_note_path(&text).then_some(text)
}

/// A folder inside the note folders (not a temporary file or other non-note).
fn is_note_folder(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let has_extension = relative.extension().is_some();
    !hidden && !has_extension && relative.components().count() >= 2
}
