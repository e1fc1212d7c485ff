//! The index of a vault: the SQLite cache and the search index kept in step with the
//! files. Opening is incremental (only changed, new, deleted or renamed files are read),
//! a watcher applies external edits as they happen, and anything that looks wrong with the
//! cache makes it rebuild from the files, which are never written here.

mod backlinks;
pub mod record;
mod sync;
mod watch;

use std::path::{Path, PathBuf};

use crate::search::{SearchError, SearchIndex, SearchResults};
use crate::store::{RebuildReason, Store, StoreError};
use crate::vault::Vault;

pub use backlinks::{Backlink, BacklinkGroup, Backlinks, FoundPage};
pub use sync::{SyncProgress, SyncReport};
pub use watch::{VaultWatcher, WatchEvent};

const DATABASE_FILE: &str = "cache.sqlite";
const SEARCH_DIR: &str = "search";
/// The meta key, and tantivy commit payload, that ties the two caches together.
const GENERATION_KEY: &str = "search_generation";
/// The meta key of the vault settings the cache was built with.
const SETTINGS_KEY: &str = "settings";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("cache database: {}", crate::store::sqlite_reason(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("cache folder {path}: {}", crate::vault::io_reason(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no cache folder: the system has no cache directory; pass --cache-dir")]
    NoCacheDir,
}

/// The default cache folder of a vault: in the OS cache directory, keyed by the vault's
/// canonical path, so that a synced vault stays pure Markdown.
pub fn default_cache_dir(root: &Path) -> Result<PathBuf, IndexError> {
    let base = dirs::cache_dir().ok_or(IndexError::NoCacheDir)?;
    Ok(vault_cache_dir(&base.join("cairn").join("vaults"), root))
}

/// The cache folder of the vault at `root` inside `base`, which holds the caches of
/// many vaults: named after the vault's folder and a hash of its path.
pub fn vault_cache_dir(base: &Path, root: &Path) -> PathBuf {
    let name = root
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .unwrap_or_default();
    let hash = xxhash_rust::xxh3::xxh3_64(root.to_string_lossy().as_bytes());
    base.join(format!("{name}-{hash:016x}"))
}

/// An open vault with its caches.
pub struct Index {
    vault: Vault,
    store: Store,
    search: SearchIndex,
    cache_dir: PathBuf,
    /// Why the caches were rebuilt when they were opened, if they were.
    rebuilt: Option<RebuildReason>,
}

impl Index {
    /// Opens the caches of `vault` in `cache_dir` (or the default), rebuilding them if they
    /// cannot be trusted. Call [`Index::sync`] to bring them up to date with the files.
    pub fn open(vault: Vault, cache_dir: Option<PathBuf>) -> Result<Index, IndexError> {
        let cache_dir = match cache_dir {
            Some(dir) => dir,
            None => default_cache_dir(vault.root())?,
        };
        std::fs::create_dir_all(&cache_dir).map_err(|source| IndexError::Io {
            path: cache_dir.clone(),
            source,
        })?;
        let root = vault.root().to_string_lossy().into_owned();
        let database = cache_dir.join(DATABASE_FILE);
        let search_dir = cache_dir.join(SEARCH_DIR);
        let fresh = !database.exists();
        let (store, reason) = Store::open(&database, &root)?;
        let mut search = SearchIndex::open(&search_dir);
        let mut in_step = search_in_step(&store, &search)?;
        if !in_step && reason.is_none() {
            // Another index may be creating the caches, or be between its search commit and
            // its database commit: wait for its write lock, then look again.
            store.connection().execute_batch("BEGIN IMMEDIATE")?;
            if search.is_err() {
                search = SearchIndex::open(&search_dir);
            }
            let again = search_in_step(&store, &search);
            store.connection().execute_batch("ROLLBACK")?;
            in_step = again?;
        }
        let settings = format!(
            "{:016x}/{}",
            vault.settings_fingerprint(),
            record::RECORD_VERSION
        );
        // A cache that holds nothing yet (just created, perhaps by another index at this
        // very moment) cannot be stale with respect to the settings.
        let holds_pages = store.meta(GENERATION_KEY)?.is_some();
        let settings_changed = !fresh
            && holds_pages
            && store.meta(SETTINGS_KEY)?.as_deref() != Some(settings.as_str());
        let reason = reason
            .or_else(|| (!in_step).then_some(RebuildReason::SearchIndexOutOfStep))
            .or_else(|| settings_changed.then_some(RebuildReason::SettingsChanged));
        if reason.is_none() {
            if store.meta(SETTINGS_KEY)?.as_deref() != Some(settings.as_str()) {
                store.set_meta(SETTINGS_KEY, &settings)?;
            }
            let rebuilt = fresh.then_some(RebuildReason::Created);
            return Ok(Index {
                vault,
                store,
                search: search?,
                cache_dir,
                rebuilt,
            });
        }
        // A cache is only trusted when the database and the search index agree: start both afresh.
        drop(store);
        drop(search);
        crate::store::remove_database(&database)?;
        remove_dir(&search_dir)?;
        let (store, _) = Store::open(&database, &root)?;
        store.set_meta(SETTINGS_KEY, &settings)?;
        let search = SearchIndex::open(&search_dir)?;
        Ok(Index {
            vault,
            store,
            search,
            cache_dir,
            rebuilt: reason,
        })
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Changes whenever a sync (by this or another process) changed the caches.
    pub fn generation(&self) -> Result<u64, IndexError> {
        Ok(self
            .store
            .meta(GENERATION_KEY)?
            .and_then(|g| g.parse().ok())
            .unwrap_or(0))
    }

    pub fn cache_dir(&self) -> &Path {
        &self.cache_dir
    }

    /// Why the caches were rebuilt on opening, if they were.
    pub fn rebuilt(&self) -> Option<&RebuildReason> {
        self.rebuilt.as_ref()
    }

    /// Runs a search query; see [`crate::search::query`] for the language.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, IndexError> {
        Ok(self.search.search(query, limit)?)
    }

    /// The search index, for searches that run apart from this index (see
    /// [`crate::app::SearchHandle`]).
    pub fn search_index(&self) -> &SearchIndex {
        &self.search
    }
}

/// True when the search index carries the generation the database recorded last.
fn search_in_step(
    store: &Store,
    search: &Result<SearchIndex, SearchError>,
) -> Result<bool, IndexError> {
    Ok(match search {
        Ok(search) => search.generation().ok().flatten() == store.meta(GENERATION_KEY)?,
        Err(_) => false,
    })
}

fn remove_dir(dir: &Path) -> Result<(), IndexError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(IndexError::Io {
            path: dir.to_path_buf(),
            source,
        }),
    }
}
