//! The shell's managed state: the open vault's session, a search handle on it, the watcher
//! that keeps it live, and what the app was started with. Opening a vault replaces them
//! together.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use cairn::app::appearance::{self, Appearance};
use cairn::app::{recent, AppError, ErrorCode, ImportProgress, SearchHandle, Session};
use cairn::index::{vault_cache_dir, VaultWatcher};
use chrono::NaiveDate;
use tauri::{AppHandle, Emitter};

/// How long the watcher waits for a burst of file events to settle.
const WATCH_DEBOUNCE: Duration = Duration::from_millis(50);

/// What the app was started with.
pub struct Startup {
    pub vault: Option<PathBuf>,
    pub today: Option<NaiveDate>,
    /// Where each vault's cache goes (in a folder of its own); the system default if unset.
    pub cache_home: Option<PathBuf>,
}

pub struct AppState {
    startup: Startup,
    recent_file: PathBuf,
    appearance_file: PathBuf,
    session: Arc<Mutex<Option<Session>>>,
    /// Searches the open vault without waiting for the session (a save may hold it).
    search: Mutex<Option<SearchHandle>>,
    watcher: Mutex<Option<VaultWatcher>>,
}

impl AppState {
    /// `config_dir` is the app's config folder, which holds the recent vaults and the
    /// appearance.
    pub fn new(startup: Startup, config_dir: &std::path::Path) -> AppState {
        AppState {
            startup,
            recent_file: config_dir.join("recent-vaults.json"),
            appearance_file: config_dir.join("appearance.json"),
            session: Arc::new(Mutex::new(None)),
            search: Mutex::new(None),
            watcher: Mutex::new(None),
        }
    }

    pub fn recent_vaults(&self) -> Vec<String> {
        recent::load(&self.recent_file)
    }

    pub fn appearance(&self) -> Appearance {
        appearance::load(&self.appearance_file)
    }

    pub fn set_appearance(&self, chosen: &Appearance) -> Result<(), AppError> {
        appearance::save(&self.appearance_file, chosen)
    }

    /// The vault to open when the app asks before any was chosen: the one on the command
    /// line, else the last one opened.
    pub fn startup_vault(&self) -> Option<PathBuf> {
        self.startup
            .vault
            .clone()
            .or_else(|| self.recent_vaults().first().map(PathBuf::from))
    }

    pub fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while the lock was held leaves the session as the last completed call
        // made it; the files are the truth, so going on is safe.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the open session.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        match self.session().as_mut() {
            Some(session) => f(session),
            None => Err(AppError::new(ErrorCode::NoVault, "no vault is open")),
        }
    }

    /// A handle that searches the open vault.
    pub fn search_handle(&self) -> Result<SearchHandle, AppError> {
        let handle = self.search.lock().unwrap_or_else(|e| e.into_inner());
        handle
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NoVault, "no vault is open"))
    }

    /// Opens the vault at `root` (indexing it, with progress events), makes it the
    /// current one and starts watching its files.
    pub fn open(&self, app: &AppHandle, root: &Path) -> Result<(), AppError> {
        let progress_app = app.clone();
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let cache_dir = self
            .startup
            .cache_home
            .as_ref()
            .map(|home| vault_cache_dir(home, &root));
        let session = Session::open(
            &root,
            cache_dir,
            self.startup.today,
            &mut |progress: ImportProgress| {
                let _ = progress_app.emit("import-progress", progress);
            },
        )?;
        let canonical = session.root().to_path_buf();
        let search = session.search_handle();
        *self.session() = Some(session);
        *self.search.lock().unwrap_or_else(|e| e.into_inner()) = Some(search);
        // The list of recent vaults is a convenience; failing to save it must not fail the open.
        let _ = recent::remember(&self.recent_file, &canonical);
        self.watch(app, &canonical)
    }

    fn watch(&self, app: &AppHandle, root: &Path) -> Result<(), AppError> {
        let (watcher, events) = VaultWatcher::start(root, WATCH_DEBOUNCE).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot watch {}: {e}", root.display()),
            )
        })?;
        // Replacing the watcher drops the old one, which closes its channel and ends its thread.
        *self.watcher.lock().unwrap_or_else(|e| e.into_inner()) = Some(watcher);
        let session = Arc::clone(&self.session);
        let app = app.clone();
        std::thread::spawn(move || {
            for event in events {
                let changed = {
                    let mut guard = session.lock().unwrap_or_else(|e| e.into_inner());
                    match guard.as_mut() {
                        Some(session) => session.apply_watch_event(&event),
                        None => continue,
                    }
                };
                match changed {
                    Ok(change) => {
                        let _ = app.emit("vault-changed", change);
                    }
                    Err(error) => {
                        eprintln!("cairn-desktop: keeping the index live failed: {error}")
                    }
                }
            }
        });
        Ok(())
    }
}
