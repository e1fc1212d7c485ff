//! The soak: another program works on the vault the whole time — rewrites pages in
//! place, saves through a temporary file renamed over the page, renames and deletes
//! pages, swaps the `pages/` folder for a new one, leaves editor swap files and Logseq's
//! `logseq/bak/` copies — while the library's watcher keeps the cache current and Cairn
//! changes tasks through the library, as the app does. At the end the cache must equal a
//! fresh import, and every line the other program wrote must still be in its file: each
//! of Cairn's changes either landed on the text it read or was refused.
//!
//! The other program reads a page, adds a line with a token of its own and writes it
//! back, so the tokens of a page only ever grow while nothing overwrites them; Cairn only
//! changes task lines, so a token that is gone is an overwrite. CI soaks for
//! [`DEFAULT_SECONDS`]; `CAIRN_SOAK_SECS=1800` soaks longer and `CAIRN_SOAK_SEED=N` changes
//! the sequence. The figures are printed at the end (`--nocapture`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cairn::agenda::{agenda, change_task, AgendaFilter, TaskAction};
use cairn::index::{Index, VaultWatcher, WatchEvent};
use cairn::outline::Marker;
use cairn::vault::{Vault, WriteError};
use cairn::workspace::EditFileError;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::support::{FixtureVault, Rng};

const DEFAULT_SECONDS: u64 = 6;

/// The tokens each page's lines hold, by path: what must still be there at the end.
type Tokens = BTreeMap<String, Vec<String>>;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn page_text(n: usize) -> String {
    format!(
        "- soak page {n}\n- TODO first task of page {n}\n  SCHEDULED: <2026-11-2{} Mon>\n\
         - LATER [#B] second task of page {n}\n- DOING third task of page {n}\n",
        n % 10
    )
}

/// The other program: each step is one thing editors, sync tools and Logseq do to a vault.
struct Writer {
    root: PathBuf,
    rng: Rng,
    tokens: Tokens,
    next: usize,
    steps: BTreeMap<&'static str, usize>,
}

impl Writer {
    fn pages(&self) -> Vec<String> {
        self.tokens.keys().cloned().collect()
    }

    fn token(&mut self) -> String {
        self.next += 1;
        format!("tok{}x", self.next)
    }

    /// The page's text with a new line holding a new token, as an editor saves it.
    fn with_new_line(&mut self, path: &str) -> Option<(String, String)> {
        let text = std::fs::read_to_string(self.root.join(path)).ok()?;
        let token = self.token();
        Some((format!("{text}- a note from elsewhere {token}\n"), token))
    }

    fn step(&mut self) {
        let pages = self.pages();
        let page = pages[self.rng.below(pages.len())].clone();
        let name = match self.rng.below(10) {
            0 | 1 => self.rewrite_in_place(&page),
            2 | 3 => self.save_through_a_temporary_file(&page),
            4 => self.rename(&page),
            5 if pages.len() > 4 => self.delete(&page),
            5 | 6 => self.create(),
            7 => self.swap_the_pages_folder(&page),
            8 => self.leave_editor_files(&page),
            _ => self.back_up_as_logseq_does(&page),
        };
        *self.steps.entry(name).or_default() += 1;
    }

    fn rewrite_in_place(&mut self, page: &str) -> &'static str {
        if let Some((text, token)) = self.with_new_line(page) {
            std::fs::write(self.root.join(page), text).unwrap();
            self.tokens.get_mut(page).unwrap().push(token);
        }
        "rewrites in place"
    }

    fn save_through_a_temporary_file(&mut self, page: &str) -> &'static str {
        if let Some((text, token)) = self.with_new_line(page) {
            let temporary = self.root.join(format!("{page}.tmp.{}", self.next));
            std::fs::write(&temporary, text).unwrap();
            std::fs::rename(&temporary, self.root.join(page)).unwrap();
            self.tokens.get_mut(page).unwrap().push(token);
        }
        "saves through a temporary file"
    }

    fn rename(&mut self, page: &str) -> &'static str {
        let new = format!("pages/renamed {}.md", self.token());
        std::fs::rename(self.root.join(page), self.root.join(&new)).unwrap();
        let tokens = self.tokens.remove(page).unwrap();
        self.tokens.insert(new, tokens);
        "renames"
    }

    fn delete(&mut self, page: &str) -> &'static str {
        std::fs::remove_file(self.root.join(page)).unwrap();
        self.tokens.remove(page);
        "deletes"
    }

    fn create(&mut self) -> &'static str {
        self.next += 1;
        let path = format!("pages/new {}.md", self.next);
        std::fs::write(self.root.join(&path), page_text(self.next)).unwrap();
        self.tokens.insert(path, Vec::new());
        "creates"
    }

    /// What a sync tool or `git checkout` does: a new folder with the pages, one of them
    /// changed, takes the old one's place.
    fn swap_the_pages_folder(&mut self, page: &str) -> &'static str {
        let (new, old) = (self.root.join("pages.new"), self.root.join("pages.old"));
        std::fs::create_dir(&new).unwrap();
        for path in self.pages() {
            let name = path.strip_prefix("pages/").unwrap();
            if std::fs::copy(self.root.join(&path), new.join(name)).is_err() {
                // Read while Cairn renamed its own save into place: copy again.
                std::fs::copy(self.root.join(&path), new.join(name)).unwrap();
            }
        }
        if let Some((text, token)) = self.with_new_line(page) {
            let name = page.strip_prefix("pages/").unwrap();
            std::fs::write(new.join(name), text).unwrap();
            self.tokens.get_mut(page).unwrap().push(token);
        }
        std::fs::rename(self.root.join("pages"), &old).unwrap();
        std::fs::rename(&new, self.root.join("pages")).unwrap();
        std::fs::remove_dir_all(&old).unwrap();
        "swaps the pages folder"
    }

    /// Vim's swap file, its backup and the file it writes to test the folder; Emacs's
    /// backup is the same `~`.
    fn leave_editor_files(&mut self, page: &str) -> &'static str {
        let name = page.strip_prefix("pages/").unwrap();
        let text = std::fs::read(self.root.join(page)).unwrap_or_default();
        let files = [
            format!("pages/.{name}.swp"),
            format!("pages/{name}~"),
            "pages/4913".to_string(),
        ];
        for file in &files {
            std::fs::write(self.root.join(file), &text).unwrap();
        }
        std::thread::sleep(Duration::from_millis(self.rng.below(20) as u64));
        for file in files.iter().skip(self.rng.below(2)) {
            std::fs::remove_file(self.root.join(file)).unwrap();
        }
        "leaves editor files"
    }

    fn back_up_as_logseq_does(&mut self, page: &str) -> &'static str {
        let name = page.strip_prefix("pages/").unwrap().trim_end_matches(".md");
        let folder = self.root.join("logseq/bak/pages").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let text = std::fs::read(self.root.join(page)).unwrap_or_default();
        let copy = folder.join(format!("2026_11_24_10_00_{:02}.Desktop.md", self.next % 60));
        std::fs::write(copy, text).unwrap();
        "copies into logseq/bak"
    }
}

/// What happened to each of Cairn's changes.
#[derive(Debug, Default)]
struct Outcomes {
    landed: usize,
    refused_as_conflicts: usize,
    /// The task or its file was gone (renamed, deleted, mid-swap) when Cairn looked.
    gone: usize,
    failed: Vec<String>,
}

fn record(outcomes: &mut Outcomes, result: Result<(), EditFileError>) {
    match result {
        Ok(()) => outcomes.landed += 1,
        Err(EditFileError::Write(WriteError::Conflict { .. })) => {
            outcomes.refused_as_conflicts += 1
        }
        Err(EditFileError::NotFound(_) | EditFileError::Read(_)) => outcomes.gone += 1,
        // The folder the temporary file was written to was swapped away before the rename.
        Err(EditFileError::Write(WriteError::Io { source, .. }))
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            outcomes.gone += 1
        }
        Err(other) => outcomes.failed.push(other.to_string()),
    }
}

/// One of Cairn's changes: a random open task, cycled or given a priority, half of them
/// from the version of the file the cache holds (as the app's agenda asks), half from the
/// file as it is.
fn change_a_task(index: &mut Index, rng: &mut Rng) -> Result<(), EditFileError> {
    let now = NaiveDateTime::new(today(), NaiveTime::from_hms_opt(9, 0, 0).unwrap());
    let tasks = agenda(
        index.store().connection(),
        &AgendaFilter::default(),
        today(),
    )
    .unwrap();
    if tasks.is_empty() {
        return Ok(());
    }
    let (_, task) = &tasks[rng.below(tasks.len())];
    let action = match rng.below(3) {
        0 => TaskAction::Cycle,
        1 => TaskAction::SetPriority(None),
        _ => TaskAction::SetMarker(Marker::Doing),
    };
    let seen = match rng.below(2) {
        0 => cached_hash(index, &task.path),
        _ => None,
    };
    change_task(index, &task.id, action, now, seen).map(drop)
}

fn cached_hash(index: &Index, path: &str) -> Option<u128> {
    let blob: Vec<u8> = index
        .store()
        .connection()
        .query_row("SELECT hash FROM files WHERE path = ?1", [path], |row| {
            row.get(0)
        })
        .ok()?;
    cairn::store::hash_of_blob(&blob)
}

/// One event that covers `events`: a rescan if any is one, else every path of them.
fn coalesce(events: Vec<WatchEvent>) -> Option<WatchEvent> {
    let mut paths = BTreeSet::new();
    for event in events {
        match event {
            WatchEvent::Rescan => return Some(WatchEvent::Rescan),
            WatchEvent::Paths(some) => paths.extend(some),
        }
    }
    (!paths.is_empty()).then(|| WatchEvent::Paths(paths.into_iter().collect()))
}

fn apply(index: &mut Index, event: WatchEvent) {
    match event {
        WatchEvent::Paths(paths) => drop(index.sync_paths(&paths).unwrap()),
        WatchEvent::Rescan => drop(index.sync(&mut |_| {}).unwrap()),
    }
}

/// What a cache says about the vault: each file's hash, the agenda, and the blocks that
/// hold the other program's lines.
#[derive(Debug, PartialEq)]
struct CacheAnswers {
    files: Vec<(String, Vec<u8>)>,
    tasks: Vec<String>,
    found: Vec<String>,
}

fn cache_answers(index: &Index) -> CacheAnswers {
    let conn = index.store().connection();
    let mut statement = conn
        .prepare("SELECT path, hash FROM files ORDER BY path")
        .unwrap();
    let files = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let tasks = agenda(conn, &AgendaFilter::default(), today())
        .unwrap()
        .into_iter()
        .map(|(section, task)| format!("{section:?} {} {:?} {}", task.id, task.marker, task.text))
        .collect();
    let mut found: Vec<String> = index
        .search("elsewhere", 10_000)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| format!("{} {}", hit.path, hit.text))
        .collect();
    found.sort();
    CacheAnswers {
        files,
        tasks,
        found,
    }
}

/// The note files on disk, as the other program's bookkeeping should have them.
fn pages_on_disk(root: &Path) -> BTreeSet<String> {
    std::fs::read_dir(root.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && !name.starts_with('.'))
        .map(|name| format!("pages/{name}"))
        .collect()
}

#[test]
fn under_an_external_writer_the_cache_ends_equal_to_a_fresh_import_and_nothing_is_overwritten() {
    let seconds = std::env::var("CAIRN_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SECONDS);
    let seed: u64 = std::env::var("CAIRN_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x50a_c0de)
        | 1;
    let spec: String = (0..8)
        .map(|n| format!("//- pages/page {n}.md\n{}", page_text(n)))
        .collect();
    let vault = FixtureVault::new(&spec);
    let cache = tempfile::tempdir().unwrap();
    let mut index = Index::open(
        Vault::open(vault.path()).unwrap(),
        Some(cache.path().into()),
    )
    .unwrap();
    index.sync(&mut |_| {}).unwrap();
    let (watcher, events) = VaultWatcher::start(vault.path(), Duration::from_millis(25)).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let writer = Arc::new(Mutex::new(Writer {
        root: vault.path().to_path_buf(),
        rng: Rng(seed.rotate_left(17) | 1),
        tokens: (0..8)
            .map(|n| (format!("pages/page {n}.md"), Vec::new()))
            .collect(),
        next: 100,
        steps: BTreeMap::new(),
    }));
    let writing = {
        let (stop, writer) = (stop.clone(), writer.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let pause = {
                    let mut writer = writer.lock().unwrap();
                    writer.step();
                    5 + writer.rng.below(30)
                };
                std::thread::sleep(Duration::from_millis(pause as u64));
            }
        })
    };

    let mut rng = Rng(seed);
    let mut outcomes = Outcomes::default();
    let (mut batches, mut rescans) = (0, 0);
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds);
    while Instant::now() < end {
        // Everything heard since the last turn at once, as the app's watcher thread takes
        // it, so that Cairn keeps changing tasks even when the other program makes events
        // faster than a debug build applies them one by one.
        let pending: Vec<WatchEvent> = events.try_iter().collect();
        batches += pending.len();
        if let Some(event) = coalesce(pending) {
            rescans += usize::from(event == WatchEvent::Rescan);
            apply(&mut index, event);
        }
        let result = change_a_task(&mut index, &mut rng);
        record(&mut outcomes, result);
        std::thread::sleep(Duration::from_millis(rng.below(10) as u64));
    }
    stop.store(true, Ordering::Relaxed);
    writing.join().unwrap();
    // The last of the other program's changes arrive within a debounce window or two.
    while let Ok(event) = events.recv_timeout(Duration::from_millis(1500)) {
        let mut pending = vec![event];
        pending.extend(events.try_iter());
        batches += pending.len();
        if let Some(event) = coalesce(pending) {
            apply(&mut index, event);
        }
    }
    drop(watcher);

    let writer = writer.lock().unwrap();
    let mut overwritten = Vec::new();
    for (path, tokens) in &writer.tokens {
        let text = std::fs::read_to_string(vault.path().join(path)).unwrap();
        overwritten.extend(
            tokens
                .iter()
                .filter(|token| !text.contains(&format!(" {token}\n")))
                .map(|token| format!("{path}: {token}")),
        );
    }
    let fresh_cache = tempfile::tempdir().unwrap();
    let mut fresh = Index::open(
        Vault::open(vault.path()).unwrap(),
        Some(fresh_cache.path().into()),
    )
    .unwrap();
    fresh.sync(&mut |_| {}).unwrap();
    let lines: usize = writer.tokens.values().map(Vec::len).sum();
    eprintln!(
        "soak: {:.1?}; the other program's steps {:?} ({lines} lines still to keep); Cairn's \
         changes {outcomes:?}; {batches} watcher batches, applied with {rescans} rescans",
        started.elapsed(),
        writer.steps
    );

    assert!(outcomes.failed.is_empty(), "{:?}", outcomes.failed);
    assert!(outcomes.landed > 0, "some of Cairn's changes landed");
    assert!(overwritten.is_empty(), "lines overwritten: {overwritten:?}");
    assert_eq!(
        pages_on_disk(vault.path()),
        writer.tokens.keys().cloned().collect::<BTreeSet<_>>(),
        "Cairn created or removed no page"
    );
    assert_eq!(cache_answers(&index), cache_answers(&fresh));
}
