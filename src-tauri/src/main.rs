//! Cairn's desktop app: the Tauri shell. It parses the command line, holds the open vault
//! in managed state, and registers the commands; everything the commands do is a call
//! into `cairn::app`.
//!
//! `cairn-desktop [VAULT]` opens `VAULT` (else `$CAIRN_VAULT`, else the last vault opened,
//! else the Open Vault dialog). `$CAIRN_TODAY` fixes "today" and `$CAIRN_CACHE_DIR` moves
//! the cache, as for the command line.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::PathBuf;

use tauri::Manager;

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
    let cache_dir = std::env::var_os("CAIRN_CACHE_DIR").map(PathBuf::from);
    Ok(Startup {
        vault,
        today,
        cache_dir,
    })
}

fn main() {
    let startup = match startup() {
        Ok(startup) => startup,
        Err(message) => {
            eprintln!("cairn-desktop: {message}");
            std::process::exit(2);
        }
    };
    tauri::Builder::default()
        .setup(move |app| {
            let config_dir = app.path().app_config_dir()?;
            app.manage(AppState::new(
                startup,
                config_dir.join("recent-vaults.json"),
            ));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::open_vault,
            commands::current_vault,
            commands::recent_vaults,
            commands::journals,
            commands::page,
            commands::all_pages,
            commands::apply_edits,
            commands::undo,
            commands::redo,
            commands::search,
            commands::page_names,
            commands::references,
            commands::open_external,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the desktop app starts");
}
