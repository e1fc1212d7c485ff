//! Cairn: a local-first workspace over a folder of Logseq-style Markdown (a *vault*).
//!
//! The layers, each depending only on those before it (`tests/it/layers.rs` holds the
//! same order and fails on a use that points up or sideways):
//! - [`dates`]: journal title formats, shared by the parser and the vault.
//! - [`outline`]: Logseq Markdown ⇄ block tree. Pure: no I/O.
//! - [`vault`]: the folder: scanning, page names, settings, atomic conflict-safe writes;
//!   [`render`]: block Markdown → sanitized HTML.
//! - [`record`]: what the caches keep about a page, computed once from its parsed file;
//!   [`stats`]: counts over a loaded vault.
//! - [`store`]: the SQLite cache; [`search`]: the tantivy index.
//! - [`index`]: both caches kept in step with the files, incrementally and live.
//! - [`workspace`]: what the command line and the desktop app share (safe page edits).
//! - [`agenda`]: tasks and queries over the index.
//! - [`people`]: people, projects and 1-on-1s; [`review`]: the year-end review:
//!   assembly, exports, saved pages, ticket timelines.
//! - [`app`]: the desktop app's session over a vault: views, outliner edits, undo.
//!
//! The `cairn` binary is a thin command line over this library.

pub mod agenda;
pub mod app;
pub mod dates;
pub mod index;
pub mod outline;
pub mod people;
pub mod record;
pub mod render;
pub mod review;
pub mod search;
pub mod stats;
pub mod store;
pub mod vault;
pub mod workspace;
