//! The operations the command line and the desktop app share: change a page on disk
//! safely (read fresh, edit, atomic conflict-checked write, re-index). [`write_file`] is
//! the one function through which Cairn writes a page; [`write_settings`] writes the
//! vault's `cairn.toml`, the one other file Cairn writes; everything else calls them.

use crate::index::{Index, IndexError};
use crate::outline::{self, Edit, EditError, Page, ParseOptions};
use crate::vault::{FileProblem, FileVersion, WriteError, SETTINGS_FILE};

/// Why a page could not be changed. The file on disk is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum EditFileError {
    #[error("{0}")]
    Read(FileProblem),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("{0}")]
    NotFound(String),
}

/// What a page edit did.
#[derive(Debug, Clone)]
pub struct EditedFile {
    pub path: String,
    /// The text as it was read, before the edit.
    pub before: String,
    pub text: String,
    pub version: FileVersion,
}

/// A page being edited: each edit applies to the text the previous one produced.
pub struct PageSession {
    page: Page,
    options: ParseOptions,
}

impl PageSession {
    /// Starts editing `page`, re-parsing it with `options` after each edit.
    pub fn new(page: Page, options: ParseOptions) -> PageSession {
        PageSession { page, options }
    }

    /// The page as it is after the edits so far.
    pub fn page(&self) -> &Page {
        &self.page
    }

    pub fn apply(&mut self, edit: &Edit) -> Result<(), EditError> {
        let change = outline::apply(&self.page, edit)?;
        if !change.is_empty() {
            self.page = outline::parse(&change.apply(&self.page.source), &self.options);
        }
        Ok(())
    }
}

/// Writes `text` to the page at `path` atomically, if the file on disk is still `expected`
/// (`None`: it must not exist yet), and brings the caches up to date with it. Every write
/// to the vault goes through here.
pub fn write_file(
    index: &mut Index,
    path: &str,
    text: &str,
    expected: Option<&FileVersion>,
) -> Result<FileVersion, EditFileError> {
    let version = index.vault().write(path, text, expected)?;
    index.sync_paths(&[path.to_string()])?;
    Ok(version)
}

/// Writes the vault's `cairn.toml` atomically, if the file on disk is still `expected`
/// (`None`: it must not exist yet). It is not a page: nothing is re-indexed here, and the
/// settings apply when the vault is opened again.
pub fn write_settings(
    index: &Index,
    text: &str,
    expected: Option<&FileVersion>,
) -> Result<FileVersion, WriteError> {
    index.vault().write(SETTINGS_FILE, text, expected)
}

/// Reads the page at `path`, lets `plan` edit it, writes the result atomically if the file
/// is still as it was read, and brings the caches up to date. Nothing is written when the
/// edits leave the text as it was.
pub fn edit_file(
    index: &mut Index,
    path: &str,
    plan: impl FnOnce(&mut PageSession) -> Result<(), EditFileError>,
) -> Result<EditedFile, EditFileError> {
    edit_file_seen(index, path, None, plan)
}

/// [`edit_file`] for an edit asked for from a view of the file at version `seen` (the hash
/// of the bytes the view was built from): a file that changed on disk since is a conflict,
/// even if it changed where the edit would not touch, since the user decided on what they
/// saw.
pub fn edit_file_seen(
    index: &mut Index,
    path: &str,
    seen: Option<u128>,
    plan: impl FnOnce(&mut PageSession) -> Result<(), EditFileError>,
) -> Result<EditedFile, EditFileError> {
    let file = index.vault().read_page(path).map_err(EditFileError::Read)?;
    if seen.is_some_and(|hash| hash != file.version.hash) {
        return Err(WriteError::Conflict {
            path: path.to_string(),
        }
        .into());
    }
    let before = file.page.source.clone();
    let mut session = PageSession::new(file.page, index.vault().parse_options(file.format));
    plan(&mut session)?;
    let text = session.page.source;
    let version = match text == before {
        true => file.version,
        false => write_file(index, path, &text, Some(&file.version))?,
    };
    Ok(EditedFile {
        path: path.to_string(),
        before,
        text,
        version,
    })
}

/// Writes a new page at `path` (which must not exist yet) and indexes it.
pub fn create_file(index: &mut Index, path: &str, text: &str) -> Result<EditedFile, EditFileError> {
    let version = write_file(index, path, text, None)?;
    Ok(EditedFile {
        path: path.to_string(),
        before: String::new(),
        text: text.to_string(),
        version,
    })
}
