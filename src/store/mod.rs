//! The SQLite cache: pages, blocks, properties, refs, tasks, tickets, aliases and file
//! fingerprints, and what is derived from them across pages (the directory of people and
//! projects, 1-on-1 entries, open items). It lives outside the vault and is rebuilt from the
//! files whenever it cannot be trusted (corrupt, from another schema, or for another vault);
//! the vault is never touched here.

mod derived;
pub mod directory;
mod page_rows;
mod schema;
pub(crate) mod shown_task;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub use directory::Directory;
pub use page_rows::PageUpdate;
pub use schema::current_version as schema_version;

/// How long a second writer (another Cairn process) waits for the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// The database's page size. Tables grow side by side during an import, so a table's pages
/// end up interleaved in the file; larger pages keep more of a table's rows together, which
/// an agenda reading every open task feels most (a fresh one on the 10k vault: 23 ms at
/// 4 KiB, 19 ms at 8 KiB). At 16 KiB, the pages an edit rewrites cost it 8 ms more.
const PAGE_BYTES: i64 = 8192;
/// The page cache (KiB, as SQLite's negative `cache_size`) while reading and for ordinary
/// writes, and for a bulk import, which builds every index at the end.
const CACHE_KIB: i64 = 16_384;
const BULK_CACHE_KIB: i64 = 65_536;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cache database {path}: {}", sqlite_reason(.source))]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cache database {path}: {}", crate::vault::io_reason(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// True when the error says the database is damaged (or is not a database), so that
    /// rebuilding it from the vault is the cure.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Sqlite { source, .. } => is_sqlite_damage(source),
            StoreError::Io { .. } => false,
        }
    }
}

/// True for the SQLite errors that come from the database's bytes: a malformed file, one
/// that is not a database, one that cannot be read or opened, and values that do not have
/// the type or the encoding the schema gives them (garbled rows often decode as such).
pub fn is_sqlite_damage(error: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as Code;
    match error {
        rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::IntegralValueOutOfRange(..)
        | rusqlite::Error::Utf8Error(..) => true,
        _ => matches!(
            error.sqlite_error_code(),
            Some(
                Code::DatabaseCorrupt
                    | Code::NotADatabase
                    | Code::SystemIoFailure
                    | Code::CannotOpen
            )
        ),
    }
}

/// Why an existing cache was thrown away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebuildReason {
    Created,
    Corrupt(String),
    OtherSchema(u32),
    OtherVault(String),
    SearchIndexOutOfStep,
    SettingsChanged,
}

impl std::fmt::Display for RebuildReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RebuildReason::Created => write!(f, "new cache"),
            RebuildReason::Corrupt(why) => {
                write!(f, "the cache was unreadable ({why}) and was rebuilt")
            }
            RebuildReason::OtherSchema(v) => {
                write!(
                    f,
                    "the cache was written by another Cairn (schema {v}) and was rebuilt"
                )
            }
            RebuildReason::OtherVault(root) => {
                write!(f, "the cache belonged to {root} and was rebuilt")
            }
            RebuildReason::SearchIndexOutOfStep => {
                write!(
                    f,
                    "the search index was out of step with the cache; both were rebuilt"
                )
            }
            RebuildReason::SettingsChanged => {
                write!(f, "config.edn or cairn.toml changed; the cache was rebuilt")
            }
        }
    }
}

/// Why a cache could not be opened as it is.
enum Unusable {
    Rebuild(RebuildReason),
    /// Locked by another connection beyond its busy handler (changing the journal mode
    /// does not wait): the cache may be fine, so opening is tried again.
    Busy,
    /// The disk is full: the cache may be fine, and one made afresh would not fit either.
    DiskFull,
}

impl Unusable {
    fn from_sqlite(error: rusqlite::Error) -> Unusable {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Unusable::Busy
            }
            Some(rusqlite::ErrorCode::DiskFull) => Unusable::DiskFull,
            _ => Unusable::Rebuild(RebuildReason::Corrupt(error.to_string())),
        }
    }

    fn from_io(error: std::io::Error) -> Unusable {
        match error.kind() {
            std::io::ErrorKind::StorageFull => Unusable::DiskFull,
            _ => Unusable::Rebuild(RebuildReason::Corrupt(error.to_string())),
        }
    }
}

/// A file as it was when indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub size: u64,
    pub mtime_ns: i64,
    /// The file's inode, 0 where the platform has none.
    pub inode: u64,
    /// When the file's metadata last changed (`ctime`), 0 where the platform has none.
    pub ctime_ns: i64,
    pub hash: u128,
    pub checked_ns: i64,
}

/// The cache database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Tells this opening of a cache from every other in the process, so that what was
    /// read from one is never taken for what another holds.
    serial: u64,
}

/// The serial the next store opened takes.
static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_serial() -> u64 {
    NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Store {
    /// Opens (or creates) the cache at `path` for the vault at `root`. When the file cannot
    /// be trusted it is deleted and created afresh, and the reason is returned.
    pub fn open(path: &Path, root: &str) -> Result<(Store, Option<RebuildReason>), StoreError> {
        let started = std::time::Instant::now();
        let opened = loop {
            match Store::try_open(path, root) {
                // Another index is creating or migrating this cache: a lock is not damage.
                Err(Unusable::Busy) if started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(Unusable::Busy) => {
                    return Err(io_error(path, "the cache stayed locked by another process"))
                }
                Err(Unusable::DiskFull) => return Err(io_error(path, DISK_FULL)),
                Err(Unusable::Rebuild(reason)) => break Err(reason),
                Ok(opened) => break opened,
            }
        };
        match opened {
            Ok(store) => Ok((store, None)),
            Err(reason) => {
                remove_database(path)?;
                let store = match Store::try_open(path, root) {
                    Ok(Ok(store)) => store,
                    Ok(Err(reason)) | Err(Unusable::Rebuild(reason)) => {
                        return Err(cannot_create(path, &reason.to_string()))
                    }
                    Err(Unusable::DiskFull) => return Err(cannot_create(path, DISK_FULL)),
                    Err(Unusable::Busy) => {
                        return Err(cannot_create(path, "another process holds it locked"))
                    }
                };
                Ok((store, Some(reason)))
            }
        }
    }

    /// `Ok(Ok)` for a usable store, `Ok(Err(reason))` for one to rebuild, `Err` for one to
    /// rebuild or to try again.
    fn try_open(path: &Path, root: &str) -> Result<Result<Store, RebuildReason>, Unusable> {
        let unusable = Unusable::from_sqlite;
        let existed = path.exists();
        if existed && !has_sqlite_header(path) {
            return Err(Unusable::Rebuild(RebuildReason::Corrupt(
                "not an SQLite database".to_string(),
            )));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(Unusable::from_io)?;
        }
        let conn = Connection::open(path).map_err(unusable)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(unusable)?;
        // Takes effect only while the database is empty, before its first table.
        conn.pragma_update(None, "page_size", PAGE_BYTES)
            .map_err(unusable)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(unusable)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(unusable)?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(unusable)?;
        // Each page is checked as it is first read, so that more of a garbled file shows as
        // a corrupt database (which rebuilds the cache) instead of as wrong rows.
        conn.pragma_update(None, "cell_size_check", true)
            .map_err(unusable)?;
        // Pages are read into the page cache rather than mapped: a mapped page is checked
        // again each time it is used (`cell_size_check`), which made queries that read
        // many blocks ten times slower (the projects list of the 10,000-page vault 0.58 s;
        // 0.03 s for its ticket counts through the page cache, as fast as mapped and
        // unchecked).
        conn.pragma_update(None, "cache_size", -CACHE_KIB)
            .map_err(unusable)?;
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(unusable)?;
        let latest = schema::current_version();
        // Version 0 is a database just created, which the migrations fill.
        if version > latest || (version != 0 && version < schema::OLDEST_MIGRATABLE) {
            return Ok(Err(RebuildReason::OtherSchema(version)));
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            serial: next_serial(),
        };
        if version < latest {
            store.migrate(version).map_err(Unusable::from_sqlite)?;
        }
        // Indexes added since the cache was made are created now (a no-op otherwise).
        store
            .conn
            .execute_batch(&schema::create_indexes_sql())
            .map_err(unusable)?;
        let owner: Option<String> = store
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'vault_root'",
                [],
                |row| row.get(0),
            )
            .optional()
            .map_err(unusable)?;
        match owner {
            Some(owner) if owner != root => return Ok(Err(RebuildReason::OtherVault(owner))),
            Some(_) => {}
            None => {
                store
                    .conn
                    .execute(
                        // Another process creating this cache may have just claimed it.
                        "INSERT INTO meta (key, value) VALUES ('vault_root', ?1) ON CONFLICT(key) DO NOTHING",
                        [root],
                    )
                    .map_err(unusable)?;
            }
        }
        Ok(Ok(store))
    }

    fn migrate(&mut self, from: u32) -> rusqlite::Result<()> {
        // Under the write lock, and from the version read under it: another process opening
        // the same new cache may have migrated it since `from` was read.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let from = from.max(tx.pragma_query_value(None, "user_version", |row| row.get(0))?);
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as u32 + 1)?;
        }
        tx.execute_batch(&schema::create_indexes_sql())?;
        tx.commit()
    }

    /// An empty store in memory, which holds a cache's place while its files are replaced.
    pub fn detached() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sqlite {
            path: path.clone(),
            source,
        })?;
        Ok(Store {
            conn,
            path,
            serial: next_serial(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Unique to this opening of a cache in this process.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The fingerprint of every indexed file, by path.
    pub fn fingerprints(
        &self,
    ) -> Result<std::collections::HashMap<String, Fingerprint>, StoreError> {
        let run = || -> rusqlite::Result<_> {
            let mut statement = self.conn.prepare(
                "SELECT path, size, mtime_ns, hash, checked_ns, inode, ctime_ns FROM files",
            )?;
            let rows = statement.query_map([], fingerprint_row)?;
            rows.collect()
        };
        run().map_err(|e| self.sqlite(e))
    }

    /// The fingerprints of just these paths (those that are indexed).
    pub fn fingerprints_of(
        &self,
        paths: &[String],
    ) -> Result<std::collections::HashMap<String, Fingerprint>, StoreError> {
        let run = || -> rusqlite::Result<_> {
            let mut statement = self.conn.prepare_cached(
                "SELECT path, size, mtime_ns, hash, checked_ns, inode, ctime_ns FROM files
                 WHERE path IN (SELECT value FROM json_each(?1))",
            )?;
            let json = serde_json::to_string(paths).unwrap_or_else(|_| "[]".into());
            let rows = statement.query_map([json], fingerprint_row)?;
            rows.collect()
        };
        run().map_err(|e| self.sqlite(e))
    }

    /// How many files are indexed.
    pub fn file_count(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM files", [], |row| row.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.sqlite(e))
    }

    /// A meta value, such as the search index generation.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Sets a meta value outside any other transaction.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// Starts a write transaction, waiting for other writers (`BEGIN IMMEDIATE`). A `bulk`
    /// transaction (filling an empty cache) drops the secondary indexes and builds them
    /// again at commit, and skips syncing to disk: a cache lost to a crash is rebuilt.
    pub fn begin(&mut self, bulk: bool) -> Result<StoreWriter<'_>, StoreError> {
        let path = self.path.clone();
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let synchronous = if bulk { "OFF" } else { "NORMAL" };
        // Filling an empty cache writes the database once, not once to the WAL and again at
        // the checkpoint; every other write uses the WAL, which lets readers go on. (Another
        // process holding the cache open keeps it in WAL mode; that is fine too.)
        let journal = if bulk { "MEMORY" } else { "WAL" };
        let _ = self.conn.pragma_update(None, "journal_mode", journal);
        // A bulk import builds every index at the end; a bigger page cache keeps that in memory.
        let cache_kib = if bulk { BULK_CACHE_KIB } else { CACHE_KIB };
        self.conn
            .pragma_update(None, "cache_size", -cache_kib)
            .map_err(sqlite)?;
        self.conn
            .pragma_update(None, "synchronous", synchronous)
            .map_err(sqlite)?;
        self.conn
            .pragma_update(None, "threads", if bulk { 2 } else { 0 })
            .map_err(sqlite)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        if bulk {
            tx.execute_batch(&schema::drop_deferred_indexes_sql())
                .map_err(sqlite)?;
        }
        Ok(StoreWriter {
            tx,
            bulk,
            changes: derived::Changes::default(),
        })
    }
}

/// Writes to the cache inside one transaction; nothing is visible until [`commit`].
///
/// [`commit`]: StoreWriter::commit
pub struct StoreWriter<'a> {
    tx: Transaction<'a>,
    bulk: bool,
    /// What the derived tables must catch up with at commit.
    changes: derived::Changes,
}

impl<'a> StoreWriter<'a> {
    /// A value of the meta table as this transaction sees it.
    pub fn meta(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.tx
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
    }

    pub fn set_meta(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn set_fingerprint(&self, path: &str, fingerprint: &Fingerprint) -> rusqlite::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO files (path, size, mtime_ns, hash, checked_ns, inode, ctime_ns)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
             hash = excluded.hash, checked_ns = excluded.checked_ns, inode = excluded.inode,
             ctime_ns = excluded.ctime_ns",
            )?
            .execute(params![
                path,
                fingerprint.size as i64,
                fingerprint.mtime_ns,
                fingerprint.hash.to_le_bytes().to_vec(),
                fingerprint.checked_ns,
                // SQLite integers are signed; the bits are kept as they are.
                fingerprint.inode as i64,
                fingerprint.ctime_ns
            ])?;
        Ok(())
    }

    /// Removes a file and the page it held.
    pub fn remove_file(&mut self, path: &str) -> rusqlite::Result<()> {
        self.remove_page(path)?;
        self.tx
            .prepare_cached("DELETE FROM files WHERE path = ?1")?
            .execute([path])?;
        Ok(())
    }

    /// True when the cache holds no file yet (read inside this transaction).
    pub fn is_empty(&self) -> rusqlite::Result<bool> {
        self.tx
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM files)", [], |row| {
                row.get(0)
            })
    }

    /// Builds the indexes of a bulk transaction and brings the derived tables up to date:
    /// everything a commit does but making the writes visible, which
    /// [`PreparedWrite::commit`] then does at once.
    pub fn prepare(self) -> rusqlite::Result<PreparedWrite<'a>> {
        if self.bulk {
            self.tx
                .execute_batch(&schema::create_deferred_indexes_sql())?;
        }
        derived::refresh(&self.tx, self.changes)?;
        Ok(PreparedWrite { tx: self.tx })
    }
}

/// A write transaction whose indexes and derived tables are complete.
pub struct PreparedWrite<'a> {
    tx: Transaction<'a>,
}

impl PreparedWrite<'_> {
    pub fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }
}

/// A file's content hash as the `files` table stores it (16 bytes, little-endian); `None`
/// for a value of another length.
pub fn hash_of_blob(blob: &[u8]) -> Option<u128> {
    <[u8; 16]>::try_from(blob).ok().map(u128::from_le_bytes)
}

fn fingerprint_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, Fingerprint)> {
    let hash: Vec<u8> = row.get(3)?;
    Ok((
        row.get::<_, String>(0)?,
        Fingerprint {
            size: row.get::<_, i64>(1)? as u64,
            mtime_ns: row.get(2)?,
            hash: hash_of_blob(&hash).unwrap_or(0),
            checked_ns: row.get(4)?,
            inode: row.get::<_, i64>(5)? as u64,
            ctime_ns: row.get(6)?,
        },
    ))
}

fn has_sqlite_header(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    match std::fs::File::open(path).and_then(|mut f| f.read(&mut header)) {
        Ok(0) => true,
        Ok(16) => &header == b"SQLite format 3\0",
        _ => false,
    }
}

/// How a full disk is put, whichever layer met it.
const DISK_FULL: &str = "the disk is full";

/// What a database error means, for a person: SQLite's own words, except for a full disk,
/// whose words ("database or disk is full") leave open which it is.
pub fn sqlite_reason(error: &rusqlite::Error) -> String {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => DISK_FULL.to_string(),
        _ => error.to_string(),
    }
}

fn cannot_create(path: &Path, why: &str) -> StoreError {
    io_error(path, &format!("cannot create the cache database: {why}"))
}

fn io_error(path: &Path, message: &str) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(message.to_string()),
    }
}

/// Deletes the database and its WAL files, and whatever else stands in their place (a
/// folder where the file should be).
pub fn remove_database(path: &Path) -> Result<(), StoreError> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        remove_path(&file).map_err(|source| StoreError::Io { path: file, source })?;
    }
    Ok(())
}

/// Deletes what is at `path`, a file or a folder; nothing there is fine.
pub(crate) fn remove_path(path: &Path) -> std::io::Result<()> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) => Err(e),
    };
    match removed {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk_full() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL), None)
    }

    #[test]
    fn a_full_disk_is_called_a_full_disk_and_does_not_throw_the_cache_away() {
        let error = StoreError::Sqlite {
            path: PathBuf::from("cache.sqlite"),
            source: disk_full(),
        };
        assert_eq!(
            error.to_string(),
            "cache database cache.sqlite: the disk is full"
        );
        assert!(matches!(
            Unusable::from_sqlite(disk_full()),
            Unusable::DiskFull
        ));
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(Unusable::from_io(full), Unusable::DiskFull));
    }
}
