//! Cairn's desktop app: the Tauri shell. It parses the command line, holds the open vault
//! in managed state, and registers the commands; everything the commands do is a call
//! into `cairn::app`.
//!
//! `cairn-desktop [VAULT]` opens `VAULT` (else `$CAIRN_VAULT`, else the last vault opened,
//! else the Open Vault dialog). `$CAIRN_TODAY` fixes "today" as for the command line, and
//! `$CAIRN_CACHE_HOME` moves the folder that holds each vault's cache (by default the
//! system's cache folder).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod renderer;
mod state;

/// The library builds and drops many small strings per view and per sync; mimalloc does
/// that faster than the system allocator (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;

use tauri::{Manager, WebviewUrl, WebviewWindowBuilder};

use state::{AppState, Startup};

fn startup() -> Result<Startup, String> {
    let vault = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("CAIRN_VAULT"))
        .map(PathBuf::from);
    let today = match std::env::var("CAIRN_TODAY") {
        Ok(text) => Some(
            chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map_err(|_| format!("CAIRN_TODAY must be YYYY-MM-DD, not {text:?}"))?,
        ),
        Err(_) => None,
    };
    let cache_home = std::env::var_os("CAIRN_CACHE_HOME").map(PathBuf::from);
    Ok(Startup {
        vault,
        today,
        cache_home,
    })
}

/// The one window. It can only ever show the app itself: a link that would take it
/// elsewhere is refused here (the frontend opens web links in the system's browser).
fn main_window(app: &tauri::App) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
        .title("Cairn")
        .inner_size(1200.0, 820.0)
        .min_inner_size(720.0, 480.0)
        .on_navigation(is_app_url)
        .build()?;
    Ok(())
}

/// The app's own pages: the bundled frontend (`tauri://localhost`, or
/// `http://tauri.localhost` on Windows) or the Vite dev server of a debug build.
fn is_app_url(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        ("http", Some("localhost")) => cfg!(debug_assertions) && url.port() == Some(1420),
        _ => false,
    }
}

fn main() {
    renderer::choose();
    let startup = match startup() {
        Ok(startup) => startup,
        Err(message) => {
            eprintln!("cairn-desktop: {message}");
            std::process::exit(2);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let config_dir = app.path().app_config_dir()?;
            app.manage(AppState::new(startup, &config_dir));
            main_window(app)?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_vault,
            commands::current_vault,
            commands::recent_vaults,
            commands::appearance,
            commands::set_appearance,
            commands::vault_settings,
            commands::preview_vault_settings,
            commands::save_vault_settings,
            commands::journals,
            commands::page,
            commands::all_pages,
            commands::apply_edits,
            commands::undo,
            commands::redo,
            commands::undo_last,
            commands::redo_last,
            commands::search,
            commands::page_names,
            commands::references,
            commands::agenda,
            commands::agenda_facets,
            commands::agenda_counts,
            commands::change_task,
            commands::projects,
            commands::project,
            commands::people,
            commands::person,
            commands::start_one_on_one,
            commands::add_person,
            commands::review,
            commands::choose_review,
            commands::move_in_review,
            commands::reword_review,
            commands::review_export,
            commands::save_review_export,
            commands::choose_vault_folder,
            commands::open_external,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the desktop app starts");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_only_ever_shows_the_app() {
        let url = |text: &str| tauri::Url::parse(text).unwrap();
        assert!(is_app_url(&url("tauri://localhost/index.html")));
        assert!(is_app_url(&url("http://tauri.localhost/index.html")));
        assert!(!is_app_url(&url(
            "https://tracker.example.com/browse/COS-113"
        )));
        assert!(!is_app_url(&url("file:///etc/passwd")));
        assert!(!is_app_url(&url("javascript:alert(1)")));
    }
}
