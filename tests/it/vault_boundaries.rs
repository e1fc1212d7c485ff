//! Where the vault ends: links that lead out of it or back into it, folders replaced
//! under a running watcher, edits a time stamp hides, leftovers of stopped writes, and
//! what the command line prints of names and errors.

use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use cairn::index::{Index, VaultWatcher, WatchEvent};
use cairn::vault::{FileProblemKind, LoadedVault, Vault, WriteError};

use crate::support::{stdout, FixtureVault};

const PAGES: &str = "\
//- pages/real.md
- TODO the real page's task
//- journals/2024_01_15.md
- a journal block
";

fn open(fixture: &FixtureVault) -> Vault {
    Vault::open(fixture.path()).expect("the fixture opens as a vault")
}

fn paths(loaded: &LoadedVault) -> Vec<&str> {
    let mut paths: Vec<&str> = loaded.files.iter().map(|f| f.path.as_str()).collect();
    paths.sort();
    paths
}

fn problems(loaded: &LoadedVault) -> Vec<(&str, &FileProblemKind)> {
    let mut problems: Vec<_> = loaded
        .problems
        .iter()
        .map(|p| (p.path.as_str(), &p.kind))
        .collect();
    problems.sort_by_key(|(path, _)| *path);
    problems
}

/// A folder outside the vault holding one note, whose text must never be read.
fn outside_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.md"), "- TODO outsider secret\n").unwrap();
    dir
}

/// Loads the vault on a thread, failing if that takes more than a few seconds: a cycle of
/// links once made every scan run forever.
fn load_in_time(fixture: &FixtureVault) -> LoadedVault {
    let vault = open(fixture);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(vault.load()).unwrap());
    receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("the scan ends")
}

#[test]
fn a_folder_link_out_of_the_vault_is_reported_and_never_read_or_written() {
    let fixture = FixtureVault::new(PAGES);
    let outside = outside_folder();
    symlink(outside.path(), fixture.path().join("pages/out")).unwrap();
    let vault = open(&fixture);
    let loaded = vault.load();
    assert_eq!(paths(&loaded), ["journals/2024_01_15.md", "pages/real.md"]);
    assert_eq!(
        problems(&loaded),
        [("pages/out", &FileProblemKind::OutsideVault)]
    );
    let read = vault.read_page("pages/out/secret.md");
    assert_eq!(read.unwrap_err().kind, FileProblemKind::OutsideVault);
    let written = vault.write("pages/out/secret.md", "- DONE overwritten\n", None);
    assert!(
        matches!(written, Err(WriteError::OutsideVault { .. })),
        "{written:?}"
    );
    let created = vault.write("pages/out/new.md", "- created\n", None);
    assert!(
        matches!(created, Err(WriteError::OutsideVault { .. })),
        "{created:?}"
    );
    assert_eq!(
        std::fs::read_to_string(outside.path().join("secret.md")).unwrap(),
        "- TODO outsider secret\n"
    );
    assert!(!outside.path().join("new.md").exists());
}

#[test]
fn a_file_link_out_of_the_vault_is_reported_and_never_searchable() {
    let fixture = FixtureVault::new(PAGES);
    let outside = outside_folder();
    symlink(
        outside.path().join("secret.md"),
        fixture.path().join("pages/passwd.md"),
    )
    .unwrap();
    let loaded = open(&fixture).load();
    assert_eq!(paths(&loaded), ["journals/2024_01_15.md", "pages/real.md"]);
    assert_eq!(
        problems(&loaded),
        [("pages/passwd.md", &FileProblemKind::OutsideVault)]
    );
    let cache = tempfile::tempdir().unwrap();
    let search = fixture.cairn(&[
        "--cache-dir",
        cache.path().to_str().unwrap(),
        "search",
        "outsider",
    ]);
    assert!(
        !stdout(&search).contains("outsider secret"),
        "{}",
        stdout(&search)
    );
    let check = fixture.cairn(&["check"]);
    assert!(
        stdout(&check).contains("pages/passwd.md: leads outside the vault"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn a_file_link_inside_the_vault_is_read_once_under_the_files_own_path() {
    let fixture = FixtureVault::new(PAGES);
    std::fs::create_dir_all(fixture.path().join("notes")).unwrap();
    std::fs::write(fixture.path().join("notes/kept.md"), "- kept elsewhere\n").unwrap();
    symlink("real.md", fixture.path().join("pages/alias.md")).unwrap();
    symlink("../notes/kept.md", fixture.path().join("pages/kept.md")).unwrap();
    let loaded = open(&fixture).load();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        paths(&loaded),
        ["journals/2024_01_15.md", "pages/kept.md", "pages/real.md"]
    );
}

#[test]
fn a_folder_link_inside_the_vault_lists_each_file_once_under_its_own_path() {
    let fixture = FixtureVault::new(PAGES);
    symlink("../journals", fixture.path().join("pages/days")).unwrap();
    std::fs::create_dir_all(fixture.path().join("archive")).unwrap();
    std::fs::write(fixture.path().join("archive/old.md"), "- archived\n").unwrap();
    symlink("../archive", fixture.path().join("pages/archive")).unwrap();
    let loaded = open(&fixture).load();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        paths(&loaded),
        [
            "journals/2024_01_15.md",
            "pages/archive/old.md",
            "pages/real.md"
        ]
    );
}

#[test]
fn links_to_their_own_folder_end_the_scan_and_add_no_page() {
    let fixture = FixtureVault::new(PAGES);
    symlink(".", fixture.path().join("pages/x")).unwrap();
    symlink(".", fixture.path().join("pages/y")).unwrap();
    let loaded = load_in_time(&fixture);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(paths(&loaded), ["journals/2024_01_15.md", "pages/real.md"]);
}

#[test]
fn two_links_that_lead_to_each_others_folders_end_the_scan() {
    let fixture = FixtureVault::new(PAGES);
    fixture.write("pages/a/in a.md", "- in a\n");
    fixture.write("pages/b/in b.md", "- in b\n");
    symlink("../b", fixture.path().join("pages/a/to b")).unwrap();
    symlink("../a", fixture.path().join("pages/b/to a")).unwrap();
    // Two links that lead to each other lead to nothing.
    symlink("loop two.md", fixture.path().join("pages/loop one.md")).unwrap();
    symlink("loop one.md", fixture.path().join("pages/loop two.md")).unwrap();
    let loaded = load_in_time(&fixture);
    assert_eq!(
        paths(&loaded),
        [
            "journals/2024_01_15.md",
            "pages/a/in a.md",
            "pages/b/in b.md",
            "pages/real.md"
        ]
    );
    assert_eq!(
        problems(&loaded),
        [
            ("pages/loop one.md", &FileProblemKind::BrokenLink),
            ("pages/loop two.md", &FileProblemKind::BrokenLink)
        ]
    );
}

#[test]
fn a_dangling_link_is_reported_and_a_write_to_it_keeps_the_link() {
    let fixture = FixtureVault::new(PAGES);
    let link = fixture.path().join("pages/gone.md");
    symlink("deleted.md", &link).unwrap();
    let vault = open(&fixture);
    let loaded = vault.load();
    assert_eq!(
        problems(&loaded),
        [("pages/gone.md", &FileProblemKind::BrokenLink)]
    );
    let written = vault.write("pages/gone.md", "- new\n", None);
    assert!(
        matches!(written, Err(WriteError::BrokenLink { .. })),
        "{written:?}"
    );
    assert!(link.symlink_metadata().unwrap().is_symlink());
    assert!(!fixture.path().join("pages/deleted.md").exists());
}

#[test]
fn editing_a_page_that_is_a_link_writes_its_target_and_keeps_the_link() {
    let fixture = FixtureVault::new(PAGES);
    fixture.write("notes/kept.md", "- TODO kept elsewhere\n");
    let link = fixture.path().join("pages/kept.md");
    symlink("../notes/kept.md", &link).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut index = Index::open(open(&fixture), Some(cache.path().to_path_buf())).unwrap();
    index.sync(&mut |_| {}).unwrap();
    cairn::workspace::edit_file(&mut index, "pages/kept.md", |session| {
        let block = session.page().roots[0];
        session.apply(&cairn::outline::Edit::SetMarker {
            block,
            marker: Some(cairn::outline::Marker::Done),
        })?;
        Ok(())
    })
    .unwrap();
    assert!(link.symlink_metadata().unwrap().is_symlink());
    assert_eq!(fixture.read("notes/kept.md"), "- DONE kept elsewhere\n");
    let hits = index.search("kept", 10).unwrap().hits;
    assert!(
        hits.iter().all(|hit| hit.path == "pages/kept.md"),
        "{hits:?}"
    );
}

/// The pages the cache holds, with the hash of the file each was read from, and what a
/// search for every page's words finds: enough to tell two caches apart.
fn cache_contents(index: &Index) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let conn = index.store().connection();
    let mut statement = conn
        .prepare("SELECT path, hash FROM files ORDER BY path")
        .unwrap();
    let files = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut found: Vec<String> = index
        .search("version", 100)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| format!("{} {}", hit.path, hit.text))
        .collect();
    found.sort();
    (files, found)
}

/// Applies watch events until `done` holds, failing after ten seconds.
fn apply_events_until(
    index: &mut Index,
    events: &std::sync::mpsc::Receiver<WatchEvent>,
    done: impl Fn(&Index) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(index) {
        let left = deadline.saturating_duration_since(Instant::now());
        match events.recv_timeout(left) {
            Ok(WatchEvent::Paths(paths)) => drop(index.sync_paths(&paths).unwrap()),
            Ok(WatchEvent::Rescan) => drop(index.sync(&mut |_| {}).unwrap()),
            Err(_) => panic!("the watcher heard nothing that brought the cache up to date"),
        }
    }
}

fn holds(index: &Index, path: &str) -> bool {
    cache_contents(index).0.iter().any(|(p, _)| p == path)
}

#[test]
fn a_watcher_keeps_up_when_the_pages_folder_is_replaced() {
    let fixture = FixtureVault::new(
        "//- pages/a.md\n- a, first version\n//- pages/b.md\n- b, first version\n",
    );
    let cache = tempfile::tempdir().unwrap();
    let mut index = Index::open(open(&fixture), Some(cache.path().to_path_buf())).unwrap();
    index.sync(&mut |_| {}).unwrap();
    let (_watcher, events) =
        VaultWatcher::start(index.vault().root(), Duration::from_millis(50)).unwrap();

    // What a sync tool or `git checkout` does: the folder goes, a new one takes its place.
    let root = fixture.path();
    std::fs::rename(root.join("pages"), root.join("pages.old")).unwrap();
    std::fs::create_dir(root.join("pages")).unwrap();
    fixture.write("pages/a.md", "- a, second version\n");
    fixture.write("pages/c.md", "- c, first version\n");
    apply_events_until(&mut index, &events, |index| {
        holds(index, "pages/c.md") && !holds(index, "pages/b.md")
    });
    // The new folder is watched: a file written into it later is heard too.
    fixture.write("pages/d.md", "- d, first version\n");
    apply_events_until(&mut index, &events, |index| holds(index, "pages/d.md"));

    let fresh_cache = tempfile::tempdir().unwrap();
    let mut fresh = Index::open(open(&fixture), Some(fresh_cache.path().to_path_buf())).unwrap();
    fresh.sync(&mut |_| {}).unwrap();
    assert_eq!(cache_contents(&index), cache_contents(&fresh));
}

#[test]
fn a_same_size_edit_with_its_modification_time_put_back_is_indexed() {
    let fixture = FixtureVault::new("//- pages/a.md\n- version one\n");
    let file = fixture.path().join("pages/a.md");
    // Long before the sync, so that the time stamp is trusted.
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let set_time = || {
        let opened = std::fs::File::options().write(true).open(&file).unwrap();
        opened.set_modified(old).unwrap();
    };
    set_time();
    let cache = tempfile::tempdir().unwrap();
    let mut index = Index::open(open(&fixture), Some(cache.path().to_path_buf())).unwrap();
    index.sync(&mut |_| {}).unwrap();
    fixture.write("pages/a.md", "- version two\n");
    set_time();
    let report = index.sync(&mut |_| {}).unwrap();
    assert_eq!(report.changed, 1, "{report:?}");
    let texts: Vec<String> = cache_contents(&index).1;
    assert_eq!(texts, ["pages/a.md version two"]);
}

#[test]
fn stale_temporary_files_of_stopped_writes_are_removed_and_reported() {
    let fixture = FixtureVault::new("//- pages/a.md\n- the page\n");
    let stale = ".a.md.cairn-4242-0.tmp";
    let young = ".a.md.cairn-4242-1.tmp";
    let foreign = ".a.md.sync-4242.tmp";
    for name in [stale, young, foreign] {
        fixture.write(&format!("pages/{name}"), "- half a write\n");
    }
    let two_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    for name in [stale, foreign] {
        let file = std::fs::File::options()
            .write(true)
            .open(fixture.path().join("pages").join(name))
            .unwrap();
        file.set_modified(two_minutes_ago).unwrap();
    }
    let check = fixture.cairn(&["check"]);
    assert!(
        stdout(&check).contains(&format!("pages/{stale}: removed: a temporary file")),
        "{}",
        stdout(&check)
    );
    assert!(check.status.success());
    let left = |name: &str| fixture.path().join("pages").join(name).exists();
    assert!(!left(stale), "the stale temporary file is removed");
    assert!(left(young), "a write may still be under way");
    assert!(left(foreign), "not a name Cairn gives its temporary files");
    assert_eq!(fixture.read("pages/a.md"), "- the page\n");
}

#[test]
fn an_error_names_its_operating_system_cause_once() {
    let fixture = FixtureVault::new(PAGES);
    // A cache folder inside a file cannot be made.
    let cache = fixture.path().join("pages/real.md/cache");
    let output = fixture.cairn(&["--cache-dir", cache.to_str().unwrap(), "todo"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("Not a directory").count(), 1, "{stderr}");
}

/// True when `text` holds a control character other than newline and tab.
fn has_raw_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn control_characters_in_notes_and_file_names_are_escaped_in_human_output() {
    let fixture = FixtureVault::new(
        "//- pages/evil\u{1b}[2J.md\n- TODO pay the \u{1b}]0;owned\u{7} bill\r\n",
    );
    std::fs::write(fixture.path().join("pages/bin\rary.md"), b"\0\0binary").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().to_str().unwrap();
    for args in [
        vec!["check"],
        vec!["--cache-dir", cache, "todo"],
        vec!["--cache-dir", cache, "search", "bill"],
        vec!["--cache-dir", cache, "outline"],
    ] {
        let output = fixture.cairn(&args);
        let (out, err) = (stdout(&output), String::from_utf8_lossy(&output.stderr));
        assert!(!has_raw_control(&out), "{args:?} printed {out:?}");
        assert!(!has_raw_control(&err), "{args:?} printed {err:?}");
        let both = format!("{out}{err}");
        assert!(
            both.contains("\\u{1b}") || both.contains("\\r"),
            "{args:?} shows no escape: {both:?}"
        );
    }
    let json = fixture.cairn(&["--cache-dir", cache, "todo", "--json"]);
    let tasks: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(tasks[0]["text"], "pay the \u{1b}]0;owned\u{7} bill");
}

#[test]
fn a_file_with_lone_carriage_returns_is_read_as_lines_and_edited_in_its_own_endings() {
    use cairn::outline::{apply, parse, Edit, Location, Marker, ParseOptions};
    let text = "- TODO first\r  - child\r- second\r";
    let page = parse(text, &ParseOptions::default());
    assert_eq!(page.serialize(), text, "read losslessly");
    assert_eq!(page.roots.len(), 2);
    assert_eq!(page.block(page.roots[0]).children.len(), 1);
    assert_eq!(page.line_ending, "\r");
    let done = Edit::SetMarker {
        block: page.roots[0],
        marker: Some(Marker::Done),
    };
    let text = apply(&page, &done).unwrap().apply(&page.source);
    let page = parse(&text, &ParseOptions::default());
    let insert = Edit::Insert {
        at: Location {
            parent: None,
            index: 2,
        },
        content: "third".to_string(),
    };
    let text = apply(&page, &insert).unwrap().apply(&page.source);
    assert_eq!(text, "- DONE first\r  - child\r- second\r- third\r");
}
