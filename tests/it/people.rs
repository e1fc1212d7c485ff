//! People, 1-on-1s and projects on a vault shaped like the seeds: a goals page with
//! `Projects` and `People` sections, a person page, and a journal 1-on-1.

use crate::support::{DatedVault, FixtureVault};

const VAULT: &str = "\
//- logseq/config.edn
{:journal/page-title-format \"yyyy-MM-dd EEEE\" :file/name-format :triple-lowbar}
//- pages/Goals.md
tags:: goal,project

- Projects
\t- COS reliability
\t\t- Tasks
\t\t\t- TODO [#A] Ship bulkheads (COS-113)
\t\t- Year end review
\t\t\t- 2024
\t\t\t\t- **Bulkheading:** Introduced bulkheads. (COS-113)
- People
\t- Vinayak
\t  collapsed:: true
\t\t- [[2024-12-10 Tuesday]]
\t\t  collapsed:: true
\t\t\t- Sharding is enabled in LA
\t\t\t- TODO [#B] Send the capacity numbers (COS-65)
\t\t\t- DONE Book the review room
\t- Priya 1-on-1
\t  collapsed:: true
\t\t- [[2024-12-13 Friday]]
\t\t\t- Platform abstraction update
\t- Krishna
\t\t- [[2024-13-45 Friday]]
\t\t\t- Notes under a broken date
//- pages/priya.md
type:: person

- [[2024-12-02 Monday]]
\t- TODO Review the design doc for [[COS reliability]]
//- journals/2024_12_11.md
- 1-on-1 with [[Vinayak]] #1on1
\t- Quick sync on auth nodes
";

/// The fixture vault, run as of 2024-12-20.
struct People(DatedVault);

impl std::ops::Deref for People {
    type Target = DatedVault;

    fn deref(&self) -> &DatedVault {
        &self.0
    }
}

impl People {
    fn new() -> People {
        People(DatedVault::new(VAULT, "2024-12-20"))
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.cairn(args)
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }
}

#[test]
fn people_list_has_last_one_on_one_and_open_items() {
    let people = People::new();
    let list = people.json(&["people", "--json"]);
    let rows: Vec<(String, Option<String>, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["last_one_on_one"].as_str().map(str::to_string),
                p["open_items"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("Krishna".to_string(), None, 0),
            ("priya".to_string(), Some("2024-12-13".to_string()), 1),
            ("Vinayak".to_string(), Some("2024-12-11".to_string()), 1),
        ],
        "a person on a page and in the People section, named in two cases, is one person"
    );
}

#[test]
fn overdue_one_on_ones_are_flagged_by_cadence() {
    let people = People::new();
    people
        .vault
        .write("cairn.toml", "one_on_one_cadence_days = 5\n");
    let list = people.json(&["people", "--json"]);
    let overdue: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["overdue"] == true)
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["priya", "Vinayak"]);
}

#[test]
fn person_view_lists_entries_newest_first_with_notes_and_open_items() {
    let people = People::new();
    let view = people.json(&["person", "VINAYAK", "--json"]);
    assert_eq!(view["name"], "Vinayak");
    assert_eq!(view["last_met"], "2024-12-11");
    let entries: Vec<(String, String, Vec<String>)> = view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_string(),
                e["source"].as_str().unwrap().to_string(),
                e["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n["text"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "2024-12-11".into(),
                "journal".into(),
                vec!["Quick sync on auth nodes".to_string()]
            ),
            (
                "2024-12-10".into(),
                "person".into(),
                vec![
                    "Sharding is enabled in LA".to_string(),
                    "TODO [#B] Send the capacity numbers (COS-65)".to_string(),
                    "DONE Book the review room".to_string()
                ]
            ),
        ]
    );
    let open: Vec<&str> = view["open_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(open, ["Send the capacity numbers (COS-65)"]);
}

#[test]
fn a_date_ref_that_does_not_parse_is_reported_not_guessed() {
    let people = People::new();
    let view = people.json(&["person", "krishna", "--json"]);
    assert_eq!(view["entries"].as_array().unwrap().len(), 0);
    let problems = view["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(problems[0]
        .as_str()
        .unwrap()
        .contains("[[2024-13-45 Friday]]"));
}

#[test]
fn starting_a_one_on_one_writes_exactly_the_expected_lines() {
    let people = People::new();
    let before = people.vault.read("pages/Goals.md");
    let outcome = people.json(&["one-on-one", "vinayak", "--json"]);
    assert_eq!(outcome["created"], true);
    assert_eq!(outcome["path"], "pages/Goals.md");
    assert_eq!(outcome["line"], 19);
    assert_eq!(outcome["carried"][0], "Send the capacity numbers (COS-65)");
    let after = people.vault.read("pages/Goals.md");
    let uuid = after
        .lines()
        .find_map(|l| l.trim().strip_prefix("id:: "))
        .expect("the carried task got an id")
        .to_string();
    let expected = before.replace(
        "\t\t\t- TODO [#B] Send the capacity numbers (COS-65)\n\t\t\t- DONE Book the review room\n",
        &format!(
            "\t\t\t- TODO [#B] Send the capacity numbers (COS-65)\n\t\t\t  id:: {uuid}\n\t\t\t- DONE Book the review room\n\t\t- [[2024-12-20 Friday]]\n\t\t\t- (({uuid}))\n\t\t\t-\n"
        ),
    );
    assert_eq!(after, expected);
    // Starting it again the same day reuses the entry and writes nothing.
    let again = people.json(&["one-on-one", "Vinayak", "--json"]);
    assert_eq!(again["created"], false);
    assert_eq!(people.vault.read("pages/Goals.md"), after);
}

#[test]
fn a_one_on_one_goes_where_the_persons_entries_live() {
    let people = People::new();
    let outcome = people.json(&["one-on-one", "Priya", "--json"]);
    assert_eq!(
        outcome["path"], "pages/Goals.md",
        "the newest entry is in the People section"
    );
    assert!(people
        .vault
        .read("pages/Goals.md")
        .contains("\t\t- [[2024-12-13 Friday]]\n\t\t\t- Platform abstraction update\n\t\t- [[2024-12-20 Friday]]\n\t\t\t-\n\t- Krishna\n"));
    assert_eq!(people.vault.read("pages/priya.md"), "type:: person\n\n- [[2024-12-02 Monday]]\n\t- TODO Review the design doc for [[COS reliability]]\n");
}

#[test]
fn a_new_person_gets_a_page_inside_the_vault_whatever_their_name() {
    let people = People::new();
    for name in ["Ada Lovelace", "team/#ops", ".hidden"] {
        let outcome = people.json(&["one-on-one", name, "--json"]);
        assert_eq!(outcome["new_person"], true, "{name}");
        let path = outcome["path"].as_str().unwrap();
        assert!(
            path.starts_with("pages/") && !path[6..].contains('/'),
            "{path}"
        );
        assert!(people.vault.path().join(path).is_file());
    }
    assert_eq!(
        people.vault.read("pages/Ada Lovelace.md"),
        "type:: person\n\n- [[2024-12-20 Friday]]\n\t-\n"
    );
    // The new person is known afterwards.
    let view = people.json(&["person", "ada lovelace", "--json"]);
    assert_eq!(view["entries"][0]["date"], "2024-12-20");
}

#[test]
fn a_name_that_would_be_an_unsafe_file_name_is_refused_and_nothing_is_written() {
    let people = People::new();
    let files = || {
        std::fs::read_dir(people.vault.path().join("pages"))
            .unwrap()
            .count()
    };
    let before = files();
    let output = people.run(&["one-on-one", "../../etc/passwd"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains(
            "`../../etc/passwd` cannot be a person's page: each part between slashes needs a name"
        ),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(files(), before);
    let outside: Vec<_> = std::fs::read_dir(people.vault.path().parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("passwd"))
        .collect();
    assert!(outside.is_empty(), "nothing is written outside the vault");
}

#[test]
fn project_view_has_tasks_reviews_tickets_and_people() {
    let people = People::new();
    let view = people.json(&["project", "cos reliability", "--json"]);
    assert_eq!(view["name"], "COS reliability");
    let tasks: Vec<&str> = view["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        tasks,
        [
            "Ship bulkheads (COS-113)",
            "Review the design doc for [[COS reliability]]"
        ]
    );
    assert_eq!(
        view["reviews"]["2024"][0],
        "**Bulkheading:** Introduced bulkheads. (COS-113)"
    );
    assert_eq!(view["tickets"], serde_json::json!(["COS-113"]));
    assert_eq!(view["people"], serde_json::json!(["priya"]));
    let list = people.json(&["projects", "--json"]);
    assert_eq!(list[0]["name"], "COS reliability");
    assert_eq!(list[0]["review_years"], serde_json::json!(["2024"]));
}

// ---------------------------------------------------------------------------------------
// What the cache keeps for agendas and people, kept right by incremental syncs
// ---------------------------------------------------------------------------------------

/// An index of the fixture vault on a cache of its own.
fn synced_index(vault: &FixtureVault, cache: &std::path::Path) -> cairn::index::Index {
    let mut index = cairn::index::Index::open(
        cairn::vault::Vault::open(vault.path()).unwrap(),
        Some(cache.to_path_buf()),
    )
    .unwrap();
    index.sync(&mut |_| {}).unwrap();
    index
}

/// Everything the stored task rows, directory and per-person rows show: the agenda with
/// closed tasks, the people list, each person's view and the stored totals.
fn stored_views(index: &cairn::index::Index) -> serde_json::Value {
    use cairn::agenda::{agenda, AgendaFilter, TaskView};
    let conn = index.store().connection();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
    let all = AgendaFilter {
        include_closed: true,
        ..AgendaFilter::default()
    };
    let tasks: Vec<TaskView> = agenda(conn, &all, today)
        .unwrap()
        .iter()
        .map(|(section, task)| TaskView::new(task, section.key()))
        .collect();
    let people = cairn::people::people(conn, today, 14).unwrap();
    let views: Vec<_> = people
        .iter()
        .map(|p| cairn::people::person(conn, &p.name, today, 14).unwrap())
        .collect();
    let mut statement = conn
        .prepare("SELECT person, entries, last_day, open_items FROM person_stats ORDER BY person")
        .unwrap();
    let stats: Vec<(String, i64, Option<String>, i64)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    serde_json::json!({"tasks": tasks, "people": people, "views": views, "stats": stats})
}

/// Syncs `path` alone and checks that what the cache keeps is what a cache built from
/// scratch keeps.
fn sync_one_and_compare(index: &mut cairn::index::Index, vault: &FixtureVault, path: &str) {
    index.sync_paths(&[path.to_string()]).unwrap();
    let fresh_cache = tempfile::tempdir().unwrap();
    let fresh = synced_index(vault, fresh_cache.path());
    assert_eq!(
        stored_views(index),
        stored_views(&fresh),
        "after syncing {path} alone"
    );
}

fn person_row(index: &cairn::index::Index, name: &str) -> (usize, Option<String>, usize) {
    let today = chrono::NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
    let people = cairn::people::people(index.store().connection(), today, 14).unwrap();
    let row = people.into_iter().find(|p| p.name == name).unwrap();
    (row.entries, row.last_one_on_one, row.open_items)
}

#[test]
fn syncing_one_changed_file_keeps_task_rows_and_person_totals_right() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut index = synced_index(&vault, cache.path());
    assert_eq!(
        person_row(&index, "Vinayak"),
        (2, Some("2024-12-11".to_string()), 1)
    );

    // A new 1-on-1 in a journal, with an open item for Vinayak.
    vault.write(
        "journals/2024_12_18.md",
        "- Catch-up with [[Vinayak]] #1on1\n\t- TODO Share the runbook with [[Vinayak]]\n",
    );
    sync_one_and_compare(&mut index, &vault, "journals/2024_12_18.md");
    assert_eq!(
        person_row(&index, "Vinayak"),
        (3, Some("2024-12-18".to_string()), 2)
    );

    // An item done: it leaves the open items, its task row follows the marker.
    let goals = vault
        .read("pages/Goals.md")
        .replace("TODO [#B] Send the capacity", "DONE [#B] Send the capacity");
    vault.write("pages/Goals.md", &goals);
    sync_one_and_compare(&mut index, &vault, "pages/Goals.md");
    assert_eq!(person_row(&index, "Vinayak").2, 1);
    let done = tasks_starting(&index, "Send the capacity");
    assert_eq!(done.len(), 1);
    assert!(!done[0].is_open());

    // The journal deleted: its entry and its open item go with it.
    std::fs::remove_file(vault.path().join("journals/2024_12_18.md")).unwrap();
    sync_one_and_compare(&mut index, &vault, "journals/2024_12_18.md");
    assert_eq!(
        person_row(&index, "Vinayak"),
        (2, Some("2024-12-11".to_string()), 0)
    );
    let conn = index.store().connection();
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM tasks WHERE page_id NOT IN (SELECT id FROM pages))
                  + (SELECT count(*) FROM person_entries WHERE page_id NOT IN (SELECT id FROM pages))
                  + (SELECT count(*) FROM person_items WHERE page_id NOT IN (SELECT id FROM pages))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "no stored row outlives its page");
}

#[test]
fn a_new_alias_resolves_tasks_and_entries_on_other_pages() {
    let vault = FixtureVault::new(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let mut index = synced_index(&vault, cache.path());
    vault.write(
        "journals/2024_12_19.md",
        "- Sync with [[PR]] #1on1\n\t- TODO Ask [[PR]] about the rollout\n",
    );
    sync_one_and_compare(&mut index, &vault, "journals/2024_12_19.md");
    let before = person_row(&index, "priya");
    assert_eq!(
        before,
        (2, Some("2024-12-13".to_string()), 1),
        "PR is nobody yet"
    );

    // Only priya's page changes, yet the journal's task and entry are hers now.
    let page = vault.read("pages/priya.md");
    vault.write(
        "pages/priya.md",
        &page.replace("type:: person\n", "type:: person\nalias:: PR\n"),
    );
    sync_one_and_compare(&mut index, &vault, "pages/priya.md");
    assert_eq!(
        person_row(&index, "priya"),
        (3, Some("2024-12-19".to_string()), 2)
    );
    let task = tasks_starting(&index, "Ask ");
    assert_eq!(task[0].person.as_deref(), Some("priya"));
}

#[test]
fn a_typed_name_finds_the_one_person_or_project_it_is_words_of() {
    use cairn::store::directory::{resolve_typed, TypedName};
    let vault = FixtureVault::new(
        "\
//- logseq/config.edn
{:file/name-format :triple-lowbar}
//- pages/Sofia Marino.md
type:: person
//- pages/Sofia Chen.md
type:: person
//- pages/Liam Kumar.md
type:: person
alias:: LK
//- pages/projects___Storage Migration.md
type:: project
",
    );
    let cache = tempfile::tempdir().unwrap();
    let index = synced_index(&vault, cache.path());
    let conn = index.store().connection();
    let person = |typed: &str| resolve_typed(conn, "person", typed).unwrap();
    assert_eq!(person("liam kumar"), TypedName::Exact("Liam Kumar".into()));
    assert_eq!(person("lk"), TypedName::Exact("Liam Kumar".into()));
    assert_eq!(person("KUMAR"), TypedName::Partial("Liam Kumar".into()));
    assert_eq!(person("marino"), TypedName::Partial("Sofia Marino".into()));
    assert_eq!(
        person("sofia"),
        TypedName::Ambiguous(vec!["Sofia Chen".into(), "Sofia Marino".into()])
    );
    // Whole words only, and LIKE's wildcards are plain characters.
    assert_eq!(person("sof"), TypedName::Unknown);
    assert_eq!(person("%"), TypedName::Unknown);
    assert_eq!(person("  "), TypedName::Unknown);
    assert_eq!(
        resolve_typed(conn, "project", "storage").unwrap(),
        TypedName::Partial("Storage Migration".into())
    );
}

#[test]
fn the_command_line_takes_a_first_name_and_asks_when_it_is_ambiguous() {
    let people = People::new();
    // `vinayak` is a whole name already; `priya` an alias-free page name in lower case.
    assert_eq!(people.json(&["person", "PRIYA", "--json"])["name"], "priya");
    let twins = FixtureVault::new(
        "\
//- pages/Sofia Marino.md
type:: person
//- pages/Sofia Chen.md
type:: person
",
    );
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().to_str().unwrap();
    let output = twins.cairn(&["--cache-dir", cache, "person", "sofia"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("`sofia` could be Sofia Chen or Sofia Marino; say which"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = twins.cairn(&["--cache-dir", cache, "person", "chen", "--json"]);
    let view: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(view["name"], "Sofia Chen");
    // Nobody by that name: a 1-on-1 makes them a new person rather than guessing.
    let output = twins.cairn(&[
        "--cache-dir",
        cache,
        "--today",
        "2024-12-20",
        "one-on-one",
        "sofia",
    ]);
    assert!(
        !output.status.success(),
        "an ambiguous name starts no 1-on-1"
    );
}

/// The tasks in the cache whose text starts with `prefix`.
fn tasks_starting(index: &cairn::index::Index, prefix: &str) -> Vec<cairn::agenda::Task> {
    let mut tasks = cairn::agenda::load_tasks_where(index.store().connection(), "1", &[]).unwrap();
    tasks.retain(|t| t.text.starts_with(prefix));
    tasks
}

#[test]
fn a_person_is_a_name_not_a_sentence_or_a_link_under_people() {
    // Journals put notes under their `## People` headings: links, sentences, tags.
    let vault = FixtureVault::new(
        "//- journals/2025_03_13.md
## People
\t- [[Person/Aravind Srinivas]], #CEO of [[PerplexityAI]]
\t- Created a person page for [[Person/John Lam]] - software engineer
\t- Met John today at the offsite
\t- [lyz-code](https://github.com/lyz-code)
\t- #Filed
\t- [[Jonas Weber]]
\t- Priya 1-on-1
\t- [[Grace Okafor]] 1:1
\t- Vincent van Gogh
\t- B. J. Fogg
",
    );
    let cache = tempfile::tempdir().unwrap();
    let output = vault.cairn(&[
        "--cache-dir",
        cache.path().to_str().unwrap(),
        "people",
        "--json",
    ]);
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "B. J. Fogg",
            "Grace Okafor",
            "Jonas Weber",
            "Priya",
            "Vincent van Gogh"
        ]
    );
}
