//! Listing note files and reading them safely: what a file's version is, and why a file
//! could not be read (invalid UTF-8, binary, too large, permission denied, …).

use std::fmt;
use std::path::Path;
use std::time::SystemTime;

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
    OutsideVault,
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
            FileProblemKind::OutsideVault => write!(f, "{path}: outside the vault"),
            FileProblemKind::Io { message, .. } => write!(f, "{path}: {message}"),
        }
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
}

/// Lists note files under `pages/` and `journals/`, sorted, relative to `root`.
pub(crate) fn scan(root: &Path) -> Listing {
    let mut listing = Listing::default();
    for dir in NOTE_DIRS {
        if root.join(dir).is_dir() {
            walk(root, dir, &mut listing);
        }
    }
    listing.paths.sort();
    listing.hidden.sort();
    listing
}

/// Cairn's own temporary file beside a note it is writing (`.name.md.cairn-….tmp`).
fn is_own_temporary(name: &str) -> bool {
    name.contains(".cairn-") && name.ends_with(".tmp")
}

fn walk(root: &Path, relative: &str, listing: &mut Listing) {
    let entries = match std::fs::read_dir(root.join(relative)) {
        Ok(entries) => entries,
        Err(error) => {
            listing.problems.push(io_problem(relative, &error));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                listing.problems.push(io_problem(relative, &error));
                continue;
            }
        };
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            listing.problems.push(FileProblem {
                path: format!("{relative}/{}", name.to_string_lossy()),
                kind: FileProblemKind::Io {
                    kind: std::io::ErrorKind::InvalidData,
                    message: "file name is not valid UTF-8; skipped".to_string(),
                },
            });
            continue;
        };
        let path = format!("{relative}/{name}");
        if name.starts_with('.') {
            if is_note(name) && !is_own_temporary(name) {
                listing.hidden.push(path);
            }
            continue;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        // Follow symlinks to see what they point at.
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && entry.path().is_dir());
        if is_dir {
            walk(root, &path, listing);
        } else if is_note(name) {
            listing.paths.push(path);
        }
    }
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
