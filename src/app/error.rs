//! The one error type that crosses into the desktop app: a stable `code` the frontend
//! branches on (a conflict shows a banner, a missing page an empty one) and a message a
//! person can read. Every library error maps to exactly one code here.

use serde::Serialize;
use ts_rs::TS;

use crate::index::IndexError;
use crate::outline::EditError;
use crate::people::OneOnOneError;
use crate::vault::{VaultError, WriteError};
use crate::workspace::EditFileError;

/// What kind of failure an [`AppError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The file changed on disk since the app read it; nothing was written.
    Conflict,
    NotFound,
    /// The edit does not fit the page (no such block, nothing to indent under, …).
    InvalidEdit,
    /// Org pages and plain Markdown structure are not edited by Cairn.
    ReadOnly,
    Io,
    /// No vault is open yet.
    NoVault,
    /// The cache could not be read or written.
    Index,
    /// An argument from the app was malformed (a date, a path).
    InvalidInput,
}

/// An error as the app receives it: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }
}

impl From<IndexError> for AppError {
    fn from(error: IndexError) -> AppError {
        AppError::new(ErrorCode::Index, error.to_string())
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> AppError {
        AppError::new(ErrorCode::Index, error.to_string())
    }
}

impl From<VaultError> for AppError {
    fn from(error: VaultError) -> AppError {
        let code = match error {
            VaultError::NotFound { .. } => ErrorCode::NotFound,
            _ => ErrorCode::Io,
        };
        AppError::new(code, error.to_string())
    }
}

impl From<EditError> for AppError {
    fn from(error: EditError) -> AppError {
        let code = match error {
            EditError::ReadOnly => ErrorCode::ReadOnly,
            _ => ErrorCode::InvalidEdit,
        };
        AppError::new(code, error.to_string())
    }
}

impl From<WriteError> for AppError {
    fn from(error: WriteError) -> AppError {
        let code = match error {
            WriteError::Conflict { .. } => ErrorCode::Conflict,
            WriteError::OutsideVault { .. } | WriteError::BrokenLink { .. } => {
                ErrorCode::InvalidInput
            }
            WriteError::Io { .. } => ErrorCode::Io,
        };
        AppError::new(code, error.to_string())
    }
}

impl From<EditFileError> for AppError {
    fn from(error: EditFileError) -> AppError {
        match error {
            EditFileError::Read(problem) => AppError::new(ErrorCode::Io, problem.to_string()),
            EditFileError::Edit(error) => error.into(),
            EditFileError::Write(error) => error.into(),
            EditFileError::Index(error) => error.into(),
            EditFileError::NotFound(message) => AppError::new(ErrorCode::NotFound, message),
        }
    }
}

impl From<OneOnOneError> for AppError {
    fn from(error: OneOnOneError) -> AppError {
        match error {
            OneOnOneError::Edit(error) => error.into(),
            OneOnOneError::Index(error) => error.into(),
            OneOnOneError::Sqlite(error) => error.into(),
            OneOnOneError::BadName { .. } | OneOnOneError::PageExists(_) => {
                AppError::new(ErrorCode::InvalidInput, error.to_string())
            }
        }
    }
}
