//! The vault layer on real folders: page names from file names and config, journals,
//! Org files, hidden files, atomic conflict-safe writes, and files that cannot be read.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use cairn::outline::{apply, Edit, EditError, Layout, Marker, SourceFormat};
use cairn::vault::{FileProblemKind, LoadedVault, PageKind, Vault, WriteError};

use crate::support::FixtureVault;

const TRIPLE_LOWBAR_CONFIG: &str = "//- logseq/config.edn\n{:meta/version 1\n ;; :file/name-format :legacy\n :file/name-format :triple-lowbar\n :journal/page-title-format \"yyyy-MM-dd EEEE\"}\n";

fn open(fixture: &FixtureVault) -> Vault {
    Vault::open(fixture.path()).expect("the fixture opens as a vault")
}

/// Page names by path, for every file that loaded.
fn names(loaded: &LoadedVault) -> BTreeMap<&str, &str> {
    loaded
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.name.as_str()))
        .collect()
}

/// Names of the entries of a folder, sorted, hidden ones included.
fn folder_entries(dir: &std::path::Path) -> Vec<String> {
    let mut entries: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    entries
}

#[test]
fn triple_lowbar_file_names_are_namespaces_and_percent_escapes_are_decoded() {
    let fixture = FixtureVault::new(&format!(
        "{TRIPLE_LOWBAR_CONFIG}//- pages/projects___Atlas.md\n- a\n//- pages/people___Priya Sharma.md\n- b\n//- pages/a%3Ab%3F.md\n- c\n//- pages/v1.2 notes.md\n- d\n//- pages/books___2024___Dune.md\n- e\n"
    ));
    let loaded = open(&fixture).load();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        names(&loaded),
        BTreeMap::from([
            ("pages/a%3Ab%3F.md", "a:b?"),
            ("pages/books___2024___Dune.md", "books/2024/Dune"),
            ("pages/people___Priya Sharma.md", "people/Priya Sharma"),
            ("pages/projects___Atlas.md", "projects/Atlas"),
            // With triple-lowbar names, a dot is just a dot.
            ("pages/v1.2 notes.md", "v1.2 notes"),
        ])
    );
}

#[test]
fn legacy_file_names_use_percent_2f_or_dots_for_namespaces() {
    let fixture = FixtureVault::new(
        "//- pages/projects%2FAtlas.md\n- a\n//- pages/projects.Hermes.md\n- b\n//- pages/what%3F.md\n- c\n//- pages/plain.md\n- d\n",
    );
    let vault = open(&fixture);
    let loaded = vault.load();
    assert_eq!(
        names(&loaded),
        BTreeMap::from([
            ("pages/plain.md", "plain"),
            ("pages/projects%2FAtlas.md", "projects/Atlas"),
            ("pages/projects.Hermes.md", "projects/Hermes"),
            ("pages/what%3F.md", "what?"),
        ])
    );
    // A triple lowbar means nothing special without `:file/name-format :triple-lowbar`.
    assert_eq!(
        vault.name_for_path("pages/a___b.md"),
        (PageKind::Page, "a___b".to_string())
    );
}

#[test]
fn a_title_property_overrides_the_file_name_and_aliases_are_listed() {
    let fixture = FixtureVault::new(
        "//- pages/atlas.md\ntitle:: Project Atlas: Phase 2\nalias:: Atlas, [[Atlas v2]],  the map \n\n- body\n//- pages/empty title.md\ntitle::\n- body\n",
    );
    let vault = open(&fixture);
    let atlas = vault.read_page("pages/atlas.md").unwrap();
    assert_eq!(atlas.name, "Project Atlas: Phase 2");
    assert_eq!(atlas.aliases(), ["Atlas", "Atlas v2", "the map"]);
    let untitled = vault.read_page("pages/empty title.md").unwrap();
    assert_eq!(untitled.name, "empty title", "an empty title:: is ignored");
    assert!(untitled.aliases().is_empty());
}

#[test]
fn journal_files_get_their_date_and_the_configured_title() {
    let fixture = FixtureVault::new(&format!(
        "{TRIPLE_LOWBAR_CONFIG}//- journals/2024_12_10.md\n- standup\n//- journals/notes.md\n- not a date\n"
    ));
    let vault = open(&fixture);
    let journal = vault.read_page("journals/2024_12_10.md").unwrap();
    assert_eq!(
        journal.kind,
        PageKind::Journal(NaiveDate::from_ymd_opt(2024, 12, 10).unwrap())
    );
    assert_eq!(journal.name, "2024-12-10 Tuesday");
    assert_eq!(
        vault.journal_path(NaiveDate::from_ymd_opt(2024, 12, 10).unwrap()),
        "journals/2024_12_10.md"
    );
    let other = vault.read_page("journals/notes.md").unwrap();
    assert_eq!(other.kind, PageKind::Page);
    assert_eq!(other.name, "notes");
}

#[test]
fn journal_titles_default_to_logseqs_format_without_config() {
    let fixture = FixtureVault::new("//- journals/2024_12_10.md\n- standup\n");
    let journal = open(&fixture).read_page("journals/2024_12_10.md").unwrap();
    assert_eq!(journal.name, "Dec 10th, 2024");
}

#[test]
fn date_refs_in_the_configured_title_format_carry_their_date() {
    let fixture = FixtureVault::new(&format!(
        "{TRIPLE_LOWBAR_CONFIG}//- pages/Priya.md\n- [[2024-12-10 Tuesday]]\n\t- notes\n"
    ));
    let file = open(&fixture).read_page("pages/Priya.md").unwrap();
    let date = file.page.blocks[0].refs[0].date;
    assert_eq!(date, NaiveDate::from_ymd_opt(2024, 12, 10));
}

#[test]
fn org_files_are_read_but_not_edited() {
    let fixture = FixtureVault::new(
        "//- pages/plans.org\n#+TITLE: Plans\n* TODO [#A] Ship Atlas\n  DEADLINE: <2024-12-20 Fri>\n** Details COS-12\n* Done things\n",
    );
    let vault = open(&fixture);
    let loaded = vault.load();
    assert_eq!(loaded.files.len(), 1);
    let file = &loaded.files[0];
    assert_eq!(file.format, SourceFormat::Org);
    assert_eq!(file.page.layout, Layout::Org);
    assert_eq!(file.name, "Plans", "`#+TITLE:` names an Org page");
    let page = &file.page;
    assert_eq!(page.roots.len(), 2);
    let ship = page.roots[0];
    assert_eq!(page.title(ship), "Ship Atlas");
    assert_eq!(page.block(ship).marker.map(|(m, _)| m), Some(Marker::Todo));
    assert_eq!(
        page.block(ship).deadline.map(|d| d.date),
        NaiveDate::from_ymd_opt(2024, 12, 20)
    );
    assert_eq!(page.block(ship).children.len(), 1);
    assert_eq!(page.serialize(), page.source);
    let edit = Edit::SetMarker {
        block: ship,
        marker: Some(Marker::Done),
    };
    assert_eq!(apply(page, &edit), Err(EditError::ReadOnly));
}

#[test]
fn hidden_files_and_folders_and_other_extensions_are_skipped() {
    let fixture = FixtureVault::new(
        "//- pages/seen.md\n- a\n//- pages/.hidden.md\n- b\n//- pages/.trash/old.md\n- c\n//- journals/.2024_12_10.md.swp.md\n- d\n//- pages/picture.png\nnot a note\n//- pages/sub/deeper.markdown\n- e\n//- logseq/bak/pages/seen.md\n- backup\n",
    );
    let (paths, problems) = open(&fixture).scan();
    assert!(problems.is_empty());
    assert_eq!(paths, ["pages/seen.md", "pages/sub/deeper.markdown"]);
}

#[test]
fn write_creates_a_new_file_atomically_and_leaves_no_temp_file() {
    let fixture = FixtureVault::new("");
    let vault = open(&fixture);
    let version = vault
        .write("pages/projects___Atlas.md", "- new\n", None)
        .expect("a new file is written");
    assert_eq!(fixture.read("pages/projects___Atlas.md"), "- new\n");
    assert_eq!(version.len, 6);
    // The folder is created when it is missing.
    vault
        .write("pages/deep/er/x.md", "- x\n", None)
        .expect("missing folders are created");
    assert_eq!(fixture.read("pages/deep/er/x.md"), "- x\n");
    assert_eq!(
        folder_entries(&fixture.path().join("pages")),
        ["deep", "projects___Atlas.md"]
    );
}

#[test]
fn write_replaces_the_version_that_was_read() {
    let fixture = FixtureVault::new("//- pages/a.md\n- old\n");
    let vault = open(&fixture);
    let read = vault.read_page("pages/a.md").unwrap();
    let written = vault
        .write("pages/a.md", "- new\n", Some(&read.version))
        .expect("the file is unchanged since it was read");
    assert_eq!(fixture.read("pages/a.md"), "- new\n");
    assert_eq!(folder_entries(&fixture.path().join("pages")), ["a.md"]);
    // The version returned is the one on disk now, good for the next write.
    assert_eq!(
        vault.read_page("pages/a.md").unwrap().version.hash,
        written.hash
    );
    vault
        .write("pages/a.md", "- newer\n", Some(&written))
        .expect("a second write with the new version");
    assert_eq!(fixture.read("pages/a.md"), "- newer\n");
}

#[test]
fn write_with_a_stale_version_is_a_conflict_and_changes_nothing() {
    let fixture = FixtureVault::new("//- pages/a.md\n- old\n");
    let vault = open(&fixture);
    let read = vault.read_page("pages/a.md").unwrap();
    fixture.write("pages/a.md", "- edited in Logseq meanwhile\n");
    let result = vault.write("pages/a.md", "- mine\n", Some(&read.version));
    assert!(
        matches!(&result, Err(WriteError::Conflict { path }) if path == "pages/a.md"),
        "{result:?}"
    );
    assert_eq!(fixture.read("pages/a.md"), "- edited in Logseq meanwhile\n");
    assert_eq!(folder_entries(&fixture.path().join("pages")), ["a.md"]);
}

#[test]
fn write_with_a_version_of_a_file_deleted_since_is_a_conflict() {
    let fixture = FixtureVault::new("//- pages/a.md\n- old\n");
    let vault = open(&fixture);
    let read = vault.read_page("pages/a.md").unwrap();
    std::fs::remove_file(fixture.path().join("pages/a.md")).unwrap();
    let result = vault.write("pages/a.md", "- mine\n", Some(&read.version));
    assert!(
        matches!(result, Err(WriteError::Conflict { .. })),
        "{result:?}"
    );
    assert!(!fixture.path().join("pages/a.md").exists());
}

#[test]
fn write_without_a_version_over_an_existing_file_is_a_conflict() {
    let fixture = FixtureVault::new("//- pages/a.md\n- theirs\n");
    let vault = open(&fixture);
    let result = vault.write("pages/a.md", "- mine\n", None);
    assert!(
        matches!(result, Err(WriteError::Conflict { .. })),
        "{result:?}"
    );
    assert_eq!(fixture.read("pages/a.md"), "- theirs\n");
}

#[test]
fn paths_that_leave_the_vault_are_refused() {
    let fixture = FixtureVault::new("//- pages/a.md\n- a\n");
    let vault = open(&fixture);
    for path in [
        "../escape.md",
        "pages/../../escape.md",
        "/tmp/escape.md",
        "",
    ] {
        let result = vault.write(path, "- x\n", None);
        assert!(
            matches!(&result, Err(WriteError::OutsideVault { .. })),
            "{path:?}: {result:?}"
        );
        let read = vault.read_page(path);
        assert!(
            matches!(&read, Err(p) if p.kind == FileProblemKind::OutsideVault),
            "{path:?}"
        );
    }
    let parent = fixture.path().parent().unwrap();
    assert!(!parent.join("escape.md").exists());
}

#[test]
fn an_unreadable_file_is_reported_with_its_path_and_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let fixture = FixtureVault::new("//- pages/open.md\n- TODO fine\n//- pages/secret.md\n- x\n");
    let secret = fixture.path().join("pages/secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let still_readable = std::fs::read(&secret).is_ok();
    let loaded = open(&fixture).load();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();

    assert!(names(&loaded).contains_key("pages/open.md"));
    if still_readable {
        eprintln!(
            "note: running with privileges that ignore file permissions (root?); \
             chmod 000 does not make a file unreadable here, so only the rest is checked"
        );
        assert!(loaded.problems.is_empty());
        return;
    }
    assert_eq!(loaded.files.len(), 1);
    assert_eq!(loaded.problems.len(), 1);
    let problem = &loaded.problems[0];
    assert_eq!(problem.path, "pages/secret.md");
    assert!(
        matches!(&problem.kind, FileProblemKind::Io { kind, .. } if *kind == std::io::ErrorKind::PermissionDenied),
        "{problem:?}"
    );
    assert!(problem.to_string().starts_with("pages/secret.md: "));
}

#[test]
fn invalid_utf8_and_binary_files_are_reported_with_their_paths() {
    let fixture = FixtureVault::new("//- pages/good.md\n- fine\n");
    std::fs::write(
        fixture.path().join("pages/latin1.md"),
        b"- ok\n- caf\xe9 au lait\n",
    )
    .unwrap();
    std::fs::write(
        fixture.path().join("journals/2024_12_10.md"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let loaded = open(&fixture).load();
    assert_eq!(
        names(&loaded).keys().copied().collect::<Vec<_>>(),
        ["pages/good.md"]
    );
    let mut problems: Vec<(String, FileProblemKind)> = loaded
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.kind.clone()))
        .collect();
    problems.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        problems,
        [
            (
                "journals/2024_12_10.md".to_string(),
                FileProblemKind::Binary
            ),
            (
                "pages/latin1.md".to_string(),
                FileProblemKind::InvalidUtf8 { line: 2 }
            ),
        ]
    );
    let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("pages/latin1.md:2: not valid UTF-8")),
        "{messages:?}"
    );
    // The files themselves are left as they were.
    assert_eq!(
        std::fs::read(fixture.path().join("pages/latin1.md")).unwrap(),
        b"- ok\n- caf\xe9 au lait\n"
    );
}
