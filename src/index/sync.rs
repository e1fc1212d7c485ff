//! Bringing the caches up to date with the files, incrementally.
//!
//! Each file's size, modification time, inode and change time are compared with its
//! fingerprint; only files that differ (or were modified so close to the last check that the clock could hide a
//! change) are read, and only those whose content hash differs are parsed and re-indexed:
//! of an edited page, only the blocks that changed (see `store::PageUpdate`).
//! All changes go into one SQLite transaction and one search commit; the search index
//! commits first, so a crash in between leaves the two out of step, which the next open
//! detects and repairs by rebuilding. An error that says either cache is damaged rebuilds
//! both and syncs again, once.
//!
//! A sync keeps both cores busy: files are read and parsed a chunk ahead of the writes, the
//! search index is fed on a thread of its own (so the database, the critical path, never
//! waits for tantivy), and the database builds its indexes and derived tables while the
//! search index catches up and makes its last flush.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::Serialize;

use super::{parse_generation, Index, IndexError, GENERATION_KEY};
use crate::record::PageRecord;
use crate::search::{SearchError, SearchWriter};
use crate::store::{Fingerprint, PageUpdate, RebuildReason, StoreWriter};
use crate::vault::{FileProblem, FileProblemKind, Vault};

/// A file modified within this long of its last check is re-hashed even if its size and
/// time stamp match, since a second edit in the same clock tick would look unchanged.
const RACY_WINDOW_NS: i64 = 2_000_000_000;

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// Note files in the vault.
    pub files: usize,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    /// Files read because their time stamp moved, whose content had not changed.
    pub touched: usize,
    pub unchanged: usize,
    #[serde(skip)]
    pub problems: Vec<FileProblem>,
    /// Why the cache was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    #[serde(skip)]
    pub elapsed: Duration,
}

impl SyncReport {
    pub fn is_noop(&self) -> bool {
        self.added + self.changed + self.removed + self.touched == 0
    }
}

/// Progress of a sync, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum SyncProgress {
    /// Reading and parsing `total` files.
    Reading { total: usize },
    /// Writing `total` pages to the caches; `done` so far.
    Writing { done: usize, total: usize },
}

fn nanos(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos().min(i64::MAX as u128) as i64)
}

impl Index {
    /// Syncs every file of the vault. Caches found damaged on the way are rebuilt from the
    /// vault, once.
    pub fn sync(
        &mut self,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncReport, IndexError> {
        match self.sync_all(progress) {
            Err(error) if error.is_damage() => {
                self.rebuild(RebuildReason::Corrupt(error.to_string()))?;
                self.sync_all(progress)
            }
            synced => synced,
        }
    }

    fn sync_all(
        &mut self,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncReport, IndexError> {
        let started = Instant::now();
        let (paths, problems) = self.vault.scan();
        let known = self.store.fingerprints()?;
        let mut removed: Vec<String> = known
            .keys()
            .filter(|path| paths.binary_search(path).is_err())
            .cloned()
            .collect();
        removed.sort();
        let mut report = self.apply(&paths, removed, &known, progress)?;
        report.problems.extend(problems);
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Syncs only `paths` (relative), as reported by the watcher: each is re-checked, and
    /// dropped from the caches if it is gone or no longer a note. Caches found damaged on
    /// the way are rebuilt from the whole vault, once.
    pub fn sync_paths(&mut self, paths: &[String]) -> Result<SyncReport, IndexError> {
        match self.sync_only(paths) {
            Err(error) if error.is_damage() => {
                self.rebuild(RebuildReason::Corrupt(error.to_string()))?;
                self.sync_all(&mut |_| {})
            }
            synced => synced,
        }
    }

    fn sync_only(&mut self, paths: &[String]) -> Result<SyncReport, IndexError> {
        // A path reached through a link is synced with the whole vault, since only a scan
        // decides under which of its paths a file reached twice is listed.
        if paths.iter().any(|path| self.vault.is_linked(path)) {
            return self.sync_all(&mut |_| {});
        }
        let started = Instant::now();
        let known = self.store.fingerprints_of(paths)?;
        let mut present = Vec::new();
        let mut removed = Vec::new();
        for path in paths {
            let is_note_file = self.vault.locate(path).is_ok_and(|p| p.is_file())
                && crate::vault::is_note_path(path);
            if is_note_file {
                present.push(path.clone());
            } else if known.contains_key(path) {
                removed.push(path.clone());
            }
        }
        present.sort();
        present.dedup();
        removed.sort();
        removed.dedup();
        let mut report = self.apply(&present, removed, &known, &mut |_| {})?;
        report.files = self.store.file_count()?;
        report.elapsed = started.elapsed();
        Ok(report)
    }
}

/// The result of looking at one file.
enum Look {
    Unchanged,
    /// Size or time stamp moved (or the check was racy): the file must be read.
    Read,
    /// Same bytes, new time stamp.
    Touched(Fingerprint),
    /// Same size, time stamp and bytes: read only because the last check was too close to
    /// the last modification to trust the time stamp. Nothing changed.
    Rechecked(Fingerprint),
    Parsed(Box<PageRecord>, Fingerprint),
    Gone,
    Unreadable(FileProblem),
}

/// Files read and parsed at a time, which bounds the memory an import needs.
const CHUNK: usize = 512;
/// A sync that adds this many files to an empty cache builds its indexes afterwards.
const BULK: usize = 1000;

/// Compares a file's size and time stamp with its fingerprint, without reading it.
fn stat(vault: &Vault, path: &str, known: Option<&Fingerprint>) -> Look {
    // Only a look at the time stamp: whether the path leads outside the vault was decided
    // by the scan or by `sync_paths`, and is decided again when the file is read.
    let Some(absolute) = vault.resolve(path) else {
        return Look::Gone;
    };
    match std::fs::metadata(&absolute) {
        Ok(metadata) if metadata.is_file() => {
            let mtime_ns = metadata.modified().map(nanos).unwrap_or(0);
            let identity = Identity::of(&metadata);
            match known {
                Some(k)
                    if k.size == metadata.len()
                        && k.mtime_ns == mtime_ns
                        && k.inode == identity.inode
                        && k.ctime_ns == identity.ctime_ns
                        && mtime_ns.max(identity.ctime_ns) + RACY_WINDOW_NS < k.checked_ns =>
                {
                    Look::Unchanged
                }
                _ => Look::Read,
            }
        }
        Ok(_) => Look::Gone,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Look::Gone,
        Err(e) => Look::Unreadable(FileProblem {
            path: path.to_string(),
            kind: FileProblemKind::Io {
                kind: e.kind(),
                message: e.to_string(),
            },
        }),
    }
}

/// Which file a path names and when its metadata last changed. An edit can keep the size
/// and put the modification time back (`touch -r`, some sync tools), but it cannot put
/// these back: when they moved, the file is hashed.
#[derive(Default)]
struct Identity {
    inode: u64,
    ctime_ns: i64,
}

impl Identity {
    #[cfg(unix)]
    fn of(metadata: &std::fs::Metadata) -> Identity {
        use std::os::unix::fs::MetadataExt;
        Identity {
            inode: metadata.ino(),
            ctime_ns: metadata
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(metadata.ctime_nsec()),
        }
    }

    /// Elsewhere, size and modification time are all there is to compare.
    #[cfg(not(unix))]
    fn of(_metadata: &std::fs::Metadata) -> Identity {
        Identity::default()
    }
}

/// Reads a file; parses it only when its bytes differ from the fingerprint's.
fn read(vault: &Vault, path: &str, known: Option<&Fingerprint>) -> Look {
    let checked_ns = nanos(SystemTime::now());
    // Taken before the bytes are read: a change in between then shows at the next sync.
    let identity = vault
        .resolve(path)
        .and_then(|absolute| std::fs::metadata(absolute).ok())
        .map(|metadata| Identity::of(&metadata))
        .unwrap_or_default();
    match vault.read_page(path) {
        Ok(file) => {
            let fingerprint = Fingerprint {
                size: file.version.len,
                mtime_ns: file.version.modified.map(nanos).unwrap_or(0),
                inode: identity.inode,
                ctime_ns: identity.ctime_ns,
                hash: file.version.hash,
                checked_ns,
            };
            match known {
                Some(k) if k.hash == fingerprint.hash => {
                    if k.size == fingerprint.size && k.mtime_ns == fingerprint.mtime_ns {
                        Look::Rechecked(fingerprint)
                    } else {
                        Look::Touched(fingerprint)
                    }
                }
                _ => Look::Parsed(
                    Box::new(PageRecord::from_file(&file, vault.settings())),
                    fingerprint,
                ),
            }
        }
        Err(problem) => match &problem.kind {
            FileProblemKind::Io { kind, .. } if *kind == std::io::ErrorKind::NotFound => Look::Gone,
            FileProblemKind::NotAFile => Look::Gone,
            _ => Look::Unreadable(problem),
        },
    }
}

/// What the search index is asked to do, in the order the sync met it.
enum SearchOp {
    Delete(String),
    Add(Box<PageRecord>),
    /// Replace the documents of these blocks (by place) of the page.
    Blocks(Box<PageRecord>, Vec<u32>),
    /// Everything is sent: commit, recording the generation.
    Commit(String),
}

/// Search operations waiting for the feeder, at most: enough to keep it busy while the
/// database takes a chunk, few enough to bound the memory of a feeder that falls behind.
const SEARCH_QUEUE: usize = 2 * CHUNK;

/// Applies `ops` to the search index, on its own thread, so that the database's writes
/// never wait for tantivy and the database can build its indexes while tantivy finishes.
/// Without a `Commit` at the end (the sync failed) nothing is committed.
fn feed_search(
    search: SearchWriter<'_>,
    ops: std::sync::mpsc::Receiver<SearchOp>,
) -> Result<(), SearchError> {
    for op in ops {
        match op {
            SearchOp::Delete(path) => search.delete_path(&path),
            SearchOp::Add(record) => search.add_page(&record)?,
            SearchOp::Blocks(record, ords) => search.replace_blocks(&record, &ords)?,
            SearchOp::Commit(generation) => return search.commit(&generation),
        }
    }
    Ok(())
}

/// The open write transaction of a sync that found changes, and the queue to its search
/// feeder.
struct Writers<'a> {
    store: StoreWriter<'a>,
    search: std::sync::mpsc::SyncSender<SearchOp>,
    /// The files whose content changed in the caches: written anew or dropped.
    changed: Vec<String>,
}

/// The search feeder stopped early, on an error that joining it returns.
struct FeederStopped;

/// Whether the search feeder still takes operations; the outer result is the database's.
type Fed = Result<(), FeederStopped>;

/// What a sync found to do: files to drop from the caches and files to read.
struct Plan<'p> {
    vault: &'p Vault,
    known: &'p HashMap<String, Fingerprint>,
    removed: &'p [String],
    to_read: &'p [&'p String],
    /// The caches held nothing at all, so nothing needs replacing.
    fresh: bool,
}

impl Writers<'_> {
    /// Puts what was seen of the file at `path` into both caches; `was_known` says whether
    /// the caches held it before this sync, `fresh` that they held nothing at all.
    fn write(
        &mut self,
        path: &str,
        look: Look,
        was_known: bool,
        fresh: bool,
        report: &mut SyncReport,
    ) -> Result<Fed, IndexError> {
        match look {
            Look::Parsed(record, fingerprint) => {
                if was_known {
                    report.changed += 1;
                } else {
                    report.added += 1;
                }
                // Even when `known` never saw the page: another index may have added it
                // since `known` was read, before this one took the write lock.
                self.changed.push(path.to_string());
                let update = if fresh {
                    self.store.put_page(&record)?;
                    None
                } else {
                    Some(self.store.update_page(&record)?)
                };
                self.store.set_fingerprint(path, &fingerprint)?;
                return Ok(match update {
                    None => self.send(SearchOp::Add(record)),
                    Some(PageUpdate::Whole) => self
                        .send(SearchOp::Delete(path.to_string()))
                        .and_then(|()| self.send(SearchOp::Add(record))),
                    Some(PageUpdate::Blocks(ords)) => self.send(SearchOp::Blocks(record, ords)),
                });
            }
            Look::Touched(fingerprint) => {
                report.touched += 1;
                self.store.set_fingerprint(path, &fingerprint)?;
            }
            Look::Rechecked(fingerprint) => {
                report.unchanged += 1;
                self.store.set_fingerprint(path, &fingerprint)?;
            }
            Look::Gone => {
                report.files -= 1;
                if was_known {
                    report.removed += 1;
                    return self.remove(path);
                }
            }
            Look::Unreadable(problem) => {
                report.problems.push(problem);
                if was_known {
                    report.removed += 1;
                    return self.remove(path);
                }
            }
            Look::Unchanged | Look::Read => report.unchanged += 1,
        }
        Ok(Ok(()))
    }

    fn remove(&mut self, path: &str) -> Result<Fed, IndexError> {
        self.changed.push(path.to_string());
        self.store.remove_file(path)?;
        Ok(self.send(SearchOp::Delete(path.to_string())))
    }

    fn send(&self, op: SearchOp) -> Fed {
        self.search.send(op).map_err(|_| FeederStopped)
    }

    /// Drops the removed files, then reads, parses and writes the files to read. Files
    /// are read and parsed a chunk ahead of the writes, so that the parsing of one chunk
    /// uses the cores while the database takes the one before.
    fn write_all(
        &mut self,
        plan: &Plan<'_>,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<Fed, IndexError> {
        for path in plan.removed {
            if let Err(stopped) = self.remove(path)? {
                return Ok(Err(stopped));
            }
        }
        let total = plan.to_read.len();
        std::thread::scope(|scope| {
            let (parsed, chunks) = std::sync::mpsc::sync_channel::<Vec<Look>>(1);
            scope.spawn(move || {
                for chunk in plan.to_read.chunks(CHUNK) {
                    let looks = chunk
                        .par_iter()
                        .map(|path| read(plan.vault, path, plan.known.get(*path)))
                        .collect();
                    if parsed.send(looks).is_err() {
                        // The writer stopped; it reports why.
                        return;
                    }
                }
            });
            for (index, (chunk, looks)) in plan.to_read.chunks(CHUNK).zip(chunks).enumerate() {
                for (path, look) in chunk.iter().zip(looks) {
                    let was_known = plan.known.contains_key(*path);
                    if let Err(stopped) = self.write(path, look, was_known, plan.fresh, report)? {
                        return Ok(Err(stopped));
                    }
                }
                progress(SyncProgress::Writing {
                    done: ((index + 1) * CHUNK).min(total),
                    total,
                });
            }
            Ok(Ok(()))
        })
    }
}

impl Index {
    fn apply(
        &mut self,
        paths: &[String],
        removed: Vec<String>,
        known: &HashMap<String, Fingerprint>,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncReport, IndexError> {
        let mut report = SyncReport {
            files: paths.len(),
            rebuilt: self.rebuilt.take().map(|r| r.to_string()),
            ..SyncReport::default()
        };
        let vault = &self.vault;
        let looks: Vec<Look> = paths
            .par_iter()
            .map(|path| stat(vault, path, known.get(path)))
            .collect();
        let mut to_read: Vec<&String> = Vec::new();
        let mut removed = removed;
        for (path, look) in paths.iter().zip(looks) {
            match look {
                Look::Read => to_read.push(path),
                Look::Gone => {
                    report.files -= 1;
                    if known.contains_key(path) {
                        removed.push(path.clone());
                    }
                }
                Look::Unreadable(problem) => {
                    // What cannot be read cannot be vouched for: drop the old entry.
                    if known.contains_key(path) {
                        removed.push(path.clone());
                    }
                    report.problems.push(problem);
                }
                _ => report.unchanged += 1,
            }
        }
        if to_read.is_empty() && removed.is_empty() {
            // Another index (the CLI, the watcher) may have committed since this one last
            // looked; make its writes visible to this one's searches.
            self.search.reload()?;
            return Ok(report);
        }
        let bulk = known.is_empty() && to_read.len() >= BULK;
        let store_writer = self.store.begin(bulk)?;
        // Read inside the write transaction, so that two processes syncing at once can
        // never both record the same next generation: readers take an equal generation
        // for equal contents.
        let generation = parse_generation(store_writer.meta(GENERATION_KEY)?) + 1;
        // Filling an empty cache: nothing can need replacing, as long as no other index
        // filled it between reading `known` and taking the write lock.
        let fresh = bulk && store_writer.is_empty()?;
        report.removed = removed.len();
        progress(SyncProgress::Reading {
            total: to_read.len(),
        });
        let search_index = &self.search;
        let bulk_search = to_read.len() >= BULK;
        let synced = generation;
        let generation = generation.to_string();
        let mut changed = Vec::new();
        std::thread::scope(|scope| -> Result<(), IndexError> {
            let (search, search_ops) = std::sync::mpsc::sync_channel(SEARCH_QUEUE);
            let feeder =
                scope.spawn(move || feed_search(search_index.writer(bulk_search)?, search_ops));
            let mut writers = Writers {
                store: store_writer,
                search,
                changed: Vec::new(),
            };
            let plan = Plan {
                vault,
                known,
                removed: &removed,
                to_read: &to_read,
                fresh,
            };
            let written = writers
                .write_all(&plan, &mut report, progress)
                .and_then(|fed| {
                    writers.store.set_meta(GENERATION_KEY, &generation)?;
                    Ok(fed.and_then(|()| writers.send(SearchOp::Commit(generation.clone()))))
                });
            let Writers {
                store,
                search,
                changed: written_paths,
            } = writers;
            changed = written_paths;
            // The sender is dropped here, so that a feeder not told to commit stops.
            drop(search);
            let written = written?;
            // The database builds its indexes and derived tables while the feeder catches
            // up and commits: tantivy's last flush and merges need no database.
            let prepared = written.is_ok().then(|| store.prepare());
            let searched = feeder
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            // The search index commits first: if the database commit then fails, the two
            // are out of step and the next open rebuilds, instead of trusting a stale
            // search index. A feeder stops early only on an error, returned here.
            searched?;
            if let Some(prepared) = prepared {
                prepared?.commit()?;
            }
            Ok(())
        })?;
        self.remember_sync(synced, changed);
        Ok(report)
    }
}
