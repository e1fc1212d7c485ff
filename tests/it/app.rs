//! The desktop app's session (`cairn::app::Session`) on fixture vaults: what each view
//! shows, and that every outliner edit writes exactly the expected lines, creates today's
//! journal only when something is typed, and never overwrites a change made elsewhere.

use cairn::app::{EditOp, ErrorCode, Session, TaskChange};
use cairn::index::WatchEvent;
use chrono::NaiveDate;

use crate::seeds::seeds_vault;
use crate::support::{demo_vault, FixtureVault};

const VAULT: &str = "\
//- cairn.toml
ticket_url = \"https://tracker.example.com/browse/{id}\"
//- pages/Storage Migration.md
type:: project

- Goals
\t- TODO [#A] Cut over the EU cluster COS-113
\t  DEADLINE: <2026-11-20 Fri>
\t- DONE Dry run with [[Priya Raman]]
- Risks
  collapsed:: true
\t- Rollback takes an hour
//- pages/Priya Raman.md
- Works on Storage Migration with me
//- journals/2026_11_23.md
- Talked to [[Priya Raman]] about #storage
\t- She wants the runbook first
//- journals/2026_11_20.md
- Quiet day
";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn open(vault: &FixtureVault) -> (Session, tempfile::TempDir) {
    let cache = tempfile::tempdir().unwrap();
    let session = Session::open(
        vault.path(),
        Some(cache.path().to_path_buf()),
        Some(today()),
        &mut |_| {},
    )
    .unwrap();
    (session, cache)
}

#[test]
fn journals_start_with_today_even_before_its_file_exists() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let journals = session.journals(None, 10).unwrap();
    let names: Vec<(&str, Option<&str>, usize)> = journals
        .iter()
        .map(|j| (j.name.as_str(), j.path.as_deref(), j.blocks.len()))
        .collect();
    assert_eq!(
        names,
        [
            ("Nov 24th, 2026", None, 0),
            ("Nov 23rd, 2026", Some("journals/2026_11_23.md"), 2),
            ("Nov 20th, 2026", Some("journals/2026_11_20.md"), 1),
        ]
    );
    assert_eq!(journals[0].journal_day.as_deref(), Some("2026-11-24"));
    let older = session
        .journals(Some(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()), 10)
        .unwrap();
    assert_eq!(older.len(), 1);
    assert_eq!(older[0].name, "Nov 20th, 2026");
}

#[test]
fn a_page_shows_tasks_chips_links_and_collapsed_blocks() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let page = session.page("storage migration").unwrap();
    assert_eq!(page.name, "Storage Migration");
    assert!(page.editable);
    let task = &page.blocks[1];
    assert_eq!(task.parent, Some(0));
    assert_eq!(task.depth, 1);
    assert_eq!(
        task.raw,
        "TODO [#A] Cut over the EU cluster COS-113\nDEADLINE: <2026-11-20 Fri>"
    );
    assert_eq!(task.marker.as_deref(), Some("TODO"));
    assert_eq!(task.priority.as_deref(), Some("A"));
    assert_eq!(task.deadline.as_deref(), Some("2026-11-20"));
    assert_eq!(
        task.html,
        "<p>Cut over the EU cluster <a class=\"ticket\" href=\"https://tracker.example.com/browse/COS-113\" rel=\"noopener noreferrer\">COS-113</a></p>\n"
    );
    assert!(page.blocks[2]
        .html
        .contains("<a class=\"page-ref\" data-page=\"Priya Raman\">Priya Raman</a>"));
    let risks = &page.blocks[3];
    assert!(risks.collapsed);
    assert_eq!(risks.child_count, 1);
    assert!(risks.properties.is_empty(), "collapsed:: is not shown");

    let missing = session.page("Not Yet Written").unwrap();
    assert_eq!((missing.path, missing.blocks.len()), (None, 0));
}

#[test]
fn typing_into_today_creates_its_journal_file() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let today = session.journals(None, 1).unwrap().remove(0);
    let result = session
        .apply_edits(
            &today.name,
            None,
            &[EditOp::Insert {
                parent: None,
                index: 0,
                content: "First thought".into(),
            }],
        )
        .unwrap();
    assert_eq!(vault.read("journals/2026_11_24.md"), "- First thought\n");
    assert_eq!(result.focus, Some(0));
    assert_eq!(result.page.path.as_deref(), Some("journals/2026_11_24.md"));
    assert_eq!(session.journals(None, 1).unwrap()[0].blocks.len(), 1);
}

#[test]
fn enter_splits_a_block_and_only_its_lines_change() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let page = session.page("Storage Migration").unwrap();
    let result = session
        .apply_edits(
            &page.name,
            page.version.as_deref(),
            &[
                EditOp::SetContent {
                    block: 2,
                    content: "DONE Dry run".into(),
                },
                EditOp::Insert {
                    parent: Some(0),
                    index: 2,
                    content: " with [[Priya Raman]]".into(),
                },
            ],
        )
        .unwrap();
    assert_eq!(
        vault.read("pages/Storage Migration.md"),
        "type:: project\n\n- Goals\n\t- TODO [#A] Cut over the EU cluster COS-113\n\t  DEADLINE: <2026-11-20 Fri>\n\t- DONE Dry run\n\t-  with [[Priya Raman]]\n- Risks\n  collapsed:: true\n\t- Rollback takes an hour\n"
    );
    assert_eq!(result.focus, Some(3));
    assert_eq!(result.page.blocks[3].raw, " with [[Priya Raman]]");
}

#[test]
fn an_edit_against_an_old_version_is_a_conflict_and_writes_nothing() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let page = session.page("Priya Raman").unwrap();
    vault.write("pages/Priya Raman.md", "- Changed in another editor\n");
    let error = session
        .apply_edits(
            "Priya Raman",
            page.version.as_deref(),
            &[EditOp::SetContent {
                block: 0,
                content: "mine".into(),
            }],
        )
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(
        vault.read("pages/Priya Raman.md"),
        "- Changed in another editor\n"
    );
}

#[test]
fn undo_and_redo_restore_exact_bytes_but_never_over_an_outside_edit() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let original = vault.read("pages/Storage Migration.md");
    let page = session.page("Storage Migration").unwrap();
    let edited = session
        .apply_edits(
            &page.name,
            page.version.as_deref(),
            &[EditOp::CycleMarker { block: 1 }],
        )
        .unwrap();
    assert_eq!(edited.page.blocks[1].marker.as_deref(), Some("DOING"));
    let after = vault.read("pages/Storage Migration.md");
    session.undo(&page.name).unwrap().unwrap();
    assert_eq!(vault.read("pages/Storage Migration.md"), original);
    session.redo(&page.name).unwrap().unwrap();
    assert_eq!(vault.read("pages/Storage Migration.md"), after);
    assert!(
        session.redo(&page.name).unwrap().is_none(),
        "nothing left to redo"
    );

    vault.write("pages/Storage Migration.md", "- someone else's text\n");
    let error = session.undo(&page.name).unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(
        vault.read("pages/Storage Migration.md"),
        "- someone else's text\n"
    );
}

#[test]
fn references_search_and_completion_find_what_the_outline_shows() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let references = session.references("Priya Raman").unwrap();
    let linked: Vec<(&str, Vec<String>)> = references
        .linked
        .iter()
        .map(|r| (r.page.as_str(), r.breadcrumbs.clone()))
        .collect();
    assert!(
        linked.contains(&("Storage Migration", vec!["Goals".to_string()])),
        "{linked:?}"
    );
    assert!(linked.contains(&("Nov 23rd, 2026", vec![])), "{linked:?}");

    let hits = session.search_handle().search("runbook", 10).unwrap();
    assert_eq!(hits[0].page, "Nov 23rd, 2026");
    assert_eq!(hits[0].snippet, "She wants the <mark>runbook</mark> first");

    assert_eq!(
        session.page_names("pri", 5, None).unwrap(),
        ["Priya Raman"],
        "prefix matches come first"
    );
    assert_eq!(
        session.page_names("migr", 5, None).unwrap(),
        ["Storage Migration"]
    );
}

#[test]
fn an_outside_edit_reaches_the_views_through_the_watcher_event() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    // Taken before the change: the app searches through it on another thread, apart
    // from the session.
    let search = session.search_handle();
    vault.write("pages/Priya Raman.md", "- Now leads the runbook review\n");
    let change = session
        .apply_watch_event(&WatchEvent::Paths(vec![
            "pages/Priya Raman.md".into(),
            "pages/Gone.md".into(),
        ]))
        .unwrap();
    assert_eq!(
        session.search_handle().search("leads", 5).unwrap()[0].page,
        "Priya Raman"
    );
    let apart = std::thread::spawn(move || search.search("leads", 5).unwrap())
        .join()
        .unwrap();
    assert_eq!(
        apart[0].page, "Priya Raman",
        "the handle sees what was indexed since"
    );
    let page = session.page("Priya Raman").unwrap();
    assert_eq!(page.blocks[0].raw, "Now leads the runbook review");
    // Each file comes with the version now on disk, the one a page view of it carries, so
    // a page already showing it (the app's own save) knows not to read itself again.
    let files: Vec<(&str, Option<&str>)> = change
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.version.as_deref()))
        .collect();
    assert_eq!(
        files,
        [
            ("pages/Priya Raman.md", page.version.as_deref()),
            ("pages/Gone.md", None)
        ]
    );
}

#[test]
fn a_page_name_with_dots_and_slashes_stays_inside_the_vault() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let result = session
        .apply_edits(
            "../../escape",
            None,
            &[EditOp::Insert {
                parent: None,
                index: 0,
                content: "hello".into(),
            }],
        )
        .unwrap();
    let path = result.page.path.unwrap();
    let file_name = path.strip_prefix("pages/").expect("a page file");
    assert!(!file_name.contains('/'), "{path}");
    assert_eq!(vault.read(&path), "- hello\n");
}

/// Opens every page of `root` in the app and checks each shows all its blocks, safely.
fn every_page_renders(root: &std::path::Path) {
    let cache = tempfile::tempdir().unwrap();
    let session = Session::open(
        root,
        Some(cache.path().to_path_buf()),
        Some(today()),
        &mut |_| {},
    )
    .unwrap();
    let pages = session.all_pages().unwrap();
    assert!(!pages.is_empty());
    for summary in pages {
        let page = session.page(&summary.name).unwrap();
        assert_eq!(
            page.path.as_deref(),
            Some(summary.path.as_str()),
            "{}",
            summary.name
        );
        assert_eq!(page.blocks.len() as u32, summary.blocks, "{}", summary.name);
        for block in &page.blocks {
            assert!(
                !block.html.contains("<script"),
                "{}: {}",
                summary.name,
                block.html
            );
            assert!(
                !block.html.contains("javascript:"),
                "{}: {}",
                summary.name,
                block.html
            );
        }
    }
}

#[test]
fn every_page_of_the_demo_vault_renders() {
    every_page_renders(&demo_vault());
}

#[test]
fn every_seed_page_renders_including_the_noisy_one() {
    let Some(vault) = seeds_vault() else { return };
    every_page_renders(vault.path());
}

#[test]
fn opening_a_vault_reports_indexing_progress_to_the_end() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    Session::open(
        vault.path(),
        Some(cache.path().to_path_buf()),
        Some(today()),
        &mut |p| seen.push((p.done, p.total)),
    )
    .unwrap();
    let (done, total) = *seen.last().expect("progress is reported");
    assert_eq!((done, total), (4, 4), "four note files: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
}

#[test]
fn a_days_linked_references_carry_each_block_with_its_notes_once() {
    let vault = FixtureVault::new(
        "\
//- pages/Priya Raman.md
- 1-on-1s
\t- [[2024-12-10 Tuesday]]
\t\t- Talked about the [[2024-12-10 Tuesday]] rollout
\t\t- TODO Send the runbook
\t- [[2024-12-03 Tuesday]]
\t\t- Older notes
//- pages/Unrelated.md
- nothing here
",
    );
    let (session, _cache) = open(&vault);
    let references = session.references("2024-12-10 Tuesday").unwrap();

    // The child that names the day again is shown under its parent, not twice.
    let linked: Vec<(&str, u32)> = references
        .linked
        .iter()
        .map(|r| (r.page.as_str(), r.block))
        .collect();
    assert_eq!(linked, [("Priya Raman", 1)]);
    assert_eq!(references.linked[0].breadcrumbs, ["1-on-1s"]);

    // Its page comes along, with HTML for the referring block and its notes only.
    let [page] = references.pages.as_slice() else {
        panic!("one page: {:?}", references.pages);
    };
    assert_eq!(page.name, "Priya Raman");
    let rendered: Vec<(u32, bool)> = page
        .blocks
        .iter()
        .map(|b| (b.id, !b.html.is_empty()))
        .collect();
    assert_eq!(
        rendered,
        [
            (0, false),
            (1, true),
            (2, true),
            (3, true),
            (4, false),
            (5, false)
        ]
    );
    assert_eq!(page.blocks[3].marker.as_deref(), Some("TODO"));
    assert!(page.version.is_some(), "the notes are edited in place");
}

#[test]
fn a_block_ref_to_a_task_completes_that_task_in_its_own_file() {
    let vault = FixtureVault::new(
        "\
//- pages/Priya Raman.md
- [[2026-11-17 Tuesday]]
\t- TODO [#B] Send the runbook
\t  id:: 6650a1b2-0000-4000-8000-00000000beef
- [[2026-11-24 Tuesday]]
\t- ((6650a1b2-0000-4000-8000-00000000beef))
",
    );
    let (mut session, _cache) = open(&vault);
    let page = session.page("Priya Raman").unwrap();
    let carried = &page.blocks[3].html;
    let version = page.version.clone().unwrap();
    for part in [
        "class=\"block-ref task-ref\"",
        "aria-checked=\"false\"",
        "data-handle=\"6650a1b2-0000-4000-8000-00000000beef\"",
        &format!("data-version=\"{version}\""),
        "<span class=\"ref-marker\">TODO</span><span class=\"ref-priority\">B</span>",
        "<span class=\"ref-title\">Send the runbook</span>",
    ] {
        assert!(carried.contains(part), "{part} in {carried}");
    }

    // What the checkbox asks: complete the task by the handle and version the ref carries.
    session
        .change_task(
            "6650a1b2-0000-4000-8000-00000000beef",
            &version,
            &TaskChange::Complete,
        )
        .unwrap();
    let text = vault.read("pages/Priya Raman.md");
    assert!(text.contains("\t- DONE [#B] Send the runbook\n"), "{text}");
    let page = session.page("Priya Raman").unwrap();
    assert!(
        page.blocks[3].html.contains("aria-checked=\"true\""),
        "{}",
        page.blocks[3].html
    );
}

#[test]
fn embeds_show_the_embedded_block_with_its_children_and_a_whole_page() {
    let vault = FixtureVault::new(
        "\
//- pages/Runbook.md
- Page the on-call
\t- Then the [[Storage]] lead
- Write it down
\t  id:: 6650a1b2-0000-4000-8000-00000000cafe
\t- in the incident doc
- Unrelated
//- pages/Home.md
- {{embed ((6650a1b2-0000-4000-8000-00000000cafe))}}
- {{embed [[Runbook]]}}
",
    );
    let (session, _cache) = open(&vault);
    let page = session.page("Home").unwrap();
    assert_eq!(
        page.blocks[0].html,
        "<p><div class=\"embed\" data-uuid=\"6650a1b2-0000-4000-8000-00000000cafe\">\
         <ul><li>Write it down<ul><li>in the incident doc</li></ul></li></ul></div></p>\n"
    );
    assert_eq!(
        page.blocks[1].html,
        "<p><div class=\"embed\" data-page=\"Runbook\"><ul><li>Page the on-call\
         <ul><li>Then the Storage lead</li></ul></li><li>Write it down\
         <ul><li>in the incident doc</li></ul></li><li>Unrelated</li></ul></div></p>\n"
    );
}

#[test]
fn the_demo_priorities_page_shows_its_queries_results_with_checkboxes_that_act() {
    let vault = FixtureVault::copy_of(&demo_vault());
    let (mut session, _cache) = open(&vault);
    let page = session.page("Priorities").unwrap();
    let query = page
        .blocks
        .iter()
        .find(|b| {
            b.raw
                .starts_with("{{query (and (task TODO DOING) (priority A))}}")
        })
        .expect("the query block");
    assert!(
        query.html.contains("<div class=\"query-results\">"),
        "{}",
        query.html
    );
    // The app and `cairn queries` run the same engine and agree.
    let listed: serde_json::Value =
        serde_json::from_slice(&vault.cairn(&["queries", "--json"]).stdout).unwrap();
    let results = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["page"] == "Priorities" && q["query"].as_str().unwrap().contains("priority A"))
        .expect("cairn queries lists it")["results"]
        .as_u64()
        .unwrap();
    assert!(
        query.html.contains(&format!(
            "<span class=\"query-count\">{results} results</span>"
        )),
        "{results} results in {}",
        query.html
    );
    let checkboxes: Vec<(&str, &str)> = query
        .html
        .split("data-handle=\"")
        .skip(1)
        .map(|rest| {
            let (handle, rest) = rest.split_once('"').unwrap();
            let version = rest
                .split("data-version=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            (handle, version)
        })
        .collect();
    assert!(!checkboxes.is_empty(), "{}", query.html);
    assert!(
        !query.html.contains("[#B]") && !query.html.contains("[#C]"),
        "A only"
    );

    // The first result's checkbox completes that task in its own file.
    let (handle, version) = checkboxes[0];
    let changed = session
        .change_task(handle, version, &cairn::app::TaskChange::Complete)
        .unwrap();
    assert!(changed.row.is_none_or(|row| row.marker == "DONE"));
    let page = session.page("Priorities").unwrap();
    let query = page
        .blocks
        .iter()
        .find(|b| b.raw.starts_with("{{query (and (task TODO DOING)"))
        .unwrap();
    assert!(
        !query.html.contains(&format!("data-handle=\"{handle}\"")),
        "a done task leaves a query for open tasks"
    );
}

#[test]
fn a_query_still_being_typed_is_invalid_input_not_an_index_failure() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let search = session.search_handle();
    for typed in ["is:ope runbook", "priority:Z", "before:2024-13"] {
        let error = search.search(typed, 10).unwrap_err();
        assert_eq!(
            error.code,
            ErrorCode::InvalidInput,
            "{typed}: {}",
            error.message
        );
    }
    assert!(search.search("is:open runbook", 10).is_ok());
}

#[test]
fn a_day_typed_in_a_link_offers_its_journal_titled_as_the_vault_titles_journals() {
    let vault = FixtureVault::new(
        "\
//- logseq/config.edn
{:journal/page-title-format \"MMM do, yyyy\"}
//- journals/2024_12_20.md
- Friday notes
//- pages/2024 planning.md
- plans
",
    );
    let (session, _cache) = open(&vault);
    let day = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
    assert_eq!(
        session.page_names("2024-12-20", 5, Some(day)).unwrap(),
        ["Dec 20th, 2024"],
        "the journal under the vault's title, not a new page named 2024-12-20"
    );
    let names = session.page_names("2024", 5, None).unwrap();
    assert_eq!(names[0], "2024 planning", "{names:?}");
    // A day with no journal yet is offered too, as Logseq creates it.
    let new_day = NaiveDate::from_ymd_opt(2024, 12, 21).unwrap();
    assert_eq!(
        session.page_names("sat", 5, Some(new_day)).unwrap()[0],
        "Dec 21st, 2024"
    );
}

#[test]
fn an_org_page_is_shown_read_only_and_says_why() {
    let vault = FixtureVault::new(
        "\
//- pages/Plans.org
* TODO Write the plan
** a detail
//- pages/Notes.md
- a note
",
    );
    let (session, _cache) = open(&vault);
    let org = session.page("Plans").unwrap();
    assert!(!org.editable);
    assert!(
        org.read_only_reason
            .as_deref()
            .is_some_and(|why| why.contains("Org mode")),
        "{:?}",
        org.read_only_reason
    );
    assert_eq!(org.blocks.len(), 2);
    let markdown = session.page("Notes").unwrap();
    assert!(markdown.editable && markdown.read_only_reason.is_none());
}

#[test]
fn a_person_page_shows_its_properties_linked_and_they_are_edited_as_lines() {
    let vault = FixtureVault::new(
        "\
//- pages/Sofia Marino.md
type:: person
role:: Senior engineer, [[Dispatch]]
tags:: people, onboarding
id:: 6650a1b2-0000-4000-8000-00000000f00d

- About
",
    );
    let (mut session, _cache) = open(&vault);
    let page = session.page("Sofia Marino").unwrap();
    let shown: Vec<(&str, &str)> = page
        .properties
        .iter()
        .map(|p| (p.key.as_str(), p.html.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("type", "person"),
            (
                "role",
                "Senior engineer, <a class=\"page-ref\" data-page=\"Dispatch\">Dispatch</a>"
            ),
            (
                "tags",
                "<a class=\"page-ref\" data-page=\"people\">people</a>, \
                 <a class=\"page-ref\" data-page=\"onboarding\">onboarding</a>"
            ),
        ],
        "id:: is Logseq's own and stays hidden"
    );
    let text = page.properties_text.clone();
    assert_eq!(
        text,
        "type:: person\nrole:: Senior engineer, [[Dispatch]]\ntags:: people, onboarding\nid:: 6650a1b2-0000-4000-8000-00000000f00d\n"
    );

    let edited = text.replace("Senior engineer", "Staff engineer");
    session
        .apply_edits(
            "Sofia Marino",
            page.version.as_deref(),
            &[EditOp::SetPageProperties { text: edited }],
        )
        .unwrap();
    assert_eq!(
        vault.read("pages/Sofia Marino.md"),
        "type:: person\nrole:: Staff engineer, [[Dispatch]]\ntags:: people, onboarding\nid:: 6650a1b2-0000-4000-8000-00000000f00d\n\n- About\n",
        "only the edited line changed"
    );
}

/// The desktop shell keeps the session behind a lock and calls it from its command threads:
/// a session must move between threads (no `Rc` inside it).
#[test]
fn a_session_can_move_to_another_thread() {
    fn movable<T: Send>() {}
    movable::<Session>();
}
