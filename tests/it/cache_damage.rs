//! The caches recover from whatever damage or a killed process leaves: a cache of the
//! demo vault is damaged one way at a time (truncated, garbled, deleted, replaced by a
//! file or a folder, left with a killed commit's files, unwritable), and every query must
//! then answer exactly as on a fresh cache, without a panic.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{cairn_in, copy_tree, demo_vault};

/// The day the agenda is read on, so that answers do not depend on the clock.
const TODAY: &str = "2026-11-24";

/// One query of each kind the caches answer: the agenda and people from the database,
/// search from the search index, backlinks from both.
const QUERIES: [&[&str]; 4] = [
    &["todo"],
    &["search", "dispatch"],
    &["backlinks", "Kafka migration"],
    &["people"],
];

/// The demo vault copied to a temporary folder, with a cache built next to it.
struct Fixture {
    root: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let root = tempfile::tempdir().expect("temp dir");
        copy_tree(&demo_vault(), &root.path().join("vault"));
        let fixture = Fixture { root };
        let built = fixture.cairn(&fixture.built(), &["import"]);
        assert!(built.status.success(), "{}", stderr(&built));
        fixture
    }

    fn vault(&self) -> PathBuf {
        self.root.path().join("vault")
    }

    /// The cache as a completed import left it, which each check copies.
    fn built(&self) -> PathBuf {
        self.root.path().join("built")
    }

    fn cairn(&self, cache: &Path, args: &[&str]) -> Output {
        let mut all = vec!["--cache-dir", cache.to_str().unwrap(), "--today", TODAY];
        all.extend_from_slice(args);
        cairn_in(&self.vault(), &all)
    }

    /// A copy of the built cache, damaged by `damage`, for one query.
    fn damaged(&self, name: &str, damage: &dyn Fn(&Fixture, &Path)) -> PathBuf {
        let cache = self.root.path().join(name);
        copy_tree(&self.built(), &cache);
        damage(self, &cache);
        cache
    }
}

/// Damages a copy of a built cache with `damage` before each query and checks that the
/// query answers as it does on a fresh cache of the vault as it then is.
fn assert_recovers(damage: &dyn Fn(&Fixture, &Path)) {
    let fixture = Fixture::new();
    for (n, query) in QUERIES.iter().enumerate() {
        let cache = fixture.damaged(&format!("damaged-{n}"), damage);
        let answer = fixture.cairn(&cache, query);
        let fresh = fixture.cairn(&fixture.root.path().join(format!("fresh-{n}")), query);
        assert!(fresh.status.success(), "{query:?}: {}", stderr(&fresh));
        assert_ne!(answer.status.code(), Some(101), "{query:?} panicked");
        assert_eq!(
            (answer.status.code(), stdout(&answer)),
            (fresh.status.code(), stdout(&fresh)),
            "{query:?} on the damaged cache; stderr: {}",
            stderr(&answer)
        );
        // Whatever the first query repaired stays repaired.
        let again = fixture.cairn(&cache, query);
        assert_eq!(stdout(&again), stdout(&fresh), "{query:?} run again");
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn database(cache: &Path) -> PathBuf {
    cache.join("cache.sqlite")
}

/// The files of the search index's segments (named by their segment's id), not the
/// index's own `meta.json` and `.managed.json`.
fn segment_files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache.join("search"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            name.len() > 32 && name[..32].bytes().all(|b| b.is_ascii_hexdigit())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the built cache has segment files");
    files
}

/// Overwrites `len` bytes in the middle of `path` with bytes of a fixed pseudo-random
/// sequence (the same damage on every run).
fn garble(path: &Path, len: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let len = len.min(bytes.len());
    let start = (bytes.len() - len) / 2;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for byte in &mut bytes[start..start + len] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

fn truncate_to_half(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.set_len(len / 2).unwrap();
}

fn replace_by_file(path: &Path) {
    remove(path);
    std::fs::write(path, "not what was here\n").unwrap();
}

fn replace_by_folder(path: &Path) {
    remove(path);
    std::fs::create_dir_all(path.join("inside")).unwrap();
}

fn remove(path: &Path) {
    if path.is_dir() {
        std::fs::remove_dir_all(path).unwrap();
    } else {
        std::fs::remove_file(path).unwrap();
    }
}

#[test]
fn a_truncated_database_is_rebuilt() {
    assert_recovers(&|_, cache| truncate_to_half(&database(cache)));
}

#[test]
fn a_garbled_database_is_rebuilt() {
    assert_recovers(&|_, cache| garble(&database(cache), 4096));
}

#[test]
fn a_deleted_database_is_rebuilt() {
    assert_recovers(&|_, cache| remove(&database(cache)));
}

#[test]
fn a_database_replaced_by_a_file_is_rebuilt() {
    assert_recovers(&|_, cache| replace_by_file(&database(cache)));
}

#[test]
fn a_database_replaced_by_a_folder_is_rebuilt() {
    assert_recovers(&|_, cache| replace_by_folder(&database(cache)));
}

#[test]
fn truncated_search_segments_are_rebuilt() {
    assert_recovers(&|_, cache| {
        segment_files(cache)
            .iter()
            .for_each(|f| truncate_to_half(f))
    });
}

#[test]
fn garbled_search_segments_are_rebuilt() {
    assert_recovers(&|_, cache| segment_files(cache).iter().for_each(|f| garble(f, 64)));
}

#[test]
fn deleted_search_segments_are_rebuilt() {
    assert_recovers(&|_, cache| segment_files(cache).iter().for_each(|f| remove(f)));
}

/// tantivy reads a segment's positions only for a query that needs them, so their loss
/// shows at the first search, not when the index opens.
#[test]
fn a_deleted_positions_file_is_rebuilt() {
    assert_recovers(&|_, cache| {
        segment_files(cache)
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "pos"))
            .for_each(|f| remove(f))
    });
}

#[test]
fn a_deleted_search_folder_is_rebuilt() {
    assert_recovers(&|_, cache| remove(&cache.join("search")));
}

#[test]
fn a_search_folder_replaced_by_a_file_is_rebuilt() {
    assert_recovers(&|_, cache| replace_by_file(&cache.join("search")));
}

#[test]
fn search_segments_replaced_by_folders_are_rebuilt() {
    assert_recovers(&|_, cache| {
        segment_files(cache)
            .iter()
            .for_each(|f| replace_by_folder(f))
    });
}

#[test]
fn a_garbled_search_meta_is_rebuilt() {
    assert_recovers(&|_, cache| garble(&cache.join("search").join("meta.json"), 64));
}

/// A commit killed after writing a segment's deletes but before `meta.json` leaves the
/// deletes file behind; the next commit reaches the same operation number and would
/// write the same file name.
#[test]
fn files_of_a_killed_search_commit_do_not_stop_the_next_sync() {
    assert_recovers(&|fixture, cache| {
        let note = fixture.vault().join("pages").join("Dispatch runbook.md");
        let text = std::fs::read_to_string(&note).unwrap();
        if !text.contains("- TODO check the killed commit") {
            std::fs::write(&note, format!("{text}\n- TODO check the killed commit\n")).unwrap();
        }
        let synced = fixture.root.path().join("synced");
        let _ = std::fs::remove_dir_all(&synced);
        copy_tree(cache, &synced);
        assert!(fixture.cairn(&synced, &["import"]).status.success());
        for entry in std::fs::read_dir(synced.join("search")).unwrap() {
            let entry = entry.unwrap();
            let target = cache.join("search").join(entry.file_name());
            if !target.exists() {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    });
}

#[test]
fn a_cache_folder_that_cannot_be_created_gives_way_to_a_temporary_one() {
    let fixture = Fixture::new();
    let blocker = fixture.root.path().join("a-file");
    std::fs::write(
        &blocker,
        "a file where the cache folder's parent should be\n",
    )
    .unwrap();
    let cache = blocker.join("cache");
    for query in QUERIES {
        let answer = fixture.cairn(&cache, query);
        let fresh = fixture.cairn(&fixture.root.path().join("fresh"), query);
        assert_eq!(
            stdout(&answer),
            stdout(&fresh),
            "{query:?}: {}",
            stderr(&answer)
        );
        assert!(answer.status.success());
        let said = stderr(&answer);
        assert_eq!(said.matches("using a fresh cache in").count(), 1, "{said}");
    }
}

#[test]
fn a_read_only_cache_folder_gives_way_to_a_temporary_one() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("note: permissions do not bind root; skipping the read-only folder test");
        return;
    }
    let fixture = Fixture::new();
    let set_mode = |mode: u32| {
        for dir in [fixture.built().join("search"), fixture.built()] {
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    set_mode(0o555);
    for query in QUERIES {
        let answer = fixture.cairn(&fixture.built(), query);
        let fresh = fixture.cairn(&fixture.root.path().join("fresh"), query);
        assert_eq!(
            stdout(&answer),
            stdout(&fresh),
            "{query:?}: {}",
            stderr(&answer)
        );
        assert!(stderr(&answer).contains("using a fresh cache in"));
    }
    set_mode(0o755);
}
