//! Where the search index keeps its files: tantivy's memory-mapped folder, minus the waits
//! for the disk.
//!
//! tantivy makes every commit durable: each new segment file, the `meta.json` that lists
//! them and the folder itself are flushed to the disk before the commit returns, about
//! twenty waits for a one-block edit, which on an ordinary disk cost more than everything
//! else an edit does. The search index is a cache that the vault can always rebuild, so
//! Cairn leaves flushing to the operating system instead, as it does for its database
//! (`synchronous = NORMAL`). A crash of Cairn loses nothing, since written data sits in the
//! system's page cache; what a crash of the whole machine can leave behind is caught at the
//! next open, where an index that does not open, or whose generation is not the
//! database's, is rebuilt (see `Index::open`).

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite,
    WatchCallback, WatchHandle, WritePtr,
};

/// A folder of index files written without waiting for the disk; reads, locks and change
/// notifications are tantivy's own.
#[derive(Clone, Debug)]
pub(super) struct UnsyncedDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl UnsyncedDirectory {
    pub(super) fn open(root: &Path) -> tantivy::Result<UnsyncedDirectory> {
        Ok(UnsyncedDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root).map_err(tantivy::TantivyError::from)?,
        })
    }
}

/// A new index file; finishing it flushes Cairn's buffer to the system, not to the disk.
struct UnsyncedFile(File);

impl Write for UnsyncedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl TerminatingWrite for UnsyncedFile {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()
    }
}

impl Directory for UnsyncedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.root.join(path))
            .map_err(|error| match error.kind() {
                io::ErrorKind::AlreadyExists => OpenWriteError::FileAlreadyExists(path.into()),
                _ => OpenWriteError::wrap_io_error(error, path.into()),
            })?;
        Ok(BufWriter::new(Box::new(UnsyncedFile(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    /// Replaces the file at once for readers (a rename over it), without the flush.
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let temporary = self.root.join(format!(
            ".cairn-{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::write(&temporary, data)
            .and_then(|()| std::fs::rename(&temporary, self.root.join(path)));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_the_file_and_leave_no_temporary_behind() {
        let folder = tempfile::tempdir().unwrap();
        let directory = UnsyncedDirectory::open(folder.path()).unwrap();
        let meta = Path::new("meta.json");
        directory.atomic_write(meta, b"first").unwrap();
        directory.atomic_write(meta, b"second").unwrap();
        assert_eq!(directory.atomic_read(meta).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["meta.json"]);
    }

    #[test]
    fn new_files_are_readable_once_finished_and_never_overwritten() {
        let folder = tempfile::tempdir().unwrap();
        let directory = UnsyncedDirectory::open(folder.path()).unwrap();
        let segment = Path::new("segment.idx");
        let mut writer = directory.open_write(segment).unwrap();
        writer.write_all(b"postings").unwrap();
        writer.terminate().unwrap();
        let read = directory.open_read(segment).unwrap();
        assert_eq!(read.read_bytes().unwrap().as_slice(), b"postings");
        assert!(matches!(
            directory.open_write(segment),
            Err(OpenWriteError::FileAlreadyExists(_))
        ));
    }
}
