//! The vault: a folder of `pages/` and `journals/`. Scanning, reading and parsing files in
//! parallel, page names and journal dates, and atomic writes that refuse to overwrite a
//! file changed on disk since it was read.
//!
//! This is the only layer of the format side that touches the file system; the outline
//! parser it feeds is pure.

mod config;
mod files;
mod names;
mod settings;
mod settings_file;
mod write;

pub use config::{FileNameFormat, VaultConfig};
pub use files::{
    io_reason, is_note_path, FileProblem, FileProblemKind, FileVersion, MAX_FILE_BYTES,
};
pub use names::{file_stem_for_page, page_key, page_name_from_stem};
pub use settings::{CompletionRecord, SettingProblem, Settings, SETTINGS_FILE};
pub use settings_file::{changed_keys as changed_settings, rewrite as rewrite_settings};
pub(crate) use write::write_atomic;
pub use write::WriteError;

use std::path::{Component, Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::outline::{self, Page, ParseOptions, SourceFormat};

/// Why a vault could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("{path}: no such folder")]
    NotFound { path: PathBuf },
    #[error("{path}: not a folder")]
    NotADirectory { path: PathBuf },
    #[error("{path}: {}", io_reason(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Whether a file is an ordinary page or the journal of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Page,
    Journal(NaiveDate),
}

/// One page file, read and parsed.
#[derive(Debug, Clone)]
pub struct PageFile {
    /// The path relative to the vault root, with `/` separators.
    pub path: String,
    /// The page's name: its `title::`, else the name its file name or journal date gives.
    pub name: String,
    pub kind: PageKind,
    pub format: SourceFormat,
    pub page: Page,
    pub version: FileVersion,
}

impl PageFile {
    /// Other names this page answers to, from its `alias::` property.
    pub fn aliases(&self) -> Vec<String> {
        self.page
            .property("alias")
            .map(|value| {
                value
                    .split(',')
                    .map(|a| {
                        a.trim()
                            .trim_start_matches("[[")
                            .trim_end_matches("]]")
                            .trim()
                    })
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Every readable page of a vault, and what could not be read.
#[derive(Debug, Default)]
pub struct LoadedVault {
    pub files: Vec<PageFile>,
    pub problems: Vec<FileProblem>,
    /// Note files skipped because their name or a folder's starts with `.`, as Logseq skips
    /// them.
    pub hidden: Vec<String>,
    /// Temporary files that stopped writes of Cairn's had left, removed by this load.
    pub removed_temporaries: Vec<String>,
}

/// An open vault folder and its settings.
#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
    config: VaultConfig,
    settings: Settings,
    settings_problem: Option<String>,
    /// A hash of `config.edn` and `cairn.toml`: what the cache's contents depend on.
    settings_fingerprint: u64,
}

/// The folders that hold notes.
pub const NOTE_DIRS: [&str; 2] = ["pages", "journals"];

impl Vault {
    /// Opens the vault at `root`, reading `logseq/config.edn` if there is one.
    pub fn open(root: impl AsRef<Path>) -> Result<Vault, VaultError> {
        let root = root.as_ref();
        let metadata = std::fs::metadata(root).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => VaultError::NotFound {
                path: root.to_path_buf(),
            },
            _ => VaultError::Io {
                path: root.to_path_buf(),
                source,
            },
        })?;
        if !metadata.is_dir() {
            return Err(VaultError::NotADirectory {
                path: root.to_path_buf(),
            });
        }
        let root = root.canonicalize().map_err(|source| VaultError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let config_text = std::fs::read_to_string(root.join("logseq").join("config.edn")).ok();
        let config = config_text
            .as_deref()
            .map(VaultConfig::from_edn)
            .unwrap_or_default();
        let settings_text = std::fs::read_to_string(root.join(SETTINGS_FILE)).ok();
        let (settings, settings_problem) = match &settings_text {
            Some(text) => Settings::from_toml(text),
            None => (Settings::default(), None),
        };
        let settings_fingerprint =
            xxhash_rust::xxh3::xxh3_64(format!("{config_text:?}\0{settings_text:?}").as_bytes());
        Ok(Vault {
            root,
            config,
            settings,
            settings_problem,
            settings_fingerprint,
        })
    }

    /// True when `dir` looks like a vault: it has `pages/` or `journals/`.
    pub fn looks_like_vault(dir: &Path) -> bool {
        NOTE_DIRS.iter().any(|d| dir.join(d).is_dir())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &VaultConfig {
        &self.config
    }

    /// Cairn's settings from `cairn.toml`.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Changes whenever `config.edn` or `cairn.toml` does.
    pub fn settings_fingerprint(&self) -> u64 {
        self.settings_fingerprint
    }

    /// What was wrong with `cairn.toml`, if it did not parse.
    pub fn settings_problem(&self) -> Option<&str> {
        self.settings_problem.as_deref()
    }

    /// The options to parse a page of this vault with.
    pub fn parse_options(&self, format: SourceFormat) -> ParseOptions {
        ParseOptions {
            journal_title_format: self.config.journal_title_format.clone(),
            format: Some(format),
            checklist_tasks: self.settings.checklist_tasks,
        }
    }

    /// Every note file's path relative to the root, sorted, and the folders that could not
    /// be listed. Hidden files and folders are skipped, and Cairn's own temporary files that
    /// stopped writes left behind are removed.
    pub fn scan(&self) -> (Vec<String>, Vec<FileProblem>) {
        let listing = files::scan(&self.root);
        (listing.paths, listing.problems)
    }

    /// Reads and parses every note file, in parallel.
    pub fn load(&self) -> LoadedVault {
        let listing = files::scan(&self.root);
        let (paths, mut problems) = (listing.paths, listing.problems);
        let results: Vec<Result<PageFile, FileProblem>> =
            paths.par_iter().map(|path| self.read_page(path)).collect();
        let mut files = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(file) => files.push(file),
                Err(problem) => problems.push(problem),
            }
        }
        LoadedVault {
            files,
            problems,
            hidden: listing.hidden,
            removed_temporaries: listing.removed_temporaries,
        }
    }

    /// Reads and parses one note file, given its path relative to the root.
    pub fn read_page(&self, path: &str) -> Result<PageFile, FileProblem> {
        let absolute = self.locate(path).map_err(|kind| FileProblem {
            path: path.to_string(),
            kind,
        })?;
        let (text, version) = files::read_text(&absolute).map_err(|kind| FileProblem {
            path: path.to_string(),
            kind,
        })?;
        Ok(self.parse_file(path, text, version))
    }

    /// Parses the text of the file at `path` (relative) into a [`PageFile`].
    pub fn parse_file(&self, path: &str, text: String, version: FileVersion) -> PageFile {
        let format = if path.ends_with(".org") {
            SourceFormat::Org
        } else {
            SourceFormat::Markdown
        };
        let page = outline::parse(&text, &self.parse_options(format));
        let (kind, derived) = self.name_for_path(path);
        let name = page
            .property("title")
            .filter(|t| !t.trim().is_empty())
            .map(|t| t.trim().to_string())
            .unwrap_or(derived);
        PageFile {
            path: path.to_string(),
            name,
            kind,
            format,
            page,
            version,
        }
    }

    /// The kind and file-derived name of the page at `path` (relative).
    pub fn name_for_path(&self, path: &str) -> (PageKind, String) {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let stem = file_name
            .rsplit_once('.')
            .map_or(file_name, |(stem, _)| stem);
        if path.starts_with("journals/") {
            if let Some(date) = self.config.journal_file_format.parse(stem) {
                return (
                    PageKind::Journal(date),
                    self.config.journal_title_format.title(date),
                );
            }
        }
        (
            PageKind::Page,
            page_name_from_stem(stem, self.config.file_name_format),
        )
    }

    /// The relative path a new page of this name gets.
    pub fn path_for_new_page(&self, name: &str) -> String {
        format!("pages/{}.md", file_stem_for_page(name))
    }

    /// The relative path of the journal file of `date`.
    pub fn journal_path(&self, date: NaiveDate) -> String {
        format!(
            "journals/{}.md",
            self.config.journal_file_format.format(date)
        )
    }

    /// The absolute path of a relative path, if it stays inside the vault.
    pub fn resolve(&self, path: &str) -> Option<PathBuf> {
        let relative = Path::new(path);
        let safe = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        (safe && !path.is_empty()).then(|| self.root.join(relative))
    }

    /// Where the file at `path` (relative) really is, links followed: the file itself,
    /// the file a link on the way leads to, or, for a file not there yet, the place it would
    /// be written. Anything that leads outside the vault is refused, and so is a link to
    /// nothing, which a write would replace with a file.
    pub fn locate(&self, path: &str) -> Result<PathBuf, FileProblemKind> {
        let joined = self.resolve(path).ok_or(FileProblemKind::OutsideVault)?;
        for place in joined.ancestors() {
            let real = match place.canonicalize() {
                Ok(real) => real,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if place.symlink_metadata().is_ok() {
                        return Err(FileProblemKind::BrokenLink);
                    }
                    continue;
                }
                Err(error) => {
                    return Err(FileProblemKind::Io {
                        kind: error.kind(),
                        message: error.to_string(),
                    })
                }
            };
            if !real.starts_with(&self.root) {
                return Err(FileProblemKind::OutsideVault);
            }
            let rest = joined.strip_prefix(place).unwrap_or(Path::new(""));
            return Ok(if rest.as_os_str().is_empty() {
                real
            } else {
                real.join(rest)
            });
        }
        Err(FileProblemKind::OutsideVault)
    }

    /// True when `path` (relative) is reached through a link, or leads nowhere Cairn reads:
    /// then only a scan of the whole vault knows under which path its file is listed.
    pub fn is_linked(&self, path: &str) -> bool {
        self.locate(path).ok() != self.resolve(path)
    }

    /// Writes `text` to the file at `path` (relative) atomically. With `expected`, the file
    /// must still be the version that was read; with `None`, it must not exist yet. A page
    /// that is a link inside the vault is written where the link leads, so the link stays.
    pub fn write(
        &self,
        path: &str,
        text: &str,
        expected: Option<&FileVersion>,
    ) -> Result<FileVersion, WriteError> {
        let absolute = self.locate(path).map_err(|kind| match kind {
            FileProblemKind::BrokenLink => WriteError::BrokenLink {
                path: path.to_string(),
            },
            _ => WriteError::OutsideVault {
                path: path.to_string(),
            },
        })?;
        write::write_atomic(&absolute, path, text.as_bytes(), expected)
    }
}

/// Reads a note file anywhere on disk as text, refusing binary, oversized and
/// non-UTF-8 files as a vault does.
pub fn read_note_file(path: &Path) -> Result<String, FileProblem> {
    files::read_text(path)
        .map(|(text, _)| text)
        .map_err(|kind| FileProblem {
            path: path.display().to_string(),
            kind,
        })
}
