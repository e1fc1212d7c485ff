//! The index of a vault: the SQLite cache and the search index kept in step with the
//! files. Opening is incremental (only changed, new, deleted or renamed files are read),
//! a watcher applies external edits as they happen, and anything that looks wrong with the
//! cache makes it rebuild from the files, which are never written here.

mod backlinks;
mod sync;
mod watch;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::search::{SearchError, SearchIndex, SearchResults};
use crate::store::{RebuildReason, Store, StoreError};
use crate::vault::Vault;

pub use backlinks::{Backlink, BacklinkGroup, Backlinks, FoundPage};
pub use sync::{SyncProgress, SyncReport};
pub use watch::{VaultWatcher, WatchEvent};

const DATABASE_FILE: &str = "cache.sqlite";
const SEARCH_DIR: &str = "search";
/// The file whose lock serialises opening the caches (see `lock_for_opening`).
const OPEN_LOCK_FILE: &str = "open.lock";
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

impl IndexError {
    /// True when the error says the caches are damaged, so that rebuilding them from the
    /// vault is the cure.
    pub fn is_damage(&self) -> bool {
        match self {
            IndexError::Store(error) => error.is_damage(),
            IndexError::Search(error) => error.is_damage(),
            IndexError::Sqlite(error) => crate::store::is_sqlite_damage(error),
            IndexError::Io { .. } | IndexError::NoCacheDir => false,
        }
    }
}

/// True when `error` itself (not what it wraps) says the caches are damaged: for callers
/// holding a chain of errors from a query over the caches, such as the command line's.
pub fn says_damaged(error: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(error) = error.downcast_ref::<IndexError>() {
        error.is_damage()
    } else if let Some(error) = error.downcast_ref::<StoreError>() {
        error.is_damage()
    } else if let Some(error) = error.downcast_ref::<SearchError>() {
        error.is_damage()
    } else if let Some(error) = error.downcast_ref::<rusqlite::Error>() {
        crate::store::is_sqlite_damage(error)
    } else if let Some(error) = error.downcast_ref::<tantivy::TantivyError>() {
        crate::search::is_tantivy_damage(error)
    } else {
        false
    }
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
    /// The cache folder that could not be used, when the caches are in a temporary one.
    elsewhere: Option<Elsewhere>,
    /// The last syncs this index made: the generation each recorded and the files it
    /// re-read or dropped (see [`Index::changed_since`]).
    own_syncs: std::collections::VecDeque<(u64, Vec<String>)>,
    /// The temporary folder the caches are in, removed when the index is dropped; last, so
    /// that the caches are closed before.
    temporary: Option<TemporaryFolder>,
}

/// A cache folder that could not be used, and why.
#[derive(Debug, Clone)]
pub struct Elsewhere {
    pub unusable: PathBuf,
    pub why: String,
}

/// A folder of the system's temporary folder made for one index, removed with it.
struct TemporaryFolder(PathBuf);

impl TemporaryFolder {
    fn create() -> Result<TemporaryFolder, IndexError> {
        let base = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for attempt in 0u32.. {
            let dir = base.join(format!(
                "cairn-cache-{}-{stamp:x}-{attempt}",
                std::process::id()
            ));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TemporaryFolder(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(IndexError::Io { path: dir, source }),
            }
        }
        unreachable!("some attempt number names a new folder")
    }
}

impl Drop for TemporaryFolder {
    fn drop(&mut self) {
        // Best effort: what is left in the temporary folder is the system's to clear.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Index {
    /// Opens the caches of `vault` in `cache_dir` (or the default), rebuilding them if they
    /// cannot be trusted. A cache folder that cannot be written is replaced by a fresh one
    /// in the system's temporary folder for as long as the index is open (see
    /// [`Index::elsewhere`]). Call [`Index::sync`] to bring the caches up to date with the
    /// files.
    pub fn open(vault: Vault, cache_dir: Option<PathBuf>) -> Result<Index, IndexError> {
        let cache_dir = match cache_dir {
            Some(dir) => dir,
            None => default_cache_dir(vault.root())?,
        };
        match Index::open_or_repair(vault.clone(), cache_dir.clone()) {
            Err(error) if !is_writable(&cache_dir) => {
                Index::open_elsewhere(vault, cache_dir, error)
            }
            opened => opened,
        }
    }

    /// Opens the caches in `cache_dir`; when opening fails on damage that the checks made
    /// while opening do not catch, removes both caches and opens them afresh, once.
    fn open_or_repair(vault: Vault, cache_dir: PathBuf) -> Result<Index, IndexError> {
        match Index::open_in(vault.clone(), cache_dir.clone()) {
            Err(error) if error.is_damage() => {
                remove_caches(&cache_dir)?;
                let mut index = Index::open_in(vault, cache_dir)?;
                index.rebuilt = Some(RebuildReason::Corrupt(error.to_string()));
                Ok(index)
            }
            opened => opened,
        }
    }

    /// Opens fresh caches in a new temporary folder, in place of `unusable`.
    fn open_elsewhere(
        vault: Vault,
        unusable: PathBuf,
        error: IndexError,
    ) -> Result<Index, IndexError> {
        let temporary = TemporaryFolder::create()?;
        let mut index = Index::open_in(vault, temporary.0.clone())?;
        index.elsewhere = Some(Elsewhere {
            unusable,
            why: error.to_string(),
        });
        index.temporary = Some(temporary);
        Ok(index)
    }

    /// Opens the caches in `cache_dir`, rebuilding them if what opening checks says they
    /// cannot be trusted.
    fn open_in(vault: Vault, cache_dir: PathBuf) -> Result<Index, IndexError> {
        std::fs::create_dir_all(&cache_dir).map_err(|source| IndexError::Io {
            path: cache_dir.clone(),
            source,
        })?;
        let _opening = lock_for_opening(&cache_dir)?;
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
            crate::record::RECORD_VERSION
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
                elsewhere: None,
                own_syncs: Default::default(),
                temporary: None,
            });
        }
        // A cache is only trusted when the database and the search index agree: start both afresh.
        drop(store);
        drop(search);
        remove_caches(&cache_dir)?;
        let (store, _) = Store::open(&database, &root)?;
        store.set_meta(SETTINGS_KEY, &settings)?;
        let search = SearchIndex::open(&search_dir)?;
        Ok(Index {
            vault,
            store,
            search,
            cache_dir,
            rebuilt: reason,
            elsewhere: None,
            own_syncs: Default::default(),
            temporary: None,
        })
    }

    /// Throws both caches away and starts them afresh, empty, so that the next sync reads
    /// every file: what a sync or a query does when the caches turn out to be damaged.
    pub fn rebuild(&mut self, reason: RebuildReason) -> Result<(), IndexError> {
        // The files are removed only once nothing here holds them open, which some
        // systems require.
        self.search.release_writer();
        self.store = Store::detached()?;
        self.search = SearchIndex::detached()?;
        remove_caches(&self.cache_dir)?;
        let fresh = Index::open_in(self.vault.clone(), self.cache_dir.clone())?;
        self.store = fresh.store;
        self.search = fresh.search;
        self.rebuilt = Some(reason);
        Ok(())
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Changes whenever a sync (by this or another process) changed the caches.
    pub fn generation(&self) -> Result<u64, IndexError> {
        Ok(parse_generation(self.store.meta(GENERATION_KEY)?))
    }

    /// What the cache holds, as far as a reader needs to know whether it changed: equal
    /// versions of one index hold the same rows.
    pub fn version(&self) -> Result<CacheVersion, IndexError> {
        Ok(CacheVersion {
            store: self.store.serial(),
            generation: self.generation()?,
        })
    }

    /// The files that changed in the caches since they were at `version`, when this index
    /// made every change since itself: a reader that kept what it derived from files other
    /// than these can go on trusting it. `None` when it cannot tell: another process synced
    /// in between, the caches were reopened or rebuilt, or the changes go back further than
    /// the syncs it remembers.
    pub fn changed_since(
        &self,
        version: CacheVersion,
    ) -> Result<Option<BTreeSet<String>>, IndexError> {
        let now = self.version()?;
        if now.store != version.store || now.generation < version.generation {
            return Ok(None);
        }
        let mut changed = BTreeSet::new();
        for generation in version.generation + 1..=now.generation {
            match self.own_syncs.iter().find(|(g, _)| *g == generation) {
                Some((_, paths)) => changed.extend(paths.iter().cloned()),
                None => return Ok(None),
            }
        }
        Ok(Some(changed))
    }

    /// Remembers a sync this index made, for [`Index::changed_since`].
    fn remember_sync(&mut self, generation: u64, paths: Vec<String>) {
        /// Enough for the few writes one action of the user makes.
        const REMEMBERED: usize = 16;
        if self.own_syncs.len() == REMEMBERED {
            self.own_syncs.pop_front();
        }
        self.own_syncs.push_back((generation, paths));
    }

    pub fn cache_dir(&self) -> &Path {
        &self.cache_dir
    }

    /// Why the caches were rebuilt on opening, if they were.
    pub fn rebuilt(&self) -> Option<&RebuildReason> {
        self.rebuilt.as_ref()
    }

    /// The cache folder that could not be used, when the caches are in a temporary one.
    pub fn elsewhere(&self) -> Option<&Elsewhere> {
        self.elsewhere.as_ref()
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

/// The generation a cache records; 0 for one that never synced.
fn parse_generation(recorded: Option<String>) -> u64 {
    recorded.and_then(|g| g.parse().ok()).unwrap_or(0)
}

/// Changes whenever a sync by any process changed the caches, or they were opened anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheVersion {
    store: u64,
    generation: u64,
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

/// Takes the lock that indexes opening the caches in `cache_dir` hold, one at a time,
/// until it is dropped. Without it, two indexes opening a new cache at once could both
/// find no search index and both create one: the later creation writes an empty
/// `meta.json` over whatever the other had committed since, and the next open finds the
/// two caches out of step and throws both away.
fn lock_for_opening(cache_dir: &Path) -> Result<std::fs::File, IndexError> {
    let path = cache_dir.join(OPEN_LOCK_FILE);
    let io = |source| IndexError::Io {
        path: path.clone(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    file.lock().map_err(io)?;
    Ok(file)
}

/// Removes the database and the search index of the cache in `cache_dir`, whatever
/// stands in their place.
fn remove_caches(cache_dir: &Path) -> Result<(), IndexError> {
    crate::store::remove_database(&cache_dir.join(DATABASE_FILE))?;
    let search_dir = cache_dir.join(SEARCH_DIR);
    crate::store::remove_path(&search_dir).map_err(|source| IndexError::Io {
        path: search_dir,
        source,
    })
}

/// True when `dir` is (or can be made) a folder that files can be created in.
fn is_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".cairn-probe-{}", std::process::id()));
    let created = std::fs::create_dir_all(dir).and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
    });
    let writable = created.is_ok();
    let _ = std::fs::remove_file(&probe);
    writable
}
