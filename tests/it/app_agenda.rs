//! The agenda and projects in the app's session: what the rows carry, how filters and
//! grouping select them, and that a change from a row goes through the one task change —
//! written only if the file is still the version the row was read from, and undoable.

use cairn::app::{AgendaGrouping, AgendaQuery, ErrorCode, Session, TaskChange};
use cairn::index::{Index, WatchEvent};
use cairn::vault::Vault;
use chrono::NaiveDate;

use crate::support::{open_session, FixtureVault};

const VAULT: &str = "\
//- cairn.toml
ticket_url = \"https://tracker.example.com/browse/{id}\"
//- pages/Storage Migration.md
type:: project

- Goals
\t- TODO [#A] Cut over the EU cluster COS-113
\t  DEADLINE: <2026-11-20 Fri>
\t- TODO Write the runbook with [[Priya Raman]]
\t  SCHEDULED: <2026-11-22 Sun>
\t- DOING [#B] Rotate keys #security
\t  DEADLINE: <2026-11-27 Fri .+1w>
- Year end review
\t- 2026
\t\t- Planned the cutover (COS-113)
//- pages/Priya Raman.md
type:: person

- TODO Review Priya's design
//- journals/2026_11_23.md
- Talked about [[Storage Migration]] with [[Priya Raman]]
";

fn open(vault: &FixtureVault) -> (Session, tempfile::TempDir) {
    open_session(vault, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
}

/// Each group's title with the text of its rows.
fn groups(session: &Session, query: &AgendaQuery) -> Vec<(String, Vec<String>)> {
    let strip = |html: &str| {
        let mut text = String::new();
        let mut inside = false;
        for c in html.chars() {
            match c {
                '<' => inside = true,
                '>' => inside = false,
                c if !inside => text.push(c),
                _ => {}
            }
        }
        text.trim().to_string()
    };
    session
        .agenda(query)
        .unwrap()
        .groups
        .iter()
        .map(|g| {
            (
                g.title.clone(),
                g.rows.iter().map(|r| strip(&r.html)).collect(),
            )
        })
        .collect()
}

fn titled(expected: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    expected
        .iter()
        .map(|(t, rows)| (t.to_string(), rows.iter().map(|r| r.to_string()).collect()))
        .collect()
}

#[test]
fn the_agenda_groups_by_date_and_rows_say_when_and_link_their_refs() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    assert_eq!(
        groups(&session, &AgendaQuery::default()),
        titled(&[
            ("Overdue", &["Cut over the EU cluster COS-113"]),
            ("Today", &["Write the runbook with Priya Raman"]),
            ("Next 7 days", &["Rotate keys #security"]),
            ("No date", &["Review Priya's design"]),
        ])
    );
    let view = session.agenda(&AgendaQuery::default()).unwrap();
    assert!(view.groups[0].late);
    let late = &view.groups[0].rows[0];
    assert_eq!(
        (late.when.as_deref(), late.late, late.priority.as_deref()),
        (Some("4 days late"), true, Some("A"))
    );
    assert!(late
        .html
        .contains("href=\"https://tracker.example.com/browse/COS-113\""));
    assert_eq!(late.project.as_deref(), Some("Storage Migration"));
    let runbook = &view.groups[1].rows[0];
    assert_eq!(runbook.when.as_deref(), Some("scheduled 2 days ago"));
    assert!(runbook.html.contains("data-page=\"Priya Raman\""));
    let keys = &view.groups[2].rows[0];
    assert_eq!(
        keys.deadline.as_ref().unwrap().repeater.as_deref(),
        Some(".+1w")
    );
    // The row's version is the one the page view shows for the same file.
    let page = session.page("Storage Migration").unwrap();
    assert_eq!(Some(&late.version), page.version.as_ref());
    assert_eq!(
        page.blocks[late.block as usize].raw.lines().next(),
        Some("TODO [#A] Cut over the EU cluster COS-113")
    );
}

#[test]
fn filters_and_grouping_select_and_arrange_the_rows() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let by_person = AgendaQuery {
        person: Some("Priya Raman".into()),
        ..AgendaQuery::default()
    };
    assert_eq!(
        groups(&session, &by_person),
        titled(&[
            ("Today", &["Write the runbook with Priya Raman"]),
            ("No date", &["Review Priya's design"]),
        ])
    );
    let by_text = AgendaQuery {
        text: "ROTATE".into(),
        group: AgendaGrouping::Tag,
        ..AgendaQuery::default()
    };
    assert_eq!(
        groups(&session, &by_text),
        titled(&[("#security", &["Rotate keys #security"])])
    );
    let by_priority = AgendaQuery {
        project: Some("storage migration".into()),
        group: AgendaGrouping::Priority,
        ..AgendaQuery::default()
    };
    assert_eq!(
        groups(&session, &by_priority),
        titled(&[
            ("Priority A", &["Cut over the EU cluster COS-113"]),
            ("Priority B", &["Rotate keys #security"]),
            ("No priority", &["Write the runbook with Priya Raman"]),
        ])
    );
    let facets = session.agenda_facets().unwrap();
    assert_eq!(facets.projects[0].name, "Storage Migration");
    assert_eq!(facets.projects[0].count, 3);
    assert_eq!(facets.tags[0].name, "security");
    // Priya's: the task on her page, and the one that mentions her.
    assert_eq!(
        (facets.people[0].name.as_str(), facets.people[0].count),
        ("Priya Raman", 2)
    );
    let counts = session.agenda_counts().unwrap();
    assert_eq!((counts.overdue, counts.today), (1, 1));
}

#[test]
fn completing_from_a_row_writes_the_task_and_undo_takes_it_back() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let before = vault.read("pages/Storage Migration.md");
    let row = session.agenda(&AgendaQuery::default()).unwrap().groups[0].rows[0].clone();
    let changed = session
        .change_task(&row.id, &row.version, &TaskChange::Complete)
        .unwrap();
    let done = changed.row.unwrap();
    assert!(done.done);
    assert_eq!(done.id, row.id, "the handle survives");
    assert_eq!(
        vault.read("pages/Storage Migration.md"),
        before.replace(
            "\t- TODO [#A] Cut over the EU cluster COS-113\n\t  DEADLINE: <2026-11-20 Fri>\n",
            "\t- DONE [#A] Cut over the EU cluster COS-113\n\t  DEADLINE: <2026-11-20 Fri>\n\t  completed:: 2026-11-24\n"
        )
    );
    assert_eq!(session.agenda_counts().unwrap().overdue, 0);
    session.undo(&changed.page).unwrap().unwrap();
    assert_eq!(vault.read("pages/Storage Migration.md"), before);
    assert_eq!(session.agenda_counts().unwrap().overdue, 1, "undone");
}

/// Guards the agenda the session keeps between answers: it must follow every change to
/// the cache, whoever makes it.
#[test]
fn the_agenda_follows_a_change_from_the_watcher_and_from_another_process() {
    let titles = |session: &Session| -> Vec<String> {
        groups(session, &AgendaQuery::default())
            .into_iter()
            .flat_map(|(_, rows)| rows)
            .collect()
    };
    let vault = FixtureVault::new(VAULT);
    let (mut session, cache) = open(&vault);
    assert!(titles(&session).contains(&"Review Priya's design".to_string()));

    vault.write("pages/Priya Raman.md", "- TODO Send Priya the notes\n");
    session
        .apply_watch_event(&WatchEvent::Paths(vec!["pages/Priya Raman.md".into()]))
        .unwrap();
    let seen = titles(&session);
    assert!(
        seen.contains(&"Send Priya the notes".to_string()),
        "{seen:?}"
    );
    assert!(
        !seen.contains(&"Review Priya's design".to_string()),
        "{seen:?}"
    );

    // Another process (the command line) syncs the same cache.
    vault.write("journals/2026_11_23.md", "- TODO Book the offsite\n");
    let mut other = Index::open(
        Vault::open(vault.path()).unwrap(),
        Some(cache.path().to_path_buf()),
    )
    .unwrap();
    other.sync(&mut |_| {}).unwrap();
    assert!(titles(&session).contains(&"Book the offsite".to_string()));
}

#[test]
fn a_repeating_task_moves_and_a_deadline_can_be_set_from_a_row() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let keys = session.agenda(&AgendaQuery::default()).unwrap().groups[2].rows[0].clone();
    let moved = session
        .change_task(&keys.id, &keys.version, &TaskChange::Complete)
        .unwrap()
        .row
        .unwrap();
    assert!(!moved.done);
    assert_eq!(moved.deadline.as_ref().unwrap().date, "2026-12-01");
    let dated = session
        .change_task(
            &moved.id,
            &moved.version,
            &TaskChange::SetDeadline {
                date: Some("2026-12-24".into()),
                repeater: None,
            },
        )
        .unwrap()
        .row
        .unwrap();
    assert!(vault
        .read("pages/Storage Migration.md")
        .contains("\t- DOING [#B] Rotate keys #security\n\t  DEADLINE: <2026-12-24 Thu .+1w>\n"));
    session
        .change_task(
            &dated.id,
            &dated.version,
            &TaskChange::SetPriority { priority: None },
        )
        .unwrap();
    assert!(vault
        .read("pages/Storage Migration.md")
        .contains("\t- DOING Rotate keys #security\n"));
}

#[test]
fn a_change_to_a_file_edited_since_the_row_was_read_is_a_conflict_and_writes_nothing() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let row = session.agenda(&AgendaQuery::default()).unwrap().groups[0].rows[0].clone();
    let elsewhere = vault
        .read("pages/Storage Migration.md")
        .replace("- Goals\n", "- Goals, edited in Logseq\n");
    vault.write("pages/Storage Migration.md", &elsewhere);
    let error = session
        .change_task(&row.id, &row.version, &TaskChange::Complete)
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Conflict);
    assert_eq!(vault.read("pages/Storage Migration.md"), elsewhere);
}

#[test]
fn projects_list_and_view() {
    let vault = FixtureVault::new(VAULT);
    let (session, _cache) = open(&vault);
    let projects = session.projects().unwrap();
    let storage = projects
        .iter()
        .find(|p| p.name == "Storage Migration")
        .unwrap();
    // The project's own blocks are undated: its last activity is the journal's reference.
    assert_eq!(
        (
            storage.open_tasks,
            storage.review_years.clone(),
            storage.tickets,
            storage.last_activity.as_deref()
        ),
        (3, vec!["2026".to_string()], 1, Some("2026-11-23"))
    );
    assert!(projects.iter().all(|p| p.name != "Priya Raman"));
    let view = session.project("storage migration").unwrap();
    assert_eq!(view.page.as_deref(), Some("Storage Migration"));
    assert_eq!(view.tasks.len(), 3);
    assert_eq!(view.tasks[0].when.as_deref(), Some("4 days late"));
    assert_eq!(view.reviews[0].year, "2026");
    assert_eq!(view.tickets[0].id, "COS-113");
    assert_eq!(
        view.tickets[0].url.as_deref(),
        Some("https://tracker.example.com/browse/COS-113")
    );
    assert!(view.people.contains(&"Priya Raman".to_string()));
    assert_eq!(view.activity[0].day.as_deref(), Some("2026-11-23"));
    assert_eq!(
        session.project("nothing").unwrap_err().code,
        ErrorCode::NotFound
    );
}

/// Every write to a vault goes through `workspace` (`write_file` for pages,
/// `write_settings` for `cairn.toml`): no other module calls the vault's `write`.
#[test]
fn vault_writes_go_through_the_workspace_only() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut writers = Vec::new();
    let mut folders = vec![src.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if std::fs::read_to_string(&path)
                .unwrap()
                .split_whitespace()
                .collect::<String>()
                .contains("vault().write(")
            {
                writers.push(path.strip_prefix(&src).unwrap().display().to_string());
            }
        }
    }
    writers.sort();
    assert_eq!(writers, ["workspace.rs"]);
}

#[test]
fn the_last_change_anywhere_is_undone_and_redone_in_order_and_never_over_an_outside_edit() {
    let vault = FixtureVault::new(VAULT);
    let (mut session, _cache) = open(&vault);
    let migration = vault.read("pages/Storage Migration.md");
    let priya = vault.read("pages/Priya Raman.md");

    // A task completed from the agenda, then a block collapsed on another page.
    let row = session.agenda(&AgendaQuery::default()).unwrap().groups[0].rows[0].clone();
    assert_eq!(row.page, "Storage Migration");
    session
        .change_task(&row.id, &row.version, &TaskChange::Complete)
        .unwrap();
    let ticked = vault.read("pages/Storage Migration.md");
    assert_ne!(ticked, migration);
    let shown = session.page("Priya Raman").unwrap();
    session
        .apply_edits(
            "Priya Raman",
            shown.version.as_deref(),
            &[cairn::app::EditOp::SetContent {
                block: 0,
                content: "TODO Review Priya's design doc".into(),
            }],
        )
        .unwrap();
    assert_ne!(vault.read("pages/Priya Raman.md"), priya);

    // Undone from anywhere, the last first; then redone in order.
    let undone = session.undo_last().unwrap().unwrap();
    assert_eq!(undone.page.name, "Priya Raman");
    assert_eq!(vault.read("pages/Priya Raman.md"), priya);
    session.undo_last().unwrap().unwrap();
    assert_eq!(vault.read("pages/Storage Migration.md"), migration);
    assert!(
        session.undo_last().unwrap().is_none(),
        "nothing more to undo"
    );
    session.redo_last().unwrap().unwrap();
    assert_eq!(vault.read("pages/Storage Migration.md"), ticked);

    // A file changed outside since: its undo is refused and the file kept.
    vault.write(
        "pages/Storage Migration.md",
        &format!("{ticked}- Added elsewhere\n"),
    );
    session
        .apply_watch_event(&WatchEvent::Paths(
            vec!["pages/Storage Migration.md".into()],
        ))
        .unwrap();
    let refused = session.undo_last().unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(vault
        .read("pages/Storage Migration.md")
        .ends_with("- Added elsewhere\n"));
}
