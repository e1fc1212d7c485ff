//! The commands the frontend invokes: each is one call into `cairn::app::Session`, run off
//! the main thread (`async`) so the window never waits on the disk. Errors reach the
//! frontend as `{ code, message }`.

use std::path::PathBuf;

use cairn::app::appearance::Appearance;
use cairn::app::{
    AgendaCounts, AgendaFacets, AgendaQuery, AgendaView, AppError, EditOp, EditResult, ErrorCode,
    PageSummary, PageView, ProjectRow, ProjectScreen, References, SearchHitView, TaskChange,
    TaskChanged, VaultInfo,
};
use cairn::app::{ExportFormat, ReviewChange, ReviewMove, ReviewQuery, ReviewScreen};
use cairn::app::{OneOnOneStarted, PersonRow, PersonScreen};
use cairn::app::{SettingsPreview, VaultSettingsScreen};
use cairn::vault::Settings;
use chrono::NaiveDate;
use tauri::{AppHandle, State};

use crate::state::AppState;

type Reply<T> = Result<T, AppError>;

fn parse_day(text: &str) -> Reply<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{text:?} is not a YYYY-MM-DD date"),
        )
    })
}

#[tauri::command(async)]
pub fn open_vault(app: AppHandle, state: State<'_, AppState>, path: String) -> Reply<VaultInfo> {
    let root = PathBuf::from(path.trim());
    state.open(&app, &root)?;
    state.with_session(|s| s.info())
}

/// The open vault; on the first call, opens the vault the app was started with.
#[tauri::command(async)]
pub fn current_vault(app: AppHandle, state: State<'_, AppState>) -> Reply<Option<VaultInfo>> {
    if state.session().is_none() {
        match state.startup_vault() {
            Some(root) => state.open(&app, &root)?,
            None => return Ok(None),
        }
    }
    state.with_session(|s| s.info()).map(Some)
}

#[tauri::command(async)]
pub fn recent_vaults(state: State<'_, AppState>) -> Vec<String> {
    state.recent_vaults()
}

#[tauri::command(async)]
pub fn appearance(state: State<'_, AppState>) -> Appearance {
    state.appearance()
}

#[tauri::command(async)]
pub fn set_appearance(state: State<'_, AppState>, appearance: Appearance) -> Reply<()> {
    state.set_appearance(&appearance)
}

#[tauri::command(async)]
pub fn vault_settings(state: State<'_, AppState>) -> Reply<VaultSettingsScreen> {
    state.with_session(|s| s.vault_settings())
}

#[tauri::command(async)]
pub fn preview_vault_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Reply<SettingsPreview> {
    state.with_session(|s| s.preview_vault_settings(&settings))
}

/// Saves the vault's settings, then opens the vault again so that its cache is read with
/// them (a settings change rebuilds it, with the same progress as any open).
#[tauri::command(async)]
pub fn save_vault_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: Settings,
    version: Option<String>,
) -> Reply<VaultInfo> {
    let root = state.with_session(|s| {
        s.save_vault_settings(&settings, version.as_deref())?;
        Ok(s.root().to_path_buf())
    })?;
    state.open(&app, &root)?;
    state.with_session(|s| s.info())
}

#[tauri::command(async)]
pub fn journals(
    state: State<'_, AppState>,
    before: Option<String>,
    limit: u32,
) -> Reply<Vec<PageView>> {
    let before = before.as_deref().map(parse_day).transpose()?;
    state.with_session(|s| s.journals(before, limit as usize))
}

#[tauri::command(async)]
pub fn page(state: State<'_, AppState>, name: String) -> Reply<PageView> {
    state.with_session(|s| s.page(&name))
}

#[tauri::command(async)]
pub fn all_pages(state: State<'_, AppState>) -> Reply<Vec<PageSummary>> {
    state.with_session(|s| s.all_pages())
}

#[tauri::command(async)]
pub fn apply_edits(
    state: State<'_, AppState>,
    page: String,
    version: Option<String>,
    ops: Vec<EditOp>,
) -> Reply<EditResult> {
    state.with_session(|s| s.apply_edits(&page, version.as_deref(), &ops))
}

#[tauri::command(async)]
pub fn undo(state: State<'_, AppState>, page: String) -> Reply<Option<EditResult>> {
    state.with_session(|s| s.undo(&page))
}

#[tauri::command(async)]
pub fn redo(state: State<'_, AppState>, page: String) -> Reply<Option<EditResult>> {
    state.with_session(|s| s.redo(&page))
}

#[tauri::command(async)]
pub fn undo_last(state: State<'_, AppState>) -> Reply<Option<EditResult>> {
    state.with_session(|s| s.undo_last())
}

#[tauri::command(async)]
pub fn redo_last(state: State<'_, AppState>) -> Reply<Option<EditResult>> {
    state.with_session(|s| s.redo_last())
}

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String, limit: u32) -> Reply<Vec<SearchHitView>> {
    state.search_handle()?.search(&query, limit as usize)
}

#[tauri::command(async)]
pub fn page_names(
    state: State<'_, AppState>,
    prefix: String,
    limit: u32,
    day: Option<String>,
) -> Reply<Vec<String>> {
    state.with_session(|s| {
        let day = day.as_deref().map(parse_day).transpose()?;
        s.page_names(&prefix, limit as usize, day)
    })
}

#[tauri::command(async)]
pub fn references(state: State<'_, AppState>, name: String) -> Reply<References> {
    state.with_session(|s| s.references(&name))
}

#[tauri::command(async)]
pub fn agenda(state: State<'_, AppState>, query: AgendaQuery) -> Reply<AgendaView> {
    state.with_session(|s| s.agenda(&query))
}

#[tauri::command(async)]
pub fn agenda_facets(state: State<'_, AppState>) -> Reply<AgendaFacets> {
    state.with_session(|s| s.agenda_facets())
}

#[tauri::command(async)]
pub fn agenda_counts(state: State<'_, AppState>) -> Reply<AgendaCounts> {
    state.with_session(|s| s.agenda_counts())
}

#[tauri::command(async)]
pub fn change_task(
    state: State<'_, AppState>,
    id: String,
    version: String,
    change: TaskChange,
) -> Reply<TaskChanged> {
    state.with_session(|s| s.change_task(&id, &version, &change))
}

#[tauri::command(async)]
pub fn projects(state: State<'_, AppState>) -> Reply<Vec<ProjectRow>> {
    state.with_session(|s| s.projects())
}

#[tauri::command(async)]
pub fn project(state: State<'_, AppState>, name: String) -> Reply<ProjectScreen> {
    state.with_session(|s| s.project(&name))
}

#[tauri::command(async)]
pub fn people(state: State<'_, AppState>) -> Reply<Vec<PersonRow>> {
    state.with_session(|s| s.people())
}

#[tauri::command(async)]
pub fn person(state: State<'_, AppState>, name: String) -> Reply<PersonScreen> {
    state.with_session(|s| s.person(&name))
}

#[tauri::command(async)]
pub fn start_one_on_one(state: State<'_, AppState>, name: String) -> Reply<OneOnOneStarted> {
    state.with_session(|s| s.start_one_on_one(&name))
}

#[tauri::command(async)]
pub fn add_person(state: State<'_, AppState>, name: String) -> Reply<String> {
    state.with_session(|s| s.add_person(&name))
}

#[tauri::command(async)]
pub fn review(state: State<'_, AppState>, query: ReviewQuery) -> Reply<ReviewScreen> {
    state.with_session(|s| s.review(&query))
}

#[tauri::command(async)]
pub fn choose_review(
    state: State<'_, AppState>,
    query: ReviewQuery,
    changes: Vec<ReviewChange>,
) -> Reply<ReviewScreen> {
    state.with_session(|s| s.choose_review(&query, &changes))
}

#[tauri::command(async)]
pub fn move_in_review(
    state: State<'_, AppState>,
    query: ReviewQuery,
    moved: ReviewMove,
) -> Reply<ReviewScreen> {
    state.with_session(|s| s.move_in_review(&query, &moved))
}

#[tauri::command(async)]
pub fn reword_review(
    state: State<'_, AppState>,
    query: ReviewQuery,
    id: String,
    text: String,
) -> Reply<ReviewScreen> {
    state.with_session(|s| s.reword_review(&query, &id, &text))
}

/// The export's text, to copy to the clipboard.
#[tauri::command(async)]
pub fn review_export(
    state: State<'_, AppState>,
    query: ReviewQuery,
    format: ExportFormat,
) -> Reply<String> {
    state.with_session(|s| s.export_review(&query, format))
}

/// Asks where to save the export in the system's save dialog and writes it there; answers
/// the path, or `None` when the user cancelled. The dialog is opened here, not by the
/// window, so the window can never write a file of its choosing. `$CAIRN_EXPORT_PATH`
/// stands in for the dialog's answer (end-to-end tests cannot drive a native dialog).
#[tauri::command(async)]
pub fn save_review_export(
    app: AppHandle,
    state: State<'_, AppState>,
    query: ReviewQuery,
    format: ExportFormat,
) -> Reply<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let (text, name) = state.with_session(|s| {
        Ok((
            s.export_review(&query, format)?,
            s.export_file_name(&query, format)?,
        ))
    })?;
    let target = match std::env::var_os("CAIRN_EXPORT_PATH") {
        Some(path) => Some(PathBuf::from(path)),
        None => app
            .dialog()
            .file()
            .set_title("Export the review")
            .set_file_name(&name)
            .add_filter(format_label(format), &[format.extension()])
            .blocking_save_file()
            .map(|path| {
                path.into_path()
                    .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))
            })
            .transpose()?,
    };
    let Some(target) = target else {
        return Ok(None);
    };
    cairn::app::write_export(&target, &text)?;
    Ok(Some(target.display().to_string()))
}

/// Asks for a vault folder in the system's folder picker; answers its path, or `None` when
/// the user cancelled. Opened here, as the export's dialog is, so the window never reads a
/// folder of its choosing; `$CAIRN_PICK_FOLDER` stands in for the answer in end-to-end
/// tests, which cannot drive a native dialog.
#[tauri::command(async)]
pub fn choose_vault_folder(app: AppHandle) -> Reply<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(path) = std::env::var_os("CAIRN_PICK_FOLDER") {
        return Ok(Some(PathBuf::from(path).display().to_string()));
    }
    app.dialog()
        .file()
        .set_title("Open a vault")
        .blocking_pick_folder()
        .map(|path| {
            path.into_path()
                .map(|path| path.display().to_string())
                .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))
        })
        .transpose()
}

fn format_label(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Md => "Markdown",
        ExportFormat::Html => "HTML",
        ExportFormat::Json => "JSON",
    }
}

/// Opens a ticket link in the system's browser; only web links, never files or scripts.
#[tauri::command(async)]
pub fn open_external(url: String) -> Reply<()> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "only web links can be opened",
        ));
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&url)
        .spawn()
        .map(drop)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("cannot open {url}: {e}")))
}
