//! The desktop app's side of the library: a [`Session`] over an open vault that answers
//! the app's questions (journals, pages, all pages, search, references, the agenda,
//! projects, people, the year-end review) with serializable views (search also through a [`SearchHandle`] that does not
//! wait for the session), and applies outliner operations ([`EditOp`]) through the same
//! conflict-checked write path as the command line, with undo and redo per page. Tasks
//! change from the agenda and project views through the library's one task change
//! (`agenda::change_task`), checked against the file version their row was read from.
//!
//! The Tauri shell (`src-tauri/`) is a thin layer of commands over this module. The
//! TypeScript types of every payload are generated from the Rust types here with `ts-rs`
//! (`frontend/src/lib/bindings/`); a test fails when the committed ones are stale.

mod agenda;
pub mod appearance;
mod config_file;
mod error;
mod facets;
mod history;
mod ops;
mod people;
mod projects;
pub mod recent;
mod review;
mod search;
mod session;
mod vault_settings;
mod view;

pub use agenda::{
    AgendaCounts, AgendaGroup, AgendaGrouping, AgendaQuery, AgendaRow, AgendaView, TaskChange,
    TaskChanged, TaskDateView,
};
pub use error::{AppError, ErrorCode};
pub use facets::{AgendaFacets, Facet};
pub use ops::EditOp;
pub use people::{
    EntryView, OneOnOneStarted, PersonHome, PersonRow, PersonScreen, PrepItem, PrepTicket, PrepView,
};
pub use projects::{ActivityView, ProjectRow, ProjectScreen, ReviewYearView, TicketView};
pub use review::{
    write_export, ExportFormat, GlanceRowView, GlanceView, ReviewChange, ReviewCiteView,
    ReviewGapView, ReviewItemView, ReviewMove, ReviewProjectView, ReviewQuery, ReviewScreen,
    ReviewSourceView, ReviewTicketEntryView, ReviewTicketView,
};
pub use search::SearchHandle;
pub use session::{EditResult, Session};
pub use vault_settings::{SettingEffect, SettingsPreview, VaultSettingsScreen};
pub use view::{
    BlockView, ChangedFile, ImportProgress, PagePropertyView, PageSummary, PageView,
    ReferenceBlock, References, SearchHitView, VaultChanged, VaultInfo,
};

#[cfg(test)]
mod bindings {
    //! The TypeScript types the frontend compiles against are generated from the types
    //! above. This test fails when a committed file differs from what the Rust types
    //! generate; `CAIRN_UPDATE_BINDINGS=1 cargo test --lib bindings` rewrites them.

    use std::path::Path;

    use ts_rs::TS;

    use super::*;

    fn check<T: TS + 'static>(stale: &mut Vec<String>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("frontend/src/lib/bindings");
        let file = dir.join(format!("{}.ts", T::name()));
        let generated = T::export_to_string().expect("a TypeScript declaration");
        if std::env::var_os("CAIRN_UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &generated).unwrap();
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(generated.as_str()) {
            stale.push(file.display().to_string());
        }
    }

    #[test]
    fn typescript_bindings_match_the_rust_types() {
        let mut stale = Vec::new();
        check::<AppError>(&mut stale);
        check::<appearance::Appearance>(&mut stale);
        check::<appearance::Theme>(&mut stale);
        check::<ErrorCode>(&mut stale);
        check::<VaultInfo>(&mut stale);
        check::<ImportProgress>(&mut stale);
        check::<VaultChanged>(&mut stale);
        check::<ChangedFile>(&mut stale);
        check::<BlockView>(&mut stale);
        check::<PageView>(&mut stale);
        check::<PagePropertyView>(&mut stale);
        check::<PageSummary>(&mut stale);
        check::<SearchHitView>(&mut stale);
        check::<ReferenceBlock>(&mut stale);
        check::<References>(&mut stale);
        check::<EditOp>(&mut stale);
        check::<EditResult>(&mut stale);
        check::<AgendaGrouping>(&mut stale);
        check::<AgendaQuery>(&mut stale);
        check::<TaskDateView>(&mut stale);
        check::<AgendaRow>(&mut stale);
        check::<AgendaGroup>(&mut stale);
        check::<AgendaView>(&mut stale);
        check::<Facet>(&mut stale);
        check::<AgendaFacets>(&mut stale);
        check::<AgendaCounts>(&mut stale);
        check::<TaskChange>(&mut stale);
        check::<TaskChanged>(&mut stale);
        check::<ProjectRow>(&mut stale);
        check::<ActivityView>(&mut stale);
        check::<ReviewYearView>(&mut stale);
        check::<TicketView>(&mut stale);
        check::<ProjectScreen>(&mut stale);
        check::<PersonRow>(&mut stale);
        check::<EntryView>(&mut stale);
        check::<PrepItem>(&mut stale);
        check::<PrepTicket>(&mut stale);
        check::<PrepView>(&mut stale);
        check::<PersonHome>(&mut stale);
        check::<PersonScreen>(&mut stale);
        check::<OneOnOneStarted>(&mut stale);
        check::<ReviewQuery>(&mut stale);
        check::<ReviewSourceView>(&mut stale);
        check::<ReviewTicketView>(&mut stale);
        check::<ReviewItemView>(&mut stale);
        check::<ReviewProjectView>(&mut stale);
        check::<ReviewTicketEntryView>(&mut stale);
        check::<ReviewCiteView>(&mut stale);
        check::<ReviewGapView>(&mut stale);
        check::<GlanceView>(&mut stale);
        check::<GlanceRowView>(&mut stale);
        check::<ReviewScreen>(&mut stale);
        check::<ReviewChange>(&mut stale);
        check::<ReviewMove>(&mut stale);
        check::<ExportFormat>(&mut stale);
        check::<crate::vault::Settings>(&mut stale);
        check::<crate::vault::CompletionRecord>(&mut stale);
        check::<crate::vault::SettingProblem>(&mut stale);
        check::<VaultSettingsScreen>(&mut stale);
        check::<SettingEffect>(&mut stale);
        check::<SettingsPreview>(&mut stale);
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings (run `CAIRN_UPDATE_BINDINGS=1 cargo test --lib bindings`): {stale:?}"
        );
    }
}
