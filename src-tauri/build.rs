//! Builds the Tauri context from the configuration at the repository's root and grants the
//! app's own commands through generated `allow-…` permissions, so the capability file lists
//! exactly what the window may call.

/// Every command the shell registers; keep in step with `main.rs`.
const COMMANDS: &[&str] = &[
    "open_vault",
    "current_vault",
    "recent_vaults",
    "appearance",
    "set_appearance",
    "vault_settings",
    "preview_vault_settings",
    "save_vault_settings",
    "journals",
    "page",
    "all_pages",
    "apply_edits",
    "undo",
    "redo",
    "undo_last",
    "redo_last",
    "search",
    "page_names",
    "references",
    "agenda",
    "agenda_facets",
    "agenda_counts",
    "change_task",
    "projects",
    "project",
    "people",
    "person",
    "start_one_on_one",
    "add_person",
    "review",
    "choose_review",
    "move_in_review",
    "reword_review",
    "review_export",
    "save_review_export",
    "choose_vault_folder",
    "open_external",
];

fn main() {
    println!("cargo:rerun-if-changed=../tauri.conf.json");
    println!("cargo:rerun-if-changed=capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("../tauri.conf.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("the Tauri configuration and capabilities are valid");
}
