//! Watching the vault for edits made outside Cairn: another editor, Logseq, `git
//! checkout`, a sync tool that writes a temporary file and renames it into place.
//!
//! The vault's root is watched, recursively, rather than its note folders: a sync tool or
//! `git checkout` may replace `pages/` with a new folder, and a watch on the old one would
//! hear nothing from then on. The new folder is watched as soon as it appears, and since
//! files may be copied into it before that, its appearance means a rescan.
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
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};

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
    /// Watches the vault at `root`; events arrive on the returned channel.
    pub fn start(
        root: &Path,
        debounce: Duration,
    ) -> notify::Result<(VaultWatcher, Receiver<WatchEvent>)> {
        let (sender, receiver) = channel();
        let base = root.to_path_buf();
        let handler = move |result: DebounceEventResult| {
            let event = match result {
                Ok(events) => classify(&base, &events),
                // Events may have been lost (a folder that could not be watched, say).
                Err(_) => Some(WatchEvent::Rescan),
            };
            if let Some(event) = event {
                let _ = sender.send(event);
            }
        };
        // Links are not followed: one may lead outside the vault, and what one leads to
        // inside it is under the root, watched already.
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut debouncer =
            new_debouncer_opt(debounce, None, handler, RecommendedCache::default(), config)?;
        debouncer.watch(root, RecursiveMode::Recursive)?;
        Ok((
            VaultWatcher {
                _debouncer: debouncer,
            },
            receiver,
        ))
    }
}

/// What a debounced batch of events means for the cache, if anything.
fn classify(root: &Path, events: &[DebouncedEvent]) -> Option<WatchEvent> {
    let mut rescan = false;
    let mut paths: Vec<String> = Vec::new();
    for event in events.iter().filter(|e| changes_content(&e.kind)) {
        // The kernel's queue overflowed, or the watcher lost track some other way.
        rescan |= event.need_rescan();
        for path in &event.paths {
            match relative_note_path(root, path) {
                Some(relative) => paths.push(relative),
                None => rescan |= needs_rescan(root, path),
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

/// Whether a change to `path`, which is not a note file, can still change what the vault
/// holds: a note folder itself (created, removed, replaced), a folder inside one, or a
/// note file elsewhere in the vault, which a link in a note folder may lead to.
/// `logseq/` (where Logseq keeps its backups), hidden files and other files are not.
fn needs_rescan(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let Some(top) = parts.first() else {
        return false;
    };
    if parts.iter().any(|p| p.starts_with('.')) || top == "logseq" {
        return false;
    }
    let in_notes = NOTE_DIRS.contains(&top.as_str());
    let is_note_file = is_note_path(&format!("pages/{}", parts.join("/")));
    let is_folder = relative.extension().is_none();
    (in_notes && is_folder) || (!in_notes && is_note_file)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use notify::event::{CreateKind, Flag, ModifyKind, RenameMode};
    use notify::Event;

    use super::*;

    fn batch(root: &Path, kind: EventKind, path: &str) -> Vec<DebouncedEvent> {
        let event = Event::new(kind).add_path(root.join(path));
        vec![DebouncedEvent::new(event, Instant::now())]
    }

    #[test]
    fn a_note_folder_replaced_or_created_means_a_rescan() {
        let root = Path::new("/vault");
        let moved = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        assert_eq!(
            classify(root, &batch(root, moved, "pages")),
            Some(WatchEvent::Rescan)
        );
        let created = EventKind::Create(CreateKind::Folder);
        assert_eq!(
            classify(root, &batch(root, created, "journals")),
            Some(WatchEvent::Rescan)
        );
    }

    #[test]
    fn an_overflow_of_the_event_queue_means_a_rescan() {
        let root = Path::new("/vault");
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        let events = vec![DebouncedEvent::new(overflow, Instant::now())];
        assert_eq!(classify(root, &events), Some(WatchEvent::Rescan));
    }

    #[test]
    fn changes_outside_the_notes_that_cannot_matter_are_dropped() {
        let root = Path::new("/vault");
        let created = EventKind::Create(CreateKind::File);
        for path in [
            "logseq/bak/pages/a.md",
            "logseq/config.edn",
            ".git/index",
            "pages/.a.md.cairn-1-0.tmp",
            "pages.old",
        ] {
            assert_eq!(classify(root, &batch(root, created, path)), None, "{path}");
        }
        assert_eq!(
            classify(root, &batch(root, created, "pages/a.md")),
            Some(WatchEvent::Paths(vec!["pages/a.md".to_string()]))
        );
        assert_eq!(
            classify(root, &batch(root, created, "notes/linked.md")),
            Some(WatchEvent::Rescan)
        );
    }
}
