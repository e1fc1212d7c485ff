//! The operations the command line and the desktop app share: open a vault with its
//! caches, and change a page on disk safely (read fresh, edit, atomic conflict-checked
//! write, re-index).

use crate::index::{Index, IndexError};
use crate::outline::{self, Edit, EditError, Page, ParseOptions};
use crate::vault::{FileProblem, FileVersion, WriteError};

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

/// Reads the page at `path`, lets `plan` edit it, writes the result atomically if the file
/// is still as it was read, and brings the caches up to date. Nothing is written when the
/// edits leave the text as it was.
pub fn edit_file(
    index: &mut Index,
    path: &str,
    plan: impl FnOnce(&mut PageSession) -> Result<(), EditFileError>,
) -> Result<EditedFile, EditFileError> {
    let file = index.vault().read_page(path).map_err(EditFileError::Read)?;
    let mut session = PageSession::new(file.page, index.vault().parse_options(file.format));
    plan(&mut session)?;
    let text = session.page.source;
    if FileVersion::of(text.as_bytes(), None).hash == file.version.hash {
        return Ok(EditedFile {
            path: path.to_string(),
            text,
            version: file.version,
        });
    }
    let version = index.vault().write(path, &text, Some(&file.version))?;
    index.sync_paths(&[path.to_string()])?;
    Ok(EditedFile {
        path: path.to_string(),
        text,
        version,
    })
}

/// Writes a new page at `path` (which must not exist yet) and indexes it.
pub fn create_file(index: &mut Index, path: &str, text: &str) -> Result<EditedFile, EditFileError> {
    let version = index.vault().write(path, text, None)?;
    index.sync_paths(&[path.to_string()])?;
    Ok(EditedFile {
        path: path.to_string(),
        text: text.to_string(),
        version,
    })
}
