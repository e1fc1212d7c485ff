//! Listing note files and reading them safely: what a file's version is, and why a file
//! could not be read (invalid UTF-8, binary, too large, permission denied, …).

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::NOTE_DIRS;

/// Files larger than this are reported instead of read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The extensions of note files.
const NOTE_EXTENSIONS: [&str; 3] = ["md", "markdown", "org"];

/// What a file was when it was read: enough to notice that it changed since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileVersion {
    pub len: u64,
    pub modified: Option<SystemTime>,
    /// XXH3-128 of the bytes; this, not the time stamp, decides whether a file changed.
    pub hash: u128,
}

impl FileVersion {
    pub fn of(bytes: &[u8], modified: Option<SystemTime>) -> FileVersion {
        FileVersion {
            len: bytes.len() as u64,
            modified,
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// Why a file could not be read. The file itself is never touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblemKind {
    /// Not UTF-8; `line` is where the first invalid byte is.
    InvalidUtf8 {
        line: usize,
    },
    /// Holds NUL bytes: an image or other binary saved with a note's extension.
    Binary,
    TooLarge {
        len: u64,
    },
    NotAFile,
    /// The path, or a link on it, leads outside the vault: Cairn neither reads nor writes
    /// there.
    OutsideVault,
    /// A link that leads to nothing (or to a loop of links).
    BrokenLink,
    Io {
        kind: std::io::ErrorKind,
        message: String,
    },
}

/// A file (or folder) that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// Relative to the vault root.
    pub path: String,
    pub kind: FileProblemKind,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &self.kind {
            FileProblemKind::InvalidUtf8 { line } => {
                write!(
                    f,
                    "{path}:{line}: not valid UTF-8; the file was skipped and left as it is"
                )
            }
            FileProblemKind::Binary => write!(f, "{path}: a binary file, not text; skipped"),
            FileProblemKind::TooLarge { len } => write!(
                f,
                "{path}: {len} bytes is over the {MAX_FILE_BYTES}-byte limit for a page; skipped"
            ),
            FileProblemKind::NotAFile => write!(f, "{path}: not a regular file; skipped"),
            FileProblemKind::OutsideVault => write!(
                f,
                "{path}: leads outside the vault; skipped, since Cairn reads and writes only inside it"
            ),
            FileProblemKind::BrokenLink => {
                write!(f, "{path}: a link to nothing (or to a loop of links); skipped")
            }
            FileProblemKind::Io { message, .. } => write!(f, "{path}: {message}"),
        }
    }
}

/// What an I/O error means, for a person: the system's own words, except for a full disk,
/// whose words ("No space left on device") do not say that it is the disk.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::StorageFull => "the disk is full".to_string(),
        _ => error.to_string(),
    }
}

fn io_problem(path: &str, error: &std::io::Error) -> FileProblem {
    FileProblem {
        path: path.to_string(),
        kind: FileProblemKind::Io {
            kind: error.kind(),
            message: error.to_string(),
        },
    }
}

/// What a walk of the note folders found.
#[derive(Default)]
pub(crate) struct Listing {
    /// Note files, relative to the root, sorted.
    pub paths: Vec<String>,
    pub problems: Vec<FileProblem>,
    /// Note files whose name (or a folder's) starts with `.`: Logseq skips them, and so does
    /// Cairn, but `cairn check` names them so that none is skipped without a word.
    pub hidden: Vec<String>,
    /// Cairn's own temporary files that a write stopped before its end left behind, which
    /// the scan removed.
    pub removed_temporaries: Vec<String>,
}

/// Lists note files under `pages/` and `journals/`, sorted, relative to `root` (which must
/// be canonical).
///
/// Links are followed when what they lead to is inside the vault, and only once: every
/// folder and file is listed under one path, its own when it is reached directly, so a
/// link to a folder already walked (`x -> .` among them) adds nothing. A link that leads
/// outside the vault, or to nothing, is reported and never read.
pub(crate) fn scan(root: &Path) -> Listing {
    let mut walk = Walk {
        root,
        listing: Listing::default(),
        folders: Vec::new(),
        links: BTreeMap::new(),
        walked: HashSet::new(),
        listed: HashSet::new(),
    };
    for dir in NOTE_DIRS {
        let location = root.join(dir);
        match std::fs::symlink_metadata(&location) {
            Ok(metadata) if metadata.is_dir() => walk.folders.push((dir.to_string(), location)),
            Ok(metadata) if metadata.is_symlink() => {
                walk.links.insert(dir.to_string(), location);
            }
            _ => {}
        }
    }
    walk.run();
    let mut listing = walk.listing;
    listing.paths.sort();
    listing.hidden.sort();
    listing
}

/// The state of one scan: what is left to look at, and what was seen already.
struct Walk<'a> {
    root: &'a Path,
    listing: Listing,
    /// Folders to walk: the path they are listed under, and where they really are.
    folders: Vec<(String, PathBuf)>,
    /// Links met but not yet followed, by the path they are listed under, with where the
    /// link itself is. They wait until no folder is left to walk, so that whatever is
    /// reached both directly and through a link is listed under its own path; in order of
    /// path, so that the path chosen among several links is always the same.
    links: BTreeMap<String, PathBuf>,
    /// Real folders walked: one reached again is not walked again, which also ends cycles.
    walked: HashSet<PathBuf>,
    /// Real files listed: one reached again through a link is not listed twice.
    listed: HashSet<PathBuf>,
}

impl Walk<'_> {
    fn run(&mut self) {
        loop {
            if let Some((relative, real)) = self.folders.pop() {
                self.walk_folder(&relative, real);
            } else if let Some((relative, location)) = self.links.pop_first() {
                self.follow(relative, &location);
            } else {
                return;
            }
        }
    }

    /// Lists the entries of the folder at `real`, listed under `relative`.
    fn walk_folder(&mut self, relative: &str, real: PathBuf) {
        if !self.walked.insert(real.clone()) {
            return;
        }
        let entries = match std::fs::read_dir(&real) {
            Ok(entries) => entries,
            Err(error) => {
                self.listing.problems.push(io_problem(relative, &error));
                return;
            }
        };
        for entry in entries {
            match entry {
                Ok(entry) => self.look_at(relative, &real, &entry),
                Err(error) => self.listing.problems.push(io_problem(relative, &error)),
            }
        }
    }

    /// Sorts one folder entry: a note to list, a folder to walk, a link to follow later.
    fn look_at(&mut self, relative: &str, real: &Path, entry: &std::fs::DirEntry) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            self.listing.problems.push(FileProblem {
                path: format!("{relative}/{}", name.to_string_lossy()),
                kind: FileProblemKind::Io {
                    kind: std::io::ErrorKind::InvalidData,
                    message: "file name is not valid UTF-8; skipped".to_string(),
                },
            });
            return;
        };
        let path = format!("{relative}/{name}");
        if name.starts_with('.') {
            if is_own_temporary(name) {
                self.remove_if_stale(path, &real.join(name), entry);
            } else if is_note(name) {
                self.listing.hidden.push(path);
            }
            return;
        }
        let Ok(file_type) = entry.file_type() else {
            return;
        };
        if file_type.is_symlink() {
            self.links.insert(path, real.join(name));
        } else if file_type.is_dir() {
            self.folders.push((path, real.join(name)));
        } else if is_note(name) {
            self.list(path, real.join(name));
        }
    }

    /// Removes one of Cairn's temporary files if it is too old to belong to a write still
    /// under way: such a file is only ever a copy of what a write meant to rename into place.
    fn remove_if_stale(&mut self, path: String, real: &Path, entry: &std::fs::DirEntry) {
        let Ok(metadata) = entry.metadata() else {
            return;
        };
        let age = metadata
            .modified()
            .ok()
            .and_then(|modified| modified.elapsed().ok());
        if !metadata.is_file() || age.is_none_or(|age| age < STALE_TEMPORARY) {
            return;
        }
        match std::fs::remove_file(real) {
            Ok(()) => self.listing.removed_temporaries.push(path),
            Err(error) => self.listing.problems.push(io_problem(&path, &error)),
        }
    }

    /// Lists a note file unless the real file was listed already.
    fn list(&mut self, path: String, real: PathBuf) {
        if self.listed.insert(real) {
            self.listing.paths.push(path);
        }
    }

    /// Follows the link at `location`, listed under `relative`, if it leads inside the vault.
    fn follow(&mut self, relative: String, location: &Path) {
        let name = relative.rsplit('/').next().unwrap_or(&relative);
        let may_hold_notes = |is_dir: bool| is_dir || is_note(name);
        let target = match location.canonicalize() {
            Ok(target) => target,
            Err(_) => {
                if is_note(name) {
                    self.listing.problems.push(FileProblem {
                        path: relative,
                        kind: FileProblemKind::BrokenLink,
                    });
                }
                return;
            }
        };
        let is_dir = target.is_dir();
        if !target.starts_with(self.root) {
            if may_hold_notes(is_dir) {
                self.listing.problems.push(FileProblem {
                    path: relative,
                    kind: FileProblemKind::OutsideVault,
                });
            }
        } else if is_dir {
            self.folders.push((relative, target));
        } else if is_note(name) && target.is_file() {
            self.list(relative, target);
        }
    }
}

/// How old one of Cairn's temporary files must be to be a leftover: a write takes
/// milliseconds, so one a minute old belongs to a write that was stopped.
const STALE_TEMPORARY: Duration = Duration::from_secs(60);

/// Cairn's own temporary file beside a note it is writing: `.name.md.cairn-PID-N.tmp`, as
/// `write.rs` names them, and nothing else.
fn is_own_temporary(name: &str) -> bool {
    let Some(inner) = name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    let Some((note, numbers)) = inner.rsplit_once(".cairn-") else {
        return false;
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    is_note(note)
        && numbers
            .split_once('-')
            .is_some_and(|(pid, counter)| all_digits(pid) && all_digits(counter))
}

/// True for a path (relative, `/`-separated) of a note file: under `pages/` or
/// `journals/`, with a note extension, and no hidden part.
pub fn is_note_path(path: &str) -> bool {
    let mut parts = path.split('/');
    let in_notes = parts.next().is_some_and(|top| NOTE_DIRS.contains(&top));
    in_notes
        && path
            .split('/')
            .skip(1)
            .all(|p| !p.is_empty() && !p.starts_with('.'))
        && is_note(path)
}

fn is_note(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| NOTE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Reads a note file as text, with its version.
pub(crate) fn read_text(path: &Path) -> Result<(String, FileVersion), FileProblemKind> {
    let io = |error: std::io::Error| FileProblemKind::Io {
        kind: error.kind(),
        message: error.to_string(),
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if !metadata.is_file() {
        return Err(FileProblemKind::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(FileProblemKind::TooLarge {
            len: metadata.len(),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let version = FileVersion::of(&bytes, metadata.modified().ok());
    decode(bytes).map(|text| (text, version))
}

/// Turns file bytes into text, or says why they are not a note.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, FileProblemKind> {
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err(FileProblemKind::Binary);
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let line = 1 + memchr::memchr_iter(b'\n', &error.as_bytes()[..valid]).count();
        FileProblemKind::InvalidUtf8 { line }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_temporary_names_cairns_writes_use_are_its_own() {
        for own in [".a.md.cairn-12-0.tmp", ".Notes v2.org.cairn-1-35.tmp"] {
            assert!(is_own_temporary(own), "{own}");
        }
        for other in [
            ".a.md.cairn-.tmp",
            ".a.md.cairn-12.tmp",
            ".a.md.cairn-x-1.tmp",
            "a.md.cairn-12-0.tmp",
            ".a.txt.cairn-12-0.tmp",
            ".notes.cairn-backup.tmp",
            ".a.md.swp",
        ] {
            assert!(!is_own_temporary(other), "{other}");
        }
    }

    #[test]
    fn a_full_disk_is_called_a_full_disk() {
        let full = std::io::Error::from_raw_os_error(28);
        assert_eq!(io_reason(&full), "the disk is full");
    }
}
