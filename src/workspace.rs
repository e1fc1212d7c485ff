//! The operations the command line and the desktop app share: open a vault with its
//! caches, and change a page on disk safely (read fresh, edit, atomic conflict-checked
//! write, re-index).

use crate::index::{Index, IndexError};
use crate::outline::{self, Edit, EditError, Page};
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

/// Reads the page at `path`, applies the edits `plan` chooses for it one after another
/// (each against the text the previous one produced), writes the result atomically if the
/// file is still as read, and brings the caches up to date.
pub fn edit_file(
    index: &mut Index,
    path: &str,
    plan: impl FnOnce(&Page) -> Result<Vec<Edit>, EditFileError>,
) -> Result<EditedFile, EditFileError> {
    let file = index.vault().read_page(path).map_err(EditFileError::Read)?;
    let edits = plan(&file.page)?;
    let options = index.vault().parse_options(file.format);
    let original_len = file.page.source.len();
    let original_hash = file.version.hash;
    let mut page = file.page;
    for edit in &edits {
        let change = outline::apply(&page, edit)?;
        if !change.is_empty() {
            page = outline::parse(&change.apply(&page.source), &options);
        }
    }
    let unchanged = page.source.len() == original_len
        && FileVersion::of(page.source.as_bytes(), None).hash == original_hash;
    if unchanged {
        return Ok(EditedFile {
            path: path.to_string(),
            text: page.source,
            version: file.version,
        });
    }
    let version = index
        .vault()
        .write(path, &page.source, Some(&file.version))?;
    index.sync_paths(&[path.to_string()])?;
    Ok(EditedFile {
        path: path.to_string(),
        text: page.source,
        version,
    })
}
